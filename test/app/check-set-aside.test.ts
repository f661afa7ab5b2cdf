/**
 * The mapping edited while "Check every row" waits for its answer: that check's answer is not this
 * mapping's and is dropped, and it was dropped without a word (the button was simply offered again).
 * Now the mapping step says at once that the check was set aside because the mapping changed, and
 * offers it again; checking again checks the mapping as it is. The account's lists are held by a proxy
 * until the test has read the screen (late by construction, not by a timer). Real Chromium.
 */
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startHoldingListsProxy, type HoldingListsProxy } from '../batch/proxies.ts';
import { openBrowserSession, type BrowserSession } from './browser-harness.ts';
import { useAccountAt } from './send-in-browser.ts';

const REFERRALS = fileURLToPath(new URL('../fixtures/app/bad-email.csv', import.meta.url));

let session: BrowserSession;
let proxy: HoldingListsProxy;

beforeAll(async () => {
  session = await openBrowserSession({ log: () => {}, sandbox: { rate: 1000 } });
  proxy = await startHoldingListsProxy(session.app.sandbox.baseUrl);
  await useAccountAt(session, 'Held lists', proxy.baseUrl);
}, 120_000);
afterAll(async () => {
  proxy?.release();
  await proxy?.close();
  await session?.close();
});

it('rule: a check whose mapping was edited while it ran is said to be set aside, and offered again', async () => {
  const { page } = session;
  await page.getByRole('tab', { name: 'Import' }).click();
  await page.locator('#file-input').setInputFiles(REFERRALS);
  await page.getByRole('button', { name: 'Next: match columns' }).click();
  await page.getByRole('heading', { name: 'Match your columns to Trackops fields' }).waitFor();
  proxy.hold();
  await page.getByRole('button', { name: 'Check every row (dry run)' }).click();
  await expect.poll(() => proxy.held, { timeout: 20_000 }).toBeGreaterThan(0);
  await expect(page.getByRole('button', { name: 'Checking…' }).count()).resolves.toBe(1);

  // The clerk changes the mapping while the check waits for the account.
  const mode = page.getByLabel('What the import does');
  const was = await mode.inputValue();
  await mode.selectOption('update');
  await mode.selectOption(was);

  const setAside = page.locator('.notice', { hasText: 'The check you started was set aside' });
  await setAside.waitFor();
  expect(await setAside.innerText()).toMatch(
    /^The check you started was set aside: the mapping changed while it ran, so what it found would not be what this mapping gives\. Check every row again to see them with the mapping as it is now\./,
  );
  // Offered again at once, not once the set-aside check's answer has come.
  const check = page.getByRole('button', { name: 'Check every row (dry run)' });
  await expect(check.isEnabled()).resolves.toBe(true);
  expect(proxy.held).toBeGreaterThan(0);

  // Its answer comes and is dropped: the note stays until the clerk checks again.
  proxy.release();
  await expect.poll(() => proxy.held).toBe(0);
  await setAside.waitFor();
  await check.click();
  await page
    .getByRole('button', { name: /^Next: send \d+ valid rows?$/ })
    .and(page.locator(':enabled'))
    .waitFor({ timeout: 60_000 });
  await expect(page.locator('.notice', { hasText: 'set aside' }).count()).resolves.toBe(0);
  expect(session.pageErrors).toEqual([]);
}, 120_000);
