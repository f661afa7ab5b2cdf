/**
 * An import undone by a revert whose journal was kept in another folder, and then the folder holding
 * both moved (renamed, a synced drive mounted elsewhere, a project copied to another computer): the
 * record beside the import's journal (core's revert-whereabouts.ts) named the revert journal only by its
 * old absolute path, so the import's --resume from the moved folder read "not undone" and sent the rows
 * the undone trial never reached, on top of the undo. A revert journal beside the import was missed
 * so too: its header names the import's journal by the path it had then. Spawned CLI over HTTP against
 * the sandbox; nothing may be asked of it by the refused --resume.
 */
import { mkdir, mkdtemp, rename } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import {
  BIN,
  connectionEnv,
  exited,
  importCli,
  runCli,
  secretSandbox,
  waitForOutcomes,
} from './import-helpers.ts';
import { IDS, wrongNotes } from './wrong-notes-update.ts';

describe('an import undone by a revert, the folder holding both then moved', () => {
  it('with its revert journal in a sibling folder: --resume from the moved folder is refused, naming it where it is now', async () => {
    const parent = await mkdtemp(join(tmpdir(), 'cli-undone-moved-'));
    const work = join(parent, 'work');
    const undoFolder = join(parent, 'undo');
    await mkdir(work);
    await mkdir(undoFolder);
    const { sandbox, log } = await secretSandbox({ rate: 1000 });
    const env = connectionEnv(sandbox);
    const notesOf = () => IDS.map((id) => sandbox.account().case_requests.find((r) => r.id === id)!.notes);
    try {
      const before = notesOf();
      const args = await wrongNotes(work);
      const trial = await importCli([...args, '--limit', '3'], work, env);
      expect(trial.code, trial.stderr).toBe(0);

      const reverted = await runCli(
        'revert',
        ['--journal', 'r.journal.jsonl', '--revert-journal', '../undo/undo.jsonl', '--rate', '100/s'],
        work,
        env,
      );
      expect(reverted.code, reverted.stderr).toBe(0);
      expect(reverted.stdout).toContain('3 put back');
      expect(notesOf()).toEqual(before);

      // The whole working folder renamed: the import's journal, its results and the revert's folder together.
      const moved = `${parent}-moved`;
      await rename(parent, moved);
      const movedWork = join(moved, 'work');

      const fromResume = log.length;
      const resumed = await importCli([...args, '--resume'], movedWork, env);
      expect(resumed.code, resumed.stdout).toBe(2);
      expect(resumed.stderr).toContain(
        'journal r.journal.jsonl is of an import that was undone: a revert of it started on ',
      );
      expect(resumed.stderr).toContain(
        `(revert journal ${join(moved, 'undo', 'undo.jsonl')}) and put back 3 requests.`,
      );
      expect(resumed.stderr).toContain('Finishing it would send the 3 rows of upd.csv it had not written');
      expect(log.slice(fromResume)).toHaveLength(0);
      expect(notesOf()).toEqual(before);
    } finally {
      await sandbox.close();
    }
  }, 120_000);

  it('its --resume from the moved folder is refused: the revert journal beside it, its header naming the folder as it was', async () => {
    const parent = await mkdtemp(join(tmpdir(), 'cli-undone-moved-beside-'));
    const work = join(parent, 'work');
    await mkdir(work);
    const { sandbox, log } = await secretSandbox({ rate: 1000 });
    const env = connectionEnv(sandbox);
    try {
      const args = await wrongNotes(work);
      const trial = await importCli([...args, '--limit', '3'], work, env);
      expect(trial.code, trial.stderr).toBe(0);
      const reverted = await runCli('revert', ['--journal', 'r.journal.jsonl', '--rate', '100/s'], work, env);
      expect(reverted.code, reverted.stderr).toBe(0);

      const moved = `${parent}-moved`;
      await rename(parent, moved);
      const fromResume = log.length;
      const resumed = await importCli([...args, '--resume'], join(moved, 'work'), env);
      expect(resumed.code, resumed.stdout).toBe(2);
      expect(resumed.stderr).toContain('(revert journal r.journal.revert.jsonl) and put back 3 requests.');
      expect(log.slice(fromResume)).toHaveLength(0);
    } finally {
      await sandbox.close();
    }
  }, 120_000);

  it('a revert stopped part way, the folder then moved: its --resume from there finishes it, each put-back sent once', async () => {
    const parent = await mkdtemp(join(tmpdir(), 'cli-undo-stopped-moved-'));
    const work = join(parent, 'work');
    await mkdir(work);
    const { sandbox, log } = await secretSandbox({ rate: 1000 });
    const env = connectionEnv(sandbox);
    try {
      const before = IDS.map((id) => sandbox.account().case_requests.find((r) => r.id === id)!.notes);
      const imported = await importCli(await wrongNotes(work), work, env);
      expect(imported.code, imported.stderr).toBe(0);
      const fromRevert = log.length;
      // Slow enough to be stopped (Ctrl-C) after two put-backs, with four left.
      const child = spawn(
        process.execPath,
        [BIN, 'revert', '--journal', 'r.journal.jsonl', '--rate', '4/s'],
        {
          cwd: work,
          env,
          stdio: ['ignore', 'pipe', 'pipe'],
        },
      );
      const ended = exited(child);
      await waitForOutcomes(join(work, 'r.journal.revert.jsonl'), 2);
      child.kill('SIGINT');
      expect((await ended).code).toBe(130);

      const moved = `${parent}-moved`;
      await rename(parent, moved);
      const resumed = await runCli(
        'revert',
        ['--journal', 'r.journal.jsonl', '--resume', '--rate', '100/s'],
        join(moved, 'work'),
        env,
      );
      expect(resumed.code, resumed.stderr).toBe(0);
      expect(resumed.stdout).toMatch(/put back by an earlier run of this revert \(not sent again\)/);
      const puts = log.slice(fromRevert).filter((entry) => entry.method === 'PUT');
      expect(puts.map((entry) => entry.url.replace(/^.*\//, '')).sort()).toEqual(IDS.map(String).sort());
      expect(IDS.map((id) => sandbox.account().case_requests.find((r) => r.id === id)!.notes)).toEqual(
        before,
      );
    } finally {
      await sandbox.close();
    }
  }, 120_000);
});
