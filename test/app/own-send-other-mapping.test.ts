/**
 * Explore 30 item 2, in a real browser against the built-in sandbox: a trial send of two rows, then the
 * same file checked again with the suggestion, which maps a column those two rows leave empty (the first
 * send left it out). The rows the app created are "already sent earlier", naming that send, with no fix
 * box on their Claim Number (a new one would create the request a second time); they were shown as
 * "would be created twice", errors to fix. The file is written by Python's csv module.
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
    ['Claim Number', 'Date Received', 'Carrier', 'Country', 'Adjuster Last', 'Adjuster Email', 'Injury Description', 'Notes'],
    ['OWN-1', '2026-10-01', 'Acme Mutual', 'US', 'Adams', 'a1@acme.example', '', 'first'],
    ['OWN-2', '2026-10-02', 'Acme Mutual', 'US', 'Baker', 'a2@acme.example', '', 'second'],
    ['OWN-3', '2026-10-03', 'Acme Mutual', 'US', 'Clark', 'a3@acme.example', 'Sprained wrist', 'third'],
    ['OWN-4', '2026-10-04', 'Acme Mutual', 'US', 'Davis', 'a4@acme.example', 'Back injury', 'fourth'],
]
with open(sys.argv[1], 'w', newline='', encoding='utf-8') as out:
    csv.writer(out).writerows(rows)
`;

const stat = (kind: string) =>
  page
    .locator(`.stat.${kind} .n`)
    .textContent()
    .then((text) => Number(text?.replace(/,/g, '')));

async function openAndMap() {
  await page.setInputFiles('#file-input', file);
  await page.getByRole('button', { name: 'Next: match columns' }).click();
  await page.getByRole('heading', { name: 'Match your columns to Trackops fields' }).waitFor();
}

async function checkEveryRow() {
  await page.getByRole('button', { name: 'Check every row (dry run)' }).click();
  await page
    .getByRole('button', { name: /^Next: send/ })
    .and(page.locator(':not([disabled])'))
    .waitFor();
  await page.locator('.vgrid-row').first().waitFor();
}

describe(
  'rows the app sent, checked again with a mapping that differs in a column they leave empty',
  { timeout: 120_000 },
  () => {
    beforeAll(async () => {
      file = join(mkdtempSync(join(tmpdir(), 'own-send-')), 'referrals.csv');
      runPython(WRITE_CSV, [file]);
      session = await openBrowserSession();
      page = session.page;
    }, 120_000);
    afterAll(async () => {
      await session?.close();
    });

    it('reads them as already sent earlier, naming the send, with nothing to fix', async () => {
      await openAndMap();
      const injury = page.getByRole('combobox', { name: 'Field for column Injury Description' });
      await expect(injury.inputValue()).resolves.toBe('Case custom field › Injury Description');
      await injury.click();
      await injury.fill('');
      await page
        .getByRole('listbox', { name: 'Field for column Injury Description: targets' })
        .getByRole('option', { name: /Do not import/ })
        .click();
      await checkEveryRow();
      await page.getByRole('button', { name: /^Next: send/ }).click();
      await page.getByLabel(/Trial run/).check();
      await page.getByLabel('Number of rows for the trial run').fill('2');
      await page.getByRole('button', { name: 'Send 2 rows' }).click();
      await page.getByText(/That was a trial run/).waitFor({ timeout: 60_000 });

      // The same file again, with the suggestion as it stands (Injury Description mapped this time).
      await page.getByRole('button', { name: 'Import another file' }).click();
      await openAndMap();
      await expect(injury.inputValue()).resolves.toBe('Case custom field › Injury Description');
      await checkEveryRow();
      await expect(stat('bad')).resolves.toBe(0);
      await expect(page.locator('.stat', { hasText: 'already sent earlier' }).textContent()).resolves.toMatch(
        /^2\s*already sent earlier/,
      );
      await page.locator('.vgrid-row', { hasText: 'OWN-1' }).click();
      const said = page.getByText(
        /^Row 2: Already in Trackops: your earlier send of referrals\.csv on .+ created it as REQ-\d+\./,
      );
      await said.waitFor();
      await expect(page.getByRole('heading', { name: /^Row 2: fix and check again$/ }).count()).resolves.toBe(
        0,
      );
      await expect(page.getByText(/created twice/).count()).resolves.toBe(0);
      expect(session.pageErrors).toEqual([]);
    });
  },
);
