/**
 * A server whose COUNT ignores a time filter its LIST keeps to (a count from another query, a cache
 * keyed without it): asked for the requests entered since a time, it counts the whole account while its
 * pages give the few it was asked for. A resume's search for its create in doubt was refused every time
 * ("counted 150 … pages ended after 0"), so the resume could never finish; an export whose count
 * ignores `created_to_system` (the pin's bound) was refused the same way once requests had been entered
 * in the last minutes. When pages end short of a filtered count, one count without that filter now says
 * whether the count ignores it; the list is then read whole against the count the server honours (the
 * list without that filter), the filter kept here, and what the server did is said in plain words.
 * Against a server whose count keeps to its filters nothing changes: not a request more.
 * Rule: a listing is complete only when the server's own count says so; what the server does that the
 * tool did not expect is said.
 * Real HTTP: the sandbox (150 requests entered an hour ago) behind a proxy that drops the filter from
 * counts only, the CLI spawned as a user runs it; rows written by Python's csv module (make-rows.py).
 */
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startSandbox, type RunningSandbox } from '../../sandbox/index.ts';
import { makeRows } from '../batch/helpers.ts';
import { startCountIgnoresFilterProxy } from '../batch/proxies.ts';
import { recentAccount } from '../helpers/sandbox-api.ts';
import { TEMPLATE, importCli, runCli } from './import-helpers.ts';
import { commandInProcess } from './command-in-process.ts';

/** Requests entered an hour before the run: more than a page, so every listing of them is pinned. */
const OLD = 150;

let sandbox: RunningSandbox;
let dir: string;
const posts: string[] = [];
const gets: string[] = [];

beforeEach(async () => {
  posts.length = 0;
  gets.length = 0;
  sandbox = await startSandbox({
    port: 0,
    rate: 1000,
    account: await recentAccount(OLD, OLD),
    onRequest: (entry) => {
      if (entry.method === 'POST') posts.push(entry.url);
      if (entry.method === 'GET' && entry.url.includes('/case/requests')) gets.push(entry.url);
    },
  });
  dir = await mkdtemp(join(tmpdir(), 'count-ignores-filter-'));
});
afterEach(async () => {
  await sandbox.close();
});

function envFor(url: string): NodeJS.ProcessEnv {
  return {
    ...process.env,
    TRACKOPS_URL: url,
    TRACKOPS_USER: sandbox.username,
    TRACKOPS_TOKEN: sandbox.token,
    XDG_DATA_HOME: join(dir, 'data'),
    // No wait for a late answer: the resume's one search is what settles the row.
    TRACKOPS_TEST_SETTLE_MS: '0',
  };
}

const COMMAND = ['rows.csv', '--mapping', 'mapping.json', '--rate', '100/s', '--results', 'a.json', '--json'];

/**
 * Three rows imported, the last create's answer then cut from the journal (a crash): in doubt. The
 * import is set-up, run by the import command's own code in this process (the same requests, journal and
 * --json summary as spawned; a create import with --json as spawned is test/cli/account-spellings.test.ts's
 * "rows without a claim number imported through one spelling…"). The resumes and the export each test
 * reads are spawned.
 */
async function importThenLoseLastAnswer(env: NodeJS.ProcessEnv): Promise<void> {
  makeRows(join(dir, 'rows.csv'), 3, 'CIF');
  // No duplicate check: the resume's search alone says whether the row's create landed.
  const template = JSON.parse(await readFile(TEMPLATE, 'utf8')) as Record<string, unknown>;
  await writeFile(join(dir, 'mapping.json'), JSON.stringify({ ...template, duplicates: 'create' }));
  const first = await commandInProcess('import', COMMAND, dir, env);
  expect(JSON.parse(first.stdout), first.stderr).toMatchObject({ created: 3 });
  const journal = join(dir, 'a.journal.jsonl');
  const lines = (await readFile(journal, 'utf8')).split('\n').filter(Boolean);
  expect(JSON.parse(lines.at(-1)!)).toMatchObject({ type: 'outcome', status: 'created' });
  await writeFile(journal, `${lines.slice(0, -1).join('\n')}\n`);
}

