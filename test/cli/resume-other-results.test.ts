/**
 * A run killed outright leaves its results as `OUT.unfinished.csv`; a resume given another --results
 * left that file behind for good, saying it was unfinished about rows all settled since (explore 30
 * item 6). Once the resume has settled every row: with a results file of its own (which holds every
 * row) the unfinished one is removed, and said; without one it is kept, and said what it is. Spawned CLI
 * against a sandbox over HTTP; rows written by Python.
 */
import { access, mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { makeRows, storedByReference } from '../batch/helpers.ts';
import {
  TEMPLATE,
  connectionEnv,
  exited,
  importCli,
  secretSandbox,
  spawnImport,
  waitForOutcomes,
} from './import-helpers.ts';

const exists = (path: string) =>
  access(path).then(
    () => true,
    () => false,
  );

async function killedPartWay(dir: string, env: NodeJS.ProcessEnv, results: string): Promise<void> {
  const child = spawnImport(
    ['rows.csv', '--mapping', TEMPLATE, '--rate', '5/s', '--results', results],
    dir,
    env,
  );
  await waitForOutcomes(join(dir, results.replace(/\.csv$/, '.journal.jsonl')), 3);
  child.kill('SIGKILL');
  await exited(child);
}

it("a resume with another --results removes the killed run's unfinished results once every row is settled, and says so", async () => {
  const dir = await mkdtemp(join(tmpdir(), 'cli-resume-other-results-'));
  makeRows(join(dir, 'rows.csv'), 10, 'ROR');
  const { sandbox } = await secretSandbox({ rate: 1000 });
  // Resumed at once after the kill: no settle window for its unanswered sends (test/batch/resume-too-soon.test.ts has one).
  const env = { ...connectionEnv(sandbox), TRACKOPS_TEST_SETTLE_MS: '0' };
  try {
    await killedPartWay(dir, env, 'a.csv');
    expect(await exists(join(dir, 'a.unfinished.csv'))).toBe(true);

    const resumed = await importCli(
      ['rows.csv', '--mapping', TEMPLATE, '--rate', '100/s', '--resume', '--results', 'b.csv'],
      dir,
      env,
    );
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(resumed.stderr).toContain(
      'note: removed a.unfinished.csv, the results a stopped run of this journal had begun: every row it lists is settled now, and b.csv holds them all',
    );
    expect(await exists(join(dir, 'a.unfinished.csv'))).toBe(false);
    // The resume's results hold every row of the file, those the killed run created too.
    const lines = (await readFile(join(dir, 'b.csv'), 'utf8')).trim().split(/\r?\n/);
    expect(lines.filter((line) => /,created,/.test(line))).toHaveLength(10);
    const stored = storedByReference(sandbox.account(), 'ROR-');
    expect(stored.size).toBe(10);
    for (const [reference, requests] of stored) expect(requests, reference).toHaveLength(1);
  } finally {
    await sandbox.close();
  }
}, 90_000);

it('a resume without --results keeps the unfinished results, saying what they are', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'cli-resume-no-results-'));
  makeRows(join(dir, 'rows.csv'), 10, 'RNR');
  const { sandbox } = await secretSandbox({ rate: 1000 });
  // Resumed at once after the kill: no settle window for its unanswered sends (test/batch/resume-too-soon.test.ts has one).
  const env = { ...connectionEnv(sandbox), TRACKOPS_TEST_SETTLE_MS: '0' };
  try {
    await killedPartWay(dir, env, 'a.csv');
    const resumed = await importCli(
      ['rows.csv', '--mapping', TEMPLATE, '--rate', '100/s', '--resume', '--journal', 'a.journal.jsonl'],
      dir,
      env,
    );
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(resumed.stderr).toContain(
      "note: a.unfinished.csv holds the results a stopped run of this journal had begun; every row it lists is settled now (the journal a.journal.jsonl has each one's fate). Delete it, or resume with --results OUT.csv for every row's result",
    );
    expect(await exists(join(dir, 'a.unfinished.csv'))).toBe(true);
  } finally {
    await sandbox.close();
  }
}, 90_000);
