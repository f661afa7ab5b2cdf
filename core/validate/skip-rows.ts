/**
 * Rows a mapping leaves out (its `skip` option, CONTRACTS section 2): totals, footers and rows a person
 * chose to leave out are not data, so they are neither valid nor invalid. Each left-out row keeps the
 * rule that left it out, in words, for the reports and the results.
 *
 * - `rows`: sheet row numbers as Excel numbers them;
 * - `whenBlank`: a row whose listed columns are all blank;
 * - `whenFirstCellStartsWith`: the row's first non-blank cell starts with one of these (any case);
 * - `after`: the first row whose first non-blank cell is this text (any case, trimmed), and every row
 *   below it.
 */
import type { Mapping } from '../mapping/schema.ts';
import { cellText, isBlankCell } from '../read/cell-text.ts';
import type { Cell, SourceRow } from '../read/types.ts';

export const SKIP_RULES = ['rows', 'whenBlank', 'whenFirstCellStartsWith', 'after'] as const;
/** The mapping's rules, and `repeatedHeader`: a row repeating the header in its order (validate-rows.ts). */
export type SkipRule = (typeof SKIP_RULES)[number] | 'repeatedHeader';

export interface RowSkip {
  rule: SkipRule;
  /** Why, in words: "left out: its first cell 'TOTAL' starts with "TOTAL" (skip.whenFirstCellStartsWith)". */
  reason: string;
}

/** A row's first non-blank cell as text, trimmed; '' when the row has none. */
export function firstCellText(cells: readonly Cell[]): string {
  for (const cell of cells) if (!isBlankCell(cell)) return cellText(cell).trim();
  return '';
}

/**
 * The skip rules of a mapping, ready to test rows in sheet order; null when it has none. `after` makes
 * the test stateful: compile once per pass over the sheet.
 */
export function compileSkipRules(
  skip: Mapping['skip'],
  headers: readonly string[],
): ((row: SourceRow) => RowSkip | null) | null {
  if (!skip) return null;
  const rows = new Set(skip.rows ?? []);
  const blankColumns = (skip.whenBlank ?? []).map((column) => ({ column, index: headers.indexOf(column) }));
  const prefixes = (skip.whenFirstCellStartsWith ?? []).map((prefix) => ({
    prefix,
    key: prefix.trim().toLowerCase(),
  }));
  const marker = skip.after?.trim().toLowerCase();
  if (rows.size === 0 && blankColumns.length === 0 && prefixes.length === 0 && !marker) return null;
  let afterRow: number | null = null;
  return (row) => {
    if (afterRow !== null)
      return {
        rule: 'after',
        reason: `left out: it is below the row "${skip.after}" (row ${afterRow}; skip.after)`,
      };
    const first = prefixes.length > 0 || marker ? firstCellText(row.cells) : '';
    if (marker && first.toLowerCase() === marker) {
      afterRow = row.row;
      return {
        rule: 'after',
        reason: `left out: it is the row "${skip.after}", below which nothing is data (skip.after)`,
      };
    }
    if (rows.has(row.row))
      return { rule: 'rows', reason: `left out: row ${row.row} is listed in the mapping (skip.rows)` };
    if (first !== '') {
      const lower = first.toLowerCase();
      const found = prefixes.find((entry) => entry.key !== '' && lower.startsWith(entry.key));
      if (found)
        return {
          rule: 'whenFirstCellStartsWith',
          reason: `left out: its first cell '${first}' starts with "${found.prefix}" (skip.whenFirstCellStartsWith)`,
        };
    }
    if (
      blankColumns.length > 0 &&
      blankColumns.every(({ index }) => index < 0 || isBlankCell(row.cells[index] ?? null))
    ) {
      const names = blankColumns.map(({ column }) => column);
      const listed = names.length === 1 ? names[0] : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
      return {
        rule: 'whenBlank',
        reason: `left out: ${listed} ${names.length === 1 ? 'is' : 'are'} blank (skip.whenBlank)`,
      };
    }
    return null;
  };
}
