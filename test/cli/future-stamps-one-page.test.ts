/**
 * An account one page holds whose newest requests Trackops stamps later than its own clock says (a
 * server stamping local time east of UTC). A listing that long is never pinned (one answer of the
 * server, which nothing can shift), so it had no part of "what came since" to find such stamps in, and
 * said nothing of them; the multi-page listing says them (future-stamps.test.ts). Now the one-page
 * listing looks at the stamps of what it read, by the clock its answers state, and says them the same
 * way, with no request more: the count and the one page, as before.
 *
 * Real HTTP against the sandbox, the CLI spawned as a user runs it; every request the sandbox answers is
 * logged, so the listing's cost is counted, not timed.
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

/** 20 requests from a month ago, then 10 stamped as entered "in the last minutes" by a server at UTC+2. */
const OLD = 20;
const SIZE = 30;

let sandbox: RunningSandbox;
let dir: string;
let env: NodeJS.ProcessEnv;
/** The paths of the requests the sandbox answered, in order. */
let asked: string[];

beforeEach(async () => {
  asked = [];
  sandbox = await startSandbox({
    port: 0,
    rate: 1000,
    account: await aheadAccount({ now: Date.now(), size: SIZE, old: OLD, spacingMs: 60_000, prefix: 'ONE' }),
    onRequest: (entry) => asked.push(entry.url),
  });
  dir = await mkdtemp(join(tmpdir(), 'future-stamps-one-page-'));
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

/** The listing's requests: the case requests list, its count among them (the sandbox's paths). */
function listingRequests(): string[] {
  return asked.filter((url) => /\/case\/requests(\?|$)/.test(url));
}

const AHEAD = "Trackops lists 10 requests stamped as entered after its own clock's time (REQ-00021 at ";

describe('an account one page holds, its newest requests stamped after the server clock', () => {
  it('an export says the stamps are ahead, at the cost of the count and the one page', async () => {
    const run = await cli(['export', '--out', 'all.csv', '--rate', '1000/s']);
    expect(run.code, run.out).toBe(0);
    expect(run.out).toContain(`Exported ${SIZE} case requests`);
    expect(run.out).toContain(AHEAD);
    expect(run.out).toMatch(/REQ-00021 at \S+ \S+, listed when its clock said \S+ \S+ UTC\)/);
    expect(run.out).not.toContain('added while the list was read');
    // The count and the one page: no page "since a pin", no count of a pinned part.
    expect(listingRequests()).toHaveLength(2);
    const csv = await readFile(join(dir, 'all.csv'), 'utf8');
    for (let id = 1; id <= SIZE; id++) expect(csv).toContain(`ONE-${String(id).padStart(4, '0')}`);
  });

  it("a dry run's search says them too, with the count and the one page", async () => {
    makeRows(join(dir, 'rows.csv'), 3, 'DRY');
    const run = await cli(['validate', 'rows.csv', '--mapping', TEMPLATE, '--rate', '1000/s']);
    expect(run.code, run.out).toBe(0);
    expect(run.out).toContain(`checked against ${SIZE} requests with a listing of the account in 1 page`);
    expect(run.out).toContain(AHEAD);
    expect(listingRequests()).toHaveLength(2);
  });
});
