/**
 * A file whose header row the reader does not find (no row of its first 30 reads like column names: a
 * header of years, "Claim, 2025, 2026") said to give the header row number "(mapping
 * "source.headerRow")", a mapping file's key the app's clerk never sees; and a text file so refused was
 * kept open only when its delimiter was guessed and read its first row as one cell (a workbook, or a
 * comma file, was refused at the first step, with no way to give the row). Now the refusal names the
 * app's Header row box, and the step it stays open on offers that box (and a workbook's sheets), which
 * reads the file from the row typed there. Browser mode in Debian's Chromium; a CSV written here, a
 * workbook written by openpyxl.
 */
import { writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBrowserSession, screenshotIfAsked, type BrowserSession } from './browser-harness.ts';
import { runPython } from '../helpers/run-python.ts';

/** A cover sheet, then the referrals under a header whose last two cells are numbers (years). */
const WORKBOOK = `
import sys
from openpyxl import Workbook
book = Workbook()
cover = book.active
cover.title = 'Cover'
cover.append(['Acme Mutual open referrals'])
cover.append([2025, 2026])
sheet = book.create_sheet('Referrals')
sheet.append(['Claim', 2025, 2026])
sheet.append(['C-1', 100, 200])
sheet.append(['C-2', 300, 400])
book.save(sys.argv[1])
`;

let session: BrowserSession;
let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'app-header-row-not-found-'));
  writeFileSync(join(dir, 'years.csv'), 'Claim,2025,2026\r\nC-1,100,200\r\nC-2,300,400\r\n');
  runPython(WORKBOOK, [join(dir, 'years.xlsx')]);
  session = await openBrowserSession();
}, 120_000);
afterAll(async () => {
  await session?.close();
  await rm(dir, { recursive: true, force: true });
});

/** Chooses `path` on the first step (going back to it first). */
async function choose(path: string): Promise<void> {
  const { page } = session;
  // The first step, or a later one with its Back button: waited for, as a page just opened may not
  // have drawn either yet (its heading looked absent, and Back was waited for in vain: seen in a full run).
  const first = page.getByRole('heading', { name: 'Choose the referral file' });
  await first
    .or(page.getByRole('button', { name: 'Back', exact: true }))
    .first()
    .waitFor();
  if (!(await first.isVisible())) await page.getByRole('button', { name: 'Back', exact: true }).click();
  await page.setInputFiles('#file-input', path);
}

/** The data rows' column headers as the preview shows them. */
function previewHeaders(): Promise<string[]> {
  return session.page
    .getByRole('table', { name: 'Preview of the data rows' })
    .getByRole('columnheader')
    .allTextContents();
}

describe('a file whose header row is not found', { timeout: 120_000 }, () => {
  it('rule: a text file stays open, its refusal names the Header row box, and the row typed there reads it', async () => {
    const { page } = session;
    await choose(join(dir, 'years.csv'));
    await page.getByRole('heading', { name: 'The file could not be read as it is' }).waitFor();
    await expect(page.getByRole('alert').textContent()).resolves.toBe(
      'years.csv has no header row: none of its first 30 rows reads like column names (row 1 holds: Claim | 2025 | 2026). ' +
        'Add a row naming each column above the data, or type the number of the row that holds the column names ' +
        'in the “Header row” box below and read the file from it.',
    );
    await screenshotIfAsked(page, 'header-row-not-found', { fullPage: true });
    await page.getByRole('spinbutton', { name: 'Header row' }).fill('1');
    await page.getByRole('button', { name: 'Read from this row' }).click();
    await page.getByRole('heading', { name: /Which sheet/ }).waitFor();
    await expect(previewHeaders()).resolves.toEqual(['Row', 'Claim', '2025', '2026']);
    await expect(page.getByRole('spinbutton', { name: 'Header row' }).inputValue()).resolves.toBe('1');
  });

  it("rule: a workbook stays open too, with its sheets to choose from, and reads the chosen sheet's row", async () => {
    const { page } = session;
    await choose(join(dir, 'years.xlsx'));
    await page.getByRole('heading', { name: 'The file could not be read as it is' }).waitFor();
    await expect(page.getByRole('alert').textContent()).resolves.toMatch(
      /^sheet "Cover" of years\.xlsx has no header row: .* or type the number of the row that holds the column names in the “Header row” box below and read the file from it\.$/,
    );
    // A workbook has no delimiter to choose.
    await expect(page.getByText('Advanced: how the text file is read').count()).resolves.toBe(0);
    await screenshotIfAsked(page, 'header-row-not-found-workbook', { fullPage: true });
    await page.getByRole('combobox', { name: 'Sheet' }).selectOption('Referrals');
    await page.getByRole('spinbutton', { name: 'Header row' }).fill('1');
    await page.getByRole('button', { name: 'Read from this row' }).click();
    await page.getByRole('heading', { name: /Which sheet/ }).waitFor();
    await expect(previewHeaders()).resolves.toEqual(['Row', 'Claim', '2025', '2026']);
    await screenshotIfAsked(page, 'header-row-given-workbook', { fullPage: true });
    expect(session.pageErrors).toEqual([]);
  });
});
