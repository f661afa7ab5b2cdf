/**
 * After "Undo this import", the results screen no longer offers the rest of the undone file (explore
 * 63: "Send the remaining N rows" stayed the highlighted button beside the undo, and sent the rest of the
 * file the office had just undone). In a real browser (browser mode, Debian's Chromium) against the
 * built-in sandbox: a trial of 1 of the fixture's 3 updates is sent, undone, and the results say why
 * nothing more is offered; choosing the file again no longer offers to finish that send; the two rows
 * never sent stay unsent, the one put back stays put back.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UNDO_UPDATES, sendUndoUpdates, undoRequests } from './undo-updates.ts';
import { openFile } from './http-bridge.ts';
import { openBrowserSession, type BrowserSession } from './browser-harness.ts';

let session: BrowserSession;
let page: Page;

describe('an undone send offers nothing more of its file (browser)', { timeout: 120_000 }, () => {
  beforeAll(async () => {
    session = await openBrowserSession();
    page = session.page;
  }, 120_000);
  afterAll(async () => {
    await session?.close();
  });

  it('a trial of 1 row undone: no "Send the remaining 2 rows", and the results say why', async () => {
    const sandbox = session.app.sandbox;
    const before = await sendUndoUpdates(page, sandbox, 1);
    await page.getByRole('button', { name: 'Send the remaining 2 rows' }).waitFor();
    // Choosing the file again offers to finish the trial: until it is undone.
    await expect(openFile(session.app, UNDO_UPDATES)).resolves.toMatchObject({
      unfinishedSend: { file: 'undo-updates.csv' },
    });

    await page.getByRole('button', { name: 'Undo this import…' }).click();
    await page.getByRole('button', { name: 'Put back 1 request' }).click();
    await page.getByRole('heading', { name: 'Undo: results' }).waitFor({ timeout: 60_000 });
    await page.getByRole('button', { name: 'Back to results' }).click();
    await page.getByRole('heading', { name: 'Results' }).waitFor();

    await page
      .getByText(
        'This import was undone (“Undo this import”), so nothing more of this file is sent from here: 2 rows not sent yet belong to the file that was undone, and sending them would put them in on top of the undo. If this file should go in after all, choose it again (“Import another file”), check it, and send it as a new import.',
      )
      .waitFor();
    await expect(page.getByRole('button', { name: /^Send the remaining/ }).count()).resolves.toBe(0);
    await expect(page.getByRole('button', { name: /^Retry/ }).count()).resolves.toBe(0);
    await expect(page.getByText(/That was a trial run/).count()).resolves.toBe(0);
    await expect(
      page.locator('section[aria-labelledby="progress-title"] .btn.primary').textContent(),
    ).resolves.toBe('Import another file');

    await expect(openFile(session.app, UNDO_UPDATES)).resolves.not.toHaveProperty('unfinishedSend');

    const after = undoRequests(sandbox);
    expect(after.map((request) => request.client.city)).toEqual(before.map((request) => request.client.city));
    expect(session.pageErrors).toEqual([]);
  });
});
