/**
 * Issues 18.1 and 13.1 through the CLI as a clerk runs it (a child process against a sandbox over real
 * HTTP): the dry run of an update shows each field that would change, old → new, marks the rows that
 * would change nothing, sums it up with the blank-cell policy beside the fields it affects, and says what
 * the check of the rows costs; the three report forms carry the same; the import sends nothing for the
 * unchanged row (`--force` sends it); a round-trip export is previewed without a mapping.
 * The round-trip export a test edits, and the preview of the unedited export that only measures what
 * the reference data costs, are set-up run by the commands' own code in this process (setUp below; a
 * round-trip export as spawned is test/cli/export.test.ts's, the preview of a round-trip file without
 * a mapping the spawned one right after it). Every dry run and import a test reads is spawned.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ResultsJson, ValidationReport } from '../../core/index.ts';
import { CHANGE_FILL_ARGB, SUMMARY_SHEET } from '../../core/report/report-workbook.ts';
import { startSandbox, type RunningSandbox } from '../../sandbox/index.ts';
import { pythonCsv, tempDir } from '../report/helpers.ts';
import { runCli } from './run-cli.ts';
import { commandInProcessOn } from './command-in-process.ts';
import { runPython } from '../helpers/run-python.ts';

let sandbox: RunningSandbox;
let dir: string;
let rows: string;
let mapping: string;

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, rate: 1000 });
  dir = await tempDir();
  rows = join(dir, 'updates.csv');
  // Request 1 (Denver, admin notes set) gets a new city and its admin notes cleared; request 2 is
  // given exactly what it holds (its admin notes are empty already).
  runPython(
    'import csv,sys\nw=csv.writer(open(sys.argv[1],"w",newline=""))\nw.writerows([["Claim","City","Notes","Admin"],' +
      '["CLM-2026-010400","Aurora","Claimant reports limited mobility; verify activity levels.",""],' +
      '["CLM-2026-010437","Seattle","Standard referral.",""]])',
    [rows],
  );
  mapping = join(dir, 'update.json');
  await writeFile(
    mapping,
    JSON.stringify({
      version: 1,
      mode: 'update',
      match: 'reference_value_1',
      columns: [
        { column: 'Claim', target: 'reference_value_1' },
        { column: 'City', target: 'client.city' },
        { column: 'Notes', target: 'notes' },
        { column: 'Admin', target: 'admin_notes', blank: 'clear' },
      ],
    }),
  );
});
afterAll(() => sandbox.close());

const connected = (command: string, args: string[]) =>
  runCli([command, ...args, '--url', sandbox.baseUrl, '--user', sandbox.username, '--rate', '100/s'], {
    TRACKOPS_TOKEN: sandbox.token,
  });

describe('the change preview of an update', () => {
  it('says what would change, on how many rows, what blank cells do, and what the check costs', async () => {
    const run = await connected('validate', [rows, '--mapping', mapping]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('An import would: 1 update, 1 unchanged.');
    expect(run.stdout).toContain(
      '1 request would change: Client city on 1 row, Admin notes on 1 row; 1 row would change nothing (Trackops already holds their values).\n' +
        'Blank cells leave Client city and Notes as they are; blank cells clear Admin notes.',
    );
    // Said before the check on a terminal; in the summary always.
    expect(run.stdout).toContain(
      '2 rows were checked against 36 requests with a listing of the account in 1 page.',
    );
  });

  it("JSON report: per row changes old → new and `unchanged`, the summary with each field's blank-cell policy", async () => {
    const out = join(dir, 'preview.json');
    const run = await connected('validate', [rows, '--mapping', mapping, '--report', out, '--json']);
    expect(JSON.parse(run.stdout)).toMatchObject({
      actions: { update: 1, unchanged: 1 },
      changes: { requests: 1, unchanged: 1 },
      // The listing's one page: a list one page holds needs no pin (list-all.ts).
      check: { strategy: 'listing', keys: 2, accountSize: 36, requests: 1 },
    });
    const report = JSON.parse(await readFile(out, 'utf8')) as ValidationReport;
    expect(report.rows[0]).toMatchObject({
      row: 2,
      status: 'valid',
      action: 'update',
      targetId: 1,
      changes: [
        { column: 'City', target: 'client.city', label: 'Client city', old: 'Denver', new: 'Aurora' },
        {
          column: 'Admin',
          target: 'admin_notes',
          label: 'Admin notes',
          old: 'Imported from carrier portal',
          new: '',
        },
      ],
    });
    expect(report.rows[1]).toMatchObject({ row: 3, status: 'valid', action: 'unchanged', changes: [] });
    expect(report.changes).toEqual({
      requests: 1,
      unchanged: 1,
      fields: [
        {
          target: 'client.city',
          label: 'Client city',
          column: 'City',
          rows: 1,
          blank: 'blank cells leave Client city as it is',
        },
        {
          target: 'admin_notes',
          label: 'Admin notes',
          column: 'Admin',
          rows: 1,
          blank: 'blank cells clear Admin notes',
        },
      ],
    });
    expect(report.blankCells?.map((policy) => policy.words)).toEqual([
      'blank cells leave Client city as it is',
      'blank cells leave Notes as it is',
      'blank cells clear Admin notes',
    ]);
  });

  it('CSV report: a _changes column; XLSX report: changed cells in their own colour with old → new, and the summary sheet', async () => {
    const csv = join(dir, 'preview.csv');
    await connected('validate', [rows, '--mapping', mapping, '--report', csv]);
    const table = pythonCsv(csv);
    const header = table[0]!;
    expect(header.slice(-4)).toEqual(['_status', '_errors', '_action', '_changes']);
    expect(table[1]!.at(-1)).toBe(
      "Client city: 'Denver' → 'Aurora'; Admin notes: 'Imported from carrier portal' → ''",
    );
    expect(table[2]!.at(-1)).toBe('no change: Trackops already holds these values');

    const xlsx = join(dir, 'preview.xlsx');
    await connected('validate', [rows, '--mapping', mapping, '--report', xlsx]);
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(xlsx);
    const sheet = book.worksheets[0]!;
    const city = sheet.getCell(2, 2);
    expect(city.value).toBe('Aurora');
    expect((city.fill as ExcelJS.FillPattern).fgColor?.argb).toBe(CHANGE_FILL_ARGB);
    expect(JSON.stringify(city.note)).toContain("Client city: 'Denver' → 'Aurora'");
    expect((sheet.getCell(2, 3).fill as ExcelJS.FillPattern | undefined)?.fgColor?.argb).toBeUndefined();
    expect((sheet.getCell(3, 2).fill as ExcelJS.FillPattern | undefined)?.fgColor?.argb).toBeUndefined();
    const summary = book.getWorksheet(SUMMARY_SHEET)!;
    const lines: string[] = [];
    summary.eachRow((row) => lines.push((row.values as unknown[]).slice(1).join(' | ')));
    expect(lines).toContain(
      'Change preview | 1 request would change: Client city on 1 row, Admin notes on 1 row; 1 row would change nothing (Trackops already holds their values)',
    );
    expect(lines).toContain('Admin notes | 1 | blank cells clear Admin notes');
  });

  it('the import sends nothing for the unchanged row; --force sends it', async () => {
    const results = join(dir, 'results.json');
    const first = await connected('import', [rows, '--mapping', mapping, '--json', '--results', results]);
    expect(first.code).toBe(0);
    expect(JSON.parse(first.stdout)).toMatchObject({ updated: 1, unchanged: 1, failed: 0 });
    const written = JSON.parse(await readFile(results, 'utf8')) as ResultsJson;
    expect(written.summary).toMatchObject({ updated: 1, unchanged: 1 });
    expect(written.rows.map((row) => [row.row, row.status, row.id])).toEqual([
      [2, 'updated', 1],
      [3, 'unchanged', 2],
    ]);
    const account = sandbox.account().case_requests;
    expect(account.find((request) => request.id === 1)).toMatchObject({
      admin_notes: '',
      client: { city: 'Aurora', name: 'Summit Mutual Insurance' },
    });

    const readable = await connected('import', [
      rows,
      '--mapping',
      mapping,
      '--journal',
      join(dir, 'j2.jsonl'),
    ]);
    expect(readable.stdout).toContain(
      'Created 0, updated 0, unchanged 2 (Trackops already holds their values, not sent)',
    );
    // Before the check on a terminal (the first line); in the summary always.
    expect(readable.stdout).toContain(
      '2 rows were checked against 36 requests with a listing of the account in 1 page.',
    );
    const forced = await connected('import', [
      rows,
      '--mapping',
      mapping,
      '--force',
      '--json',
      '--journal',
      join(dir, 'j3.jsonl'),
    ]);
    expect(JSON.parse(forced.stdout)).toMatchObject({ updated: 2, unchanged: 0 });
  });
});

/** A set-up command against the sandbox, in this process (its address and user as flags, as `connected`). */
const setUp = (command: string, args: string[]) => commandInProcessOn(sandbox, command, args);

