/**
 * `--data FILE`: every committed write is durable before it is answered, at a cost that does not grow with
 * the account (explore 61: rewriting and syncing the whole file per write took a 300-row import from 20 s
 * into the demo account to 319 s into one of 15,000 requests), and FILE itself is brought up to date within
 * moments, so that whoever reads it while the sandbox runs (CONTRACTS section 4: "writes every change back
 * to it") sees the changes.
 *
 * A write appends the records it changed, one JSON line each, to the change log beside the file
 * (`FILE.log`), syncs that, and only then is answered. After the answer, off its path, the log is folded
 * into FILE: the whole account written to a temp file, fsynced, renamed over FILE, the directory fsynced;
 * then the log lines that fold covers are dropped, keeping those appended while it ran. One fold runs at a
 * time; writes answered during it ask for the next, which starts after a pause as long as it took (so a
 * busy sandbox folds every moment or two, and a reader of FILE sees every change answered before the last
 * fold started). A clean stop folds a last time and removes the log; a start after a kill replays the log
 * onto FILE and folds it in.
 *
 * Why a crash at any point loses no answered change and doubles none: each log line is a whole record, put in
 * place by its id (a later line wins), so replaying lines FILE already holds changes nothing; lines are
 * dropped only once a synced FILE holds a state at least as new as theirs.
 */
import { open, readdir, readFile, rename, rm, unlink, type FileHandle } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { tempPathFor, writeFileAtomic } from '../core/files/atomic-write.ts';
import { asDiskFull } from '../core/files/disk-full.ts';
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
  /** Some change is not in the log yet (a failed append left it for the next). */
  hasChanged(): boolean;
}

/** The change log beside an account file (`sandbox --reset` removes it with the file). */
export function changeLogPath(path: string): string {
  return `${path}.log`;
}

