/**
 * A listing is read whole, or refused in words: never cut at a count that is wrong (explored: pages of
 * 10, a `mode=count` 10 short of the list; a create import made a duplicate of a request the account
 * held, an export said "Exported 30" of 36). Real HTTP: the sandbox, behind a proxy that pages and
 * counts otherwise than assumed (test/batch/proxies.ts); the CLI spawned as a user runs it.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadDemoAccount, startSandbox, type RunningSandbox } from '../../sandbox/index.ts';
import { makeRows, storedByReference } from '../batch/helpers.ts';
import {
  startPagingProxy,
  startShiftingListProxy,
  type PagingProxy,
  type PagingQuirks,
} from '../batch/proxies.ts';
import { BIN, TEMPLATE } from './import-helpers.ts';

let sandbox: RunningSandbox;
/** Milliseconds the sandbox's clock is ahead of this machine's. */
let serverAhead = 0;
let proxy: PagingProxy | null = null;
let dir: string;

beforeEach(async () => {
  const account = await loadDemoAccount();
  // The account's last request (the 36th: past a count 10 short, on pages of 10) holds the key the
  // file's first row gives.
  account.case_requests.at(-1)!.reference_value_1 = 'DUP-0000';
  // The server's clock, moved on by a colleague's work below (never this machine's wall clock).
  serverAhead = 0;
  sandbox = await startSandbox({
    port: 0,
    rate: 1000,
    account,
    now: () => new Date(Date.now() + serverAhead),
  });
  dir = await mkdtemp(join(tmpdir(), 'listing-trust-'));
});
afterEach(async () => {
  await proxy?.close();
  proxy = null;
  await sandbox.close();
});

async function through(quirks: PagingQuirks): Promise<NodeJS.ProcessEnv> {
  proxy = await startPagingProxy(sandbox.baseUrl, quirks);
  return {
    ...process.env,
    TRACKOPS_URL: proxy.baseUrl,
    TRACKOPS_USER: sandbox.username,
    TRACKOPS_TOKEN: sandbox.token,
  };
}

function cli(
  args: string[],
  env: NodeJS.ProcessEnv,
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { cwd: dir, env }, (error, stdout, stderr) =>
      resolve({ code: error ? Number((error as { code?: number }).code) : 0, stdout, stderr }),
    );
  });
}

const COUNT_SHORT: PagingQuirks = { cap: 10, countDelta: -10 };

