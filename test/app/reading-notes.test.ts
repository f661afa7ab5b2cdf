/**
 * The sheet step says what reading the file guessed and noticed, under the file's name (project rule:
 * where the tool must guess, it says that it guessed), in the words validate and import print but with
 * the app's ways to change it instead of flags: in Chromium, through browser mode. Fixtures: a
 * Windows-1252 semicolon CSV (Python's csv, test/fixtures/read), workbooks with hidden rows and a column
 * (openpyxl) and with a header cell stored as a number (hand-edited XML); a plain UTF-8 comma CSV and
 * one with a line of report criteria above its header are written here.
 */
import { writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixture } from '../read/helpers.ts';
import { openBrowserSession, type BrowserSession } from './browser-harness.ts';

let session: BrowserSession;
let dir = '';

const NOTES = 'What reading the file guessed and noticed';

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'trackops-reading-notes-'));
  writeFileSync(join(dir, 'plain.csv'), 'Claim #,Insured,Budget\r\nP-1,Ann Lee,100\r\nP-2,Bo Diaz,200\r\n');
  // A carrier's report: one row of criteria above the table, read as the header because it reads
  // like column names; the row below it fills more columns.
  writeFileSync(
    join(dir, 'criteria.csv'),
    'Report,Open referrals,Run date,11/25/2026,Region,All\r\n' +
      'Claim #,Date Received,Region,Carrier,Country,Adjuster Last,Adjuster Email\r\n' +
      'C-1,11/23/2026,Midwest,Acme Mutual,US,Whitfield,whitfield@acme.example\r\n' +
      'C-2,11/24/2026,Midwest,Acme Mutual,US,Ortiz,ortiz@acme.example\r\n',
  );
  session = await openBrowserSession();
}, 120_000);
afterAll(async () => {
  await session?.close();
  await rm(dir, { recursive: true, force: true });
});

/** Chooses `path` on the first step (going back to it first) and waits for the sheet step. */
async function choose(path: string, heading: RegExp = /Which sheet/): Promise<void> {
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
  await page.getByRole('heading', { name: heading }).waitFor();
}

/** The notes' texts, once the list is shown (main answers once the file's rows are read). */
async function notes(): Promise<string[]> {
  const list = session.page.getByRole('list', { name: NOTES });
  await list.waitFor();
  return list.getByRole('listitem').allTextContents();
}

