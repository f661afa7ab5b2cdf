/**
 * Reading a journal file without opening it for a run: its lines read exactly (a damaged line refused,
 * naming it), its header alone, and the rows' state its lines replay to. Kept apart from journal.ts
 * (which opens, locks and appends) so that what only reads journals (a revert's undo check,
 * undone-import.ts) does not import the writer that calls it.
 */
import { createHash, hash } from 'node:crypto';
import { open, readFile } from 'node:fs/promises';
import type { StampZoneLearnt } from '../api/stamp-zone.ts';
import { InputError } from '../errors.ts';
import { decodeJournalLine, tornLineOf, type TornLine } from './journal-lines.ts';
import { readVersion1 } from './journal-migrate.ts';
import { JOURNAL_VERSION, type IntentLine, type JournalHeader, type OutcomeLine } from './journal-types.ts';

/** What a journal on disk says about a run so far. */
export interface JournalState {
  /** Rows with a final outcome (retryable failures and refused writes are not final: resume sends them again). */
  finished: Map<number, OutcomeLine>;
  /** Rows whose last intent has no outcome: the write may or may not have happened. */
  inDoubt: Map<number, IntentLine>;
  /**
   * Each row's last intent, whatever followed it: with `finished`, what tells a resume that an update
   * left and its fate was not learnt (no outcome, or a failure that may pass on another try).
   */
  lastIntent: Map<number, IntentLine>;
  /**
   * Rows whose last outcome is a write Trackops refused with 403 on its own (`write_refused`): never
   * written, so --resume sends them again (the permission may have been granted since) and says so.
   */
  refused: Map<number, OutcomeLine>;
  /**
   * Rows whose last outcome is a failure that is not final (a failure that may pass on another try, or
   * a refused write): what a send of "the failed rows only" sends, and one of "the rows not yet tried"
   * leaves as they failed (runner.ts `rows`).
   */
  failedLast: Map<number, OutcomeLine>;
  /** The zone the server was seen stamping in (an outcome's `stamp_zone`), when it is not UTC. */
  stampZone?: StampZoneLearnt;
}

export function sha256(data: string | Uint8Array): string {
  // Texts (a create's fingerprint, hashed per row) with the one-shot `hash`: no Hash object per call,
  // whose constructor was among the costliest functions V8 optimised during an import (issue 13).
  // A file's bytes keep the incremental hash, which Node recommends for large inputs.
  if (typeof data === 'string') return hash('sha256', data, 'hex');
  return createHash('sha256').update(data).digest('hex');
}

export interface ReadJournal {
  /** Null when the only line, the header, was torn. */
  header: JournalHeader | null;
  lines: (IntentLine | OutcomeLine)[];
  /** Bytes of whole lines; anything after is a torn last line. */
  wholeBytes: number;
  tornTail: boolean;
  /** What the torn last line still says, when there is one. */
  torn?: TornLine;
  /** The last line is whole but has no line break after it (removed by hand): add one before appending. */
  needsBreak?: boolean;
}

/** Every row's state after `lines`, in order (a journal's replay: its resume, its replacement, later imports). */
export function replayJournal(lines: readonly (IntentLine | OutcomeLine)[]): JournalState {
  const state: JournalState = {
    finished: new Map(),
    inDoubt: new Map(),
    lastIntent: new Map(),
    refused: new Map(),
    failedLast: new Map(),
  };
  for (const line of lines) applyJournalLine(state, line);
  return state;
}

export function applyJournalLine(state: JournalState, line: IntentLine | OutcomeLine): void {
  if (line.type === 'intent') {
    state.finished.delete(line.row);
    state.failedLast.delete(line.row);
    state.inDoubt.set(line.row, line);
    state.lastIntent.set(line.row, line);
  } else {
    if (line.stamp_zone) state.stampZone ??= line.stamp_zone;
    state.inDoubt.delete(line.row);
    const refused = line.status === 'failed' && line.error?.code === 'write_refused';
    if (refused) state.refused.set(line.row, line);
    else state.refused.delete(line.row);
    // A refused write was never written: not final either, whenever its journal was written.
    if (line.retryable || refused) {
      state.finished.delete(line.row);
      state.failedLast.set(line.row, line);
    } else {
      state.finished.set(line.row, line);
      state.failedLast.delete(line.row);
    }
  }
}

