/** Choosing the sheet to read: by name, by position, or the first visible sheet that holds data. */
import type { SheetInfo } from './types.ts';
import type { WorkbookLayout, WorkbookSheet } from './workbook-layout.ts';
import { SheetReadError, SAVE_AS_ADVICE } from './sheet-read-error.ts';

function describeSheets(sheets: SheetInfo[]): string {
  return sheets.map((sheet) => `"${sheet.name}"${sheet.hidden ? ' (hidden)' : ''}`).join(', ');
}

export function pickSheet(
  fileName: string,
  layout: WorkbookLayout,
  wanted: string | number | undefined,
): WorkbookSheet {
  const { sheets } = layout;
  let sheet: WorkbookSheet | undefined;
  if (wanted === undefined || wanted === '') {
    sheet =
      sheets.find((candidate) => !candidate.hidden && candidate.hasData) ??
      sheets.find((candidate) => !candidate.hidden) ??
      sheets[0];
  } else if (typeof wanted === 'number') {
    sheet = sheets[wanted - 1];
  } else {
    const key = wanted.trim().toLowerCase();
    sheet =
      sheets.find((candidate) => candidate.name === wanted) ??
      sheets.find((candidate) => candidate.name.trim().toLowerCase() === key) ??
      (/^\d+$/.test(key) ? sheets[Number(key) - 1] : undefined);
  }
  if (!sheet) {
    throw new SheetReadError(
      'sheet_not_found',
      fileName,
      `${fileName} has no sheet ${typeof wanted === 'number' ? `at position ${wanted}` : `named "${wanted}"`}. Its sheets are: ${describeSheets(sheets)}. Give one of these names, or a position from 1 to ${sheets.length}.`,
    );
  }
  if (!layout.parts.has(sheet.part)) {
    const isChart = sheet.part.includes('chartsheets/');
    throw new SheetReadError(
      isChart ? 'empty_sheet' : 'corrupt_workbook',
      fileName,
      isChart
        ? `Sheet "${sheet.name}" of ${fileName} is a chart, not a table. Choose another sheet: ${describeSheets(sheets)}.`
        : `Sheet "${sheet.name}" of ${fileName} is missing from inside the file. ${SAVE_AS_ADVICE}`,
    );
  }
  return sheet;
}
