/**
 * Dates before 1900-03-01 in an XLSX export, as Excel's calendar reads them: Excel counts 1 = 1900-01-01
 * and keeps a 1900-02-29 that never was (serial 60), so before, 1900-01-01 was written as serial 2 (which
 * Excel shows as 1900-01-02) and 1900-02-28 as serial 60 (1900-02-29), and an unedited round-trip file
 * came back with those cells "edited" and invalid. openpyxl reads with Excel's calendar; the round trip
 * is read back by the tool's own reader against the sandbox over HTTP.
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CLI_WAYS_OUT } from '../../cli/ways-out.ts';
import { exportCaseRequests, prepareRoundTripImport, type RowOutcome } from '../../core/index.ts';
import { loadDemoAccount, startSandbox, type RunningSandbox } from '../../sandbox/index.ts';
import { fileSource } from './helpers.ts';
import { sandboxApi, type ExportApi } from './sandbox-api.ts';
import { runPythonAsync } from '../helpers/run-python.ts';

let sandbox: RunningSandbox;
let api: ExportApi;
let dir: string;

beforeEach(async () => {
  const account = await loadDemoAccount();
  const [first, second] = account.case_requests as [
    (typeof account.case_requests)[number],
    (typeof account.case_requests)[number],
  ];
  const setField = (request: typeof first, id: number, value: string) => {
    for (const field of [...request.custom_fields, ...request.subjects.flatMap((s) => s.custom_fields)])
      if (field.id === id) field.value = value;
  };
  // A placeholder birth date (1900-01-01), the last day before Excel's 1900-02-29, a day before 1900.
  setField(first, 102, '1900-01-01');
  setField(first, 15, '1900-02-28');
  first.due_on = '1899-12-31';
  second.created_on = '1900-03-01';
  second.due_on = '1900-01-02';
  account.case_requests = [first, second];
  sandbox = await startSandbox({ port: 0, rate: 1000, account });
  api = sandboxApi(sandbox);
  dir = await mkdtemp(join(tmpdir(), 'excel-1900-'));
});
afterEach(() => sandbox.close());

async function exported(preset: 'report' | 'round-trip'): Promise<string> {
  const out = join(dir, `${preset}.xlsx`);
  await exportCaseRequests({
    api,
    filters: {},
    format: 'xlsx',
    preset,
    out,
    reference: await api.getReference(),
    accountLabel: `${sandbox.baseUrl} as ${sandbox.username}`,
  });
  return out;
}

/** Row by row, each named column's cell as openpyxl (Excel's 1900 calendar) reads it. */
async function openpyxlCells(path: string, headers: string[]): Promise<unknown[][]> {
  const script = `
import json, sys, datetime, openpyxl
ws = openpyxl.load_workbook(sys.argv[1])['Case Requests']
head = [c.value for c in ws[1]]
def shown(v):
    return ['date', v.date().isoformat()] if isinstance(v, datetime.datetime) else ['text', v]
print(json.dumps([[shown(row[head.index(h)].value) for h in json.loads(sys.argv[2])] for row in ws.iter_rows(min_row=2)]))
`;
  const { stdout } = await runPythonAsync(script, [path, JSON.stringify(headers)]);
  return JSON.parse(stdout);
}

describe('XLSX dates before 1900-03-01', () => {
  it("are the same days in Excel's calendar; before 1900 they are text", async () => {
    const report = await exported('report');
    expect(
      await openpyxlCells(report, ['Claimant: Date of Birth', 'Date of Loss', 'Due', 'Received']),
    ).toEqual([
      [['date', '1900-01-01'], ['date', '1900-02-28'], ['text', '1899-12-31'], expect.anything()],
      [expect.anything(), expect.anything(), ['date', '1900-01-02'], ['date', '1900-03-01']],
    ]);
  });

  it('an unedited round-trip file comes back unedited', async () => {
    const roundTrip = await exported('round-trip');
    expect(
      await openpyxlCells(roundTrip, [
        'subjects.0.custom_fields.102',
        'custom_fields.15',
        'due_on',
        'created_on',
      ]),
    ).toEqual([
      [['date', '1900-01-01'], ['date', '1900-02-28'], ['text', '1899-12-31'], expect.anything()],
      [expect.anything(), expect.anything(), ['date', '1900-01-02'], ['date', '1900-03-01']],
    ]);
    const plan = (await prepareRoundTripImport(fileSource(roundTrip), api, { waysOut: CLI_WAYS_OUT }))!;
    const outcomes: RowOutcome[] = [];
    for await (const outcome of plan.outcomes) outcomes.push(outcome);
    expect(outcomes.flatMap((outcome) => outcome.problems)).toEqual([]);
    expect(plan.summary()).toMatchObject({ rows: 2, changed: 0, unchanged: 2, invalid: 0 });
  });
});
