/**
 * The XLSX report of a workbook with a logo is a marked-up copy of that workbook, logo included
 * (issue 16 point 6). The fixtures were written by LibreOffice and by openpyxl (test/fixtures/report/);
 * openpyxl's drawing, in the default namespace, made exceljs fail with "reading 'anchors'" and the
 * report fall back to a new workbook without a word on the console.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { bytesSource, openValidationReport, type Problem, type SheetSource } from '../../core/index.ts';
import { SUMMARY_SHEET } from '../../core/report/report-workbook.ts';
import { runCli } from '../cli/run-cli.ts';
import { open, readRows, tempDir, withProblem } from './helpers.ts';

const FIXTURES = new URL('../fixtures/report/', import.meta.url).pathname;
const LIBREOFFICE = join(FIXTURES, 'carrier-with-logo.xlsx');
const OPENPYXL = join(FIXTURES, 'openpyxl-with-logo.xlsx');
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
  const rows = (await readRows(sheet)).map((row) => (row.row === 4 ? withProblem(row, EMAIL) : row));
  for (const row of rows) await writer.add(row);
  await writer.close({ rows: rows.length, valid: rows.length - 1, invalid: 1, skippedBlank: 0 });
  return { out, notices };
}

async function loaded(path: string): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load((await readFile(path)) as unknown as ArrayBuffer);
  return workbook;
}

async function mediaIn(path: string): Promise<string[]> {
  const zip = await JSZip.loadAsync(await readFile(path));
  return Object.keys(zip.files).filter((name) => name.startsWith('xl/media/') && !zip.files[name]!.dir);
}

describe('the XLSX report of a workbook with a logo', () => {
  for (const [maker, path] of [
    ['LibreOffice', LIBREOFFICE],
    ['openpyxl', OPENPYXL],
  ] as const) {
    it(`is a marked-up copy with the logo kept (${maker})`, async () => {
      const sheet = await open(path);
      expect(sheet.headerRow).toBe(2);
      const { out, notices } = await report(sheet, await readFile(path));
      const workbook = await loaded(out);
      const referrals = workbook.getWorksheet('Referrals')!;
      expect(referrals.getCell('C1').value).toBe('Acme Mutual — referrals for Trackops');
      expect(referrals.getCell('D2').value).toBe('_status');
      expect(referrals.getCell('D4').value).toBe('invalid');
      expect(referrals.getImages()).toHaveLength(1);
      expect(referrals.getImages()[0]!.range.tl.nativeRow).toBe(0);
      expect(await mediaIn(out)).toHaveLength(1);
      expect(String(workbook.getWorksheet(SUMMARY_SHEET)!.getCell('A1').value)).toBe('Validation report');
      expect(notices).toEqual([]);
    });
  }

  it('when exceljs cannot read the drawing at all, copies the rest and says the pictures were left out', async () => {
    const zip = await JSZip.loadAsync(await readFile(OPENPYXL));
    zip.file('xl/drawings/drawing1.xml', '<wsDr xmlns="urn:broken"><unclosed></wsDr>');
    const damaged = await zip.generateAsync({ type: 'uint8array' });
    const sheet = await open(OPENPYXL);
    const { out, notices } = await report(sheet, damaged);
    const workbook = await loaded(out);
    const referrals = workbook.getWorksheet('Referrals')!;
    expect(referrals.getCell('D4').value).toBe('invalid');
    expect(referrals.getImages()).toHaveLength(0);
    expect(notices).toEqual([
      expect.stringMatching(/^the report copies your workbook without its 1 picture \(a logo, say\): /),
    ]);
    const note = String(workbook.getWorksheet(SUMMARY_SHEET)!.getCell('B1').value);
    expect(note).toMatch(
      /^A copy of your workbook without its 1 picture \(a logo, say\): they could not be copied/,
    );
  });

  it('unreadable as a workbook by exceljs: a new workbook, and the notice says so', async () => {
    const sheet = await open(LIBREOFFICE);
    const { notices } = await report(sheet, new TextEncoder().encode('not a zip'));
    expect(notices).toEqual([
      expect.stringMatching(/^the report is a new workbook with your rows: the original could not be copied/),
    ]);
  });
});

describe('the CLI, when the pictures cannot be copied', () => {
  it('says so on stderr beside writing the report', { timeout: 60_000 }, async () => {
    const dir = await tempDir();
    const zip = await JSZip.loadAsync(await readFile(OPENPYXL));
    zip.file('xl/drawings/drawing1.xml', '<wsDr xmlns="urn:broken"><unclosed></wsDr>');
    const file = join(dir, 'carrier.xlsx');
    await writeFile(file, await zip.generateAsync({ type: 'uint8array' }));
    const mapping = join(dir, 'mapping.json');
    await writeFile(
      mapping,
      JSON.stringify({ version: 1, columns: [{ column: 'Claim #', target: 'reference_value_1' }] }),
    );
    const out = join(dir, 'report.xlsx');
    const run = await runCli(['validate', file, '--mapping', mapping, '--report', out]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(
      /^note: the report copies your workbook without its 1 picture \(a logo, say\): /m,
    );
    expect((await loaded(out)).getWorksheet('Referrals')!.getCell('D2').value).toBe('_status');
  });
});

// The fixtures are what the README says: a real drawing part with the logo in each.
describe('test/fixtures/report', () => {
  it('each workbook holds one PNG and one drawing part', async () => {
    for (const path of [LIBREOFFICE, OPENPYXL]) {
      const zip = await JSZip.loadAsync(await readFile(path));
      expect(
        Object.keys(zip.files).filter((name) => /^xl\/drawings\/drawing\d+\.xml$/.test(name)),
      ).toHaveLength(1);
      expect(await mediaIn(path)).toEqual(['xl/media/image1.png']);
    }
  });
});
