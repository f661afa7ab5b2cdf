import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import * as XLSX from 'xlsx';
import { afterEach, describe, expect, it } from 'vitest';
import { exportCaseRequests, type CaseRequestRecord, type ExportOptions } from '../../core/index.ts';
import { demoAccount, recordsApi } from './helpers.ts';

const originalTz = process.env.TZ;
afterEach(() => {
  // Assigning undefined would set the text "undefined": delete it when it was not set.
  if (originalTz === undefined) delete process.env.TZ;
  else process.env.TZ = originalTz;
});

async function exportXlsx(records: CaseRequestRecord[], extra: Partial<ExportOptions> = {}) {
  const account = await demoAccount();
  const out = join(await mkdtemp(join(tmpdir(), 'export-xlsx-')), 'out.xlsx');
  const result = await exportCaseRequests({
    api: recordsApi(records),
    filters: { created_from: '2026-01-01' },
    format: 'xlsx',
    preset: 'report',
    out,
    reference: account,
    accountLabel: 'https://acme.viewcases.com/api/v1 as jane',
    ...extra,
  });
  return { out, result, account };
}

/** SheetJS (an independent reader): raw cells, so no reader-side date conversion can hide a shift. */
async function sheetJs(path: string): Promise<XLSX.WorkBook> {
  return XLSX.read(await readFile(path), { cellDates: false, cellNF: true, cellStyles: true });
}

function cellByHeader(sheet: XLSX.WorkSheet, header: string, row: number): XLSX.CellObject | undefined {
  const range = XLSX.utils.decode_range(sheet['!ref'] ?? 'A1');
  for (let c = range.s.c; c <= range.e.c; c++) {
    if (sheet[XLSX.utils.encode_cell({ r: 0, c })]?.v === header)
      return sheet[XLSX.utils.encode_cell({ r: row - 1, c })];
  }
  throw new Error(`no header ${header}`);
}

