/**
 * A listing of a busy account is complete only when it holds exactly what the account held (explore 53
 * items 1 and 2). While the tool reads the pages of a 250-request account, a colleague takes request 60
 * out of the list (deleted, or accepted into a case) and a new referral arrives: offset paging shifts by
 * one, so request 101 is on no later page while the count (250) still matches. The listing is pinned
 * at the count's time (created_to_system), so the leaving request leaves it short of its count, it is
 * read again, and what arrived since is read after it. Real HTTP: the sandbox behind a proxy that does
 * what the colleague does (test/batch/leaving-list-proxy.ts); the CLI spawned as a user runs it.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadDemoAccount, startSandbox, type AccountFile, type RunningSandbox } from '../../sandbox/index.ts';
import { makeRows } from '../batch/helpers.ts';
import { createThroughApi, referralLike } from '../helpers/sandbox-api.ts';
import { startLeavingListProxy, type LeavingListProxy } from '../batch/leaving-list-proxy.ts';
import { startLooseFilterProxy, type RunningProxy } from '../batch/proxies.ts';
import { BIN, TEMPLATE } from './import-helpers.ts';

const SIZE = 250;
/** The request the shifted pages skip: the first of page 2 once request 60 (on page 1) has left. */
const SKIPPED = 101;

let sandbox: RunningSandbox;
/** Milliseconds the sandbox's clock is ahead of this machine's (moved on by the colleague). */
let serverAhead = 0;
let proxy: LeavingListProxy;
let dir: string;
let env: NodeJS.ProcessEnv;

/** 250 requests entered over the last days (ids 1..250), request 101's claim BUSY-0000. */
async function busyAccount(): Promise<AccountFile> {
  const account = await loadDemoAccount();
  const demo = account.case_requests;
  let subjectId = 5000;
  const start = Date.now() - 10 * 24 * 3600 * 1000;
  account.case_requests = Array.from({ length: SIZE }, (_, index) => {
    const id = index + 1;
    // Request 101 as the demo's first, whose case type takes every column of the rows.
    const record = structuredClone(demo[id === SKIPPED ? 0 : index % demo.length]!);
    const at = new Date(start + id * 60_000).toISOString().slice(0, 19).replace('T', ' ');
    for (const subject of record.subjects) subject.id = ++subjectId;
    return {
      ...record,
      id,
      series_number: id,
      case_request_number: `REQ-${String(id).padStart(5, '0')}`,
      reference_value_1: id === SKIPPED ? 'BUSY-0000' : `CLM-BIG-${String(id).padStart(6, '0')}`,
      created_at: at,
      updated_at: at,
      primary_subject_id: record.subjects.find((subject) => subject.is_primary)?.id ?? null,
    };
  });
  return account;
}

/** A colleague's new referral, entered through the API (a copy of request 1 under a new claim number). */
async function newReferral(): Promise<void> {
  // Seconds after the listing began by the server's clock: its timestamps are whole seconds, and one
  // stamped in the second the listing began is not said to have come while it was read.
  serverAhead += 2000;
  const one = sandbox.account().case_requests[0]!;
  await createThroughApi(sandbox, referralLike(one, 'CLM-NEW-000001'));
}

beforeEach(async () => {
  serverAhead = 0;
  sandbox = await startSandbox({
    port: 0,
    rate: 1000,
    account: await busyAccount(),
    now: () => new Date(Date.now() + serverAhead),
  });
  proxy = await startLeavingListProxy(sandbox.baseUrl, { afterPage: 1, leaves: 60, arrive: newReferral });
  dir = await mkdtemp(join(tmpdir(), 'busy-account-'));
  env = {
    ...process.env,
    TRACKOPS_URL: proxy.baseUrl,
    TRACKOPS_USER: sandbox.username,
    TRACKOPS_TOKEN: sandbox.token,
    XDG_DATA_HOME: join(dir, 'data'),
    TRACKOPS_EXPORT_HISTORY: join(dir, 'history.json'),
  };
});
afterEach(async () => {
  await proxy.close();
  await sandbox.close();
});

function cli(
  args: string[],
  more: NodeJS.ProcessEnv = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [BIN, ...args],
      { cwd: dir, env: { ...env, ...more } },
      (error, stdout, stderr) =>
        resolve({ code: error ? Number((error as { code?: number }).code) : 0, stdout, stderr }),
    );
  });
}

/** Five rows, the first with request 101's claim (BUSY-0000), in the given mode of the template. */
async function rowsAndMapping(mode: 'upsert' | 'create'): Promise<{ file: string; mapping: string }> {
  const file = join(dir, 'rows.csv');
  makeRows(file, 5, 'BUSY');
  const mapping = join(dir, 'mapping.json');
  const template = JSON.parse(await readFile(TEMPLATE, 'utf8')) as Record<string, unknown>;
  await writeFile(mapping, JSON.stringify({ ...template, mode }));
  return { file, mapping };
}

