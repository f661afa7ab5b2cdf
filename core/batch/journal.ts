/**
 * The import journal: an append-only JSON-lines file, one line per event, and the single source of
 * truth for "may this row's request have been sent?" (CONTRACTS section 1; issue 17).
 *
 * - The first line is the header: format `version`, and what the journal is bound to (the source file's
 *   content hash, the mapping's hash, the mode). Resuming against anything else is refused.
 * - `intent` is appended and fsynced before a request that writes leaves; `outcome` after its fate is
 *   known. A row with an intent and no outcome is "in doubt". Only an outcome that proves the request's
 *   fate clears it: an answer, or a reconcile that found the request or positively did not find it.
 *   "Could not search" writes nothing, so the row stays in doubt for the next `--resume`.
 * - Every line carries a sequence number and a checksum (journal-lines.ts). A journal that cannot be
 *   read exactly (a line altered, missing or out of order, a torn line anywhere but the very end, no
 *   header) is refused with what to do: it never quietly forgets rows. A torn last line is what a power
 *   loss mid-write leaves; it is dropped (its request had not left if it was an intent; if it was an
 *   outcome, the row is in doubt and is looked for), the file is cut back to its last whole line, and the
 *   host is told.
 * - A journal is locked for the life of a run (journal-lock.ts).
 * - Nothing here holds the token; bodies are not stored either, only a fingerprint of them.
 * Version 1 journals (no sequence numbers or checksums) are converted on resume (journal-migrate.ts).
 */
import { constants as fsConstants } from 'node:fs';
import { open, readFile, rename, stat, type FileHandle } from 'node:fs/promises';
import { platform } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { recordedAccountKey } from '../api/account-key.ts';
import { InputError } from '../errors.ts';
import { writeFileAtomic } from '../files/atomic-write.ts';
import { asDiskFull } from '../files/disk-full.ts';
import { writeWhole } from '../files/whole-write.ts';
import { encodeJournalLine } from './journal-lines.ts';
import { lockJournal, type JournalLock, type LockOwner } from './journal-lock.ts';
import { applyJournalLine, readJournal, replayJournal, type JournalState } from './journal-read.ts';
import { JournalUndoneError, revertOfImport } from './undone-import.ts';
import {
  JOURNAL_VERSION,
  type IntentLine,
  type JournalBinding,
  type JournalHeader,
  type OutcomeLine,
} from './journal-types.ts';

// The line types are the journal's own vocabulary: those who read or write journals import them here.
export * from './journal-types.ts';
export type { TornLine } from './journal-lines.ts';
export {
  readJournalFile,
  readJournalHeader,
  replayJournal,
  sha256,
  type JournalState,
} from './journal-read.ts';

export interface Journal {
  readonly path: string;
  readonly state: JournalState;
  /** True when this run continues an earlier one (the journal held its lines). */
  readonly resumed: boolean;
  /** When the first run of this journal began (ISO, UTC): nothing it sent was created before. */
  readonly startedAt: string;
  /** What the host should tell the user: a stale lock taken over, a torn last line dropped, a conversion. */
  readonly notices: string[];
  /** The journal of another run that was at this path, set aside for this one (said in `notices` too). */
  readonly keptEarlier: KeptEarlierRun | null;
  /** Appends and fsyncs before returning: call it before the request leaves. */
  intent(line: Omit<IntentLine, 'type'>): Promise<void>;
  outcome(line: Omit<OutcomeLine, 'type'>): Promise<void>;
  /** Flushes and releases the lock. */
  close(): Promise<void>;
}

/**
 * Another run's journal set aside by a run without resume, with what it knows of that run: whether
 * every row was settled is for the host to tell with the results file beside it, since a journal
 * records only the rows that were sent (its header holds no row total: rows are read while sent).
 */
export interface KeptEarlierRun {
  /** Where it was kept. */
  keptAs: string;
  /** That run's header: its file (as given), when it began, its mapping's hash. */
  header: JournalHeader;
  written: number;
  /** Rows sent without an answer: whether Trackops holds them is not known. */
  inDoubt: number;
}

