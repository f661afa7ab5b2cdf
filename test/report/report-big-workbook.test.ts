/**
 * An Excel report or results file of a workbook too big to copy (explore 61 item 2): a copy through
 * exceljs took ~1.2 KB a cell and died "out of memory" on a 1 GB heap, results lost. Past
 * COPY_CELL_LIMIT the file is a new workbook of the rows, said on the notice and in the summary.
 * The workbook is made by Python's csv module and LibreOffice; the reports are read back by openpyxl
 * and LibreOffice. (The memory bound itself is measured by the benchmark, not here.)
 */
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  fileSource,
  openResultsWriter,
  openValidationReport,
  type Problem,
  type RowResult,
  type SheetSource,
} from '../../core/index.ts';
import { SUMMARY_SHEET } from '../../core/report/report-workbook.ts';
import { COPY_CELL_LIMIT } from '../../core/report/workbook-copy-limit.ts';
import { libreOfficeConverter } from '../tools/libreoffice.ts';
import { open, pythonCsv, readRows, tempDir, withProblem } from './helpers.ts';
import { runPython } from '../helpers/run-python.ts';

const COLUMNS = 100;
const ROWS = Math.ceil(COPY_CELL_LIMIT / COLUMNS) + 100; // just past the limit

let dir: string;
/** LibreOffice with one profile for the file's two conversions (a new one per run was most of their time). */
let libreOfficeConvert: ReturnType<typeof libreOfficeConverter>;
let workbookPath: string;

beforeAll(async () => {
  dir = await tempDir();
  libreOfficeConvert = libreOfficeConverter(join(dir, 'libreoffice-profile'));
  // Made by Python's csv module itself: the rows are too many to hand it on its command line.
  const csv = join(dir, 'backlog.csv');
  const script = [
    'import csv, sys',
    'rows, cols = int(sys.argv[2]), int(sys.argv[3])',
    'with open(sys.argv[1], "w", newline="", encoding="utf-8") as f:',
    '    w = csv.writer(f)',
    '    w.writerow(["Claim #", "Adjuster Email"] + [f"Note {j + 1}" for j in range(cols - 2)])',
    '    for i in range(rows):',
    '        w.writerow([f"C-{i}", "dana@" if i % 4 == 1 else "dana@example.com"] + [f"n{j}" for j in range(cols - 2)])',
  ].join('\n');
  runPython(script, [csv, String(ROWS), String(COLUMNS)]);
  libreOfficeConvert(csv, 'xlsx', dir, 'CSV:44,34,76,1');
  workbookPath = join(dir, 'backlog.xlsx');
}, 180_000);

/** Every sheet of a workbook as openpyxl reads it: name → rows of values. */
function sheetsByOpenpyxl(path: string): Record<string, unknown[][]> {
  const script = [
    'import json, sys, openpyxl',
    'wb = openpyxl.load_workbook(sys.argv[1], read_only=True)',
    'print(json.dumps({ws.title: [list(r) for r in ws.iter_rows(values_only=True)] for ws in wb.worksheets}))',
  ].join('\n');
  return JSON.parse(
    runPython(script, [path], {
      encoding: 'utf8',
      maxBuffer: 256 * 1024 * 1024,
    }),
  ) as Record<string, unknown[][]>;
}

const EMAIL: Omit<Problem, 'row'> = {
  column: 'Adjuster Email',
  target: 'contact.email',
  value: 'dana@',
  code: 'invalid_email',
  message: 'not an email address',
};

describe('an Excel report of a workbook too big to copy', () => {
  it('is a new workbook of every row, streamed once past the limit, the switch said once when it happens', async () => {
    const sheet: SheetSource = await open(workbookPath);
    const notices: string[] = [];
    const out = join(dir, 'report.xlsx');
    const report = await openValidationReport(out, {
      file: sheet.fileName,
      sheet: sheet.sheet,
      mode: 'create',
      headers: sheet.headers,
      headerRow: sheet.headerRow,
      workbook: fileSource(workbookPath),
      onNotice: (message) => notices.push(message),
    });
    let noticedAt = -1;
    const outcomes = (await readRows(sheet)).map((outcome) =>
      outcome.cells[1] === 'dana@' ? withProblem(outcome, EMAIL) : outcome,
    );
    for (const [index, outcome] of outcomes.entries()) {
      await report.add(outcome);
      if (noticedAt < 0 && notices.length) noticedAt = index;
    }
    const invalid = outcomes.filter((outcome) => outcome.status === 'invalid').length;
    await report.close({ rows: ROWS, valid: ROWS - invalid, invalid, skippedBlank: 0 });

    // Said while the rows were still coming, not after them all.
    expect(notices).toHaveLength(1);
    expect(noticedAt).toBeLessThan(ROWS - 1);
    expect(notices[0]).toMatch(
      /^the report is a new workbook of your rows, written as they come, not a copy of the file: it has more than 200,000 cells/,
    );

    const sheets = sheetsByOpenpyxl(out);
    const rows = sheets[sheet.sheet!]!;
    expect(rows).toHaveLength(ROWS + 1);
    expect(rows[0]!.slice(-2)).toEqual(['_status', '_errors']);
    expect(rows[2]!.slice(-2)).toEqual(['invalid', "Adjuster Email = 'dana@': not an email address"]);
    expect(rows[ROWS]!.slice(0, 1)).toEqual([`C-${ROWS - 1}`]);
    const summary = sheets[SUMMARY_SHEET]!;
    expect(String(summary[0]![1])).toMatch(
      /^The original workbook could not be copied \(it has more than 200,000 cells/,
    );

    // LibreOffice opens it: its CSV of the report's first sheet has every row and our columns.
    libreOfficeConvert(out, 'csv:Text - txt - csv (StarCalc):44,34,76', join(dir, 'lo'));
    const table = pythonCsv(join(dir, 'lo', 'report.csv'));
    expect(table).toHaveLength(ROWS + 1);
    expect(table[2]!.slice(-2)).toEqual(['invalid', "Adjuster Email = 'dana@': not an email address"]);
  }, 180_000);

  it('import results are a new workbook of every row, in row order, with the note', async () => {
    const sheet = await open(workbookPath);
    const notices: string[] = [];
    const out = join(dir, 'results.xlsx');
    const writer = await openResultsWriter(out, {
      file: 'backlog.xlsx',
      sheet: sheet.sheet,
      mode: 'create',
      headers: sheet.headers,
      headerRow: sheet.headerRow,
      workbook: fileSource(workbookPath),
      onNotice: (message: string) => notices.push(message),
    });
    const results: RowResult[] = [];
    for await (const row of sheet.rows())
      results.push({
        row: row.row,
        status: 'created',
        id: row.row,
        case_request_number: `REQ-${row.row}`,
        errors: [],
        cells: row.cells,
      });
    // Answers come back in any order; the file is in row order.
    for (const result of results.reverse()) await writer.write(result);
    await writer.close({
      rows: ROWS,
      created: ROWS,
      updated: 0,
      skipped: 0,
      invalid: 0,
      failed: 0,
      requests: ROWS,
      retries: 0,
    });

    expect(notices).toEqual([expect.stringMatching(/^the results are a new workbook of your rows/)]);
    const rows = sheetsByOpenpyxl(out)[sheet.sheet!]!;
    expect(rows).toHaveLength(ROWS + 1);
    expect(rows[1]!.slice(0, 1)).toEqual(['C-0']);
    expect(rows[1]!.slice(COLUMNS, COLUMNS + 3)).toEqual(['created', 2, 'REQ-2']);
  }, 180_000);
});
