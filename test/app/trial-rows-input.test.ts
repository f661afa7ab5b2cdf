/**
 * The trial run's row count as a clerk may type it. Explored on a dry run of 22 valid rows: "2.5" made
 * the button "Send 2.5 rows", which answered "The request for 'startImport' was not valid: limitRows:
 * Invalid input: expected int, received number"; "100" made it "Send 100 rows" for a file of 22. Now a
 * count that is not a whole number of 1 or more keeps Send off and says what to type, and a count above
 * the valid rows sends them all under its true number. The send step's line on the rows with errors
 * says where their errors are listed: the results file, not the results screen, which only counts
 * them. Browser mode in Debian's Chromium, its built-in
 * sandbox over real HTTP; rows written by Python's csv module.
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeRows, storedByReference } from '../batch/helpers.ts';
import { openBrowserSession, type BrowserSession } from './browser-harness.ts';
import { checkWithTemplate } from './send-in-browser.ts';

const TEMPLATE = fileURLToPath(new URL('../../samples/referrals-template.json', import.meta.url));

let session: BrowserSession;
beforeAll(async () => {
  session = await openBrowserSession({ log: () => {} });
}, 120_000);
afterAll(async () => {
  await session?.close();
});

describe('the trial run row count', { timeout: 180_000 }, () => {
  it('a count that is not a whole number keeps Send off; one above the valid rows sends them all', async () => {
    const { page } = session;
    const file = join(await mkdtemp(join(tmpdir(), 'app-trial-rows-input-')), 'five.csv');
    makeRows(file, 6, 'TRI', [5]);
    await checkWithTemplate(page, file, TEMPLATE, 5);
    // Explored: "8 rows with errors stay behind and are listed in the results", while the results
    // screen only counts them: their errors are in the results file.
    await page
      .getByText(
        /^5 valid rows will be sent to .+\. 1 row with errors stays behind, not sent: the results file you can download after the send lists it with its errors\.$/,
      )
      .waitFor();
    await page.getByLabel(/Trial run/).check();
    const count = page.getByLabel('Number of rows for the trial run');
    const send = page.getByRole('button', { name: /^Send( \d+ rows?)?$/ });
    const hint = page.getByText('Type a whole number of rows for the trial, from 1 to 5.');

    for (const typed of ['2.5', '0', '-3', '']) {
      await count.fill(typed);
      await expect(send.isDisabled()).resolves.toBe(true);
      await expect(send.textContent()).resolves.toBe('Send');
      await expect(hint.count()).resolves.toBe(1);
    }
    await count.fill('2');
    await expect(send.textContent()).resolves.toBe('Send 2 rows');
    await expect(send.isDisabled()).resolves.toBe(false);
    await expect(hint.count()).resolves.toBe(0);

    await count.fill('100');
    await expect(send.textContent()).resolves.toBe('Send 5 rows');
    await send.click();
    await page.getByRole('heading', { name: 'Results' }).waitFor({ timeout: 60_000 });
    await page.getByText('5 case requests were written to Trackops.').waitFor();
    await expect(page.getByText(/That was a trial run/).count()).resolves.toBe(0);
    await expect(page.getByRole('button', { name: /Send the remaining/ }).count()).resolves.toBe(0);
    const stored = storedByReference(session.app.sandbox.account(), 'TRI');
    expect(stored.size).toBe(5);
    for (const requests of stored.values()) expect(requests).toHaveLength(1);
    expect(session.pageErrors).toEqual([]);
  });
});