export interface OpenJournalOptions {
  resume: boolean;
  /** The command that resumes this run, named when a run without `resume` finds one to finish. */
  resumeCommand?: string;
  /** Who holds the lock while the run lasts (the host's process: pid, host name, liveness check). */
  owner: LockOwner;
}

/**
 * Locks `path`, then opens it for this run. Without `resume`, any earlier journal there is replaced by
 * a new one. With `resume`, an existing journal must be bound to the same file, mapping and mode and be
 * read exactly (else InputError); a missing or empty one simply starts the run.
 */
export async function openJournal(
  path: string,
  binding: JournalBinding,
  options: OpenJournalOptions,
): Promise<Journal> {
  const lock = await lockJournal(path, options.owner);
  try {
    return await openLocked(path, binding, options, lock);
  } catch (error) {
    await lock.release();
    throw error;
  }
}

async function openLocked(
  path: string,
  binding: JournalBinding,
  options: OpenJournalOptions,
  lock: JournalLock,
): Promise<Journal> {
  const notices: string[] = [];
  if (lock.tookOverFrom) {
    const { pid, host, startedAt } = lock.tookOverFrom;
    notices.push(
      `journal ${path}: took over the lock of a run that is no longer running (process ${pid} on ${host}, since ${startedAt})`,
    );
  }
  const keptEarlier = options.resume ? null : await keepEarlierRun(path, binding, options.resumeCommand);
  if (keptEarlier) notices.push(keptEarlier.notice);
  const state: JournalState = {
    finished: new Map(),
    inDoubt: new Map(),
    lastIntent: new Map(),
    refused: new Map(),
    failedLast: new Map(),
  };
  const bytes = options.resume ? await readFile(path).catch(missingIsNull) : null;
  const read = bytes && bytes.toString('utf8').trim() !== '' ? readJournal(path, bytes) : null;
  if (read?.header) {
    checkBinding(path, read.header, binding);
    await refuseUndone(path, read.header, replayJournal(read.lines), binding);
  }

  let handle: FileHandle;
  let header: JournalHeader;
  let nextSeq: number;
  if (read && read.header === null) {
    // Only a torn header: the run died before it could send anything. Start afresh.
    ({ handle, header } = await startFresh(path, binding));
    nextSeq = 1;
    notices.push(`journal ${path}: its only line was cut short; nothing had been sent, so it starts afresh`);
  } else if (read?.header) {
    header = read.header;
    for (const line of read.lines) applyJournalLine(state, line);
    if (read.header.version === 1) {
      header = { ...read.header, version: JOURNAL_VERSION, migratedFrom: 1 };
      const text = [header, ...read.lines].map((line, seq) => encodeJournalLine(line, seq) + '\n').join('');
      await writeFileAtomic(path, text);
      notices.push(
        `journal ${path} was written by an earlier version without checksums; it was converted (rows it does not account for are looked for in Trackops before anything is sent)`,
      );
    }
    handle = await open(path, 'r+');
    if (read.tornTail && read.header.version !== 1) {
      await handle.truncate(read.wholeBytes);
      notices.push(
        `journal ${path}: its last line was cut short (the run stopped mid-write); it was dropped, and the rows it may have recorded are looked for in Trackops before anything is sent`,
      );
    }
    await handle.close();
    handle = await openForAppend(path);
    if (read.needsBreak && read.header.version !== 1)
      await writeWhole(handle, '\n').catch((error: unknown) => Promise.reject(asDiskFull(error, path)));
    nextSeq = read.lines.length + 1;
  } else {
    ({ handle, header } = await startFresh(path, binding));
    nextSeq = 1;
  }

  // Group commit: lines handed over while a write + fdatasync is in flight wait, then go to disk
  // together in one write and one fdatasync (on Linux one O_DSYNC write, see openForAppend). Each
  // caller's promise still settles only once a sync that covered its own line has returned, so an
  // intent is durable before its request leaves (docs/import.md), at one sync per batch instead of
  // one per line (issue 13: the per-line syncs, with concurrency 8, were a large share of the import's
  // CPU per row).
  let waiting: { text: string; done: () => void; failed: (error: unknown) => void }[] = [];
  let flushing: Promise<void> | null = null;
  let broken: unknown = null;
  let closed = false;
  // The bytes of whole lines on disk: where a batch the disk refused half-way is cut back to.
  let wholeSize = (await handle.stat()).size;
  const flush = async () => {
    while (waiting.length > 0) {
      const batch = waiting;
      waiting = [];
      try {
        if (broken) throw broken;
        const bytes = Buffer.from(batch.map((entry) => entry.text).join(''), 'utf8');
        // Whole or failed (explore 52 item 1): a short write taken as done let a request leave whose
        // intent was only half on disk, and no later import could read that row was sent.
        await writeWhole(handle, bytes);
        if (!SYNCED_WRITES) await handle.datasync();
        wholeSize += bytes.length;
      } catch (error) {
        // A journal that missed a line cannot be trusted for the rest of the run: stop appending. A
        // full disk names the journal (explore 10 item 2): the run stops there, resumable. None of the
        // batch's requests leaves, so the part of it the disk took is cut off again: the journal ends
        // at its last whole line, which says exactly what was sent. Cutting may fail as well (the disk
        // gone): the torn line left is then read as a row in doubt (readJournal), never as not sent.
        if (!broken) await handle.truncate(wholeSize).catch(() => undefined);
        broken ??= asDiskFull(error, path);
        for (const entry of batch) entry.failed(broken);
        continue;
      }
      for (const entry of batch) entry.done();
    }
    flushing = null;
  };
  const append = (line: IntentLine | OutcomeLine): Promise<void> => {
    // The sequence number is taken when the line is handed over: lines reach the file in this order.
    const text = encodeJournalLine(line, nextSeq++) + '\n';
    const written = new Promise<void>((done, failed) => waiting.push({ text, done, failed }));
    // Started a microtask later, so that `flushing` is set before flush() can clear it.
    flushing ??= Promise.resolve().then(flush);
    return written;
  };

  return {
    path,
    state,
    // Even a journal holding only its header: its lost lines (cut at a line break) cannot be told apart.
    resumed: read?.header != null,
    startedAt: header.startedAt,
    notices,
    keptEarlier: keptEarlier && {
      keptAs: keptEarlier.keptAs,
      header: keptEarlier.header,
      written: keptEarlier.written,
      inDoubt: keptEarlier.inDoubt,
    },
    async intent(line) {
      const full: IntentLine = { type: 'intent', ...line };
      state.inDoubt.set(line.row, full);
      state.lastIntent.set(line.row, full);
      await append(full);
    },
    async outcome(line) {
      const full: OutcomeLine = { type: 'outcome', ...line };
      const intent = state.inDoubt.get(line.row);
      applyJournalLine(state, full);
      // Synced too: a lost "created" would make a reconcile lookup necessary for every row since the last sync.
      try {
        await append(full);
      } catch (error) {
        // Not on disk (a full disk): the row is still in doubt for this run's report, as it is for
        // --resume, which looks for it before sending anything (never "not sent" when it may have been).
        if (intent) {
          state.finished.delete(line.row);
          state.inDoubt.set(line.row, intent);
        }
        throw error;
      }
    },
    /** Idempotent: a host may close in more than one place. */
    async close() {
      if (closed) return;
      closed = true;
      await flushing;
      await handle.close();
      await lock.release();
    },
  };
}

