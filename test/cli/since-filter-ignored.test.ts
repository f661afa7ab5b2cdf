/**
 * A server that keeps to `created_to_system` but ignores `created_from_system` (asked for what was
 * entered since a time, it answers with every request). Every listing longer than a page is pinned
 * 5 minutes back (listing-pin.ts) and reads what came since with that filter; such a listing used to
 * stop when it saw the filter ignored, so nothing entered in the last minutes was read:
 * - a resume's search for its own create in doubt (its answer lost) missed the request the create had
 *   made, and the row was created a second time;
 * - an export left out the requests entered in the last 5 minutes (it said the filter was ignored, but
 *   not that it had left anything out).
 * What came since is now read in the whole list the server gives instead (list-all.ts readSince).
 * Rule: a create in doubt whose request exists is never sent again; a listing is complete only when
 * the server's own count says so.
 * Real HTTP: the sandbox (150 requests entered an hour ago) behind a proxy that drops the filter, the
 * CLI spawned as a user runs it; rows written by Python's csv module (make-rows.py).
 */
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startSandbox, type RunningSandbox } from '../../sandbox/index.ts';
import { makeRows } from '../batch/helpers.ts';
import { startLooseFilterProxy, type RunningProxy } from '../batch/proxies.ts';
import { recentAccount } from '../helpers/sandbox-api.ts';
import { TEMPLATE, importCli, runCli } from './import-helpers.ts';

/** Requests entered an hour before the run: more than a page, so every listing of them is pinned. */
const OLD = 150;

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
    account: await recentAccount(OLD, OLD),
    onRequest: (entry) => {
      if (entry.method === 'POST') posts.push(entry.url);
    },
  });
  proxy = await startLooseFilterProxy(sandbox.baseUrl, 'created_from_system');
  dir = await mkdtemp(join(tmpdir(), 'since-filter-ignored-'));
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

describe('a server that ignores created_from_system', () => {
  it("a resume's search finds the create whose answer was lost, and sends nothing again; an export holds it", async () => {
    makeRows(join(dir, 'rows.csv'), 3, 'IGN');
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
    const first = await importCli(command, dir, env);
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
    expect(holding('IGN-0002')).toBe(1);
    const results = JSON.parse(await readFile(join(dir, 'a.json'), 'utf8')) as {
      rows: { row: number; status: string; id?: number }[];
    };
    expect(results.rows.find((row) => row.row === 4)).toMatchObject({ status: 'created', id: OLD + 3 });

    // The export lists the account pinned 5 minutes back: the three requests just entered are in it.
    const exported = await runCli('export', ['--out', 'all.csv', '--rate', '500/s', '--json'], dir, env);
    expect(exported.code, exported.stdout + exported.stderr).toBe(0);
    const numbers = new Set((await readFile(join(dir, 'all.csv'), 'utf8')).match(/^REQ-\d+/gm) ?? []);
    expect(numbers.size).toBe(OLD + 3);
    for (const id of [OLD + 1, OLD + 2, OLD + 3]) expect(numbers.has(`REQ-00${id}`)).toBe(true);
    const summary = JSON.parse(exported.stdout) as { rows: number; notes: string[] };
    expect(summary.rows).toBe(OLD + 3);
    const note = summary.notes.find((text) => text.includes('the server seems to ignore that filter'));
    expect(note).toContain('(created_from_system, UTC)');
    expect(note).toContain('what came since was looked for in the whole list it gives instead');
  }, 60_000);
});
