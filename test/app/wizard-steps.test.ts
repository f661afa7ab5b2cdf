/**
 * The import wizard's steps in a real browser (explore 11): an inline fix survives "Back to mapping"
 * and a new dry run, or is named before the run that drops it (item 2); after each step's button the
 * focus is on the new step's heading, not on <body> (item 6); a column's example on the mapping step
 * is cut with "…" as the grid's cells are (item 7). A reload reuses the built bundle from the browser's
 * cache (it was fetched and compiled again at each of the app tests' reloads, and at a clerk's).
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBrowserSession, type BrowserSession } from './browser-harness.ts';

const BAD_EMAIL = fileURLToPath(new URL('../fixtures/app/bad-email.csv', import.meta.url));

let session: BrowserSession;
beforeAll(async () => {
  session = await openBrowserSession();
}, 120_000);
afterAll(() => session?.close());

describe('the import wizard', { timeout: 120_000 }, () => {
  it('rule: a fix typed in the dry run is kept by the next dry run, or named before one that drops it', async () => {
    const { page } = session;
    const withErrors = page.locator('.stat.bad .n');
    await page.getByRole('heading', { name: 'Choose the referral file' }).waitFor();
    await page.setInputFiles('#file-input', BAD_EMAIL);
    await page.getByRole('button', { name: 'Next: match columns' }).click();
    await page.getByRole('heading', { name: 'Match your columns to Trackops fields' }).waitFor();
    await page.getByRole('button', { name: 'Check every row (dry run)' }).click();
    await page.getByRole('button', { name: /^Next: send 9 valid rows$/ }).waitFor();
    await expect(withErrors.innerText()).resolves.toBe('1');

    await page.locator('.vgrid-row', { hasText: 'bob@' }).click();
    await page.getByLabel('New value for Adjuster Email in row 8').fill('bob@acme.example');
    await page.getByRole('button', { name: 'Apply' }).click();
    await page.getByText('Row 8 is ready to send.').waitFor();

    // Back to the mapping and checked again: the fix is put in again, and said so.
    await page.getByRole('button', { name: 'Back to mapping' }).click();
    await page.getByRole('heading', { name: 'Match your columns to Trackops fields' }).waitFor();
    await expect(page.getByTestId('dropped-fixes').count()).resolves.toBe(0);
    await page.getByRole('button', { name: 'Check every row (dry run)' }).click();
    await page
      .getByText('1 cell you fixed in the last dry run was put in again and checked with this mapping.')
      .waitFor();
    await page.getByRole('button', { name: /^Next: send 10 valid rows$/ }).waitFor();
    await expect(withErrors.innerText()).resolves.toBe('0');

    // The header row moved to the first data row: no "Adjuster Email" column, so the fix cannot be put
    // in; the mapping step says so before the dry run, and names it.
    await page.getByRole('button', { name: 'Back to mapping' }).click();
    await page.getByRole('button', { name: 'Back', exact: true }).click();
    await page.getByLabel('Header row').fill('2');
    // The row typed is said as the person's choice, not as one the reader found.
    await page
      .getByText('The column names are read from row 2, as you chose; rows above it are ignored.')
      .waitFor();
    await page.getByRole('button', { name: 'Next: match columns' }).click();
    await page.getByRole('heading', { name: 'Match your columns to Trackops fields' }).waitFor();
    await expect(page.getByTestId('dropped-fixes').innerText()).resolves.toBe(
      '1 cell you fixed in the dry run will be dropped when every row is checked again: the sheet as read now is another one or has no column of that name (row 8, Adjuster Email: “bob@acme.example”). To keep it, go back to the sheet step and read the file as before; or type it again in the dry run.',
    );
    expect(session.pageErrors).toEqual([]);
  });

  it('rule: a reload takes the built bundle from the browser cache and asks the app for the page only', async () => {
    const { page } = session;
    // What Chromium itself says of each response (Playwright does not tell a cached one apart).
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Network.enable');
    const asked: string[] = [];
    const fromCache = new Set<string>();
    cdp.on('Network.requestWillBeSent', (sent) =>
      asked.push(`${sent.requestId} ${new URL(sent.request.url).pathname}`),
    );
    cdp.on('Network.requestServedFromCache', (served) => fromCache.add(served.requestId));
    await page.reload();
    await page.getByRole('heading', { name: 'Choose the referral file' }).waitFor();
    await cdp.detach();
    const cached = (pattern: RegExp) =>
      asked
        .filter((line) => pattern.test(line.split(' ')[1]!))
        .map((line) => fromCache.has(line.split(' ')[0]!));
    // The page names this build's files: always asked for, so a new build is seen at the next reload.
    expect(cached(/^\/$/)).toEqual([false]);
    expect(cached(/^\/assets\/index-[\w-]{8}\.js$/)).toEqual([true]);
    expect(cached(/^\/assets\/index-[\w-]{8}\.css$/)).toEqual([true]);
  });

  it('rule: after each step the keyboard focus is on the new step’s heading, not on <body>', async () => {
    const { page } = session;
    await page.reload();
    await page.getByRole('heading', { name: 'Choose the referral file' }).waitFor();
    const focused = () =>
      page.evaluate(() => `${document.activeElement?.tagName} ${document.activeElement?.textContent}`);
    const press = async (name: string | RegExp) => {
      await page.getByRole('button', { name }).focus();
      await page.keyboard.press('Enter');
    };
    await page.setInputFiles('#file-input', BAD_EMAIL);
    await page.getByRole('heading', { name: 'Which sheet and which row holds the column names?' }).waitFor();
    await expect(focused()).resolves.toBe('H2 Which sheet and which row holds the column names?');
    await press('Next: match columns');
    await page.getByRole('heading', { name: 'Match your columns to Trackops fields' }).waitFor();
    await expect(focused()).resolves.toBe('H2 Match your columns to Trackops fields');
    await press('Check every row (dry run)');
    await page.getByRole('button', { name: /^Next: send 9 valid rows$/ }).waitFor();
    await expect(focused()).resolves.toBe('H2 Dry run: every row checked, nothing sent');
    // The heading is not in the Tab order: the next Tab goes on into the step, not back to the top.
    await page.keyboard.press('Tab');
    await expect(page.evaluate(() => document.activeElement?.closest('.card') !== null)).resolves.toBe(true);
    await press(/^Next: send 9 valid rows$/);
    await page.getByRole('heading', { name: 'Send to Trackops' }).waitFor();
    await expect(focused()).resolves.toBe('H2 Send to Trackops');
    await press('Send 9 rows');
    await page.getByRole('heading', { name: 'Results' }).waitFor();
    await expect(focused()).resolves.toBe('H2 Results');
    expect(session.pageErrors).toEqual([]);
  });

  it('rule: a 40,000-character cell is cut with "…" as its column’s example, the whole of it in the tooltip', async () => {
    const { page } = session;
    const dir = await mkdtemp(join(tmpdir(), 'trackops-long-cell-'));
    try {
      const file = join(dir, 'long-cell.csv');
      const long = 'X'.repeat(40_000);
      await writeFile(file, `Claim #,Instructions\r\nLONG-1,${long}\r\nLONG-2,Call first\r\n`);
      await page.reload();
      await page.getByRole('heading', { name: 'Choose the referral file' }).waitFor();
      await page.setInputFiles('#file-input', file);
      await page.getByRole('button', { name: 'Next: match columns' }).click();
      await page.getByRole('heading', { name: 'Match your columns to Trackops fields' }).waitFor();
      const row = page.locator('.mapping-table tbody tr', { hasText: 'Instructions' });
      const sample = row.locator('.sample');
      await expect(sample.innerText()).resolves.toBe(`e.g. ${'X'.repeat(59)}… · Call first`);
      await expect(sample.getAttribute('title')).resolves.toBe(`${'X'.repeat(499)}…\nCall first`);
      // Before: 22,503 px. Now about the height of its field picker.
      const box = await row.boundingBox();
      expect(box!.height).toBeLessThan(150);
      expect(session.pageErrors).toEqual([]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
