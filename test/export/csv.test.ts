import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { csvField, csvLine } from '../../core/files/csv-writer.ts';
import { exportCaseRequests, type CaseRequestRecord } from '../../core/index.ts';
import { demoAccount, recordsApi } from './helpers.ts';
import { runPython } from '../helpers/run-python.ts';

describe('CSV cells (OWASP CSV injection; RFC 4180)', () => {
  it('neutralises every formula start with a leading apostrophe', () => {
    for (const text of ['=1+2', '+1', '-1+2', '@SUM(A1)', '\t=1', '\r=1']) {
      expect(csvField(text).replace(/^"|"$/g, '').startsWith("'")).toBe(true);
    }
    expect(csvField('=HYPERLINK("http://x")')).toBe(`"'=HYPERLINK(""http://x"")"`);
    expect(csvField('plain')).toBe('plain');
  });

  it('writes real numbers, negative ones included, as numbers', () => {
    expect(csvField(-12.5)).toBe('-12.5');
    expect(csvField(0)).toBe('0');
  });

  it('writes dates as ISO and quotes commas, quotes and line breaks', () => {
    expect(csvLine([{ date: '2025-03-01' }, { dateTime: '2025-03-01T08:00:00' }, 'a,b', 'x\ny', null])).toBe(
      '2025-03-01,2025-03-01 08:00:00,"a,b","x\ny",\r\n',
    );
  });
});

describe('CSV export file', () => {
  async function exportWith(records: CaseRequestRecord[], bom?: boolean): Promise<Buffer> {
    const account = await demoAccount();
    const dir = await mkdtemp(join(tmpdir(), 'export-csv-'));
    const out = join(dir, 'out.csv');
    await exportCaseRequests({
      api: recordsApi(records),
      filters: {},
      format: 'csv',
      preset: 'report',
      out,
      reference: account,
      accountLabel: 'test',
      ...(bom === undefined ? {} : { csvBom: bom }),
    });
    return readFile(out);
  }

  it('starts with the UTF-8 BOM by default, uses CRLF, and python csv reads back what was exported', async () => {
    const account = await demoAccount();
    const record = structuredClone(account.case_requests[0]!);
    record.notes = '=cmd|"/c calc"!A1';
    record.case_location = 'Zürich, CH';
    record.custom_fields = (record.custom_fields ?? []).map((field) =>
      field.id === 13 ? { id: 13, value: -4 } : field,
    );
    const bytes = await exportWith([record]);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.toString('utf8');
    expect(text.split('\r\n').length).toBe(3); // header, one row, trailing empty
    // An independent reader: python's csv module, with utf-8-sig removing the BOM as Excel does.
    const script =
      'import csv,sys,json; print(json.dumps(list(csv.DictReader(open(sys.argv[1], encoding="utf-8-sig", newline="")))))';
    const parsed = JSON.parse(runPython(script, [await writeTemp(bytes)], { encoding: 'utf8' })) as Record<
      string,
      string
    >[];
    expect(parsed).toHaveLength(1);
    const row = parsed[0]!;
    expect(row['Notes']).toBe(`'=cmd|"/c calc"!A1`);
    expect(row['Case Location']).toBe('Zürich, CH');
    expect(row['Surveillance Hours Authorized']).toBe('-4');
    expect(row['Request Number']).toBe(record.case_request_number);
    expect(row['Received']).toBe(record.created_on);
    expect(row['Client Zip']).toBe(record.client?.zip);
  });

  it('omits the BOM when asked', async () => {
    const account = await demoAccount();
    const bytes = await exportWith(account.case_requests.slice(0, 2), false);
    expect(bytes.subarray(0, 7).toString('utf8')).toBe('Request');
  });
});

async function writeTemp(bytes: Buffer): Promise<string> {
  const path = join(await mkdtemp(join(tmpdir(), 'export-csv-')), 'copy.csv');
  await writeFile(path, bytes);
  return path;
}
