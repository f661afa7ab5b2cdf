/**
 * How a report's data sheet opens (explore 61 item 4): a filter over the header row, so "_status =
 * invalid" is one click among 20,000 rows, and the header frozen, so the column names stay in sight
 * while scrolling. `_status`/`_errors` stay after the last column, where CONTRACTS section 3 puts them;
 * the filter is what brings the bad rows together. No column is frozen: the report has no row-number
 * column of its own (each row sits at the row number the messages name, which Excel shows itself).
 */
import type ExcelJS from 'exceljs';
import { nameFilterRange } from '../files/workbook-defined-names.ts';

/** The filter over the header row and every row under it, as far right as our last column. */
export function headerFilter(headerRow: number, lastRow: number, lastColumn: number): ExcelJS.AutoFilter {
  return {
    from: { row: headerRow, column: 1 },
    to: { row: Math.max(lastRow, headerRow), column: Math.max(lastColumn, 1) },
  };
}

/** Rows down to the header frozen (a title above it stays too: it is what the clerk sees first). */
export function frozenHeaderView(headerRow: number): Partial<ExcelJS.WorksheetView> {
  return { state: 'frozen', xSplit: 0, ySplit: headerRow, topLeftCell: `A${headerRow + 1}` };
}

/**
 * The same on a copy of the user's own sheet, but only where it has none of its own: their filter (or
 * an Excel table, whose own filter a sheet filter over it would clash with, and Excel would "repair"
 * the file) and their frozen or split panes are what they chose, so they are kept as they are.
 */
export function addFilterAndFrozenHeader(
  workbook: ExcelJS.Workbook,
  sheet: ExcelJS.Worksheet,
  headerRow: number,
  lastColumn: number,
): void {
  const hasTable = sheet.getTables().length > 0;
  if (!sheet.autoFilter && !hasTable) {
    sheet.autoFilter = headerFilter(headerRow, sheet.rowCount, Math.max(lastColumn, sheet.columnCount));
    nameFilterRange(workbook, sheet, () => workbook.worksheets.indexOf(sheet));
  }
  const views = sheet.views ?? [];
  const first = views[0];
  if (first?.state === 'frozen' || first?.state === 'split') return;
  // Their zoom, gridlines and the like stay; the pane is added, with the cursor under the header (a
  // cursor left in the frozen rows would be outside the pane the view says is active).
  sheet.views = [
    {
      ...(first ?? {}),
      ...frozenHeaderView(headerRow),
      activeCell: `A${headerRow + 1}`,
    } as ExcelJS.WorksheetView,
    ...views.slice(1),
  ];
}
