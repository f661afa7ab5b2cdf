/**
 * Another import of the same rows into the account, running now (explore 26 item 1). The run lock
 * (run-lock.ts) is keyed by the file's bytes: the same sheet saved again (Excel or LibreOffice rewrite
 * every byte; here only the line endings differed) got another key, and the second run read the first
 * run's journal, still open and locked by its process, as a finished earlier import: it skipped the rows
 * that journal had created so far and created the others while the first run was creating them too.
 *
 * A journal of the account whose lock names a run that may still be going (journal-lock.ts
 * mayBeRunning: a live process of this host, or any of another host) and whose creates hold rows of
 * this file, by their whole content, is such an import: the run stops before it sends anything, naming
 * that process, since when and the journal, and saying to wait for it. Compared by content, not by the
 * file: a copy under another name or with other bytes is the same rows. A stale lock (its process gone,
 * a run killed) is not a live run: that journal is an earlier import, read as such (earlier-creates.ts).
 *
 * Looked at once every row is read and again just before the first send (runner.ts): the first run's
 * creates are written to its journal before each leaves, so a run that began sending first is seen by
 * the later one. Two runs reaching their first send within the same moment are not told apart.
 */
import { readdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { isAccount } from '../api/account-key.ts';
import { InputError } from '../errors.ts';
import { lockHolderAt, mayBeRunning, type LockHolder, type LockOwner } from './journal-lock.ts';
import { readJournalFile, readJournalHeader } from './journal.ts';

/** An import of this file's rows whose journal a run that may still be going holds. */
export interface RunningImport {
  journal: string;
  /** Its journal's lock file (to delete when no import is running any more). */
  lock: string;
  holder: LockHolder;
  /** The file it imports, as its journal names it. */
  file: string;
  /** How many of this file's rows (by content) it has sent or is sending; 0 for one still starting. */
  rows: number;
  /** Held from another host: whether its process still runs cannot be seen from here. */
  elsewhere: boolean;
}

/** The `.jsonl` files of `folders` and the journals `paths`, absolute, but `except` (the run's own). */
export async function journalPaths(
  folders: string[],
  paths: string[],
  except: string | null,
): Promise<string[]> {
  const found = new Set<string>(paths.map((path) => resolve(path)));
  for (const folder of folders) {
    const names = await readdir(folder).catch(() => [] as string[]);
    for (const name of names) if (name.endsWith('.jsonl')) found.add(resolve(join(folder, name)));
  }
  if (except) found.delete(resolve(except));
  return [...found].sort();
}

/**
 * The import journals of `account` among `journals` held by a run that may still be going, whose
 * creates hold any of `contents` (fingerprint.ts contentOf of the bodies this run would create). Read
 * without locking or changing them (a torn last line of a journal being written is left out).
 */
export async function runningImportsOf(options: {
  journals: string[];
  account: string;
  contents: ReadonlySet<string>;
  owner: LockOwner;
}): Promise<RunningImport[]> {
  const running: RunningImport[] = [];
  if (options.contents.size === 0) return running;
  for (const journal of options.journals) {
    const header = await readJournalHeader(journal);
    if (!header || header.kind === 'revert' || !isAccount(header.account, options.account)) continue;
    const lock = `${journal}.lock`;
    const holder = await lockHolderAt(lock);
    if (!holder || !mayBeRunning(holder, options.owner)) continue;
    const read = await readJournalFile(journal).catch(() => null);
    if (!read) continue;
    const rows = new Set<number>();
    for (const line of read.lines)
      if (
        line.type === 'intent' &&
        line.op === 'create' &&
        line.content &&
        options.contents.has(line.content)
      )
        rows.add(line.row);
    if (rows.size > 0)
      running.push({
        journal,
        lock,
        holder,
        file: header.file,
        rows: rows.size,
        elsewhere: holder.host !== options.owner.host,
      });
  }
  return running;
}

/**
 * An import of this very file (its bytes) into the account that holds the run lock at one of `locks`
 * (run-lock.ts runLockName, in each folder a host keeps them) and may still be going, unless `known`
 * lists its journal already. One still starting (reading the reference data and the account's
 * requests, which takes minutes on a large account at 1/s) has no create in its journal yet: only its
 * run lock says that it runs (explore 32 item 3). Read without locking or changing anything.
 */
export async function startingImportOf(options: {
  locks: string[];
  known: readonly RunningImport[];
  owner: LockOwner;
  /** The file as the caller names it, when the lock does not. */
  file: string;
}): Promise<RunningImport | null> {
  for (const lock of options.locks) {
    const holder = await lockHolderAt(lock);
    if (!holder || !mayBeRunning(holder, options.owner)) continue;
    const journal = holder.journal ?? null;
    if (journal !== null && options.known.some((known) => resolve(known.journal) === resolve(journal)))
      return null;
    return {
      journal: journal ?? lock,
      lock,
      holder,
      file: holder.file ?? options.file,
      rows: 0,
      elsewhere: holder.host !== options.owner.host,
    };
  }
  return null;
}

/**
 * The run stopped before sending anything: another import of its rows into the account is running
 * (this file's runningImportsOf, or keys-being-added.ts). `why` goes on each row's result.
 */
export class ImportRunningError extends InputError {
  constructor(
    message: string,
    readonly why: string,
  ) {
    super('import_running', message);
  }
}

/** What the run says when the live journals `running` hold rows of its file. */
export function runningImportError(running: RunningImport[]): ImportRunningError {
  const first = running[0]!;
  const { pid, host } = first.holder;
  return new ImportRunningError(
    `rows of this file are being sent into this account by another import right now: ${runningWords(running)}. ` +
      'Two imports of the same rows at once would each create the rows the other has not reached yet. Nothing was sent. ' +
      'Wait for that import to finish, then start this import again: the rows it created are recognised and not sent again. ' +
      `If no import is running any more, delete ${first.lock} and run again`,
    `another import of these rows is running (process ${pid} on ${host}; its journal ${first.journal})`,
  );
}

/**
 * What a dry run says when an import of its rows is running now: the rows it has not reached yet read
 * as "would create", and an import started now would be refused until it finishes.
 */
export function runningImportNote(running: RunningImport[]): string {
  return (
    `an import of rows of this file into this account is running right now: ${runningWords(running)}. ` +
    'Rows it has not reached yet are shown here as to be created, though it is creating them: check again ' +
    'when it has finished (an import started before then is refused). ' +
    `If no import is running any more, delete ${running[0]!.lock}`
  );
}

/** The running import(s) in words: process, host, since when, file, journal, how many of this file's rows. */
function runningWords(running: RunningImport[]): string {
  const first = running[0]!;
  const { pid, host, startedAt } = first.holder;
  const process = `process ${pid} on ${host}${first.elsewhere ? ' (another computer: whether it still runs cannot be seen from here)' : ''}, since ${startedAt}`;
  const others =
    running.length > 1
      ? ` (and ${running.length - 1} more: ${running
          .slice(1)
          .map((other) => `process ${other.holder.pid} on ${other.holder.host}, journal ${other.journal}`)
          .join('; ')})`
      : '';
  // None yet: a run still starting, seen by its run lock (startingImportOf).
  const rows =
    first.rows === 0
      ? "none of this file's rows yet (it is still reading the account before its first send)"
      : `${first.rows === 1 ? "1 of this file's rows" : `${first.rows} of this file's rows`} ` +
        "(by their content, whatever the file's name or bytes)";
  return `${process}, an import of ${first.file} whose journal ${first.journal} holds ${rows}${others}`;
}
