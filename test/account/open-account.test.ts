/**
 * Opening an account (issue 14 point 2): the one way the CLI and the app connect. The pace every
 * request keeps (a real account 1/s one at a time unless told otherwise, the built-in sandbox its own
 * rate, written once), the reference data read once, a list the account lacks said in words, and an
 * address without /api/v1 answered with our own hint (a real server's 404 says nothing).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACCOUNT_PACE, defaultRate, openAccount, SANDBOX_PACE, type ApiEvent } from '../../core/index.ts';
import { startSandbox, type RequestLogEntry, type RunningSandbox } from '../../sandbox/index.ts';
import { CLI_CONNECTION_WORDS } from '../../cli/connection-words.ts';

let sandbox: RunningSandbox;
const log: RequestLogEntry[] = [];
let notFound: Server;
let notFoundBase: string;

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, rate: 1000, onRequest: (entry) => log.push(entry) });
  notFound = createServer((_request, response) => {
    response.writeHead(404, { 'Content-Type': 'text/html' });
    response.end('<h1>Not Found</h1>');
  });
  await new Promise<void>((resolve) => notFound.listen(0, '127.0.0.1', resolve));
  notFoundBase = `http://127.0.0.1:${(notFound.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await sandbox.close();
  await new Promise<void>((resolve) => notFound.close(() => resolve()));
});

const fast = { ratePerSecond: 1000, concurrency: 1 };

describe('the pace when nobody said one', () => {
  it('is 1 request/s, one at a time, for a real account; the built-in sandbox 20/s, 2 at once', () => {
    expect(ACCOUNT_PACE).toEqual({ ratePerSecond: 1, concurrency: 1 });
    expect(SANDBOX_PACE).toEqual({ ratePerSecond: 20, concurrency: 2 });
    expect(defaultRate(false)).toBe(1);
    expect(defaultRate(true)).toBe(20);
  });
});

describe('openAccount', () => {
  it('reads the reference data once, on the pace it was given, and passes on only the settings it was told', async () => {
    log.length = 0;
    const events: ApiEvent[] = [];
    const account = await openAccount(
      {
        words: CLI_CONNECTION_WORDS,
        baseUrl: sandbox.baseUrl,
        user: sandbox.username,
        token: sandbox.token,
        settings: { require_client_phone: true },
      },
      { pace: { ratePerSecond: 7, concurrency: 2 }, onEvent: (event) => events.push(event) },
    );
    expect(account.pacer.stats()).toMatchObject({ targetRatePerSecond: 7, concurrency: 2 });
    expect(account.reference.case_types.length).toBeGreaterThan(0);
    expect(account.settings).toEqual({ require_client_phone: true });
    expect(log.every((entry) => entry.method === 'GET')).toBe(true);
    expect(events.filter((event) => event.type === 'request')).toHaveLength(log.length);
    // The client is the one it read with: one more request goes through the same pacer.
    await account.api.getReference();
    expect(events.filter((event) => event.type === 'request')).toHaveLength(log.length);
  });

  it('says in one line each which reference list the account did not give, and still opens', async () => {
    const warned: string[] = [];
    const account = await openAccount(
      {
        words: CLI_CONNECTION_WORDS,
        baseUrl: sandbox.baseUrl,
        user: sandbox.username,
        token: sandbox.token,
        referencePaths: { case_flags: null },
      },
      { pace: fast, warn: (line) => warned.push(line) },
    );
    expect(account.reference.case_types.length).toBeGreaterThan(0);
    expect(warned).toHaveLength(1);
    expect(warned[0]).toMatch(/flag/i);
  });

  it('an address answered 404 everywhere says to try /api/v1', async () => {
    await expect(
      openAccount(
        { words: CLI_CONNECTION_WORDS, baseUrl: `${notFoundBase}/trackops`, user: 'u', token: 't' },
        { pace: fast },
      ),
    ).rejects.toThrow(`the API base usually ends in /api/v1: try ${notFoundBase}/trackops/api/v1`);
  });
});
