/**
 * The import journal: an append-only JSON-lines file, one line per event, so that `--resume` after a
 * crash, `kill -9` or power loss finishes the run without sending any row twice (CONTRACTS section 1).
 *
 * - The first line is the header: format `version`, and what the journal is bound to (the source file's
 *   content hash, the mapping's hash, the mode). Resuming against anything else is refused.
 * - `intent` is appended and fsynced before a request that writes leaves; `outcome` after its answer.
 *   A row with an intent and no outcome is "in doubt": its create may or may not have been stored.
 * - Nothing here holds the token; bodies are not stored either, only a fingerprint of them.
 * A torn last line (killed mid-write) is ignored: its intent never completed, so its request never left.
 */
import { createHash } from 'node:crypto';
import { open, readFile, type FileHandle } from 'node:fs/promises';
import { InputError } from '../errors.ts';
import type { ImportMode } from '../validate/types.ts';

export const JOURNAL_VERSION = 1;

export interface JournalBinding {
  /** The source file's name as the user gave it (for messages). */
  file: string;
  fileHash: string;
  mappingHash: string;
  mode: ImportMode;
}

export interface JournalHeader extends JournalBinding {
  type: 'header';
  version: number;
  startedAt: string;
}

export interface IntentLine {
  type: 'intent';
  row: number;
  op: 'create' | 'update';
  /** Update target. */
  id?: number;
  /** When the request left (ISO, UTC): reconciling a create looks among requests created since then. */
  at: string;
  /** Fingerprint of the fields that identify a create body (see fingerprint.ts). */
  fingerprint?: string;
  /** A list filter that finds this row's request, when the row has one (match key or reference value). */
  lookup?: { filter: string; value: string };
}

export type OutcomeStatus = 'created' | 'updated' | 'failed';

export interface OutcomeLine {
  type: 'outcome';
  row: number;
  status: OutcomeStatus;
  id?: number;
  case_request_number?: string;
  /** The API's refusal (failed rows), as words a clerk can act on. */
  error?: { code: string; message: string; target?: string | null };
  /** Something the clerk should know about a row that was written (e.g. its id could not be read). */
  note?: { code: string; message: string };
  /** A failure that may pass on another try (server or network trouble): `--resume` tries the row again. */
  retryable?: boolean;
}

export type JournalLine = JournalHeader | IntentLine | OutcomeLine;

/** What a journal on disk says about a run so far. */
export interface JournalState {
  /** Rows with a final outcome (retryable failures are not final: resume sends them again). */
  finished: Map<number, OutcomeLine>;
  /** Rows whose last intent has no outcome: the write may or may not have happened. */
  inDoubt: Map<number, IntentLine>;
}

export interface Journal {
  readonly path: string;
  readonly state: JournalState;
  /** Appends and fsyncs before returning: call it before the request leaves. */
  intent(line: Omit<IntentLine, 'type'>): Promise<void>;
  outcome(line: Omit<OutcomeLine, 'type'>): Promise<void>;
  close(): Promise<void>;
}

export function sha256(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/**
 * Opens `path` for this run. Without `resume`, any earlier journal there is replaced by a new one.
 * With `resume`, an existing journal must be bound to the same file, mapping and mode (else InputError);
 * a missing one simply starts the run.
 */
export async function openJournal(
  path: string,
  binding: JournalBinding,
  options: { resume: boolean },
): Promise<Journal> {
  const state: JournalState = { finished: new Map(), inDoubt: new Map() };
  let existing: string | null = null;
  if (options.resume) existing = await readFile(path, 'utf8').catch(missingIsNull);
  let handle: FileHandle;
  if (existing !== null && existing.trim() !== '') {
    replay(path, existing, binding, state);
    handle = await open(path, 'a');
    // A torn last line gets a line break of its own, so the next line parses.
    if (!existing.endsWith('\n')) await handle.write('\n');
  } else {
    handle = await open(path, 'w');
    const header: JournalHeader = {
      type: 'header',
      version: JOURNAL_VERSION,
      ...binding,
      startedAt: new Date().toISOString(),
    };
    await handle.write(JSON.stringify(header) + '\n');
    await handle.sync();
  }

  let queue: Promise<void> = Promise.resolve();
  const append = (line: JournalLine, sync: boolean): Promise<void> => {
    const run = async () => {
      await handle.write(JSON.stringify(line) + '\n');
      if (sync) await handle.datasync();
    };
    queue = queue.then(run, run);
    return queue;
  };

  return {
    path,
    state,
    async intent(line) {
      const full: IntentLine = { type: 'intent', ...line };
      state.inDoubt.set(line.row, full);
      await append(full, true);
    },
    async outcome(line) {
      const full: OutcomeLine = { type: 'outcome', ...line };
      state.inDoubt.delete(line.row);
      if (!full.retryable) state.finished.set(line.row, full);
      // Synced too: a lost outcome line would only cost a reconcile lookup, but a lost "created" would
      // make that lookup necessary for every row written since the last sync.
      await append(full, true);
    },
    async close() {
      await queue.catch(() => {});
      await handle.close();
    },
  };
}

function replay(path: string, text: string, binding: JournalBinding, state: JournalState): void {
  const lines = text.split('\n');
  const header = parseLine(lines[0] ?? '');
  if (!header || header.type !== 'header') {
    throw new InputError(
      'journal_unreadable',
      `journal ${path} does not start with a trackops-bulk journal header; give another --journal path, or delete this file to start over`,
    );
  }
  if (header.version !== JOURNAL_VERSION) {
    throw new InputError(
      'journal_version',
      `journal ${path} is version ${header.version}; this trackops-bulk reads version ${JOURNAL_VERSION}. Finish that run with the version that wrote it`,
    );
  }
  if (header.fileHash !== binding.fileHash) {
    throw new InputError(
      'journal_other_file',
      `journal ${path} was written for a different file (${header.file}, or that file has changed since): resuming would send the wrong rows. Resume with the original file, or start a new run without --resume (or with another --journal)`,
    );
  }
  if (header.mappingHash !== binding.mappingHash) {
    throw new InputError(
      'journal_other_mapping',
      `journal ${path} was written with a different mapping: resuming would send different bodies. Resume with the original mapping, or start a new run without --resume`,
    );
  }
  if (header.mode !== binding.mode) {
    throw new InputError(
      'journal_other_mode',
      `journal ${path} was written for mode ${header.mode}, not ${binding.mode}. Resume with --mode ${header.mode}`,
    );
  }
  for (let index = 1; index < lines.length; index++) {
    const line = parseLine(lines[index] ?? '');
    // Unparseable: the torn last write of a killed run (its request had not left yet).
    if (!line) continue;
    if (line.type === 'intent') {
      state.finished.delete(line.row);
      state.inDoubt.set(line.row, line);
    } else if (line.type === 'outcome') {
      state.inDoubt.delete(line.row);
      if (!line.retryable) state.finished.set(line.row, line);
    }
  }
}

function parseLine(text: string): JournalLine | null {
  if (!text.trim()) return null;
  try {
    const value = JSON.parse(text) as JournalLine;
    return typeof value === 'object' && value !== null && 'type' in value ? value : null;
  } catch {
    return null;
  }
}

function missingIsNull(error: unknown): null {
  if ((error as { code?: string }).code === 'ENOENT') return null;
  throw error;
}
