/**
 * What validation makes of a row the reader marked as repeating the header (read/header-repeats.ts):
 * one outcome for every path that reads a file (validateRows, an inline fix's re-check, the round-trip
 * import), so none of them reads such a row as data.
 */
import { problem } from '../problems/format.ts';
import { cellText } from '../read/cell-text.ts';
import type { SheetSource, SourceRow } from '../read/types.ts';
import type { RowOutcome } from './types.ts';

/** Where the sheet's header is, and its names. */
export type HeaderPlace = Pick<SheetSource, 'headerRow' | 'headers'>;

/**
 * A row repeating the header (two exports pasted together) is not data: in the header's order it is
 * left out, saying so; in another order it and every row below it are refused, each named, since
 * their cells are not under the header's columns (read/header-repeats.ts). Null for a row not marked.
 */
export function repeatedHeaderOutcome(row: SourceRow, sheet: HeaderPlace): RowOutcome | null {
  if (!row.repeatsHeader && row.underReorderedHeader === undefined) return null;
  const at = sheet.headerRow;
  if (row.repeatsHeader === 'same')
    return {
      row: row.row,
      status: 'skipped',
      problems: [],
      skipped: {
        rule: 'repeatedHeader',
        reason: `left out: row ${row.row} repeats the header (row ${at}), as where two exports were pasted together; not data`,
      },
      cells: row.cells,
    };
  const fields =
    row.repeatsHeader === 'other'
      ? {
          row: row.row,
          label: null,
          target: null,
          value: row.cells.map((cell) => cellText(cell).trim()).join(', '),
          headerRow: at,
          moved: movedColumns(row, sheet),
        }
      : {
          row: row.row,
          label: null,
          target: null,
          value: null,
          headerRow: at,
          repeatRow: row.underReorderedHeader,
        };
  return {
    row: row.row,
    status: 'invalid',
    problems: [
      problem(row.repeatsHeader === 'other' ? 'header_repeated_reordered' : 'under_reordered_header', fields),
    ],
    cells: row.cells,
  };
}

/**
 * The columns that moved, as a person compares the two rows: the first few, each with the name the
 * header row has there (the whole list of 28 names twice hides the two that swapped).
 */
function movedColumns(row: SourceRow, sheet: HeaderPlace): string {
  const moved: string[] = [];
  row.cells.forEach((cell, index) => {
    const name = cellText(cell).trim();
    const header = sheet.headers[index] ?? '';
    if (name.toLowerCase() !== header.toLowerCase())
      moved.push(`${name || '(blank)'} where row ${sheet.headerRow} has ${header}`);
  });
  return moved.length > 4 ? `${moved.slice(0, 4).join('; ')}; …` : moved.join('; ');
}
