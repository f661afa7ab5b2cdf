/**
 * An update or upsert row's verdict is what would really happen to its request, the same in the dry run
 * and the import (explore 33). Through the CLI against a sandbox over real HTTP, files written by
 * Python's csv module:
 * - upsert: a status line whose create-only cells are blank updates the request its key finds; one
 *   whose key finds none is refused, saying first that it would be a new request;
 * - a note re-laid-out (two paragraphs for one line, a double space taken out) is an edit and is sent;
 *   one that differs only in its line breaks' kind (\r\n for \n) is not;
 * - a case field the matched request's case type does not enable is refused before any PUT, naming
 *   the case type and saying to leave the cell blank;
 * - upsert: a row whose only change is a subject's field (which an update cannot change) is refused,
 *   not "unchanged" nor listed as sent, quoting the cell as typed; exit 1.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ResultsJson, ValidationReport } from '../../core/index.ts';
import { loadDemoAccount, startSandbox, type RunningSandbox } from '../../sandbox/index.ts';
import { tempDir } from '../report/helpers.ts';
import { runCli } from './run-cli.ts';
import { runPython } from '../helpers/run-python.ts';

let sandbox: RunningSandbox;
let dir: string;

beforeAll(async () => {
  const account = await loadDemoAccount();
  const request = (id: number) => account.case_requests.find((each) => each.id === id)!;
  request(3).notes = 'Claimant seen at gym. Report sent.';
  request(4).notes = 'Line one\r\nLine two';
  request(6).notes = 'Report  sent.';
  sandbox = await startSandbox({ port: 0, rate: 1000, account });
  dir = await tempDir();
});
afterAll(() => sandbox.close());

const connected = (command: string, args: string[]) =>
  runCli([command, ...args, '--url', sandbox.baseUrl, '--user', sandbox.username, '--rate', '100/s'], {
    TRACKOPS_TOKEN: sandbox.token,
  });
const stored = (id: number) => sandbox.account().case_requests.find((request) => request.id === id)!;

/** A CSV as Python's csv module writes it (\r\n between rows, a line break inside a quoted cell as is). */
function pythonCsv(name: string, rows: string[][]): string {
  const path = join(dir, name);
  runPython(
    'import csv,sys,json\ncsv.writer(open(sys.argv[1],"w",newline="")).writerows(json.loads(sys.argv[2]))',
    [path, JSON.stringify(rows)],
  );
  return path;
}

async function mappingFile(name: string, mapping: object): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, JSON.stringify({ version: 1, ...mapping }));
  return path;
}

async function reportRows(path: string) {
  const report = JSON.parse(await readFile(path, 'utf8')) as ValidationReport;
  return report.rows as unknown as {
    row: number;
    status: string;
    action?: string;
    errors: { code: string; message: string }[];
    changes?: { target: string; new: string }[];
  }[];
}

async function resultRows(path: string) {
  return (JSON.parse(await readFile(path, 'utf8')) as ResultsJson).rows;
}

