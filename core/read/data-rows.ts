/** The SheetSource handed out: data rows below the header, fitted to its width, blank rows counted. */
import type { Cell, SheetSource, SourceRow } from './types.ts';
import { isBlankRow, uniqueHeaders, usedWidth } from './header-row.ts';

/**
 * Rows below the header, fitted to the header's width, in the batches the reader produced. Blank rows
 * between data rows (and rows missing from an XLSX) are skipped and counted; blank rows after the last
 * data row are not counted, since formatting a range in Excel leaves hundreds of them and none of them
 * is a skipped referral.
 */
function dataRowBatches(
  read: () => AsyncIterable<SourceRow[]>,
  headerRow: number,
  width: number,
  countBlank: (count: number) => void,
): () => AsyncIterable<SourceRow[]> {
  return async function* () {
    let blank = 0;
    let pendingBlank = 0;
    let previous = headerRow;
    for await (const batch of read()) {
      const fitted: SourceRow[] = [];
      for (const row of batch) {
        if (row.row <= headerRow) continue;
        pendingBlank += row.row - previous - 1;
        previous = row.row;
        const cells = row.cells;
        if (isBlankRow(cells)) {
          pendingBlank++;
          continue;
        }
        blank += pendingBlank;
        pendingBlank = 0;
        if (cells.length < width) {
          for (let index = cells.length; index < width; index++) cells.push(null);
        } else if (cells.length > width) {
          const beyond = cells.slice(width);
          cells.length = width;
          if (!isBlankRow(beyond)) row.beyondHeaders = beyond;
        }
        fitted.push(row);
      }
      if (fitted.length > 0) yield fitted;
    }
    countBlank(blank);
  };
}

export async function* flatten<T>(batches: AsyncIterable<T[]>): AsyncGenerator<T> {
  for await (const batch of batches) yield* batch;
}

export function buildSource(
  fields: Omit<SheetSource, 'rows' | 'rowBatches' | 'blankRowsSkipped' | 'headers' | 'headerRow'>,
  read: () => AsyncIterable<SourceRow[]>,
  header: SourceRow,
  peeked: SourceRow[],
): SheetSource {
  const below = peeked.filter((row) => row.row > header.row);
  const width = Math.max(usedWidth(header.cells), ...below.map((row) => usedWidth(row.cells)));
  const headers = uniqueHeaders(header.cells as Cell[], width);
  let blankRowsSkipped = 0;
  const rowBatches = dataRowBatches(read, header.row, width, (count) => (blankRowsSkipped = count));
  return {
    ...fields,
    headerRow: header.row,
    headers,
    rowBatches,
    rows: () => flatten(rowBatches()),
    blankRowsSkipped: () => blankRowsSkipped,
  };
}
