/**
 * The rows a suggestion looks at, read the same way by every host (issue 16: the app's note said 16 rows
 * where the CLI said 39, because the app looked at its first 2,000 rows and the CLI at 20,000). The
 * first SUGGESTION_SAMPLE_ROWS rows decide date formats, number formats and value maps; the last rows
 * show a footer; the count says how many rows the sheet has.
 */
import type { SheetSource, SourceRow } from '../read/types.ts';
import { FOOTER_ROWS } from './suggest-skip.ts';

/** Enough for any date format and vocabulary to show itself; suggestMapping looks at no more. */
export const SUGGESTION_SAMPLE_ROWS = 2000;

export interface SheetSample {
  sampleRows: SourceRow[];
  /** The sheet's last rows (for a footer), in order. */
  tailRows: SourceRow[];
  /** Data rows in the sheet (blank rows not counted). */
  totalRows: number;
}

/**
 * One pass over the sheet, keeping the first rows and the last few. `onRow` sees every row on the way
 * (the app gathers each column's distinct values in the same pass).
 */
export async function sampleSheet(
  sheet: SheetSource,
  signal?: AbortSignal,
  onRow?: (row: SourceRow) => void,
): Promise<SheetSample> {
  const sampleRows: SourceRow[] = [];
  const tailRows: SourceRow[] = [];
  let totalRows = 0;
  for await (const batch of sheet.rowBatches()) {
    signal?.throwIfAborted();
    for (const row of batch) {
      totalRows++;
      onRow?.(row);
      if (sampleRows.length < SUGGESTION_SAMPLE_ROWS) sampleRows.push(row);
      tailRows.push(row);
      if (tailRows.length > FOOTER_ROWS) tailRows.shift();
    }
  }
  return { sampleRows, tailRows, totalRows };
}
