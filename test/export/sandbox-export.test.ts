/**
 * Export against the sandbox over real HTTP: several filter combinations, date boundaries included,
 * compared with what the API itself lists and with the stored account.
 */
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as XLSX from 'xlsx';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildExportFilters,
  exportCaseRequests,
  type AccountReference,
  type CaseRequestFilters,
  type CaseRequestRecord,
  type FilterName,
} from '../../core/index.ts';
import { startSandbox, type RunningSandbox, type StoredCaseRequest } from '../../sandbox/index.ts';
import { sandboxApi, type ExportApi } from './sandbox-api.ts';

let sandbox: RunningSandbox;
let api: ExportApi;
let reference: AccountReference;
let stored: StoredCaseRequest[];
const now = new Date('2026-11-29T12:00:00Z');

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, rate: 1000 });
  api = sandboxApi(sandbox);
  reference = await api.getReference();
  stored = sandbox.account().case_requests;
});
afterAll(() => sandbox.close());

async function listAll(filters: CaseRequestFilters): Promise<CaseRequestRecord[]> {
  const all: CaseRequestRecord[] = [];
  for (let page = 1; ; page++) {
    const records = await api.listCaseRequests(filters, { page, perPage: 100 });
    all.push(...records);
    if (records.length < 100) return all;
  }
}

async function exportRows(raw: Partial<Record<FilterName, string>>, format: 'csv' | 'xlsx' = 'xlsx') {
  const filters = buildExportFilters(raw, { now, reference });
  const out = join(await mkdtemp(join(tmpdir(), 'export-sandbox-')), `out.${format}`);
  const result = await exportCaseRequests({
    api,
    filters,
    format,
    preset: 'round-trip',
    out,
    reference,
    accountLabel: `${sandbox.baseUrl} as ${sandbox.username}`,
  });
  const book = XLSX.read(await readFile(out), { raw: true, cellDates: false });
  const rows = XLSX.utils.sheet_to_json<Record<string, unknown>>(book.Sheets[book.SheetNames[0]!]!, {
    raw: false,
    dateNF: 'yyyy-mm-dd',
  });
  const info = XLSX.utils.sheet_to_json<[string, unknown]>(book.Sheets['Export info']!, { header: 1 });
  return { result, rows, filters, info: new Map(info.map(([label, value]) => [label, value])) };
}

function ids(rows: Record<string, unknown>[]): number[] {
  return rows.map((row) => Number(row.id));
}

describe('export from the sandbox by filters', () => {
  it('with no filter exports every request, each row matching the API record', async () => {
    const { rows, result } = await exportRows({});
    const listed = await listAll({});
    expect(result.rows).toBe(stored.length);
    expect(ids(rows)).toEqual(listed.map((record) => record.id));
    for (const [index, record] of listed.entries()) {
      const row = rows[index]!;
      expect(row.case_request_number).toBe(record.case_request_number);
      expect(row.created_on).toBe(record.created_on);
      expect(row['client.zip'] ?? undefined).toBe(record.client?.zip || undefined);
      expect(row.updated_at).toBe(record.updated_at);
    }
  });

  it('asks for composite values expanded, so NAME and ADDRESS parts are exported (the API flattens them otherwise)', async () => {
    const { rows } = await exportRows({});
    const claimants = stored.filter((record) =>
      record.subjects.some((subject) => subject.subject_type_id === 1),
    );
    expect(claimants.length).toBeGreaterThan(5);
    for (const record of claimants) {
      const claimant = record.subjects.find((subject) => subject.subject_type_id === 1)!;
      const name = claimant.custom_fields.find((field) => field.id === 101)?.value as Record<string, string>;
      const home = claimant.custom_fields.find((field) => field.id === 107)?.value as
        Record<string, string> | undefined;
      const row = rows.find((candidate) => Number(candidate.id) === record.id)!;
      expect(row['subjects.0.custom_fields.101.last_name']).toBe(name.last_name);
      if (home?.city) expect(row['subjects.0.custom_fields.107.city']).toBe(home.city);
    }
  });

  it('includes both ends of a created_on range (inclusive dates)', async () => {
    const days = [...new Set(stored.map((record) => record.created_on))].sort();
    const from = days[3]!;
    const to = days[8]!;
    const { rows } = await exportRows({ created_from: from, created_to: to });
    const expected = stored.filter((record) => record.created_on >= from && record.created_on <= to);
    expect(expected.some((record) => record.created_on === from)).toBe(true);
    expect(expected.some((record) => record.created_on === to)).toBe(true);
    expect(ids(rows)).toEqual(expected.map((record) => record.id));
    // The same range as CSV gives the same requests.
    const csv = await exportRows({ created_from: from, created_to: to }, 'csv');
    expect(ids(csv.rows)).toEqual(expected.map((record) => record.id));
  });

  it('resolves a region by name and combines it with a relative due date', async () => {
    const region = reference.case_regions[0]!;
    const { rows, filters } = await exportRows({ case_region: region.name.toUpperCase(), due_from: '-6m' });
    expect(filters).toEqual({ case_region: region.id, due_from: '2026-05-29' });
    const expected = stored.filter(
      (record) =>
        record.case_region_id === region.id && record.due_on !== null && record.due_on >= '2026-05-29',
    );
    expect(expected.length).toBeGreaterThan(0);
    expect(ids(rows)).toEqual(expected.map((record) => record.id));
  });

  it('treats an updated_to date as the whole day (timestamp filter boundary)', async () => {
    const target = [...stored].sort((a, b) => a.updated_at.localeCompare(b.updated_at))[10]!;
    const day = target.updated_at.slice(0, 10);
    const { rows } = await exportRows({ updated_to: day });
    const expected = stored.filter((record) => record.updated_at <= `${day} 23:59:59`);
    expect(ids(rows)).toContain(target.id);
    expect(ids(rows)).toEqual(expected.map((record) => record.id));
    expect(ids(rows).length).toBeLessThan(stored.length);
  });

  it('finds one request by reference value and an empty export still has its header', async () => {
    const one = stored[5]!;
    const { rows } = await exportRows({ reference_value_1: one.reference_value_1 ?? '' });
    expect(ids(rows)).toEqual([one.id]);
    const none = await exportRows({ case_request_number: 'REQ-NOPE' });
    expect(none.result.rows).toBe(0);
    expect(none.result.columns).toContain('id');
    // Its "Export info" names the data sheet it has, as for any other export (it was left empty).
    expect(none.info.get('Data sheets')).toBe('Case Requests');
    expect(none.info.get('Rows')).toBe(0);
    expect(none.info.get('Filters checked')).toBe('Trackops listed no request for them: nothing to check');
  });

  it('refuses a region name that matches nothing, listing the valid names', async () => {
    expect(() => buildExportFilters({ case_region: 'Atlantis' }, { now, reference })).toThrow(
      new RegExp(
        `--case-region 'Atlantis' matches no case region; give one of "${reference.case_regions[0]!.name}"`,
      ),
    );
  });
});
