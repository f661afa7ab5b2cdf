/**
 * An import the office undid with `revert` never goes back in through its own `--resume` (explore 63):
 * - a trial of 3 of 6 rows of the wrong file, undone: its --resume (and the same import run again) is
 *   refused, exit 2, naming the revert and what it would send; nothing is sent, the account keeps what
 *   the undo put back; a new run with another journal is the way to send the file after all;
 * - an update whose answer was lost (stored, then the connection cut), whose request was then put back
 *   by hand: the resume reads it back holding the old values, but its updated_at moved since the read
 *   the PUT was made from, so it is a conflict a person settles, never sent a third time.
 * - creates, every row written, undone (the undo cannot delete: it lists them to close or delete), then
 *   the same import again: refused as undone, but said as it is: nothing was left to finish (not "the 0
 *   rows it had not written"), what the undo left in the account (not "put back 0 requests"), and that a
 *   new run does not create those a second time (not "every row is sent again"), as the new run then does.
 * Spawned CLI over HTTP against the sandbox; the account is read at the end. The import a test's revert
 * undoes (a --limit trial, or creates), and the revert of creates, are set-up run by the commands' own
 * code in this process (the same requests and journals as spawned): a --limit trial as spawned is
 * the --json trial of test/cli/import-stop-signals.test.ts, a create import test/cli/import.test.ts's,
 * a revert listing the creates to close or delete test/cli/revert-honest.test.ts's. The revert whose
 * words about the import's --resume a test reads, every import refused or run again, and the lost
 * answer stay spawned.
 */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeRows } from '../batch/helpers.ts';
import { TEMPLATE, connectionEnv, importCli, runCli, secretSandbox } from './import-helpers.ts';
import { commandInProcess } from './command-in-process.ts';

const MAPPING = {
  version: 1,
  mode: 'update',
  match: 'id',
  columns: [
    { column: 'id', target: 'id' },
    { column: 'Notes', target: 'notes' },
  ],
};

