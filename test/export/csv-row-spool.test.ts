/**
 * A CSV export spools the rows past its in-memory budget as CSV lines, before the columns are final.
 * When a later record brings a new column (a case type with other fields and labels, a second
 * claimant, a new subject type that shifts the round trip's "subjects.N" numbering, an unknown field, a
 * reference value first filled), the rows already spooled must come out spread onto the final columns:
 * the file is the same, byte for byte, wherever the budget split the records.
 */
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Papa from 'papaparse';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { exportCaseRequests, type CaseRequestRecord } from '../../core/index.ts';
import { reportColumns } from '../../core/export/columns-report.ts';
import { spoolRecords } from '../../core/export/spool.ts';
import { demoAccount, recordsApi } from './helpers.ts';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'csv-row-spool-test-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/**
 * 250 requests: the first 150 of one shape (case type 1, one claimant, no third reference, text a
 * formula guard and quoting must get right), then one new column after another.
 */
async function growingRecords(): Promise<CaseRequestRecord[]> {
  const demo = (await demoAccount()).case_requests;
  const plain = demo.find((record) => record.case_type_id === 1)!;
  const claimant = plain.subjects!.find((subject) => subject.subject_type_id === 1)!;
  const other = demo.find((record) => record.case_type_id === 3)!;
  const withType = (id: number) =>
    demo.flatMap((r) => r.subjects ?? []).find((s) => s.subject_type_id === id)!;
  return Array.from({ length: 250 }, (_, index): CaseRequestRecord => {
    const id = index + 1;
    const record: CaseRequestRecord = {
      ...structuredClone(id >= 160 && id % 7 === 0 ? other : plain),
      id,
      case_request_number: `REQ-${id}`,
      reference_value_3: null,
      subjects: [structuredClone(claimant)],
      notes:
        index % 3 === 0 ? `-${id} owed, "see" file` : index % 3 === 1 ? `=SUM(A${id})` : ` padded ${id}\n`,
    };
    if (id === 190)
      record.subjects = [claimant, claimant, claimant, withType(4)].map((s) => structuredClone(s));
    if (id === 220) {
      record.custom_fields = [...(record.custom_fields ?? []), { id: 999, value: '+1 (555) 010' }];
      record.reference_value_3 = '007';
    }
    if (id === 249) record.subjects = [structuredClone(claimant), structuredClone(withType(2))];
    return record;
  });
}

describe('CSV export with columns that grow after spooling began', () => {
  it.each(['report', 'round-trip'] as const)('%s: the same bytes whatever the budget', async (preset) => {
    const account = await demoAccount();
    const records = await growingRecords();
    const perRecord = JSON.stringify(records[0]).length;
    const outputs: string[] = [];
    const progress: number[] = [];
    for (const budget of [undefined, perRecord * 120, 0]) {
      const out = join(dir, `out-${budget}.csv`);
      const result = await exportCaseRequests({
        api: recordsApi(records),
        filters: {},
        format: 'csv',
        preset,
        out,
        reference: account,
        accountLabel: 'test',
        tempDir: dir,
        inMemoryBytes: budget,
        onProgress: (event) => {
          if (event.phase === 'writing' && budget === 0) progress.push(event.done);
        },
      });
      expect(result.rows).toBe(250);
      outputs.push(await readFile(out, 'utf8'));
    }
    expect(outputs[1]).toBe(outputs[0]);
    expect(outputs[2]).toBe(outputs[0]);
    expect(progress.at(-1)).toBe(250);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));

    // And what the file holds is right, not only the same: read it back as a CSV reader would.
    const rows = Papa.parse<string[]>(outputs[0]!.replace(/^\uFEFF/, ''), { skipEmptyLines: true }).data;
    const header = rows[0]!;
    expect(rows).toHaveLength(251);
    expect(rows.every((row) => row.length === header.length)).toBe(true);
    const cell = (id: number, name: string) => rows[id]![header.indexOf(name)];
    const notes = preset === 'report' ? 'Notes' : 'notes';
    expect(cell(1, notes)).toBe(`'-1 owed, "see" file`);
    expect(cell(2, notes)).toBe(`'=SUM(A2)`);
    expect(cell(3, notes)).toBe(` padded 3\n`);
    // Case type 3 also labels the third reference, "Policy Number" (which type 1 gives the second).
    const third = preset === 'report' ? 'Policy Number' : 'reference_value_3';
    // Case type 3 labels its second reference differently: the header joins both labels.
    if (preset === 'report') expect(header).toContain('Policy Number / Adjuster File Number');
    expect(header.filter((name) => name === third)).toHaveLength(1);
    expect(cell(220, third)).toBe('007');
    expect(cell(1, third)).toBe('');
    const unknown = preset === 'report' ? 'Field 999' : 'custom_fields.999';
    expect(cell(220, unknown)).toBe(`'+1 (555) 010`);
    expect(cell(1, unknown)).toBe('');
    if (preset === 'round-trip') {
      // Vehicle (type 2) came last but sorts before Employer (type 4): the numbering moved.
      // Groups: three claimants (0-2), the vehicle (3), the employer (4).
      expect(header).toContain('subjects.3.custom_fields.201');
      expect(header).toContain('subjects.4.custom_fields.401');
      expect(cell(249, 'subjects.3.custom_fields.201')).not.toBe('');
      expect(cell(190, 'subjects.4.custom_fields.401')).not.toBe('');
      expect(cell(190, 'subjects.3.custom_fields.201')).toBe('');
    } else {
      expect(header.some((name) => name.startsWith('Claimant 3: '))).toBe(true);
      expect(header.some((name) => name.startsWith('Vehicle: '))).toBe(true);
    }
    expect((await readdir(dir)).filter((name) => name.startsWith('trackops-export-'))).toEqual([]);
  });

  it('writes one segment file per column set and removes them all', async () => {
    const account = await demoAccount();
    const spool = await spoolRecords({
      api: recordsApi(await growingRecords()),
      filters: {},
      tempDir: dir,
      inMemoryBytes: 0,
      csvColumns: (stats) => reportColumns(account, stats),
    });
    const [folder] = await readdir(dir);
    const files = await readdir(join(dir, folder!));
    // The first shape, then: case type 3, the third claimant + employer, field 999 + reference 3, vehicle.
    expect(files.sort()).toEqual(['rows-1.csv', 'rows-2.csv', 'rows-3.csv', 'rows-4.csv', 'rows-5.csv']);
    expect(await collectCount(spool.records())).toBe(0);
    await spool.remove();
    expect(await readdir(dir)).toEqual([]);
  });
});

async function collectCount(records: AsyncIterable<unknown>): Promise<number> {
  let count = 0;
  for await (const _ of records) count++;
  return count;
}
