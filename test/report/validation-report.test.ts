import { createHash } from 'node:crypto';
import { copyFile, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import {
  bytesSource,
  cellText,
  fileSource,
  isToolColumn,
  openValidationReport,
  type Problem,
  type RowOutcome,
  type SheetSource,
  type ValidationReport,
} from '../../core/index.ts';
import { NOTE_PREFIX, PROBLEM_FILL_ARGB, SUMMARY_SHEET } from '../../core/report/report-workbook.ts';
import { libreOfficeConvert } from '../tools/libreoffice.ts';
import { CLEAN, MESSY, open, pythonCsv, readRows, tempDir, withProblem } from './helpers.ts';

const EMAIL: Omit<Problem, 'row'> = {
  column: 'Adjuster Email',
  target: 'contact.email',
  value: 'bob@',
  code: 'invalid_email',
  message: 'not an email address',
};
const REGION: Omit<Problem, 'row'> = {
  column: 'Region',
  target: 'case_region_id',
  value: 'Mtn West',
  code: 'lookup_not_found',
  message: "Region 'Mtn West' is not one of: Mountain West, Northeast, Pacific Northwest",
};

/** The messy sample with rows 7 and 10 marked as the validator marks them. */
async function messyOutcomes(): Promise<{ sheet: SheetSource; outcomes: RowOutcome[] }> {
  const sheet = await open(MESSY);
  const outcomes = (await readRows(sheet)).map((outcome) =>
    outcome.row === 7
      ? withProblem(outcome, EMAIL)
      : outcome.row === 10
        ? withProblem(outcome, REGION)
        : outcome,
  );
  return { sheet, outcomes };
}

async function writeReport(
  path: string,
  sheet: SheetSource,
  outcomes: RowOutcome[],
  extra: object = {},
): Promise<void> {
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

describe('validation report .json (CONTRACTS section 3)', () => {
  it('lists every non-blank row with status and errors {column, target, value, code, message}, and skippedChecks offline', async () => {
    const { sheet, outcomes } = await messyOutcomes();
    const out = join(await tempDir(), 'report.json');
    await writeReport(out, sheet, outcomes, {
      skippedChecks: ['lookups (case_regions) resolved against the account'],
    });
    const report = JSON.parse(await readFile(out, 'utf8')) as ValidationReport;
    expect(report).toMatchObject({
      file: MESSY,
      sheet: 'Referrals',
      mode: 'create',
      summary: { rows: 30, valid: 28, invalid: 2, skippedBlank: 0 },
      skippedChecks: ['lookups (case_regions) resolved against the account'],
    });
    expect(report.rows).toHaveLength(30);
    expect(report.rows[0]).toEqual({ row: 5, status: 'valid', errors: [] });
    expect(report.rows.find((row) => row.row === 7)).toEqual({ row: 7, status: 'invalid', errors: [EMAIL] });
    expect(Object.keys(report)).toEqual(['file', 'sheet', 'mode', 'summary', 'skippedChecks', 'rows']);
  });

  it('carries the action of a live dry run and no skippedChecks', async () => {
    const { sheet, outcomes } = await messyOutcomes();
    const out = join(await tempDir(), 'live.json');
    const live = outcomes.map((outcome, index) =>
      outcome.status === 'valid'
        ? { ...outcome, action: index === 0 ? ('duplicate' as const) : ('create' as const) }
        : outcome,
    );
    await writeReport(out, sheet, live, { live: true });
    const report = JSON.parse(await readFile(out, 'utf8')) as ValidationReport;
    expect(report.skippedChecks).toBeUndefined();
    expect(report.rows[0]).toEqual({ row: 5, status: 'valid', action: 'duplicate', errors: [] });
  });

  it('refuses an output whose extension names no format, saying which ones exist', async () => {
    await expect(
      openValidationReport('/tmp/report.txt', { file: 'a.csv', sheet: null, mode: 'create', headers: [] }),
    ).rejects.toThrow(/report '\/tmp\/report.txt' must end in .json, .csv or .xlsx/);
  });
});

describe('validation report .csv', () => {
  it('keeps every source column as the user saw it, appends _status/_errors, BOM + CRLF, formulas neutralised', async () => {
    const { sheet, outcomes } = await messyOutcomes();
    outcomes[1] = withProblem(
      {
        ...outcomes[1]!,
        cells: outcomes[1]!.cells.map((cell, index) => (index === 27 ? '=HYPERLINK("http://x","y")' : cell)),
      },
      {
        column: 'Instructions',
        target: 'notes',
        value: '=x',
        code: 'cell_error',
        message: 'a formula-like note',
      },
    );
    const out = join(await tempDir(), 'report.csv');
    await writeReport(out, sheet, outcomes);
    const bytes = await readFile(out);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(bytes.toString('utf8')).toContain('\r\n');
    const lines = pythonCsv(out);
    // Blank lines keep every row at its row number: the header on line 4, row 7 on line 7.
    expect(lines.slice(0, 3)).toEqual([[], [], []]);
    expect(lines[6]![0]).toBe('0045140');
    const table = lines.filter((line) => line.length > 0);
    expect(table[0]).toEqual([...sheet.headers, '_status', '_errors']);
    expect(table).toHaveLength(31);
    const row7 = table[3]!;
    expect(row7[0]).toBe('0045140');
    expect(row7[2]).toBe('2026-11-16'); // a date cell, as a date
    expect(row7.at(-2)).toBe('invalid');
    expect(row7.at(-1)).toBe("Adjuster Email = 'bob@': not an email address");
    expect(table[2]![27]).toBe(`'=HYPERLINK("http://x","y")`);
    expect(table[1]![27]).toBe('Claimant reports back injury.\nAvoid weekends.');
  });

  it('a report validated again replaces its own _status/_errors columns instead of adding more', async () => {
    const { sheet, outcomes } = await messyOutcomes();
    const dir = await tempDir();
    await writeReport(join(dir, 'first.csv'), sheet, outcomes);
    const again = await open(join(dir, 'first.csv'));
    expect(again.headers.slice(-2)).toEqual(['_status', '_errors']);
    expect(again.headers.filter(isToolColumn)).toEqual(['_status', '_errors']);
    expect(again.headerRow).toBe(4);
    const marked = (await readRows(again)).map((outcome) =>
      outcome.row === 7
        ? withProblem(outcome, EMAIL)
        : outcome.row === 10
          ? withProblem(outcome, REGION)
          : outcome,
    );
    expect(marked.map((outcome) => outcome.row)).toEqual(outcomes.map((outcome) => outcome.row));
    await writeReport(join(dir, 'second.csv'), again, marked);
    expect(pythonCsv(join(dir, 'second.csv'))[3]).toEqual([...sheet.headers, '_status', '_errors']);
    // Same rows at the same row numbers: validating the report again writes the same report.
    expect(await readFile(join(dir, 'second.csv'))).toEqual(await readFile(join(dir, 'first.csv')));
  });
});

describe('validation report .xlsx', () => {
  async function load(path: string): Promise<ExcelJS.Workbook> {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(path);
    return workbook;
  }
  const noteText = (cell: ExcelJS.Cell): string => {
    const note = cell.note as unknown;
    if (note === undefined || note === null) return '';
    if (typeof note === 'string') return note;
    return (note as { texts: { text: string }[] }).texts.map((part) => part.text).join('');
  };

  it("for an XLSX source, is a copy of the user's workbook: title block kept, cells filled and noted, summary sheet", async () => {
    const { sheet, outcomes } = await messyOutcomes();
    const out = join(await tempDir(), 'report.xlsx');
    await writeReport(out, sheet, outcomes, {
      workbook: fileSource(MESSY),
      skippedChecks: ['custom fields checked against the account'],
    });
    const workbook = await load(out);
    const referrals = workbook.getWorksheet('Referrals')!;
    expect(String(referrals.getCell('A1').value)).toMatch(/Open SIU Referrals/);
    expect(referrals.getCell(4, 29).value).toBe('_status');
    expect(referrals.getCell(4, 30).value).toBe('_errors');
    expect(referrals.getCell(7, 29).value).toBe('invalid');
    expect(referrals.getCell(7, 30).value).toBe("Adjuster Email = 'bob@': not an email address");
    expect(referrals.getCell(5, 29).value).toBe('valid');
    const email = referrals.getCell(7, 18);
    expect(email.value).toBe('bob@');
    expect((email.fill as ExcelJS.FillPattern).fgColor?.argb).toBe(PROBLEM_FILL_ARGB);
    expect(noteText(email)).toBe(`${NOTE_PREFIX}Adjuster Email = 'bob@': not an email address`);
    expect(noteText(referrals.getCell(10, 5))).toContain("Region 'Mtn West' is not one of");
    expect(
      referrals.getCell(5, 18).fill?.type === 'pattern' &&
        (referrals.getCell(5, 18).fill as ExcelJS.FillPattern).fgColor?.argb,
    ).not.toBe(PROBLEM_FILL_ARGB);
    // The user's own date cell is still a date.
    expect(referrals.getCell(5, 3).value).toBeInstanceOf(Date);

    const summary = workbook.getWorksheet(SUMMARY_SHEET)!;
    const lines = summary
      .getSheetValues()
      .filter(Boolean)
      .map((row) => (row as unknown[]).slice(1));
    expect(lines).toContainEqual(['Rows checked', 30]);
    expect(lines).toContainEqual(['Invalid', 2]);
    expect(lines).toContainEqual([undefined, 'custom fields checked against the account']);
    expect(lines).toContainEqual(['Adjuster Email', 'contact.email', 1, 1, '7']);
    expect(lines).toContainEqual(['Region', 'case_region_id', 1, 1, '10']);
  });

  it("leaves every cell of the user's workbook as it was, except a cell fixed since it was read (the app's inline fix)", async () => {
    const { sheet, outcomes } = await messyOutcomes();
    const fixedRow = outcomes.find((outcome) => outcome.row === 7)!;
    fixedRow.cells = fixedRow.cells.map((cell, index) => (index === 17 ? 'bob@acmemutual.example' : cell));
    const out = join(await tempDir(), 'report.xlsx');
    await writeReport(out, sheet, outcomes, { workbook: fileSource(MESSY) });
    const [original, report] = [await load(MESSY), await load(out)];
    const before = original.getWorksheet('Referrals')!;
    const after = report.getWorksheet('Referrals')!;
    const changed: string[] = [];
    for (let row = 1; row <= 34; row++) {
      for (let column = 1; column <= 28; column++) {
        const [was, is] = [before.getCell(row, column), after.getCell(row, column)];
        // exceljs writes Excel's "General" number format as no format at all: the same thing.
        const format = (cell: ExcelJS.Cell) => (cell.numFmt === 'General' ? undefined : cell.numFmt);
        if (JSON.stringify(was.value) !== JSON.stringify(is.value) || format(was) !== format(is))
          changed.push(is.address);
      }
    }
    expect(changed).toEqual(['R7']);
    expect(after.getCell('R7').value).toBe('bob@acmemutual.example');
  });

  it("keeps the user's times, zip-code formats and formulas: cells the reader typed as times or shaped numbers are not rewritten", async () => {
    const source = new URL('../fixtures/read/times-and-formats.xlsx', import.meta.url).pathname;
    const sheet = await open(source);
    const outcomes = (await readRows(sheet)).map((outcome) =>
      withProblem(outcome, {
        column: 'Start time',
        target: 'created_on',
        value: '14:30:00',
        code: 'time_as_date',
        message: 'a time of day, not a date',
      }),
    );
    const out = join(await tempDir(), 'report.xlsx');
    await writeReport(out, sheet, outcomes, { workbook: fileSource(source) });
    const [original, report] = [await load(source), await load(out)];
    const [before, after] = [original.getWorksheet('Referrals')!, report.getWorksheet('Referrals')!];
    const changed: string[] = [];
    for (let row = 1; row <= 3; row++) {
      for (let column = 1; column <= 10; column++) {
        const [was, is] = [before.getCell(row, column), after.getCell(row, column)];
        if (JSON.stringify(was.value) !== JSON.stringify(is.value) || was.numFmt !== is.numFmt)
          changed.push(is.address);
      }
    }
    expect(changed).toEqual([]);
    expect(after.getCell('I2').value).toMatchObject({ formula: 'E2' });
  });

  it('when the workbook on disk is no longer the bytes its rows were read from (saved again during the check), is a new workbook of the rows as read, said', async () => {
    const dir = await tempDir();
    const source = join(dir, 'referrals.xlsx');
    await copyFile(MESSY, source);
    const sheet = await open(source);
    const outcomes = await readRows(sheet);
    const sha256 = createHash('sha256')
      .update(await readFile(source))
      .digest('hex');
    // Saved again while the check ran (explore 52 item 3): another workbook in its place.
    await copyFile(new URL('../fixtures/read/times-and-formats.xlsx', import.meta.url).pathname, source);
    const notices: string[] = [];
    const out = join(dir, 'report.xlsx');
    await writeReport(out, sheet, outcomes, {
      workbook: fileSource(source),
      workbookSha256: sha256,
      onNotice: (notice: string) => notices.push(notice),
    });
    expect(notices).toEqual([
      `the report is a new workbook of the rows as they were read, not a copy of the file: ${source} changed since its rows were read (saved again, or replaced, while this ran), so a copy of it would not hold the rows as they were read; so what is above its header (a title), its hidden rows, formats, notes and other sheets are not in it`,
    ]);
    const rows = (await load(out)).worksheets[0]!;
    expect(rows.getCell(sheet.headerRow, 1).value).toBe('Claim #');
    for (const outcome of outcomes)
      expect(rows.getCell(outcome.row, 1).value ?? '', `row ${outcome.row}`).toBe(
        cellText(outcome.cells[0] ?? null),
      );
  });

  it('when exceljs cannot load the source workbook, is a new workbook with the same rows and a note saying why', async () => {
    const { sheet, outcomes } = await messyOutcomes();
    const out = join(await tempDir(), 'report.xlsx');
    const unreadable = bytesSource('referrals-messy.xlsx', new TextEncoder().encode('not a zip at all'));
    await writeReport(out, sheet, outcomes, { workbook: unreadable });
    const workbook = await load(out);
    const rows = workbook.worksheets[0]!;
    expect(rows.getCell(4, 1).value).toBe('Claim #');
    expect(rows.getCell(7, 29).value).toBe('invalid');
    expect(noteText(rows.getCell(7, 18))).toContain('bob@');
    const note = workbook.getWorksheet(SUMMARY_SHEET)!.getCell('B1').value;
    expect(String(note)).toMatch(
      /^The original workbook could not be copied \(.+\); this is a new workbook with its rows: what is above the header \(a title\), hidden rows, formats, notes and other sheets are not in it\.$/,
    );
  });

  it('opens in LibreOffice (another program): its CSV export of the report shows our columns and statuses', async () => {
    const { sheet, outcomes } = await messyOutcomes();
    const dir = await tempDir();
    const out = join(dir, 'report.xlsx');
    await writeReport(out, sheet, outcomes, { workbook: fileSource(MESSY) });
    // 44 comma, 34 double quote, 76 UTF-8 (LibreOffice's CSV filter options)
    libreOfficeConvert(out, 'csv:Text - txt - csv (StarCalc):44,34,76', dir);
    const table = pythonCsv(join(dir, 'report.csv'));
    expect(table[3]!.slice(0, 2)).toEqual(['Claim #', 'Policy No']);
    expect(table[3]!.slice(-2)).toEqual(['_status', '_errors']);
    expect(table[6]!.slice(-2)).toEqual(['invalid', "Adjuster Email = 'bob@': not an email address"]);
  }, 120_000);

  it('a clerk fixes a cell in the report and validates it again: our columns reused, the fixed cell unmarked', async () => {
    const { sheet, outcomes } = await messyOutcomes();
    const dir = await tempDir();
    const first = join(dir, 'first.xlsx');
    await writeReport(first, sheet, outcomes, { workbook: fileSource(MESSY) });
    const fixed = await load(first);
    fixed.getWorksheet('Referrals')!.getCell(7, 18).value = 'bob@acmemutual.example';
    await fixed.xlsx.writeFile(first);

    const again = await open(first);
    expect(again.sheet).toBe('Referrals');
    expect(again.headers.slice(-2)).toEqual(['_status', '_errors']);
    const second = join(dir, 'second.xlsx');
    const rows = (await readRows(again)).map((outcome) =>
      outcome.row === 10 ? withProblem(outcome, REGION) : outcome,
    );
    await writeReport(second, again, rows, { workbook: fileSource(first) });
    const workbook = await load(second);
    const referrals = workbook.getWorksheet('Referrals')!;
    expect(referrals.getCell(4, 31).value).toBeNull();
    expect(referrals.getCell(7, 29).value).toBe('valid');
    expect(referrals.getCell(7, 30).value).toBeNull();
    expect(noteText(referrals.getCell(7, 18))).toBe('');
    expect((referrals.getCell(7, 18).fill as ExcelJS.FillPattern | undefined)?.fgColor?.argb).not.toBe(
      PROBLEM_FILL_ARGB,
    );
    expect(referrals.getCell(10, 29).value).toBe('invalid');
    expect(workbook.worksheets.map((ws) => ws.name)).toEqual(['Referrals', SUMMARY_SHEET]);
  });

  it('for a CSV source, is a new workbook of the same shape with rows at their row numbers', async () => {
    const sheet = await open(CLEAN);
    const outcomes = (await readRows(sheet)).map((outcome) =>
      outcome.row === 3 ? withProblem(outcome, { ...EMAIL, column: 'Adjuster Email', value: 'x' }) : outcome,
    );
    const out = join(await tempDir(), 'report.xlsx');
    await writeReport(out, sheet, outcomes);
    const workbook = await load(out);
    const rows = workbook.worksheets[0]!;
    expect(rows.getRow(1).values).toEqual([undefined, ...sheet.headers, '_status', '_errors']);
    expect(rows.getCell(2, 1).value).toBe('0046001');
    expect(rows.getCell(3, 29).value).toBe('invalid');
    expect((rows.getCell(3, 18).fill as ExcelJS.FillPattern).fgColor?.argb).toBe(PROBLEM_FILL_ARGB);
    expect(noteText(rows.getCell(3, 18))).toBe(`${NOTE_PREFIX}Adjuster Email = 'x': not an email address`);
    expect(rows.getCell(2, 18).note).toBeUndefined();
    expect(rows.rowCount).toBe(11);
    expect(workbook.getWorksheet(SUMMARY_SHEET)).toBeDefined();
  });
});
