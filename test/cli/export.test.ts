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
import ExcelJS from 'exceljs';
import * as XLSX from 'xlsx';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTrackopsApi } from '../../core/api/client.ts';
import type { CaseRequestRecord } from '../../core/index.ts';
import { createPacer } from '../../core/pace/pacer.ts';
import { CLI_CONNECTION_WORDS } from '../../cli/connection-words.ts';
import { commandInProcess } from './command-in-process.ts';

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

/** A command run as a user runs it, connected through the environment to the sandbox process. */
function connectedCli(command: string, args: string[]) {
  return run(process.execPath, [bin, command, ...args, '--rate', '200/s'], {
    cwd: dir,
    env: {
      ...process.env,
      TRACKOPS_URL: connection.url,
      TRACKOPS_USER: connection.user,
      TRACKOPS_TOKEN: connection.token,
    },
  }).catch((error: { code: number; stdout: string; stderr: string }) => error);
}

function exportCli(args: string[]) {
  return connectedCli('export', args);
}

/**
 * Exports more than one test reads, each run once while the account is as the sandbox started it (the
 * round trip's first import changes it): the one day's report export (its summary and file, and the file
 * that is no round-trip export), and the round-trip export of every request (no token in it, and the file
 * edited and imported back).
 */
let rangeRun: Promise<{
  result: Awaited<ReturnType<typeof exportCli>>;
  stored: StoredRequest[];
  day: string;
}>;
function rangeExport() {
  rangeRun ??= (async () => {
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
    return { result, stored, day };
  })();
  return rangeRun;
}
let roundTripRun: ReturnType<typeof exportCli>;
function roundTripExport() {
  roundTripRun ??= exportCli(['--out', 'all.xlsx', '--columns', 'round-trip']);
  return roundTripRun;
}

interface StoredRequest {
  id: number;
  created_on: string;
  case_region_id: number;
}

async function account() {
  return JSON.parse(await readFile(join(dir, 'account.json'), 'utf8')) as {
    case_requests: StoredRequest[];
    case_regions: { id: number; name: string }[];
  };
}

describe('trackops-bulk export', () => {
  it('writes an XLSX of the filtered requests and prints a JSON summary', async () => {
    const { result, stored, day } = await rangeExport();
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
    const result = (await roundTripExport()) as { stdout: string; stderr: string };
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
    // An id the account's regions lack: refused as the unknown name is, not an empty file with exit 0.
    const unknownId = await exportCli(['--out', 'r99.csv', '--case-region', '99']);
    expect(unknownId).toMatchObject({ code: 2 });
    expect((unknownId as { stderr: string }).stderr).toMatch(
      /--case-region '99' is no case region of this account; give one of "Mountain West" \(1\)/,
    );
    expect(await readdir(dir)).not.toContain('r99.csv');
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
    // Said, not left to guess: the failure wrote nothing (explore 14 item 6b).
    expect((result as { stderr: string }).stderr).toMatch(/; no file was written\n$/);
    // The server's own full stop is not left before ours (".;" before).
    expect((result as { stderr: string }).stderr).not.toMatch(/\.;/);
    expect(await readdir(dir)).not.toContain('y.xlsx');
  });
});

