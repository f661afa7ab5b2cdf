import { existsSync } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import {
  fileSource,
  openResultsWriter,
  type ResultsJson,
  type RowResult,
  type SheetSource,
} from '../../core/index.ts';
import { PROBLEM_FILL_ARGB, SUMMARY_SHEET } from '../../core/report/report-workbook.ts';
import { CLEAN, MESSY, open, pythonCsv, tempDir } from './helpers.ts';
import { runPython } from '../helpers/run-python.ts';

async function results(sheet: SheetSource): Promise<RowResult[]> {
  const rows: RowResult[] = [];
  for await (const row of sheet.rows()) {
    rows.push(
      row.row === 4
        ? {
            row: row.row,
            status: 'failed',
            errors: [
              {
                column: null,
                target: 'contact.email',
                value: null,
                code: 'api_422',
                message: 'must be an email address',
              },
            ],
            cells: row.cells,
          }
        : {
            row: row.row,
            status: 'created',
            id: 100 + row.row,
            case_request_number: `REQ-${100 + row.row}`,
            errors: [],
            cells: row.cells,
          },
    );
  }
  return rows;
}

const options = (sheet: SheetSource) => ({
  file: 'referrals-clean.csv',
  sheet: sheet.sheet,
  mode: 'create' as const,
  headers: sheet.headers,
});
const SUMMARY = {
  rows: 10,
  created: 9,
  updated: 0,
  skipped: 0,
  invalid: 0,
  failed: 1,
  requests: 10,
  retries: 0,
};

