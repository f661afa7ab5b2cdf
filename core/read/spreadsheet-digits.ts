/**
 * Excel and LibreOffice keep and show 15 significant digits of a number: a cell computed as 0.1+0.2
 * holds 0.30000000000000004 in the file but shows, copies and saves (in a CSV, and as LibreOffice writes
 * an XLSX) 0.3. Digits past the 15th are the binary tail of a decimal no one typed, so a number is taken
 * as the spreadsheet shows it wherever a clerk's file and Trackops' value meet: reading an XLSX cell
 * (workbook-rows.ts), telling an edit in a round trip (export/round-trip-meta.ts, validate/
 * read-only-cells.ts) and deciding "unchanged" (validate/field-changes.ts).
 */

/** The significant digits a spreadsheet keeps of a number. */
export const SPREADSHEET_DIGITS = 15;

/** `number` as a spreadsheet shows it: rounded to 15 significant digits (0.30000000000000004 → 0.3). */
export function asSpreadsheetShows(number: number): number {
  return Number.isFinite(number) ? Number(number.toPrecision(SPREADSHEET_DIGITS)) : number;
}
