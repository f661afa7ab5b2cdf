/**
 * The same rows imported again while the first import is still running (explore 26 item 1).
 *
 * On one PC: the sheet saved again (same rows, other bytes: here only its line endings, as a save on
 * Windows writes them) has another run-lock key, and the second run read the first run's live journal as
 * a finished earlier import and created the rows the first had not reached. Now a journal of the account
 * held by a live process whose creates hold rows of this file stops the run before it sends anything,
 * naming the process and the journal; run again once the first has finished, it sends nothing twice.
 *
 * On two PCs (each its own journals and locks) with claim numbers: the plan finds the file's keys
 * created minutes ago and more are added while it looks again: the run stops before sending, saying a
 * likely concurrent import; a trial that has finished (keys created minutes ago, none being added) is
 * not one: the rest is sent; nor are the creates a killed run sent without their answers reaching its
 * journal, found by the resume's own search (they were taken for another PC's, and the resume waited).
 *
 * validate of the file meanwhile says so: how many of its rows that import has sent (those the account
 * already holds by their claim numbers too), and, while it is still starting (its run lock taken,
 * nothing in its journal yet), that it runs (explore 32 item 3).
 *
 * Spawned CLI runs against a sandbox over HTTP, the first held at a create (or at its first count of
 * the account) by a proxy; rows written by Python's csv module.
 *
 * A trial that has finished before the run a test is about (--limit) is set-up, run by the import
 * command's own code in this process (trialRun below: the same requests, journal and lists of journals
 * as spawned; a --limit trial as spawned is the --json trial of test/cli/import-stop-signals.test.ts).
 * Every import running while another runs, killed, or refused, and every validate, stays spawned.
 */
import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeRows } from '../batch/helpers.ts';
import { startHeldCountProxy, startHeldCreateProxy } from '../batch/proxies.ts';
import {
  TEMPLATE,
  connectionEnv,
  exited,
  importCli,
  runCli,
  secretSandbox,
  spawnImport,
  waitForOutcomes,
} from './import-helpers.ts';
import { runPython } from '../helpers/run-python.ts';
import { commandInProcess } from './command-in-process.ts';

/** How many requests hold each of `values` (a field of the sandbox's requests). */
function counted(requests: Record<string, unknown>[], field: string, prefix: string): number[] {
  const counts = new Map<string, number>();
  for (const request of requests) {
    const value = request[field];
    if (typeof value === 'string' && value.startsWith(prefix))
      counts.set(value, (counts.get(value) ?? 0) + 1);
  }
  return [...counts.values()];
}

/**
 * A journal as a run killed before its last `count` answers reached it leaves it: cut before the first
 * of those outcome lines (lines are numbered, so a journal can only lose its tail, as a kill leaves it).
 */
async function cutAnswers(journal: string, count: number): Promise<void> {
  const lines = (await readFile(journal, 'utf8')).split('\n').filter(Boolean);
  const outcomes = lines.flatMap((line, index) => (JSON.parse(line).type === 'outcome' ? [index] : []));
  const cut = outcomes.at(-count)!;
  for (const index of outcomes.slice(-count))
    expect(JSON.parse(lines[index]!)).toMatchObject({ type: 'outcome', status: 'created' });
  await writeFile(journal, `${lines.slice(0, cut).join('\n')}\n`);
}

/** The file saved again with the same rows: Python's csv module rewrites it with other line endings. */
function savedAgain(from: string, to: string): void {
  runPython(
    'import csv,sys\nrows=list(csv.reader(open(sys.argv[1],newline="",encoding="utf-8-sig")))\n' +
      'csv.writer(open(sys.argv[2],"w",newline="",encoding="utf-8"),lineterminator="\\n").writerows(rows)',
    [from, to],
  );
}