describe('import results (CONTRACTS section 3)', () => {
  it('.csv is appended row by row: readable by python csv before close, every source column then _status/_id/_case_request_number/_error', async () => {
    const sheet = await open(CLEAN);
    const out = join(await tempDir(), 'results.csv');
    const writer = await openResultsWriter(out, options(sheet));
    const rows = await results(sheet);
    for (const row of rows.slice(0, 3)) await writer.write(row);
    // A crash here leaves a usable file, named unfinished (explore 7 item 3): the header and the three
    // rows written so far; no results.csv that would pass for a finished run's.
    expect(existsSync(out)).toBe(false);
    const midway = pythonCsv(join(dirname(out), 'results.unfinished.csv'));
    expect(midway).toHaveLength(4);
    expect(midway[0]).toEqual([...sheet.headers, '_status', '_id', '_case_request_number', '_error']);
    expect(midway[1]!.slice(-4)).toEqual(['created', '102', 'REQ-102', '']);
    expect(midway[3]!.slice(-4)).toEqual(['failed', '', '', 'contact.email: must be an email address']);
    await Promise.all(rows.slice(3).map((row) => writer.write(row)));
    await writer.close(SUMMARY);
    const table = pythonCsv(out);
    expect(existsSync(join(dirname(out), 'results.unfinished.csv'))).toBe(false);
    expect(table.map((line) => line[0])).toEqual(['Claim #', ...rows.map((row) => String(row.cells[0]))]);
    expect((await readFile(out)).subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
  });

  it('.csv rows settled out of order (invalid first, sends as answered) are in source order once closed', async () => {
    const sheet = await open(CLEAN);
    const out = join(await tempDir(), 'results.csv');
    const writer = await openResultsWriter(out, options(sheet));
    const rows = await results(sheet);
    // The failed row first (as the runner settles invalid rows before sending), then the rest backwards
    // but for two adjacent ones, and row 6 written twice (a retried row: its last line counts).
    const failed = rows.find((row) => row.status === 'failed')!;
    const rest = rows.filter((row) => row !== failed).reverse();
    const retried = rows.find((row) => row.row === 6)!;
    for (const row of [failed, { ...retried, status: 'failed' as const, id: undefined }, ...rest])
      await writer.write(row);
    const midway = pythonCsv(join(dirname(out), 'results.unfinished.csv'));
    expect(midway.slice(1).map((line) => line[0])).not.toEqual(rows.map((row) => String(row.cells[0])));
    await writer.close(SUMMARY);
    const table = pythonCsv(out);
    expect(existsSync(join(dirname(out), 'results.unfinished.csv'))).toBe(false);
    expect(table.map((line) => line[0])).toEqual(['Claim #', ...rows.map((row) => String(row.cells[0]))]);
    expect(table.find((line) => line[0] === String(retried.cells[0]))!.slice(-4)).toEqual([
      'created',
      '106',
      'REQ-106',
      '',
    ]);
    expect(table[3]!.slice(-4)).toEqual(['failed', '', '', 'contact.email: must be an email address']);
    expect((await readFile(out)).subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    // No temp file left beside it.
    expect((await readdir(dirname(out))).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });

  it('.csv of many rows settled in a shuffled order (lines across read blocks) comes out whole and in order', async () => {
    const out = join(await tempDir(), 'many.csv');
    const headers = ['Claim #', 'Notes'];
    const writer = await openResultsWriter(out, { file: 'many.csv', sheet: null, mode: 'create', headers });
    const count = 20_000;
    const order = Array.from({ length: count }, (_, index) => index + 2);
    // A fixed shuffle (no randomness in tests): a multiplicative permutation of the row numbers.
    const shuffled = order.map((_, index) => order[(index * 7919) % count]!);
    await Promise.all(
      shuffled.map((row) =>
        writer.write({
          row,
          status: 'created',
          id: row,
          errors: [],
          cells: [`C-${row}`, `line ${row}: ${'é'.repeat(row % 50)}`],
        }),
      ),
    );
    await writer.close(SUMMARY);
    const table = pythonCsv(out);
    expect(table).toHaveLength(count + 1);
    expect(table.slice(1).map((line) => line[0])).toEqual(order.map((row) => `C-${row}`));
    expect(table[count]).toEqual([
      `C-${count + 1}`,
      `line ${count + 1}: ${'é'.repeat((count + 1) % 50)}`,
      'created',
      String(count + 1),
      '',
      '',
    ]);
  });

  it('.json is rewritten atomically as rows come (complete: false) and whole at close', async () => {
    const sheet = await open(CLEAN);
    const out = join(await tempDir(), 'results.json');
    const writer = await openResultsWriter(out, {
      ...options(sheet),
      flushEveryRows: 2,
      flushEverySeconds: 3600,
    });
    const rows = await results(sheet);
    expect(JSON.parse(await readFile(out, 'utf8'))).toMatchObject({ complete: false, rows: [] });
    for (const row of rows.slice(0, 3)) await writer.write(row);
    const midway = JSON.parse(await readFile(out, 'utf8')) as ResultsJson;
    expect(midway.complete).toBe(false);
    expect(midway.rows.map((row) => row.row)).toEqual([2, 3]);
    for (const row of rows.slice(3)) await writer.write(row);
    await writer.close(SUMMARY);
    const done = JSON.parse(await readFile(out, 'utf8')) as ResultsJson;
    expect(done).toMatchObject({
      file: 'referrals-clean.csv',
      sheet: null,
      mode: 'create',
      complete: true,
      summary: SUMMARY,
    });
    expect(done.rows).toHaveLength(10);
    expect(done.rows[0]).toEqual({
      row: 2,
      status: 'created',
      id: 102,
      case_request_number: 'REQ-102',
      errors: [],
    });
    expect(done.rows[2]).toMatchObject({ row: 4, status: 'failed', id: null, case_request_number: null });
  });

  it('.xlsx is written at close with the result columns and a summary sheet', async () => {
    const sheet = await open(CLEAN);
    const out = join(await tempDir(), 'results.xlsx');
    const writer = await openResultsWriter(out, options(sheet));
    for (const row of (await results(sheet)).reverse()) await writer.write(row);
    await writer.close(SUMMARY);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(out);
    const rows = workbook.worksheets[0]!;
    expect(rows.getRow(1).values).toEqual([
      undefined,
      ...sheet.headers,
      '_status',
      '_id',
      '_case_request_number',
      '_error',
    ]);
    expect([rows.getCell(2, 29).value, rows.getCell(2, 30).value, rows.getCell(2, 31).value]).toEqual([
      'created',
      102,
      'REQ-102',
    ]);
    expect(rows.getCell(4, 29).value).toBe('failed');
    const summary = workbook.getWorksheet(SUMMARY_SHEET)!;
    expect(
      summary
        .getSheetValues()
        .filter(Boolean)
        .map((row) => (row as unknown[]).slice(1)),
    ).toContainEqual(['failed', 1]);
  });
});

describe('the results workbook\'s "Errors by column" (explore 38 item 3)', () => {
  it('rule: only rows whose last result failed or is invalid are tallied, each once; notes on written rows and why a row was left out are not errors', async () => {
    const sheet = await open(CLEAN);
    const out = join(await tempDir(), 'results.xlsx');
    const writer = await openResultsWriter(out, options(sheet));
    const [first, second, third, fourth, fifth] = await results(sheet);
    const note = (code: string, message: string) => ({
      column: null,
      target: null,
      value: null,
      code,
      message,
    });
    const email = {
      column: 'Adjuster Email',
      target: 'contact.email',
      value: 'bob@',
      code: 'email',
      message: 'not an email address',
    };
    // Created, with the note a create sent again after a 500 carries.
    await writer.write({ ...first!, errors: [note('resent', 'its first send got no answer; sent again')] });
    // Left out by the mapping's skip rules: why it was left out is in _error, not an error.
    await writer.write({ ...second!, status: 'skipped', errors: [note('skip_rows', 'left out by number')] });
    // Failed, then written by the retry: its last result is the one that counts.
    await writer.write({ ...third!, status: 'failed', errors: [note('api_500', 'Trackops answered 500')] });
    await writer.write({ ...third!, status: 'created', id: 7, errors: [] });
    // Failed twice (a retry refused again): one row, one error.
    await writer.write({ ...fourth!, status: 'failed', errors: [email] });
    await writer.write({ ...fourth!, status: 'failed', errors: [email] });
    await writer.write({ ...fifth!, status: 'invalid', errors: [email] });
    await writer.close({ ...SUMMARY, rows: 5, created: 2, skipped: 1, failed: 1, invalid: 1 });

    // Read back by openpyxl, as another program sees the summary sheet.
    const script = [
      'import json, sys, openpyxl',
      'ws = openpyxl.load_workbook(sys.argv[1])[sys.argv[2]]',
      'print(json.dumps([[c for c in row] for row in ws.iter_rows(values_only=True)]))',
    ].join('\n');
    const lines = JSON.parse(runPython(script, [out, SUMMARY_SHEET], { encoding: 'utf8' })) as unknown[][];
    const at = lines.findIndex((line) => line[0] === 'Errors by column');
    expect(at).toBeGreaterThan(0);
    const tallied = lines.slice(at + 1).filter((line) => line.some((cell) => cell !== null));
    expect(tallied).toEqual([['Adjuster Email', 'contact.email', 2, 2, '5, 6']]);
  });
});

describe('import results .json rewrites', () => {
  it('grow apart as the file grows (every 100 rows, then every 10% more), so a long import does not rewrite it thousands of times', async () => {
    const sheet = await open(CLEAN);
    const out = join(await tempDir(), 'results.json');
    const writer = await openResultsWriter(out, { ...options(sheet), flushEverySeconds: 3600 });
    const cells = (await results(sheet))[0]!.cells;
    const seen: number[] = [];
    // Each rewrite replaces the file (a new inode, renamed over the old): parsed only when it did, so
    // the test does not read a growing file 5,000 times.
    let file = -1;
    for (let row = 2; row < 5002; row++) {
      await writer.write({ row, status: 'created', id: row, errors: [], cells });
      const { ino } = await stat(out);
      if (ino === file) continue;
      file = ino;
      const flushed = (JSON.parse(await readFile(out, 'utf8')) as ResultsJson).rows.length;
      if (flushed !== seen.at(-1)) seen.push(flushed);
    }
    expect(seen.slice(0, 4)).toEqual([0, 100, 200, 300]);
    expect(seen.length).toBeLessThan(60);
    for (let index = 11; index < seen.length; index++) {
      expect(seen[index]! - seen[index - 1]!).toBeGreaterThanOrEqual(Math.floor(seen[index - 1]! / 10));
    }
    await writer.close(SUMMARY);
    expect((JSON.parse(await readFile(out, 'utf8')) as ResultsJson).rows).toHaveLength(5000);
  });
});

describe('import results .xlsx of an XLSX source', () => {
  it("is a copy of the user's workbook with _status/_id/_case_request_number/_error after their columns", async () => {
    const sheet = await open(MESSY);
    const out = join(await tempDir(), 'results.xlsx');
    const writer = await openResultsWriter(out, {
      file: 'referrals-messy.xlsx',
      sheet: sheet.sheet,
      mode: 'create',
      headers: sheet.headers,
      headerRow: sheet.headerRow,
      workbook: fileSource(MESSY),
    });
    for await (const row of sheet.rows()) {
      await writer.write(
        row.row === 7
          ? {
              row: row.row,
              status: 'invalid',
              errors: [
                {
                  column: 'Adjuster Email',
                  target: 'contact.email',
                  value: 'bob@',
                  code: 'invalid_email',
                  message: 'not an email address',
                },
              ],
              cells: row.cells,
            }
          : {
              row: row.row,
              status: 'created',
              id: row.row,
              case_request_number: `REQ-${row.row}`,
              errors: [],
              cells: row.cells,
            },
      );
    }
    await writer.close({ ...SUMMARY, rows: 30, created: 29, invalid: 1, failed: 0 });
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(out);
    const referrals = workbook.getWorksheet('Referrals')!;
    expect(String(referrals.getCell('A1').value)).toMatch(/Open SIU Referrals/);
    expect((referrals.getRow(4).values as unknown[]).slice(29)).toEqual([
      '_status',
      '_id',
      '_case_request_number',
      '_error',
    ]);
    expect((referrals.getRow(5).values as unknown[]).slice(29, 32)).toEqual(['created', 5, 'REQ-5']);
    expect(referrals.getCell(7, 29).value).toBe('invalid');
    expect(referrals.getCell(7, 32).value).toBe("Adjuster Email = 'bob@': not an email address");
    expect((referrals.getCell(7, 18).fill as ExcelJS.FillPattern).fgColor?.argb).toBe(PROBLEM_FILL_ARGB);
  });
});

describe('results of a run stopped before it sent anything are discarded, not left behind', () => {
  // Explore 31 item 1: the rows read before the stop are no run's results; the run is started again.
  for (const extension of ['csv', 'json', 'xlsx'] as const) {
    it(`.${extension}: discard removes what the writer began and leaves the folder as it was`, async () => {
      const sheet = await open(CLEAN);
      const dir = await tempDir();
      const writer = await openResultsWriter(join(dir, `out.${extension}`), options(sheet));
      for (const row of (await results(sheet)).slice(0, 3)) await writer.write(row);
      await writer.discard?.();
      expect(await readdir(dir)).toEqual([]);
    });
  }
});
