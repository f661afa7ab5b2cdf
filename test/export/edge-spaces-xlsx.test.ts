/**
 * Text that starts or ends with white space keeps it in an XLSX export, in every reader (explore 35
 * item 6): LibreOffice dropped it from exceljs's plain `t="str"` cells ("  indented note  " shown as
 * "indented note", a tab lost, spaces only an empty cell), while the CSV kept it. The export now writes
 * such text as an inline string whose `<t>` says xml:space="preserve", as Excel does. Real things: the
 * sandbox over HTTP, the CLI spawned, LibreOffice and openpyxl as the clerk's other programs, and the
 * round trip read back by the CLI, unedited and as LibreOffice saved it.
 */
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type RunningSandbox } from '../../sandbox/index.ts';
import { runCli } from '../cli/run-cli.ts';
import { cliInProcess } from '../cli/command-in-process.ts';
import { tempDir } from '../report/helpers.ts';
import { libreOfficeConverter } from '../tools/libreoffice.ts';
import { demoAccount } from './helpers.ts';
import { runPython } from '../helpers/run-python.ts';

/** What Trackops holds, by member: each starts or ends with white space. */
const HELD = {
  notes: '  indented note  ',
  admin_notes: '\tTabbed',
  scheduling_notes: '   ',
  case_location: 'Denver, CO\n',
};

let sandbox: RunningSandbox;
let dir: string;
/** LibreOffice with one profile for the file's three conversions (a new one per run was most of their time). */
let libreOfficeConvert: ReturnType<typeof libreOfficeConverter>;

beforeAll(async () => {
  const account = await demoAccount();
  const [first, second] = account.case_requests;
  Object.assign(first!, HELD);
  account.case_requests = [first!, second!];
  sandbox = await startSandbox({ port: 0, rate: 1000, account: account as never });
  dir = await tempDir();
  libreOfficeConvert = libreOfficeConverter(join(dir, 'libreoffice-profile'));
});
afterAll(() => sandbox.close());

const connection = () => ['--url', sandbox.baseUrl, '--user', sandbox.username, '--rate', '100/s'];
const env = () => ({ TRACKOPS_TOKEN: sandbox.token });
const stored = (id: number) => sandbox.account().case_requests.find((request) => request.id === id)!;

async function exportTo(file: string, columns: 'round-trip' | 'report'): Promise<void> {
  const run = await runCli(['export', '--out', file, '--columns', columns, ...connection()], env());
  expect(run.code, run.stderr).toBe(0);
}

/**
 * The round-trip export the read-back test imports: set-up, made by the export command's own code in
 * this process (the same requests and file as spawned; that same export as spawned is the first test's).
 */
async function exportHere(file: string): Promise<void> {
  const run = await cliInProcess(
    ['export', '--out', file, '--columns', 'round-trip', ...connection()],
    env(),
  );
  expect(run.code, run.stderr).toBe(0);
}

/** Row 2 of the data sheet as openpyxl reads it, by header. */
function openpyxlRow(file: string): Record<string, unknown> {
  const read = [
    'import openpyxl, sys, json',
    'sheet = openpyxl.load_workbook(sys.argv[1])["Case Requests"]',
    'head = [c.value for c in sheet[1]]',
    // Dates and numbers are not what this test reads: str() serves for them.
    'print(json.dumps(dict(zip(head, [c.value for c in sheet[2]])), default=str))',
  ].join('\n');
  return JSON.parse(runPython(read, [file], { encoding: 'utf8' }));
}

/** Row 2 as LibreOffice shows it, through its CSV filter (UTF-8, every cell quoted), read by Python. */
function libreOfficeRow(file: string, outDir: string): Record<string, string> {
  libreOfficeConvert(file, 'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true', outDir);
  const csvPath = join(
    outDir,
    file
      .split('/')
      .at(-1)!
      .replace(/\.xlsx$/, '.csv'),
  );
  const script =
    'import csv,sys,json; print(json.dumps(list(csv.DictReader(open(sys.argv[1], encoding="utf-8-sig", newline="")))[0]))';
  return JSON.parse(runPython(script, [csvPath], { encoding: 'utf8' }));
}

async function importBack(file: string): Promise<Record<string, number>> {
  const run = await runCli(['import', file, '--mode', 'update', '--json', ...connection()], env());
  expect([0, 1], run.stderr).toContain(run.code);
  return JSON.parse(run.stdout) as Record<string, number>;
}

describe('text starting or ending with white space, exported to XLSX', () => {
  it('is shown whole by LibreOffice and openpyxl, in both presets', async () => {
    const out = join(dir, 'round-trip.xlsx');
    await exportTo(out, 'round-trip');
    const lo = join(dir, 'lo-round-trip');
    await mkdir(lo);
    expect(libreOfficeRow(out, lo)).toMatchObject(HELD);
    expect(openpyxlRow(out)).toMatchObject(HELD);

    const report = join(dir, 'report.xlsx');
    await exportTo(report, 'report');
    const loReport = join(dir, 'lo-report');
    await mkdir(loReport);
    expect(libreOfficeRow(report, loReport)).toMatchObject({
      Notes: HELD.notes,
      'Admin Notes': HELD.admin_notes,
      'Scheduling Notes': HELD.scheduling_notes,
    });
  }, 240_000);

  it('reads back unedited from the round-trip file, also once LibreOffice saved it: nothing is sent', async () => {
    const out = join(dir, 'unedited.xlsx');
    await exportHere(out);
    expect(await importBack(out)).toMatchObject({ updated: 0, invalid: 0, failed: 0 });

    const saved = join(dir, 'saved');
    await mkdir(saved);
    libreOfficeConvert(out, 'xlsx', saved);
    const file = join(saved, 'unedited.xlsx');
    expect(openpyxlRow(file)).toMatchObject(HELD);
    expect(await importBack(file)).toMatchObject({ updated: 0, invalid: 0, failed: 0 });
    expect(stored(1)).toMatchObject(HELD);
    // The CSV kept them all along, written as Trackops holds them (the tab behind the formula guard).
    const csv = join(dir, 'same.csv');
    await exportTo(csv, 'round-trip');
    expect(await readFile(csv, 'utf8')).toContain(`"${HELD.notes}"`);
  }, 240_000);
});
