/**
 * Explore 30 item 3, in a real browser against the built-in sandbox: the field picker weighs a typed
 * subject number ("Subject 2 Date of Birth" + Enter picks the second subject's, not the first's); two
 * columns on one field are said next to their pickers before any check; the dry run's refusal of such
 * a mapping names the columns by header and the field as the picker does, not `columns[5]` or
 * `subjects.0.custom_fields.102`; and a search matching nothing + Enter leaves no typed text looking
 * like a chosen field. The file is written by Python's csv module.
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
    ['Claim Number', 'Carrier', 'Country', 'Claimant 1 Name', 'Claimant 1 DOB', 'Claimant 2 DOB'],
    ['FP-1', 'Acme', 'US', 'Maria Lopez', '1/13/1980', '2/14/1975'],
]
with open(sys.argv[1], 'w', newline='', encoding='utf-8') as out:
    csv.writer(out).writerows(rows)
`;

const picker = (column: string) => page.getByRole('combobox', { name: `Field for column ${column}` });

async function typeAndEnter(column: string, query: string) {
  await picker(column).click();
  await picker(column).fill(query);
  await page.getByRole('listbox', { name: `Field for column ${column}: targets` }).waitFor();
  await page.keyboard.press('Enter');
}

describe('the field picker and the words of a mapping refused', { timeout: 120_000 }, () => {
  beforeAll(async () => {
    file = join(mkdtempSync(join(tmpdir(), 'field-picker-')), 'two-claimants.csv');
    runPython(WRITE_CSV, [file]);
    session = await openBrowserSession();
    page = session.page;
    await page.setInputFiles('#file-input', file);
    await page.getByRole('button', { name: 'Next: match columns' }).click();
    await page.getByRole('heading', { name: 'Match your columns to Trackops fields' }).waitFor();
    const subjects = page.locator('fieldset', { hasText: 'Subjects on each request' });
    await subjects.getByLabel('Subject type').selectOption({ label: 'Claimant' });
    await subjects.getByRole('button', { name: 'Add subject' }).click();
  }, 120_000);
  afterAll(async () => {
    await session?.close();
  });

  it('takes a typed subject number into account', async () => {
    await typeAndEnter('Claimant 2 DOB', 'Subject 2 Date of Birth');
    await expect(picker('Claimant 2 DOB').inputValue()).resolves.toBe('Subject 2: Claimant › Date of Birth');
    await picker('Claimant 2 DOB').click();
    await picker('Claimant 2 DOB').fill('Subject 2');
    const first = page
      .getByRole('listbox', { name: 'Field for column Claimant 2 DOB: targets' })
      .getByRole('option')
      .nth(1);
    await expect(first.innerText()).resolves.toMatch(/^SUBJECT 2: CLAIMANT/i);
    await page.keyboard.press('Escape');
  });

  it('says a search that matched nothing chose nothing', async () => {
    await typeAndEnter('Claimant 2 DOB', 'Subject 2 DOB');
    await expect(picker('Claimant 2 DOB').inputValue()).resolves.toBe('Subject 2: Claimant › Date of Birth');
    await expect(
      page
        .getByRole('status')
        .filter({ hasText: 'No field matches “Subject 2 DOB”: nothing was chosen' })
        .count(),
    ).resolves.toBe(1);
    await expect(picker('Claimant 2 DOB').inputValue()).resolves.not.toContain('DOB');
  });

  it('says two columns on one field next to their pickers, and the refusal in the screen’s words', async () => {
    await typeAndEnter('Claimant 2 DOB', 'Subject 1 Date of Birth');
    await expect(picker('Claimant 2 DOB').inputValue()).resolves.toBe('Subject 1: Claimant › Date of Birth');
    const row = page.locator('tr', { has: picker('Claimant 2 DOB') });
    await expect(row.getByRole('alert').textContent()).resolves.toBe(
      '“Claimant 1 DOB” also goes to Subject 1: Claimant › Date of Birth: a field takes one column, so choose another field for one of them.',
    );

    await page.getByRole('button', { name: 'Check every row (dry run)' }).click();
    const refusal = page.getByText(/^The columns cannot be checked yet/);
    await refusal.waitFor();
    const words = await refusal.textContent();
    expect(words).toContain(
      '“Claimant 2 DOB” and “Claimant 1 DOB” both go to Subject 1: Claimant › Date of Birth: a field takes one column, so choose another field for one of them',
    );
    expect(words).not.toMatch(/columns\[|custom_fields/);
    expect(session.pageErrors).toEqual([]);
  });
});