describe('a server whose count ignores a time filter its list keeps to', () => {
  it('a resume finds its create in doubt by the whole list against its own count, sends nothing again, and says so', async () => {
    const proxy = await startCountIgnoresFilterProxy(sandbox.baseUrl, 'created_from_system');
    try {
      const env = envFor(proxy.baseUrl);
      await importThenLoseLastAnswer(env);
      const sent = posts.length;
      const resumed = await importCli([...COMMAND, '--resume'], dir, env);
      expect(resumed.code, resumed.stdout + resumed.stderr).toBe(0);
      expect(posts.length - sent).toBe(0);
      const results = JSON.parse(await readFile(join(dir, 'a.json'), 'utf8')) as {
        rows: { row: number; status: string; id?: number }[];
      };
      expect(results.rows.find((row) => row.row === 4)).toMatchObject({ status: 'created', id: OLD + 3 });
      const notes = (JSON.parse(resumed.stdout) as { notes: string[] }).notes;
      const said = notes.filter((text) => text.includes('its count seems to ignore that filter'));
      expect(said, resumed.stdout).toHaveLength(1);
      expect(said[0]).toMatch(
        new RegExp(
          '^The search for the creates an earlier run left in doubt: Trackops counted 150 requests when asked only ' +
            'for requests entered from [\\d-]+ [\\d:]+ on \\(created_from_system, UTC\\), as many as without that filter, ' +
            'while its list gave 0: its count seems to ignore that filter, so the list without it was read whole against ' +
            'that count, the tool keeping that filter itself: every request it holds was checked, nothing was left out for it\\. ' +
            'Tell whoever runs Trackops that its count ignores this filter',
        ),
      );
      expect(resumed.stderr).toContain(said[0]);
    } finally {
      await proxy.close();
    }
  }, 60_000);

  it('an export whose count ignores created_to_system holds every request, the last minutes too, and says so', async () => {
    const honest = envFor(sandbox.baseUrl);
    await importThenLoseLastAnswer(honest);
    const proxy = await startCountIgnoresFilterProxy(sandbox.baseUrl, 'created_to_system');
    try {
      const exported = await runCli(
        'export',
        ['--out', 'all.csv', '--rate', '100/s', '--json'],
        dir,
        envFor(proxy.baseUrl),
      );
      expect(exported.code, exported.stdout + exported.stderr).toBe(0);
      const numbers = new Set((await readFile(join(dir, 'all.csv'), 'utf8')).match(/^REQ-\d+/gm) ?? []);
      expect(numbers.size).toBe(OLD + 3);
      const summary = JSON.parse(exported.stdout) as { rows: number; notes: string[] };
      expect(summary.rows).toBe(OLD + 3);
      const note = summary.notes.find((text) => text.includes('its count seems to ignore that filter'));
      expect(note, exported.stdout).toMatch(/\(created_to_system, UTC\)/);
    } finally {
      await proxy.close();
    }
  }, 60_000);

  it('against a server whose count keeps to its filters, the same resume asks no count more and says nothing of it', async () => {
    const env = envFor(sandbox.baseUrl);
    await importThenLoseLastAnswer(env);
    gets.length = 0;
    const resumed = await importCli([...COMMAND, '--resume'], dir, env);
    expect(resumed.code, resumed.stdout + resumed.stderr).toBe(0);
    expect(resumed.stdout + resumed.stderr).not.toMatch(/ignore that filter/);
    // The search for the create in doubt: its count and its one page (a list one page holds).
    const searches = gets.filter((url) => url.includes('created_from_system'));
    expect(searches.length, searches.join('\n')).toBe(2);
  }, 60_000);
});
