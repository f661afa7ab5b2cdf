/**
 * A journal is used by one run at a time (CONTRACTS section 1; issue 17: two runs on one journal sent
 * every row twice). The lock is a file beside the journal, `J.lock`, created with O_EXCL (so exactly
 * one process can create it) and holding its owner's pid, host and start time.
 *
 * A lock whose owner is gone (same host, pid no longer running: the run was killed) is stale and is
 * taken over, with a notice. A lock held by a live process, or by another host (whose processes we
 * cannot see), refuses the run, naming the journal, the pid and what to do.
 *
 * Taking over is a rename of the stale file to a name of our own first: only one of two processes
 * that find the same stale lock can rename it, and the one that did checks that what it renamed is the
 * stale lock it read (not a fresh lock made in between), putting it back otherwise.
 */
import { randomBytes } from 'node:crypto';
import { link, open, readFile, rename, stat, unlink } from 'node:fs/promises';
import { dirname } from 'node:path';
import { InputError } from '../errors.ts';
import { besideName } from '../files/lock-name.ts';

/** Who takes the lock, given by the host (core reads no process-wide state). */
export interface LockOwner {
  pid: number;
  host: string;
  /** Whether a process of this host is still running (a host's `process.kill(pid, 0)`). */
  isRunning(pid: number): boolean;
}

export interface LockHolder {
  pid: number;
  host: string;
  startedAt: string;
  /** What the holder was doing, as its host named it (a run's lock: the input file and its journal). */
  file?: string;
  journal?: string;
}

export interface JournalLock {
  readonly path: string;
  /** The stale lock this run took over (its owner had stopped without releasing it), if any. */
  readonly tookOverFrom: LockHolder | null;
  release(): Promise<void>;
}

/** A lock file still being written by its creator is given this long before it counts as unreadable. */
const UNREADABLE_GRACE_MS = 5_000;

/**
 * Who takes a journal's lock: the run that writes the journal (an import, which can be given a journal
 * elsewhere), or a revert holding its import's journal so that the import is not resumed during the undo
 * (that journal stays where the import wrote it, so the only way on is its folder made writable).
 */
export type JournalLockTaker = 'writer' | 'revert';

export async function lockJournal(
  journalPath: string,
  owner: LockOwner,
  taker: JournalLockTaker = 'writer',
): Promise<JournalLock> {
  return lockExclusive(`${journalPath}.lock`, owner, {
    refusal: (lockPath, holder) => locked(journalPath, lockPath, holder),
    unwritable: (lockPath, code) =>
      new InputError(
        'journal_unwritable',
        taker === 'revert'
          ? `journal lock ${lockPath} cannot be created (${code}): a revert holds its import's journal while it puts back, so that the import is not resumed meanwhile, and cannot here. Nothing was put back by this run. ` +
              (code === 'ENAMETOOLONG'
                ? "The name is too long for this file system: give the import's journal a shorter name, then run the revert again"
                : `Make ${dirname(lockPath)} writable, then run the revert again`)
          : `journal lock ${lockPath} cannot be created (${code}): choose a journal in a folder you can write to with --journal`,
      ),
  });
}

/**
 * The refusal `lockJournal` would give while a live run holds `journalPath`, or null: for a reader that
 * takes no lock (a revert's dry run, which a read-only folder must not stop). Explore 63 item 5: a dry
 * run while the import still sent showed part of it as an undo's whole, an update in flight counted
 * "already as before"; the revert itself was refused with these words.
 */
export async function journalInUse(journalPath: string, owner: LockOwner): Promise<InputError | null> {
  const lockPath = `${journalPath}.lock`;
  const holder = await lockHolderAt(lockPath);
  return holder && mayBeRunning(holder, owner) ? locked(journalPath, lockPath, holder) : null;
}

/** What a lock says when it cannot be had: held by a live run, or its file cannot be made. */
export interface LockWords {
  refusal(lockPath: string, holder: LockHolder | null): InputError;
  unwritable(lockPath: string, code: string): InputError;
}

/**
 * The lock file at `path`, made with O_EXCL for this run, a stale one taken over (see the top of this
 * file). Shared by the journal's lock and the run's (run-lock.ts), so both refuse and take over alike.
 */