describe('a count lower than the list (pages of 10, a count 10 short)', () => {
  it('a create import finds the request past the count: no duplicate is created, and it says the count was wrong', async () => {
    const env = await through(COUNT_SHORT);
    // Five keys against a count of 26 in 3 pages: one listing of the account, not a probe per key.
    makeRows(join(dir, 'rows.csv'), 5, 'DUP');
    const run = await cli(
      ['import', 'rows.csv', '--mapping', TEMPLATE, '--rate', '500/s', '--results', 'out.csv', '--json'],
      env,
    );
    expect(JSON.parse(run.stdout)).toMatchObject({ created: 4, duplicate: 1, failed: 0 });
    expect(storedByReference(sandbox.account(), 'DUP-0000').get('DUP-0000')).toHaveLength(1);
    expect(sandbox.account().case_requests).toHaveLength(40);
    // The pages were read until a short one (page 4 of 10: 6 records), past the count of 26; then one
    // page of what was entered since the listing's bound (list-all.ts pins it).
    expect(proxy!.casePages).toEqual([1, 2, 3, 4, 1]);
    const words = await cli(['validate', 'rows.csv', '--mapping', TEMPLATE, '--rate', '500/s'], env);
    // What was read (36 before the listing's bound in 4 pages, the fourth full, so the empty fifth was
    // asked too; the 4 this import created, entered since the bound, in one page more), then what the
    // count said of the part it counted. The 4 came before the dry run began: no news, not said.
    expect(words.stdout).toContain(
      '5 rows were checked against 40 requests with a listing of the account in 4 pages, and 1 page of what came since the count. ' +
        'Trackops counted 26 case requests, but its list held 36: all 36 were checked (the tool reads on until a short page). ' +
        'Asked again at the end, it counted 26: its count is not reliable (run trackops-bulk check).\n',
    );
  }, 60_000);

  it('a count of 0 (explore 29 item 9): the summary says the 36 requests it read and the pages it asked for, not "0 requests in 0 pages"', async () => {
    const env = await through({ cap: 100, countDelta: -1000 });
    makeRows(join(dir, 'rows.csv'), 5, 'ZERO');
    const words = await cli(['validate', 'rows.csv', '--mapping', TEMPLATE, '--rate', '500/s'], env);
    expect(words.stdout).toContain(
      '5 rows were checked against 36 requests with a listing of the account in 2 pages. ' +
        'Trackops counted 0 case requests, but its list held 36: all 36 were checked',
    );
    expect(words.stdout).not.toContain('0 pages');
    // Page 1 held 36 of 100 asked; page 2 (36 a page) came back empty: the list ended there. A count
    // of one page needs no pin (list-all.ts): no page of what was entered since a bound.
    expect(proxy!.casePages).toEqual([1, 2]);
  }, 60_000);

  it('an upsert updates the request past the count instead of creating a second one', async () => {
    const env = await through(COUNT_SHORT);
    makeRows(join(dir, 'rows.csv'), 5, 'DUP', [], 'Boulder');
    const run = await cli(
      ['import', 'rows.csv', '--mapping', TEMPLATE, '--mode', 'upsert', '--rate', '500/s', '--json'],
      env,
    );
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ created: 4, updated: 1, failed: 0 });
    const held = storedByReference(sandbox.account(), 'DUP-0000').get('DUP-0000')!;
    expect(held).toHaveLength(1);
    expect(held[0]!.client?.city).toBe('Boulder 0');
  }, 60_000);

  it('an export holds every request and says the count was short', async () => {
    const env = await through(COUNT_SHORT);
    const run = await cli(['export', '--out', 'all.csv', '--rate', '500/s'], env);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Exported 36 case requests');
    expect(run.stderr).toContain(
      'export: note: Trackops counted 26 case requests, but its list held 36: all 36 were read',
    );
    const ids = (await readFile(join(dir, 'all.csv'), 'utf8'))
      .split(/\r?\n/)
      .map((line) => /^REQ-\d+,(\d+),/.exec(line)?.[1])
      .filter((id) => id !== undefined)
      .map(Number);
    expect(ids).toEqual(sandbox.account().case_requests.map((request) => request.id));
  }, 60_000);

  it('a count short by exactly one page (24 of 36, pages of 12) is still read whole', async () => {
    const env = await through({ cap: 12, countDelta: -12 });
    const run = await cli(['export', '--out', 'all.csv', '--rate', '500/s'], env);
    expect(run.stdout).toContain('Exported 36 case requests');
    expect(run.stderr).toContain('counted 24 case requests, but its list held 36');
    expect(proxy!.casePages).toEqual([1, 2, 3, 4, 1]);
  }, 60_000);
});

/** A colleague creates a request in the account (real HTTP, straight to the sandbox). */
async function colleagueAdds(reference: string): Promise<void> {
  const answer = await fetch(`${sandbox.baseUrl}/case/requests`, {
    method: 'POST',
    headers: {
      Authorization: `Basic ${Buffer.from(`${sandbox.username}/token:${sandbox.token}`).toString('base64')}`,
      'Content-Type': 'application/json',
      Accept: 'application/json',
    },
    body: JSON.stringify({
      casefile_request: {
        case_type_id: 1,
        case_region_id: 1,
        created_on: '2026-12-04',
        reference_value_1: reference,
        client: { name: 'Colleague Co', country: 'US' },
        contact: { last_name: 'Colleague', email: 'colleague@example.com' },
      },
    }),
  });
  if (answer.status !== 201) throw new Error(`the colleague's create answered ${answer.status}`);
}