describe('round trip through the CLI: export --columns round-trip, edit, import --mode update without a mapping', () => {
  async function listAll(): Promise<CaseRequestRecord[]> {
    const api = createTrackopsApi(
      {
        words: CLI_CONNECTION_WORDS,
        baseUrl: connection.url,
        user: connection.user,
        token: connection.token,
      },
      { pacer: createPacer({ ratePerSecond: 500 }) },
    );
    const all: CaseRequestRecord[] = [];
    for (let page = 1; ; page++) {
      const records = await api.listCaseRequests({}, { page, perPage: 100 });
      all.push(...records);
      if (records.length < 100) return all;
    }
  }

  async function editCells(
    from: string,
    to: string,
    edits: { id: number; header: string; value: ExcelJS.CellValue }[],
  ) {
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(join(dir, from));
    const sheet = book.getWorksheet('Case Requests')!;
    const headers = sheet.getRow(1).values as unknown[];
    sheet.eachRow((row) => {
      for (const edit of edits) {
        if (String(row.getCell(headers.indexOf('id')).value) === String(edit.id)) {
          row.getCell(headers.indexOf(edit.header)).value = edit.value;
        }
      }
    });
    await book.xlsx.writeFile(join(dir, to));
  }

  function importCli(args: string[]) {
    return connectedCli('import', args);
  }

  it('lands exactly the two edited cells on the server', async () => {
    const before = await listAll();
    await roundTripExport();
    const [first, second] = [before[3]!, before[9]!];
    await editCells('all.xlsx', 'rt-edited.xlsx', [
      { id: first.id, header: 'reference_value_2', value: 'POL-NEW-0001' },
      { id: second.id, header: 'client.city', value: 'Grand Junction' },
    ]);
    const result = (await importCli([
      'rt-edited.xlsx',
      '--mode',
      'update',
      '--json',
      '--results',
      'rt-results.json',
    ])) as {
      stdout: string;
      stderr: string;
    };
    // Every row of the file as the round trip counted it: 2 edited and sent, the other 34 unchanged.
    expect(JSON.parse(result.stdout)).toMatchObject({
      rows: 36,
      valid: 36,
      invalid: 0,
      updated: 2,
      unchanged: 34,
      failed: 0,
    });
    const after = await listAll();
    const changed = after.filter((record, index) => JSON.stringify(record) !== JSON.stringify(before[index]));
    expect(changed.map((record) => record.id)).toEqual([first.id, second.id]);
    const strip = (record: CaseRequestRecord) => {
      const { updated_at: _u, client, ...rest } = record;
      return {
        ...rest,
        client: Object.fromEntries(Object.entries(client ?? {}).filter(([, v]) => v !== '')),
      };
    };
    expect(strip(after[3]!)).toEqual(strip({ ...first, reference_value_2: 'POL-NEW-0001' }));
    expect(strip(after[9]!)).toEqual(
      strip({ ...second, client: { ...second.client, city: 'Grand Junction' } }),
    );
  });

  it('reports a request changed in Trackops since the export as a conflict, exit 1, and leaves it alone', async () => {
    // Set-up, run by the export command's own code in this process with the environment a spawned one
    // has (the same requests and file; the round-trip export as spawned is roundTripExport's, above).
    // The import the test is about is spawned.
    const exported = await commandInProcess(
      'export',
      ['--out', 'rt2.xlsx', '--columns', 'round-trip', '--rate', '200/s'],
      dir,
      {
        ...process.env,
        TRACKOPS_URL: connection.url,
        TRACKOPS_USER: connection.user,
        TRACKOPS_TOKEN: connection.token,
      },
    );
    expect(exported.code, exported.stderr).toBe(0);
    const before = await listAll();
    const target = before[12]!;
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const api = createTrackopsApi(
      {
        words: CLI_CONNECTION_WORDS,
        baseUrl: connection.url,
        user: connection.user,
        token: connection.token,
      },
      { pacer: createPacer({ ratePerSecond: 500 }) },
    );
    await api.updateCaseRequest(target.id, { notes: 'edited by a colleague meanwhile' });
    await editCells('rt2.xlsx', 'rt2-edited.xlsx', [{ id: target.id, header: 'notes', value: 'my edit' }]);
    const result = (await importCli([
      'rt2-edited.xlsx',
      '--mode',
      'update',
      '--results',
      'rt2-results.json',
    ])) as {
      code: number;
      stderr: string;
    };
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/1 changed in Trackops since the export \(not sent\)/);
    const report = JSON.parse(await readFile(join(dir, 'rt2-results.json'), 'utf8'));
    expect(report.rows).toEqual([
      expect.objectContaining({
        status: 'invalid',
        errors: [
          expect.objectContaining({
            message: expect.stringMatching(/changed in Trackops after this file was exported/),
          }),
        ],
      }),
    ]);
    const stored = (await listAll()).find((record) => record.id === target.id)!;
    expect(stored.notes).toBe('edited by a colleague meanwhile');
  });

  it('still asks for --mapping for a file that is not a round-trip export', async () => {
    // The report-columns export of the first test: a file of Trackops' requests, not a round-trip one.
    await rangeExport();
    const result = await importCli(['range.xlsx', '--mode', 'update']);
    expect(result).toMatchObject({ code: 2 });
    expect((result as { stderr: string }).stderr).toMatch(/--mapping MAPPING\.json is required/);
  });
});
