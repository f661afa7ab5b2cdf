import type { Mapping, SheetChoice } from '../../../main/bridge/contract.ts';

/**
 * The sheet "Finish that send" reopens: the one the unfinished send read, as its mapping names it. A
 * mapping may name it by position (`"sheet": 2`, as `--sheet 2` or a template gives it): that is the
 * workbook's second sheet, hidden ones counted, as core's reader counts them (pick-sheet.ts); the
 * preview is asked for it by its name. Absent: the sheet the app would choose (none was named).
 */
export function sheetOfSend(
  sheets: readonly Pick<SheetChoice, 'name'>[],
  sheet: NonNullable<Mapping['source']>['sheet'],
): string | undefined {
  if (typeof sheet === 'string') return sheet;
  if (typeof sheet !== 'number') return undefined;
  // A position past the last sheet is asked as it is, for the reader to refuse with the sheets it has.
  return sheets[sheet - 1]?.name ?? String(sheet);
}
