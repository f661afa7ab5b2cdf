/**
 * What the app learned from core and the CLI (issue 16), in a real browser (browser mode, Debian's
 * Chromium) against the built-in sandbox, with screenshots of the new screens (docs/screenshots/ only
 * under `npm run screenshots`):
 * - a carrier workbook with "Summary" first: the data sheet opened and named, said to be a guess;
 *   the Adjuster's full name to contact.full_name; the footer rules shown and edited; the suggestion's
 *   counts as `map` says them; a row left out from the grid and brought back; a template that keeps the
 *   rules and says it drops the row numbers;
 * - a text file that writes \" inside quotes: refused, then read with the escape character under
 *   "Advanced"; its budgets "2.000" fixed in place by saying how the column writes numbers;
 * - a semicolon-separated file whose delimiter detection gets wrong: the sheet step says how it read the
 *   file and that it guessed; the semicolon chosen under "Advanced" gives the right columns; a template
 *   saved keeps the delimiter given (never the encoding detected), and loaded on the same file read as
 *   detected, reads it with the semicolon again.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBrowserSession, pngSize, screenshotsDir, type BrowserSession } from './browser-harness.ts';
import { post } from './http-bridge.ts';

const CARRIER = fileURLToPath(new URL('../fixtures/clerk/carrier-summary-first.xlsx', import.meta.url));
const ESCAPED = fileURLToPath(new URL('../fixtures/app/escaped-budgets.csv', import.meta.url));
const SEMICOLONS = fileURLToPath(new URL('../fixtures/app/semicolon-commas-1252.csv', import.meta.url));
const SCREENSHOTS = screenshotsDir();

let session: BrowserSession;
let page: Page;

async function shot(name: string) {
  const path = `${SCREENSHOTS}${name}.png`;
  await page.screenshot({ path, fullPage: true });
  expect(pngSize(readFileSync(path)).width).toBe(1360);
}

const stat = (kind: string) =>
  page
    .locator(`.stat.${kind} .n`)
    .textContent()
    .then((text) => Number(text?.replace(/,/g, '')));

async function checkEveryRow() {
  await page.getByRole('button', { name: 'Check every row (dry run)' }).click();
  await page.getByRole('heading', { name: /Dry run/ }).waitFor();
  await page
    .getByRole('button', { name: /^Next: send/ })
    .and(page.locator(':not([disabled])'))
    .waitFor();
  await page.locator('.vgrid-row').first().waitFor();
}

describe('the clerk’s files in the app', { timeout: 120_000 }, () => {
  beforeAll(async () => {
    session = await openBrowserSession();
    page = session.page;
  }, 120_000);
  afterAll(async () => {
    await session?.close();
  });

  it('opens the sheet that looks like data, names the others and says it guessed', async () => {
    await page.setInputFiles('#file-input', CARRIER);
    await page.getByRole('heading', { name: /Which sheet/ }).waitFor();
    await expect(page.getByRole('combobox', { name: /^Sheet/ }).inputValue()).resolves.toBe('Referrals');
    const note = page.getByRole('status', { name: 'Sheet chosen' });
    await expect(note.textContent()).resolves.toMatch(
      /^We opened sheet “Referrals” \(2 of 3\), the one that looks most like referral data \(23 rows, 8 of 8 headers known\)\. Other sheets: “Summary” \(5 rows, 1 of 2 headers known\), “Lists” \(hidden\)\. This is a guess/,
    );
    await expect(page.getByLabel('Header row').inputValue()).resolves.toBe('3');
    await shot('03-sheet-chosen');
  });

  it('mapping: the full name to contact.full_name, the counts as `map` says them, the footer rules editable', async () => {
    await page.getByRole('button', { name: 'Next: match columns' }).click();
    await page.getByRole('heading', { name: 'Match your columns to Trackops fields' }).waitFor();
    await expect(
      page.getByRole('combobox', { name: 'Field for column Adjuster', exact: true }).inputValue(),
    ).resolves.toBe('Contact › Contact full name');
    // `map` says "(8 columns, header in row 3, values of 23 rows looked at)" for this file.
    await expect(page.getByLabel('What the suggestion looked at').textContent()).resolves.toBe(
      'Sheet “Referrals”, header in row 3: values of 23 rows looked at.',
    );
    await expect(page.getByLabel('Leave out rows starting with (rule 1)').inputValue()).resolves.toBe(
      'TOTAL',
    );
    await expect(page.getByLabel('Leave out rows starting with (rule 2)').inputValue()).resolves.toBe(
      'Confidential',
    );
    await expect(page.getByLabel('Leave out this row and every row below it').inputValue()).resolves.toBe(
      '*** END OF REPORT ***',
    );
    await page.getByLabel('Rules that leave rows out').scrollIntoViewIfNeeded();
    await shot('04-mapping-footer-rules');
    // Without the "Confidential" rule its row is checked as data, and fails.
    await page.getByRole('button', { name: 'Remove the rule: rows starting with “Confidential”' }).click();
    await expect(page.getByLabel('Leave out rows starting with (rule 2)').count()).resolves.toBe(0);
  });

  it('dry run: the footer rows are left out with their rule; a row left out from the grid, and brought back', async () => {
    await checkEveryRow();
    await expect(stat('left-out')).resolves.toBe(2);
    await expect(stat('ok')).resolves.toBe(20);
    await expect(stat('bad')).resolves.toBe(1);
    const total = page.locator('.vgrid-row', { hasText: 'TOTAL' });
    await expect(total.locator('.vcell.status-skipped').textContent()).resolves.toBe('Left out');
    await expect(total.locator('.vcell.status-skipped').getAttribute('title')).resolves.toBe(
      `Left out: its first cell 'TOTAL' starts with "TOTAL"`,
    );

    const confidential = page.locator('.vgrid-row', { hasText: 'Confidential' });
    await confidential.click();
    await page.getByRole('button', { name: 'Leave this row out' }).click();
    await page.getByText(/^Row 26 is left out: you left it out of this import\./).waitFor();
    await expect(confidential.locator('.vcell.status-skipped').textContent()).resolves.toBe('Left out');
    await expect(stat('left-out')).resolves.toBe(3);
    await expect(stat('bad')).resolves.toBe(0);
    await expect(page.locator('.stat.left-out').getAttribute('title')).resolves.toBe(
      '1 by their first cell (totals, footers), 1 at or below the end marker, 1 left out by number',
    );
    await shot('05-dry-run-left-out');

    await page.getByRole('button', { name: 'Bring this row back' }).click();
    await page.getByRole('button', { name: 'Leave this row out' }).waitFor();
    await expect(stat('bad')).resolves.toBe(1);
    await expect(confidential.locator('.vcell.status-invalid').count()).resolves.toBe(1);
    await page.getByRole('button', { name: 'Leave this row out' }).click();
    await page.getByRole('button', { name: 'Bring this row back' }).waitFor();
    await expect(stat('bad')).resolves.toBe(0);
  });

  it('a template keeps the footer rules, not the row left out by number, and says so', async () => {
    await page.getByRole('button', { name: 'Back to mapping' }).click();
    await page.getByText('Left out by number in the dry run: row 26.').waitFor();
    await page.getByLabel('Template name').fill('carrier');
    await page.getByRole('button', { name: 'Save template' }).click();
    await page
      .getByText(
        'Saved template “carrier”. It keeps the rules for rows that are not data, but not the row you left out by number: row numbers belong to this file.',
      )
      .waitFor();
  });

  it('a text file that writes \\" inside quotes: refused, then read with "\\" as the escape character', async () => {
    await page.getByRole('button', { name: 'Back', exact: true }).click();
    await page.getByRole('button', { name: 'Back', exact: true }).click();
    await page.setInputFiles('#file-input', ESCAPED);
    await page.getByRole('heading', { name: 'The file could not be read as it is' }).waitFor();
    await page
      .getByText(/Row 2, column I of escaped-budgets\.csv is a quoted field holding a quote/)
      .waitFor();
    await page.getByText(/type \\ as the escape character and read the file again/).waitFor();
    await page.getByLabel('Escape character').fill('\\');
    await shot('03-quotes-advanced');
    await page.getByRole('button', { name: 'Read the file again' }).click();
    await page.getByRole('heading', { name: /Which sheet/ }).waitFor();
    await page
      .getByRole('table', { name: 'Preview of the data rows' })
      .getByRole('cell', { name: 'Said "call me after 5", then left' })
      .waitFor();
  });

  it('a budget "2.000" that reads two ways is fixed in place: the column writes numbers as 1.234,56', async () => {
    await page.getByRole('button', { name: 'Next: match columns' }).click();
    await page.getByRole('heading', { name: 'Match your columns to Trackops fields' }).waitFor();
    await checkEveryRow();
    await expect(stat('bad')).resolves.toBe(2);
    await page.locator('.vgrid-row', { hasText: '2.000' }).click();
    const fix = page.getByRole('button', { name: 'This column writes numbers as 1.234,56 (2.000 is 2000)' });
    await fix.waitFor();
    await expect(
      page.getByRole('button', { name: 'This column writes numbers as 1,234.56 (2.000 is 2)' }).count(),
    ).resolves.toBe(1);
    await shot('06-dry-run-number-format');
    await fix.click();
    await page.getByRole('heading', { name: /Dry run/ }).waitFor();
    // The counts are redrawn while the fixed column is checked again: wait for the final pair.
    await expect.poll(async () => [await stat('ok'), await stat('bad')]).toEqual([3, 0]);
  });

  it('a text file read with a detected delimiter says so; the clerk chooses the semicolon under Advanced', async () => {
    await page.getByRole('button', { name: 'Back to mapping' }).click();
    await page.getByRole('button', { name: 'Back', exact: true }).click();
    await page.getByRole('button', { name: 'Back', exact: true }).click();
    await page.setInputFiles('#file-input', SEMICOLONS);
    await page.getByRole('heading', { name: /Which sheet/ }).waitFor();
    const howRead = page.getByRole('status', { name: 'How the file was read' });
    await expect(howRead.textContent()).resolves.toBe(
      'Read as comma-separated text in Windows-1252. The delimiter was detected, not given: if the columns or letters below look wrong, choose it under Advanced.',
    );
    const preview = page.getByRole('table', { name: 'Preview of the data rows' });
    await preview.getByRole('columnheader', { name: 'Claim #;Insured (last' }).waitFor();

    await page.getByText('Advanced: how the text file is read', { exact: true }).click();
    await page.getByRole('combobox', { name: /^Delimiter/ }).selectOption(';');
    await shot('03-text-read-advanced');
    await page.getByRole('button', { name: 'Read the file again' }).click();
    await preview.getByRole('columnheader', { name: 'Insured (last, first)' }).waitFor();
    await expect(preview.getByRole('columnheader').allTextContents()).resolves.toEqual([
      'Row',
      'Claim #',
      'Insured (last, first)',
      'Budget, EUR',
    ]);
    await preview.getByRole('cell', { name: 'Weiß, Jürgen' }).waitFor();
    await expect(howRead.textContent()).resolves.toBe('Read as semicolon-separated text in Windows-1252.');
    // A bad value is refused with the reader's words, and the file stays as it was read.
    await page.getByRole('combobox', { name: /^Delimiter/ }).selectOption('other');
    await page.getByLabel('Delimiter character').fill(';;');
    await page.getByRole('button', { name: 'Read the file again' }).click();
    await page
      .getByRole('alert')
      .getByText('Cannot use ";;" as the delimiter for semicolon-commas-1252.csv: give one character')
      .waitFor();
    await expect(preview.getByRole('columnheader', { name: 'Insured (last, first)' }).count()).resolves.toBe(
      1,
    );
  });

  it('a template keeps the delimiter given, not the encoding detected, and reads the next file with it', async () => {
    await page.getByRole('button', { name: 'Next: match columns' }).click();
    await page.getByRole('heading', { name: 'Match your columns to Trackops fields' }).waitFor();
    await page.getByLabel('Template name').fill('semicolons');
    await page.getByRole('button', { name: 'Save template' }).click();
    await page.getByText('Saved template “semicolons”.').waitFor();
    const saved = await post(session.app, 'loadTemplate', { name: 'semicolons' });
    expect((saved.json.value as { source?: unknown }).source).toEqual({ delimiter: ';' });

    // The same file again, read as detected (the comma); the template reads it with the semicolon.
    await page.getByRole('button', { name: 'Back', exact: true }).click();
    await page.getByRole('button', { name: 'Back', exact: true }).click();
    await page.setInputFiles('#file-input', SEMICOLONS);
    await page.getByRole('heading', { name: /Which sheet/ }).waitFor();
    await page
      .getByRole('table', { name: 'Preview of the data rows' })
      .getByRole('columnheader', { name: 'Claim #;Insured (last' })
      .waitFor();
    await page.getByRole('button', { name: 'Next: match columns' }).click();
    await page.getByRole('heading', { name: 'Match your columns to Trackops fields' }).waitFor();
    await page.getByLabel('Saved templates').selectOption('semicolons');
    await page.getByRole('button', { name: 'Load', exact: true }).click();
    await page
      .getByRole('combobox', { name: 'Field for column Insured (last, first)', exact: true })
      .waitFor();
    await page.getByRole('button', { name: 'Back', exact: true }).click();
    await expect(page.getByRole('status', { name: 'How the file was read' }).textContent()).resolves.toMatch(
      /^Read as semicolon-separated text in Windows-1252\.$/,
    );
  });

  it('a template whose delimiter is the quote character: the mapping’s message, and the template not said to be loaded', async () => {
    await page.getByRole('button', { name: 'Next: match columns' }).click();
    await page.getByRole('heading', { name: 'Match your columns to Trackops fields' }).waitFor();
    const template = {
      version: 1,
      // One character, but the one that quotes fields: refused as the mapping's fault, not the file's.
      source: { delimiter: '"' },
      columns: [{ column: 'Claim #', target: 'reference_value_1' }],
    };
    await page.setInputFiles('#template-file', {
      name: 'quotes.json',
      mimeType: 'application/json',
      buffer: Buffer.from(JSON.stringify(template)),
    });
    await page
      .getByRole('alert')
      .getByText(`source.delimiter: '"' cannot be a delimiter: it quotes fields in delimited text`)
      .waitFor();
    await expect(page.getByText(/^Loaded template “quotes”/).count()).resolves.toBe(0);
    // The mapping and the file stay as they were.
    await page
      .getByRole('combobox', { name: 'Field for column Insured (last, first)', exact: true })
      .waitFor();

    // A template that says nothing of how to read the text (made from a comma file) keeps the
    // semicolon this file is read with: it is loaded, and the columns stay the semicolon's.
    await page.setInputFiles('#template-file', {
      name: 'silent.json',
      mimeType: 'application/json',
      buffer: Buffer.from(
        JSON.stringify({ version: 1, columns: [{ column: 'Claim #', target: 'reference_value_1' }] }),
      ),
    });
    await page.getByText(/^Loaded template “silent”/).waitFor();
    await page
      .getByRole('combobox', { name: 'Field for column Insured (last, first)', exact: true })
      .waitFor();
    await page.getByRole('button', { name: 'Back', exact: true }).click();
    await expect(page.getByRole('status', { name: 'How the file was read' }).textContent()).resolves.toMatch(
      /^Read as semicolon-separated text in Windows-1252\./,
    );
    await page.getByRole('button', { name: 'Next: match columns' }).click();
    await page.getByRole('heading', { name: 'Match your columns to Trackops fields' }).waitFor();
  });

  it('the page logged no errors', () => {
    expect(session.pageErrors).toEqual([]);
  });
});
