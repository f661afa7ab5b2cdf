/**
 * What a dry run's and an export's listing of the account costs (issue 13: every request a clerk waits
 * for counts). A list one page holds is one answer of the server, which nothing can shift: the count
 * and the page, with no pin and no page "since the pin" (list-all.ts). And the dry run chooses between
 * a listing and per-key look-ups, and states its cost, by the count of the whole account: right after a
 * big import every request is within the pin's 5-minute margin, and the pinned part's count (0) once
 * planned a listing "of 0 requests". Real HTTP against the sandbox, its own request log; the CLI
 * spawned as a user runs it.
 */
import { execFile } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startSandbox, type AccountFile, type RunningSandbox } from '../../sandbox/index.ts';
import { makeRows } from '../batch/helpers.ts';
import { recentAccount } from '../helpers/sandbox-api.ts';
import { BIN, TEMPLATE } from './import-helpers.ts';

let sandbox: RunningSandbox;
/** Every case-request list and count the sandbox answered, as "path?query". */
let listings: string[] = [];

async function start(account?: AccountFile): Promise<void> {
  listings = [];
  sandbox = await startSandbox({
    port: 0,
    rate: 1000,
    ...(account ? { account } : {}),
    onRequest: (entry) => {
      if (entry.method === 'GET' && /\/case\/requests(\?|$)/.test(entry.url)) listings.push(entry.url);
    },
  });
}
afterEach(() => sandbox.close());

async function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'listing-cost-'));
  makeRows(join(dir, 'rows5.csv'), 5, 'COST');
  makeRows(join(dir, 'rows2.csv'), 2, 'COST');
  const env = {
    ...process.env,
    TRACKOPS_URL: sandbox.baseUrl,
    TRACKOPS_USER: sandbox.username,
    TRACKOPS_TOKEN: sandbox.token,
    XDG_DATA_HOME: join(dir, 'data'),
    TRACKOPS_EXPORT_HISTORY: join(dir, 'history.json'),
  };
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { cwd: dir, env }, (error, stdout, stderr) =>
      resolve({ code: error ? Number((error as { code?: number }).code) : 0, stdout, stderr }),
    );
  });
}

describe('the listing of an account one page holds', () => {
  it('a dry run asks the count and the page: 2 requests, no page "since the pin"', async () => {
    await start();
    const run = await cli(['validate', 'rows5.csv', '--mapping', TEMPLATE, '--rate', '500/s']);
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(listings, listings.join('\n')).toHaveLength(2);
    expect(listings[0]).toContain('mode=count');
    expect(listings.some((url) => url.includes('created_to_system='))).toBe(false);
    expect(run.stdout).toContain(
      '5 rows were checked against 36 requests with a listing of the account in 1 page.\n',
    );
  }, 60_000);

  it('an export asks the count and the page: 2 requests, and holds all 36', async () => {
    await start();
    const run = await cli(['export', '--out', 'all.csv', '--rate', '500/s', '--json']);
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ rows: 36 });
    expect(listings, listings.join('\n')).toHaveLength(2);
    expect(listings[0]).toContain('mode=count');
    expect(listings.some((url) => /created_(to|from)_system=/.test(url))).toBe(false);
  }, 60_000);
});

describe('a dry run right after a big import (every request within the pin margin)', () => {
  it('plans and states its cost by the count of the whole account, not of the empty pinned part', async () => {
    await start(await recentAccount(150));
    const run = await cli(['validate', 'rows5.csv', '--mapping', TEMPLATE, '--rate', '500/s']);
    expect(run.code, run.stdout + run.stderr).toBe(0);
    // What was read: the pinned part (empty) in 1 page, and the 150 entered since its bound after it.
    expect(run.stdout).toMatch(
      /\n5 rows were checked against 150 requests with a listing of the account in 1 page, and \d pages of what came since the count\.\n/,
    );
    expect(run.stdout).not.toContain('against 0 requests');
    // The plan's cost, said before the check on stderr though it is no terminal (a pipe here): a script's
    // log holds it as a terminal's user sees it.
    expect(run.stderr).toContain(
      'validate: checking 5 rows against 150 requests: a listing of the account in 2 pages, and 1 page of what came since the count, about',
    );
  }, 60_000);

  it("chooses look-ups when they are fewer than the whole account's pages", async () => {
    await start(await recentAccount(150));
    const run = await cli(['validate', 'rows2.csv', '--mapping', TEMPLATE, '--rate', '500/s']);
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(run.stdout).toContain('2 rows were checked against 150 requests with 2 look-ups');
  }, 60_000);
});
