/**
 * Two rows of an update sheet for one request, in the app (explore 33 item 4), through browser mode's
 * HTTP bridge against the built-in sandbox, with a sheet written by Python's csv module: the dry run
 * refuses both rows as the CLI does; an inline fix that makes them agree, or leaving one of them out,
 * clears the other row's refusal at once (the grid gets it with the fix), with no look-up beyond the
 * fix's own; the send then writes the row kept.
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CellFixed, GridRow } from '../../main/bridge/contract.ts';
import { startWebApp, type RunningWebApp } from '../../main/web/web-app.ts';
import { callVerb, finishedDryRun, finishedImport, openFile } from './http-bridge.ts';
import { runPython } from '../helpers/run-python.ts';

const OLDER = 'Surveillance scheduled 12/1';
const NEWER = 'Surveillance done 12/3: report sent';
/** The demo account's REQ-00002. */
const CLAIM = 'CLM-2026-010437';

const MAPPING = {
  version: 1,
  mode: 'update',
  match: 'reference_value_1',
  columns: [
    { column: 'Claim #', target: 'reference_value_1' },
    { column: 'Status note', target: 'notes' },
  ],
};

let app: RunningWebApp;
let file = '';
const call = <T>(verb: string, payload: unknown) => callVerb<T>(app, verb, payload);

beforeAll(async () => {
  app = await startWebApp({ staticDir: '/nonexistent', log: () => {} });
  file = join(await mkdtemp(join(tmpdir(), 'app-same-request-')), 'status.csv');
  const rows = [
    ['Claim #', 'Status note'],
    [CLAIM, OLDER],
    ['CLM-2026-010474', 'Closed'],
    [CLAIM, NEWER],
  ];
  const script =
    'import csv,json,sys\ncsv.writer(open(sys.argv[1],"w",newline="")).writerows(json.loads(sys.argv[2]))';
  runPython(script, [file, JSON.stringify(rows)]);
});
afterAll(() => app.close());

async function dryRun(): Promise<{ runId: string; rows: GridRow[] }> {
  const source = await openFile(app, file);
  await call('previewSheet', { sourceId: source.sourceId });
  const { runId } = await call<{ runId: string }>('startDryRun', {
    sourceId: source.sourceId,
    profileId: 'sandbox',
    mapping: MAPPING,
  });
  return { runId, rows: (await finishedDryRun(app, runId)).rows };
}

const codes = (row: GridRow | undefined) => row?.problems.map((problem) => problem.code);
const notes = () => app.sandbox.account().case_requests.find((request) => request.id === 2)?.notes;

describe('two rows of an update sheet for one request, in the app', { timeout: 60_000 }, () => {
  it('a fix that makes them agree, then leaving the older out, clears the other row; the send writes the row kept', async () => {
    const { runId, rows } = await dryRun();
    expect(rows.map((row) => [row.row, row.status, codes(row)])).toEqual([
      [2, 'invalid', ['conflicting_rows_in_file']],
      [3, 'valid', []],
      [4, 'invalid', ['conflicting_rows_in_file']],
    ]);
    expect(rows[0]!.problems[0]!.message).toContain(`Status note '${OLDER}' here, '${NEWER}' in row 4`);

    // Row 2 fixed to row 4's note: the two agree, so row 2 is sent and row 4 is its duplicate, said with
    // the fix (row 4 was not re-checked, nor looked up again).
    const before = app.sandbox.stats().requests;
    const agreed = await call<CellFixed>('fixCell', { runId, row: 2, column: 'Status note', value: NEWER });
    expect(agreed.row).toMatchObject({ row: 2, status: 'valid', action: 'update' });
    expect(agreed.also?.map((row) => [row.row, row.status, codes(row)])).toEqual([
      [4, 'invalid', ['duplicate_in_file']],
    ]);
    // No more than a fix's own look-up of its key (a count and one page), as for any fix.
    expect(app.sandbox.stats().requests - before).toBeLessThanOrEqual(2);

    // Back to the older note: both refused again.
    const differ = await call<CellFixed>('fixCell', { runId, row: 2, column: 'Status note', value: OLDER });
    expect(codes(differ.row)).toEqual(['conflicting_rows_in_file']);
    expect(differ.also?.map((row) => [row.row, codes(row)])).toEqual([[4, ['conflicting_rows_in_file']]]);

    // The clerk leaves the older row out: row 4 alone is for the request, and is sent.
    const left = await call<CellFixed>('leaveRowOut', { runId, row: 2, leave: true });
    expect(left.row).toMatchObject({ row: 2, status: 'skipped' });
    expect(left.also?.map((row) => [row.row, row.status, row.action])).toEqual([[4, 'valid', 'update']]);
    expect(left.summary).toMatchObject({ valid: 2, invalid: 0 });

    await call('startImport', { runId, profileId: 'sandbox' });
    expect(await finishedImport(app, runId)).toMatchObject({ state: 'done', updated: 2 });
    expect(notes()).toBe(NEWER);
  });
});
