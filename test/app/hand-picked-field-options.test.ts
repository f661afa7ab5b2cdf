/**
 * Explore 30 item 1, in a real browser against the built-in sandbox: a field picked by hand gets the
 * options it needs, as the suggestion gives them (core's planColumn through the bridge's planColumn),
 * and loses those of the field it had. A second claimant's whole Name picked by hand is read as a full
 * name (every row was refused with `add "parse": "full_name"`, a control the app does not have), its
 * date of birth with the format its values prove; and a name column moved to Notes no longer carries a
 * hidden `parse` that stopped the dry run with "columns[3].parse: …". The second person's columns are
 * headed so that the suggestion places them nowhere ("Other Party Name"; a "Claimant 2 Name" is now
 * proposed as the second claimant's by itself), so the clerk picks their fields by hand. The file is
 * written by Python's csv module.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBrowserSession, type BrowserSession } from './browser-harness.ts';
import { runPython } from '../helpers/run-python.ts';

let session: BrowserSession;
let page: Page;
let file = '';

const WRITE_CSV = `
import csv, sys
rows = [
    ['Claim Number', 'Date Received', 'Carrier', 'Country', 'Adjuster Last', 'Adjuster Email',
     'Claimant 1 Name', 'Other Party Name', 'Other Party DOB'],
    ['HP-1', '2026-10-01', 'Acme Mutual', 'US', 'Adams', 'a1@acme.example', 'Maria Lopez', 'John Smith', '1/13/1975'],
    ['HP-2', '2026-10-02', 'Acme Mutual', 'US', 'Baker', 'a2@acme.example', 'Wei Chen', 'Olga Petrova', '2/14/1980'],
]
with open(sys.argv[1], 'w', newline='', encoding='utf-8') as out:
    csv.writer(out).writerows(rows)
`;

const stat = (kind: string) =>
  page
    .locator(`.stat.${kind} .n`)
    .textContent()
    .then((text) => Number(text?.replace(/,/g, '')));

/** Types `query` in the column's picker and clicks the option of `group` named `label`. */
async function pick(column: string, query: string, group: RegExp, label: string) {
  const picker = page.getByRole('combobox', { name: `Field for column ${column}` });
  await picker.click();
  await picker.fill(query);
  const options = page
    .getByRole('listbox', { name: `Field for column ${column}: targets` })
    .getByRole('option');
  await options.first().waitFor();
  const texts = await options.allInnerTexts();
  const index = texts.findIndex((text) => {
    const lines = text.split('\n').map((line) => line.trim());
    return group.test(lines[0] ?? '') && (lines[1] ?? '').replace('required', '') === label;
  });
  expect(index).toBeGreaterThanOrEqual(0);
  await options.nth(index).click();
  await page
    .getByRole('button', { name: 'Check every row (dry run)' })
    .and(page.locator(':not([disabled])'))
    .waitFor();
  return picker;
}

async function checkEveryRow() {
  await page.getByRole('button', { name: 'Check every row (dry run)' }).click();
  await page
    .getByRole('button', { name: /^Next: send/ })
    .and(page.locator(':not([disabled])'))
    .waitFor();
  await page.locator('.vgrid-row').first().waitFor();
}

describe('a field picked by hand in the mapping step', { timeout: 120_000 }, () => {
  beforeAll(async () => {
    file = join(mkdtempSync(join(tmpdir(), 'hand-picked-')), 'two-claimants.csv');
    runPython(WRITE_CSV, [file]);
    session = await openBrowserSession();
    page = session.page;
  }, 120_000);
  afterAll(async () => {
    await session?.close();
  });

  it('reads a whole Name as a full name and a text date in its format, as the suggestion does', async () => {
    await page.setInputFiles('#file-input', file);
    await page.getByRole('button', { name: 'Next: match columns' }).click();
    await page.getByRole('heading', { name: 'Match your columns to Trackops fields' }).waitFor();
    await expect(page.getByText(/^Other Party Name: no target found/).count()).resolves.toBe(1);
    const subjects = page.locator('fieldset', { hasText: 'Subjects on each request' });
    await subjects.getByLabel('Subject type').selectOption({ label: 'Claimant' });
    await subjects.getByRole('button', { name: 'Add subject' }).click();

    const name = await pick('Other Party Name', 'Name', /SUBJECT 2/i, 'Name');
    await expect(name.inputValue()).resolves.toBe('Subject 2: Claimant › Name');
    const dob = await pick('Other Party DOB', 'Date of Birth', /SUBJECT 2/i, 'Date of Birth');
    await expect(dob.inputValue()).resolves.toBe('Subject 2: Claimant › Date of Birth');
    const format = page.locator('tr', { has: dob }).getByLabel('Date format of text dates');
    await expect(format.inputValue()).resolves.toBe('M/D/YYYY');
    // The suggestion's note on the column was about having no field; it is gone once one is picked.
    await expect(page.getByText(/^Other Party Name: no target found/).count()).resolves.toBe(0);

    await checkEveryRow();
    await expect(stat('ok')).resolves.toBe(2);
    await expect(stat('bad')).resolves.toBe(0);
    await expect(page.getByText(/"parse"/).count()).resolves.toBe(0);
  });

  it('drops the options of the field a column had when another is picked', async () => {
    await page.getByRole('button', { name: 'Back to mapping' }).click();
    await page.getByRole('heading', { name: 'Match your columns to Trackops fields' }).waitFor();
    const claimant = page.getByRole('combobox', { name: 'Field for column Claimant 1 Name' });
    await expect(claimant.inputValue()).resolves.toBe('Subject 1: Claimant › Name');
    await pick('Claimant 1 Name', 'Notes', /CASE REQUEST/i, 'Notes');
    await expect(claimant.inputValue()).resolves.toBe('Case request › Notes');

    await checkEveryRow();
    // Every row is checked: no refusal of the mapping before them, no word of a hidden option.
    await expect(page.getByText(/cannot be checked|not usable|parse/).count()).resolves.toBe(0);
    await expect(page.locator('.vgrid-row').count()).resolves.toBe(2);
    expect(session.pageErrors).toEqual([]);
  });
});
