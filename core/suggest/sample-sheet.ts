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

/** The first rows only, when the sheet has more than a suggestion looks at: no footer, no count yet. */
export interface FirstRowsSample {
  sampleRows: SourceRow[];
  /** Present when the whole sheet was read: then the sample is sampleSheet's own. */
  tailRows?: SourceRow[];
  totalRows?: number;
  complete: boolean;
}

/**
 * The rows a suggestion looks at without reading past them (issue 13: the app shows its suggestion
 * before the rest of a large file is read). A sheet of at most SUGGESTION_SAMPLE_ROWS rows is read
 * whole and gives exactly sampleSheet's sample (`complete`); a larger one gives its first rows, with no
 * footer looked for and no count, which sampleSheet gives once the whole sheet is read.
 */
export async function sampleFirstRows(
  sheet: SheetSource,
  signal?: AbortSignal,
  onRow?: (row: SourceRow) => void,
): Promise<FirstRowsSample> {
  const sampleRows: SourceRow[] = [];
  for await (const batch of sheet.rowBatches()) {
    signal?.throwIfAborted();
    for (const row of batch) {
      if (sampleRows.length === SUGGESTION_SAMPLE_ROWS) return { sampleRows, complete: false };
      onRow?.(row);
      sampleRows.push(row);
    }
  }
  return {
    sampleRows,
    tailRows: sampleRows.slice(-FOOTER_ROWS),
    totalRows: sampleRows.length,
    complete: true,
  };
}
