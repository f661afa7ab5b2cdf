/**
 * One import of a file into an account at a time, whatever journal each run keeps (explore 7 item 2:
 * two runs with their own --results each created every row, 10 rows became 20).
 * - A second run with another --results (so another journal) is refused (exit 2) before it sends
 *   anything or writes a results file, naming the first's pid and what to do; every row is stored once.
 *   Also when its mapping leaves out the default "mode", it adds --encoding, or spells the account's
 *   address with a trailing slash (explore 9 items 1 and 2: each made another lock, and rows went twice).
 * - A lock left by a run that was killed is taken over, and the run says so.
 */
import { access, copyFile, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
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

describe('import: one run per file and account', () => {
  it('a second run with its own --results is refused (exit 2, the pid, what to do); every row stored once', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cli-runlock-'));
    makeRows(join(dir, 'rows.csv'), 12, 'RLK');
    const { sandbox } = await secretSandbox({ rate: 1000 });
    const env = connectionEnv(sandbox);
    const args = ['rows.csv', '--mapping', TEMPLATE, '--rate', '5/s', '--json'];
    try {
      const first = spawnImport([...args, '--results', 'a.csv'], dir, env);
      await waitForOutcomes(join(dir, 'a.journal.jsonl'), 2);
      // Held still while the other tries, so that it cannot finish first however slow the machine is.
      first.kill('SIGSTOP');
      const noMode = JSON.parse(await readFile(TEMPLATE, 'utf8'));
      delete noMode.mode;
      await writeFile(join(dir, 'no-mode.json'), JSON.stringify(noMode));
      const second = await importCli(
        [
          'rows.csv',
          '--mapping',
          'no-mode.json',
          '--encoding',
          'utf-8',
          '--url',
          `${sandbox.baseUrl}/`,
          '--rate',
          '5/s',
          '--json',
          '--results',
          'b.csv',
        ],
        dir,
        env,
      );
      first.kill('SIGCONT');
      expect(second.code).toBe(2);
      expect(second.stderr.trim().split('\n')).toHaveLength(1);
      expect(second.stderr).toContain(
        `rows.csv is being imported into ${sandbox.baseUrl} as importer by another import (process ${first.pid} on`,
      );
      expect(second.stderr).toMatch(/Wait for that run to finish .*delete \S+\.lock and run again/);
      expect(await exists(join(dir, 'b.csv'))).toBe(false);
      expect(await exists(join(dir, 'b.journal.jsonl'))).toBe(false);
      expect((await exited(first)).code).toBe(0);
      const stored = storedByReference(sandbox.account(), 'RLK-');
      expect(stored.size).toBe(12);
      for (const [reference, requests] of stored) expect(requests, reference).toHaveLength(1);
    } finally {
      await sandbox.close();
    }
  }, 90_000);

  it('the lock of a run that was killed is taken over, and said; rows it created are not created again', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cli-runlock-stale-'));
    makeRows(join(dir, 'rows.csv'), 6, 'RLS');
    const { sandbox } = await secretSandbox({ rate: 1000 });
    const env = connectionEnv(sandbox);
    const args = ['rows.csv', '--mapping', TEMPLATE, '--rate', '5/s'];
    try {
      const first = spawnImport([...args, '--results', 'a.csv'], dir, env);
      await waitForOutcomes(join(dir, 'a.journal.jsonl'), 2);
      first.kill('SIGKILL');
      await exited(first);
      // The same bytes under another name: the notice names the run that held the lock, not this one.
      await copyFile(join(dir, 'rows.csv'), join(dir, 'rows2.csv'));
      // Started at once after the kill: no settle window for its unanswered sends (test/batch/resume-too-soon.test.ts has one).
      const second = await importCli(['rows2.csv', ...args.slice(1), '--results', 'b.csv'], dir, {
        ...env,
        TRACKOPS_TEST_SETTLE_MS: '0',
      });
      expect(second.stderr).toContain(
        `took over the lock of an import of rows.csv that is no longer running (process ${first.pid} on`,
      );
      expect(second.stderr).toMatch(/its journal \S*a\.journal\.jsonl finishes it with --resume\.\n/);
      expect(second.code).toBe(0);
      const stored = storedByReference(sandbox.account(), 'RLS-');
      expect(stored.size).toBe(6);
      for (const [reference, requests] of stored) expect(requests, reference).toHaveLength(1);
    } finally {
      await sandbox.close();
    }
  }, 90_000);
});
