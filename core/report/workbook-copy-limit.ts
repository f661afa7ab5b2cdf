/**
 * When an Excel report of an Excel source is too big to be a copy of the workbook (explore 61 item 2).
 * exceljs copies a workbook by loading every cell of every sheet into objects of about 1.2 KB each, and
 * then builds the whole new file in memory: 20,000 rows × 120 columns took 2.9 GB and 2 minutes of
 * silence, and with a 1 GB heap (a 4 GB laptop) the run died "out of memory" with nothing written, an
 * import's results lost after every row was sent. Past these limits the report is a new workbook of
 * the rows, streamed as they come (flat memory), and a note says why. A clerk's usual sheet of a few
 * thousand rows is still a copy with their formats. Measured since (docs/benchmarks.md): a copy at the
 * cell limit peaks at 414–459 MB (5,000 rows × 40 columns), about 300 MB at 100,000 cells; most of it
 * garbage exceljs's writeBuffer leaves for V8 to collect (its live heap reaches ≈ 130 MB before the zip).
 */
import { thousands } from '../thousands.ts';

/** Cells of the checked sheet (rows × columns) a copy is made of, at most. */
export const COPY_CELL_LIMIT = 200_000;
/** Bytes of the workbook file (all its sheets) a copy is made of, at most. */
export const COPY_BYTE_LIMIT = 4 * 1024 * 1024;

/** Why a workbook is too big to copy, in words, or null when a copy is fine. */
export function tooBigToCopy(rows: number, columns: number, bytes?: number): string | null {
  const cells = rows * columns;
  if (cells > COPY_CELL_LIMIT)
    return `it has more than ${thousands(COPY_CELL_LIMIT)} cells (${thousands(rows)} rows × ${columns} columns so far), too many to copy with its formats within this computer's memory`;
  if (bytes !== undefined && bytes > COPY_BYTE_LIMIT)
    return `the file is ${(bytes / 1024 / 1024).toFixed(1)} MB, more than the ${COPY_BYTE_LIMIT / 1024 / 1024} MB of workbook that can be copied with its formats within this computer's memory`;
  return null;
}
