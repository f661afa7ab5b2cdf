/** Shared pieces of the report tests: a temp dir, the messy sample read by the real reader, python csv. */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileSource, openSheet, type Problem, type RowOutcome, type SheetSource } from '../../core/index.ts';
import { runPython } from '../helpers/run-python.ts';

export const MESSY = new URL('../../samples/referrals-messy.xlsx', import.meta.url).pathname;
export const CLEAN = new URL('../../samples/referrals-clean.csv', import.meta.url).pathname;

export async function tempDir(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'report-test-'));
}

export async function readRows(sheet: SheetSource): Promise<RowOutcome[]> {
  const rows: RowOutcome[] = [];
  for await (const row of sheet.rows())
    rows.push({ row: row.row, status: 'valid', problems: [], cells: row.cells });
  return rows;
}

export async function open(path: string): Promise<SheetSource> {
  return openSheet(fileSource(path), {});
}

/** Marks the row invalid with a problem on `column`, as the validator would. */
export function withProblem(outcome: RowOutcome, problem: Omit<Problem, 'row'>): RowOutcome {
  return { ...outcome, status: 'invalid', problems: [...outcome.problems, { row: outcome.row, ...problem }] };
}

/** Reads a CSV with python's csv module (another program's reading, not ours). */
export function pythonCsv(path: string): string[][] {
  const script =
    'import csv,json,sys\nwith open(sys.argv[1],encoding="utf-8-sig",newline="") as f: print(json.dumps(list(csv.reader(f))))';
  return JSON.parse(runPython(script, [path], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 }));
}
