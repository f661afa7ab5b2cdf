/**
 * `trackops-bulk export` as a user runs it: a spawned CLI against a sandbox over real HTTP (its own
 * process, started with --data so the test can read the account), output files read back by SheetJS.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { promisify } from 'node:util';
import * as XLSX from 'xlsx';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const bin = new URL('../../bin/trackops-bulk.mjs', import.meta.url).pathname;

let dir: string;
let sandboxProcess: ChildProcess;
let connection: { url: string; user: string; token: string };

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cli-export-'));
  sandboxProcess = spawn(process.execPath, [
    bin,
    'sandbox',
    '--data',
    join(dir, 'account.json'),
    '--rate',
    '1000/s',
  ]);
  const first = await new Promise<string>((resolve, reject) => {
    sandboxProcess.once('error', reject);
    createInterface({ input: sandboxProcess.stdout! }).once('line', resolve);
  });
  const match = /listening on (\S+) user=(\S+) token=(\S+)/.exec(first)!;
  connection = { url: match[1]!, user: match[2]!, token: match[3]! };
});
afterAll(() => {
  sandboxProcess.kill('SIGTERM');
});

function exportCli(args: string[]) {
  return run(process.execPath, [bin, 'export', ...args, '--rate', '200/s'], {
    cwd: dir,
    env: {
      ...process.env,
      TRACKOPS_URL: connection.url,
      TRACKOPS_USER: connection.user,
      TRACKOPS_TOKEN: connection.token,
    },
  }).catch((error: { code: number; stdout: string; stderr: string }) => error);
}

async function account() {
  return JSON.parse(await readFile(join(dir, 'account.json'), 'utf8')) as {
    case_requests: { id: number; created_on: string; case_region_id: number }[];
    case_regions: { id: number; name: string }[];
  };
}

describe('trackops-bulk export', () => {
  it('writes an XLSX of the filtered requests and prints a JSON summary', async () => {
    const stored = (await account()).case_requests;
    const day = [...new Set(stored.map((r) => r.created_on))].sort()[5]!;
    const result = await exportCli([
      '--out',
      'range.xlsx',
      '--created-from',
      day,
      '--created-to',
      day,
      '--json',
    ]);
    expect(result).toMatchObject({ stderr: '' });
    const summary = JSON.parse((result as { stdout: string }).stdout);
    const expected = stored.filter((r) => r.created_on === day).map((r) => r.id);
    expect(summary).toMatchObject({
      rows: expected.length,
      file: join(dir, 'range.xlsx'),
      format: 'xlsx',
      columns: 'report',
    });
    const book = XLSX.read(await readFile(join(dir, 'range.xlsx')));
    const rows = XLSX.utils.sheet_to_json<Record<string, string>>(book.Sheets['Case Requests']!);
    expect(rows.map((row) => Number(row['Request ID']))).toEqual(expected);
  });

  it('resolves --case-region by name and writes a round-trip CSV, saying where the file went', async () => {
    const { case_requests: stored, case_regions: regions } = await account();
    const region = regions[1]!;
    const result = await exportCli([
      '--out',
      'region.csv',
      '--case-region',
      ` ${region.name.toLowerCase()} `,
      '--columns',
      'round-trip',
    ]);
    const count = stored.filter((r) => r.case_region_id === region.id).length;
    expect((result as { stdout: string }).stdout).toBe(
      `Exported ${count} case requests to ${join(dir, 'region.csv')}\n`,
    );
    const text = await readFile(join(dir, 'region.csv'), 'utf8');
    expect(text.startsWith('\uFEFFid,case_request_number,updated_at,')).toBe(true);
  });

  it('never writes the token into the file, the output or the info sheet', async () => {
    const result = (await exportCli(['--out', 'all.xlsx', '--columns', 'round-trip'])) as {
      stdout: string;
      stderr: string;
    };
    const book = XLSX.read(await readFile(join(dir, 'all.xlsx')));
    const everything = book.SheetNames.map((name) => XLSX.utils.sheet_to_csv(book.Sheets[name]!)).join('\n');
    expect(everything).toContain(connection.url);
    expect(everything).not.toContain(connection.token);
    expect(result.stdout + result.stderr).not.toContain(connection.token);
  });

  it('refuses bad flags with exit 2 and a message naming the flag, the value and what to do', async () => {
    const badDate = await exportCli(['--out', 'x.xlsx', '--due-from', 'next friday']);
    expect(badDate).toMatchObject({ code: 2 });
    expect((badDate as { stderr: string }).stderr).toMatch(
      /--due-from 'next friday' is not a date .*start-of-month/,
    );
    const badRegion = await exportCli(['--out', 'x.xlsx', '--case-region', 'Atlantis']);
    expect(badRegion).toMatchObject({ code: 2 });
    expect((badRegion as { stderr: string }).stderr).toMatch(
      /--case-region 'Atlantis' matches no case region; give one of/,
    );
    const badOut = await exportCli(['--out', 'x.pdf']);
    expect((badOut as { stderr: string }).stderr).toContain("--out 'x.pdf' must end in .xlsx or .csv");
    expect(await readdir(dir)).not.toContain('x.xlsx');
  });

  it('exits 3 when the credentials are refused', async () => {
    const result = await run(
      process.execPath,
      [
        bin,
        'export',
        '--out',
        'y.xlsx',
        '--url',
        connection.url,
        '--user',
        connection.user,
        '--token',
        'wrong-token',
      ],
      {
        cwd: dir,
      },
    ).catch((error: { code: number; stderr: string }) => error);
    expect(result).toMatchObject({ code: 3 });
    expect((result as { stderr: string }).stderr).not.toContain('wrong-token');
  });
});