async function startFresh(
  path: string,
  binding: JournalBinding,
): Promise<{ handle: FileHandle; header: JournalHeader }> {
  const fresh = await open(path, 'w');
  const header: JournalHeader = {
    type: 'header',
    version: JOURNAL_VERSION,
    ...binding,
    startedAt: new Date().toISOString(),
  };
  try {
    await writeWhole(fresh, encodeJournalLine(header, 0) + '\n');
    await fresh.sync();
  } catch (error) {
    throw asDiskFull(error, path);
  } finally {
    await fresh.close();
  }
  return { handle: await openForAppend(path), header };
}

/**
 * On Linux, lines are appended through a handle opened with O_DSYNC: each write returns only once its
 * data is on disk, what a write followed by fdatasync guarantees (POSIX "synchronized I/O data
 * integrity completion"), in one system call and one trip through libuv's thread pool instead of two.
 * Issue 13: at 200 rows/s, where batches hold one or two lines, that halves the journal's system calls
 * and thread-pool wake-ups per row (docs/benchmarks.md). Elsewhere write + datasync as before: on macOS
 * libuv's datasync is F_FULLFSYNC (through the drive's cache), which O_DSYNC is not; Windows has none.
 */
const SYNCED_WRITES = platform() === 'linux' && typeof fsConstants.O_DSYNC === 'number';

