/**
 * One import writes a results file at a time (explore 52 item 4: a second import of another file, with
 * its own journal, given the same `--results` truncated the running import's `OUT.unfinished.csv` and
 * renamed it away; the first run's rows became NUL bytes in the second's file and it ended "a bug").
 * The lock is a file beside the results, `.NAME.lock`, made, refused and taken over exactly as a
 * journal's (batch/journal-lock.ts): a lock whose process is gone (a killed import) is taken over.
 * Beside the file, not in a per-user folder, so that two users writing one shared folder meet it.
 */
import { InputError } from '../errors.ts';
import { lockBeside } from '../files/lock-name.ts';
import { lockExclusive, type JournalLock, type LockOwner } from '../batch/journal-lock.ts';

/**
 * `.res.csv.lock` beside `res.csv`. A name near the system's limit of 255 bytes (which a results name may
 * use: cli/paths.ts measures the names it is written under) would leave no room for the lock: such a
 * name's lock is named by a hash of it instead (files/lock-name.ts).
 */
export function resultsLockPath(path: string): string {
  return lockBeside(path, 'results');
}

/**
 * Takes the lock of the results file `path` for this import of `file` (journal `journal`); `shown` names
 * the results as the user gave them. The command line's only (its refusal names --results): the app's
 * sends take no results lock.
 */
export async function lockImportResults(
  path: string,
  owner: LockOwner,
  about: { file: string; journal: string },
  shown = path,
): Promise<JournalLock> {
  return lockExclusive(
    resultsLockPath(path),
    owner,
    {
      refusal: (lockPath, holder) => {
        const who = holder
          ? `the import of ${holder.file ?? 'another file'} (process ${holder.pid} on ${holder.host}, since ${holder.startedAt})`
          : 'another import';
        return new InputError(
          'results_locked',
          `${shown} is being written by ${who}: two imports writing one results file would lose the first one's rows. ` +
            `Give this run another --results, or wait for that import to finish; nothing was sent. If no import is running any more, delete ${lockPath} and run again`,
        );
      },
      unwritable: (lockPath, code) =>
        new InputError(
          'results_lock_unwritable',
          `cannot write ${shown}: its lock ${lockPath} cannot be created (${code}): check that the folder exists and that you may write to it`,
        ),
    },
    about,
  );
}
