/**
 * An import stopped by the system as by Ctrl-C (explore 7 item 3): SIGTERM (`timeout`, systemd,
 * `docker stop`, CI) and SIGHUP (the terminal closed) used to kill it outright: exit 143, no resume
 * command, its locks left, and a results file holding only the rows settled so far, all `created`,
 * that read like the whole results of a shorter file.
 * - SIGTERM and SIGHUP: exit 130, the resume command on stderr, no lock left, every row in the results
 *   (the unsent ones `skipped`, "run again with --resume"); the resume command finishes the run.
 * - `--json` changes stdout only (explore 7 item 6): a stopped run still says "Stopped … --resume" on
 *   stderr, and its JSON says `"interrupted": true` with the unsent rows as `unsent`, not `skipped` as
 *   a --limit trial would leave them.
 * - Killed outright (SIGKILL, which no program can handle): no OUT.csv that looks complete, the rows
 *   so far in OUT.unfinished.csv; --resume writes OUT.csv whole and leaves no unfinished file.
 */
import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeRows, storedByReference } from '../batch/helpers.ts';
import { TEMPLATE, exited, importCli, spawnImport, waitForOutcomes } from './import-helpers.ts';
import { sandboxWithSlowCreates } from './slow-create-proxy.ts';

/** Every row's `_status` in a results CSV written by the tool (one line a row; quoted cells may hold commas). */
function statuses(csv: string): string[] {
  const cells = (line: string) =>
    line.match(/("([^"]|"")*"|[^,]*)(,|$)/g)!.map((cell) => cell.replace(/,$/, ''));
  const [header, ...rows] = csv
    .replace(/^\uFEFF/, '')
    .trim()
    .split(/\r?\n/);
  const at = cells(header!).indexOf('_status');
  return rows.map((row) => cells(row)[at]!);
}

const locksIn = async (folder: string) => (await readdir(folder)).filter((name) => name.endsWith('.lock'));

/**
 * Each create held 150 ms by a proxy (3 s for a file of 20 rows), so that a run is still sending when
 * it is stopped at its third row; the reads of the account before the first row pass at once (at the
 * 10/s these runs once took, a second of each run). The test sets `slow.ms` to 0 once the run is
 * stopped: the resume goes at its --rate.
 */
const slowCreates = () => sandboxWithSlowCreates(150);

describe('import: SIGTERM and SIGHUP stop it as Ctrl-C does', () => {
  for (const signal of ['SIGTERM', 'SIGHUP'] as const) {
    it(`${signal}: exit 130, the resume command, no lock left, every row in the results; resuming finishes`, async () => {
      const dir = await mkdtemp(join(tmpdir(), `cli-${signal}-`));
      makeRows(join(dir, 'rows.csv'), 20, 'TRM');
      const { sandbox, slow, env, close } = await slowCreates();
      const args = ['rows.csv', '--mapping', TEMPLATE, '--rate', '100/s', '--results', 'out.csv'];
      try {
        const child = spawnImport(args, dir, env);
        let stderr = '';
        child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
        await waitForOutcomes(join(dir, 'out.journal.jsonl'), 3);
        child.kill(signal);
        expect((await exited(child)).code).toBe(130);
        slow.ms = 0;
        const command = `trackops-bulk import rows.csv --mapping ${TEMPLATE} --results out.csv --rate 100/s --resume`;
        expect(stderr).toContain(`Stopped. To finish the run: ${command}\n`);
        expect(await locksIn(dir)).toEqual([]);
        expect(await locksIn(join(process.env.TRACKOPS_RUN_LOCKS!))).toEqual([]);
        const written = statuses(await readFile(join(dir, 'out.csv'), 'utf8'));
        expect(written).toHaveLength(20);
        expect(written).toContain('skipped');
        expect(new Set(written)).toEqual(new Set(['created', 'skipped']));

        const again = await importCli([...command.split(' ').slice(2), '--json'], dir, env);
        expect(again.code).toBe(0);
        expect(JSON.parse(again.stdout)).toMatchObject({ created: 20, skipped: 0 });
        const stored = storedByReference(sandbox.account(), 'TRM-');
        expect(stored.size).toBe(20);
        for (const [reference, requests] of stored) expect(requests, reference).toHaveLength(1);
      } finally {
        await close();
      }
    }, 60_000);
  }
});