/** Records serialized between two turns of the event loop while a fold writes them anew. */
const RECORDS_PER_TURN = 100;

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
  /** Bytes in the change log (0: there is none on disk). */
  private logBytes = 0;
  /** Appends and the dropping of folded lines take turns on the log; a fold's whole-file write runs beside them. */
  private logTurn: Promise<void> = Promise.resolve();
  private appending = false;
  private queued: Waiter | null = null;
  private folding: Promise<void> | null = null;
  private foldAgain = false;
  private closed = false;
  private foldFailing = false;
  /**
   * Each record as it sits in FILE, indented and encoded, kept until the record changes: a fold
   * re-serializes only the records changed since the last one, so folding a large account costs little
   * CPU beside the write (explore 61: stringifying 15,000 requests per fold kept a core busy).
   */
  private readonly pieces = new WeakMap<StoredCaseRequest, Buffer>();
  /** How long the last fold took: the next waits as long, so folds take at most half the disk's time. */
  private lastFoldMs = 0;

  constructor(
    readonly path: string,
    private readonly store: ChangedRecords,
    /** Told when a fold fails (the log keeps every change; the next change tries again) and when one works again. */
    private readonly onFoldProblem: (message: string) => void = () => {},
  ) {}

  /** Makes every change so far durable: appended to the log and synced. FILE follows soon after. */
  save(): Promise<void> {
    const batch = (this.queued ??= waiter());
    this.startAppend();
    return batch.promise;
  }

  /** Writes the whole account to FILE now and drops the log (at start: seeding, or after a crash). */
  async fold(): Promise<void> {
    while (this.folding) await this.folding;
    await this.foldOnce();
  }

  /** At stop: waits for what is running, then folds whatever FILE lacks and removes the log. */
  async close(): Promise<void> {
    this.closed = true;
    await this.idle();
    if (this.logBytes > 0 || this.store.hasChanged()) await this.foldOnce();
  }

  /** Resolves when nothing is being appended, folded, or waiting to be. */
  async idle(): Promise<void> {
    while (this.appending || this.queued || this.folding)
      await (this.folding ?? this.queued?.promise ?? this.logTurn)?.catch(() => {});
  }

  private startAppend(): void {
    if (this.appending || !this.queued) return;
    const batch = this.queued;
    this.queued = null;
    this.appending = true;
    this.inLogTurn(() => this.append())
      .then(() => {
        batch.resolve();
        this.scheduleFold();
      }, batch.reject)
      .finally(() => {
        this.appending = false;
        this.startAppend();
      });
  }

  private inLogTurn<T>(task: () => Promise<T>): Promise<T> {
    const run = this.logTurn.then(task);
    this.logTurn = run.then(
      () => {},
      () => {},
    );
    return run;
  }

  private async append(): Promise<void> {
    const records = this.store.takeChanged();
    if (records.length === 0) return;
    // Their serialized form in FILE is out of date from now; the next fold writes them anew.
    for (const record of records) this.pieces.delete(record);
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

  /**
   * Asks for a fold after an answer. Coalesced: while one runs, the writes answered meanwhile wait for the
   * next, which covers them all; the wait is a turn of the event loop, so the answer goes out first.
   */
  private scheduleFold(): void {
    if (this.closed) return;
    if (this.folding) {
      this.foldAgain = true;
      return;
    }
    this.foldAgain = false;
    // A fold asked for after a quiet spell starts once the answer is out; one asked for during a fold
    // waits as long as that fold took, so that back-to-back folds of a large account leave the disk
    // (and the log's syncs, which queue behind a fold's) free half the time.
    const rest = this.lastFoldMs;
    this.lastFoldMs = 0;
    this.folding = new Promise((resolve) => (rest > 0 ? setTimeout(resolve, rest) : setImmediate(resolve)))
      .then(async () => {
        const started = performance.now();
        await this.foldOnce();
        this.lastFoldMs = performance.now() - started;
      })
      .then(
        () => {
          if (this.foldFailing) this.onFoldProblem(`${this.path} is up to date again`);
          this.foldFailing = false;
        },
        (error: unknown) => {
          // Nothing is lost: the log still holds every answered change, and replays at the next start.
          if (!this.foldFailing)
            this.onFoldProblem(
              `could not bring ${this.path} up to date (${(error as Error).message}); the changes are kept in ` +
                `${changeLogPath(this.path)} beside it and it is tried again after the next change`,
            );
          this.foldFailing = true;
        },
      )
      .finally(() => {
        this.folding = null;
        if (this.foldAgain) this.scheduleFold();
        else this.lastFoldMs = 0;
      });
  }

  private async foldOnce(): Promise<void> {
    // The log up to here holds changes made before this moment; FILE written below holds each record as
    // it is at this moment or later, so once it is in place those lines are covered. Lines appended from
    // here on (an append running now included) are kept.
    const covered = this.logBytes;
    await writeInSteps(this.path, await this.accountParts());
    await this.inLogTurn(() => this.dropFolded(covered));
  }

  /** `JSON.stringify(account, null, 2)` encoded, in pieces, built from the kept ones, yielding now and then to answer requests. */
  private async accountParts(): Promise<Buffer[]> {
    const account = this.store.account;
    // Records created from here on are in log lines this fold keeps.
    const records = account.case_requests.slice();
    const head = JSON.stringify({ ...account, case_requests: [] }, null, 2);
    const slot = '\n  "case_requests": []';
    const at = head.indexOf(slot);
    if (at < 0) throw new Error('unreachable: an account always has its case_requests at the top level');
    const parts: Buffer[] = [Buffer.from(`${head.slice(0, at)}\n  "case_requests": [`)];
    const between = Buffer.from(',\n    ');
    let fresh = 0;
    for (const [index, record] of records.entries()) {
      let piece = this.pieces.get(record);
      if (piece === undefined) {
        // JSON strings hold no raw line breaks, so each break is one of the record's own lines.
        piece = Buffer.from(JSON.stringify(record, null, 2).replaceAll('\n', '\n    '));
        this.pieces.set(record, piece);
        if (++fresh % RECORDS_PER_TURN === 0) await new Promise((resolve) => setImmediate(resolve));
      }
      parts.push(index === 0 ? Buffer.from('\n    ') : between, piece);
    }
    parts.push(Buffer.from(`${records.length === 0 ? '' : '\n  '}]${head.slice(at + slot.length)}\n`));
    return parts;
  }

  /** Once FILE holds the log's first `covered` bytes: drops them, keeping lines appended since. */
  private async dropFolded(covered: number): Promise<void> {
    const log = changeLogPath(this.path);
    if (this.logBytes === covered) {
      // A crash before this leaves a log FILE already covers: replayed, it changes nothing.
      await rm(log, { force: true });
      this.logBytes = 0;
      return;
    }
    // Appends wait for this; it copies only the few lines answered while the fold ran, never the account.
    const kept = (await readFile(log)).subarray(covered, this.logBytes);
    await writeFileAtomic(log, kept, { mode: 0o600, syncDirectory: true });
    this.logBytes = kept.length;
  }
}

