/**
 * The defined names a workbook we write carries, where exceljs 4.4.0 gets them wrong.
 *
 * exceljs keeps defined names cell by cell with no sheet scope: it writes no `localSheetId` for any
 * name but the print areas, merges names of the same spelling on different sheets into one, and drops
 * every name that is not a plain range (a constant, a formula). So (1) a filter's range, which
 * LibreOffice reads only from the sheet-local `_xlnm._FilterDatabase`, cannot be named through its API,
 * and (2) a copy of a clerk's workbook would turn their sheet-scoped names workbook-wide, changing what
 * formulas on other sheets mean. Both are done here, on the one place exceljs reads names from when it
 * writes (the `model` of its `definedNames`, read by the in-memory and the streaming writer alike).
 */
import { columnLetters } from '../read/cell-reference.ts';

/** A defined name as workbook.xml holds it: `ranges` are joined by commas into the element's text. */
export interface DefinedName {
  name: string;
  /** Index of the sheet it belongs to, in the order the workbook is written; none: workbook-wide. */
  localSheetId?: number;
  ranges: string[];
}

interface NameHooks {
  /** The names to write instead of exceljs's own (a copy's names as the original held them). */
  instead: (() => DefinedName[]) | null;
  /** Names written after them (our filters' ranges). */
  added: (() => DefinedName[])[];
}

const hooked = new WeakMap<object, NameHooks>();

/**
 * The hooks of a workbook's names, installed on first use. Null when exceljs is not the 4.x we know
 * (no `model` accessor on its names): the workbook is then written with exceljs's names.
 */
function hooksOf(workbook: { definedNames: unknown }): NameHooks | null {
  const names = workbook.definedNames as object;
  const known = hooked.get(names);
  if (known) return known;
  const model = Object.getOwnPropertyDescriptor(Object.getPrototypeOf(names), 'model');
  if (!model?.get || !model.set) return null;
  const { get, set } = model;
  const hooks: NameHooks = { instead: null, added: [] };
  Object.defineProperty(names, 'model', {
    configurable: true,
    get(): unknown[] {
      const given = hooks.instead ? hooks.instead() : (get.call(this) as DefinedName[]);
      const added = hooks.added.flatMap((names) => names());
      // Ours wins where a copy held the same name for the same sheet (a filter's range Excel left
      // behind after the filter was taken off): two would make Excel "repair" the file.
      const ours = new Set(added.map(scopedKey));
      return [...given.filter((name) => !ours.has(scopedKey(name))), ...added];
    },
    set(value: unknown) {
      set.call(this, value);
    },
  });
  hooked.set(names, hooks);
  return hooks;
}

function scopedKey(name: DefinedName): string {
  return `${name.localSheetId ?? ''}\u0000${name.name.toLowerCase()}`;
}

/** Names added to what the workbook writes, computed when it is written. */
export function addDefinedNames(workbook: { definedNames: unknown }, names: () => DefinedName[]): boolean {
  const hooks = hooksOf(workbook);
  hooks?.added.push(names);
  return hooks !== null;
}

/** The names the workbook writes in place of exceljs's own (print areas are exceljs's still). */
export function replaceDefinedNames(
  workbook: { definedNames: unknown },
  names: () => DefinedName[],
): boolean {
  const hooks = hooksOf(workbook);
  if (hooks) hooks.instead = names;
  return hooks !== null;
}

/**
 * Names the sheet's filter range as Excel does (`_xlnm._FilterDatabase`, local to the sheet): Excel
 * shows a filter without it, LibreOffice does not (it builds its filter from that name, so a report or
 * an export opened there had no filter). `sheetIndex` is asked at write time: the sheet's place as the
 * workbook is written then (a sheet added later comes after it).
 */
export function nameFilterRange(
  workbook: { definedNames: unknown },
  sheet: { name: string; autoFilter?: unknown },
  sheetIndex: () => number,
): void {
  addDefinedNames(workbook, () => {
    const range = filterRange(sheet.autoFilter);
    if (range === null) return [];
    return [
      {
        name: '_xlnm._FilterDatabase',
        localSheetId: sheetIndex(),
        ranges: [`${quotedSheet(sheet.name)}!${range}`],
      },
    ];
  });
}

/** A sheet's name as a reference spells it: always quoted, its own quotes doubled. */
function quotedSheet(name: string): string {
  return `'${name.replace(/'/g, "''")}'`;
}

/** `$A$1:$AD$11` of a filter given as from/to cells (as ours are), or null when there is none. */
function filterRange(filter: unknown): string | null {
  if (!filter || typeof filter !== 'object') return null;
  const { from, to } = filter as { from?: unknown; to?: unknown };
  const cell = (at: unknown) => {
    if (!at || typeof at !== 'object') return null;
    const { row, column } = at as { row?: unknown; column?: unknown };
    return typeof row === 'number' && typeof column === 'number' ? `$${columnLetters(column)}$${row}` : null;
  };
  const [first, last] = [cell(from), cell(to)];
  return first === null || last === null ? null : `${first}:${last}`;
}
