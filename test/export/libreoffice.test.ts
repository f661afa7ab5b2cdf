/**
 * A user's view of an export: LibreOffice (another program) opens the XLSX and saves it as CSV, and
 * what it shows is what a person would see: dates as dates, zips and ids with their leading zeros,
 * money as numbers, the data sheet first (the hidden round-trip sheet never shown).
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { exportCaseRequests } from '../../core/index.ts';
import { libreOfficeConvert } from '../tools/libreoffice.ts';
import { demoAccount, recordsApi } from './helpers.ts';
import { runPython } from '../helpers/run-python.ts';

function libreOfficeCsv(dir: string, xlsx: string): Record<string, string>[] {
  // 44 comma, 34 double quote, 76 UTF-8 (LibreOffice's CSV filter options)
  libreOfficeConvert(xlsx, 'csv:Text - txt - csv (StarCalc):44,34,76', dir);
  const script =
    'import csv,sys,json; print(json.dumps(list(csv.DictReader(open(sys.argv[1], encoding="utf-8", newline="")))))';
  const csvPath = xlsx.replace(/\.xlsx$/, '.csv');
  return JSON.parse(runPython(script, [csvPath], { encoding: 'utf8' }));
}

describe('an export opened in LibreOffice', () => {
  it('shows dates as dates, leading zeros kept, money as numbers, the data sheet first', async () => {
    const account = await demoAccount();
    const record = structuredClone(account.case_requests[0]!);
    record.client = { ...record.client, zip: '02134' };
    record.reference_value_1 = '000123';
    record.budget_money = 1250.5;
    const dir = await mkdtemp(join(tmpdir(), 'export-lo-'));
    const out = join(dir, 'requests.xlsx');
    await exportCaseRequests({
      api: recordsApi([record, account.case_requests[1]!]),
      filters: {},
      format: 'xlsx',
      preset: 'round-trip',
      out,
      reference: account,
      accountLabel: 'test',
    });
    const rows = libreOfficeCsv(dir, out);
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatchObject({
      id: '1',
      created_on: record.created_on,
      due_on: record.due_on,
      'client.zip': '02134',
      reference_value_1: '000123',
      'subjects.0.custom_fields.102': '1966-06-17',
    });
    // "as shown": the money format's thousands separator proves LibreOffice holds a number, not text.
    expect(rows[0]!.budget_money).toBe('1,250.50');
  }, 120_000);
});
