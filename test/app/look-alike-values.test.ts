/**
 * Two items of one name in the app's Columns step (explore 54 item 7), in a real browser against a
 * built-in sandbox whose account holds the case flags "Rush" (31) and "rush" (35) and a Priority field
 * with the choices "High" and "HIGH"; the file is written by Python's csv module. The step said the
 * values needed nothing, so a clerk could not say which "Rush" meant, and the dry run refused the rows
 * with the command line's words. Now the step lists such a value (its spellings once, as one "values"
 * key takes them all), offers the look-alikes told apart with their ids, and keeps the id; a SELECT
 * value in doubt says to write the cell exactly; the dry run's words point at that choice.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Mapping } from '../../core/index.ts';
import { loadDemoAccount } from '../../sandbox/index.ts';
import { openBrowserSession, type BrowserSession } from './browser-harness.ts';
import { checkEveryRow, dryRunStat, fixWords } from './send-in-browser.ts';
import { callVerb } from './http-bridge.ts';
import { runPython } from '../helpers/run-python.ts';

let session: BrowserSession;
let page: Page;
let file = '';

const WRITE_CSV = `
import csv, sys
head = ['Claim Number', 'Date Received', 'Case Type', 'Carrier', 'Country', 'Adjuster Last',
        'Adjuster Email', 'Flags', 'Priority']
cells = [('LA-1', 'Rush', 'High'), ('LA-2', 'Litigation; RUSH', 'Normal'), ('LA-3', 'Litigation', 'high'),
         ('LA-4', 'Litigation', 'Normal'), ('LA-5', 'Litigation', 'HIGH')]
rows = [head] + [[claim, '2026-12-01', 'Surveillance', 'Acme Mutual', 'US', 'Whitfield',
                  'dana@acme.example', flags, priority]
                 for claim, flags, priority in cells]
with open(sys.argv[1], 'w', newline='', encoding='utf-8') as out:
    csv.writer(out).writerows(rows)
`;

const stat = (kind: string) => dryRunStat(page, kind);

const checkEveryRowOnPage = () => checkEveryRow(page);

const fixWordsOnPage = (text: string, column: string) => fixWords(page, text, column);

beforeAll(async () => {
  file = join(mkdtempSync(join(tmpdir(), 'look-alike-values-')), 'flags.csv');
  runPython(WRITE_CSV, [file]);
  const account = await loadDemoAccount();
  account.case_requests = [];
  account.case_flags.push({ id: 35, name: 'rush' });
  account.fields.find((field) => field.id === 12)!.choices = ['Normal', 'High', 'HIGH', 'Urgent'];
  session = await openBrowserSession({ log: () => {}, sandbox: { account, rate: 1000 } });
  page = session.page;
}, 120_000);
afterAll(async () => {
  await session?.close();
});

it('the Columns step asks which look-alike a value means, keeps its id, and the dry run points there', async () => {
  await page.setInputFiles('#file-input', file);
  await page.getByRole('button', { name: 'Next: match columns' }).click();
  await page.getByRole('heading', { name: 'Match your columns to Trackops fields' }).waitFor();

  // "Rush" and "RUSH" are one question (one "values" key takes both), offering the two flags told apart.
  const flags = page.getByRole('group', { name: 'Value mapping for Flags' });
  await expect(flags.locator('label > span:first-child').allTextContents()).resolves.toEqual([
    '“Rush” or “RUSH” means',
  ]);
  await expect(flags.locator('select option').allTextContents()).resolves.toEqual([
    '(not chosen — row will be flagged)',
    "'Rush' (id 31)",
    "'rush' (id 35)",
  ]);
  // A choice written exactly ("High", "HIGH") is that choice; "high" is in doubt, and only the cell can say.
  const priority = page.getByRole('group', { name: 'Value mapping for Priority' });
  await expect(priority.locator('label > span:first-child').allTextContents()).resolves.toEqual([
    '“high” means',
  ]);
  await expect(priority.locator('label > span:nth-child(2)').textContent()).resolves.toBe(
    "one of 'High', 'HIGH', which differ only in letter case: Trackops keeps them apart, so write each cell exactly as the choice it means",
  );

  // Nothing chosen: the refusal says, in the app's words, where to choose.
  await checkEveryRowOnPage();
  await expect(stat('bad')).resolves.toBe(3);
  await expect(fixWordsOnPage('LA-1', 'Flags')).resolves.toBe(
    "Flags 'Rush' matches several (names are matched whatever their letter case and spaces): 'Rush' (id 31), " +
      "'rush' (id 35); choose which one where the Columns step asks what “Rush” means (under the column), and " +
      'every cell holding it is read as that one, or make the names unique in Trackops',
  );

  // Chosen: the rows holding either spelling are valid, and the template keeps the id under one key.
  await page.getByRole('button', { name: 'Back to mapping' }).click();
  await page.getByRole('heading', { name: 'Match your columns to Trackops fields' }).waitFor();
  await flags.locator('select').selectOption('31');
  await checkEveryRowOnPage();
  await expect(stat('bad')).resolves.toBe(1);
  await expect(fixWordsOnPage('LA-3', 'Priority')).resolves.toContain(
    "Priority 'high' matches several choices that differ only in letter case: 'High', 'HIGH'",
  );
  await page.getByRole('button', { name: 'Back to mapping' }).click();
  await page.getByLabel('Template name').fill('flags');
  await page.getByRole('button', { name: 'Save template' }).click();
  await page.getByText(/^Saved template “flags”\./).waitFor();
  const saved = await callVerb<Mapping>(session.app, 'loadTemplate', { name: 'flags' });
  expect(saved.columns.find((column) => column.column === 'Flags')).toMatchObject({
    target: 'case_flags_list',
    values: { Rush: '31' },
  });
  expect(session.pageErrors).toEqual([]);
}, 120_000);
