/**
 * The XLSX report of a workbook with cell notes written by openpyxl is a marked-up copy of it: title
 * block, hidden rows and the user's notes kept. openpyxl stores notes under its own part names with
 * absolute targets (test/fixtures/report/make-notes-fixture.py); exceljs did not read them and failed
 * with "reading 'comments'", and the report fell back to a new workbook quoting that error.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { bytesSource, openValidationReport, type Problem, type SheetSource } from '../../core/index.ts';
import { PROBLEM_FILL_ARGB, SUMMARY_SHEET } from '../../core/report/report-workbook.ts';
import { open, readRows, tempDir, withProblem } from './helpers.ts';

const NOTES = new URL('../fixtures/report/openpyxl-with-notes.xlsx', import.meta.url).pathname;
const EMAIL: Omit<Problem, 'row'> = {
  column: 'Adjuster Email',
  target: 'contact.email',
  value: 'bob@',
  code: 'invalid_email',
  message: 'not an email address',
};

async function report(sheet: SheetSource, workbook: Uint8Array): Promise<{ out: string; notices: string[] }> {
  const out = join(await tempDir(), 'report.xlsx');
  const notices: string[] = [];
  const writer = await openValidationReport(out, {
    file: sheet.fileName,
    sheet: sheet.sheet,
    mode: 'create',
    headers: sheet.headers,
    headerRow: sheet.headerRow,
    workbook: bytesSource(sheet.fileName, workbook),
    onNotice: (message) => notices.push(message),
  });
  const rows = (await readRows(sheet)).map((row) => (row.row === 5 ? withProblem(row, EMAIL) : row));
  for (const row of rows) await writer.add(row);
  await writer.close({ rows: rows.length, valid: rows.length - 1, invalid: 1, skippedBlank: 0 });
  return { out, notices };
}

async function loaded(path: string): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load((await readFile(path)) as unknown as ArrayBuffer);
  return workbook;
}

const noteOf = (cell: ExcelJS.Cell) =>
  typeof cell.note === 'string' ? cell.note : (cell.note?.texts ?? []).map((part) => part.text).join('');

describe('the XLSX report of a workbook with notes written by openpyxl', () => {
  it('is a marked-up copy: title block, hidden row and the notes on unmarked cells kept', async () => {
    const sheet = await open(NOTES);
    expect(sheet.headerRow).toBe(3);
    const { out, notices } = await report(sheet, await readFile(NOTES));
    expect(notices).toEqual([]);
    const workbook = await loaded(out);
    const referrals = workbook.getWorksheet('Referrals')!;
    expect(referrals.getCell('A1').value).toBe('Acme Mutual - referral batch');
    expect(referrals.getCell('A2').value).toBe('Generated 2026-03-05');
    expect(referrals.getRow(6).hidden).toBe(true);
    expect(referrals.getCell('D3').value).toBe('_status');
    expect(referrals.getCell('D5').value).toBe('invalid');
    expect((referrals.getCell('C5').fill as ExcelJS.FillPattern).fgColor?.argb).toBe(PROBLEM_FILL_ARGB);
    expect(noteOf(referrals.getCell('B4'))).toBe('claimant moved in March');
    expect(String(workbook.getWorksheet(SUMMARY_SHEET)!.getCell('A1').value)).toBe('Validation report');
  });

  it('when a copy is still impossible, says in plain words what could not be read and what is missing', async () => {
    // The notes part named in the relationships is gone: exceljs fails on the sheet's notes again.
    const zip = await JSZip.loadAsync(await readFile(NOTES));
    const rels = 'xl/worksheets/_rels/sheet1.xml.rels';
    zip.file(
      rels,
      (await zip.file(rels)!.async('string')).replace(
        /Target="[^"]*comment1\.xml"/,
        'Target="../comments9.xml"',
      ),
    );
    const sheet = await open(NOTES);
    const { out, notices } = await report(sheet, await zip.generateAsync({ type: 'uint8array' }));
    expect(notices).toEqual([
      'the report is a new workbook with your rows: the original could not be copied (the library that copies workbooks (exceljs) could not read its cell notes (comments)), ' +
        'so what is above its header (a title), its hidden rows, formats, notes and other sheets are not in the report',
    ]);
    expect(notices.join('')).not.toMatch(/Cannot read properties|undefined/);
    const note = String((await loaded(out)).getWorksheet(SUMMARY_SHEET)!.getCell('B1').value);
    expect(note).toContain('could not read its cell notes (comments)');
  });
});

// The fixture is what make-notes-fixture.py says: openpyxl's part names and absolute targets.
describe('test/fixtures/report/openpyxl-with-notes.xlsx', () => {
  it('holds its notes where openpyxl puts them, not where Excel does', async () => {
    const zip = await JSZip.loadAsync(await readFile(NOTES));
    expect(Object.keys(zip.files)).toEqual(
      expect.arrayContaining(['xl/comments/comment1.xml', 'xl/drawings/commentsDrawing1.vml']),
    );
    expect(await zip.file('xl/worksheets/_rels/sheet1.xml.rels')!.async('string')).toContain(
      'Target="/xl/comments/comment1.xml"',
    );
  });
});
