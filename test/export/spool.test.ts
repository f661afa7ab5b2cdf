/**
 * The spool holds the first records in memory and writes only the rest to a temporary file. Both
 * halves must replay the records in the API's order, byte for byte as they came, and an export must
 * not depend on where the split fell.
 */
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { exportCaseRequests, type CaseRequestRecord } from '../../core/index.ts';
import { spoolRecords } from '../../core/export/spool.ts';
import { demoAccount, recordsApi } from './helpers.ts';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'spool-test-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** 250 requests (three pages) from the demo's, with text that a line-based file could mangle. */
async function manyRecords(): Promise<CaseRequestRecord[]> {
  const templates = (await demoAccount()).case_requests;
  return Array.from({ length: 250 }, (_, index) => ({
    ...structuredClone(templates[index % templates.length]!),
    id: index + 1,
    case_request_number: `REQ-${index + 1}`,
    notes: `line one\nline two\r\n"quoted", é ü 中文 😀 \u2028 #${index}`,
  }));
}

async function collect(records: AsyncIterable<CaseRequestRecord>): Promise<CaseRequestRecord[]> {
  const all: CaseRequestRecord[] = [];
  for await (const record of records) all.push(record);
  return all;
}

describe('spoolRecords', () => {
  it.each([
    ['everything in memory', undefined],
    ['a split inside the first page', 1],
    ['everything on disk', 0],
  ])('replays every record in order with %s, twice, and removes its file', async (_, budget) => {
    const records = await manyRecords();
    const spool = await spoolRecords({
      api: recordsApi(records),
      filters: {},
      tempDir: dir,
      inMemoryBytes: budget,
    });
    expect(spool.total).toBe(250);
    expect(await readdir(dir)).toHaveLength(budget === undefined ? 0 : 1);
    expect(await collect(spool.records())).toEqual(records);
    expect(await collect(spool.records())).toEqual(records);
    await spool.remove();
    expect(await readdir(dir)).toEqual([]);
  });

  it('splits where the byte budget runs out (about the first page size per record)', async () => {
    const records = await manyRecords();
    const perRecord = JSON.stringify(records[0]).length;
    const spool = await spoolRecords({
      api: recordsApi(records),
      filters: {},
      tempDir: dir,
      inMemoryBytes: perRecord * 120,
    });
    const [folder] = await readdir(dir);
    const lines = (await readFile(join(dir, folder!, 'records.ndjson'), 'utf8')).split('\n');
    // ≈120 held, the rest one JSON line each (plus the empty string after the last newline).
    expect(lines.length - 1).toBeGreaterThan(100);
    expect(lines.length - 1).toBeLessThan(150);
    expect(JSON.parse(lines[0]!).id).toBe(250 - (lines.length - 1) + 1);
    expect(await collect(spool.records())).toEqual(records);
    await spool.remove();
  });

  it('stops early without leaving the spooled file open (the width sample reads only the head)', async () => {
    const records = await manyRecords();
    const spool = await spoolRecords({
      api: recordsApi(records),
      filters: {},
      tempDir: dir,
      inMemoryBytes: 0,
    });
    for await (const record of spool.records()) if (record.id === 3) break;
    await spool.remove();
    expect(await readdir(dir)).toEqual([]);
  });
});

describe('export with the records held, split or spooled', () => {
  it.each(['csv', 'xlsx'] as const)('writes the same %s whatever the in-memory budget', async (format) => {
    const account = await demoAccount();
    const records = await manyRecords();
    const outputs: Buffer[] = [];
    for (const budget of [undefined, 20_000, 0]) {
      const out = join(dir, `out-${budget}.${format}`);
      const result = await exportCaseRequests({
        api: recordsApi(records),
        filters: {},
        format,
        preset: format === 'xlsx' ? 'round-trip' : 'report',
        out,
        reference: account,
        accountLabel: 'test',
        now: () => new Date('2026-01-02T03:04:05Z'),
        tempDir: dir,
        inMemoryBytes: budget,
      });
      expect(result.rows).toBe(250);
      outputs.push(await readFile(out));
    }
    if (format === 'csv') {
      expect(outputs[1]!.equals(outputs[0]!)).toBe(true);
      expect(outputs[2]!.equals(outputs[0]!)).toBe(true);
    } else {
      // An XLSX is a zip with timestamps inside; compare what a reader sees instead.
      const XLSX = await import('xlsx');
      const sheets = outputs.map((bytes) => {
        const book = XLSX.read(bytes);
        return book.SheetNames.map((name) => XLSX.utils.sheet_to_json(book.Sheets[name]!, { header: 1 }));
      });
      expect(sheets[1]).toEqual(sheets[0]);
      expect(sheets[2]).toEqual(sheets[0]);
    }
    expect((await readdir(dir)).filter((name) => name.startsWith('trackops-export-'))).toEqual([]);
  });
});