describe('an account that grows while it is listed is not blamed on the server', () => {
  // Pages of 10 for 36 requests; before page 2 a colleague adds two: the list holds 38 of a count of 36.
  const growing = (): PagingQuirks => ({
    cap: 10,
    beforePage: async (page) => {
      if (page !== 2) return;
      // Seconds after the listing began by the server's clock (its timestamps are whole seconds: a
      // request stamped in the second the listing began could have come before it, and is not said).
      serverAhead += 2000;
      await colleagueAdds('COLLEAGUE-1');
      await colleagueAdds('COLLEAGUE-2');
    },
  });

  it('the dry run says the requests were added and all were checked, not "Its count is not reliable"', async () => {
    const env = await through(growing());
    makeRows(join(dir, 'rows.csv'), 5, 'GROW');
    const words = await cli(['validate', 'rows.csv', '--mapping', TEMPLATE, '--rate', '500/s'], env);
    // Pinned (list-all.ts): the 2 added are not in the pinned part, and are read after it.
    expect(words.stdout).toContain(
      '5 rows were checked against 38 requests with a listing of the account in 4 pages, and 1 page of what came since the count. 2 requests were added while the list was read; all were checked.',
    );
    expect(words.stdout + words.stderr).not.toContain('not reliable');
  }, 60_000);

  it('an export says so too, and holds all 38', async () => {
    const env = await through(growing());
    const run = await cli(['export', '--out', 'all.csv', '--rate', '500/s'], env);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Exported 38 case requests');
    expect(run.stderr).toContain(
      'export: note: 2 requests were added while the list was read; all were read',
    );
    expect(run.stderr).not.toContain('not reliable');
  }, 60_000);

  it('a count that stays short when asked again keeps the words that blame it', async () => {
    // The count is 10 short both times: the list's extra requests are not new.
    const env = await through(COUNT_SHORT);
    makeRows(join(dir, 'rows.csv'), 5, 'LOW');
    const words = await cli(['validate', 'rows.csv', '--mapping', TEMPLATE, '--rate', '500/s'], env);
    expect(words.stdout).toContain(
      'Asked again at the end, it counted 26: its count is not reliable (run trackops-bulk check).',
    );
    expect(words.stdout).not.toContain('added while the list was read');
  }, 60_000);
});

describe('a right count costs no request more', () => {
  it('pages of 10 for 36 requests: the short 4th page ends the listing, nothing is said', async () => {
    const env = await through({ cap: 10 });
    const run = await cli(['export', '--out', 'all.csv', '--rate', '500/s'], env);
    expect(run.stdout).toContain('Exported 36 case requests');
    expect(run.stderr).toBe('');
    // And one page of what was entered since the listing's bound (list-all.ts): nothing.
    expect(proxy!.casePages).toEqual([1, 2, 3, 4, 1]);
  }, 60_000);

  it('pages of 12 for 36 requests (an exact multiple): one empty page more tells the count was right', async () => {
    const env = await through({ cap: 12 });
    const run = await cli(['export', '--out', 'all.csv', '--rate', '500/s'], env);
    expect(run.stdout).toContain('Exported 36 case requests');
    expect(run.stderr).toBe('');
    expect(proxy!.casePages).toEqual([1, 2, 3, 4, 1]);
  }, 60_000);
});