describe('the same rows imported while an import of them is running', () => {
  it('on one PC, a copy saved again: refused before anything is sent, naming the process and its journal; run again afterwards, nothing is sent twice', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cli-running-same-pc-'));
    await mkdir(join(dir, 't1'));
    await mkdir(join(dir, 't2'));
    const rows = 12;
    // No claim numbers: only the journals can tell which rows were sent.
    makeRows(
      join(dir, 't1', 'rows.csv'),
      rows,
      'RSP',
      Array.from({ length: rows }, (_, i) => i),
      'Denver',
      'Running',
      'Claim #',
    );
    savedAgain(join(dir, 't1', 'rows.csv'), join(dir, 't2', 'rows.csv'));
    expect(await readFile(join(dir, 't2', 'rows.csv'))).not.toEqual(
      await readFile(join(dir, 't1', 'rows.csv')),
    );
    const { sandbox } = await secretSandbox({ rate: 1000 });
    // Both terminals talk to the account through the proxy; the first run's 5th create is held there.
    const proxy = await startHeldCreateProxy(sandbox.baseUrl, 5);
    const env = { ...connectionEnv(sandbox), TRACKOPS_URL: proxy.baseUrl };
    const command = [
      'rows.csv',
      '--mapping',
      TEMPLATE,
      '--rate',
      '100/s',
      '--concurrency',
      '1',
      '--results',
      'out.csv',
      '--json',
    ];
    try {
      const first = spawnImport(command, join(dir, 't1'), env);
      const firstEnded = exited(first);
      await proxy.holding;

      const second = await importCli(command, join(dir, 't2'), env);
      expect(second.code).toBe(2);
      expect(second.stderr).toMatch(
        new RegExp(
          `rows of this file are being sent into this account by another import right now: process ${first.pid} on \\S+, since [^,]+, an import of rows\\.csv whose journal \\S+t1/out\\.journal\\.jsonl holds 5 of this file's rows \\(by their content, whatever the file's name or bytes\\)\\. ` +
            'Two imports of the same rows at once would each create the rows the other has not reached yet\\. Nothing was sent\\. ' +
            'Wait for that import to finish, then start this import again: the rows it created are recognised and not sent again\\. ' +
            'If no import is running any more, delete \\S+t1/out\\.journal\\.jsonl\\.lock and run again',
        ),
      );
      expect(counted(sandbox.account().case_requests, 'notes', 'Running ')).toEqual([1, 1, 1, 1]);
      // Each row says why it was not sent; no journal is left to resume.
      const results = await readFile(join(dir, 't2', 'out.csv'), 'utf8');
      expect(
        results.match(
          /not sent: another import of these rows is running \(process \d+ on [^;]+; its journal \S+\); run this import again once that one has finished/g,
        ),
      ).toHaveLength(rows);
      await expect(readFile(join(dir, 't2', 'out.journal.jsonl'))).rejects.toThrow(/ENOENT/);

      // The dry run of the copy meanwhile says that an import of its rows is running, from the
      // journals' locks alone: the rows it has not reached read as to be created.
      // At the imports' pace (a real account's 1 request/s cost this dry run 9 s).
      const checked = await runCli(
        'validate',
        ['rows.csv', '--mapping', TEMPLATE, '--rate', '100/s'],
        join(dir, 't2'),
        env,
      );
      expect(checked.stdout).toMatch(
        new RegExp(
          `Note: an import of rows of this file into this account is running right now: process ${first.pid} on \\S+, since [^,]+, an import of rows\\.csv whose journal \\S+t1/out\\.journal\\.jsonl holds 5 of this file's rows .*` +
            'Rows it has not reached yet are shown here as to be created, though it is creating them: check again when it has finished',
        ),
      );

      proxy.release();
      expect((await firstEnded).code).toBe(0);
      const again = await importCli(command, join(dir, 't2'), env);
      expect(again.code).toBe(0);
      expect(JSON.parse(again.stdout)).toMatchObject({ created: 0, skipped: rows, already_sent: rows });
      expect(counted(sandbox.account().case_requests, 'notes', 'Running ')).toEqual(Array(rows).fill(1));
    } finally {
      proxy.release();
      await proxy.close();
      await sandbox.close();
    }
  }, 120_000);

  it('validate of the file being imported counts every row that import has sent, and names it from its run lock while it is still starting', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cli-running-validate-'));
    const rows = 8;
    // With claim numbers: the rows already created are found by the duplicate check, not "to create".
    makeRows(join(dir, 'rows.csv'), rows, 'RVN', [], 'Denver', 'Validated');
    const { sandbox } = await secretSandbox({ rate: 1000 });
    const command = ['rows.csv', '--mapping', TEMPLATE, '--rate', '100/s'];
    const importing = [...command, '--concurrency', '1', '--results', 'out.csv'];
    const starting = await startHeldCountProxy(sandbox.baseUrl);
    const sending = await startHeldCreateProxy(sandbox.baseUrl, 5);
    try {
      // Still starting: held at its count of the account, so its journal holds no create yet.
      let env = { ...connectionEnv(sandbox), TRACKOPS_URL: starting.baseUrl };
      let first = spawnImport(importing, dir, env);
      let firstEnded = exited(first);
      await starting.holding;
      const early = await runCli('validate', command, dir, env);
      expect(early.stdout).toMatch(
        new RegExp(
          `Note: an import of rows of this file into this account is running right now: process ${first.pid} on \\S+, since [^,]+, ` +
            `an import of rows\\.csv whose journal \\S+/out\\.journal\\.jsonl holds none of this file's rows yet \\(it is still reading the account before its first send\\)\\. ` +
            'Rows it has not reached yet are shown here as to be created, though it is creating them: check again when it has finished \\(an import started before then is refused\\)\\. ' +
            'If no import is running any more, delete \\S+run-locks/import-\\w+\\.lock',
        ),
      );
      expect(early.stdout).toContain(`An import would: ${rows} create.`);
      starting.release();
      expect((await firstEnded).code).toBe(0);

      // Sending: four created, the fifth held at its POST. Those four read as already sent (their
      // claim numbers are in the account), and the note counts them with the fifth: 5, not 1.
      const more = join(dir, 'more');
      await mkdir(more);
      makeRows(join(more, 'rows.csv'), rows, 'RVS', [], 'Denver', 'Validated');
      env = { ...connectionEnv(sandbox), TRACKOPS_URL: sending.baseUrl };
      first = spawnImport(importing, more, env);
      firstEnded = exited(first);
      await sending.holding;
      const during = await runCli('validate', command, more, env);
      expect(during.stdout).toMatch(
        new RegExp(
          `running right now: process ${first.pid} on \\S+, since [^,]+, an import of rows\\.csv whose journal \\S+/out\\.journal\\.jsonl holds 5 of this file's rows \\(by their content`,
        ),
      );
      expect(during.stdout).toContain(`An import would: 4 already sent, ${rows - 4} create.`);
      sending.release();
      expect((await firstEnded).code).toBe(0);
      // Finished: no note.
      const after = await runCli('validate', command, more, env);
      expect(after.stdout).not.toContain('running right now');
      expect(after.stdout).toContain(`An import would: ${rows} already sent.`);
    } finally {
      starting.release();
      sending.release();
      await starting.close();
      await sending.close();
      await sandbox.close();
    }
  }, 120_000);

  it('a stale lock (the first run killed) is no live run: the copy is imported, what that run created is not sent again', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cli-running-stale-'));
    await mkdir(join(dir, 't1'));
    await mkdir(join(dir, 't2'));
    const rows = 6;
    makeRows(
      join(dir, 't1', 'rows.csv'),
      rows,
      'RST',
      Array.from({ length: rows }, (_, i) => i),
      'Denver',
      'Stale',
      'Claim #',
    );
    savedAgain(join(dir, 't1', 'rows.csv'), join(dir, 't2', 'rows.csv'));
    const { sandbox } = await secretSandbox({ rate: 1000 });
    const proxy = await startHeldCreateProxy(sandbox.baseUrl, 4);
    const env = { ...connectionEnv(sandbox), TRACKOPS_URL: proxy.baseUrl };
    const command = [
      'rows.csv',
      '--mapping',
      TEMPLATE,
      '--rate',
      '100/s',
      '--concurrency',
      '1',
      '--results',
      'out.csv',
      '--json',
    ];
    try {
      const first = spawnImport(command, join(dir, 't1'), env);
      const firstEnded = exited(first);
      await proxy.holding;
      first.kill('SIGKILL');
      await firstEnded;
      proxy.release();
      // Started at once after the kill: no settle window for the killed run's unanswered send (its own
      // test, test/batch/resume-too-soon.test.ts, has one), else it would wait two minutes first.
      const second = await importCli(command, join(dir, 't2'), { ...env, TRACKOPS_TEST_SETTLE_MS: '0' });
      expect(second.code).toBe(0);
      // Rows 2-4 created by the killed run; row 5's create, let through once released, stored without an
      // answer: found by the search for that run's unanswered send; the other two sent.
      expect(JSON.parse(second.stdout)).toMatchObject({ created: 2, already_sent: 4 });
      expect(counted(sandbox.account().case_requests, 'notes', 'Stale ')).toEqual(Array(rows).fill(1));
    } finally {
      await proxy.close();
      await sandbox.close();
    }
  }, 120_000);

  describe('on two PCs, the same file with claim numbers', () => {
    const ROWS = 36;
    async function twoPcs(prefix: string) {
      const dir = await mkdtemp(join(tmpdir(), `cli-running-two-pcs-${prefix}-`));
      for (const pc of ['pcA', 'pcB']) {
        await mkdir(join(dir, pc, 'data'), { recursive: true });
        makeRows(join(dir, pc, 'rows.csv'), ROWS, prefix, [], 'Denver', 'Two PCs');
      }
      const { sandbox, log } = await secretSandbox({ rate: 1000 });
      // Each PC its own data folder: its own locks and journal lists.
      const envOf = (pc: string) => ({
        ...connectionEnv(sandbox),
        XDG_DATA_HOME: join(dir, pc, 'data'),
        TRACKOPS_RUN_LOCKS: join(dir, pc, 'data', 'run-locks'),
      });
      const command = (...more: string[]) => [
        'rows.csv',
        '--mapping',
        TEMPLATE,
        '--results',
        'out.csv',
        '--json',
        ...more,
      ];
      /** A trial on `pc` that has finished: `import …args`, in this process. */
      const trialRun = (args: string[], pc: string) =>
        commandInProcess('import', args, join(dir, pc), envOf(pc));
      return { dir, sandbox, log, envOf, command, trialRun };
    }

    it('the second starts while the first is creating: stopped before sending anything, as a likely concurrent import; run again afterwards, only duplicates', async () => {
      const { dir, sandbox, envOf, command } = await twoPcs('TPC');
      try {
        // Clerk A at 3 rows a second: about 12 s for the file.
        const first = spawnImport(command('--rate', '3/s'), join(dir, 'pcA'), envOf('pcA'));
        const firstEnded = exited(first);
        await waitForOutcomes(join(dir, 'pcA', 'out.journal.jsonl'), 4);
        const second = await importCli(command('--rate', '100/s'), join(dir, 'pcB'), envOf('pcB'));
        expect(second.code).toBe(2);
        // The wait before the second look is said while it lasts (explore 30 item 3), before the refusal.
        expect(second.stderr).toMatch(
          /^import: waiting \d+ s before sending anything: \d+ of this file's Claim Numbers were created in Trackops in the last minutes, not by an import on this computer, so Trackops is looked at again for another import of this file running now\n/m,
        );
        expect(second.stderr).toMatch(
          /another import of this file into this account seems to be running now \(on another computer, or another person's desktop app\): Trackops holds \d+ of its rows' Claim Numbers created between \S+ \S+ and \S+ \S+ UTC \(TPC-0000 \(REQ-\d+\), .*\), and \d+ more were added while this import looked again, a few seconds later \(.*\)\. Nothing was sent: .* Wait for the other import to finish, then start this import again: the rows it created are then duplicates, not sent\./,
        );
        expect((await firstEnded).code).toBe(0);
        expect(counted(sandbox.account().case_requests, 'reference_value_1', 'TPC-')).toEqual(
          Array(ROWS).fill(1),
        );

        const again = await importCli(command('--rate', '100/s'), join(dir, 'pcB'), envOf('pcB'));
        expect(JSON.parse(again.stdout)).toMatchObject({ created: 0, duplicate: ROWS });
      } finally {
        await sandbox.close();
      }
    }, 120_000);

    it('a trial on this PC, then the rest: its own creates are known, so no wait and no second look', async () => {
      const { dir, sandbox, log, envOf, command, trialRun } = await twoPcs('TPO');
      try {
        const trial = await trialRun(command('--rate', '100/s', '--limit', '5'), 'pcA');
        expect(JSON.parse(trial.stdout)).toMatchObject({ created: 5 });
        const before = log.length;
        const rest = await importCli(
          [...command('--rate', '100/s', '--resume')],
          join(dir, 'pcA'),
          envOf('pcA'),
        );
        expect(rest.code, rest.stderr).toBe(0);
        // The trial's 5 are reported from the journal, as a resume reports them.
        expect(JSON.parse(rest.stdout)).toMatchObject({ created: ROWS });
        expect(counted(sandbox.account().case_requests, 'reference_value_1', 'TPO-')).toEqual(
          Array(ROWS).fill(1),
        );
        // The resume's own search lists what was created since its journal began; the look for another
        // computer's run (requests created since the newest of the file's recent keys) is not made.
        // (The duplicate check's listing is pinned at a bound and reads what came since it, from a
        // second before it, with created_from_system too, list-all.ts: that is not a search of its own.)
        const queries = log
          .slice(before)
          .filter((entry) => entry.method === 'GET' && entry.url.includes('/case/requests?'))
          .map((entry) => new URL(entry.url, 'http://x').searchParams);
        const secondBefore = (bound: string) =>
          new Date(Date.parse(`${bound.replace(' ', 'T')}Z`) - 1000)
            .toISOString()
            .slice(0, 19)
            .replace('T', ' ');
        const sinceBounds = new Set(
          queries.flatMap((query) => {
            const bound = query.get('created_to_system');
            return bound === null ? [] : [secondBefore(bound)];
          }),
        );
        const sweepFrom = new Set(
          queries
            .map((query) => query.get('created_from_system'))
            .filter((from) => from !== null && !sinceBounds.has(from)),
        );
        expect(sweepFrom.size).toBeLessThanOrEqual(1);
        expect(rest.stderr).not.toContain('waiting');
      } finally {
        await sandbox.close();
      }
    }, 120_000);

    it('a run killed before its last answers reached its journal, then --resume: the creates its own search finds are its own, so no wait', async () => {
      const { dir, sandbox, envOf, command, trialRun } = await twoPcs('TPK');
      try {
        const trial = await trialRun(command('--rate', '100/s', '--limit', '8'), 'pcA');
        expect(JSON.parse(trial.stdout)).toMatchObject({ created: 8 });
        // As a run killed with two creates in flight leaves it: stored by Trackops, their answers never
        // journalled. The resume's search finds them by content: this journal's sends, not another PC's.
        await cutAnswers(join(dir, 'pcA', 'out.journal.jsonl'), 2);
        const rest = await importCli(command('--rate', '100/s', '--resume'), join(dir, 'pcA'), envOf('pcA'));
        expect(rest.code, rest.stderr).toBe(0);
        expect(rest.stderr).not.toContain('waiting');
        expect(rest.stderr).not.toContain('not by an import on this computer');
        // Every row settled: created (the journal's own creates found by its search among them), or a
        // duplicate (a row whose send the kill left out of the journal altogether: its key is held).
        const summary = JSON.parse(rest.stdout) as Record<string, number>;
        expect(summary).toMatchObject({ rows: ROWS, failed: 0, unsent: 0 });
        expect(summary.created! + summary.duplicate!).toBe(ROWS);
        expect(counted(sandbox.account().case_requests, 'reference_value_1', 'TPK-')).toEqual(
          Array(ROWS).fill(1),
        );
      } finally {
        await sandbox.close();
      }
    }, 120_000);

    it('a trial of the first rows that has finished is no concurrent import: the rest is sent', async () => {
      const { dir, sandbox, envOf, command, trialRun } = await twoPcs('TPT');
      try {
        const trial = await trialRun(command('--rate', '100/s', '--limit', '5'), 'pcA');
        expect(JSON.parse(trial.stdout)).toMatchObject({ created: 5 });
        const rest = await importCli(command('--rate', '100/s'), join(dir, 'pcB'), envOf('pcB'));
        expect(rest.code).toBe(0);
        // Another PC's trial: the wait before sending is said, naming the 5 keys it found.
        expect(rest.stderr).toMatch(
          /^import: waiting \d+ s before sending anything: 5 of this file's Claim Numbers /m,
        );
        expect(JSON.parse(rest.stdout)).toMatchObject({ created: ROWS - 5, duplicate: 5 });
        expect(counted(sandbox.account().case_requests, 'reference_value_1', 'TPT-')).toEqual(
          Array(ROWS).fill(1),
        );
      } finally {
        await sandbox.close();
      }
    }, 120_000);
  });
});
