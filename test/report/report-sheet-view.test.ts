/**
 * A big report's bad rows must be one click away (explore 61 item 4): the data sheet carries a filter
 * over its header row and a frozen header, and the summary names the first rows of each problem.
 * Read back by openpyxl and by LibreOffice, not by the library that wrote them.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  fileSource,
  openValidationReport,
  type Problem,
  type RowOutcome,
  type SheetSource,
} from '../../core/index.ts';
import { SUMMARY_SHEET } from '../../core/report/report-workbook.ts';
import { writeCsvByPython } from '../helpers/python.ts';
import { libreOfficeConvert } from '../tools/libreoffice.ts';
import { CLEAN, MESSY, open, readRows, tempDir, withProblem } from './helpers.ts';
import { runPython } from '../helpers/run-python.ts';

const EMAIL: Omit<Problem, 'row'> = {
  column: 'Adjuster Email',
  target: 'contact.email',
  value: 'bob@',
  code: 'invalid_email',
  message: 'not an email address',
};

async function writeReport(path: string, sheet: SheetSource, outcomes: RowOutcome[], extra: object = {}) {
  const report = await openValidationReport(path, {
    file: sheet.fileName,
    sheet: sheet.sheet,
    mode: 'create',
    headers: sheet.headers,
    headerRow: sheet.headerRow,
    ...extra,
  });
  for (const outcome of outcomes) await report.add(outcome);
  const invalid = outcomes.filter((outcome) => outcome.status === 'invalid').length;
  await report.close({ rows: outcomes.length, valid: outcomes.length - invalid, invalid, skippedBlank: 0 });
}

interface SheetView {
  filter: string | null;
  frozen: string | null;
  summary: unknown[][];
}

/** The first sheet's filter and frozen pane, and the summary sheet's lines, as openpyxl reads them. */
function viewByOpenpyxl(path: string): SheetView {
  const script = [
    'import json, sys, openpyxl',
    'wb = openpyxl.load_workbook(sys.argv[1])',
    'ws = wb.worksheets[0]',
    'summary = [list(r) for r in wb[sys.argv[2]].iter_rows(values_only=True)] if sys.argv[2] in wb.sheetnames else []',
    'print(json.dumps({"filter": ws.auto_filter.ref, "frozen": ws.freeze_panes, "summary": summary}))',
  ].join('\n');
  return JSON.parse(runPython(script, [path, SUMMARY_SHEET], { encoding: 'utf8' })) as SheetView;
}

/** Every third data row of a sheet made invalid on its email, as the validator marks it. */
async function everyThirdBad(sheet: SheetSource): Promise<RowOutcome[]> {
  return (await readRows(sheet)).map((outcome, index) =>
    index % 3 === 1 ? withProblem(outcome, EMAIL) : outcome,
  );
}

describe('the .xlsx report of a big sheet: bad rows one click away', () => {
  it('a new workbook (CSV source) filters its header row through _errors and freezes it; LibreOffice sees the filter', async () => {
    const sheet = await open(CLEAN);
    const dir = await tempDir();
    const out = join(dir, 'report.xlsx');
    await writeReport(out, sheet, await everyThirdBad(sheet));
    // 28 columns, then _status (AC) and _errors (AD) where CONTRACTS section 3 puts them; 10 rows.
    const view = viewByOpenpyxl(out);
    expect(view.filter).toBe('A1:AD11');
    expect(view.frozen).toBe('A2');

    // Opened and saved again by LibreOffice, the filter is still there: it found the range by the
    // name Excel gives it. (A headless conversion keeps no view settings, frozen panes among them, of
    // any workbook, so the pane is read back by openpyxl only.)
    const again = join(dir, 'again');
    libreOfficeConvert(out, 'xlsx', again);
    expect(viewByOpenpyxl(join(again, 'report.xlsx')).filter).toBe('A1:AD11');
  }, 120_000);

  it("a copy of the user's workbook gets them under its title block (header in row 4)", async () => {
    const sheet = await open(MESSY);
    expect(sheet.headerRow).toBe(4);
    const out = join(await tempDir(), 'report.xlsx');
    await writeReport(out, sheet, await everyThirdBad(sheet), { workbook: fileSource(MESSY) });
    const view = viewByOpenpyxl(out);
    expect(view.filter).toMatch(/^A4:AD\d+$/);
    expect(view.frozen).toBe('A5');
  });

  it('a copy keeps the filter and panes the user chose instead of ours', async () => {
    const dir = await tempDir();
    const own = join(dir, 'own.xlsx');
    // The clerk's workbook, made by openpyxl: a filter on two columns, the first column frozen too.
    const make = [
      'import openpyxl, sys',
      'wb = openpyxl.Workbook(); ws = wb.active; ws.title = "Referrals"',
      'ws.append(["Claim #", "Adjuster Email"])',
      'for i in range(6): ws.append([f"C-{i}", "bob@" if i % 2 else "ann@example.com"])',
      'ws.auto_filter.ref = "A1:B7"; ws.freeze_panes = "B2"',
      'wb.save(sys.argv[1])',
    ].join('\n');
    runPython(make, [own]);
    const sheet = await open(own);
    const out = join(dir, 'report.xlsx');
    await writeReport(out, sheet, await everyThirdBad(sheet), { workbook: fileSource(own) });
    const view = viewByOpenpyxl(out);
    expect(view.filter).toBe('A1:B7');
    expect(view.frozen).toBe('B2');
  });

  it('the summary names the first rows of each problem by number: ten at most, then "…"', async () => {
    const dir = await tempDir();
    const rows = Array.from({ length: 40 }, (_, index) => [`C-${index}`, 'ann@example.com']);
    const csv = writeCsvByPython(join(dir, 'forty.csv'), [['Claim #', 'Adjuster Email'], ...rows]);
    const sheet = await open(csv);
    const out = join(dir, 'report.xlsx');
    await writeReport(out, sheet, await everyThirdBad(sheet));
    const { summary } = viewByOpenpyxl(out);
    const at = summary.findIndex((line) => line[0] === 'Errors by column');
    expect(summary[at]).toEqual(['Errors by column', 'Target', 'Errors', 'Rows', 'First rows']);
    // Data rows 2..41; every third from the second is bad: rows 3, 6, … 39 (13 rows).
    expect(summary[at + 1]).toEqual([
      'Adjuster Email',
      'contact.email',
      13,
      13,
      '3, 6, 9, 12, 15, 18, 21, 24, 27, 30, …',
    ]);
  });
});