describe('a list that cannot be read whole is not a connection failure', () => {
  it('pages that ignore `page`: import exits 1, names only real filters, sends nothing, does not ask to wait for Trackops', async () => {
    const env = await through({ cap: 10, pages: 'ignored' });
    makeRows(join(dir, 'rows.csv'), 5, 'IGN');
    const run = await cli(
      ['import', 'rows.csv', '--mapping', TEMPLATE, '--mode', 'upsert', '--rate', '500/s'],
      env,
    );
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      'The server counted 36 case requests in the account, but its pages ended after 10: page 2 repeated earlier records',
    );
    expect(run.stderr).toContain('This is not a connection failure: run trackops-bulk check');
    expect(run.stderr).not.toContain('expand_field_values');
    expect(run.stderr).not.toContain('When Trackops answers again');
    expect(storedByReference(sandbox.account(), 'IGN-').size).toBe(0);
    // --json: a stop by the server's answers, not by Ctrl-C, SIGTERM or SIGHUP: not `interrupted`.
    const json = await cli(
      ['import', 'rows.csv', '--mapping', TEMPLATE, '--mode', 'upsert', '--rate', '500/s', '--json'],
      env,
    );
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stdout)).toMatchObject({
      interrupted: false,
      created: 0,
      updated: 0,
      stopped: expect.stringContaining('The server counted 36 case requests in the account'),
    });
    expect(json.stderr).toContain('Nothing was sent to Trackops');
    const exported = await cli(['export', '--out', 'all.csv', '--rate', '500/s'], env);
    expect(exported.code).toBe(1);
    expect(exported.stderr).not.toContain('expand_field_values');
  }, 60_000);
});

describe('a list that moves while it is read (a page repeats what an earlier page gave)', () => {
  async function shifting(inserted: number[]): Promise<NodeJS.ProcessEnv> {
    proxy = await startShiftingListProxy(sandbox.baseUrl, { cap: 10, inserted });
    return {
      ...process.env,
      TRACKOPS_URL: proxy.baseUrl,
      TRACKOPS_USER: sandbox.username,
      TRACKOPS_TOKEN: sandbox.token,
    };
  }

  it('an export counts and reads it again: the request on no page of the first reading is in the file, and it says so', async () => {
    // Request 5 is added after page 1 was read: the first reading holds 35 for a count of 35, not it.
    const env = await shifting([5]);
    const run = await cli(['export', '--out', 'all.csv', '--rate', '500/s'], env);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Exported 36 case requests');
    expect(run.stderr).toContain(
      "export: note: Trackops's list moved while it was read (page 2 repeated 1 request an earlier page gave: " +
        'a request added or deleted meanwhile shifts the pages and can leave one on no page), so it was read ' +
        'again from the start: Trackops counted 35 before and 36 after, and all 36 requests the two readings held were read',
    );
    const ids = (await readFile(join(dir, 'all.csv'), 'utf8'))
      .split(/\r?\n/)
      .map((line) => /^REQ-\d+,(\d+),/.exec(line)?.[1])
      .filter((id) => id !== undefined)
      .map(Number);
    expect(ids.sort((a, b) => a - b)).toEqual(sandbox.account().case_requests.map((request) => request.id));
    expect(proxy!.casePages).toEqual([1, 2, 3, 4, 1, 2, 3, 4, 1]);
  }, 60_000);

  it('a dry run says the list was read again, and checks every request', async () => {
    const env = await shifting([5]);
    makeRows(join(dir, 'rows.csv'), 5, 'MOVE');
    const words = await cli(['validate', 'rows.csv', '--mapping', TEMPLATE, '--rate', '500/s'], env);
    expect(words.stdout).toContain(
      "Trackops's list moved while it was read (page 2 repeated 1 request an earlier page gave",
    );
    expect(words.stdout).toContain('all 36 requests the two readings held were checked.');
  }, 60_000);

  it('a list that moves on the second reading too: the export is refused (exit 1), no file written', async () => {
    const env = await shifting([5, 6]);
    const run = await cli(['export', '--out', 'all.csv', '--rate', '500/s'], env);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      "Trackops's list in the account moved while it was read, twice: page 2 repeated 1 request an earlier page gave",
    );
    await expect(readFile(join(dir, 'all.csv'))).rejects.toThrow();
  }, 60_000);
});
