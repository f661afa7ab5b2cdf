/**
 * Explore 51: editing a saved profile's address to another host with "API token" left blank (as its
 * placeholder invites) sent the token stored for the old host to the new one without a word: another
 * firm's account, or a mistyped host that is not Trackops at all. A token is kept for the host it was
 * entered for: the form asks for the new host's token, and main refuses the edit without one (whatever
 * renderer sent it). Debian's Chromium on browser mode, over real HTTP: the "other host" is a server
 * on localhost that records every credential it is sent.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { ProfilesView } from '../../main/bridge/contract.ts';
import { openBrowserSession, type BrowserSession } from './browser-harness.ts';
import { post } from './http-bridge.ts';

const NEW_TOKEN = 'tok-BETA-88c1e0';

let session: BrowserSession;
let dataDir: string;
let otherHost: Server;
let otherUrl: string;
const received: string[] = [];

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'trackops-token-host-'));
  otherHost = createServer((request, response) => {
    received.push(
      Buffer.from((request.headers.authorization ?? '').replace(/^Basic /, ''), 'base64').toString(),
    );
    response.writeHead(401, { 'content-type': 'application/json' });
    response.end('{"message":"Unauthorized"}');
  });
  await new Promise<void>((resolve) => otherHost.listen(0, '127.0.0.1', resolve));
  // The same machine by another name: another host as far as a stored secret goes.
  otherUrl = `http://localhost:${(otherHost.address() as AddressInfo).port}/api/v1`;
  session = await openBrowserSession({ dataDir, log: () => {}, sandbox: { rate: 1000 } });
}, 120_000);
afterAll(async () => {
  await session.close();
  await new Promise((resolve) => otherHost.close(resolve));
  await rm(dataDir, { recursive: true, force: true });
});

it('the form asks for the new host’s token, and main refuses the edit without one', async () => {
  const { app, page } = session;
  const stored = app.sandbox.token;
  const saved = await post(app, 'saveProfile', {
    name: 'Acme',
    baseUrl: app.sandbox.baseUrl,
    user: app.sandbox.username,
    token: stored,
    settings: { require_client_address: false, require_client_phone: false },
  });
  expect(saved.json.ok).toBe(true);
  const id = (saved.json.value as ProfilesView).activeId;

  await page.reload();
  await page.getByRole('tab', { name: 'Connection' }).click();
  await page.getByRole('button', { name: /^Acme/ }).click();
  const tokenField = page.getByLabel('API token');
  await expect(tokenField.getAttribute('placeholder')).resolves.toBe('Stored — leave blank to keep it');
  await page.getByLabel('Account API address').fill(otherUrl);
  const storedHost = new URL(app.sandbox.baseUrl).host;
  const newHost = new URL(otherUrl).host;
  await page
    .getByText(
      `The address now points at ${newHost}: the token stored for ${storedHost} is not sent there. Enter the API token for the new address.`,
    )
    .waitFor();
  await expect(tokenField.getAttribute('placeholder')).resolves.toBe('Enter the token for the new address');
  // Saving with the field blank is stopped by the form (the field is required now)…
  await page.getByRole('button', { name: 'Save and use' }).click();
  await expect(tokenField.evaluate((input: HTMLInputElement) => input.validity.valueMissing)).resolves.toBe(
    true,
  );
  // …and by main, whatever sent it.
  const refused = await post(app, 'saveProfile', {
    id,
    name: 'Acme',
    baseUrl: otherUrl,
    user: app.sandbox.username,
    settings: { require_client_address: false, require_client_phone: false },
  });
  expect(refused.json).toEqual({
    ok: false,
    error: {
      code: 'input',
      message: `The address now points at ${newHost}, not ${storedHost}: the token stored for ${storedHost} is not sent to another host. Enter the API token for ${newHost} in "API token" (or put the address back).`,
    },
  });
  // Nothing changed: the profile still points at its account, and the other host heard nothing.
  const list = (await post(app, 'listProfiles', {})).json.value as ProfilesView;
  expect(list.profiles.find((profile) => profile.id === id)?.baseUrl).toBe(app.sandbox.baseUrl);
  expect(received).toEqual([]);

  // With the new host's token entered, the edit is saved and only that token goes there.
  await tokenField.fill(NEW_TOKEN);
  await page.getByRole('button', { name: 'Save and use' }).click();
  await page.getByText('The address now points at').waitFor({ state: 'detached' });
  await page.getByRole('button', { name: 'Test connection' }).first().click();
  await page.getByText(/Trackops refused the sign-in \(401\)/).waitFor();
  expect(received.length).toBeGreaterThan(0);
  expect(received.every((pair) => pair === `${app.sandbox.username}/token:${NEW_TOKEN}`)).toBe(true);
  expect(received.join('\n')).not.toContain(stored);
  expect(session.pageErrors).toEqual([]);
}, 90_000);
