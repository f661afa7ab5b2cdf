/**
 * A request the server lists twice on one page (a JOIN on the server: one row per joined item) is one
 * request to every command that reads the list (explore 35 item 2): the export writes it once and says
 * so, the dry run checks it once and says so, and an upsert's look-up of its key finds one request, not
 * "several". Real HTTP: the sandbox behind a proxy whose every list page gives its first request twice
 * (test/batch/proxies.ts), counts untouched; the CLI spawned as a user runs it.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as XLSX from 'xlsx';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadDemoAccount, startSandbox, type RunningSandbox } from '../../sandbox/index.ts';
import { makeRows, storedByReference } from '../batch/helpers.ts';
import { startCutAnswerProxy, startDoublingListProxy, type RunningProxy } from '../batch/proxies.ts';
import { BIN, TEMPLATE } from './import-helpers.ts';

let sandbox: RunningSandbox;
let proxy: RunningProxy;
let dir: string;
let env: NodeJS.ProcessEnv;

beforeEach(async () => {
  const account = await loadDemoAccount();
  // The key of the upsert's one row, on the account's last request.
  account.case_requests.at(-1)!.reference_value_1 = 'TWICE-0000';
  sandbox = await startSandbox({ port: 0, rate: 1000, account });
  proxy = await startDoublingListProxy(sandbox.baseUrl);
  dir = await mkdtemp(join(tmpdir(), 'doubled-in-page-'));
  env = {
    ...process.env,
    TRACKOPS_URL: proxy.baseUrl,
    TRACKOPS_USER: sandbox.username,
    TRACKOPS_TOKEN: sandbox.token,
    // A create whose answer was lost is first looked for 10 ms after it, not 0.5 s (said on stderr).
    TRACKOPS_TEST_FIRST_LOOK_MS: '10',
  };
});
afterEach(async () => {
  await proxy.close();
  await sandbox.close();
});

function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { cwd: dir, env }, (error, stdout, stderr) =>
      resolve({ code: error ? Number((error as { code?: number }).code) : 0, stdout, stderr }),
    );
  });
}

const FIRST = "Trackops's list gave request REQ-00001 (id 1) twice on page 1";

describe('a request one page lists twice', () => {
  it('is written once by an export, which says the server listed it twice on page 1', async () => {
    const stored = sandbox.account().case_requests;
    const run = await cli(['export', '--out', 'all.csv', '--rate', '500/s']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`Exported ${stored.length} case requests`);
    expect(run.stderr).toContain(
      `export: note: ${FIRST} (as a server that joins another table to its list can); it is one request, written once.`,
    );
    const numbers = (await readFile(join(dir, 'all.csv'), 'utf8')).match(/^REQ-\d+/gm) ?? [];
    expect(numbers).toHaveLength(stored.length);
    expect(new Set(numbers).size).toBe(stored.length);
  }, 60_000);

  it('says so in the Export info sheet of an XLSX, for whoever opens the file', async () => {
    const run = await cli(['export', '--out', 'all.xlsx', '--rate', '500/s', '--json']);
    expect(run.code).toBe(0);
    const summary = JSON.parse(run.stdout) as { rows: number; notes: string[] };
    expect(summary.rows).toBe(sandbox.account().case_requests.length);
    const said = summary.notes.find((note) => note.startsWith(FIRST));
    expect(said).toBeDefined();
    const book = XLSX.read(await readFile(join(dir, 'all.xlsx')));
    const info = XLSX.utils.sheet_to_json<string[]>(book.Sheets['Export info']!, { header: 1 });
    expect(info).toContainEqual(['Listed twice', said]);
  }, 60_000);

  it("is checked once by the dry run's listing of the account, which says so", async () => {
    // Five keys against 36 requests in one page: one listing of the account, not a look-up per key.
    makeRows(join(dir, 'rows.csv'), 5, 'TWICE');
    const run = await cli(['validate', 'rows.csv', '--mapping', TEMPLATE, '--rate', '500/s']);
    expect(run.stdout).toContain(
      `5 rows were checked against 36 requests with a listing of the account in 1 page. ${FIRST} (as a server that joins another table to its list can); it is one request, checked once.`,
    );
  }, 60_000);

  it("is one request to an upsert's look-up of its key: updated, not refused as found several times", async () => {
    // One key: a look-up through the list filter, whose one-record page the server gives twice.
    makeRows(join(dir, 'rows.csv'), 1, 'TWICE', [], 'Boulder');
    const run = await cli([
      'import',
      'rows.csv',
      '--mapping',
      TEMPLATE,
      '--mode',
      'upsert',
      '--rate',
      '500/s',
      '--json',
    ]);
    expect(JSON.parse(run.stdout)).toMatchObject({ created: 0, updated: 1, failed: 0, invalid: 0 });
    expect(run.code).toBe(0);
    const held = storedByReference(sandbox.account(), 'TWICE-0000').get('TWICE-0000')!;
    expect(held).toHaveLength(1);
    expect(held[0]!.client?.city).toBe('Boulder 0');
  }, 60_000);
  it('is said once by an import whose creates were each looked for after their answers were cut', async () => {
    // Each row's search lists the requests entered since its send with its claim number: one request,
    // which the page gives twice. Three searches, three such requests: one sentence for all of them.
    makeRows(join(dir, 'rows.csv'), 3, 'CUTX');
    const cut = await startCutAnswerProxy(proxy.baseUrl, 'POST');
    const first = sandbox.account().case_requests.length + 1;
    try {
      env = { ...env, TRACKOPS_URL: cut.baseUrl };
      const run = await cli(['import', 'rows.csv', '--mapping', TEMPLATE, '--rate', '500/s', '--json']);
      expect(JSON.parse(run.stdout), run.stderr).toMatchObject({ created: 3, failed: 0 });
      expect(cut.writes).toBe(3);
      const notes = (JSON.parse(run.stdout) as { notes: string[] }).notes;
      expect(notes).toEqual([
        "The 3 searches for creates whose answers were lost: Trackops's list gave 3 requests more than once on one page " +
          `(as a server that joins another table to its list can): REQ-000${first} (id ${first}) twice on page 1, ` +
          `REQ-000${first + 1} (id ${first + 1}) twice on page 1, REQ-000${first + 2} (id ${first + 2}) twice on page 1; ` +
          'each is one request, checked once.',
      ]);
    } finally {
      await cut.close();
    }
  }, 60_000);
});
