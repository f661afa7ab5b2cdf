/**
 * The connection's advice in each host's words (core/api/connection-words.ts): the same answer over
 * real HTTP on 127.0.0.1, asked through a connection made with the CLI's words and with the app's. The
 * CLI's sentence is unchanged (its flags, TRACKOPS_URL when the address came from the environment);
 * the app's names its Connection screen and no command-line flag.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliConnectionWords, CLI_CONNECTION_WORDS } from '../../cli/connection-words.ts';
import { createTrackopsApi } from '../../core/api/client.ts';
import { createHttp } from '../../core/api/http.ts';
import { createPacer } from '../../core/pace/pacer.ts';
import { pageSizeChangedWords } from '../../core/api/reference-pages.ts';
import type { ConnectionWords } from '../../core/index.ts';
import { APP_CONNECTION_WORDS } from '../../main/bridge/connection-words.ts';
import { startSandbox } from '../../sandbox/index.ts';

type Answer = 'login-page' | 'text' | 'redirect' | 'unauthorized' | 'silence';
let answer: Answer = 'login-page';
let server: Server;
let baseUrl: string;

beforeAll(async () => {
  server = createServer((request, response) => {
    request.resume();
    if (answer === 'login-page')
      response
        .writeHead(200, { 'Content-Type': 'text/html' })
        .end('<html><head><title>Sign in</title></head><body><form>Password</form></body></html>');
    else if (answer === 'text') response.writeHead(200, { 'Content-Type': 'text/plain' }).end('Paused');
    else if (answer === 'redirect')
      response.writeHead(302, { Location: 'https://new.example.com/api/v1/case/types' }).end();
    else if (answer === 'unauthorized')
      response.writeHead(401, { 'Content-Type': 'application/json' }).end('{"message":"Bad token"}');
    // 'silence': no answer at all; the connection's timeout ends the wait.
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v1`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

async function said(next: Answer, words: ConnectionWords): Promise<string> {
  answer = next;
  const http = createHttp({
    baseUrl,
    user: 'jo',
    token: 'tok-9d2e41',
    words,
    timeoutMs: 300,
    maxAttempts: 1,
  });
  return http.call('GET', 'case/types').then(
    () => 'answered',
    (error: Error) => error.message,
  );
}

describe("the account's address, in each host's words", () => {
  it('a login page: the CLI says check --url (or TRACKOPS_URL), the app its Connection screen', async () => {
    expect(await said('login-page', CLI_CONNECTION_WORDS)).toContain('sign in to it again (or check --url)');
    expect(await said('login-page', cliConnectionWords('TRACKOPS_URL'))).toContain(
      'sign in to it again (or check TRACKOPS_URL (set in the environment; a --url given takes its place))',
    );
    const app = await said('login-page', APP_CONNECTION_WORDS);
    expect(app).toContain('sign in to it again (or check the Account API address on the Connection screen)');
    expect(app).not.toContain('--');
  });

  it('a text answer: check the address and that the API is reachable', async () => {
    expect(await said('text', CLI_CONNECTION_WORDS)).toContain(
      'may have answered instead: check --url and that the API is reachable',
    );
    const app = await said('text', APP_CONNECTION_WORDS);
    expect(app).toContain(
      'may have answered instead: check the Account API address on the Connection screen and that the API is reachable',
    );
    expect(app).not.toContain('--');
  });

  it('a redirect: give where it points as the address', async () => {
    expect(await said('redirect', CLI_CONNECTION_WORDS)).toContain(
      'If that is where the API now is, give it as --url (its address up to /api/v1)',
    );
    const app = await said('redirect', APP_CONNECTION_WORDS);
    expect(app).toContain(
      'If that is where the API now is, enter it as the Account API address on the Connection screen (its address up to /api/v1)',
    );
    expect(app).not.toContain('--');
  });
});

describe("the user name and token, in each host's words", () => {
  it('a 401: the CLI says check --user and --token, the app its Connection screen', async () => {
    expect(await said('unauthorized', CLI_CONNECTION_WORDS)).toContain(
      'Most likely the user name or token is wrong or no longer valid: check --user and --token',
    );
    const app = await said('unauthorized', APP_CONNECTION_WORDS);
    expect(app).toContain(
      'Most likely the user name or token is wrong or no longer valid: check the user name and API token on the Connection screen',
    );
    expect(app).toContain('"Bad token"');
    expect(app).not.toContain('--');
  });
});

describe("the connection's timeout, in each host's words", () => {
  it('no answer in time: the CLI names --timeout, the app (which has no such setting) only the wait', async () => {
    expect(await said('silence', CLI_CONNECTION_WORDS)).toContain(
      "timed out: no answer within 0.3 s (the connection's timeout; --timeout SECONDS sets it)",
    );
    const app = await said('silence', APP_CONNECTION_WORDS);
    expect(app).toContain("timed out: no answer within 0.3 s (the connection's timeout)");
    expect(app).not.toContain('--');
  });
});

describe("the connection's check, in each host's words", () => {
  it('a list the profile says the account does not serve: recorded by trackops-bulk check, or by Test connection', async () => {
    const sandbox = await startSandbox({ port: 0, rate: 1000 });
    try {
      const unserved = async (words: ConnectionWords) => {
        // At a pace the sandbox allows: core's default (1 request/s, an account's safe pace) only made
        // the reads of the lists wait, twice.
        const api = createTrackopsApi(
          {
            baseUrl: sandbox.baseUrl,
            user: sandbox.username,
            token: sandbox.token,
            referencePaths: { case_flags: null },
            words,
          },
          { pacer: createPacer({ ratePerSecond: 1000, concurrency: 1 }) },
        );
        return (await api.getReference()).unavailable?.case_flags;
      };
      expect(await unserved(CLI_CONNECTION_WORDS)).toBe(
        'this account does not serve it (recorded by trackops-bulk check)',
      );
      expect(await unserved(APP_CONNECTION_WORDS)).toBe(
        'this account does not serve it (recorded by Test connection)',
      );
    } finally {
      await sandbox.close();
    }
  });

  it('a page size the profile records that the server no longer gives: run the check again', () => {
    const changed = { recorded: 100, now: 50 };
    expect(pageSizeChangedWords(changed, CLI_CONNECTION_WORDS)).toBe(
      'the account profile (written by trackops-bulk check) says Trackops gives pages of 100, but it now gives ' +
        'pages of 50: the lists were read whole with pages of 50. Run trackops-bulk check again to update the profile',
    );
    const app = pageSizeChangedWords(changed, APP_CONNECTION_WORDS);
    expect(app).toContain('(written by Test connection)');
    expect(app).toContain('Use Test connection on the Connection screen again to update the profile');
    expect(app).not.toMatch(/--|trackops-bulk/);
  });
});
