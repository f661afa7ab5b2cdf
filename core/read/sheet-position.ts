/**
 * A sheet given by position counts every sheet of the workbook, hidden ones included (as the "no sheet"
 * refusal lists them), while Excel shows tabs for the visible ones only: with last month's sheet hidden
 * first, `--sheet 2` read the first tab the clerk sees, not the second, and nothing said which sheet was
 * read. Where a hidden sheet comes before the one a position chose, the reading says so.
 */
import type { SheetInfo } from './types.ts';
import { positionWanted } from './pick-sheet.ts';

const ordinal = (n: number): string => {
  const tens = n % 100;
  const suffix = tens >= 11 && tens <= 13 ? 'th' : (['th', 'st', 'nd', 'rd'][n % 10] ?? 'th');
  return `${n}${suffix}`;
};

/** The note, or null when the sheet was named, or no hidden sheet comes before the one chosen. */
export function sheetPositionNote(
  fileName: string,
  sheets: readonly SheetInfo[],
  wanted: string | number | undefined,
  chosen: string,
): string | null {
  const position = wanted === undefined || wanted === '' ? null : positionWanted(wanted, sheets);
  if (position === null) return null;
  const index = sheets.findIndex((sheet) => sheet.name === chosen);
  const hiddenBefore = sheets.slice(0, index).filter((sheet) => sheet.hidden);
  if (hiddenBefore.length === 0) return null;
  const names = hiddenBefore.map((sheet) => `"${sheet.name}"`).join(', ');
  const counted = `counting the hidden sheet${hiddenBefore.length === 1 ? '' : 's'} ${names} before it`;
  const shownThere = sheets.filter((sheet) => !sheet.hidden)[position - 1];
  const shown = shownThere
    ? `the ${ordinal(position)} sheet Excel shows is "${shownThere.name}"`
    : `Excel shows fewer than ${position} sheets`;
  return `${fileName}: sheet ${position} is "${chosen}", ${counted}; ${shown}. To read another, give its name.`;
}