function openForAppend(path: string): Promise<FileHandle> {
  if (!SYNCED_WRITES) return open(path, 'a');
  const { O_WRONLY, O_APPEND, O_CREAT, O_DSYNC } = fsConstants;
  return open(path, O_WRONLY | O_APPEND | O_CREAT | O_DSYNC);
}

/**
 * A run without resume starts its journal afresh, but never over one that recorded sends: that journal
 * is the only record of what its run wrote and of what it may have written (rows in doubt), and what
 * resumes or reverts it. (Explore 2026-12-05: an import killed mid-way, then the same command without
 * --resume, replaced its journal and created 20 rows that have no claim number a second time.)
 * - The same run (file, mapping, mode) is refused, naming the command that finishes it.
 * - Another run's journal (a results file imported again writes its journal where the first run's is,
 *   by default) is kept beside, renamed after when that run began, and said in a notice.
 * A journal whose rows were all refused, or that holds only its header, is replaced as before; a
 * damaged one is refused as a resume refuses it.
 *
 * The command line's words only (--resume, --journal, the mapping's "duplicates"): the app opens its
 * journals resumed, always (main/session/import-runs.ts, revert-runs.ts), so it never gets here.
 */
async function keepEarlierRun(
  path: string,
  binding: JournalBinding,
  resumeCommand: string | undefined,
): Promise<(KeptEarlierRun & { notice: string }) | null> {
  const bytes = await readFile(path).catch(missingIsNull);
  if (!bytes || bytes.toString('utf8').trim() === '') return null;
  const read = readJournal(path, bytes);
  if (!read.header) return null;
  const state = replayJournal(read.lines);
  const written = [...state.finished.values()].filter(
    (line) => line.status === 'created' || line.status === 'updated',
  ).length;
  const inDoubt = state.inDoubt.size;
  if (written === 0 && inDoubt === 0) return null;
  const header = read.header;
  const run = header.kind === 'revert' ? 'revert' : 'import';
  const what = `${written} ${written === 1 ? 'row' : 'rows'} written${inDoubt > 0 ? `, ${inDoubt} sent without an answer (in doubt)` : ''}`;
  // A run into another account (the same file sent to a second office's) is another run: its journal
  // is kept beside, and this one sends every row there (explore: the second account's import said
  // "Nothing left to send" of the first account's run and sent nothing).
  const otherAccount = isOtherAccount(header.account, binding.account);
  const sameRun =
    !otherAccount &&
    (header.kind ?? 'import') === (binding.kind ?? 'import') &&
    header.fileHash === binding.fileHash &&
    header.mappingHash === binding.mappingHash &&
    header.mode === binding.mode;
  if (sameRun) {
    // A run the office undid is not finished either: said as such, not "finish it with --resume".
    await refuseUndone(path, header, state, binding);
    // Rows nothing more is to be done for: a --resume sends every other row it reaches (refused ones too).
    const writtenRows = new Map<number, 'created' | 'updated'>();
    for (const line of state.finished.values())
      if (line.status === 'created' || line.status === 'updated') writtenRows.set(line.row, line.status);
    throw new JournalHoldsRunError(
      { journal: path, written, inDoubt, writtenRows },
      `journal ${path} holds an earlier run of this ${run} (${what}); a run without --resume never replaces it: it is the only record of what that run wrote. ` +
        `Finish that run with${resumeCommand ? `: ${resumeCommand}` : ' --resume'} (nothing it wrote is sent again; the rows it did not reach, and those a refusal or a failure another try may pass left unsent, are sent; ` +
        `rows invalid in the file are listed again, not sent)${run === 'import' ? `. ${sendingAgainWords(header.mode)}` : ''}`,
    );
  }
  const aside = await freeName(path, header.startedAt);
  await rename(path, aside);
  // The same file name with other bytes (the next night's file from the carrier): that run's --resume is
  // refused now, so the journal is no longer what resumes it (explore 59 item 2).
  const replaced = header.file === binding.file && header.fileHash !== binding.fileHash;
  const serves = replaced
    ? `what reverts that run; ${header.file} has changed since, so it no longer resumes it`
    : otherAccount
      ? 'what resumes or reverts that run, connected to that account'
      : 'what resumes or reverts that run';
  return {
    keptAs: aside,
    header,
    written,
    inDoubt,
    notice: `journal ${path} held an earlier ${run} of ${header.file}${otherAccount ? ` into another account (${header.account})` : ''} (${what}); it was kept as ${aside} (${serves}), and this run's journal starts afresh`,
  };
}

