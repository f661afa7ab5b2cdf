/**
 * How a report's data sheet opens (explore 61 item 4): a filter over the header row, so "_status =
 * invalid" is one click among 20,000 rows, and the header frozen, so the column names stay in sight
 * while scrolling. `_status`/`_errors` stay after the last column, where CONTRACTS section 3 puts them;
 * the filter is what brings the bad rows together. No column is frozen: the report has no row-number
 * column of its own (each row sits at the row number the messages name, which Excel shows itself).
 */
import type ExcelJS from 'exceljs';

/** The filter over the header row and every row under it, as far right as our last column. */
export function headerFilter(headerRow: number, lastRow: number, lastColumn: number): ExcelJS.AutoFilter {
  return {
    from: { row: headerRow, column: 1 },
    to: { row: Math.max(lastRow, headerRow), column: Math.max(lastColumn, 1) },
  };
}

/**
 * Names the sheet's filter range as Excel does (`_xlnm._FilterDatabase`, local to the sheet): Excel
 * shows a filter without it, LibreOffice does not (it builds its filter from that name, so a report
 * opened there had no filter). exceljs 4.4.0 writes no such name and keeps defined names cell by cell
 * with no sheet scope, so the name is added to what its `definedNames.model` gives at write time, with
 * the sheet's index as the workbook is written then (a summary sheet added later comes after it).
 */
export function nameFilterRange(
  workbook: { definedNames: unknown },
  sheet: { name: string; autoFilter?: ExcelJS.AutoFilter | null },
  sheetIndex: () => number,
): void {
  const names = workbook.definedNames as object;
  const model = Object.getOwnPropertyDescriptor(Object.getPrototypeOf(names), 'model');
  if (!model?.get || !model.set) return; // another exceljs: Excel still shows the filter
  const { get, set } = model;
  Object.defineProperty(names, 'model', {
    configurable: true,
    get(): unknown[] {
      const given = get.call(this) as unknown[];
      const range = filterRange(sheet.autoFilter);
      if (range === null) return given;
      const quoted = `'${sheet.name.replace(/'/g, "''")}'`;
      return [
        ...given,
        { name: '_xlnm._FilterDatabase', localSheetId: sheetIndex(), ranges: [`${quoted}!${range}`] },
      ];
    },
    set(value: unknown) {
      set.call(this, value);
    },
  });
}

/** `$A$1:$AD$11` of a filter given as from/to cells (as ours are), or null when there is none. */
function filterRange(filter: ExcelJS.AutoFilter | null | undefined): string | null {
  if (!filter || typeof filter === 'string') return null;
  const { from, to } = filter;
  if (typeof from === 'string' || typeof to === 'string') return null;
  const cell = (at: { row: number; column: number }) => `$${columnLetters(at.column)}$${at.row}`;
  return `${cell(from)}:${cell(to)}`;
}

/** 1 → A, 27 → AA. */
function columnLetters(column: number): string {
  let letters = '';
  for (let n = column; n > 0; n = Math.floor((n - 1) / 26))
    letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
  return letters;
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
