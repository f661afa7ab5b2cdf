/**
 * The same file sent again with the same mapping after "Undo this import" (the clerk undid a send, the
 * carrier's sheet was right after all, or corrected with the same rows). The undone send is never taken
 * up again (explore 63), but the app used to refuse every later send of the file and mapping and name
 * only the command line ("from the command line, with another journal"): the clerk had no way on. Now
 * the refusal names the undo and offers "Send 3 rows as a new import", which sends every row once (3
 * writes, no more), under a journal of its own; the same file sent once more after that says nothing
 * is left to send instead of the refusal. In a real browser (browser mode, Debian's Chromium) against
 * the built-in sandbox, screenshots at 1360 px.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UNDO_UPDATES, sendUndoUpdates, undoRequests } from './undo-updates.ts';
import { openBrowserSession, screenshotsDir, type BrowserSession } from './browser-harness.ts';

let session: BrowserSession;
let page: Page;

/** From the results: the fixture chosen again, the same update mapping, checked, up to the send step. */
async function checkAgain(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Import another file' }).click();
  await page.getByRole('heading', { name: 'Choose the referral file' }).waitFor();
  await page.setInputFiles('#file-input', UNDO_UPDATES);
  await page.getByRole('button', { name: 'Next: match columns' }).click();
  await page.getByRole('heading', { name: 'Match your columns to Trackops fields' }).waitFor();
  await page.getByLabel('What the import does').selectOption('update');
  await page.getByLabel('Find existing requests by').selectOption('reference_value_1');
  const constants = page.locator('fieldset', { hasText: 'Same value on every row' });
  while ((await constants.getByRole('button', { name: 'Remove' }).count()) > 0)
    await constants.getByRole('button', { name: 'Remove' }).first().click();
  await page.getByRole('button', { name: 'Check every row (dry run)' }).click();
  const next = page.getByRole('button', { name: /^Next: send/ });
  await next.and(page.locator(':not([disabled])')).waitFor({ timeout: 60_000 });
  await next.click();
}

describe('the same file and mapping sent again after an undo (browser)', { timeout: 180_000 }, () => {
  beforeAll(async () => {
    session = await openBrowserSession();
    page = session.page;
    await page.setViewportSize({ width: 1360, height: 900 });
  }, 120_000);
  afterAll(async () => {
    await session?.close();
  });

  it('refused, naming the undo, with "Send as a new import" as the way on: each row written once more', async () => {
    const sandbox = session.app.sandbox;
    const shots = screenshotsDir();
    const before = await sendUndoUpdates(page, sandbox);
    await page.getByRole('button', { name: 'Undo this import…' }).click();
    await page.getByRole('button', { name: 'Put back 3 requests' }).click();
    await page.getByRole('heading', { name: 'Undo: results' }).waitFor({ timeout: 60_000 });
    await page.getByRole('button', { name: 'Back to results' }).click();
    await page.getByRole('heading', { name: 'Results' }).waitFor();
    expect(undoRequests(sandbox).map((request) => request.client.city)).toEqual(
      before.map((request) => request.client.city),
    );

    await checkAgain(page);
    const writes = sandbox.stats().writesCommitted;
    await page.getByRole('button', { name: 'Send 3 rows', exact: true }).click();
    await page
      .getByText(
        /^This file was sent with this mapping before, and that import was undone \(“Undo this import”, started/,
      )
      .waitFor();
    await page
      .getByText('choose “Send as a new import”: every row is sent again', { exact: false })
      .waitFor();
    await expect(page.getByText(/command line|journal/).count()).resolves.toBe(0);
    const again = page.getByRole('button', { name: 'Send 3 rows as a new import' });
    await again.waitFor();
    await page.screenshot({ path: `${shots}resend-after-undo.png`, fullPage: true });
    expect(sandbox.stats().writesCommitted).toBe(writes);

    await again.click();
    await page.getByRole('heading', { name: 'Results' }).waitFor({ timeout: 60_000 });
    await page.screenshot({ path: `${shots}resend-after-undo-results.png`, fullPage: true });
    expect(sandbox.stats().writesCommitted).toBe(writes + 3);
    for (const request of undoRequests(sandbox)) expect(request.client.city).toBe('Aurora');

    // Once more: the new import is the one found, finished; nothing is written, no refusal.
    // Every row would change nothing now, and the button says so.
    await checkAgain(page);
    await page.getByRole('button', { name: 'Send 0 rows', exact: true }).click();
    await page.getByRole('heading', { name: 'Results' }).waitFor({ timeout: 60_000 });
    await page.screenshot({ path: `${shots}resend-after-undo-again.png`, fullPage: true });
    expect(sandbox.stats().writesCommitted).toBe(writes + 3);
    await expect(page.getByText(/was undone/).count()).resolves.toBe(0);
    expect(session.pageErrors).toEqual([]);
  });
});
