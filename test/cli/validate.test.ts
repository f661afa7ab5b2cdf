/**
 * `trackops-bulk validate` as a user runs it (a child process through bin/), on the samples: exit
 * codes 0/1/2/3, the readable and --json summaries, and the three report forms read back by exceljs
 * and python's csv module.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type RunningSandbox } from '../../sandbox/index.ts';
import type { ValidationReport } from '../../core/index.ts';
import { PROBLEM_FILL_ARGB, SUMMARY_SHEET } from '../../core/report/report-workbook.ts';
import { pythonCsv, tempDir } from '../report/helpers.ts';
import { BAD_ROWS, CLEAN, MESSY, TEMPLATE, validateSample } from '../samples/helpers.ts';
import { runCli, type CliRun } from './run-cli.ts';

const ALL_BAD = Object.keys(BAD_ROWS).map(Number);
const OFFLINE_BAD = ALL_BAD.filter((row) => BAD_ROWS[row]!.offline);

function cli(args: string[], env: NodeJS.ProcessEnv = {}): Promise<CliRun> {
  return runCli(['validate', ...args], env);
}

describe('validate on the messy sample', () => {
  it('offline: exit 1, the six offline problems as "row N: …" lines, the skipped checks, a JSON report', async () => {
    const out = join(await tempDir(), 'report.json');
    const run = await cli([MESSY, '--mapping', TEMPLATE, '--report', out]);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('30 rows checked: 24 valid, 6 invalid');
    expect(run.stdout).toContain("row 7: Adjuster Email 'bob@' is not an email address");
    expect(run.stdout).toContain(
      "row 13: Date Received '2/30/2026' is not a day that exists: February 2026 has 28 days",
    );
    expect(run.stdout).toMatch(/Skipped without a connection[^\n]*\n {2}- /);
    expect(run.stdout).toContain(`Report written to ${out}`);
    const report = JSON.parse(await readFile(out, 'utf8')) as ValidationReport;
    expect(report.summary).toEqual({ rows: 30, valid: 24, invalid: 6, skippedBlank: 0 });
    expect(report.skippedChecks?.length).toBeGreaterThan(0);
    expect(report.rows.filter((row) => row.status === 'invalid').map((row) => row.row)).toEqual(OFFLINE_BAD);
    expect(report.rows.find((row) => row.row === 7)!.errors[0]).toMatchObject({
      column: 'Adjuster Email',
      target: 'contact.email',
      value: 'bob@',
      code: 'invalid_email',
    });
  });

  it('--sandbox --report .xlsx: exit 1, all 11 bad rows marked in a copy of the workbook, a summary sheet', async () => {
    const out = join(await tempDir(), 'report.xlsx');
    const run = await cli([MESSY, '--mapping', TEMPLATE, '--sandbox', '--report', out]);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('30 rows checked: 19 valid, 11 invalid');
    expect(run.stdout).toContain("row 10: Region 'Mtn West' is not one of:");
    expect(run.stdout).not.toContain('Skipped without a connection');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(out);
    const sheet = workbook.getWorksheet('Referrals')!;
    const headers = (sheet.getRow(4).values as unknown[]).slice(1).map(String);
    const statusColumn = headers.indexOf('_status') + 1;
    const invalidRows: number[] = [];
    for (let row = 5; row <= 34; row++)
      if (sheet.getCell(row, statusColumn).value === 'invalid') invalidRows.push(row);
    expect(invalidRows).toEqual(ALL_BAD);
    for (const row of ALL_BAD) {
      const cell = sheet.getCell(row, headers.indexOf(BAD_ROWS[row]!.column) + 1);
      expect((cell.fill as ExcelJS.FillPattern).fgColor?.argb, `row ${row}`).toBe(PROBLEM_FILL_ARGB);
      expect(String(cell.note ?? ''), `row ${row}`).toContain(BAD_ROWS[row]!.column);
    }
    const summary = workbook.getWorksheet(SUMMARY_SHEET)!;
    const lines = summary
      .getSheetValues()
      .filter(Boolean)
      .map((line) => (line as unknown[]).slice(1));
    expect(lines).toContainEqual(['Invalid', 11]);
    expect(lines).toContainEqual(['Region', 'case_region_id', 1, 1, '10']);
  });

  it('--sandbox --report .csv --json: one summary object, and a CSV report python reads with _status/_errors', async () => {
    const out = join(await tempDir(), 'report.csv');
    const run = await cli([MESSY, '--mapping', TEMPLATE, '--sandbox', '--report', out, '--json']);
    expect(run.code).toBe(1);
    const summary = JSON.parse(run.stdout);
    expect(summary).toMatchObject({ rows: 30, valid: 19, invalid: 11, skippedBlank: 0, report: out });
    expect(summary.actions).toEqual({ create: 19 });
    const table = pythonCsv(out).filter((line) => line.length > 0);
    const status = table[0]!.indexOf('_status');
    const errors = table[0]!.indexOf('_errors');
    const invalid = table.slice(1).flatMap((line, index) => (line[status] === 'invalid' ? [index + 5] : []));
    expect(invalid).toEqual(ALL_BAD);
    expect(table[0]!.slice(-3)).toEqual(['_status', '_errors', '_action']);
    expect(table[1]!.at(-1)).toBe('create');
    expect(table[3]![errors]).toContain("Adjuster Email 'bob@' is not an email address");
  });

  it('the clean CSV: exit 0 offline and against the sandbox', async () => {
    expect((await cli([CLEAN, '--mapping', TEMPLATE])).code).toBe(0);
    const live = await cli([CLEAN, '--mapping', TEMPLATE, '--sandbox', '--json']);
    expect(live.code).toBe(0);
    expect(JSON.parse(live.stdout)).toMatchObject({ rows: 10, valid: 10, invalid: 0 });
  });
});

describe('validate exit code 2: one line saying what and where', () => {
  it('without --mapping, or without a file', async () => {
    const noMapping = await cli([MESSY]);
    expect(noMapping.code).toBe(2);
    expect(noMapping.stderr).toMatch(/--mapping MAPPING.json is required/);
    expect((await cli(['--mapping', TEMPLATE])).code).toBe(2);
  });

  it('a file that does not exist, a mapping with bad JSON, a report with an unknown extension', async () => {
    const dir = await tempDir();
    const missing = await cli([join(dir, 'nope.xlsx'), '--mapping', TEMPLATE]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('nope.xlsx');
    const badMapping = join(dir, 'bad.json');
    await writeFile(badMapping, '{ "version": 1, "mode": "create", }');
    const bad = await cli([MESSY, '--mapping', badMapping]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/bad\.json.*line 1/);
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
    const txt = await cli([MESSY, '--mapping', TEMPLATE, '--report', join(dir, 'r.txt')]);
    expect(txt.code).toBe(2);
    expect(txt.stderr).toContain('must end in .json, .csv or .xlsx');
  });

  it('a mapping naming a column the file lacks', async () => {
    const dir = await tempDir();
    const mapping = JSON.parse(await readFile(TEMPLATE, 'utf8'));
    mapping.columns.push({ column: 'Adjuster Fax', target: 'contact.phone_fax' });
    await writeFile(join(dir, 'm.json'), JSON.stringify(mapping));
    const run = await cli([MESSY, '--mapping', join(dir, 'm.json')]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('Adjuster Fax');
  });
});

describe('validate exit code 3: connection and authentication failures', () => {
  let sandbox: RunningSandbox;
  beforeAll(async () => {
    sandbox = await startSandbox({ port: 0 });
  });
  afterAll(async () => {
    await sandbox.close();
  });
  /** validate the messy sample against this sandbox over real HTTP, with the right credentials. */
  const live = (...extra: string[]) =>
    cli(
      [MESSY, '--mapping', TEMPLATE, '--url', sandbox.baseUrl, '--user', 'demo', '--rate', '50/s', ...extra],
      { TRACKOPS_TOKEN: sandbox.token },
    );
  /**
   * One connected and one offline run with an .xlsx report, each made once for the two tests that read
   * it: one the terminal's words, the other the report's summary sheet (a run is a process start and
   * the sample's 30 rows checked, a CPU-second; the words are the same with --report or without).
   */
  let connectedWithReport: Promise<{ run: CliRun; report: string }> | null = null;
  let offlineWithReport: Promise<{ run: CliRun; report: string }> | null = null;
  const connectedXlsx = () =>
    (connectedWithReport ??= tempDir().then(async (folder) => {
      const report = join(folder, 'report.xlsx');
      return { run: await live('--report', report), report };
    }));
  const offlineXlsx = () =>
    (offlineWithReport ??= tempDir().then(async (folder) => {
      const report = join(folder, 'offline.xlsx');
      return { run: await cli([MESSY, '--mapping', TEMPLATE, '--report', report]), report };
    }));

  it('a wrong token: exit 3, and the token is never printed', async () => {
    const run = await cli([MESSY, '--mapping', TEMPLATE, '--url', sandbox.baseUrl, '--user', 'demo'], {
      TRACKOPS_TOKEN: 'wrong-secret-token',
    });
    expect(run.code).toBe(3);
    expect(run.stderr).toContain(sandbox.baseUrl);
    expect(run.stdout + run.stderr).not.toContain('wrong-secret-token');
  });

  it('nothing listening at the URL: exit 3', async () => {
    // Still tried 5 times, but 10 ms apart and not at a real account's 1 request/s: 4 s of pacing
    // and 15 s of back-off were this file's longest wait. The shortened wait is said.
    const run = await cli(
      [
        MESSY,
        '--mapping',
        TEMPLATE,
        '--url',
        'http://127.0.0.1:9/api/v1',
        '--user',
        'demo',
        '--token',
        't',
        '--rate',
        '100/s',
      ],
      { TRACKOPS_TEST_RETRY_WAIT_MS: '10' },
    );
    expect(run.code).toBe(3);
    expect(run.stderr).toContain(
      'note: TRACKOPS_TEST_RETRY_WAIT_MS is set: a failed request is tried again after 10 ms, not 1, 2, 4 and 8 s (for tests only: unset it)\n',
    );
    expect(run.stderr).toMatch(/got no answer \(ECONNREFUSED\); gave up after 5 attempts\n$/);
  });

  it('the right credentials over real HTTP: the live dry run finds the 11 bad rows', async () => {
    const run = await live('--json');
    // --json changes stdout only: the readable summary, refused rows listed, is on stderr (explore 59 item 8).
    expect(run.stderr).toContain('30 rows checked: 19 valid, 11 invalid');
    expect(run.code).toBe(1);
    expect(JSON.parse(run.stdout)).toMatchObject({ rows: 30, valid: 19, invalid: 11 });
  });

  it('connected: the two account settings are listed as assumed, not as checks skipped for want of a connection', async () => {
    const { run } = await connectedXlsx();
    expect(run.code).toBe(1);
    expect(run.stdout).not.toContain('Skipped without a connection');
    expect(run.stdout).toContain(
      '\nAssumed about this account (the API cannot read these settings; pass --require-client-address / --require-client-phone if they are on):\n' +
        '  - "Require Client Address" is not known for this connection: client address_1 and city were not required\n' +
        '  - "Require Client Phone" is not known for this connection: a contact phone was not required\n',
    );
    const told = await live('--require-client-address', '--require-client-phone');
    expect(told.code).toBe(1);
    expect(told.stdout).not.toMatch(/Assumed about this account|Skipped without a connection/);
    const { run: offline } = await offlineXlsx();
    expect(offline.stdout).toContain(
      '\nSkipped without a connection to the account (connect with --sandbox or --url/--user/--token):\n',
    );
    expect(offline.stdout).not.toContain('Assumed about this account');
  });

  it("connected: the .xlsx report's summary sheet heads the assumed settings with the terminal's words", async () => {
    const summaryLines = async (path: string) => {
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.readFile(path);
      return workbook
        .getWorksheet(SUMMARY_SHEET)!
        .getSheetValues()
        .filter(Boolean)
        .map((line) => (line as unknown[]).slice(1));
    };
    const { run, report: out } = await connectedXlsx();
    expect(run.code).toBe(1);
    const lines = await summaryLines(out);
    const heading = lines.findIndex(
      (line) => line[0] === 'Assumed about this account (the API cannot read these settings)',
    );
    expect(heading).toBeGreaterThanOrEqual(0);
    expect(String(lines[heading + 1]![1])).toMatch(
      /^"Require Client Address" is not known for this connection/,
    );
    expect(lines.flat()).not.toContain('Skipped without a connection to the account');
    const { run: offlineRun, report: offline } = await offlineXlsx();
    expect(offlineRun.code).toBe(1);
    expect((await summaryLines(offline)).flat()).toContain('Skipped without a connection to the account');
  });

  it('live plan: a row whose claim number the account already has is a duplicate, not a second create', async () => {
    const { outcomes } = await validateSample(MESSY, true);
    const first = outcomes.find((outcome) => outcome.row === 5)!;
    const created = await fetch(`${sandbox.baseUrl}/case/requests`, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        Accept: 'application/json',
        Authorization: `Basic ${Buffer.from(`${sandbox.username}/token:${sandbox.token}`).toString('base64')}`,
      },
      body: JSON.stringify({ casefile_request: first.body }),
    });
    expect(created.status).toBe(201);
    const { case_request_number: existing } = await created.json();
    const out = join(await tempDir(), 'plan.json');
    const run = await live('--json', '--report', out);
    expect(run.code).toBe(1);
    expect(JSON.parse(run.stdout)).toMatchObject({
      valid: 18,
      invalid: 12,
      actions: { create: 18, duplicate: 1 },
    });
    const report = JSON.parse(await readFile(out, 'utf8')) as ValidationReport;
    const row5 = report.rows.find((row) => row.row === 5)!;
    expect(row5).toMatchObject({ status: 'invalid', action: 'duplicate' });
    expect(row5.errors[0]).toMatchObject({ code: 'duplicate_in_account', value: '0045123' });
    expect(row5.errors[0]!.message).toContain(existing);
  });
});

describe('validate refuses to overwrite the file it checks', () => {
  it('--report naming the input file: exit 2, the file untouched', async () => {
    const dir = await tempDir();
    const copy = join(dir, 'referrals.xlsx');
    await writeFile(copy, await readFile(MESSY));
    const run = await cli([copy, '--mapping', TEMPLATE, '--report', copy]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('is the file being checked');
    expect(run.stderr).toContain('referrals-report.xlsx');
    expect(await readFile(copy)).toEqual(await readFile(MESSY));
  });
});

describe('validate: a report that cannot be written', () => {
  it('into a folder that does not exist: exit 2 before any row is read, one line naming the folder', async () => {
    const dir = await tempDir();
    const run = await cli([MESSY, '--mapping', TEMPLATE, '--report', join(dir, 'missing', 'r.xlsx')]);
    expect(run.code).toBe(2);
    expect(run.stderr.trim().split('\n')).toEqual([
      `trackops-bulk: validate: --report '${join(dir, 'missing', 'r.xlsx')}': the folder ${join(dir, 'missing')} does not exist`,
    ]);
  });
});
