/**
 * One import of a file into an account at a time (explore 7 item 2: two imports of the same file and
 * mapping, each with its own --results and so its own journal, both planned against the account before
 * either created anything, and both created every row). The journal's lock covers one journal path;
 * this lock is keyed by the account's key (api/account-key.ts: however its address was typed) and the file's
 * bytes, whatever journal each run keeps.
 *
 * Not by the mapping (explore 9 items 1 and 2): the same rows went out twice when one host added the
 * default `"mode": "create"` to the mapping it hashed and the other did not, or when one run added
 * `--encoding utf-8`; a clerk fixing a mapping and starting again while the first run goes on sends the
 * same rows too. Two imports of one file into one account at once are never what is meant.
 *
 * The host chooses the folder (a per-user state folder: every journal of the user shares it); the lock
 * is made, refused and taken over exactly as a journal's (journal-lock.ts).
 */
import { join } from 'node:path';
import { InputError } from '../errors.ts';
import { accountKey } from '../api/account-key.ts';
import { lockExclusive, type JournalLock, type LockOwner, type LockWords } from './journal-lock.ts';
import { sha256 } from './journal.ts';

export interface RunKey {
  /** The account's API base, as the connection uses it. */
  baseUrl: string;
  /** sha256 of the input file's bytes (the journal binding's `fileHash`). */
  fileHash: string;
}

/** The lock's file name: a hash, so the account's address is not written into a file name. */
export function runLockName(key: RunKey): string {
  const digest = sha256(JSON.stringify([accountKey(key.baseUrl) ?? key.baseUrl, key.fileHash]));
  return `import-${digest.slice(0, 32)}.lock`;
}

/**
 * Takes the run's lock in `folder` (which must exist), refusing while a live process holds it.
 * `file` names the input file in the refusal; `account` names the account (never with a token). `file`
 * and `journal` are kept in the lock, so that a run that takes it over can name the run that held it
 * (the same bytes may come under another file name). The words are the CLI's unless the host gives its
 * own (the desktop app says what to do in its screens: main/session/import-runs.ts gives its words, so
 * the defaults below, with their --resume, are the command line's only).
 */
export async function lockRun(
  folder: string,
  key: RunKey,
  owner: LockOwner,
  names: { file: string; account: string; journal?: string },
  words?: LockWords,
): Promise<JournalLock> {
  return lockExclusive(
    join(folder, runLockName(key)),
    owner,
    words ?? {
      refusal: (lockPath, holder) => {
        const who = holder
          ? `another import (process ${holder.pid} on ${holder.host}, since ${holder.startedAt})`
          : 'another import';
        return new InputError(
          'run_locked',
          `${names.file} is being imported into ${names.account} by ${who}: two runs of one file into one account would each send every row. ` +
            `Wait for that run to finish (or stop it, and finish it with its own --resume); if no import is running any more, delete ${lockPath} and run again`,
        );
      },
      unwritable: (lockPath, code) =>
        new InputError(
          'run_lock_unwritable',
          `the import's lock ${lockPath} cannot be created (${code}): make that folder writable, or choose another with TRACKOPS_RUN_LOCKS`,
        ),
    },
    { file: names.file, ...(names.journal === undefined ? {} : { journal: names.journal }) },
  );
}
