/**
 * Running the app against a real account (issue 16 point 11): each connection profile has a pace that
 * every request of that profile keeps (1/s, one at a time, unless the profile says otherwise; the
 * built-in sandbox 20/s), and an API address without /api/v1 gets our own hint, since a real server
 * answers it with a bare 404.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DESKTOP_PRACTICE_ACCOUNT } from '../../main/session/journal-account.ts';
import { createAppCore, type AppCore } from '../../main/app-core.ts';
import { browserHostFiles } from '../../main/handlers/host-files.ts';
import { createCoreApi } from '../../main/session/core-api.ts';
import type { Pace } from '../../main/storage/profiles.ts';
import { MemoryTokenVault } from '../../main/storage/token-vault.ts';
import { startSandbox, type RunningSandbox } from '../../sandbox/index.ts';

const settings = { require_client_address: false, require_client_phone: false };

let sandbox: RunningSandbox;
let notFound: Server;
let notFoundBase: string;
let core: AppCore;
const opened: { baseUrl: string; pace: Pace }[] = [];

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0 });
  // A server like a real one: every unknown path is a bare 404 with an HTML body, no hint.
  notFound = createServer((_request, response) => {
    response.writeHead(404, { 'Content-Type': 'text/html' });
    response.end('<h1>Not Found</h1>');
  });
  await new Promise<void>((resolve) => notFound.listen(0, '127.0.0.1', resolve));
  notFoundBase = `http://127.0.0.1:${(notFound.address() as AddressInfo).port}`;
  core = createAppCore({
    dataDir: null,
    vault: new MemoryTokenVault(),
    sandbox,
    practice: DESKTOP_PRACTICE_ACCOUNT,
    host: browserHostFiles,
    tempDir: await mkdtemp(join(tmpdir(), 'app-real-account-')),
    createApi: (connection, pace) => {
      opened.push({ baseUrl: connection.baseUrl, pace });
      return createCoreApi(connection, pace);
    },
    log: () => {},
  });
});
afterAll(async () => {
  await core.close();
  await sandbox.close();
  await new Promise<void>((resolve) => notFound.close(() => resolve()));
});

const account = (name: string, baseUrl: string, extra: object = {}) =>
  core.handlers.saveProfile({
    name,
    baseUrl,
    user: sandbox.username,
    token: sandbox.token,
    settings,
    ...extra,
  });

describe("a profile's pace", () => {
  it('is 1 request/s, one at a time, for a new account; the sandbox 20/s, 2 at once', async () => {
    const view = await account('Plain', sandbox.baseUrl);
    const plain = view.profiles.find((profile) => profile.name === 'Plain')!;
    expect(plain.pace).toEqual({ ratePerSecond: 1, concurrency: 1 });
    expect(view.profiles.find((profile) => profile.kind === 'sandbox')!.pace).toEqual({
      ratePerSecond: 20,
      concurrency: 2,
    });
  });

  it('is kept with the profile and used by every request of it (the test connection here)', async () => {
    const view = await account('Quick', sandbox.baseUrl, { pace: { ratePerSecond: 4, concurrency: 2 } });
    const quick = view.profiles.find((profile) => profile.name === 'Quick')!;
    expect(quick.pace).toEqual({ ratePerSecond: 4, concurrency: 2 });
    opened.length = 0;
    await core.handlers.testConnection({ id: quick.id });
    expect(opened).toEqual([{ baseUrl: sandbox.baseUrl, pace: { ratePerSecond: 4, concurrency: 2 } }]);

    // An edit that does not mention the pace keeps it.
    const edited = await core.handlers.saveProfile({
      id: quick.id,
      name: 'Quick',
      baseUrl: sandbox.baseUrl,
      user: sandbox.username,
      settings,
    });
    expect(edited.profiles.find((profile) => profile.id === quick.id)!.pace.ratePerSecond).toBe(4);
  });
});

describe('an API address without /api/v1', () => {
  it('with no path at all is refused with the address to use', async () => {
    await expect(account('Bare', 'https://acme.viewcases.com')).rejects.toThrow(
      "'https://acme.viewcases.com' is the account's address, not its API: the API base usually ends in /api/v1: try https://acme.viewcases.com/api/v1.",
    );
  });

  it('answered 404 by the server on the first request, the message says to try /api/v1', async () => {
    const view = await account('Wrong path', `${notFoundBase}/trackops`);
    const wrong = view.profiles.find((profile) => profile.name === 'Wrong path')!;
    await expect(core.handlers.testConnection({ id: wrong.id })).rejects.toThrow(
      `the API base usually ends in /api/v1: try ${notFoundBase}/trackops/api/v1`,
    );
  });
});
