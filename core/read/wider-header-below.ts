/**
 * A row just below a detected header that reads like column names too and fills more columns: the
 * detected row may be a line of report criteria above the table ("Report | Open referrals | Run date |
 * 11/25/2026 | Region | All", explore 64 item 4), read as the header because it reads like labels. `map`
 * says its header row was then a guess, naming the other row; nothing is changed by it.
 */
import type { SourceRow, SheetSource } from './types.ts';
import { isBlankCell } from './cell-text.ts';
import { looksLikeHeader } from './header-row.ts';

/** Rows below the header looked at: a criteria row or a short title block, not a table. */
const ROWS_BELOW = 5;

export interface WiderHeader {
  row: number;
  /** Filled cells of that row, and of the header read. */
  filled: number;
  headerFilled: number;
}

const filledCount = (cells: SourceRow['cells']): number => cells.filter((cell) => !isBlankCell(cell)).length;

/**
 * The first of the next rows that reads like a header wider than the one read, and whose next row
 * fills more cells than the header read too (the table below is as wide as that row), or null. A
 * wider row alone is no header: it is what a row with an unquoted comma in a text cell looks like
 * ("W-2,Insured 2,Denver,check gym, pool and church" under a 4-column header), and that guess sent
 * the clerk to read a data row as the column names.
 */
export async function widerHeaderBelow(sheet: SheetSource, headerCells: number): Promise<WiderHeader | null> {
  let looked = 0;
  let candidate: WiderHeader | null = null;
  for await (const row of sheet.rows()) {
    // Cells past the header's width are kept apart (data-rows.ts): a wider row has some there.
    const cells = [...row.cells, ...(row.beyondHeaders ?? [])];
    const filled = filledCount(cells);
    if (candidate !== null) return filled > headerCells ? candidate : null;
    if (++looked > ROWS_BELOW) break;
    if (filled > headerCells && looksLikeHeader(cells, filled))
      candidate = { row: row.row, filled, headerFilled: headerCells };
  }
  return null;
}
