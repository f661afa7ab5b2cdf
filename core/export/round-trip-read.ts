/**
 * Reads a round-trip workbook back through core/read, the reader every other file goes through (its
 * zip-bomb limits, whole multi-byte characters, 1904 dates): first the hidden metadata sheet, found by
 * name in the workbook's layout, then the visible data sheets with the round-trip header.
 */
import { InputError } from '../errors.ts';
import { cellText } from '../read/cell-text.ts';
import { openSheet } from '../read/open-sheet.ts';
import type { ByteSource, SourceRow } from '../read/types.ts';
import { readWorkbookLayout, type WorkbookLayout } from '../read/workbook-layout.ts';
import { worksheetRows } from '../read/workbook-rows.ts';
import { META_MARKER, META_SHEET, META_VERSION, type MetaColumn, type MetaRow } from './round-trip-meta.ts';
import type { RoundTripMeta } from './round-trip-meta.ts';
import type { ColumnKind } from './types.ts';

export interface RoundTripFile {
  meta: RoundTripMeta;
  rows: Map<number, MetaRow>;
  layout: WorkbookLayout;
}

/** The round-trip metadata of a workbook, or null when it is not a round-trip export. */
export async function readRoundTripMeta(
  source: ByteSource,
  signal?: AbortSignal,
): Promise<RoundTripFile | null> {
  const layout = await readWorkbookLayout(source, undefined, signal);
  const sheet = layout.sheets.find((candidate) => candidate.name === META_SHEET);
  if (!sheet || !layout.parts.has(sheet.part)) return null;
  const entries = new Map<string, string>();
  const columns: MetaColumn[] = [];
  const byId = new Map<number, MetaRow>();
  let first = true;
  for await (const { cells } of worksheetRows(source, layout, sheet, signal)) {
    const [kind, a = '', b = '', c = '', d = ''] = cells.map(cellText);
    if (first) {
      if (kind !== META_MARKER) return null;
      if (Number(a) !== META_VERSION) {
        throw new InputError(
          'unsupported_round_trip',
          `${source.name}: its round-trip data is version ${a}, this tool reads version ${META_VERSION}; export the file again with this version`,
        );
      }
      first = false;
    } else if (kind === 'column') {
      columns.push({ header: a, target: b, editable: c === '1', kind: (d || 'text') as ColumnKind });
    } else if (kind === 'row') {
      byId.set(Number(a), { id: Number(a), updatedAt: b, hashes: c.split(' ') });
    } else if (kind === 'cut') {
      const row = byId.get(Number(a));
      const length = d === '' ? null : Number(d);
      if (row) (row.cut ??= new Map()).set(Number(b), { hashes: c.split(' '), length });
    } else if (kind === 'tabs') {
      const row = byId.get(Number(a));
      if (row) (row.tabless ??= new Map()).set(Number(b), c);
    } else if (kind) {
      entries.set(kind, a);
    }
  }
  if (first) return null;
  const meta: RoundTripMeta = {
    version: META_VERSION,
    exportedAt: entries.get('exported_at') ?? '',
    startedAt: entries.get('started_at') ?? '',
    serverStartedAt: entries.get('server_started_at') ?? '',
    ...zoneOf(entries.get('stamp_zone_minutes')),
    account: entries.get('account') ?? '',
    dataSheets: JSON.parse(entries.get('data_sheets') || '[]') as string[],
    columns,
  };
  return { meta, rows: byId, layout };
}

export interface DataSheet {
  name: string;
  headers: string[];
  headerRow: number;
  rows: AsyncIterable<SourceRow>;
  /**
   * The same rows in the batches the reader decodes them in (a read of its own): the import validates
   * each batch's rows with the batch known, so that a date column's UTC moments are read as the column
   * (validate/utc-moment-column.ts), as any import reads them.
   */
  rowBatches: () => AsyncIterable<SourceRow[]>;
}

/**
 * The visible sheets that carry the round-trip header (`id` and `updated_at` in the first row),
 * whatever the user renamed them to.
 */
export async function* roundTripDataSheets(
  source: ByteSource,
  layout: WorkbookLayout,
  signal?: AbortSignal,
): AsyncIterable<DataSheet> {
  for (const { name, hidden, hasData } of layout.sheets) {
    if (hidden || !hasData || name === META_SHEET) continue;
    const sheet = await openSheet(source, { sheet: name, headerRow: 1, ...(signal ? { signal } : {}) });
    // By name as exported, or retyped in another letter case (`ID`), as every exported column is found.
    if (exportedColumnAt(sheet.headers, 'id') === -1 || exportedColumnAt(sheet.headers, 'updated_at') === -1)
      continue;
    yield {
      name,
      headers: sheet.headers,
      headerRow: sheet.headerRow,
      rows: sheet.rows(),
      rowBatches: () => sheet.rowBatches(),
    };
  }
}

/**
 * Where an exported column is in this header row: its exact name, else the one header equal to it but
 * for letter case and surrounding spaces (a spreadsheet's or a clerk's retyping); -1 when none (or
 * several, which cannot be told apart).
 */
export function exportedColumnAt(headers: readonly string[], name: string): number {
  const exact = headers.indexOf(name);
  if (exact >= 0) return exact;
  const key = name.trim().toLowerCase();
  const found = headers.flatMap((header, at) => (header.trim().toLowerCase() === key ? [at] : []));
  return found.length === 1 ? found[0]! : -1;
}

/**
 * `stamp_zone_minutes` as the export wrote it (a zone: whole quarter hours within ±14 hours), else
 * nothing (UTC): a value no zone has (the hidden sheet edited) moves no stamp.
 */
function zoneOf(text: string | undefined): { stampZoneMinutes?: number } {
  const minutes = Number(text);
  const zone = Number.isInteger(minutes) && minutes % 15 === 0 && Math.abs(minutes) <= 14 * 60;
  return text && zone && minutes !== 0 ? { stampZoneMinutes: minutes } : {};
}
