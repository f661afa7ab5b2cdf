/**
 * The plan's rule for rows of one update/upsert sheet for the same request (core/validate/same-request.ts,
 * explore 33 item 4), against the sandbox over real HTTP: what joins a request's rows and what keeps
 * the rule of a repeated key.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTrackopsApi } from '../../core/api/client.ts';
import { createPacer } from '../../core/pace/pacer.ts';
import type { Cell, Mapping, RowOutcome, TrackopsApi } from '../../core/index.ts';
import { parseMapping, validateRows } from '../../core/index.ts';
import { planImport } from '../../core/validate/plan-import.ts';
import { startSandbox, type RunningSandbox } from '../../sandbox/index.ts';
import {
  cellsOf,
  collect,
  CREATE_HEADERS,
  CREATE_MAPPING,
  demoReference,
  GOOD_ROW,
  REQUIRED_CONSTANTS,
  sheetOf,
} from './helpers.ts';
import { CLI_WAYS_OUT } from '../../cli/ways-out.ts';
import { CLI_CONNECTION_WORDS } from '../../cli/connection-words.ts';

let sandbox: RunningSandbox;
let api: TrackopsApi;
const reference = demoReference();
const HEADERS = ['Claim #', 'Status note', 'Due'];

beforeAll(async () => {
  sandbox = await startSandbox({ rate: 1000 });
  api = createTrackopsApi(
    { words: CLI_CONNECTION_WORDS, baseUrl: sandbox.baseUrl, user: sandbox.username, token: sandbox.token },
    { pacer: createPacer({ ratePerSecond: 500, concurrency: 1 }) },
  );
});
afterAll(() => sandbox.close());

const mappingFor = (mode: 'update' | 'upsert'): Mapping =>
  parseMapping(
    {
      version: 1,
      mode,
      match: 'reference_value_1',
      ...(mode === 'upsert' ? { constants: REQUIRED_CONSTANTS } : {}),
      columns: [
        { column: 'Claim #', target: 'reference_value_1' },
        { column: 'Status note', target: 'notes' },
        { column: 'Due', target: 'due_on', dateFormat: 'M/D/YYYY' },
      ],
    },
    `${mode}.json`,
  );

async function plan(mode: 'update' | 'upsert', rows: Cell[][]): Promise<RowOutcome[]> {
  const mapping = mappingFor(mode);
  const checked = validateRows(sheetOf(HEADERS, rows), mapping, { reference });
  return collect(planImport(checked, api, mapping, { waysOut: CLI_WAYS_OUT, reference, headers: HEADERS }));
}

const row = (claim: string, note: string, due = '') =>
  cellsOf({ 'Claim #': claim, 'Status note': note, Due: due }, HEADERS);
const verdicts = (outcomes: RowOutcome[]) =>
  outcomes.map((outcome) => [outcome.row, outcome.status, outcome.problems.map((one) => one.code)]);

describe('rows of one sheet for the same request', () => {
  it('a field one row sets and the other leaves blank is a difference too, said with what the blank does', async () => {
    const outcomes = await plan('update', [
      row('CLM-2026-010437', 'Closed', '12/1/2026'),
      row('CLM-2026-010437', 'Closed'),
    ]);
    expect(verdicts(outcomes)).toEqual([
      [2, 'invalid', ['conflicting_rows_in_file']],
      [3, 'invalid', ['conflicting_rows_in_file']],
    ]);
    expect(outcomes[1]!.problems[0]).toMatchObject({ column: 'Due', value: null });
    expect(outcomes[1]!.problems[0]!.message).toContain(
      "(REQ-00002, Claim # 'CLM-2026-010437') with other values: Due '12/1/2026' in row 2, blank (kept as it is) here.",
    );
  });

  it('upsert: two rows for a new request with different values create nothing; with the same values, one', async () => {
    const outcomes = await plan('upsert', [
      row('NEW-1', 'one'),
      row('NEW-1', 'two'),
      row('NEW-2', 'same'),
      row('NEW-2', 'same'),
    ]);
    expect(verdicts(outcomes)).toEqual([
      [2, 'invalid', ['conflicting_rows_in_file']],
      [3, 'invalid', ['conflicting_rows_in_file']],
      [4, 'valid', []],
      [5, 'invalid', ['duplicate_in_file']],
    ]);
    expect(outcomes[0]!.problems[0]!.message).toMatch(
      /^Row 3 is for the same case request \(a new one, Claim # 'NEW-1'\)/,
    );
    expect(outcomes[2]!.action).toBe('create');
  });

  it('upsert rows that would create one request with other subjects: said by the subject column that differs', async () => {
    const upsert = parseMapping({ ...CREATE_MAPPING, mode: 'upsert' }, 'upsert.json');
    const rows = [GOOD_ROW, { ...GOOD_ROW, Claimant: 'Roe, Jane' }].map((values) => cellsOf(values));
    const outcomes = await collect(
      planImport(validateRows(sheetOf(CREATE_HEADERS, rows), upsert, { reference }), api, upsert, {
        waysOut: CLI_WAYS_OUT,
        reference,
        headers: CREATE_HEADERS,
      }),
    );
    expect(outcomes.map((outcome) => outcome.problems.map((one) => one.code))).toEqual([
      ['conflicting_rows_in_file'],
      ['conflicting_rows_in_file'],
    ]);
    expect(outcomes[0]!.problems[0]).toMatchObject({ column: 'Claimant', value: 'Doe, John B' });
    expect(outcomes[0]!.problems[0]!.message).toContain(
      "(a new one, Claim # 'CLM-100') with other values: Claimant 'Doe, John B' here, 'Roe, Jane' in row 3.",
    );
  });

  it('three rows: all refused when one differs, each naming the rows with other values and apart those repeating its own', async () => {
    const outcomes = await plan('update', [
      row('CLM-2026-010437', 'A'),
      row('CLM-2026-010437', 'A'),
      row('CLM-2026-010437', 'B'),
    ]);
    expect(outcomes.every((outcome) => outcome.status === 'invalid' && !outcome.body)).toBe(true);
    expect(outcomes[0]!.problems[0]!.message).toBe(
      "Row 4 is for the same case request (REQ-00002, Claim # 'CLM-2026-010437') with other values: " +
        "Status note 'A' here, 'B' in row 4. Row 3 repeats this row's values. None of these rows is sent: keep the row you mean, delete the others, and import again",
    );
    expect(outcomes[2]!.problems[0]!.message).toBe(
      "Rows 2 and 3 are for the same case request (REQ-00002, Claim # 'CLM-2026-010437') with other values: " +
        "Status note 'A' in row 2, 'A' in row 3, 'B' here. None of these rows is sent: keep the row you mean, delete the others, and import again",
    );
  });

  it('keeps the rule of a repeated key where the rows cannot be for one request: a key spelled otherwise, a first row refused', async () => {
    const outcomes = await plan('update', [
      row('CLM-2026-010437', 'A'),
      row('clm-2026-010437', 'B'),
      row('CLM-2026-010474', 'C', '31/31/2026'),
      row('CLM-2026-010474', 'D'),
    ]);
    expect(verdicts(outcomes)).toEqual([
      [2, 'valid', []],
      [3, 'invalid', ['duplicate_in_file']],
      [4, 'invalid', ['nonexistent_date']],
      [5, 'invalid', ['duplicate_in_file']],
    ]);
    expect(outcomes[3]!.problems[0]!.message).toBe(
      "Claim # 'CLM-2026-010474' is also in row 4; each Claim # may appear once",
    );
  });
});
