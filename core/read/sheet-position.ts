/**
 * A sheet given by position counts every sheet of the workbook, hidden ones included (as the "no sheet"
 * refusal lists them), while Excel shows tabs for the visible ones only: with last month's sheet hidden
 * first, `--sheet 2` read the first tab the clerk sees, not the second, and nothing said which sheet was
 * read. Where a hidden sheet comes before the one a position chose, the reading says so.
 */
import type { SheetInfo } from './types.ts';

/** Whether `wanted` chose the sheet by position (pick-sheet.ts: a number, or digits that name no sheet). */
function byPosition(wanted: string | number | undefined, sheets: readonly SheetInfo[]): boolean {
  if (typeof wanted === 'number') return true;
  if (wanted === undefined || !/^\d+$/.test(wanted.trim())) return false;
  const key = wanted.trim().toLowerCase();
  return !sheets.some((sheet) => sheet.name === wanted || sheet.name.trim().toLowerCase() === key);
}

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
  if (!byPosition(wanted, sheets)) return null;
  const index = sheets.findIndex((sheet) => sheet.name === chosen);
  const hiddenBefore = sheets.slice(0, index).filter((sheet) => sheet.hidden);
  if (hiddenBefore.length === 0) return null;
  const position = Number(wanted);
  const names = hiddenBefore.map((sheet) => `"${sheet.name}"`).join(', ');
  const counted = `counting the hidden sheet${hiddenBefore.length === 1 ? '' : 's'} ${names} before it`;
  const shownThere = sheets.filter((sheet) => !sheet.hidden)[position - 1];
  const shown = shownThere
    ? `the ${ordinal(position)} sheet Excel shows is "${shownThere.name}"`
    : `Excel shows fewer than ${position} sheets`;
  return `${fileName}: sheet ${position} is "${chosen}", ${counted}; ${shown}. To read another, give its name.`;
}
