/**
 * Whether a round-trip workbook holds edits (report 4, item 8): an export written over it would throw
 * the clerk's unsent edits away, so a host asks before replacing such a file. Its hidden sheet keeps a
 * hash of every cell as exported: a row is edited when a cell's hash differs, or when its id was not in
 * the export (a row added). A row retyped to the value it held ("Yes" for 1) counts here though the
 * import would find it unchanged: this is a reason to stop and ask, not what an import would send.
 */
import { cellText } from '../read/cell-text.ts';
import type { ByteSource } from '../read/types.ts';
import { canonicalCellText, valueHash } from './round-trip-meta.ts';
import { exportedColumnAt, readRoundTripMeta, roundTripDataSheets } from './round-trip-read.ts';

export interface RoundTripEdits {
  /** Rows with a cell that differs from the export, or an id the export did not hold. */
  editedRows: number;
  /** When the file was exported (its hidden sheet), for the message. */
  exportedAt: string;
}

/** The edits a round-trip workbook holds; null when it is not a round-trip export (reads it once). */
export async function roundTripEdits(
  source: ByteSource,
  signal?: AbortSignal,
): Promise<RoundTripEdits | null> {
  if (!/\.xlsx$/i.test(source.name)) return null;
  const file = await readRoundTripMeta(source, signal);
  if (!file) return null;
  let editedRows = 0;
  for await (const sheet of roundTripDataSheets(source, file.layout, signal)) {
    const idAt = exportedColumnAt(sheet.headers, 'id');
    const places = file.meta.columns.map((column, index) => ({
      column,
      index,
      at: exportedColumnAt(sheet.headers, column.header),
    }));
    for await (const row of sheet.rows) {
      signal?.throwIfAborted();
      const exported = file.rows.get(Number(cellText(row.cells[idAt] ?? null).trim()));
      const edited =
        !exported ||
        places.some((place) => {
          if (place.at === -1) return false;
          const hash = valueHash(canonicalCellText(row.cells[place.at] ?? null, place.column.kind));
          // A text whose tabs LibreOffice dropped is no edit (round-trip-meta.ts tablessRecords).
          return hash !== exported.hashes[place.index] && hash !== exported.tabless?.get(place.index);
        });
      if (edited) editedRows += 1;
    }
  }
  return { editedRows, exportedAt: file.meta.exportedAt };
}
