/**
 * `--data FILE`: every committed write is durable before it is answered, at a cost that does not grow with
 * the account (explore 61: rewriting and syncing the whole file per write took a 300-row import from 39 s
 * into the demo account to 383 s into one of 15,000 requests). A write appends the records it changed, one
 * JSON line each, to a change log beside the file (`FILE.changes`) and syncs that; the log is folded into
 * FILE (written whole and atomically: temp file, fsync, rename, fsync of the directory), then removed,
 * when the sandbox stops cleanly, at the next start after a crash, and whenever the log has grown past the
 * account's size (so folding costs each write a constant share). A stopped sandbox therefore leaves FILE
 * alone, in the format of CONTRACTS section 4; a killed one leaves FILE plus the log, and the next start
 * replays the log. Saves are serialized; saves asked for while one is running share the next write, which
 * takes the changes made before it starts and so covers every change made before it.
 */
import { open, readdir, readFile, rm, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { writeFileAtomic } from '../core/files/atomic-write.ts';
import {
  parseAccountFile,
  AccountFileError,
  type AccountFile,
  type StoredCaseRequest,
} from './account-schema.ts';

/** What the writer needs of the store: the whole account, and the records changed since it last asked. */
export interface ChangedRecords {
  readonly account: AccountFile;
  takeChanged(): StoredCaseRequest[];
  putBack(records: StoredCaseRequest[]): void;
}

/** A log shorter than this is never folded early: folding a small account often would cost more than it saves. */
const FOLD_FLOOR_BYTES = 8 * 1024 * 1024;

/** The change log beside an account file (`sandbox --reset` removes it with the file). */
export function changeLogPath(path: string): string {
  return `${path}.changes`;
}

type Waiter = { promise: Promise<void>; resolve: () => void; reject: (error: unknown) => void };

function waiter(): Waiter {
  let resolve!: () => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<void>((yes, no) => {
    resolve = yes;
    reject = no;
  });
  return { promise, resolve, reject };
}

export class AccountFileWriter {
  private running: Promise<void> | null = null;
  private queued: Waiter | null = null;
  private foldAsked = false;
  /** Bytes in the change log (0: there is none since the last fold). */
  private logBytes = 0;

  constructor(
    readonly path: string,
    private readonly store: ChangedRecords,
    /** The account file's size as last read or written: the log is folded once it outgrows it. */
    private accountBytes = 0,
    /** Below this the log is never folded early (a test lowers it to see folds without megabytes). */
    private readonly foldFloorBytes = FOLD_FLOOR_BYTES,
  ) {}

  /** Makes every change so far durable (appended to the log, or folded into the file when the log is large). */
  save(): Promise<void> {
    return this.enqueue();
  }

  /** Writes the whole account to the file and removes the log: at start after a crash, and at stop. */
  fold(): Promise<void> {
    this.foldAsked = true;
    return this.enqueue();
  }

  /** Resolves when nothing is being written or waiting to be. */
  async idle(): Promise<void> {
    while (this.running || this.queued) await (this.running ?? this.queued?.promise)?.catch(() => {});
  }

  private enqueue(): Promise<void> {
    const batch = (this.queued ??= waiter());
    this.startNext();
    return batch.promise;
  }

  private startNext(): void {
    if (this.running || !this.queued) return;
    const batch = this.queued;
    this.queued = null;
    const fold = this.foldAsked || this.logBytes >= Math.max(this.foldFloorBytes, this.accountBytes);
    this.foldAsked = false;
    this.running = (fold ? this.writeWhole() : this.append())
      .then(batch.resolve, batch.reject)
      .finally(() => {
        this.running = null;
        this.startNext();
      });
  }

  private async append(): Promise<void> {
    const records = this.store.takeChanged();
    if (records.length === 0) return;
    // Stringified now, before any await: the line holds each record as it is when this save starts.
    const text = records.map((record) => JSON.stringify({ case_request: record }) + '\n').join('');
    const log = changeLogPath(this.path);
    const created = this.logBytes === 0;
    let handle;
    try {
      handle = await open(log, 'a', 0o600);
      await handle.writeFile(text);
      await handle.datasync();
      // A new log's name must survive a power cut too, or its synced lines would be lost with it.
      if (created) await syncDirectory(dirname(this.path));
      this.logBytes += Buffer.byteLength(text);
    } catch (error) {
      // A half-written line (a full disk) would stop the next start's replay at it: cut it off, and keep
      // the records for the next save, which writes them again.
      await handle?.truncate(this.logBytes).catch(() => {});
      this.store.putBack(records);
      throw error;
    } finally {
      await handle?.close().catch(() => {});
    }
  }

  private async writeWhole(): Promise<void> {
    // The whole file covers every change so far, those in the log and those not yet in it.
    const records = this.store.takeChanged();
    try {
      const text = JSON.stringify(this.store.account, null, 2) + '\n';
      await writeFileAtomic(this.path, text, { mode: 0o600, syncDirectory: true });
      this.accountBytes = Buffer.byteLength(text);
    } catch (error) {
      this.store.putBack(records);
      throw error;
    }
    // Only once FILE holds everything: a crash before this line replays a log FILE already covers,
    // which changes nothing (each line is a whole record, put in place by its id).
    await rm(changeLogPath(this.path), { force: true });
    this.logBytes = 0;
  }
}

/** Flushes a folder's entries (a new file's name); not possible on Windows, where it is skipped. */
async function syncDirectory(path: string): Promise<void> {
  if (process.platform === 'win32') return;
  const handle = await open(path, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** The start of the temp files' names (files/atomic-write.ts: `.NAME.RANDOM.tmp`), to sweep a crash's. */
function tempPrefix(path: string): string {
  return `.${basename(path)}.`;
}

/** An account file as loaded: the account with the change log replayed onto it. */
export interface LoadedAccount {
  account: AccountFile;
  /** The file's size, which the log may grow to before it is folded in. */
  bytes: number;
  /** A change log was there (a sandbox killed, not stopped): the caller folds it into the file. */
  logFound: boolean;
}

/**
 * Reads `--data FILE` and replays its change log; null when the file does not exist yet (the caller seeds
 * it). Removes temp files a crash left.
 */
export async function loadAccountFile(
  path: string,
  remedy = 'fix it or point --data at a new file',
): Promise<LoadedAccount | null> {
  const prefix = tempPrefix(path);
  for (const name of await readdir(dirname(path)).catch(() => [] as string[])) {
    if (name.startsWith(prefix) && name.endsWith('.tmp'))
      await unlink(join(dirname(path), name)).catch(() => {});
  }
  const file = await readRawAccount(path, remedy);
  const log = await readChangeLog(changeLogPath(path), remedy);
  if (!file) {
    if (log === null) return null;
    // Seeding a fresh account under these changes would mix two accounts: say so rather than guess.
    throw new AccountFileError(
      `${changeLogPath(path)} holds changes to ${path}, which is gone; put ${path} back, ` +
        `or delete ${changeLogPath(path)} to start afresh`,
    );
  }
  if (log && log.length > 0) replay(file.raw, log);
  return { account: parseAccountFile(file.raw, path, remedy), bytes: file.bytes, logFound: log !== null };
}

/**
 * Reads an account file without touching anything else (`sandbox --reset` asks this before it deletes):
 * null when there is none; AccountFileError, ending in `remedy`, when the file is not an account.
 */
export async function readAccountFile(path: string, remedy: string): Promise<AccountFile | null> {
  const file = await readRawAccount(path, remedy);
  return file && parseAccountFile(file.raw, path, remedy);
}

async function readRawAccount(path: string, remedy: string): Promise<{ raw: unknown; bytes: number } | null> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new AccountFileError(`cannot read ${path}: ${(error as Error).message}; ${remedy}`);
  }
  try {
    return { raw: JSON.parse(text), bytes: Buffer.byteLength(text) };
  } catch (error) {
    throw new AccountFileError(`${path} is not JSON (${visible((error as Error).message)}); ${remedy}`);
  }
}

/** The records of a change log, in order; null when there is no log. */
async function readChangeLog(path: string, remedy: string): Promise<unknown[] | null> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new AccountFileError(`cannot read ${path}: ${(error as Error).message}; ${remedy}`);
  }
  // Text after the last newline is a line cut off by the crash while it was being written. A write is
  // answered only after its line is synced, so no client was told that change was made: it is dropped.
  const lines = text
    .slice(0, text.lastIndexOf('\n') + 1)
    .split('\n')
    .slice(0, -1);
  return lines.map((line, index) => {
    let entry: unknown;
    try {
      entry = JSON.parse(line);
    } catch (error) {
      entry = (error as Error).message;
    }
    const record = (entry as { case_request?: unknown } | null)?.case_request;
    if (typeof record !== 'object' || record === null || typeof (record as { id?: unknown }).id !== 'number')
      throw new AccountFileError(
        `${path} line ${index + 1} is not a saved case request (${visible(line.slice(0, 60))}); ${remedy}`,
      );
    return record;
  });
}

/** Puts each logged record in place by its id (a later line wins), or adds it when it is new. */
function replay(raw: unknown, records: unknown[]): void {
  const requests = (raw as { case_requests?: unknown } | null)?.case_requests;
  // Not an account: parseAccountFile says what is wrong with the file itself.
  if (!Array.isArray(requests)) return;
  const at = new Map<unknown, number>();
  requests.forEach((record, index) => at.set((record as { id?: unknown } | null)?.id, index));
  for (const record of records) {
    const id = (record as { id: number }).id;
    const index = at.get(id);
    if (index === undefined) at.set(id, requests.push(record) - 1);
    else requests[index] = record;
  }
}

/** JSON.parse quotes the text it choked on; a byte-order mark or control character there would print as nothing. */
function visible(message: string): string {
  return message.replace(
    // eslint-disable-next-line no-control-regex -- control characters are exactly what is looked for
    /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u2028\u2029\ufeff]/g,
    (char) => `<U+${char.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}>`,
  );
}
