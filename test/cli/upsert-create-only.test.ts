/**
 * Upsert rows that update cannot send Region, Budget or subjects (seed: the update table has none of
 * them), and say so, through the CLI against a sandbox over real HTTP: the dry run and the import name
 * those columns once; each updating row whose value differs from its request's carries a note (the
 * terminal of the dry run and of the import, the report, the results), stays valid, and its other changes are sent; the blank-cell line
 * lists only columns an update sends; a row that creates says nothing.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ResultsJson, ValidationReport } from '../../core/index.ts';
import { startSandbox, type RunningSandbox } from '../../sandbox/index.ts';
import { tempDir } from '../report/helpers.ts';
import { runCli } from './run-cli.ts';
import { runPython } from '../helpers/run-python.ts';

let sandbox: RunningSandbox;
let dir: string;
let rows: string;
let mapping: string;

const NOTICE =
  "Region (column 'Region'), Budget (money) (column 'Budget'), Claimant 1's columns ('Claimant', 'Claimant DOB') " +
  "and Case type (constant 1) are used when a row creates a request; an update cannot change them (the API's update takes no such field).";

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, rate: 1000 });
  dir = await tempDir();
  rows = join(dir, 'upsert.csv');
  // Row 2 finds request 1 (region Mountain West, budget 1500, claimant Luis A Martinez) and gives
  // other values; row 3 gives what request 2 holds in those columns (only its notes change); row 4 is new.
  runPython(
    'import csv,sys\nw=csv.writer(open(sys.argv[1],"w",newline=""))\nw.writerows([' +
      '["Claim","Received","Region","Budget","Claimant","Claimant DOB","Carrier","Adjuster","Email","Notes"],' +
      '["CLM-2026-010400","11/23/2026","Southeast","$7,777.00","Newname, Zed","","Acme","Dana Whitfield","d@example.com","updated by the clerk"],' +
      '["CLM-2026-010437","11/23/2026","Pacific Northwest","2500","Miller, Robert","8/8/1967","Acme","Dana Whitfield","d@example.com","second"],' +
      '["CLM-2099-000001","11/23/2026","Southeast","100","Doe, Jane","1/2/1990","Acme","Dana Whitfield","d@example.com","new"]])',
    [rows],
  );
  mapping = join(dir, 'upsert.json');
  await writeFile(
    mapping,
    JSON.stringify({
      version: 1,
      mode: 'upsert',
      match: 'reference_value_1',
      constants: { case_type_id: 1, 'client.country': 'US' },
      subjects: [{ subject_type_id: 1, is_primary: true, is_pinned: true }],
      columns: [
        { column: 'Claim', target: 'reference_value_1' },
        { column: 'Received', target: 'created_on', dateFormat: 'M/D/YYYY' },
        { column: 'Region', target: 'case_region_id', lookup: 'case_regions' },
        { column: 'Budget', target: 'budget_money', parse: 'number', decimal: '.' },
        { column: 'Claimant', target: 'subjects.0.custom_fields.101', parse: 'full_name' },
        { column: 'Claimant DOB', target: 'subjects.0.custom_fields.102', dateFormat: 'M/D/YYYY' },
        { column: 'Carrier', target: 'client.name' },
        { column: 'Adjuster', target: 'contact.full_name' },
        { column: 'Email', target: 'contact.email' },
        { column: 'Notes', target: 'notes' },
      ],
    }),
  );
});
afterAll(() => sandbox.close());

const connected = (command: string, args: string[]) =>
  runCli([command, ...args, '--url', sandbox.baseUrl, '--user', sandbox.username, '--rate', '100/s'], {
    TRACKOPS_TOKEN: sandbox.token,
  });

const REGION_NOTE =
  "Region 'Southeast' differs from what REQ-00001 holds ('Mountain West'), but an update cannot change region " +
  "(the API's update takes no such field): the rest of the row is updated and region stays 'Mountain West'";

describe('upsert: the columns an update cannot change are said, never dropped silently', () => {
  it('the dry run names them once, notes each differing value on its row, and leaves them out of the blank-cell line', async () => {
    const out = join(dir, 'report.json');
    const run = await connected('validate', [rows, '--mapping', mapping, '--report', out]);
    expect(run.stdout).toContain(NOTICE);
    expect(run.stdout).toContain('3 rows checked: 3 valid, 0 invalid');
    expect(run.stdout).toContain(`row 2: ${REGION_NOTE}`);
    // Each value quoted as typed in the sheet, not as read (explore 33 item 6).
    expect(run.stdout).toContain("row 2: Budget '$7,777.00' differs from what REQ-00001 holds ('1500')");
    expect(run.stdout).toContain(
      "row 2: Claimant 'Newname, Zed' differs from what REQ-00001 holds ('Luis A Martinez'), but an update cannot change Claimant 1's Name",
    );
    // Row 3 gives what its request holds there, row 4 creates: neither has a note.
    expect(run.stdout).not.toMatch(/row [34]: /);
    const blank = run.stdout.split('\n').find((line) => line.startsWith('Blank cells'));
    expect(blank).toBeDefined();
    expect(blank).not.toMatch(/Region|Budget|Claimant/);

    const report = JSON.parse(await readFile(out, 'utf8')) as ValidationReport;
    const row2 = report.rows.find((row) => row.row === 2) as unknown as {
      status: string;
      notes: { code: string; column: string }[];
    };
    expect(row2.status).toBe('valid');
    expect(row2.notes.map((note) => [note.code, note.column])).toEqual([
      ['update_cannot_change', 'Region'],
      ['update_cannot_change', 'Budget'],
      ['update_cannot_change', 'Claimant'],
    ]);
    expect(report.summary.notedRows).toBe(1);
  });

  it('the import says it before sending, sends the rest of the update, and the results carry the notes', async () => {
    const results = join(dir, 'results.json');
    const run = await connected('import', [rows, '--mapping', mapping, '--results', results]);
    expect(run.stderr).toContain(`import: note: ${NOTICE}`);
    expect(run.code).toBe(0);
    // The terminal lists the row too, not only the results file.
    expect(run.stdout).toContain(
      `Sent without part of what the row gives:\n  row 2 (REQ-00001): ${REGION_NOTE}`,
    );
    const json = JSON.parse(await readFile(results, 'utf8')) as ResultsJson;
    const row2 = json.rows.find((row) => row.row === 2)!;
    expect(row2.status).toBe('updated');
    expect(row2.notes?.[0]?.message).toContain(REGION_NOTE);
    expect(json.rows.find((row) => row.row === 4)?.notes).toBeUndefined();
    const record = sandbox.account().case_requests.find((request) => request.id === 1)!;
    expect(record.notes).toBe('updated by the clerk');
    expect(record.case_region_id).toBe(1);
  });
});
