/**
 * The same finished import run again without --resume (a schedule's second run, a file the carrier did
 * not replace): its journal holds the run, which a run without --resume never replaces (core's
 * keepEarlierRun). When that run wrote every row of the file, there is nothing to do, and that is said
 * as such (explore 59 item 7: "if it wrote every row, there is nothing left to send", exit 2, was a
 * script's "your mapping is broken" too). Exit 0 (CONTRACTS: every row valid, every row sent
 * succeeded), with the counts a run of the same file from another journal gives: every row skipped, as
 * settled by the earlier run.
 */
import type { JournalHoldsRunError, SheetSource } from '../core/index.ts';

/** The number of data rows, when the earlier run wrote every one of them and left none in doubt; else null. */
export async function everyRowWritten(
  held: JournalHoldsRunError,
  sheet: SheetSource,
): Promise<number | null> {
  if (held.inDoubt > 0) return null;
  let rows = 0;
  // A row the journal does not hold as written (refused, not reached, left out as invalid) is one a
  // --resume may still send or report: then the refusal stands, with the way on it names.
  for await (const row of sheet.rows()) {
    if (!held.writtenRows.has(row.row)) return null;
    rows += 1;
  }
  return rows > 0 ? rows : null;
}

/** The line said on stdout (stderr under --json). */
export function nothingLeftWords(file: string, rows: number, journal: string): string {
  return (
    `Nothing left to send: the earlier run of this import (journal ${journal}) wrote every row of ${file} ` +
    `(${rows} ${rows === 1 ? 'row' : 'rows'}), so nothing was sent. The journal is kept as the record of that run.`
  );
}

/** The --json summary: every row read, none sent by this run, each settled by the earlier one. */
export function nothingLeftSummary(rows: number, seconds: number) {
  return {
    rows,
    valid: rows,
    invalid: 0,
    created: 0,
    updated: 0,
    unchanged: 0,
    skipped: rows,
    failed: 0,
    duplicate: 0,
    unsent: 0,
    interrupted: false,
    noted: 0,
    settled_earlier: rows,
    nothing_left_to_send: true,
    requests: 0,
    retries: 0,
    seconds,
  };
}