describe('what reading the file guessed and noticed, on the sheet step', () => {
  it('a plain UTF-8 comma CSV: how it was read, and no note', async () => {
    await choose(join(dir, 'plain.csv'));
    const howRead = session.page.getByRole('status', { name: 'How the file was read' });
    await expect(howRead.textContent()).resolves.toBe(
      'Read as comma-separated text in UTF-8. The delimiter and encoding were detected, not given: if the columns or letters below look wrong, choose them under Advanced.',
    );
    await expect(session.page.getByRole('list', { name: NOTES }).count()).resolves.toBe(0);
  });

  it('a Windows-1252 semicolon CSV: the encoding said to be a guess, with the Advanced choice that changes it', async () => {
    const { page } = session;
    await choose(fixture('windows-1252-semicolon.csv'));
    await expect(notes()).resolves.toEqual([
      'Guess windows-1252-semicolon.csv was read as Windows-1252, a guess: it has no byte-order mark and is not UTF-8, and no encoding was given. ' +
        'If accented letters come out wrong ("SŽan" or "MŸller" are a Mac OS Roman file read as Windows-1252), ' +
        'choose its encoding under “Advanced: how the text file is read” below (Mac OS Roman for a file from an old Mac) and read the file again.',
    ]);
    // The line says the rest once, not the encoding twice; the delimiter's columns fit: no note on it.
    await expect(page.getByRole('status', { name: 'How the file was read' }).textContent()).resolves.toBe(
      'Read as semicolon-separated text in Windows-1252. The delimiter was detected, not given: if the columns or letters below look wrong, choose it under Advanced.',
    );
    await page
      .getByRole('table', { name: 'Preview of the data rows' })
      .getByRole('cell', { name: 'Frédéric Müller' })
      .waitFor();
    // The way the note names is there, and the encoding chosen is no guess any more.
    await page.getByText('Advanced: how the text file is read', { exact: true }).click();
    await page.getByRole('combobox', { name: 'Encoding' }).selectOption({ label: 'Windows-1252' });
    await page.getByRole('button', { name: 'Read the file again' }).click();
    await expect.poll(() => page.getByRole('list', { name: NOTES }).count()).toBe(0);
    await expect(page.getByRole('status', { name: 'How the file was read' }).textContent()).resolves.toBe(
      'Read as semicolon-separated text in Windows-1252. The delimiter was detected, not given: if the columns or letters below look wrong, choose it under Advanced.',
    );
    await expect(
      page.getByRole('combobox', { name: 'Encoding' }).locator('option').allTextContents(),
    ).resolves.toContain('Mac OS Roman');
  });

  it('a Mac OS Roman file read as Windows-1252: the choice the note names reads its letters right', async () => {
    const { page } = session;
    await choose(fixture('mac-roman.csv'));
    await expect(notes()).resolves.toEqual([
      expect.stringMatching(/^Guess mac-roman\.csv was read as Windows-1252, a guess/),
    ]);
    const preview = page.getByRole('table', { name: 'Preview of the data rows' });
    await preview.getByRole('cell', { name: 'SŽan MŸller' }).waitFor();
    await page.getByText('Advanced: how the text file is read', { exact: true }).click();
    await page.getByRole('combobox', { name: 'Encoding' }).selectOption({ label: 'Mac OS Roman' });
    await page.getByRole('button', { name: 'Read the file again' }).click();
    await preview.getByRole('cell', { name: 'Séan Müller' }).waitFor();
    await expect.poll(() => page.getByRole('list', { name: NOTES }).count()).toBe(0);
    await expect(page.getByRole('status', { name: 'How the file was read' }).textContent()).resolves.toBe(
      'Read as comma-separated text in Mac OS Roman. The delimiter was detected, not given: if the columns or letters below look wrong, choose it under Advanced.',
    );
  });

  it('a header one cell wide after a guessed delimiter: the file stays open, said in the app’s words, and the delimiter chosen reads it', async () => {
    const { page } = session;
    await choose(fixture('guessed-semicolon.csv'), /could not be read as it is/);
    const refusal = page.getByRole('alert');
    await expect(refusal.textContent()).resolves.toBe(
      'guessed-semicolon.csv has no header row: none of its first 30 rows reads like column names (row 1 holds: Claim,Instructions,Services). ' +
        'Add a row naming each column above the data, or type the number of the row that holds the column names in the “Header row” box below and read the file from it. ' +
        'It was read as semicolon-separated text, a guess (the delimiter was not given): if its columns are split by another character, ' +
        'choose the delimiter under “Advanced: how the text file is read” below and read the file again.',
    );
    // The box the refusal names is on this screen.
    await page.getByRole('spinbutton', { name: 'Header row' }).waitFor();
    await page.getByRole('combobox', { name: /^Delimiter/ }).selectOption(',');
    await page.getByRole('button', { name: 'Read the file again' }).click();
    await page.getByRole('heading', { name: /Which sheet/ }).waitFor();
    await expect(
      page
        .getByRole('table', { name: 'Preview of the data rows' })
        .getByRole('columnheader')
        .allTextContents(),
    ).resolves.toEqual(['Row', 'Claim', 'Instructions', 'Services']);
  });

  it('a row with an unquoted comma: the delimiter guess said, and that row not taken for a wider header', async () => {
    await choose(fixture('unquoted-comma-row-3.csv'));
    await expect(notes()).resolves.toEqual([
      'Guess unquoted-comma-row-3.csv was read as comma-separated text, a guess (no delimiter was given), and 1 row has more cells than the header (first: row 3). ' +
        'If its columns are split by another character, choose the delimiter under “Advanced: how the text file is read” below and read the file again; ' +
        'if a cell holds a comma that is not in quotes, quote that cell.',
    ]);
  });

  it('a workbook with hidden rows and a hidden column: said as a note before anything is checked', async () => {
    await choose(fixture('hidden-rows.xlsx'));
    await expect(notes()).resolves.toEqual([
      'Note 3 rows are hidden in Excel (rows 3, 5, 7; the sheet has a filter, which hides rows) and are read like any other: ' +
        'an import sends them too. Unhide them (clear the filter) to see them, and delete the rows that are not to be imported. ' +
        'The column "Notes" is hidden in Excel and is read like any other.',
    ]);
    // A workbook has no line on delimiters and encodings.
    await expect(session.page.getByRole('status', { name: 'How the file was read' }).count()).resolves.toBe(
      0,
    );
  });

  it('a header cell stored as a number holding text: a note naming the cell', async () => {
    await choose(fixture('header-text-in-number-cell.xlsx'));
    await expect(notes()).resolves.toEqual([
      `Note Header cell C1 ('Budget') of sheet "Referrals" of header-text-in-number-cell.xlsx is a number cell that holds text: ` +
        'the program that wrote the file put text where a number goes, so Excel calls the file damaged and LibreOffice shows another number (or 0) there. ' +
        "It was read as the column's name, as written (no row's value comes from it). " +
        'To see that name in a spreadsheet, open the file in Excel or LibreOffice, type it into the header and save it as .xlsx.',
    ]);
  });

  it('a header row read above a wider one: said to be a guess, with the Header row box; typed, no guess', async () => {
    const { page } = session;
    await choose(join(dir, 'criteria.csv'));
    await expect(notes()).resolves.toEqual([
      'Guess The column names were read from row 1, a guess: row 2 reads like column names too and fills more columns ' +
        '(7, where row 1 fills 6). If row 2 holds the column names, type 2 in the Header row box below.',
    ]);
    await page.getByRole('spinbutton', { name: 'Header row' }).fill('2');
    await page
      .getByRole('table', { name: 'Preview of the data rows' })
      .getByRole('columnheader', { name: 'Adjuster Last' })
      .waitFor();
    await expect.poll(() => page.getByRole('list', { name: NOTES }).count()).toBe(0);
    expect(session.pageErrors).toEqual([]);
  });
}, 120_000);
