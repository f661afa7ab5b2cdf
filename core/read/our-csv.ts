/**
 * CSV files trackops-bulk wrote itself, read back: the round-trip export (`export --columns round-trip`),
 * the validation report and the import results. Every CSV the tool writes puts a `'` before text a
 * spreadsheet would run as a formula (csv-writer.ts); read back as it was written, that `'` went to
 * Trackops as part of the value (an unedited round trip overwrote `+1 303 …` with `'+1 303 …`). The guard
 * is reversible: the writer guards text starting with any run of `'` followed by `=`, `+`, `-`, `@`, a
 * tab or a carriage return, so exactly one `'` before such a run is always the guard, and taking it off
 * gives back what was written. A CSV from elsewhere keeps its values as written: another program may
 * mean the apostrophe.
 */
import { parseTarget } from '../mapping/targets.ts';
import { isToolColumn } from './tool-columns.ts';

/** The text a formula guard goes before, after any `'` a value itself starts with. */
const GUARDED = /^'*[=+\-@\t\r]/;

/** Text as the CSV writes it: a `'` before text that starts like a formula, or like a guarded one. */
export function neutraliseFormula(text: string): string {
  // Every exported text cell comes here: most start with none of GUARDED's first characters, and one
  // character's test is cheaper than the expression (issue 13, the CSV export).
  const first = text.charCodeAt(0);
  if (first !== 0x27 && first !== 0x3d && first !== 0x2b && first !== 0x2d && first !== 0x40)
    if (first !== 0x09 && first !== 0x0d) return text;
  return GUARDED.test(text) ? `'${text}` : text;
}

/** A guard `'` the writer put before `=`, `+`, `-`, `@`, tab or CR (or before `'` + those). */
const GUARD = /^'(?='*[=+\-@\t\r])/;

/** `neutraliseFormula` undone: exactly one guard `'` off, text without one as it is. */
export function removeFormulaGuard(text: string): string {
  return GUARD.test(text) ? text.slice(1) : text;
}

/** True when text starts as a guarded cell would (`'=`, `'+1 303`, `''-x`): for a note on a file not ours. */
export function looksFormulaGuarded(text: string): boolean {
  return GUARD.test(text);
}

/** Columns the round-trip export writes for context, never targets. */
export const ROUND_TRIP_CONTEXT_COLUMNS: ReadonlySet<string> = new Set(['updated_at', 'created_at']);

/**
 * The headers of a round-trip CSV: `id` and `updated_at` (the rule the XLSX round trip uses), and the
 * other headers target paths, context columns or the tool's own columns, but for a few a clerk added
 * ("My notes" beside the export's columns: it stays a round trip, the added columns are not imported,
 * roundTripAddedColumns). A few: at most one for every four of the export's, which a round-trip export
 * (35 columns and more) leaves room for, and a sheet of other headers that happens to hold `id` and
 * `updated_at` does not reach.
 */
export function isRoundTripCsvHeader(headers: readonly string[]): boolean {
  if (!headers.includes('id') || !headers.includes('updated_at')) return false;
  const added = roundTripAddedColumns(headers).length;
  const ours = headers.filter((header) => header !== '' && !isToolColumn(header)).length - added;
  return added * 4 <= ours;
}

/** A round-trip CSV's headers that the export did not write: columns the clerk added, never imported. */
export function roundTripAddedColumns(headers: readonly string[]): string[] {
  return headers.filter(
    (header) =>
      header !== '' &&
      !isToolColumn(header) &&
      !ROUND_TRIP_CONTEXT_COLUMNS.has(header) &&
      parseTarget(header) === null,
  );
}

/**
 * The headers of a CSV the tool wrote: a round-trip export, or a report or results file (its `_status`
 * column and another of the tool's own columns: `_errors`, `_error`, `_id`…).
 */
export function writtenByTrackopsBulk(headers: readonly string[]): boolean {
  const tool = headers.filter((header) => isToolColumn(header)).map((header) => header.trim().toLowerCase());
  if (tool.includes('_status') && tool.length >= 2) return true;
  return isRoundTripCsvHeader(headers);
}