/**
 * Explore 63: an import that a revert undid is never finished (undone-import.ts): its rest would go in
 * on top of the undo. Refused before anything is asked of the account, naming the revert.
 */
async function refuseUndone(
  path: string,
  header: JournalHeader,
  state: JournalState,
  binding: JournalBinding,
): Promise<void> {
  if ((binding.kind ?? 'import') !== 'import') return;
  const undone = await revertOfImport(path, header);
  if (!undone) return;
  const written = new Set<number>();
  let created = 0;
  for (const line of state.finished.values()) {
    if (line.status === 'created' || line.status === 'updated') written.add(line.row);
    if (line.status === 'created') created += 1;
  }
  throw new JournalUndoneError(undone, written, binding.file, created);
}

/**
 * A run without --resume refused because its journal holds the same run (keepEarlierRun): what that run
 * wrote, so that a host can tell "nothing left to send" (every row of the file written) from a run that
 * stopped half-way (explore 59 item 7: the same finished import run again said "if it wrote every row,
 * there is nothing left to send", exit 2, as a broken mapping does).
 */
export class JournalHoldsRunError extends InputError {
  readonly journal: string;
  readonly written: number;
  readonly inDoubt: number;
  /** The rows (as numbered in the sheet) the run created or updated, with which it did. */
  readonly writtenRows: ReadonlyMap<number, 'created' | 'updated'>;

  constructor(
    held: {
      journal: string;
      written: number;
      inDoubt: number;
      writtenRows: ReadonlyMap<number, 'created' | 'updated'>;
    },
    message: string,
  ) {
    super('journal_holds_run', message);
    this.journal = held.journal;
    this.written = held.written;
    this.inDoubt = held.inDoubt;
    this.writtenRows = held.writtenRows;
  }
}

/**
 * What another journal really does for rows an earlier run wrote (explore 31 item 4: the refusal said
 * "to send every row again as new requests, give another --journal", and that sent nothing): an import
 * knows what earlier imports into the account created by content and key (earlier-creates.ts), and
 * an update that would change nothing is not sent. The way that does send them is named.
 */
function sendingAgainWords(mode: JournalBinding['mode']): string {
  return mode === 'create'
    ? 'Another --journal would not send the rows it wrote again: an import knows, by content and key, what earlier imports created in this account. ' +
        'To create every row again as new requests (a second copy of each), the mapping must say "duplicates": "create"'
    : 'Another --journal would not send the rows it wrote again: a row whose values Trackops already holds is unchanged and not sent (--force sends it)';
}

/** `r.journal.jsonl` → `r.journal.2026-12-05T08-32-06Z.jsonl` (then `…-2.jsonl`): not yet taken. */
async function freeName(path: string, startedAt: string): Promise<string> {
  const stamp = startedAt.replace(/\.\d+Z$/, 'Z').replace(/:/g, '-');
  // A journal's name may use nearly all of the 255 bytes a name may have (cli/paths.ts measures only
  // the names a run writes itself): the stem gives way to the stamp, as a kept results file's does.
  let stem = basename(path).replace(/\.jsonl$/, '');
  // By whole characters: half of an emoji is not a name the file system would show as the user's.
  while (stem.length > 1 && Buffer.byteLength(`${stem}.${stamp}-99.jsonl`) > 255)
    stem = Array.from(stem).slice(0, -1).join('');
  stem = join(dirname(path), stem);
  for (let n = 1; ; n++) {
    const candidate = `${stem}.${stamp}${n === 1 ? '' : `-${n}`}.jsonl`;
    if ((await stat(candidate).catch(missingIsNull)) === null) return candidate;
  }
}

