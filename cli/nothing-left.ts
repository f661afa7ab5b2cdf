/**
 * The same finished import run again without --resume (a schedule's second run, a file the carrier did
 * not replace): its journal holds the run, which a run without --resume never replaces (core's
 * keepEarlierRun). When that run wrote every row of the file, there is nothing to do, and that is said
 * as such (explore 59 item 7: "if it wrote every row, there is nothing left to send", exit 2, was a
 * script's "your mapping is broken" too). Exit 0 (CONTRACTS: every row valid, every row sent
 * succeeded), with the counts a --resume of the finished run gives: every row settled by the earlier
 * run, none written now.
 */
import type { JournalHoldsRunError, SheetSource } from '../core/index.ts';

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
