/**
 * A server that reads its time filters to the minute: `created_to_system=… 10:04:37` takes in all of
 * 10:04, `created_from_system` all of its own minute. Every listing longer than a page is pinned 5
 * minutes back (listing-pin.ts); on a busy account the pinned part then gives requests entered in the
 * seconds after the bound, and such a listing used to take that for a server that ignores the filter
 * and stop after the pinned part, reading nothing entered later:
 * - a resume's search for its own create in doubt (its answer lost) missed the request the create had
 *   made, and the row was created a second time;
 * - an export left out every request entered in the last 4 or 5 minutes, with only a note that the
 *   filter seemed ignored.
 * What came since is now read after the pinned part all the same (list-all.ts).
 * Rule: a create in doubt whose request exists is never sent again; a listing is complete only when
 * the server's own count says so.
 * Real HTTP: the sandbox (400 requests entered one a second over the last 7 minutes) behind a proxy
 * that drops the seconds of the time filters; the resume and the export spawned as a user runs them
 * (the first run, set-up, the import command's own code in this process); rows written by Python's csv
 * module (make-rows.py).
 */
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startSandbox, type RunningSandbox } from '../../sandbox/index.ts';
import { makeRows } from '../batch/helpers.ts';
import { startMinuteFilterProxy, type RunningProxy } from '../batch/proxies.ts';
import { recentAccount } from '../helpers/sandbox-api.ts';
import { TEMPLATE, importCli, runCli } from './import-helpers.ts';
import { commandInProcess } from './command-in-process.ts';

/** Requests entered one a second up to 30 s before the run: the pin's bound falls among them. */
const RECENT = 400;

let sandbox: RunningSandbox;
let proxy: RunningProxy;
let dir: string;
let env: NodeJS.ProcessEnv;
const posts: string[] = [];

beforeEach(async () => {
  posts.length = 0;
  sandbox = await startSandbox({
    port: 0,
    rate: 1000,
    account: await recentAccount(RECENT),
    onRequest: (entry) => {
      if (entry.method === 'POST') posts.push(entry.url);
    },
  });
  proxy = await startMinuteFilterProxy(sandbox.baseUrl);
  dir = await mkdtemp(join(tmpdir(), 'minute-filter-'));
  env = {
    ...process.env,
    TRACKOPS_URL: proxy.baseUrl,
    TRACKOPS_USER: sandbox.username,
    TRACKOPS_TOKEN: sandbox.token,
    XDG_DATA_HOME: join(dir, 'data'),
    // No wait for a late answer: the resume's one search is what settles the row.
    TRACKOPS_TEST_SETTLE_MS: '0',
  };
});
afterEach(async () => {
  await proxy.close();
  await sandbox.close();
});

function holding(claim: string): number {
  return sandbox.account().case_requests.filter((record) => record.reference_value_1 === claim).length;
}

describe('a server that reads its time filters to the minute', () => {
  it("a resume's search finds the create whose answer was lost, and sends nothing again; an export holds every request", async () => {
    makeRows(join(dir, 'rows.csv'), 3, 'MIN');
    // No duplicate check: the resume's search alone says whether the row's create landed.
    const template = JSON.parse(await readFile(TEMPLATE, 'utf8')) as Record<string, unknown>;
    await writeFile(join(dir, 'mapping.json'), JSON.stringify({ ...template, duplicates: 'create' }));
    const command = [
      'rows.csv',
      '--mapping',
      'mapping.json',
      '--rate',
      '500/s',
      '--results',
      'a.json',
      '--json',
    ];
    // The first run is set-up, run by the import command's own code in this process (the same requests,
    // journal and --json summary as spawned; spawned, a create import is test/cli/import.test.ts's). The
    // resume and the export, what this test is about, are spawned.
    const first = await commandInProcess('import', command, dir, env);
    expect(JSON.parse(first.stdout), first.stderr).toMatchObject({ created: 3 });
    // The last create's answer never reached the journal (a crash): the row is in doubt.
    const journal = join(dir, 'a.journal.jsonl');
    const lines = (await readFile(journal, 'utf8')).split('\n').filter(Boolean);
    expect(JSON.parse(lines.at(-1)!)).toMatchObject({ type: 'outcome', status: 'created' });
    await writeFile(journal, `${lines.slice(0, -1).join('\n')}\n`);
    const sent = posts.length;

    const resumed = await importCli([...command, '--resume'], dir, env);
    expect(resumed.code, resumed.stdout + resumed.stderr).toBe(0);
    expect(posts.length - sent, resumed.stdout + resumed.stderr).toBe(0);
    expect(holding('MIN-0002')).toBe(1);
    const results = JSON.parse(await readFile(join(dir, 'a.json'), 'utf8')) as {
      rows: { row: number; status: string; id?: number }[];
    };
    expect(results.rows.find((row) => row.row === 4)).toMatchObject({ status: 'created', id: RECENT + 3 });

    const exported = await runCli('export', ['--out', 'all.csv', '--rate', '500/s', '--json'], dir, env);
    expect(exported.code, exported.stdout + exported.stderr).toBe(0);
    const numbers = new Set((await readFile(join(dir, 'all.csv'), 'utf8')).match(/^REQ-\d+/gm) ?? []);
    expect(numbers.size, exported.stdout).toBe(RECENT + 3);
    const summary = JSON.parse(exported.stdout) as { rows: number; notes: string[] };
    expect(summary.rows).toBe(RECENT + 3);
    // A server that keeps to its filters, only to the minute, is not said to ignore them.
    expect(JSON.stringify(summary)).not.toContain('seems to ignore');
  }, 60_000);
});
