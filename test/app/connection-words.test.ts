/**
 * The app's words for a server that is not the API name the app's own field, never a CLI flag (explore
 * 14 item 6a: Test connection against a sign-in gateway's login page said "(or check --url)", an option
 * the app has not). Real answers over HTTP on 127.0.0.1: a 200 login page, a 200 text page, a redirect.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProfilesView } from '../../main/bridge/contract.ts';
import { startWebApp, type RunningWebApp } from '../../main/web/web-app.ts';
import { callVerb, post } from './http-bridge.ts';

type Mode = 'login-page' | 'text' | 'redirect';
let mode: Mode = 'login-page';
let server: Server;
let app: RunningWebApp;
let profileId: string;

beforeAll(async () => {
  server = createServer((request, response) => {
    request.resume();
    if (mode === 'login-page')
      response
        .writeHead(200, { 'Content-Type': 'text/html' })
        .end(
          '<!doctype html><html><head><title>Sign in</title></head><body><form>Password</form></body></html>',
        );
    else if (mode === 'text') response.writeHead(200, { 'Content-Type': 'text/plain' }).end('Service paused');
    else response.writeHead(302, { Location: 'https://login.example.com/sso' }).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  app = await startWebApp({ log: () => {}, sandbox: { rate: 1000 } });
  const view = await callVerb<ProfilesView>(app, 'saveProfile', {
    name: 'Behind a gateway',
    baseUrl: `http://127.0.0.1:${port}/api/v1`,
    user: 'demo',
    token: 'not-a-real-token',
    settings: { require_client_address: false, require_client_phone: false },
    pace: { ratePerSecond: 50, concurrency: 1 },
  });
  profileId = view.activeId;
}, 60_000);
afterAll(async () => {
  await app?.close();
  await new Promise((resolve) => server?.close(resolve));
});

async function testConnectionSays(next: Mode): Promise<string> {
  mode = next;
  const answer = await post(app, 'testConnection', { id: profileId });
  expect(answer.json.ok).toBe(false);
  return answer.json.error?.message ?? '';
}

describe("Test connection against something that is not the API says what to fix in the app's words", () => {
  it('a login page: sign in to the gateway, or check the Account API address (no --url)', async () => {
    const said = await testConnectionSays('login-page');
    expect(said).toContain('Trackops answered with a web page, not the API: a login page?');
    expect(said).toContain('sign in to it again (or check the Account API address on the Connection screen)');
    expect(said).not.toContain('--');
  });

  it('a text page: check the Account API address and that the API is reachable', async () => {
    const said = await testConnectionSays('text');
    expect(said).toContain('"Service paused"');
    expect(said).toContain(
      'check the Account API address on the Connection screen and that the API is reachable',
    );
    expect(said).not.toContain('--');
  });

  it('a redirect: enter where it points as the Account API address, or sign in first', async () => {
    const said = await testConnectionSays('redirect');
    expect(said).toContain('https://login.example.com/sso');
    expect(said).toContain(
      'If that is where the API now is, enter it as the Account API address on the Connection screen (its address up to /api/v1)',
    );
    expect(said).not.toContain('--');
  });
});
