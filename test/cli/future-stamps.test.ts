/**
 * An account whose newest requests Trackops stamps later than its own clock says (a server stamping
 * local time east of UTC, a database clock ahead of the web server's: explore 61). The listing's part
 * of "what came since" used to be cut at the middle of [from, now] with "now" taken again each turn:
 * the future-stamped requests stayed in the open half, its page always full, and at 1 request/s "now"
 * moved faster than the window shrank, so an export, a dry run's search and an import's search never
 * ended, saying nothing. Now each ends, every request read once, and the stamps are said as what they
 * are, not as requests added while the list was read.
 *
 * Real HTTP against the sandbox, the CLI spawned as a user runs it. The default pace (1 request/s) is
 * simulated without waiting: the sandbox's clock moves on with every request it answers, as by the
 * pace and the answer's own time on a busy server, and the CLI asks as fast as it likes.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startSandbox, type RunningSandbox } from '../../sandbox/index.ts';
import { makeRows } from '../batch/helpers.ts';
import { aheadAccount } from './ahead-account.ts';
import { BIN, TEMPLATE } from './import-helpers.ts';

const SIZE = 180;
/** The first of the requests stamped ahead (ids OLD+1..SIZE); those before were entered a month ago. */
const OLD = 60;

let sandbox: RunningSandbox;
/** The sandbox's clock: moved on STEP per request answered (the default pace, without waiting). */
let serverNow = 0;
/** 1 request/s, and an answer taking a second more on a busy server (the hang was seen so). */
const STEP = 2000;
let dir: string;
let env: NodeJS.ProcessEnv;

beforeEach(async () => {
  serverNow = Date.now();
  sandbox = await startSandbox({
    port: 0,
    rate: 1000,
    account: await aheadAccount({ now: serverNow, size: SIZE, old: OLD, spacingMs: 20_000, prefix: 'FUT' }),
    now: () => new Date(serverNow),
    onRequest: () => {
      serverNow += STEP;
    },
  });
  dir = await mkdtemp(join(tmpdir(), 'future-stamps-'));
  env = {
    ...process.env,
    TRACKOPS_URL: sandbox.baseUrl,
    TRACKOPS_USER: sandbox.username,
    TRACKOPS_TOKEN: sandbox.token,
    XDG_DATA_HOME: join(dir, 'data'),
    TRACKOPS_EXPORT_HISTORY: join(dir, 'history.json'),
  };
});
afterEach(async () => {
  await sandbox.close();
  await rm(dir, { recursive: true, force: true });
});

function cli(args: string[]): Promise<{ code: number; out: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { cwd: dir, env }, (error, stdout, stderr) =>
      resolve({ code: error ? Number((error as { code?: number }).code) : 0, out: stdout + stderr }),
    );
  });
}

const AHEAD = "Trackops lists 120 requests stamped as entered after its own clock's time (REQ-00061 at ";
/** What a listing of 180 requests may cost here (it costs about 10; the hang cost thousands). */
const MAX_REQUESTS = 40;
const DISAGREE = 'its stamps and its clock disagree';

describe('an account whose newest requests are stamped after the server clock', () => {
  it('an export ends with every request once, and says the stamps are ahead of the clock', async () => {
    const run = await cli(['export', '--out', 'all.csv', '--rate', '1000/s']);
    expect(run.code, run.out).toBe(0);
    // Bounded by the records, not the clock: the count, 2 pages of the pinned part, a few windows.
    expect(sandbox.stats().requests).toBeLessThan(MAX_REQUESTS);
    expect(run.out).toContain(`Exported ${SIZE} case requests`);
    expect(run.out).toContain(AHEAD);
    expect(run.out).toContain(DISAGREE);
    // The server's own time beside the stamp: the two the clerk (or Trackops' admin) compares.
    expect(run.out).toMatch(/REQ-00061 at \S+ \S+, listed when its clock said \S+ \S+ UTC\)/);
    expect(run.out).not.toContain('added while the list was read');
    const csv = await readFile(join(dir, 'all.csv'), 'utf8');
    for (let id = 1; id <= SIZE; id++) {
      const claim = `FUT-${String(id).padStart(4, '0')}`;
      expect(csv.split(claim).length - 1, claim).toBe(1);
    }
  });

  it("a dry run's search for existing requests ends and says the stamps are ahead", async () => {
    makeRows(join(dir, 'rows.csv'), 5, 'DRY');
    const run = await cli(['validate', 'rows.csv', '--mapping', TEMPLATE, '--rate', '1000/s']);
    expect(run.code, run.out).toBe(0);
    expect(run.out).toContain(`${SIZE} requests`);
    expect(run.out).toContain(AHEAD);
    expect(run.out).not.toContain('added while the list was read');
  });

  it("an import's search ends, sends its rows once, and says the stamps are ahead", async () => {
    makeRows(join(dir, 'rows.csv'), 5, 'IMP');
    const run = await cli(['import', 'rows.csv', '--mapping', TEMPLATE, '--rate', '1000/s']);
    expect(run.code, run.out).toBe(0);
    expect(run.out).toContain(AHEAD);
    expect(run.out).not.toContain('added while the list was read');
    const claims = sandbox.account().case_requests.map((record) => record.reference_value_1);
    expect(claims.filter((claim) => String(claim).startsWith('IMP'))).toHaveLength(5);
    expect(new Set(claims).size).toBe(SIZE + 5);
  });
});
