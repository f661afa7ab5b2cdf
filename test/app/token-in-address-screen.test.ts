/**
 * The Connection screen with a profile stored, by an earlier version, with the token in its address:
 * the address is shown without it, the screen says why the profile is not used and fills the form with
 * the address to use instead; "Save and use" fixes the profile (tester 4's item 3). Debian's Chromium
 * on browser mode, over real HTTP.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { ProfilesView } from '../../main/bridge/contract.ts';
import { openBrowserSession, type BrowserSession } from './browser-harness.ts';
import { post } from './http-bridge.ts';

let session: BrowserSession;
let dataDir: string;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'trackops-token-screen-'));
  session = await openBrowserSession({ dataDir, log: () => {}, sandbox: { rate: 1000 } });
}, 120_000);
afterAll(async () => {
  await session.close();
  await rm(dataDir, { recursive: true, force: true });
});

it('shows the stored address without the token, says why, and "Save and use" with the offered address fixes it', async () => {
  const { app, page } = session;
  const token = app.sandbox.token;
  const saved = await post(app, 'saveProfile', {
    name: 'Acme',
    baseUrl: app.sandbox.baseUrl,
    user: app.sandbox.username,
    token,
    settings: { require_client_address: false, require_client_phone: false },
  });
  expect(saved.json.ok).toBe(true);
  const path = join(dataDir, 'profiles.json');
  const file = JSON.parse(await readFile(path, 'utf8')) as { profiles: { baseUrl: string }[] };
  file.profiles[0]!.baseUrl = `${app.sandbox.baseUrl}?api_token=${token}`;
  await writeFile(path, JSON.stringify(file, null, 2));

  // The page opened before the profile was written: read the profiles afresh.
  await page.reload();
  await page.getByRole('tab', { name: 'Connection' }).click();
  await page.getByRole('button', { name: /^Acme/ }).click();
  const card = page.locator('section[aria-labelledby=profile-title]');
  await card
    .getByText(
      `This profile's address holds a query or fragment, which may be the API token, so it is not shown or used: on the Connection screen, save the profile with ${app.sandbox.baseUrl} instead`,
    )
    .waitFor();
  await expect(page.getByLabel('Account API address').inputValue()).resolves.toBe(app.sandbox.baseUrl);
  expect(await page.locator('body').innerText()).not.toContain(token);

  await page.getByRole('button', { name: 'Save and use' }).click();
  await card.getByText("This profile's address holds").waitFor({ state: 'detached' });
  expect(await readFile(path, 'utf8')).not.toContain(token);
  const list = (await post(app, 'listProfiles', {})).json.value as ProfilesView;
  expect(list.profiles.find((profile) => profile.name === 'Acme')).toMatchObject({
    baseUrl: app.sandbox.baseUrl,
    hasToken: true,
  });
  expect(session.pageErrors).toEqual([]);
});