describe('an import undone by revert', () => {
  it('its --resume, or the same import again, is refused: the rows it never sent stay unsent, the undo stands', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cli-undone-import-'));
    const { sandbox, log } = await secretSandbox({ rate: 1000 });
    const env = connectionEnv(sandbox);
    const notesOf = () =>
      [1, 2, 3, 4, 5, 6].map((id) => sandbox.account().case_requests.find((r) => r.id === id)!.notes);
    try {
      const before = notesOf();
      await writeFile(
        join(dir, 'upd.csv'),
        'id,Notes\r\n' + [1, 2, 3, 4, 5, 6].map((id) => `${id},WRONG ${id}`).join('\r\n') + '\r\n',
      );
      await writeFile(join(dir, 'upd.json'), JSON.stringify(MAPPING));
      const args = ['upd.csv', '--mapping', 'upd.json', '--results', 'r.csv', '--rate', '50/s'];
      // The first 3 rows go, as a run stopped after 3 rows leaves it: rows 4-6 wait for --resume.
      const trial = await commandInProcess('import', [...args, '--limit', '3'], dir, env);
      expect(trial.code, trial.stderr).toBe(0);
      expect(notesOf().slice(0, 3)).toEqual(['WRONG 1', 'WRONG 2', 'WRONG 3']);

      const reverted = await runCli('revert', ['--journal', 'r.journal.jsonl', '--rate', '50/s'], dir, env);
      expect(reverted.code, reverted.stderr).toBe(0);
      expect(reverted.stdout).toContain('3 put back');
      expect(reverted.stdout).toContain(
        "The import's own --resume is refused from now on: rows of upd.csv it had not sent",
      );
      expect(notesOf()).toEqual(before);

      const fromResume = log.length;
      const resumed = await importCli([...args, '--resume'], dir, env);
      expect(resumed.code, resumed.stdout).toBe(2);
      expect(resumed.stderr).toMatch(
        /journal r\.journal\.jsonl is of an import that was undone: a revert of it started on \d{4}-\d\d-\d\d \d\d:\d\d UTC \(revert journal r\.journal\.revert\.jsonl\) and put back 3 requests\. Finishing it would send the 3 rows of upd\.csv it had not written/,
      );
      expect(resumed.stderr).toContain(
        'import it again as a new run: without --resume, with another --journal',
      );
      // Refused before anything was asked of the account.
      expect(log.slice(fromResume)).toHaveLength(0);

      const again = await importCli(args, dir, env);
      expect(again.code, again.stdout).toBe(2);
      expect(again.stderr).toContain('is of an import that was undone');
      expect(log.slice(fromResume).filter((entry) => entry.method === 'PUT')).toHaveLength(0);
      expect(notesOf()).toEqual(before);

      // The way out it names: a new run sends the whole file.
      const fresh = await importCli(
        [
          'upd.csv',
          '--mapping',
          'upd.json',
          '--results',
          'r2.csv',
          '--journal',
          'again.jsonl',
          '--rate',
          '50/s',
        ],
        dir,
        env,
      );
      expect(fresh.code, fresh.stderr).toBe(0);
      expect(fresh.stdout).toContain('updated 6');
      expect(notesOf()).toEqual([1, 2, 3, 4, 5, 6].map((id) => `WRONG ${id}`));
    } finally {
      await sandbox.close();
    }
  }, 120_000);

  it('creates undone, the same import again: refused in words that fit, and a new run creates none again', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cli-undone-creates-'));
    makeRows(join(dir, 'rows.csv'), 3, 'UCR');
    const { sandbox, log } = await secretSandbox({ rate: 1000 });
    const env = connectionEnv(sandbox);
    const args = ['rows.csv', '--mapping', TEMPLATE, '--results', 'r.csv', '--rate', '100/s'];
    try {
      const first = await commandInProcess('import', args, dir, env);
      expect(first.stdout, first.stderr).toContain('Created 3');
      const requests = sandbox.account().case_requests.length;
      const reverted = await commandInProcess(
        'revert',
        ['--journal', 'r.journal.jsonl', '--rate', '100/s'],
        dir,
        env,
      );
      expect(reverted.stdout).toContain('3 created by the import (close or delete them in Trackops)');

      const from = log.length;
      const again = await importCli(args, dir, env);
      expect(again.code, again.stdout).toBe(2);
      expect(again.stderr).toMatch(
        /journal r\.journal\.jsonl is of an import that was undone: a revert of it started on \d{4}-\d\d-\d\d \d\d:\d\d UTC \(revert journal r\.journal\.revert\.jsonl\), which left in the account the 3 requests the import created \(the API cannot delete them: the revert lists them to close or delete\)\. It wrote every row of rows\.csv, so nothing is left to finish: it is not run again, and nothing was sent\./,
      );
      expect(again.stderr).toContain(
        'import it again as a new run: without --resume, with another --journal (every row is sent again, except rows whose requests an earlier import created and the account still holds: those are not created a second time)',
      );
      expect(again.stderr).not.toContain('the 0 rows');
      expect(again.stderr).not.toContain('put back 0');
      expect(log.slice(from)).toHaveLength(0);

      const fresh = await importCli(
        [
          'rows.csv',
          '--mapping',
          TEMPLATE,
          '--results',
          'r2.csv',
          '--journal',
          'again.jsonl',
          '--rate',
          '100/s',
        ],
        dir,
        env,
      );
      expect(fresh.code, fresh.stderr).toBe(0);
      expect(fresh.stdout).toContain('Created 0');
      expect(log.slice(from).filter((entry) => entry.method === 'POST')).toHaveLength(0);
      expect(sandbox.account().case_requests).toHaveLength(requests);
    } finally {
      await sandbox.close();
    }
  }, 120_000);

  it('an update whose answer was lost, put back since: the resume reports a conflict, never sends it again', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cli-undone-lost-update-'));
    // Every PUT is stored, then its connection cut before the answer (a flaky gateway).
    const flaky = await secretSandbox({ rate: 1000, faults: 'drop-after-commit=1' });
    const fast = { TRACKOPS_TEST_RETRY_WAIT_MS: '10', TRACKOPS_TEST_SETTLE_MS: '0' };
    await writeFile(join(dir, 'upd.csv'), 'id,Notes\r\n1,W1\r\n');
    await writeFile(join(dir, 'upd.json'), JSON.stringify(MAPPING));
    const args = [
      'upd.csv',
      '--mapping',
      'upd.json',
      '--results',
      'r.csv',
      '--rate',
      '50/s',
      '--timeout',
      '5',
    ];
    let account;
    try {
      const lost = await importCli(args, dir, { ...connectionEnv(flaky.sandbox), ...fast });
      expect(lost.code, lost.stderr).toBe(1);
      expect(lost.stdout).toMatch(/row 2: PUT case\/requests\/1 got no answer/);
      account = flaky.sandbox.account();
    } finally {
      await flaky.sandbox.close();
    }
    const original = 'Claimant reports limited mobility; verify activity levels.';
    expect(account.case_requests.find((r) => r.id === 1)!.notes).toBe('W1');
    // The same account, answering again (its port differs: the same host, as a proxy would be).
    const { sandbox, log } = await secretSandbox({ rate: 1000, account });
    const env = { ...connectionEnv(sandbox), ...fast };
    try {
      // Someone puts the old note back by hand, after the PUT landed.
      const putBack = await fetch(`${sandbox.baseUrl}/case/requests/1`, {
        method: 'PUT',
        headers: {
          'Content-Type': 'application/json',
          Accept: 'application/json',
          Authorization: `Basic ${Buffer.from(`${sandbox.username}/token:${sandbox.token}`).toString('base64')}`,
        },
        body: JSON.stringify({ casefile_request: { notes: original } }),
      });
      expect(putBack.status).toBe(200);

      const fromResume = log.length;
      const resumed = await importCli([...args, '--resume'], dir, env);
      expect(resumed.code, resumed.stdout + resumed.stderr).toBe(1);
      expect(log.slice(fromResume).filter((entry) => entry.method === 'PUT')).toHaveLength(0);
      expect(resumed.stdout).toMatch(
        /row 2 .*REQ-00001 holds again the values it held before an earlier run of this import sent this row, whose answer was lost, but it was written in Trackops since that run read it \(its updated_at was [^)]+, it is now [^)]+\).*Not sent again/,
      );
      expect(sandbox.account().case_requests.find((r) => r.id === 1)!.notes).toBe(original);
    } finally {
      await sandbox.close();
    }
  }, 120_000);
});
