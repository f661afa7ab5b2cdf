/**
 * Whether the file an export is about to replace is an earlier export: the same export run again (a
 * monthly report to one name) replaces its last file, as it always did; a file the tool did not write
 * there is not replaced unasked. A clerk who typed the carrier's workbook as `--out` lost it, exit 0
 * (explored: `export --out referrals.xlsx` over the referral file). Read from the file alone, before
 * any request.
 *
 * An earlier export is told by what every export writes, whatever the account and filters:
 * - a workbook: its "Export info" sheet, or a round-trip export's hidden sheet;
 * - a CSV: its first line (after the byte-order mark) starts as a report's or a round trip's header
 *   does, the columns that come first in every account (`Request Number,Request ID,` or
 *   `id,case_request_number,updated_at,`).
 * An empty file holds nothing to lose.
 */
import { listSheets } from '../read/open-sheet.ts';
import { readHead } from '../read/file-kind.ts';
import type { ByteSource } from '../read/types.ts';
import { META_SHEET } from './round-trip-meta.ts';
import type { ExportFormat } from './types.ts';

/** The sheet of labels and values every XLSX export writes (export-case-requests.ts). */
export const EXPORT_INFO_SHEET = 'Export info';

/** How every report and every round-trip CSV begins (columns-report.ts, columns-round-trip.ts). */
const CSV_HEADER_STARTS = ['Request Number,Request ID,', 'id,case_request_number,updated_at,'];

/** Enough of a CSV to hold its header's first columns. */
const HEAD_BYTES = 4096;

export type ExistingOutput =
  | { earlierExport: true }
  /** `why`: what shows it is not one, in words for parentheses (no file name). */
  | { earlierExport: false; why: string };

/** What the existing, non-empty file `source` is, for an export in `format` about to replace it. */
export async function existingOutput(source: ByteSource, format: ExportFormat): Promise<ExistingOutput> {
  return format === 'xlsx' ? existingWorkbook(source) : existingCsv(source);
}

async function existingWorkbook(source: ByteSource): Promise<ExistingOutput> {
  let names: string[];
  try {
    names = (await listSheets(source)).map((sheet) => sheet.name);
  } catch {
    return { earlierExport: false, why: 'it is not a workbook this tool can read' };
  }
  if (names.includes(EXPORT_INFO_SHEET) || names.includes(META_SHEET)) return { earlierExport: true };
  const shown = names.slice(0, 3).map((name) => `"${name}"`);
  return {
    earlierExport: false,
    why: `a workbook without the "${EXPORT_INFO_SHEET}" sheet every export writes; its sheets: ${shown.join(', ')}${names.length > 3 ? ', …' : ''}`,
  };
}

async function existingCsv(source: ByteSource): Promise<ExistingOutput> {
  const head = new TextDecoder('utf-8', { ignoreBOM: false }).decode(await readHead(source, HEAD_BYTES));
  if (CSV_HEADER_STARTS.some((start) => head.startsWith(start))) return { earlierExport: true };
  const firstLine = head.split(/\r?\n|\r/, 1)[0] ?? '';
  const shown = firstLine.length > 60 ? `${firstLine.slice(0, 60)}…` : firstLine;
  return { earlierExport: false, why: `its first line is not an export's header: "${shown}"` };
}
