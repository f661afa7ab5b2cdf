/**
 * The workbook being imported changes under the run (explore 52 items 3 and 5). An .xlsx import's
 * .xlsx results are a copy of the workbook, made at the end; each rule, proved with a spawned CLI
 * against a sandbox over HTTP, rows written by Python, workbooks by LibreOffice, results read by openpyxl:
 * - saved again during the run (a referral typed in at the top): the results are a new workbook of the
 *   rows as they were read, every row with its status, the change said; never the file as it is now
 *   with the rows read written over it by row number (the new referral vanished, the last row doubled);
 * - moved or renamed during the run: the counts, the results as a new workbook of the rows read, and
 *   why; never "Cannot read … Check the path" (exit 2, no counts) for a file that was read and sent.
 */
import { copyFile, mkdir, mkdtemp, rename } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeRows, storedByReference } from '../batch/helpers.ts';
import { libreOfficeConvert } from '../tools/libreoffice.ts';
import {
  TEMPLATE,
  connectionEnv,
  exited,
  secretSandbox,
  spawnImport,
  waitForOutcomes,
  type SandboxWithLog,
} from './import-helpers.ts';
import { startSlowCreateProxy } from './slow-create-proxy.ts';
import type { RunningProxy } from '../batch/proxies.ts';
import { runPython } from '../helpers/run-python.ts';

let running: SandboxWithLog;
let slow: RunningProxy;
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  // All three by one start of LibreOffice (seconds each).
  workbooks = await mkdtemp(join(tmpdir(), 'cli-wb-books-'));
  const csvs = Object.entries(WORKBOOKS).map(([prefix, count]) => {
    makeRows(join(workbooks, `${prefix}.csv`), count, prefix, [], 'Boulder', `${prefix} referral`);
    return join(workbooks, `${prefix}.csv`);
  });
  libreOfficeConvert(csvs, 'xlsx', workbooks, 'CSV:44,34,76,1');
  running = await secretSandbox({ rate: 1000 });
  // Each create answered half a second after it is sent: the run is still sending, seconds after its
  // first row, when the test saves or moves the workbook; the reads of the account before the first
  // row pass at once (at the 2/s this once took, they were 6 s of each run).
  slow = await startSlowCreateProxy(running.sandbox.baseUrl, 500);
  env = { ...connectionEnv(running.sandbox), TRACKOPS_URL: slow.baseUrl };
});
afterAll(async () => {
  await slow.close();
  await running.sandbox.close();
});

/** The workbooks of the tests, by prefix: `count` rows PREFIX-0…, written by Python then saved by LibreOffice. */
const WORKBOOKS = { WCH: 5, NEW: 6, WMV: 5 };
let workbooks: string;

/** `rows.xlsx` in `dir`: a copy of the PREFIX workbook made once for the file (beforeAll). */
async function workbook(dir: string, prefix: keyof typeof WORKBOOKS): Promise<string> {
  await mkdir(dir, { recursive: true });
  await copyFile(join(workbooks, `${prefix}.xlsx`), join(dir, 'rows.xlsx'));
  return join(dir, 'rows.xlsx');
}

/** The first sheet of an .xlsx as openpyxl reads it: Claim # and _status of each row under the header. */
function resultRows(path: string): { claim: string; status: string }[] {
  const script = `
import json, sys, openpyxl
sheet = openpyxl.load_workbook(sys.argv[1]).worksheets[0]
rows = [list(r) for r in sheet.iter_rows(values_only=True)]
header = rows[0]
claim, status = header.index('Claim #'), header.index('_status')
print(json.dumps([{'claim': r[claim] or '', 'status': r[status] or ''} for r in rows[1:]]))
`;
  return JSON.parse(runPython(script, [path], { encoding: 'utf8' })) as {
    claim: string;
    status: string;
  }[];
}

/** An import of rows.xlsx into results.xlsx, slow enough that the test acts while it sends. */
function slowImport(dir: string) {
  const child = spawnImport(
    ['rows.xlsx', '--sheet', '1', '--mapping', TEMPLATE, '--rate', '100/s', '--results', 'results.xlsx'],
    dir,
    env,
  );
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return {
    ended: async () => ({ ...(await exited(child)), stdout, stderr }),
  };
}

const ORIGINAL = Array.from({ length: 5 }, (_, index) => `WCH-${String(index).padStart(4, '0')}`);

describe('the workbook changes while it is imported', () => {
  it('saved again during the run: the results are a new workbook of the rows as read, every row with its status, and the change is said', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cli-wb-saved-'));
    const path = await workbook(dir, 'WCH');
    // The clerk's save: the same sheet with another referral at the top, written over the file in place.
    const saved = await workbook(join(dir, 'saved'), 'NEW');
    const run = slowImport(dir);
    await waitForOutcomes(join(dir, 'results.journal.jsonl'), 1);
    await copyFile(saved, path);
    const ended = await run.ended();
    expect(ended.code, ended.stderr).toBe(0);
    expect(ended.stdout).toContain('5 rows: 5 valid, 0 invalid. Created 5');
    expect(ended.stderr).toContain(
      `note: the results are a new workbook of the rows as they were read, not a copy of the file: ${path} changed since its rows were read`,
    );
    // Each row read once, with its status: no row of the file as saved, none doubled or without a status.
    expect(resultRows(join(dir, 'results.xlsx'))).toEqual(
      ORIGINAL.map((claim) => ({ claim, status: 'created' })),
    );
    expect(storedByReference(running.sandbox.account(), 'WCH-').size).toBe(5);
  });

  it('moved during the run: the counts, the results as a new workbook of the rows read, and why; never "Cannot read"', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cli-wb-moved-'));
    const path = await workbook(dir, 'WMV');
    const run = slowImport(dir);
    await waitForOutcomes(join(dir, 'results.journal.jsonl'), 1);
    await rename(path, join(dir, 'rows DONE.xlsx'));
    const ended = await run.ended();
    expect(ended.stderr).not.toContain('Cannot read');
    expect(ended.code, ended.stderr).toBe(0);
    expect(ended.stdout).toContain('5 rows: 5 valid, 0 invalid. Created 5');
    expect(ended.stdout).toContain(`Results written to ${join(dir, 'results.xlsx')}`);
    expect(ended.stderr).toContain(
      `${path} could not be opened again to copy it (ENOENT): it was moved, renamed or deleted since its rows were read`,
    );
    expect(resultRows(join(dir, 'results.xlsx'))).toEqual(
      ORIGINAL.map((claim) => ({ claim: claim.replace('WCH', 'WMV'), status: 'created' })),
    );
  });
});
