/**
 * The sheet's columns a mapping does not read (explore 34 item 3): a template made last month, and a
 * carrier that adds "Claimant SSN" and "Flags" this month. The mapping checks its own columns against
 * the sheet (check-headers.ts), so a column removed or renamed is refused; a column added was dropped
 * without a word, its values never reaching Trackops. It is a note, not a refusal: the rows the mapping
 * reads are what the clerk asked for.
 *
 * The mapping file (CONTRACTS section 2) has no place to record the columns a template leaves out on
 * purpose, nor the headers it was made from, so a column left out on purpose cannot be told from one
 * added since: every unread column is named, once per run, in one line.
 */
import { resolveHeaderCase } from '../mapping/check-headers.ts';
import type { Mapping } from '../mapping/schema.ts';
import { isToolColumn } from '../read/tool-columns.ts';
import type { SheetSource } from '../read/types.ts';
import { suggestRoundTripCsv } from '../suggest/round-trip-csv.ts';
import { unreadRepeats } from './same-header-columns.ts';

/** At most this many columns are named in the note; the rest are counted ("and 4 more"). */
const NAMED_COLUMNS = 10;

/**
 * The sheet's headers, in sheet order, that the mapping neither maps nor names in `skip.whenBlank`.
 * Left out: trackops-bulk's own columns (a report or results file checked again), a round-trip CSV's
 * read-only columns, and a repeat of a header the mapping reads ("Notes (2)"), which
 * repeatedHeaderNotes names with its letter already.
 */
export function unreadColumns(
  given: Mapping,
  sheet: Pick<SheetSource, 'headers' | 'repeatedHeaders'>,
): string[] {
  const mapping = resolveHeaderCase(given, sheet.headers).mapping;
  const read = new Set([
    ...mapping.columns.map((column) => column.column),
    ...(mapping.skip?.whenBlank ?? []),
  ]);
  const readIndexes = new Set(sheet.headers.flatMap((header, index) => (read.has(header) ? [index] : [])));
  const saidAsRepeats = new Set(
    unreadRepeats(sheet.repeatedHeaders ?? [], readIndexes).map((repeat) => repeat.column),
  );
  // A round-trip CSV's columns an update cannot send (updated_at, the subjects…): the export writes them
  // for reference, and `map` lists them apart as read-only; naming them each run would bury the others.
  const readOnly = new Set(
    suggestRoundTripCsv({ headers: sheet.headers, sampleRows: [], fileName: '' })
      ?.columns.filter((column) => column.readOnly)
      .map((column) => column.column) ?? [],
  );
  return sheet.headers.filter(
    (header, index) =>
      !read.has(header) && !isToolColumn(header) && !saidAsRepeats.has(index) && !readOnly.has(header),
  );
}

/**
 * "month2.csv has 2 columns the mapping does not read: 'Claimant SSN', 'Flags': not imported; add them
 * to the mapping to import them" — or nothing, when the mapping reads every column.
 */
export function unreadColumnsNotes(columns: readonly string[], fileName: string): string[] {
  if (columns.length === 0) return [];
  const one = columns.length === 1;
  const named = columns
    .slice(0, NAMED_COLUMNS)
    .map((column) => `'${column}'`)
    .join(', ');
  const more = columns.length > NAMED_COLUMNS ? ` and ${columns.length - NAMED_COLUMNS} more` : '';
  return [
    `${fileName} has ${columns.length} ${one ? 'column' : 'columns'} the mapping does not read: ${named}${more}: ` +
      `not imported; add ${one ? 'it' : 'them'} to the mapping to import ${one ? 'it' : 'them'}`,
  ];
}
