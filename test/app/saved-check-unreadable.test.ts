/**
 * A connection's saved "Test connection" that cannot be read (an older app's profiles.json, or one
 * edited by hand) was dropped without a word, and core's sentence for it, rewritten by the app's word
 * swaps, read "use Test connection on the Connection screen --profile the saved check". Now the
 * Connection screen says, in the app's words, that it cannot be read, what that costs, and that a new
 * test saves a new one. Real Chromium over browser mode, its profiles.json edited on disk.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { ProfilesView } from '../../main/bridge/contract.ts';
import { openBrowserSession, type BrowserSession } from './browser-harness.ts';
import { callVerb } from './http-bridge.ts';

const SHOTS = process.env.TRACKOPS_APP_WORDS_SHOTS;
let session: BrowserSession;
let dataDir = '';

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'saved-check-unreadable-'));
  session = await openBrowserSession({ dataDir, log: () => {}, sandbox: { rate: 1000 } });
}, 120_000);
afterAll(async () => {
  await session?.close();
  await rm(dataDir, { recursive: true, force: true });
});

it('the Connection screen says the saved check cannot be read and how to save a new one, in its own words', async () => {
  const { app, page } = session;
  const view = await callVerb<ProfilesView>(app, 'saveProfile', {
    name: 'Acme',
    baseUrl: app.sandbox.baseUrl,
    user: app.sandbox.username,
    token: app.sandbox.token,
    settings: { require_client_address: false, require_client_phone: false },
    pace: { ratePerSecond: 50, concurrency: 1 },
  });
  await callVerb(app, 'testConnection', { id: view.activeId });
  // The saved check as a hand edit (or an older app) left it: its findings no longer a list.
  const path = join(dataDir, 'profiles.json');
  const stored = JSON.parse(await readFile(path, 'utf8')) as {
    profiles: { name: string; check?: { check: { findings: unknown } } }[];
  };
  const acme = stored.profiles.find((profile) => profile.name === 'Acme')!;
  expect(acme.check).toBeDefined();
  acme.check!.check.findings = 'see the printout';
  await writeFile(path, JSON.stringify(stored, null, 2));

  await page.reload();
  await page.getByRole('tab', { name: 'Connection' }).click();
  await page.getByRole('button', { name: /^Acme/ }).click();
  const notice = page.locator('.notice', { hasText: 'The last connection test saved with this connection' });
  await notice.waitFor();
  const said = (await notice.textContent()) ?? '';
  expect(said).toMatch(
    /^The last connection test saved with this connection cannot be read: the saved check is not an account profile written by Test connection \(check\.findings holds the text "see the printout" where a list belongs\); use Test connection on the Connection screen to save a new one\. Until then this connection works as never tested/,
  );
  expect(said).not.toMatch(/--|trackops-bulk/);
  if (SHOTS) await page.screenshot({ path: join(SHOTS, '05-saved-check-unreadable.png'), fullPage: true });

  // A new test saves a new check, and the notice goes.
  await page.getByRole('button', { name: 'Test connection' }).first().click();
  await page.getByText('What the connection test found').waitFor({ timeout: 60_000 });
  await page.reload();
  await page.getByRole('tab', { name: 'Connection' }).click();
  await page.getByRole('button', { name: /^Acme/ }).click();
  await page.getByText('What the connection test found').waitFor();
  await expect(notice.count()).resolves.toBe(0);
  expect(session.pageErrors).toEqual([]);
}, 120_000);
