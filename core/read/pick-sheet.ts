/** Choosing the sheet to read: by name, by position, or the first visible sheet that holds data. */
import type { SheetInfo } from './types.ts';
import type { WorkbookLayout, WorkbookSheet } from './workbook-layout.ts';
import { SheetReadError, SAVE_AS_ADVICE } from './sheet-read-error.ts';

function describeSheets(sheets: SheetInfo[]): string {
  return sheets.map((sheet) => `"${sheet.name}"${sheet.hidden ? ' (hidden)' : ''}`).join(', ');
}

/** The sheet named `wanted`: as written, else in any letter case and without edge spaces. */
function namedSheet<Sheet extends SheetInfo>(wanted: string, sheets: readonly Sheet[]): Sheet | undefined {
  const key = wanted.trim().toLowerCase();
  return (
    sheets.find((candidate) => candidate.name === wanted) ??
    sheets.find((candidate) => candidate.name.trim().toLowerCase() === key)
  );
}

/**
 * The position `wanted` chooses a sheet by (1-based): a number, or digits that name no sheet; null when
 * it chooses by name. Shared with the note that a position counted hidden sheets (sheet-position.ts).
 */
export function positionWanted(wanted: string | number, sheets: readonly SheetInfo[]): number | null {
  if (typeof wanted === 'number') return wanted;
  if (!/^\d+$/.test(wanted.trim()) || namedSheet(wanted, sheets)) return null;
  return Number(wanted.trim());
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
  } else {
    const position = positionWanted(wanted, sheets);
    sheet = position === null ? namedSheet(String(wanted), sheets) : sheets[position - 1];
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