/** What a fold writes before it flushes: a log sync waiting behind a flush waits for this much at most. */
const STEP_BYTES = 4 * 1024 * 1024;

/**
 * As writeFileAtomic (temp file beside FILE, flushed, renamed over it, folder flushed), flushing every few
 * megabytes on the way: one flush of a whole large account held each log sync queued behind it for as
 * long (explore 61), delaying the answers the fold was meant to stay out of the way of.
 */
async function writeInSteps(path: string, parts: Buffer[]): Promise<void> {
  const temp = tempPathFor(path);
  try {
    const handle = await open(temp, 'w', 0o600);
    try {
      for (let start = 0; start < parts.length;) {
        let end = start;
        let bytes = 0;
        // At most 1,000 pieces a call (IOV_MAX is 1,024 on Linux).
        while (end < parts.length && bytes < STEP_BYTES && end - start < 1000) bytes += parts[end++]!.length;
        await writeAll(handle, parts.slice(start, end));
        await handle.datasync();
        start = end;
      }
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    // A full disk names the file being written, not Node's bare "ENOSPC: …, write" (disk-full.ts).
    throw asDiskFull(error, path);
  }
  await syncDirectory(dirname(path));
}

/** writev may write less than asked (a signal, a full disk on the way): goes on with what is left. */
async function writeAll(handle: FileHandle, buffers: Buffer[]): Promise<void> {
  let left = buffers;
  while (left.length > 0) {
    let { bytesWritten } = await handle.writev(left);
    const rest: Buffer[] = [];
    for (const buffer of left) {
      if (bytesWritten >= buffer.length) bytesWritten -= buffer.length;
      else {
        rest.push(bytesWritten > 0 ? buffer.subarray(bytesWritten) : buffer);
        bytesWritten = 0;
      }
    }
    left = rest;
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
  return readAccountWithLog(path, remedy);
}

/**
 * FILE with its change log replayed, touching nothing: safe while a sandbox serves FILE. The log is read
 * first: a fold running meanwhile only drops log lines after FILE holds them, so a FILE read after the
 * log is never older than the lines it lacks.
 */
export async function readAccountWithLog(
  path: string,
  remedy = 'fix it or point --data at a new file',
): Promise<LoadedAccount | null> {
  const log = await readChangeLog(changeLogPath(path), remedy);
  const file = await readRawAccount(path, remedy);
  if (!file) {
    if (log === null) return null;
    // Seeding a fresh account under these changes would mix two accounts: say so rather than guess.
    throw new AccountFileError(
      `${changeLogPath(path)} holds changes to ${path}, which is gone; put ${path} back, ` +
        `or delete ${changeLogPath(path)} to start afresh`,
    );
  }
  if (log && log.length > 0) replay(file.raw, log);
  return { account: parseAccountFile(file.raw, path, remedy), logFound: log !== null };
}

/**
 * Reads an account file without touching anything else (`sandbox --reset` asks this before it deletes):
 * null when there is none; AccountFileError, ending in `remedy`, when the file is not an account.
 */
export async function readAccountFile(path: string, remedy: string): Promise<AccountFile | null> {
  const file = await readRawAccount(path, remedy);
  return file && parseAccountFile(file.raw, path, remedy);
}

async function readRawAccount(path: string, remedy: string): Promise<{ raw: unknown } | null> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new AccountFileError(`cannot read ${path}: ${(error as Error).message}; ${remedy}`);
  }
  try {
    return { raw: JSON.parse(text) };
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