/**
 * What of an account (as journals record it) tells it from others when a journal is resumed: a practice
 * account by its data file (the whole record); a real one by host name, as a proxy or another port in
 * front of one account changes only the port (this machine's loopback names as one: api/account-key.ts).
 * The app names its send journals by it (main/session/send-journal.ts), so that the journal a send
 * finds is one its resume accepts.
 */
export function journalAccountIdentity(account: string): string {
  if (account.startsWith('built-in sandbox')) return account;
  try {
    return new URL(recordedAccountKey(account)).hostname;
  } catch {
    return account;
  }
}

/** Whether two accounts as journals record them may be one (journalAccountIdentity). */
function sameAccount(a: string, b: string): boolean {
  return a === b || journalAccountIdentity(a) === journalAccountIdentity(b);
}

/**
 * Whether a journal recording `recorded` is of a run into another account than `connected` (both as
 * journals record them), by the rule resuming it is refused by (sameAccount); false when either is not
 * known (a journal written before journals recorded their account).
 */
export function isOtherAccount(recorded: string | undefined, connected: string | undefined): boolean {
  return recorded !== undefined && connected !== undefined && !sameAccount(recorded, connected);
}

/**
 * A journal of a run into another account than the one connected, refused with what going on would do
 * and the way out; null when they may be one account, or either is not known. Explore 17: a resume into
 * another account split one run over two (4 rows here, 6 there). Explore63 #4: a revert looked the
 * import's requests up in another account, said "already as before" of them and could have put values
 * back there, leaving the account the import wrote as it was.
 */
export function otherAccountError(
  path: string,
  recorded: string | undefined,
  connected: string | undefined,
  going: { would: string; wayOut: string },
): InputError | null {
  if (!recorded || !connected || !isOtherAccount(recorded, connected)) return null;
  return new InputError(
    'journal_other_account',
    `journal ${path} is of a run into another account (${recorded}), not ${connected}: ${going.would}. ${going.wayOut}`,
  );
}

function checkBinding(path: string, header: JournalHeader, binding: JournalBinding): void {
  const otherAccount = otherAccountError(path, header.account, binding.account, {
    would: 'resuming would send the rest of its rows there',
    wayOut: 'Resume it connected to that account, or start a new run with another --journal',
  });
  if (otherAccount) throw otherAccount;
  if ((header.kind ?? 'import') !== (binding.kind ?? 'import')) {
    throw new InputError(
      'journal_other_kind',
      `journal ${path} is the journal of ${header.kind === 'revert' ? 'a revert' : 'an import'}, not of ${binding.kind === 'revert' ? 'a revert' : 'an import'}: give another --journal path`,
    );
  }
  if (header.fileHash !== binding.fileHash) {
    throw new InputError(
      'journal_other_file',
      `journal ${path} was written for a different file (${header.file}, or that file has changed since): resuming would send the wrong rows. Resume with the original file, or start a new run with another --journal`,
    );
  }
  if (header.mappingHash !== binding.mappingHash) {
    throw new InputError(
      'journal_other_mapping',
      `journal ${path} was written with a different mapping: resuming would send different bodies. Resume with the original mapping, or start a new run with another --journal`,
    );
  }
  if (header.mode !== binding.mode) {
    throw new InputError(
      'journal_other_mode',
      `journal ${path} was written for mode ${header.mode}, not ${binding.mode}. Resume with --mode ${header.mode}`,
    );
  }
}

function missingIsNull(error: unknown): null {
  if ((error as { code?: string }).code === 'ENOENT') return null;
  throw error;
}