describe('import --json stopped by Ctrl-C', () => {
  it('stderr says Stopped and the resume command; the JSON says interrupted, the unsent rows apart from skipped', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cli-json-int-'));
    makeRows(join(dir, 'rows.csv'), 20, 'JSI');
    const { slow, env, close } = await slowCreates();
    const args = ['rows.csv', '--mapping', TEMPLATE, '--rate', '100/s', '--results', 'res.json', '--json'];
    try {
      const child = spawnImport(args, dir, env);
      let stdout = '';
      let stderr = '';
      child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
      child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      await waitForOutcomes(join(dir, 'res.journal.jsonl'), 3);
      child.kill('SIGINT');
      expect((await exited(child)).code).toBe(130);
      slow.ms = 0;
      expect(stderr).toContain(
        `Stopped. To finish the run: trackops-bulk import rows.csv --mapping ${TEMPLATE} --results res.json --rate 100/s --resume\n`,
      );
      const summary = JSON.parse(stdout);
      // The results file says so too (explore 8 item 5): not complete, the unsent rows apart.
      const written = JSON.parse(await readFile(join(dir, 'res.json'), 'utf8'));
      expect(written.complete).toBe(false);
      expect(written.summary).toMatchObject({ skipped: 0, unsent: summary.unsent, created: summary.created });
      expect(summary).toMatchObject({ rows: 20, valid: 20, interrupted: true, skipped: 0, failed: 0 });
      expect(summary.created).toBeGreaterThanOrEqual(3);
      expect(summary.created + summary.unsent).toBe(20);
      expect(summary.unsent).toBeGreaterThan(0);
      // The keys CONTRACTS section 1 names are all there.
      for (const key of [
        'rows',
        'valid',
        'invalid',
        'created',
        'updated',
        'skipped',
        'failed',
        'requests',
        'retries',
        'seconds',
      ])
        expect(summary, key).toHaveProperty(key);

      // A --limit trial is not a stop: its rows left for later are `skipped`, and it was not interrupted.
      // Other referrals than rows.csv's (city, instructions), not its rows with other claim numbers:
      // those are its import run again with the claim numbers fixed, held back (docs/import.md).
      makeRows(join(dir, 'trial.csv'), 6, 'JST', [], 'Golden', 'Trial');
      const trial = await importCli(
        [
          'trial.csv',
          '--mapping',
          TEMPLATE,
          '--rate',
          '100/s',
          '--limit',
          '2',
          '--results',
          'trial.json',
          '--json',
        ],
        dir,
        env,
      );
      const trialResults = JSON.parse(await readFile(join(dir, 'trial.json'), 'utf8'));
      expect(trialResults.complete).toBe(true);
      expect(trialResults.summary).toMatchObject({ created: 2, skipped: 4 });
      expect(trialResults.summary).not.toHaveProperty('unsent');
      expect(JSON.parse(trial.stdout)).toMatchObject({
        created: 2,
        skipped: 4,
        unsent: 0,
        interrupted: false,
      });
    } finally {
      await close();
    }
  }, 60_000);
});

describe('import: a run killed outright leaves no results file that looks complete', () => {
  it('SIGKILL: no out.csv, the rows so far in out.unfinished.csv; --resume writes out.csv whole', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cli-kill-results-'));
    makeRows(join(dir, 'rows.csv'), 20, 'KRS');
    const { slow, env, close } = await slowCreates();
    const args = ['rows.csv', '--mapping', TEMPLATE, '--rate', '100/s', '--results', 'out.csv'];
    try {
      const child = spawnImport(args, dir, env);
      // The results line follows the journal's outcome: wait for the rows in the unfinished file itself.
      const unfinished = join(dir, 'out.unfinished.csv');
      await waitForOutcomes(join(dir, 'out.journal.jsonl'), 3);
      for (
        let waited = 0;
        statuses(await readFile(unfinished, 'utf8').catch(() => '')).length < 3;
        waited += 20
      ) {
        if (waited > 30_000) throw new Error(`${unfinished} did not reach 3 rows`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      child.kill('SIGKILL');
      await exited(child);
      slow.ms = 0;
      const files = await readdir(dir);
      expect(files).not.toContain('out.csv');
      const sofar = statuses(await readFile(unfinished, 'utf8'));
      expect(sofar.length).toBeGreaterThanOrEqual(3);
      expect(sofar.length).toBeLessThan(20);

      // Resumed at once after the kill: no settle window for the row in flight (earlier-sends.ts).
      const again = await importCli([...args, '--resume'], dir, { ...env, TRACKOPS_TEST_SETTLE_MS: '0' });
      expect(again.code).toBe(0);
      expect(statuses(await readFile(join(dir, 'out.csv'), 'utf8'))).toEqual(Array(20).fill('created'));
      expect(await readdir(dir)).not.toContain('out.unfinished.csv');
    } finally {
      await close();
    }
  }, 60_000);
});
