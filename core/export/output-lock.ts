/**
 * One export writes a file at a time (explore 10 item 3: two exports to one --out both said they wrote
 * it, each with its own row count, and the file held only the one that finished last). The lock is a
 * file beside the output, `.NAME.lock`, made, refused and taken over exactly as a journal's
 * (batch/journal-lock.ts): a lock whose process is gone (a killed export) is taken over, with a notice.
 * Beside the output and not in a per-user folder, so that two users (or two machines) writing one
 * shared file meet the same lock.
 */
import { InputError } from '../errors.ts';
import { lockBeside } from '../files/lock-name.ts';
import { lockExclusive, type JournalLock, type LockOwner } from '../batch/journal-lock.ts';

/**
 * `.requests.xlsx.lock` beside `requests.xlsx`; for a name over 200 bytes (a legal --out may have 241)
 * `.export-HASH.lock`, as the import's results lock is named: `.NAME.lock` would not fit in a file name.
 */
export function outputLockPath(path: string): string {
  return lockBeside(path, 'export');
}

/** Takes the lock of the file `path` for this export; `shown` names it as the user gave it. */
export async function lockExportOutput(path: string, owner: LockOwner, shown = path): Promise<JournalLock> {
  return lockExclusive(outputLockPath(path), owner, {
    refusal: (lockPath, holder) => {
      const who = holder
        ? `another export (process ${holder.pid} on ${holder.host}, since ${holder.startedAt})`
        : 'another export';
      return new InputError(
        'output_locked',
        `${shown} is being written by ${who}: two exports into one file would leave only the last one's rows. ` +
          `Wait for that export to finish, or write this one to another file; if no export is running any more, delete ${lockPath} and run again`,
      );
    },
    unwritable: (lockPath, code) =>
      new InputError(
        'output_lock_unwritable',
        `cannot write ${shown}: its lock ${lockPath} cannot be created (${code}): check that the folder exists and that you may write to it`,
      ),
  });
}
