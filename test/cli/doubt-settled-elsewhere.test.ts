/**
 * A run killed while a create was on its way (it never reached Trackops), the file then imported from
 * another folder (as the tool's own message advises: "start the run from the beginning"), and the first
 * journal's --resume run after it (explore 26 item 2): the resume sent the row that was in doubt a
 * second time, as its search leaves out what other journals record and the earlier-import check passed
 * rows in doubt by. The resume settles that row by the other import's create of the same content. The
 * reverse order, and the revert of both journals afterwards, list every request once and none as
 * unknown. Spawned CLI runs (one killed with SIGKILL) against a sandbox over HTTP; rows written by Python.
 */
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { makeRows } from '../batch/helpers.ts';
import { startSwallowingCreateProxy } from '../batch/proxies.ts';
import {
  BIN,
  TEMPLATE,
  connectionEnv,
  exited,
  importCli,
  secretSandbox,
  spawnImport,
  type CliResult,
} from './import-helpers.ts';

const ROWS = 6;
const execFileAsync = promisify(execFile);

async function revertCli(args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<CliResult> {
  try {
    const { stdout, stderr } = await execFileAsync(process.execPath, [BIN, 'revert', ...args], { cwd, env });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

/** How many requests hold each note "Doubt i" (make-rows.py's Instructions), by note. */
function storedByNote(requests: { notes?: string | null }[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const request of requests)
    if (request.notes?.startsWith('Doubt ')) counts[request.notes] = (counts[request.notes] ?? 0) + 1;
  return counts;
}

const ONCE = Object.fromEntries(Array.from({ length: ROWS }, (_, i) => [`Doubt ${i}`, 1]));

/**
 * The first run, in `first/`, killed (SIGKILL) while its 4th create (row 5, "Doubt 3") waits for an
 * answer that never comes: the proxy never forwarded it, so Trackops does not hold it.
 */
async function killedMidCreate(prefix: string) {
  const dir = await mkdtemp(join(tmpdir(), `cli-doubt-elsewhere-${prefix}-`));
  await mkdir(join(dir, 'first', 'res'), { recursive: true });
  await mkdir(join(dir, 'other'));
  // No claim numbers: only the journals can tell what was sent.
  makeRows(
    join(dir, 'first', 'rows.csv'),
    ROWS,
    prefix,
    Array.from({ length: ROWS }, (_, i) => i),
    'Denver',
    'Doubt',
    'Claim #',
  );
  const { sandbox } = await secretSandbox({ rate: 1000 });
  // Every run through the proxy (one account address); only the 4th create of all is swallowed.
  const proxy = await startSwallowingCreateProxy(sandbox.baseUrl, 4);
  // Resumed at once after the send in doubt: no settle window (earlier-sends.ts; its own test has one).
  const env = { ...connectionEnv(sandbox), TRACKOPS_URL: proxy.baseUrl, TRACKOPS_TEST_SETTLE_MS: '0' };
  const base = ['--mapping', TEMPLATE, '--rate', '100/s', '--concurrency', '1', '--json'];
  const first = spawnImport(['rows.csv', ...base, '--results', 'res/out.csv'], join(dir, 'first'), env);
  const ended = exited(first);
  await proxy.swallowed;
  first.kill('SIGKILL');
  expect((await ended).signal).toBe('SIGKILL');
  expect(storedByNote(sandbox.account().case_requests)).toEqual({
    'Doubt 0': 1,
    'Doubt 1': 1,
    'Doubt 2': 1,
  });
  const again = (results: string) =>
    importCli(['../first/rows.csv', ...base, '--results', results], join(dir, 'other'), env);
  const resume = () =>
    importCli(['rows.csv', ...base, '--results', 'res/out.csv', '--resume'], join(dir, 'first'), env);
  // At the runs' pace: a revert left at a real account's 1 request/s spent 10 s listing six creates.
  const revert = (journal: string) =>
    revertCli(['--journal', journal, '--results', `${journal}.revert.json`, '--rate', '100/s'], dir, env);
  const close = async () => {
    await proxy.close();
    await sandbox.close();
  };
  return { dir, sandbox, again, resume, revert, close };
}

/** What a revert of `journal` lists, row by row (its results file). */
async function revertRows(
  journal: string,
): Promise<{ status: string; id?: number; errors?: { message: string }[] }[]> {
  return JSON.parse(await readFile(`${journal}.revert.json`, 'utf8')).rows;
}

describe('a row in doubt that another import created since', () => {
  it('the file imported again elsewhere, then the first journal resumed: the row is not sent again; each revert lists its own creates', async () => {
    const { dir, sandbox, again, resume, revert, close } = await killedMidCreate('DSE');
    try {
      const fresh = await again('new.csv');
      expect(JSON.parse(fresh.stdout)).toMatchObject({ created: 3, skipped: 3, already_sent: 3 });
      expect(storedByNote(sandbox.account().case_requests)).toEqual(ONCE);

      const resumed = await resume();
      expect(resumed.code).toBe(0);
      expect(JSON.parse(resumed.stdout)).toMatchObject({ created: 3, skipped: 3, already_sent: 3 });
      expect(storedByNote(sandbox.account().case_requests)).toEqual(ONCE);
      const held = sandbox.account().case_requests.find((request) => request.notes === 'Doubt 3')!;
      const results = await readFile(join(dir, 'first', 'res', 'out.csv'), 'utf8');
      expect(results).toContain(
        `skipped,${held.id},${held.case_request_number},"not sent again: an earlier run of this journal sent this row and got no answer (in doubt), and Trackops was searched for that send`,
      );
      expect(results).toMatch(
        /another import of rows\.csv created this row's very content since \(its row 5, sent [^)]*\) as REQ-\d+, as its journal \S+new\.journal\.jsonl records: that is this row's request/,
      );

      // Resumed again: the journal says how the row was settled, no request is read for it.
      const twice = await resume();
      expect(JSON.parse(twice.stdout)).toMatchObject({ created: 3, skipped: 3, already_sent: 3 });
      expect(storedByNote(sandbox.account().case_requests)).toEqual(ONCE);

      // Each journal's revert lists the creates it made, none as unknown; together every request once.
      const firstJournal = join(dir, 'first', 'res', 'out.journal.jsonl');
      const otherJournal = join(dir, 'other', 'new.journal.jsonl');
      await revert(firstJournal);
      await revert(otherJournal);
      const listed = [...(await revertRows(firstJournal)), ...(await revertRows(otherJournal))];
      expect(listed.every((row) => row.status === 'created')).toBe(true);
      expect(listed.map((row) => row.id).sort()).toEqual(
        sandbox
          .account()
          .case_requests.filter((request) => request.notes?.startsWith('Doubt '))
          .map((request) => request.id)
          .sort(),
      );
      expect((await revertRows(otherJournal)).map((row) => row.id)).toContain(held.id);
    } finally {
      await close();
    }
  }, 120_000);

  it('the reverse order, the resume first: it sends the row; the import elsewhere then sends nothing', async () => {
    const { dir, sandbox, again, resume, revert, close } = await killedMidCreate('DSR');
    try {
      const resumed = await resume();
      expect(JSON.parse(resumed.stdout)).toMatchObject({ created: ROWS });
      expect(storedByNote(sandbox.account().case_requests)).toEqual(ONCE);
      const fresh = await again('new.csv');
      expect(JSON.parse(fresh.stdout)).toMatchObject({ created: 0, skipped: ROWS, already_sent: ROWS });
      expect(storedByNote(sandbox.account().case_requests)).toEqual(ONCE);

      const firstJournal = join(dir, 'first', 'res', 'out.journal.jsonl');
      await revert(firstJournal);
      const rows = await revertRows(firstJournal);
      expect(rows.map((row) => row.status)).toEqual(Array(ROWS).fill('created'));
    } finally {
      await close();
    }
  }, 120_000);
});
