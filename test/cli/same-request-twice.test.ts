/**
 * Two rows of one update sheet for the same request (explore 33 item 4): the carrier appended the newer
 * status of a claim below the older. Through the CLI over real HTTP against the sandbox, with a sheet
 * written by Python's csv module:
 * - rows that set different values are both refused (neither is sent), each naming the other row, the
 *   column that differs with both values, and what to do; `validate` says the same before the import;
 * - rows that repeat the same values keep the rule of a repeated key: the first is sent, the other is a
 *   duplicate said as such;
 * - `--resume` settles them the same way and sends nothing more;
 * - the clerk deletes the row not meant and imports again: the row kept is sent.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadDemoAccount, startSandbox, type RunningSandbox } from '../../sandbox/index.ts';
import { tempDir } from '../report/helpers.ts';
import { runCli } from './run-cli.ts';
import { runPython } from '../helpers/run-python.ts';

let sandbox: RunningSandbox;
let dir: string;

const OLDER = 'Surveillance scheduled 12/1';
const NEWER = 'Surveillance done 12/3: report sent';

beforeEach(async () => {
  const account = await loadDemoAccount();
  const model = account.case_requests[0]!;
  for (const [id, claim] of [
    [101, 'CLM-S-0001'],
    [102, 'CLM-S-0002'],
  ] as const)
    account.case_requests.push({
      ...structuredClone(model),
      id,
      case_request_number: `REQ-00${id}`,
      reference_value_1: claim,
      notes: 'Referral received',
      subjects: [],
      primary_subject_id: null,
    } as (typeof account.case_requests)[number]);
  sandbox = await startSandbox({ port: 0, rate: 1000, account });
  dir = await tempDir();
});
afterEach(() => sandbox.close());

/** The sheet as a carrier's CSV: written by Python's csv module. */
function sheet(rows: string[][]): string {
  const path = join(dir, 'status.csv');
  const script =
    'import csv,json,sys\ncsv.writer(open(sys.argv[1],"w",newline="")).writerows(json.loads(sys.argv[2]))';
  runPython(script, [path, JSON.stringify([['Claim #', 'Status note'], ...rows])]);
  return path;
}

async function mapping(): Promise<string> {
  const path = join(dir, 'status.json');
  await writeFile(
    path,
    JSON.stringify({
      version: 1,
      mode: 'update',
      match: 'reference_value_1',
      columns: [
        { column: 'Claim #', target: 'reference_value_1' },
        { column: 'Status note', target: 'notes' },
      ],
    }),
  );
  return path;
}

const cli = (args: string[]) =>
  runCli([...args, '--url', sandbox.baseUrl, '--user', sandbox.username, '--rate', '200/s'], {
    TRACKOPS_TOKEN: sandbox.token,
  });

const notesOf = (id: number) => sandbox.account().case_requests.find((request) => request.id === id)?.notes;

interface ReportRow {
  row: number;
  status: string;
  errors: { code: string; column: string | null; value: string | null; message: string }[];
}

describe('two rows of an update sheet for one request', () => {
  it('different values: neither is sent, each names the other with both values; the same values: the first is sent', async () => {
    const file = sheet([
      ['CLM-S-0001', OLDER],
      ['CLM-S-0002', 'Closed'],
      ['CLM-S-0001', NEWER],
      ['CLM-S-0002', 'Closed'],
    ]);
    const map = await mapping();

    const report = join(dir, 'dry-run.json');
    const checked = await cli(['validate', file, '--mapping', map, '--report', report]);
    expect(checked.code).toBe(1);
    const rows = (JSON.parse(await readFile(report, 'utf8')) as { rows: ReportRow[] }).rows;
    expect(rows.map((row) => [row.row, row.status, row.errors.map((error) => error.code)])).toEqual([
      [2, 'invalid', ['conflicting_rows_in_file']],
      [3, 'valid', []],
      [4, 'invalid', ['conflicting_rows_in_file']],
      [5, 'invalid', ['duplicate_in_file']],
    ]);
    const [older] = rows[0]!.errors;
    expect(older).toMatchObject({ column: 'Status note', value: OLDER });
    expect(older!.message).toBe(
      `Row 4 is for the same case request (REQ-00101, Claim # 'CLM-S-0001') with other values: ` +
        `Status note '${OLDER}' here, '${NEWER}' in row 4. ` +
        'Neither row is sent: keep the row you mean, delete the other, and import again',
    );
    expect(rows[2]!.errors[0]!.message).toContain(`Status note '${OLDER}' in row 2, '${NEWER}' here`);
    expect(rows[3]!.errors[0]!.message).toBe(
      "Claim # 'CLM-S-0002' is also in row 3; each Claim # may appear once",
    );

    const results = join(dir, 'results.json');
    const imported = await cli(['import', file, '--mapping', map, '--results', results]);
    expect(imported.code).toBe(1);
    // The dry run's words, on the terminal too.
    expect(imported.stdout).toContain(`row 2: Status note = '${OLDER}': Row 4 is for the same case request`);
    expect(notesOf(101)).toBe('Referral received');
    expect(notesOf(102)).toBe('Closed');
    const statuses = async () =>
      (JSON.parse(await readFile(results, 'utf8')) as { rows: { row: number; status: string }[] }).rows.map(
        (row) => [row.row, row.status],
      );
    expect(await statuses()).toEqual([
      [2, 'invalid'],
      [3, 'updated'],
      [4, 'invalid'],
      [5, 'invalid'],
    ]);

    // A resume of that run settles the two rows as the run did, and sends neither.
    const resumed = await cli(['import', file, '--mapping', map, '--results', results, '--resume']);
    expect(resumed.code).toBe(1);
    expect(resumed.stdout).toContain('row 4: Status note');
    expect(notesOf(101)).toBe('Referral received');
    expect(await statuses()).toEqual([
      [2, 'invalid'],
      [3, 'updated'],
      [4, 'invalid'],
      [5, 'invalid'],
    ]);

    // The clerk keeps the newer row, deletes the older, and imports again: the newer is sent.
    const kept = sheet([
      ['CLM-S-0002', 'Closed'],
      ['CLM-S-0001', NEWER],
    ]);
    const again = await cli(['import', kept, '--mapping', map, '--results', join(dir, 'again.json')]);
    expect(again.code).toBe(0);
    expect(notesOf(101)).toBe(NEWER);
  });
});
