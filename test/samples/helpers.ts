/**
 * The samples as the tests use them: the real reader, the real mapping loader, the real validator, and
 * the demo account as the reference data (the sandbox serves the same file).
 */
import { readFile } from 'node:fs/promises';
import {
  fileSource,
  loadMappingFile,
  openSheet,
  validateRows,
  type AccountReference,
  type AccountSettings,
  type Mapping,
  type RowOutcome,
  type SheetSource,
} from '../../core/index.ts';

const sample = (name: string): string => new URL(`../../samples/${name}`, import.meta.url).pathname;
export const MESSY = sample('referrals-messy.xlsx');
export const CLEAN = sample('referrals-clean.csv');
export const TEMPLATE = sample('referrals-template.json');
export const DEMO_ACCOUNT = sample('demo-account.json');

/** The bad rows of referrals-messy.xlsx as samples/README.md lists them: row → [column, target, value]. */
export const BAD_ROWS: Record<number, { column: string; target: string; value: string; offline: boolean }> = {
  7: { column: 'Adjuster Email', target: 'contact.email', value: 'bob@', offline: true },
  10: { column: 'Region', target: 'case_region_id', value: 'Mtn West', offline: false },
  13: { column: 'Date Received', target: 'created_on', value: '2/30/2026', offline: true },
  16: { column: 'Adjuster Last', target: 'contact.last_name', value: '', offline: true },
  19: { column: 'Carrier State', target: 'client.state', value: 'Colorado', offline: true },
  22: { column: 'Country', target: 'client.country', value: 'Canda', offline: true },
  25: { column: 'Priority', target: 'custom_fields.12', value: 'ASAP', offline: false },
  28: { column: 'Services', target: 'case_services_list', value: 'Hypnosis', offline: false },
  31: { column: 'Budget', target: 'budget_money', value: '$1,5OO.00', offline: true },
  33: { column: 'Claimant', target: 'subjects.0.custom_fields.101', value: '', offline: false },
  34: { column: 'Vehicle Year', target: 'subjects.1.custom_fields.205', value: 'nineteen', offline: false },
};

export async function demoReference(): Promise<{ reference: AccountReference; settings: AccountSettings }> {
  const account = JSON.parse(await readFile(DEMO_ACCOUNT, 'utf8'));
  return { reference: account, settings: account.settings };
}

export async function validateSample(
  path: string,
  live: boolean,
): Promise<{ sheet: SheetSource; mapping: Mapping; outcomes: RowOutcome[] }> {
  const mapping = await loadMappingFile(TEMPLATE);
  const sheet = await openSheet(fileSource(path), { sheet: 'Referrals' });
  const outcomes: RowOutcome[] = [];
  for await (const outcome of validateRows(sheet, mapping, live ? await demoReference() : {}))
    outcomes.push(outcome);
  return { sheet, mapping, outcomes };
}