describe('upsert: a row leaving blank what only a new request needs', () => {
  it('updates the request its key finds, and is refused as a new request when its key finds none', async () => {
    const sheet = pythonCsv('status.csv', [
      ['Claim #', 'Carrier', 'Adjuster Last', 'Adjuster Email', 'Date Received', 'Region', 'Status'],
      ['CLM-2026-010400', '', '', '', '', '', 'Surveillance done 12/3'],
      ['CLM-2099-000501', '', '', '', '', '', 'Status only'],
    ]);
    const mapping = await mappingFile('upsert-status.json', {
      mode: 'upsert',
      match: 'reference_value_1',
      constants: { case_type_id: 1, 'client.country': 'US' },
      columns: [
        { column: 'Claim #', target: 'reference_value_1' },
        { column: 'Carrier', target: 'client.name' },
        { column: 'Adjuster Last', target: 'contact.last_name' },
        { column: 'Adjuster Email', target: 'contact.email' },
        { column: 'Date Received', target: 'created_on', dateFormat: 'M/D/YYYY' },
        { column: 'Region', target: 'case_region_id', lookup: 'case_regions' },
        { column: 'Status', target: 'notes' },
      ],
    });
    const report = join(dir, 'status-report.json');
    const checked = await connected('validate', [sheet, '--mapping', mapping, '--report', report]);
    expect(checked.code, checked.stderr).toBe(1);
    expect(checked.stdout).toContain('An import would: 1 update.');
    const [found, none] = await reportRows(report);
    expect(found).toMatchObject({ row: 2, status: 'valid', action: 'update' });
    expect(found!.changes?.map((change) => [change.target, change.new])).toEqual([
      ['notes', 'Surveillance done 12/3'],
    ]);
    expect(none!.status).toBe('invalid');
    expect(none!.errors.map((error) => error.code)).toEqual([
      'would_create_new',
      'required_blank',
      'required_blank',
      'required_blank',
      'required_blank',
      'required_blank',
    ]);
    expect(none!.errors[0]!.message).toBe(
      "No case request has Claim Number 'CLM-2099-000501', so this row would create a new one, which needs what follows; " +
        'if the request is in Trackops, type Claim Number as Trackops holds it',
    );

    const count = sandbox.account().case_requests.length;
    const results = join(dir, 'status-results.json');
    const run = await connected('import', [sheet, '--mapping', mapping, '--results', results]);
    expect(run.code, run.stderr).toBe(1);
    const rows = await resultRows(results);
    expect(rows.map((row) => [row.row, row.status])).toEqual([
      [2, 'updated'],
      [3, 'invalid'],
    ]);
    expect(stored(1).notes).toBe('Surveillance done 12/3');
    // Kept as Trackops holds them: the blank cells sent nothing.
    expect(stored(1).client?.name).toBeTruthy();
    expect(sandbox.account().case_requests.length).toBe(count);
  });
});

describe('a text whose only edit is its spacing or line breaks', () => {
  it('is an edit, previewed and sent; a difference only in the line breaks kind is not', async () => {
    const sheet = pythonCsv('notes.csv', [
      ['Claim #', 'Instructions'],
      ['CLM-2026-010474', 'Claimant seen at gym.\n\nReport sent.'],
      ['ACCT-88003', 'Line one\nLine two'],
      ['CLM-2026-010585', 'Report sent.'],
    ]);
    const mapping = await mappingFile('notes.json', {
      mode: 'update',
      match: 'reference_value_1',
      columns: [
        { column: 'Claim #', target: 'reference_value_1' },
        { column: 'Instructions', target: 'notes' },
      ],
    });
    const report = join(dir, 'notes-report.json');
    const checked = await connected('validate', [sheet, '--mapping', mapping, '--report', report]);
    expect(checked.code, checked.stderr).toBe(0);
    expect((await reportRows(report)).map((row) => [row.row, row.action])).toEqual([
      [2, 'update'],
      [3, 'unchanged'],
      [4, 'update'],
    ]);

    const results = join(dir, 'notes-results.json');
    const run = await connected('import', [sheet, '--mapping', mapping, '--results', results]);
    expect(run.code, run.stderr).toBe(0);
    expect((await resultRows(results)).map((row) => [row.row, row.status])).toEqual([
      [2, 'updated'],
      [3, 'unchanged'],
      [4, 'updated'],
    ]);
    expect(stored(3).notes).toBe('Claimant seen at gym.\n\nReport sent.');
    expect(stored(4).notes).toBe('Line one\r\nLine two');
    expect(stored(6).notes).toBe('Report sent.');
  });
});

