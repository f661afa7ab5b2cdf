/**
 * A revert holds its import's journal while it puts back (so that the import is not resumed meanwhile),
 * with a lock file beside that journal. When that file cannot be made, the words were an import's:
 * "choose a journal in a folder you can write to with --journal", which a revert cannot do (the journal
 * it holds is the import's, where the import wrote it). Now they say why a revert takes that lock, that
 * this run put nothing back, and where a file must be made for it to run.
 *
 * The lock cannot be made here because its name is longer than the file system allows (the import's
 * journal renamed to a 251-character name: the journal reads, `J.lock` does not fit): a folder the
 * revert cannot write to is the case a clerk meets, but the tests run as root, whom no folder refuses.
 */
import { mkdir, mkdtemp, readdir, rename } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeRows } from '../batch/helpers.ts';
import { commandInProcess } from './command-in-process.ts';
import { TEMPLATE, connectionEnv, runCli, secretSandbox } from './import-helpers.ts';

describe('revert whose lock on the import journal cannot be made', () => {
  it("says why a revert takes it and what to do, not an import's --journal; sends nothing and leaves no revert journal", async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cli-revert-lock-'));
    makeRows(join(dir, 'rows.csv'), 2, 'RLK');
    const { sandbox, log } = await secretSandbox({ rate: 1000 });
    const env = connectionEnv(sandbox);
    try {
      // Set-up in this process: an import as spawned is test/cli/import.test.ts's.
      const imported = await commandInProcess(
        'import',
        ['rows.csv', '--mapping', TEMPLATE, '--journal', 'j.jsonl', '--rate', '100/s'],
        dir,
        env,
      );
      expect(imported.code, imported.stderr).toBe(0);
      const journal = join(dir, `${'j'.repeat(245)}.jsonl`);
      await rename(join(dir, 'j.jsonl'), journal);
      await mkdir(join(dir, 'undo'));
      const writesBefore = log.filter((entry) => entry.method !== 'GET').length;

      const revert = await runCli(
        'revert',
        ['--journal', journal, '--revert-journal', join(dir, 'undo', 'undo.jsonl'), '--rate', '100/s'],
        dir,
        env,
      );
      expect(revert.code, revert.stderr).toBe(2);
      expect(revert.stderr).toContain(`journal lock ${journal}.lock cannot be created (ENAMETOOLONG)`);
      expect(revert.stderr).toContain(
        "a revert holds its import's journal while it puts back, so that the import is not resumed meanwhile, and cannot here. Nothing was put back by this run.",
      );
      expect(revert.stderr).toContain(
        "The name is too long for this file system: give the import's journal a shorter name, then run the revert again",
      );
      expect(revert.stderr).not.toContain('--journal');
      expect(log.filter((entry) => entry.method !== 'GET').length).toBe(writesBefore);
      expect(await readdir(join(dir, 'undo'))).toEqual([]);
    } finally {
      await sandbox.close();
    }
  }, 60_000);
});
