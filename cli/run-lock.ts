/**
 * Where the CLI keeps the locks of running imports (core/batch/run-lock.ts): core's runLocksFolder, a
 * `run-locks` folder in the user's data folder shared by every import of this user whatever its
 * --results or --journal, and by the desktop app's sends; TRACKOPS_RUN_LOCKS chooses another folder. When the data folder cannot be
 * made (a read-only home), the lock is kept beside the input file instead, which two runs of that file
 * share too, and the run says so.
 */
import { mkdir } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname } from 'node:path';
import { lockRun, type RunKey } from '../core/batch/run-lock.ts';
import { runLocksFolder } from '../core/batch/run-lock-folder.ts';
import type { JournalLock } from '../core/batch/journal-lock.ts';
import { thisProcess } from './journal-owner.ts';

/**
 * The run locks' folder for this command (core's runLocksFolder on this machine): the journal lists
 * and this computer's memory of each server's zone live beside it, so the CLI and the app share them.
 */
export function cliRunLocksFolder(env: NodeJS.ProcessEnv, cwd: string): string {
  return runLocksFolder({ env, platform: process.platform, home: homedir(), cwd });
}

export async function lockImportRun(
  inputPath: string,
  key: RunKey,
  names: { file: string; account: string; journal: string },
  env: NodeJS.ProcessEnv,
  cwd: string,
): Promise<{ lock: JournalLock; notices: string[] }> {
  const notices: string[] = [];
  let folder = cliRunLocksFolder(env, cwd);
  const made = await mkdir(folder, { recursive: true }).then(
    () => true,
    () => false,
  );
  if (!made) {
    notices.push(
      `note: the folder ${folder} cannot be made, so this import's lock is kept beside ${names.file} instead`,
    );
    folder = dirname(inputPath);
  }
  const lock = await lockRun(folder, key, thisProcess(), names);
  if (lock.tookOverFrom) {
    // The run that held it, as its lock names it: the same bytes may have come under another name.
    const { pid, host, startedAt, file, journal } = lock.tookOverFrom;
    const what = file ? `an import of ${file}` : `an earlier import of the same content as ${names.file}`;
    notices.push(
      `took over the lock of ${what} that is no longer running (process ${pid} on ${host}, since ${startedAt}); ` +
        (journal
          ? `its journal ${journal} finishes it with --resume.`
          : 'its journal finishes it with --resume.'),
    );
  }
  return { lock, notices };
}