function holding(claim: string): number {
  return sandbox.account().case_requests.filter((record) => record.reference_value_1 === claim).length;
}

const LEFT = "Trackops's list ended after 249 of the 250 requests it counted";

describe('a listing of an account where one request leaves and another arrives while it is read', () => {
  it('an upsert updates the request the shifted pages skipped, never creating its claim twice', async () => {
    const { file, mapping } = await rowsAndMapping('upsert');
    const run = await cli([
      'import',
      file,
      '--mapping',
      mapping,
      '--rate',
      '500/s',
      '--results',
      'results.json',
    ]);
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(holding('BUSY-0000')).toBe(1);
    const results = JSON.parse(await readFile(join(dir, 'results.json'), 'utf8')) as {
      rows: { row: number; status: string; id?: number }[];
    };
    expect(results.rows.find((row) => row.row === 2)).toMatchObject({ status: 'updated' });
    // Pinned: every page asked with the bound, then one page of what came since.
    const pages = proxy.asked.filter((asked) => !asked.includes('mode=count'));
    expect(pages.filter((asked) => asked.includes('created_to_system=')).length).toBeGreaterThan(3);
    expect(pages.filter((asked) => asked.includes('created_from_system=')).length).toBeGreaterThan(0);
  }, 60_000);

  it("a create's duplicate check finds the skipped request's claim: the row is a duplicate, not a second request", async () => {
    const { file, mapping } = await rowsAndMapping('create');
    const run = await cli([
      'import',
      file,
      '--mapping',
      mapping,
      '--rate',
      '500/s',
      '--results',
      'results.json',
    ]);
    expect(run.code).not.toBe(2);
    expect(holding('BUSY-0000')).toBe(1);
    const results = JSON.parse(await readFile(join(dir, 'results.json'), 'utf8')) as {
      rows: { row: number; status: string }[];
    };
    expect(results.rows.find((row) => row.row === 2)?.status).toBe('duplicate');
  }, 60_000);

  it('the dry run checks the row against the skipped request, and says the listing was read again', async () => {
    const { file, mapping } = await rowsAndMapping('upsert');
    const run = await cli(['validate', file, '--mapping', mapping, '--rate', '500/s']);
    expect(run.code, run.stdout + run.stderr).toBe(0);
    const said = run.stdout + run.stderr;
    expect(said).toContain('1 update');
    expect(said).toContain(LEFT);
  }, 60_000);

  it('an export holds the skipped request and the new one, and says the listing was read again', async () => {
    const run = await cli(['export', '--out', 'all.csv', '--rate', '500/s', '--json']);
    expect(run.code, run.stdout + run.stderr).toBe(0);
    const summary = JSON.parse(run.stdout) as { rows: number; notes: string[] };
    const numbers = new Set((await readFile(join(dir, 'all.csv'), 'utf8')).match(/^REQ-\d+/gm) ?? []);
    expect(numbers.has(`REQ-00${SKIPPED}`)).toBe(true);
    expect(numbers.has(`REQ-00${SIZE + 1}`)).toBe(true);
    // Request 60 was read before it left: the file holds every request the account held meanwhile.
    expect(numbers.size).toBe(SIZE + 1);
    expect(summary.rows).toBe(SIZE + 1);
    const note = summary.notes.find((text) => text.startsWith(LEFT));
    expect(note).toContain('so it was counted again (249) and read again from the start');
    expect(note).toContain('1 request was added while the list was read; all were read');
  }, 60_000);

  it('a server that ignores created_to_system is seen (a request past the bound) and the export says it could only check the count', async () => {
    // In front of the colleague's proxy: the pin's filters dropped, as a server that ignores them does.
    const loose: RunningProxy = await startLooseFilterProxy(proxy.baseUrl, 'created_to_system');
    try {
      const run = await cli(['export', '--out', 'all.csv', '--rate', '500/s', '--json'], {
        TRACKOPS_URL: loose.baseUrl,
      });
      expect(run.code, run.stdout + run.stderr).toBe(0);
      const summary = JSON.parse(run.stdout) as { notes: string[] };
      const note = summary.notes.find((text) => text.includes('the server seems to ignore that filter'));
      expect(note).toMatch(
        /^Trackops's list gave REQ-00251 \(id 251\), entered \d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}, when asked only for requests entered up to \d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} \(created_to_system, UTC\)/,
      );
      expect(note).toContain('could only be checked against');
      // What came since the bound is asked all the same (a server may read the filter to the minute
      // rather than ignore it): one page, whose requests were all read already.
      expect(proxy.asked.filter((asked) => asked.includes('created_from_system='))).toHaveLength(1);
    } finally {
      await loose.close();
    }
  }, 60_000);
});