export async function lockExclusive(
  path: string,
  owner: LockOwner,
  words: LockWords,
  about: Pick<LockHolder, 'file' | 'journal'> = {},
): Promise<JournalLock> {
  let tookOverFrom: LockHolder | null = null;
  for (let attempt = 0; attempt < 5; attempt++) {
    const mine: LockHolder = {
      pid: owner.pid,
      host: owner.host,
      startedAt: new Date().toISOString(),
      ...about,
    };
    const text = JSON.stringify(mine) + '\n';
    if (await createExclusive(path, text, words, owner.pid)) {
      return {
        path,
        tookOverFrom,
        async release() {
          // Only our own lock is removed: never one another run made after a takeover.
          const now = await readFile(path, 'utf8').catch(() => null);
          if (now === text) await unlink(path).catch(() => {});
        },
      };
    }
    const held = await readFile(path, 'utf8').catch(missing);
    if (held === null) continue; // released meanwhile: try again
    const holder = parseHolder(held);
    if (holder === null) {
      const age = await stat(path).then(
        (info) => Date.now() - info.mtimeMs,
        () => 0,
      );
      if (age < UNREADABLE_GRACE_MS) throw words.refusal(path, null);
    } else if (holder.host !== owner.host || !(holder.pid > 0) || owner.isRunning(holder.pid)) {
      throw words.refusal(path, holder);
    }
    // Stale: its owner is no longer running (or the file is unreadable and old).
    if (await takeOver(path, held, owner)) tookOverFrom = holder ?? { pid: 0, host: '?', startedAt: '?' };
  }
  throw words.refusal(path, null);
}

/**
 * Creates the lock at `path` holding `text`, or false when it exists. The lock appears whole: written
 * beside it, then linked to its name (a link fails when the name is taken, as `O_EXCL` does), so a
 * second run never reads it empty and refuses without naming who holds it (explore 27: "being written
 * by another export" with no process, read between the create and the write). A file system without
 * hard links creates it exclusively and writes it, as before.
 */
async function createExclusive(path: string, text: string, words: LockWords, pid: number): Promise<boolean> {
  // Its own name: two runs of one process (the app's) may take locks at once.
  const beside = besideName(path, `.${pid}.${randomBytes(4).toString('hex')}.new`);
  try {
    await writeSynced(beside, text);
    try {
      await link(beside, path);
      return true;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EEXIST') return false;
      if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'ENOSYS' && code !== 'EOPNOTSUPP') throw error;
    } finally {
      await unlink(beside).catch(() => {});
    }
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return false;
    const refused = words.unwritable(path, code ?? 'error');
    refused.cause = error;
    throw refused;
  }
  let handle;
  try {
    handle = await open(path, 'wx');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    const refused = words.unwritable(path, (error as NodeJS.ErrnoException).code ?? 'error');
    refused.cause = error;
    throw refused;
  }
  try {
    await handle.writeFile(text);
    await handle.sync();
  } finally {
    await handle.close();
  }
  return true;
}

/** `text` written to `path` and on disk. */
async function writeSynced(path: string, text: string): Promise<void> {
  const handle = await open(path, 'w');
  try {
    await handle.writeFile(text);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

async function takeOver(path: string, staleText: string, owner: LockOwner): Promise<boolean> {
  const aside = besideName(path, `.stale-${owner.pid}`);
  try {
    await rename(path, aside);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false; // someone else took it
    throw error;
  }
  const moved = await readFile(aside, 'utf8').catch(() => null);
  if (moved !== staleText) {
    // Between our read and our rename another run made a fresh lock: put it back (link fails only if a
    // third run holds the name already, and then that one is the holder).
    await link(aside, path).catch(() => {});
    await unlink(aside).catch(() => {});
    return false;
  }
  await unlink(aside).catch(() => {});
  return true;
}

/** The holder the lock file at `path` names, or null when there is none or it cannot be read. */
export async function lockHolderAt(path: string): Promise<LockHolder | null> {
  const text = await readFile(path, 'utf8').catch(() => null);
  return text === null ? null : parseHolder(text);
}

/**
 * Whether the run holding a lock may still be going, as `owner` can tell: a process of this host still
 * running, or any process of another host (whose processes cannot be seen from here, as lockExclusive
 * never takes such a lock over). A lock whose owner on this host has stopped is stale, not a live run.
 */
export function mayBeRunning(holder: LockHolder, owner: LockOwner): boolean {
  return holder.host !== owner.host || (holder.pid > 0 && owner.isRunning(holder.pid));
}

function parseHolder(text: string): LockHolder | null {
  try {
    const value = JSON.parse(text) as Partial<LockHolder>;
    if (typeof value.pid === 'number' && typeof value.host === 'string')
      return {
        pid: value.pid,
        host: value.host,
        startedAt: String(value.startedAt ?? '?'),
        ...(typeof value.file === 'string' ? { file: value.file } : {}),
        ...(typeof value.journal === 'string' ? { journal: value.journal } : {}),
      };
  } catch {
    // not JSON: handled by the caller
  }
  return null;
}

function locked(journalPath: string, lockPath: string, holder: LockHolder | null): InputError {
  const who = holder
    ? `another import (process ${holder.pid} on ${holder.host}, since ${holder.startedAt})`
    : 'another import';
  return new InputError(
    'journal_locked',
    `journal ${journalPath} is in use by ${who}: one journal serves one run at a time, or rows would be sent twice. ` +
      `Wait for that run to finish (or stop it); if no import is running any more, delete ${lockPath} and run again`,
  );
}

function missing(error: unknown): null {
  if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
  throw error;
}
