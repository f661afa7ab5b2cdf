/**
 * An import undone by a revert whose journal was kept in another folder (`--revert-journal OTHER/…`)
 * is refused as one whose revert journal is beside it (undone-import.test.ts): the revert records,
 * beside the import's journal, where its own journal is (core's revert-whereabouts.ts). Without that
 * record the import's --resume sent the rows the undone trial never reached, on top of the undo, and the
 * same import run again did too. Spawned CLI over HTTP against the sandbox; the account is read at the end.
 */
import { access, mkdir, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { connectionEnv, importCli, runCli, secretSandbox } from './import-helpers.ts';
import { IDS, wrongNotes } from './wrong-notes-update.ts';
import { commandInProcess } from './command-in-process.ts';

describe('an import undone by a revert whose journal is in another folder', () => {
  it('its --resume, and the same import again, are refused naming the revert journal where it is', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cli-undone-elsewhere-'));
    const other = await mkdtemp(join(tmpdir(), 'cli-undone-elsewhere-other-'));
    const { sandbox, log } = await secretSandbox({ rate: 1000 });
    const env = connectionEnv(sandbox);
    const notesOf = () => IDS.map((id) => sandbox.account().case_requests.find((r) => r.id === id)!.notes);
    try {
      const before = notesOf();
      const args = await wrongNotes(dir);
      // The trial is set-up, run by the import command's own code in this process (an import with --limit
      // as spawned is test/cli/import-journal.test.ts's); every revert and later import here is spawned.
      const trial = await commandInProcess('import', [...args, '--limit', '3'], dir, env);
      expect(trial.code, trial.stderr).toBe(0);

      const undo = join(other, 'undo.jsonl');
      const reverted = await runCli(
        'revert',
        ['--journal', 'r.journal.jsonl', '--revert-journal', undo, '--rate', '100/s'],
        dir,
        env,
      );
      expect(reverted.code, reverted.stderr).toBe(0);
      expect(reverted.stdout).toContain('3 put back');
      expect(reverted.stdout).toContain(
        `Revert journal: ${undo}\nIts place is recorded beside the import's journal, in ${join(dir, 'r.journal.reverts.json')}: the import's --resume reads it to know it was undone (keep both).`,
      );
      expect(notesOf()).toEqual(before);

      const fromResume = log.length;
      const resumed = await importCli([...args, '--resume'], dir, env);
      expect(resumed.code, resumed.stdout).toBe(2);
      expect(resumed.stderr).toContain(
        `journal r.journal.jsonl is of an import that was undone: a revert of it started on `,
      );
      // Not beside the import: its real path, so that whoever reads it can find it.
      expect(resumed.stderr).toContain(`(revert journal ${undo}) and put back 3 requests.`);
      expect(resumed.stderr).toContain('Finishing it would send the 3 rows of upd.csv it had not written');
      expect(log.slice(fromResume)).toHaveLength(0);

      const again = await importCli(args, dir, env);
      expect(again.code, again.stdout).toBe(2);
      expect(again.stderr).toContain(`is of an import that was undone`);
      expect(again.stderr).toContain(`(revert journal ${undo})`);
      expect(log.slice(fromResume)).toHaveLength(0);
      expect(notesOf()).toEqual(before);
    } finally {
      await sandbox.close();
    }
  }, 120_000);

  it('a revert that cannot record where its journal is, beside the import, refuses to start', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cli-undone-unrecorded-'));
    const other = await mkdtemp(join(tmpdir(), 'cli-undone-unrecorded-other-'));
    const { sandbox, log } = await secretSandbox({ rate: 1000 });
    const env = connectionEnv(sandbox);
    try {
      const args = await wrongNotes(dir);
      // Set-up in this process, as in the first test.
      const trial = await commandInProcess('import', [...args, '--limit', '3'], dir, env);
      expect(trial.code, trial.stderr).toBe(0);
      // Where the record goes, a folder stands (as a read-only place would refuse it: tests run as root).
      await mkdir(join(dir, 'r.journal.reverts.json'));

      const fromRevert = log.length;
      const reverted = await runCli(
        'revert',
        ['--journal', 'r.journal.jsonl', '--revert-journal', join(other, 'undo.jsonl'), '--rate', '100/s'],
        dir,
        env,
      );
      expect(reverted.code, reverted.stdout).toBe(2);
      expect(reverted.stderr).toContain(
        `revert: cannot record, in ${dir}, that this revert started and where its journal is (r.journal.reverts.json: EISDIR)`,
      );
      expect(reverted.stderr).toContain(
        'Nothing was sent. Make that folder writable (r.journal.reverts.json a file there it can replace), or keep the revert journal beside the import: without --revert-journal, or with one in that folder',
      );
      // Refused before anything was asked of the account, and no revert journal was begun.
      expect(log.slice(fromRevert)).toHaveLength(0);
      await expect(access(join(other, 'undo.jsonl'))).rejects.toThrow();

      // Nothing was started: the import's --resume still finishes it, sending only the rows it had not.
      const fromResume = log.length;
      const resumed = await importCli([...args, '--resume'], dir, env);
      expect(resumed.code, resumed.stderr).toBe(0);
      expect(resumed.stdout).toContain('3 rows were settled by the earlier run');
      expect(log.slice(fromResume).filter((entry) => entry.method === 'PUT')).toHaveLength(3);
    } finally {
      await sandbox.close();
    }
  }, 120_000);

  it("a revert's results named as that record are refused: they would replace it at the end", async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cli-undone-record-results-'));
    const other = await mkdtemp(join(tmpdir(), 'cli-undone-record-results-other-'));
    const { sandbox, log } = await secretSandbox({ rate: 1000 });
    const env = connectionEnv(sandbox);
    try {
      const args = await wrongNotes(dir);
      // Set-up in this process, as in the first test.
      const trial = await commandInProcess('import', [...args, '--limit', '3'], dir, env);
      expect(trial.code, trial.stderr).toBe(0);
      const fromRevert = log.length;
      const reverted = await runCli(
        'revert',
        [
          '--journal',
          'r.journal.jsonl',
          '--revert-journal',
          join(other, 'undo.jsonl'),
          '--results',
          'r.journal.reverts.json',
          '--rate',
          '100/s',
        ],
        dir,
        env,
      );
      expect(reverted.code, reverted.stdout).toBe(2);
      expect(reverted.stderr).toContain(
        "--results 'r.journal.reverts.json' is where the import's reverts record their journals (its --resume reads it to know it was undone); writing it would destroy it",
      );
      expect(log.slice(fromRevert)).toHaveLength(0);
    } finally {
      await sandbox.close();
    }
  }, 120_000);
});
