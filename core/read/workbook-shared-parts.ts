/**
 * The parts every pass over a workbook's sheets needs before its first row: the shared strings and
 * the cell formats. Opening a sheet passes over it twice at least (the header peek, then the rows),
 * and the app passes again for the dry run and each re-read; the shared strings of a large workbook
 * are a large share of its XML, so they are parsed once per open workbook (per layout read) and kept
 * as long as that workbook's SheetSource is, never beyond it.
 */
import type { ByteSource } from './types.ts';
import type { WorkbookLayout } from './workbook-layout.ts';
import type { CellFormat } from './number-formats.ts';
import { readCellFormats, readSharedStrings } from './workbook-parts.ts';

export interface SharedParts {
  strings: string[];
  /** Shared strings longer than the limit (kept empty in `strings`); refused where a cell uses one. */
  tooLong: Set<number>;
  formats: CellFormat[];
}

/** Keyed by the layout (one per open workbook), then by the longest cell text accepted. */
const read = new WeakMap<WorkbookLayout, Map<number, Promise<SharedParts>>>();

export function sharedParts(
  source: ByteSource,
  layout: WorkbookLayout,
  signal: AbortSignal | undefined,
  maxChars: number,
): Promise<SharedParts> {
  const byLimit = read.get(layout) ?? new Map<number, Promise<SharedParts>>();
  read.set(layout, byLimit);
  const known = byLimit.get(maxChars);
  if (known) return known;
  const reading = (async (): Promise<SharedParts> => {
    const shared = await readSharedStrings(source, layout, signal, maxChars);
    return { ...shared, formats: await readCellFormats(source, layout, signal) };
  })();
  byLimit.set(maxChars, reading);
  // A read that failed (stopped, or a damaged part) is tried again by the next pass, which reports it.
  reading.catch(() => {
    if (byLimit.get(maxChars) === reading) byLimit.delete(maxChars);
  });
  return reading;
}
