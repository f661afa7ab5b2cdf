/**
 * What the app says when Trackops refuses with 401 or 403 (explore 51 item 5): what Trackops said, then
 * the likely cause said as likely, never our guess alone as fact ("API access is not enabled") with its
 * words dropped. And a certificate this computer does not trust (item 7) is said as that, with what to
 * do, not as "could not be reached, check your internet". Browser mode's HTTP bridge against real
 * answers on 127.0.0.1: a 401/403 with a body, a 403 without one, a self-signed HTTPS server.
 */
import { createServer, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttp } from '../../core/api/http.ts';
import type { ProfilesView } from '../../main/bridge/contract.ts';
import type { ConnectionWords } from '../../core/index.ts';
import { APP_CONNECTION_WORDS } from '../../main/bridge/connection-words.ts';
import { startWebApp, type RunningWebApp } from '../../main/web/web-app.ts';
import { testCertificates, type TestCertificates } from '../helpers/test-certificates.ts';
import { callVerb, post } from './http-bridge.ts';
import { CLI_CONNECTION_WORDS } from '../../cli/connection-words.ts';

const TOKEN = 'tok-refusal-9d2e41';
const ALLOW_LIST =
  'Requests from IP 203.0.113.9 are not on this account allow-list (Settings > API > Allowed IPs)';
const EXPIRED = `API token expired on 2026-03-01 (it was ${TOKEN}): generate a new one`;

type Answer = { status: number; body: string };
let answer: Answer = { status: 403, body: '' };
let server: Server;
let serverUrl = '';
let tls: Server;
let certificates: TestCertificates;
let app: RunningWebApp;
const profiles: Record<'refusing' | 'untrusted', string> = { refusing: '', untrusted: '' };

async function listening(listener: Server): Promise<number> {
  await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve));
  return (listener.address() as AddressInfo).port;
}

async function profile(name: string, baseUrl: string): Promise<string> {
  const view = await callVerb<ProfilesView>(app, 'saveProfile', {
    name,
    baseUrl,
    user: 'jo',
    token: TOKEN,
    settings: { require_client_address: false, require_client_phone: false },
    pace: { ratePerSecond: 50, concurrency: 1 },
  });
  return view.activeId;
}

beforeAll(async () => {
  server = createServer((request, response) => {
    request.resume();
    response.writeHead(answer.status, { 'Content-Type': 'application/json' }).end(answer.body);
  });
  certificates = testCertificates();
  tls = createHttpsServer(certificates.selfSigned('gateway.acme.example'), (_request, response) =>
    response.writeHead(200, { 'Content-Type': 'application/json' }).end('[]'),
  );
  const port = await listening(server);
  serverUrl = `http://127.0.0.1:${port}/api/v1`;
  const tlsPort = await listening(tls);
  app = await startWebApp({ log: () => {}, sandbox: { rate: 1000 } });
  profiles.refusing = await profile('Refusing', `http://127.0.0.1:${port}/api/v1`);
  profiles.untrusted = await profile('Behind a gateway', `https://127.0.0.1:${tlsPort}/api/v1`);
}, 60_000);
afterAll(async () => {
  await app?.close();
  for (const listener of [server, tls]) await new Promise((resolve) => listener?.close(resolve));
  certificates?.remove();
});

async function refusal(verb: string, id: string): Promise<{ code: string; message: string }> {
  const said = await post(app, verb, { id });
  expect(said.json.ok).toBe(false);
  return said.json.error!;
}

describe('Trackops refusing with 401 or 403: its words, then the likely cause said as likely', () => {
  it('a 403 naming the allow-list: Test connection and the export screen say it, and API access only as the likely cause', async () => {
    answer = { status: 403, body: JSON.stringify({ message: ALLOW_LIST }) };
    for (const verb of ['testConnection', 'exportOptions']) {
      const error = await refusal(verb, profiles.refusing);
      expect(error.code).toBe('api_forbidden');
      expect(error.message).toBe(
        `Trackops refused access (403, forbidden), saying: “${ALLOW_LIST}”. Most likely API access is not enabled for this user: ` +
          'ask your Trackops administrator to enable it, unless what Trackops said names another cause.',
      );
    }
  });

  it('a 403 that says nothing: the likely cause, and that Trackops gave no reason', async () => {
    answer = { status: 403, body: '' };
    const error = await refusal('testConnection', profiles.refusing);
    expect(error.message).toContain('Trackops refused access (403, forbidden), saying: “Forbidden”');
    expect(error.message).toContain('Most likely API access is not enabled for this user');
  });

  it('a 401 saying the token expired: its words (the token scrubbed), then check both on the Connection screen', async () => {
    answer = { status: 401, body: JSON.stringify({ message: EXPIRED }) };
    const error = await refusal('testConnection', profiles.refusing);
    expect(error.code).toBe('api_unauthorized');
    expect(error.message).toBe(
      'Trackops refused the sign-in (401), saying: “API token expired on 2026-03-01 (it was [redacted]): generate a new one”. ' +
        'Most likely the user name or API token is wrong or no longer valid: check both on the Connection screen (the user must be an active Full Access employee).',
    );
    expect(error.message).not.toContain(TOKEN);
  });
});

describe("a 401 in core's words, as a row of the app's results keeps it", () => {
  it('rule: the app names the Connection screen, not --user and --token, and keeps what Trackops said', async () => {
    answer = {
      status: 401,
      body: JSON.stringify({ message: 'Account suspended for exceeding the API limit' }),
    };
    // Each host's connection words go with its connection (core/api/connection-words.ts).
    const said = async (words: ConnectionWords) => {
      const http = createHttp({ words, baseUrl: serverUrl, user: 'jo', token: TOKEN });
      const error = await http.call('GET', 'case/types').then(
        () => null,
        (failure: Error) => failure,
      );
      return error?.message ?? '';
    };
    const cli = await said(CLI_CONNECTION_WORDS);
    expect(cli).toContain('saying: "Account suspended for exceeding the API limit". Most likely');
    expect(cli).toContain('check --user and --token');
    const app = await said(APP_CONNECTION_WORDS);
    expect(app).toContain('check the user name and API token on the Connection screen');
    expect(app).toContain('Account suspended for exceeding the API limit');
    expect(app).not.toContain('--');
  });
});

describe('a certificate this computer does not trust, in the app', () => {
  it('Test connection says the certificate is not trusted, who it was issued to, and what to do; no flag named', async () => {
    const error = await refusal('testConnection', profiles.untrusted);
    expect(error.code).toBe('api_certificate');
    expect(error.message).toContain('this computer does not trust the certificate 127.0.0.1:');
    expect(error.message).toContain('it is self-signed: issued to "gateway.acme.example" by its own server');
    expect(error.message).toContain(
      'set the environment variable NODE_EXTRA_CA_CERTS to that file before starting trackops-bulk',
    );
    expect(error.message).not.toMatch(/could not be reached|internet|--url/);
  });
});
