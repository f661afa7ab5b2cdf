/**
 * A file with nothing under its header (the wrong sheet of a workbook, the wrong export, a header-only
 * CSV) has nothing to check or import: not a success (README exit codes: 1 "or no data rows"). validate
 * and import say it in the same words (explore 31 item 2: import said "0 rows … Created 0", exit 0).
 */
import type { SheetSource } from '../core/read/types.ts';

/** "referrals.xlsx, sheet "Referrals", header in row 4" for the readable summary. */
export function describeSheet(file: string, sheet: SheetSource): string {
  return `${file}${sheet.sheet === null ? '' : `, sheet "${sheet.sheet}"`}, header in row ${sheet.headerRow}`;
}

/**
 * Whether anything but blank rows lies under the header: the first row read answers it (one chunk of
 * the file), so an import of an empty sheet is refused before it asks the account anything.
 */
export async function hasDataRows(sheet: SheetSource): Promise<boolean> {
  for await (const _row of sheet.rows()) return true;
  return false;
}

/**
 * The line that says so. `skipped`: rows the mapping's skip rules left out (all of them), by rule;
 * `doing`: what there was nothing to do ("check", "import"); `headerRowWords`: where the header row is set.
 */
export function noDataRowsLine(
  sheetWords: string,
  doing: string,
  headerRowWords: string,
  skipped?: { count: number; byRule?: string },
): string {
  return skipped && skipped.count > 0
    ? `No data rows in ${sheetWords}: all ${skipped.count} rows under the header are left out by the mapping's skip rules${skipped.byRule ? ` (${skipped.byRule})` : ''}. Check the mapping's "skip".`
    : `No data rows in ${sheetWords}: nothing under the header to ${doing}. Check that this is the file and sheet you meant (--sheet) and where its header is (${headerRowWords}).`;
}