describe("a case field the matched request's case type does not enable", () => {
  it('is refused in the dry run and the import alike, and no PUT is spent on it', async () => {
    // REQ-00001 is a Surveillance (Priority enabled), REQ-00002 a Background Check (no Priority).
    const sheet = pythonCsv('priority.csv', [
      ['Claim #', 'Priority'],
      ['CLM-2026-010400', 'High'],
      ['CLM-2026-010437', 'Urgent'],
    ]);
    const mapping = await mappingFile('priority.json', {
      mode: 'update',
      match: 'reference_value_1',
      columns: [
        { column: 'Claim #', target: 'reference_value_1' },
        { column: 'Priority', target: 'custom_fields.12' },
      ],
    });
    const message =
      'Priority \'Urgent\': Priority (field 12) is not enabled for case type "Background Check", which REQ-00002 has, ' +
      'so Trackops would refuse the row: leave the cell blank for requests of that case type (or enable the field for it in Trackops)';
    const report = join(dir, 'priority-report.json');
    const checked = await connected('validate', [sheet, '--mapping', mapping, '--report', report]);
    expect(checked.code, checked.stderr).toBe(1);
    expect(checked.stdout).toContain('An import would: 1 update.');
    const rows = await reportRows(report);
    expect(rows[1]).toMatchObject({ row: 3, status: 'invalid' });
    expect(rows[1]!.errors.map((error) => [error.code, error.message])).toEqual([
      ['field_not_enabled', message],
    ]);

    const before = sandbox.stats();
    const held = structuredClone(stored(2).custom_fields);
    const run = await connected('import', [sheet, '--mapping', mapping]);
    expect(run.code, run.stderr).toBe(1);
    expect(run.stdout).toContain(`Invalid (not sent):\n  row 3: ${message}`);
    const after = sandbox.stats();
    expect(after.writesCommitted - before.writesCommitted).toBe(1);
    expect(after.byStatus['422'] ?? 0).toBe(before.byStatus['422'] ?? 0);
    expect(stored(2).custom_fields).toEqual(held);
  });
});

describe('upsert: a row whose only change is one an update cannot make', () => {
  it('is refused, quoting the cell as typed, never "unchanged" nor listed as sent; exit 1', async () => {
    // REQ-00005's claimant was born 1969-05-10: the sheet corrects it, and gives nothing else to change.
    const sheet = pythonCsv('dob.csv', [
      ['Claim #', 'Date Received', 'Carrier', 'Claimant', 'Claimant DOB'],
      ['CLM-2026-010548', '', '', '', '5/10/1970'],
    ]);
    const mapping = await mappingFile('dob.json', {
      mode: 'upsert',
      match: 'reference_value_1',
      constants: { case_type_id: 1, case_region_id: 1, 'client.country': 'US' },
      subjects: [{ subject_type_id: 1, is_primary: true, is_pinned: true }],
      columns: [
        { column: 'Claim #', target: 'reference_value_1' },
        { column: 'Date Received', target: 'created_on', dateFormat: 'M/D/YYYY' },
        { column: 'Carrier', target: 'client.name' },
        { column: 'Claimant', target: 'subjects.0.custom_fields.101', parse: 'full_name' },
        { column: 'Claimant DOB', target: 'subjects.0.custom_fields.102', dateFormat: 'M/D/YYYY' },
      ],
    });
    const message =
      "Claimant DOB '5/10/1970' differs from what REQ-00005 holds ('1969-05-10'), but an update cannot change " +
      "Claimant 1's Date of Birth (the API's update takes no such field) and the row changes nothing else: not sent; change it in Trackops";
    const report = join(dir, 'dob-report.json');
    const checked = await connected('validate', [sheet, '--mapping', mapping, '--report', report]);
    expect(checked.code, checked.stderr).toBe(1);
    expect(checked.stdout).not.toContain('Trackops already holds');
    const [row] = await reportRows(report);
    expect(row).toMatchObject({ row: 2, status: 'invalid' });
    expect(row!.errors.map((error) => [error.code, error.message])).toEqual([
      ['update_cannot_change_only', message],
    ]);

    const before = sandbox.stats();
    const results = join(dir, 'dob-results.json');
    const run = await connected('import', [sheet, '--mapping', mapping, '--results', results]);
    expect(run.code, run.stderr).toBe(1);
    expect(run.stdout).not.toContain('Sent without part');
    expect(run.stdout).not.toContain('unchanged 1');
    expect(run.stdout).toContain(`Invalid (not sent):\n  row 2: ${message}`);
    const [result] = await resultRows(results);
    expect(result).toMatchObject({ row: 2, status: 'invalid' });
    expect(sandbox.stats().writesCommitted).toBe(before.writesCommitted);
  });
});