describe('the change preview of a round-trip file', () => {
  it('validate without --mapping previews the edited cells against the account, reading only edited requests', async () => {
    const exported = join(dir, 'rt.xlsx');
    expect((await setUp('export', ['--out', exported, '--columns', 'round-trip'])).code).toBe(0);
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(exported);
    const sheet = book.getWorksheet('Case Requests')!;
    const headers = (sheet.getRow(1).values as unknown[]).map(String);
    sheet.eachRow((row) => {
      if (String(row.getCell(headers.indexOf('id')).value) === '3')
        row.getCell(headers.indexOf('notes')).value = 'Edited in Excel';
    });
    const edited = join(dir, 'rt-edited.xlsx');
    await book.xlsx.writeFile(edited);
    // The unedited export: the reference data only (what a dry run reads anyway).
    let before = sandbox.stats().requests;
    expect((await setUp('validate', [exported])).code).toBe(0);
    const referenceReads = sandbox.stats().requests - before;
    before = sandbox.stats().requests;
    const out = join(dir, 'rt-preview.json');
    const run = await connected('validate', [edited, '--report', out]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('An import would: 1 update.');
    expect(run.stdout).toContain('1 request would change: Notes on 1 row.');
    const report = JSON.parse(await readFile(out, 'utf8')) as ValidationReport;
    expect(report.rows).toEqual([
      expect.objectContaining({
        action: 'update',
        targetId: 3,
        changes: [
          {
            column: 'notes',
            target: 'notes',
            label: 'Notes',
            old: 'Claimant reports limited mobility; verify activity levels.',
            new: 'Edited in Excel',
          },
        ],
      }),
    ]);
    // The reference data, and one read of the one edited request.
    expect(sandbox.stats().requests - before).toBe(referenceReads + 1);
    // Without a connection it cannot be previewed: said in one line.
    const offline = await runCli(['validate', edited]);
    expect(offline.code).toBe(2);
    expect(offline.stderr).toMatch(/is a round-trip export: its edits are checked against the account/);
  });
});
