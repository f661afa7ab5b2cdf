/**
 * The one rule for a row that repeats the header: two exports pasted into one file, the second with its
 * own header. In the header's order the row is only not data; in another order (the carrier changed its
 * layout between the two), every row below it is under other columns, and reading them under the first
 * header swaps claim and policy numbers without a word. The reader marks rows with it as it streams
 * them (data-rows.ts); an inline fix in the app and the round-trip import ask the same questions of a
 * row (validate/recheck-rows.ts, validate/repeated-header.ts), so no path reads such rows as data.
 */
import { cellText, isBlankCell } from './cell-text.ts';
import type { Cell, HeaderRepeatTest, SourceRow } from './types.ts';

/** A header cell's name as repeats are compared: trimmed, spaces collapsed, any case. */
function nameKey(cell: Cell): string {
  return cellText(cell).replace(/\s+/g, ' ').trim().toLowerCase();
}

/** The test for the header row's cells, up to the table's width. */
export function headerRepeatTest(headerCells: readonly Cell[], width: number): HeaderRepeatTest {
  const names = headerCells.slice(0, width).map((cell) => (isBlankCell(cell) ? '' : nameKey(cell)));
  const named = names.filter((name) => name !== '');
  // A header of one name cannot be told from a data row that happens to hold it.
  if (named.length < 2) return () => null;
  const nameSet = new Set(named);
  const sorted = [...named].sort().join('\u0000');
  return (cells) => {
    // Cheap test first: the row's first non-blank cell must be one of the header's names.
    let first: Cell = null;
    for (const cell of cells)
      if (!isBlankCell(cell)) {
        first = cell;
        break;
      }
    const repeats =
      typeof first === 'string' &&
      nameSet.has(nameKey(first)) &&
      cells
        .filter((cell) => !isBlankCell(cell))
        .map(nameKey)
        .sort()
        .join('\u0000') === sorted;
    if (!repeats) return null;
    const same = names.every(
      (name, index) => name === (isBlankCell(cells[index] ?? null) ? '' : nameKey(cells[index] ?? null)),
    );
    return same ? 'same' : 'other';
  };
}

/**
 * Marks rows given in sheet order: `repeatsHeader` on a repeat, `underReorderedHeader` on every row
 * below a repeat in another order, up to a repeat in the header's own order.
 */
export function headerRepeatMarker(test: HeaderRepeatTest): (row: SourceRow) => void {
  let reorderedAt: number | null = null;
  return (row) => {
    const repeat = test(row.cells);
    if (repeat !== null) {
      row.repeatsHeader = repeat;
      reorderedAt = repeat === 'same' ? null : row.row;
    } else if (reorderedAt !== null) row.underReorderedHeader = reorderedAt;
  };
}
