/**
 * The same finished import run again without --resume (a schedule's second run, a file the carrier did
 * not replace): its journal holds the run, which a run without --resume never replaces (core's
 * keepEarlierRun). When that run wrote every row of the file, there is nothing to do, and that is said
 * as such (explore 59 item 7: "if it wrote every row, there is nothing left to send", exit 2, was a
 * script's "your mapping is broken" too). Exit 0 (CONTRACTS: every row valid, every row sent
 * succeeded), with the counts a --resume of the finished run gives: every row settled by the earlier
 * run, none written now.
 */
import type { JournalHoldsRunError } from '../core/batch/journal.ts';
import type { SheetSource } from '../core/read/types.ts';

/** What the earlier run wrote of the file's data rows, when it wrote every one and left none in doubt; else null. */
export async function everyRowWritten(
  held: JournalHoldsRunError,
  sheet: SheetSource,
): Promise<{ created: number; updated: number } | null> {
  if (held.inDoubt > 0) return null;
  const written = { created: 0, updated: 0 };
  // A row the journal does not hold as written (refused, not reached, left out as invalid) is one a
  // --resume may still send or report: then the refusal stands, with the way on it names.
  for await (const row of sheet.rows()) {
    const status = held.writtenRows.get(row.row);
    if (!status) return null;
    written[status] += 1;
  }
  return written.created + written.updated > 0 ? written : null;
}

/** How many rows of the file are not among `rows` (an undone import's refusal: what its resume would send). */
export async function rowsNotIn(rows: ReadonlySet<number>, sheet: SheetSource): Promise<number> {
  let left = 0;
  for await (const row of sheet.rows()) if (!rows.has(row.row)) left += 1;
  return left;
}

/** The line said on stdout (stderr under --json). */
export function nothingLeftWords(file: string, rows: number, journal: string): string {
  return (
    `Nothing left to send: the earlier run of this import (journal ${journal}) wrote every row of ${file} ` +
    `(${rows} ${rows === 1 ? 'row' : 'rows'}), so nothing was sent. The journal is kept as the record of that run.`
  );
}

/**
 * The --json summary: the run's counts, as a --resume of it gives them (every row read in one count),
 * every row settled by the earlier run, none written now.
 */
export function nothingLeftSummary(written: { created: number; updated: number }, seconds: number) {
  const rows = written.created + written.updated;
  return {
    rows,
    valid: rows,
    invalid: 0,
    created: written.created,
    updated: written.updated,
    unchanged: 0,
    skipped: 0,
    failed: 0,
    duplicate: 0,
    unsent: 0,
    interrupted: false,
    settled_earlier: rows,
    created_now: 0,
    updated_now: 0,
    nothing_left_to_send: true,
    noted: 0,
    requests: 0,
    retries: 0,
    seconds,
  };
}

/**
 * What a finished run left, as its counts give it (explore 62 item 1): the same command run again on
 * the unchanged file settled every row as its --resume would, and none was to be sent. Said before the
 * summary, which lists the rows and their reasons.
 */
export interface RunLeft {
  /** Rows the earlier run wrote (created or updated), found in its journal. */
  written: number;
  invalid: number;
  /** Sent and refused by Trackops for a reason another try does not pass (a 422): in the results. */
  failed: number;
  duplicate: number;
  unchanged: number;
  /** Rows an earlier import (another journal) created, or an earlier run's results say it wrote. */
  sentBefore: number;
}

export function nothingLeftAfterRunWords(
  file: string,
  journal: string,
  left: RunLeft,
  /** The earlier run's results file as it is there (null: none asked for, or none there now). */
  results: string | null,
): string {
  const rows = (n: number) => `${n} ${n === 1 ? 'row' : 'rows'}`;
  const parts = [`it wrote ${rows(left.written)}`];
  if (left.sentBefore)
    parts.push(
      `${rows(left.sentBefore)} ${left.sentBefore === 1 ? 'was' : 'were'} written by an earlier import, not sent again`,
    );
  if (left.duplicate)
    parts.push(
      `${rows(left.duplicate)} ${left.duplicate === 1 ? 'is' : 'are'} already in Trackops (duplicate${left.duplicate === 1 ? '' : 's'}), not sent`,
    );
  if (left.unchanged)
    parts.push(
      `${rows(left.unchanged)} ${left.unchanged === 1 ? 'holds' : 'hold'} what Trackops holds (unchanged), not sent`,
    );
  // Fixed in the file, its bytes change: the next run is a run of its own, and the rows written are
  // known by the journal kept beside (the rows fixed are the ones sent).
  if (left.invalid)
    parts.push(
      `${rows(left.invalid)} ${left.invalid === 1 ? 'is' : 'are'} invalid in the file, not sent: fix ${left.invalid === 1 ? 'it' : 'them'} in ${file} and run the import again (the rows written are not sent again)`,
    );
  if (left.failed)
    parts.push(
      `${rows(left.failed)} Trackops refused for good (the reasons are below): fix ${left.failed === 1 ? 'it' : 'them'} in ${file} and run the import again`,
    );
  const kept = results ? ` The results file ${results} is left as that run wrote it.` : '';
  return (
    `Nothing left to send: the earlier run of this import (journal ${journal}) finished with ${file}: ${parts.join('; ')}. ` +
    `Nothing was sent now; --resume would send nothing more.${kept}`
  );
}

/** The rows a run not finished left to send, said after its refusal (the first ten named). */
export function rowsLeftWords(rows: readonly number[]): string {
  const named = rows.slice(0, 10).join(', ');
  const more = rows.length > 10 ? ` and ${rows.length - 10} more` : '';
  return rows.length === 1
    ? `It is not finished: row ${named} is left to send`
    : `It is not finished: ${rows.length} rows are left to send (rows ${named}${more})`;
}