/** Reads every line exactly, or throws an InputError naming the first line that is not whole and why. */
export function readJournal(path: string, bytes: Buffer): ReadJournal {
  const lastBreak = bytes.lastIndexOf(0x0a);
  const wholeBytes = lastBreak + 1;
  const whole = bytes.subarray(0, wholeBytes).toString('utf8');
  const tail = bytes.subarray(wholeBytes).toString('utf8');
  const texts = whole === '' ? [] : whole.slice(0, -1).split('\n');
  // A last line without its line break is whole if it reads whole (someone removed the final break).
  let tornTail = false;
  if (tail !== '') {
    if (decodeJournalLine(tail).ok) texts.push(tail);
    else tornTail = true;
  }
  if (texts.length === 0) return { header: null, lines: [], wholeBytes: 0, tornTail: true };
  const torn = tornTail ? tornLineOf(tail) : undefined;

  const first = decodeJournalLine(texts[0]!);
  if (!first.ok) {
    const plain = parseJson(texts[0]!) as Partial<JournalHeader> | null;
    if (plain?.type === 'header' && plain.version === 1)
      return { ...readVersion1(path, bytes.toString('utf8')), wholeBytes: bytes.length, tornTail: false };
    if (plain?.type === 'header' && typeof plain.version === 'number' && plain.version > JOURNAL_VERSION) {
      throw new InputError(
        'journal_version',
        `journal ${path} is version ${plain.version}; this trackops-bulk reads versions 1 and ${JOURNAL_VERSION}. Finish that run with the version that wrote it`,
      );
    }
    throw new InputError(
      'journal_unreadable',
      `journal ${path} does not start with a trackops-bulk journal header; give another --journal path, or delete this file to start over`,
    );
  }
  const header = first.value as unknown as JournalHeader;
  if (header.type !== 'header' || first.value.seq !== 0) {
    throw new InputError(
      'journal_unreadable',
      `journal ${path} does not start with a trackops-bulk journal header; give another --journal path, or delete this file to start over`,
    );
  }
  const lines: (IntentLine | OutcomeLine)[] = [];
  for (let index = 1; index < texts.length; index++) {
    const decoded = decodeJournalLine(texts[index]!);
    if (!decoded.ok) throw damaged(path, index + 1, decoded.why);
    if (decoded.value.seq !== index) {
      throw damaged(
        path,
        index + 1,
        `it is entry ${decoded.value.seq} where entry ${index} belongs (lines are missing or out of order)`,
      );
    }
    const { seq: _seq, sum: _sum, ...line } = decoded.value;
    if (line.type !== 'intent' && line.type !== 'outcome')
      throw damaged(path, index + 1, 'it is not a row event');
    lines.push(line as unknown as IntentLine | OutcomeLine);
  }
  return {
    header,
    lines,
    wholeBytes,
    tornTail,
    ...(torn ? { torn } : {}),
    needsBreak: tail !== '' && !tornTail,
  };
}

/**
 * In the command line's words (--journal, --resume): the app shows `journal_damaged` in its own sentence
 * without this one (main/bridge/failure.ts APP_WORDING, detail: false).
 */
function damaged(path: string, lineNumber: number, why: string): InputError {
  return new InputError(
    'journal_damaged',
    `journal ${path} is damaged at line ${lineNumber}: ${why}. A journal that cannot be read exactly cannot say which rows were sent, so it is not used: resuming from it could send rows twice. ` +
      `Put back an undamaged copy if you have one. Otherwise run the import again with a new --journal and without --resume: rows whose reference value Trackops already holds are skipped as duplicates; check rows without one in Trackops first`,
  );
}

/**
 * Every line of the journal at `path`, read exactly (a damaged journal is refused as a resume would
 * refuse it), without locking or changing it: for a revert, which reads a finished import's journal.
 * A torn last line is left out and said in `notices`.
 */
export async function readJournalFile(path: string): Promise<{
  header: JournalHeader;
  lines: (IntentLine | OutcomeLine)[];
  bytes: Buffer;
  notices: string[];
  /** The torn last line left out, as far as it can be read: a send it may record is in doubt. */
  torn: TornLine | null;
}> {
  const bytes = await readFile(path).catch((error: unknown) => {
    if ((error as { code?: string }).code === 'ENOENT')
      throw new InputError(
        'journal_missing',
        `journal ${path} does not exist: give the journal of the import to undo`,
      );
    throw error;
  });
  const read = bytes.toString('utf8').trim() === '' ? null : readJournal(path, bytes);
  if (!read?.header) {
    throw new InputError(
      'journal_unreadable',
      `journal ${path} holds no trackops-bulk journal header: give the journal of the import to undo`,
    );
  }
  const notices = read.tornTail
    ? [`journal ${path}: its last line was cut short (the run stopped mid-write); it was left out`]
    : [];
  return { header: read.header, lines: read.lines, bytes, notices, torn: read.torn ?? null };
}

/** The header of the journal at `path`, or null when there is none or it is not a journal (for finding one). */
export async function readJournalHeader(path: string): Promise<JournalHeader | null> {
  const handle = await open(path, 'r').catch(() => null);
  if (!handle) return null;
  try {
    const buffer = Buffer.alloc(8192);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    const first = buffer.subarray(0, bytesRead).toString('utf8').split('\n')[0] ?? '';
    const value = parseJson(first) as Partial<JournalHeader> | null;
    return value?.type === 'header' && typeof value.fileHash === 'string' ? (value as JournalHeader) : null;
  } finally {
    await handle.close();
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}
