/**
 * Finding the header of an opened sheet: the given row, or the detected one among the first rows,
 * with a message naming the file (and sheet) when there is none.
 */
import type { SourceRow } from './types.ts';
import { SheetReadError } from './sheet-read-error.ts';
import { detectHeaderRow, HEADER_SCAN_ROWS, isBlankRow } from './header-row.ts';
import { cellText, isBlankCell } from './cell-text.ts';
import { CLI_READING_WAYS } from './reading-notes.ts';
import type { ReadingWays } from './types.ts';

/** The first rows, enough to find the header and the table's width; the generator is closed after. */
export async function peekRows(rows: AsyncIterable<SourceRow>, lastRow: number): Promise<SourceRow[]> {
  const peeked: SourceRow[] = [];
  for await (const row of rows) {
    if (row.row > lastRow) break;
    peeked.push(row);
  }
  return peeked;
}

function where(fileName: string, sheet: string | null): string {
  return sheet === null ? fileName : `sheet "${sheet}" of ${fileName}`;
}

export function findHeader(
  fileName: string,
  sheet: string | null,
  peeked: SourceRow[],
  headerRow: number | undefined,
  /** How the host lets the person give the header row (the CLI's mapping key, the app's box). */
  ways: ReadingWays = CLI_READING_WAYS,
): SourceRow {
  if (headerRow !== undefined && (!Number.isInteger(headerRow) || headerRow < 1)) {
    throw new SheetReadError(
      'no_header',
      fileName,
      `The header row for ${where(fileName, sheet)} must be a row number from 1 up, not ${String(headerRow)}.`,
    );
  }
  const nonBlank = peeked.filter((row) => !isBlankRow(row.cells));
  if (nonBlank.length === 0 && headerRow === undefined) {
    throw new SheetReadError(
      'empty_sheet',
      fileName,
      `${where(fileName, sheet)} holds no data in its first ${HEADER_SCAN_ROWS} rows. Choose the sheet that holds the referrals, or remove the empty rows at its top.`,
    );
  }
  if (headerRow !== undefined) {
    const given = nonBlank.find((row) => row.row === headerRow);
    if (!given) {
      throw new SheetReadError(
        'no_header',
        fileName,
        `Row ${headerRow} of ${where(fileName, sheet)} is empty, so it cannot be the header row. Give the number of the row that holds the column names.`,
      );
    }
    return given;
  }
  const detected = detectHeaderRow(nonBlank.slice(0, HEADER_SCAN_ROWS));
  if (!detected) {
    const first = nonBlank[0] as SourceRow;
    const sample = first.cells
      .filter((cell) => !isBlankCell(cell))
      .slice(0, 4)
      .map((cell) => quoted(cellText(cell)))
      .join(' | ');
    throw new SheetReadError(
      'no_header',
      fileName,
      `${where(fileName, sheet)} has no header row: none of its first ${HEADER_SCAN_ROWS} rows reads like column names (row ${first.row} holds: ${sample}). Add a row naming each column above the data, or ${ways.giveHeaderRow()}.`,
    );
  }
  return detected;
}

/** Characters of a cell quoted in the refusal: enough to recognise it, not a paragraph of notes. */
const QUOTED_CHARS = 60;

/** A cell as the "no header row" refusal quotes it: cut at QUOTED_CHARS (never inside a UTF-16 pair). */
function quoted(text: string): string {
  if (text.length <= QUOTED_CHARS) return text;
  const cut = Array.from(text.slice(0, QUOTED_CHARS * 2))
    .slice(0, QUOTED_CHARS)
    .join('');
  return `${cut.trimEnd()}…`;
}