describe('XLSX export cell types, read back by SheetJS', () => {
  it('writes dates as date cells never shifted by the time zone, money as numbers, ids/zips/phones as text', async () => {
    const account = await demoAccount();
    const record = structuredClone(account.case_requests[0]!);
    record.client = { ...record.client, zip: '02134' };
    record.reference_value_1 = '000123';
    record.contact = { ...record.contact, phone_office: '0044 20 7946 0000' };
    record.budget_money = 1500.5;
    // UTC+14 and UTC-11: a writer using local midnight would land a day off in one of them.
    for (const tz of ['Pacific/Kiritimati', 'Pacific/Pago_Pago']) {
      process.env.TZ = tz;
      const { out } = await exportXlsx([record]);
      const sheet = (await sheetJs(out)).Sheets['Case Requests']!;
      const received = cellByHeader(sheet, 'Received', 2)!;
      expect(received.t).toBe('n');
      expect(XLSX.SSF.is_date(String(received.z))).toBe(true);
      expect(XLSX.SSF.format('yyyy-mm-dd', received.v)).toBe(record.created_on);
      expect(XLSX.SSF.format('yyyy-mm-dd', cellByHeader(sheet, 'Claimant: Date of Birth', 2)!.v)).toBe(
        '1966-06-17',
      );
      const zip = cellByHeader(sheet, 'Client Zip', 2)!;
      expect([zip.t, zip.v]).toEqual(['s', '02134']);
      expect(cellByHeader(sheet, 'Claim Number', 2)!.v).toBe('000123');
      expect(cellByHeader(sheet, 'Contact Office Phone', 2)!.t).toBe('s');
      expect(cellByHeader(sheet, 'Request ID', 2)!.t).toBe('s');
      const budget = cellByHeader(sheet, 'Budget', 2)!;
      expect([budget.t, budget.v]).toEqual(['n', 1500.5]);
      expect(cellByHeader(sheet, 'Surveillance Hours Authorized', 2)!.t).toBe('n');
      const updated = cellByHeader(sheet, 'Updated At (UTC)', 2)!;
      expect(XLSX.SSF.format('yyyy-mm-dd hh:mm:ss', updated.v)).toBe(record.updated_at);
    }
  });

  it('labels references with the case type labels, joined when the exported case types differ', async () => {
    const account = await demoAccount();
    const surveillanceOnly = account.case_requests.filter((r) => r.case_type_id === 1);
    const one = (await exportXlsx(surveillanceOnly)).result.columns;
    expect(one).toContain('Claim Number');
    expect(one).toContain('Policy Number');
    expect(one).not.toContain('Reference 3');
    const mixed = account.case_requests.filter((r) => r.case_type_id === 1 || r.case_type_id === 4);
    expect((await exportXlsx(mixed)).result.columns).toContain('Claim Number / Account Number');
  });

  it('groups subjects per type, with "Claimant 2:" columns for a second claimant', async () => {
    const account = await demoAccount();
    const record = structuredClone(account.case_requests[0]!);
    const claimant = record.subjects!.find((s) => s.subject_type_id === 1)!;
    record.subjects!.push({
      ...structuredClone(claimant),
      id: 9999,
      is_primary: false,
      custom_fields: [{ id: 101, value: { first_name: 'Ana', middle_name: '', last_name: 'Ruiz' } }],
    });
    const { out, result } = await exportXlsx([record]);
    expect(result.columns).toContain('Claimant: Name');
    expect(result.columns).toContain('Claimant 2: Name');
    expect(result.columns).toContain('Claimant 2: Home Address (Zip)');
    const sheet = (await sheetJs(out)).Sheets['Case Requests']!;
    expect(cellByHeader(sheet, 'Claimant: Name', 2)!.v).toBe('Luis A Martinez');
    expect(cellByHeader(sheet, 'Claimant 2: Name', 2)!.v).toBe('Ana Ruiz');
    expect(cellByHeader(sheet, 'Claimant: Home Address (City)', 2)!.v).toBe('Boulder');
  });

  it('has a bold, frozen header with an autofilter, sensible widths, and an Export info sheet without secrets', async () => {
    const account = await demoAccount();
    const { out } = await exportXlsx(account.case_requests);
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(out);
    const sheet = book.getWorksheet('Case Requests')!;
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(sheet.getRow(1).getCell(1).font?.bold).toBe(true);
    expect(sheet.autoFilter).toBeTruthy();
    expect(sheet.getColumn(1).width).toBeGreaterThanOrEqual(14);
    const info = (await sheetJs(out)).Sheets['Export info']!;
    const text = XLSX.utils.sheet_to_csv(info);
    expect(text).toContain('https://acme.viewcases.com/api/v1 as jane');
    expect(text).toContain('created_from,2026-01-01');
    expect(text).toMatch(/Rows,36/);
    expect(text).not.toMatch(/token/i);
  });

  it('continues on a new sheet, header repeated, past the row limit', async () => {
    const account = await demoAccount();
    const { out, result } = await exportXlsx(account.case_requests, { maxRowsPerSheet: 10 });
    expect(result.sheets).toEqual([
      'Case Requests',
      'Case Requests (2)',
      'Case Requests (3)',
      'Case Requests (4)',
    ]);
    const book = await sheetJs(out);
    const ids = result.sheets.flatMap((name) =>
      XLSX.utils
        .sheet_to_json<Record<string, string>>(book.Sheets[name]!)
        .map((row) => Number(row['Request ID'])),
    );
    expect(ids).toEqual(account.case_requests.map((r) => r.id));
  });

  it('hides the round-trip metadata sheet as veryHidden', async () => {
    const account = await demoAccount();
    const { out } = await exportXlsx(account.case_requests.slice(0, 3), { preset: 'round-trip' });
    const book = await sheetJs(out);
    const states = Object.fromEntries((book.Workbook?.Sheets ?? []).map((s) => [s.name, s.Hidden]));
    expect(states).toEqual({ 'Case Requests': 0, 'Export info': 0, _trackops_round_trip: 2 });
    const headers = XLSX.utils.sheet_to_json<string[]>(book.Sheets['Case Requests']!, { header: 1 })[0];
    expect(headers).toEqual(expect.arrayContaining(['id', 'updated_at', 'client.name', 'custom_fields.12']));
    expect(headers).toContain('subjects.0.custom_fields.101.first_name');
  });
});
