/**
 * The Columns step's "“…” means" choices are the mapping's `values` (CONTRACTS section 2), and they
 * reach every cell the dry run reads, in a real browser against the built-in sandbox: a list column
 * (Services "Surv; Social Media Search") lists each item, and the choice made for an item is applied to
 * the item in every cell (core applied `values` to whole cells only, so the row was refused for "Surv"
 * whatever was chosen); a refused item or SELECT value says, in the app's words, where to choose what it
 * means; the template saved keeps the choices as the step showed them, keyed by item. The file is
 * written by Python's csv module.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Mapping } from '../../core/index.ts';
import { openBrowserSession, type BrowserSession } from './browser-harness.ts';
import { checkEveryRow, dryRunStat, fixWords } from './send-in-browser.ts';
import { callVerb } from './http-bridge.ts';
import { runPython } from '../helpers/run-python.ts';

let session: BrowserSession;
let page: Page;
let file = '';

// One refused value per column in five rows: the suggestion keeps both columns mapped (a column mostly
// of names the account lacks is left for a person instead).
const WRITE_CSV = `
import csv, sys
head = ['Claim Number', 'Date Received', 'Case Type', 'Carrier', 'Country', 'Adjuster Last',
        'Adjuster Email', 'Claimant', 'Services', 'Priority']
cells = [('LI-1', 'Surveillance', 'High'), ('LI-2', 'Surv; Social Media Search', 'Normal'),
         ('LI-3', 'Skip Trace', 'Whenever'), ('LI-4', 'Skip Trace; Surveillance', 'Urgent'),
         ('LI-5', 'Social Media Search', 'High')]
rows = [head] + [[claim, '2026-12-01', 'Surveillance', 'Acme Mutual', 'US', 'Whitfield',
                  'dana@acme.example', 'Alvarez, Sofia', services, priority]
                 for claim, services, priority in cells]
with open(sys.argv[1], 'w', newline='', encoding='utf-8') as out:
    csv.writer(out).writerows(rows)
`;

const stat = (kind: string) => dryRunStat(page, kind);

const checkEveryRowOnPage = () => checkEveryRow(page);

const fixWordsOnPage = (text: string, column: string) => fixWords(page, text, column);

beforeAll(async () => {
  file = join(mkdtempSync(join(tmpdir(), 'list-item-values-')), 'services.csv');
  runPython(WRITE_CSV, [file]);
  session = await openBrowserSession();
  page = session.page;
}, 120_000);
afterAll(async () => {
  await session?.close();
});

it("a list column's items are translated as the Columns step chose, a refusal says where to choose, and the template keeps the choices", async () => {
  await page.setInputFiles('#file-input', file);
  await page.getByRole('button', { name: 'Next: match columns' }).click();
  await page.getByRole('heading', { name: 'Match your columns to Trackops fields' }).waitFor();
  // The list column's items are asked about one by one, never the cell "Surv; Social Media Search".
  const services = page.getByRole('group', { name: 'Value mapping for Services' });
  await expect(services.locator('label > span:first-child').allTextContents()).resolves.toEqual([
    '“Surv” means',
  ]);
  const priority = page.getByRole('group', { name: 'Value mapping for Priority' });
  await expect(priority.locator('label > span:first-child').allTextContents()).resolves.toEqual([
    '“Whenever” means',
  ]);

  // Nothing chosen: each refusal says, in the app's words, where to say what the value means.
  await checkEveryRowOnPage();
  await expect(stat('bad')).resolves.toBe(2);
  await expect(fixWordsOnPage('Surv; Social Media Search', 'Services')).resolves.toBe(
    "Services 'Surv' is not one of: Background Investigation, Neighborhood Canvass, Recorded Statement, Skip Trace, " +
      'Social Media Search, Surveillance; if it means one of them, choose that name where the Columns step asks ' +
      'what “Surv” means (under the column), and every cell holding it is read as that name',
  );
  await expect(fixWordsOnPage('Whenever', 'Priority')).resolves.toBe(
    "Priority 'Whenever' is not one of: Normal, High, Urgent; if it means one of them, choose it where the " +
      'Columns step asks what “Whenever” means (under the column), and every cell holding it is read as that choice',
  );

  // Done as said, every row is valid: the item's choice reaches the cell that lists it with another.
  await page.getByRole('button', { name: 'Back to mapping' }).click();
  await page.getByRole('heading', { name: 'Match your columns to Trackops fields' }).waitFor();
  await services.locator('select').selectOption('Surveillance');
  await priority.locator('select').selectOption('Normal');
  await checkEveryRowOnPage();
  await expect(stat('bad')).resolves.toBe(0);
  await expect(stat('ok')).resolves.toBe(5);

  // The template saved carries the choices as the Columns step showed them: keyed by the item.
  await page.getByRole('button', { name: 'Back to mapping' }).click();
  await page.getByLabel('Template name').fill('services');
  await page.getByRole('button', { name: 'Save template' }).click();
  await page.getByText(/^Saved template “services”\./).waitFor();
  const saved = await callVerb<Mapping>(session.app, 'loadTemplate', { name: 'services' });
  const column = (name: string) => saved.columns.find((each) => each.column === name);
  expect(column('Services')).toMatchObject({
    target: 'case_services_list',
    split: ';',
    values: { Surv: 'Surveillance' },
  });
  expect(column('Priority')).toMatchObject({ target: 'custom_fields.12', values: { Whenever: 'Normal' } });
  expect(session.pageErrors).toEqual([]);
}, 120_000);
