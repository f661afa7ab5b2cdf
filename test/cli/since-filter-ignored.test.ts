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
import { startCutAnswerProxy, startLooseFilterProxy, type RunningProxy } from '../batch/proxies.ts';
import { recentAccount } from '../helpers/sandbox-api.ts';
import { TEMPLATE, importCli, runCli } from './import-helpers.ts';
import { commandInProcess } from './command-in-process.ts';

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
    // A create whose answer was lost is first looked for 10 ms after it, not 0.5 s (said on stderr).
    TRACKOPS_TEST_FIRST_LOOK_MS: '10',
  };
});
afterEach(async () => {
  await proxy.close();
  await sandbox.close();
});

function holding(claim: string): number {
  return sandbox.account().case_requests.filter((record) => record.reference_value_1 === claim).length;
}

/**
 * The template without its reference values, no duplicate check: a lost create's search is then the
 * requests entered since its send alone (a claim number narrows it to the claim's own requests, where
 * no filter of time matters), and only that search settles the row.
 */
async function writeMappingWithoutReferences(): Promise<void> {
  const { match: _match, ...template } = JSON.parse(await readFile(TEMPLATE, 'utf8')) as {
    match: string;
    columns: { target: string }[];
  };
  const columns = template.columns.filter((column) => !column.target.startsWith('reference_value'));
  await writeFile(join(dir, 'mapping.json'), JSON.stringify({ ...template, columns, duplicates: 'create' }));
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
    // The first run is set-up, run by the import command's own code in this process (an import as spawned
    // is test/cli/import.test.ts's); the resume and the export, what this test is about, are spawned.
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
    expect(holding('IGN-0002')).toBe(1);
    const results = JSON.parse(await readFile(join(dir, 'a.json'), 'utf8')) as {
      rows: { row: number; status: string; id?: number }[];
    };
    expect(results.rows.find((row) => row.row === 4)).toMatchObject({ status: 'created', id: OLD + 3 });
    // Said in the run's notes: what Trackops did, what the search did instead and what it read (the
    // pinned part and the whole list after it), what it means. The first run made no search: no word.
    expect((JSON.parse(first.stdout) as { notes?: string[] }).notes).toBeUndefined();
    const notes = (JSON.parse(resumed.stdout) as { notes: string[] }).notes;
    const ignored = notes.filter((text) => text.includes('the server seems to ignore that filter'));
    expect(ignored, resumed.stdout).toHaveLength(1);
    expect(ignored[0]).toMatch(
      new RegExp(
        "^In the search for the creates an earlier run left in doubt, Trackops's list gave REQ-\\d+ \\(id \\d+\\), " +
          'entered [\\d-]+ [\\d:]+, when asked only for requests entered from [\\d-]+ [\\d:]+ on \\(created_from_system, UTC\\): ' +
          `the server seems to ignore that filter, so that search read the whole list Trackops gives instead: ${OLD + 3} requests in 4 pages\\. ` +
          'Nothing was missed for it, but such a search takes as long as reading the whole account',
      ),
    );
    // The human summary (on stderr under --json) says the same words.
    expect(resumed.stderr).toContain(ignored[0]);

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
  it('creates whose answers were lost: each is looked for, and the ignored filter is said once for all the searches', async () => {
    makeRows(join(dir, 'rows.csv'), 3, 'CUT');
    await writeMappingWithoutReferences();
    // Every create's answer is cut after Trackops stored it: each row's create is searched for.
    const cut = await startCutAnswerProxy(proxy.baseUrl, 'POST');
    try {
      const run = await importCli(
        ['rows.csv', '--mapping', 'mapping.json', '--rate', '500/s', '--concurrency', '1', '--json'],
        dir,
        { ...env, TRACKOPS_URL: cut.baseUrl },
      );
      expect(JSON.parse(run.stdout), run.stderr).toMatchObject({ created: 3, failed: 0 });
      expect(cut.writes).toBe(3);
      expect(posts).toHaveLength(3);
      const notes = (JSON.parse(run.stdout) as { notes: string[] }).notes;
      const ignored = notes.filter((text) => text.includes('the server seems to ignore that filter'));
      expect(ignored, run.stdout).toHaveLength(1);
      expect(ignored[0]).toMatch(
        /^In the 3 searches for creates whose answers were lost, Trackops's list gave REQ-\d+ \(id \d+\), entered [\d-]+ [\d:]+, when asked only for requests entered from [\d-]+ [\d:]+ on \(created_from_system, UTC\): the server seems to ignore that filter, so each of them read the whole list Trackops gives instead, up to 153 requests each: \d+ pages in all\. /,
      );
      expect(run.stderr.split(ignored[0]!)).toHaveLength(2);
    } finally {
      await cut.close();
    }
  }, 60_000);

  it('against a server that keeps to the filter, the same lost answers and resume say nothing of it', async () => {
    makeRows(join(dir, 'rows.csv'), 3, 'OK');
    await writeMappingWithoutReferences();
    const cut = await startCutAnswerProxy(sandbox.baseUrl, 'POST');
    const honest = { ...env, TRACKOPS_URL: cut.baseUrl };
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
    try {
      const run = await importCli(command, dir, honest);
      expect(JSON.parse(run.stdout), run.stderr).toMatchObject({ created: 3 });
      // Every create's answer was cut, and each was looked for: searches that met nothing to say.
      expect(cut.writes).toBe(3);
      expect(posts).toHaveLength(3);
      expect((JSON.parse(run.stdout) as { notes?: string[] }).notes).toBeUndefined();
      const journal = join(dir, 'a.journal.jsonl');
      const lines = (await readFile(journal, 'utf8')).split('\n').filter(Boolean);
      await writeFile(journal, `${lines.slice(0, -1).join('\n')}\n`);
      const resumed = await importCli([...command, '--resume'], dir, honest);
      expect(resumed.code, resumed.stdout + resumed.stderr).toBe(0);
      const notes = (JSON.parse(resumed.stdout) as { notes: string[] }).notes;
      // Only what the resume took from its journal: no search met anything unexpected.
      expect(notes).toHaveLength(1);
      expect(notes[0]).toMatch(/^2 rows were settled by the earlier run/);
      expect(resumed.stderr).not.toMatch(/ignore that filter|In the search/);
    } finally {
      await cut.close();
    }
  }, 60_000);
});
