/**
 * The sample files of samples/README.md through the real reader and the validator: exactly the rows its
 * table lists are wrong (6 offline, all 11 with the account), and every body built from them is created
 * by the sandbox over HTTP (client and server agree).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  fileSource,
  loadMappingFile,
  openSheet,
  summarize,
  validateRows,
  type Mapping,
  type RowOutcome,
} from '../../core/index.ts';
import { startSandbox, type RunningSandbox } from '../../sandbox/index.ts';
import { collect, demoReference } from './helpers.ts';

const samples = (name: string) => new URL(`../../samples/${name}`, import.meta.url).pathname;
const reference = demoReference();
const settings = { require_client_address: false, require_client_phone: false };
let mapping: Mapping;
let sandbox: RunningSandbox;

beforeAll(async () => {
  mapping = await loadMappingFile(samples('referrals-template.json'));
  sandbox = await startSandbox({ rate: 1000 });
});
afterAll(async () => {
  await sandbox.close();
});

async function validate(file: string, connected: boolean): Promise<RowOutcome[]> {
  const sheet = await openSheet(fileSource(samples(file)), { sheet: mapping.source?.sheet });
  return collect(validateRows(sheet, mapping, connected ? { reference, settings } : {}));
}

const WRONG = [
  [7, 'Adjuster Email', 'bob@', 'invalid_email', true],
  [10, 'Region', 'Mtn West', 'lookup_not_found', false],
  [13, 'Date Received', '2/30/2026', 'nonexistent_date', true],
  [16, 'Adjuster Last', '', 'required_blank', true],
  [19, 'Carrier State', 'Colorado', 'invalid_state', true],
  [22, 'Country', 'Canda', 'invalid_country', true],
  [25, 'Priority', 'ASAP', 'invalid_choice', false],
  [28, 'Services', 'Hypnosis', 'lookup_not_found', false], // the offending item of the list cell
  [31, 'Budget', '$1,5OO.00', 'invalid_number', true],
  [33, 'Claimant', '', 'required_subject_field', false],
  [34, 'Vehicle Year', 'nineteen', 'invalid_number', false],
] as const;

const problemsOf = (outcomes: RowOutcome[]) =>
  outcomes.flatMap((outcome) => outcome.problems.map((p) => [p.row, p.column, p.value, p.code]));

describe('samples/referrals-messy.xlsx with referrals-template.json', () => {
  it('offline: exactly the six rows the README lists as found offline, one problem each', async () => {
    const outcomes = await validate('referrals-messy.xlsx', false);
    expect(summarize(outcomes)).toEqual({ rows: 30, valid: 24, invalid: 6, skippedBlank: 0 });
    expect(problemsOf(outcomes)).toEqual(WRONG.filter((wrong) => wrong[4]).map((wrong) => wrong.slice(0, 4)));
  });

  it('connected: all eleven, and every valid body is created by the sandbox', async () => {
    const outcomes = await validate('referrals-messy.xlsx', true);
    expect(summarize(outcomes)).toEqual({ rows: 30, valid: 19, invalid: 11, skippedBlank: 0 });
    expect(problemsOf(outcomes)).toEqual(WRONG.map((wrong) => wrong.slice(0, 4)));
    for (const outcome of outcomes.filter((o) => o.status === 'valid')) {
      const response = await fetch(`${sandbox.baseUrl}/case/requests`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          accept: 'application/json',
          authorization: `Basic ${Buffer.from(`${sandbox.username}/token:${sandbox.token}`).toString('base64')}`,
        },
        body: JSON.stringify({ casefile_request: outcome.body }),
      });
      expect(response.status, `row ${outcome.row}: ${await response.clone().text()}`).toBe(201);
    }
  });
});

describe('samples/referrals-clean.csv', () => {
  it('all ten rows valid offline and against the demo account', async () => {
    expect(summarize(await validate('referrals-clean.csv', false)).valid).toBe(10);
    const connected = await validate('referrals-clean.csv', true);
    expect(summarize(connected)).toEqual({ rows: 10, valid: 10, invalid: 0, skippedBlank: 0 });
    expect(connected.every((outcome) => outcome.body !== undefined)).toBe(true);
  });
});
