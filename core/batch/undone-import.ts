/**
 * Whether an import run was undone: a revert journal bound to its journal (revert-source.ts: header
 * `kind: 'revert'`, `file` the import journal, `fileHash` the import run's identity). An import whose
 * office undid it is not to be finished (explore 63): its --resume would send the rows of the file it
 * had not reached on top of the undo, and a row in doubt that the undo put back could go again. The run
 * is refused instead (journal.ts), naming the revert, and a new run is the way to send the file anyway.
 *
 * Looked for where revert writes it: beside the import journal (`J.revert.jsonl` by default, or any
 * name given with --revert-journal in that folder), then where the revert recorded, beside the import
 * journal, that it keeps its journal in another folder (revert-whereabouts.ts).
 *
 * A revert journal is this run's when its header names the run's identity (its header hashed,
 * `startedAt` to the millisecond: no other run shares it), not by where its header says the import's
 * journal was (`file`, absolute): a working folder moved or copied since (renamed, a synced drive
 * mounted elsewhere, a project copied to another computer) holds the same run, undone all the same,
 * at another path, and its --resume was read as not undone and sent the rows the undo never saw.
 */
import { readdir } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { InputError } from '../errors.ts';
import { readJournalFile, readJournalHeader, replayJournal, sha256 } from './journal-read.ts';
import { recordedRevertJournals } from './revert-whereabouts.ts';
import type { JournalHeader } from './journal-types.ts';
import { minuteUtc } from './minute-utc.ts';

export interface UndoneImport {
  /** The import's journal. */
  journal: string;
  /** The revert journal bound to it. */
  revertJournal: string;
  /** When that revert started (its journal header's startedAt, ISO UTC). */
  undoneAt: string;
  /** Requests the revert put back (its journal's `updated` rows). */
  putBack: number;
}

/** `r.journal.jsonl` → `r.journal.revert.jsonl`: where revert (CLI and app) keeps its journal by default. */
export function defaultRevertJournalPath(journalPath: string): string {
  return journalPath.replace(/(\.jsonl)?$/i, '.revert.jsonl');
}

/**
 * The identity a revert journal binds to, hashed (revert-source.ts): the import run's header, not its content,
 * so that a journal replaced by a later run of another file (kept aside under a stamped name) is not
 * taken for the run that was undone.
 */
export function importRunIdentity(header: JournalHeader): string {
  return JSON.stringify([header.file, header.fileHash, header.mappingHash, header.mode, header.startedAt]);
}

/** importRunIdentity hashed as a revert journal's header keeps it (its `fileHash`). */
export function importRunHash(header: JournalHeader): string {
  return sha256(importRunIdentity(header));
}

/** The revert that undid the import run whose journal is `journalPath` (header `header`), if any. */
export async function revertOfImport(
  journalPath: string,
  header: JournalHeader,
): Promise<UndoneImport | null> {
  if (header.kind === 'revert') return null;
  const identity = importRunHash(header);
  const wanted = resolve(journalPath);
  const preferred = defaultRevertJournalPath(wanted);
  const folder = dirname(wanted);
  const names = await readdir(folder).catch(() => [] as string[]);
  const beside = names
    .filter((name) => name.toLowerCase().endsWith('.jsonl'))
    .map((name) => join(folder, name))
    .filter((path) => path !== preferred && path !== wanted);
  // Those beside first: the refusal then names the one it always named.
  const elsewhere = (await recordedRevertJournals(wanted)).filter(
    (path) => path !== preferred && !beside.includes(path),
  );
  const candidates = [preferred, ...beside, ...elsewhere];
  for (const path of candidates) {
    const found = await readJournalHeader(path).catch(() => null);
    if (found?.kind !== 'revert' || found.fileHash !== identity) continue;
    // Read whole for its count; a revert journal that cannot be read exactly still says it was undone.
    const putBack = await readJournalFile(path).then(
      ({ lines }) =>
        [...replayJournal(lines).finished.values()].filter((line) => line.status === 'updated').length,
      () => null,
    );
    return { journal: wanted, revertJournal: path, undoneAt: found.startedAt, putBack: putBack ?? 0 };
  }
  return null;
}

/**
 * An import run refused because a revert undid it. `writtenRows`: the rows (as numbered in the sheet)
 * the import wrote, so that a host that reads the file can say how many rows a resume would send;
 * `created`: how many of them it created (a revert cannot delete them: they are still in the account).
 */
export class JournalUndoneError extends InputError {
  readonly undone: UndoneImport;
  readonly writtenRows: ReadonlySet<number>;
  readonly created: number;

  constructor(undone: UndoneImport, writtenRows: ReadonlySet<number>, file: string, created = 0) {
    super('journal_undone', undoneImportWords(undone, file, null, created));
    this.undone = undone;
    this.writtenRows = writtenRows;
    this.created = created;
  }
}

const requests = (count: number) => `${count} ${count === 1 ? 'request' : 'requests'}`;

/**
 * The refusal, in the command line's words. `rowsLeft`: the rows of the file the import did not write
 * (a resume sends each of them that is valid), when the host counted them. `created`: the requests the
 * import created, which the undo left in the account; a new run does not create them again (earlier-
 * creates.ts), so "every row is sent again" is not said of them (explored: an undone import of creates
 * was said to have "put back 0 requests", to leave "the 0 rows it had not written", and that a new run
 * would send every row again, while it then created none).
 */
export function undoneImportWords(
  undone: UndoneImport,
  file: string,
  rowsLeft: number | null,
  created = 0,
): string {
  const when = minuteUtc(undone.undoneAt);
  const left = `the ${requests(created)} the import created (the API cannot delete them: the revert lists them to close or delete)`;
  const did =
    created === 0
      ? ` and put back ${requests(undone.putBack)}`
      : undone.putBack === 0
        ? `, which left in the account ${left}`
        : ` and put back ${requests(undone.putBack)}; it left in the account ${left}`;
  const rest =
    rowsLeft === null
      ? `the rows of ${file} it had not written`
      : `the ${rowsLeft} ${rowsLeft === 1 ? 'row' : 'rows'} of ${file} it had not written`;
  const refused =
    rowsLeft === 0
      ? `It wrote every row of ${file}, so nothing is left to finish: it is not run again, and nothing was sent. `
      : `Finishing it would send ${rest}, the file that was undone, and could write again what the undo put back: it is not finished, and nothing was sent. `;
  const again =
    created === 0
      ? 'every row is sent again'
      : 'every row is sent again, except rows whose requests an earlier import created and the account still holds: those are not created a second time';
  return (
    `journal ${basename(undone.journal)} is of an import that was undone: a revert of it started on ${when} (revert journal ${shownRevertJournal(undone)})${did}. ` +
    refused +
    `If ${file} should go in after all, check it, then import it again as a new run: without --resume, with another --journal (${again})`
  );
}

/** The revert journal by its name when beside the import's journal, else by its whole path: where it is. */
function shownRevertJournal(undone: UndoneImport): string {
  return dirname(undone.revertJournal) === dirname(undone.journal)
    ? basename(undone.revertJournal)
    : undone.revertJournal;
}
