/**
 * Files the user opened this session, kept in main as bytes (never re-sent by the renderer) and read by
 * core's readers on demand. Electron's open dialog and the browser's upload both end up here.
 */
import { randomUUID } from 'node:crypto';
import {
  bytesSource,
  cellText,
  listSheets,
  openSheet,
  type ByteSource,
  type SheetSource,
} from '../../core/index.ts';
import type { SheetPreview, SourceView } from '../bridge/contract.ts';
import { BridgeFailure } from '../bridge/failure.ts';

const PREVIEW_ROWS = 20;
const TOP_ROWS = 12;

export interface OpenedSource {
  sourceId: string;
  fileName: string;
  bytes: Uint8Array;
  /** The sheet and header row the user settled on in the picker. */
  choice: { sheet?: string; headerRow?: number };
}

export class SourceRegistry {
  readonly #sources = new Map<string, OpenedSource>();

  async open(fileName: string, bytes: Uint8Array): Promise<SourceView> {
    const source = bytesSource(fileName, bytes);
    const sheets = await listSheets(source);
    // Opening once here refuses an unreadable file at the first step, with the reader's own message.
    const sheet = await openSheet(source);
    const sourceId = randomUUID();
    this.#sources.set(sourceId, { sourceId, fileName, bytes, choice: {} });
    return {
      sourceId,
      fileName,
      format: sheet.format,
      sheets: sheets.map((info) => ({ name: info.name, hidden: info.hidden })),
    };
  }

  get(sourceId: string): OpenedSource {
    const source = this.#sources.get(sourceId);
    if (!source) throw new BridgeFailure('not_found', 'That file is no longer open; choose it again.');
    return source;
  }

  byteSource(sourceId: string): ByteSource {
    const source = this.get(sourceId);
    return bytesSource(source.fileName, source.bytes);
  }

  /** Opens the sheet as last chosen in the picker (or as detected). */
  async sheet(sourceId: string): Promise<SheetSource> {
    const source = this.get(sourceId);
    return openSheet(bytesSource(source.fileName, source.bytes), source.choice);
  }

  async preview(sourceId: string, choice: { sheet?: string; headerRow?: number }): Promise<SheetPreview> {
    const source = this.get(sourceId);
    const byteSource = bytesSource(source.fileName, source.bytes);
    // A new sheet means a new header row: let the reader detect it again unless one was given.
    const sheet = await openSheet(byteSource, choice);
    source.choice = { ...(sheet.sheet !== null ? { sheet: sheet.sheet } : {}), headerRow: sheet.headerRow };
    const rows = await firstRows(sheet, PREVIEW_ROWS);
    // The raw top of the sheet, title rows included, read with row 1 as "header" so nothing is skipped.
    const top = await openSheet(byteSource, {
      ...(sheet.sheet !== null ? { sheet: sheet.sheet } : {}),
      headerRow: 1,
    });
    const firstLine = top.headers.map((header, index) => (header === `Column ${index + 1}` ? '' : header));
    const topRows = [{ row: 1, cells: firstLine }, ...(await firstRows(top, TOP_ROWS - 1))];
    return {
      sourceId,
      sheet: sheet.sheet,
      headerRow: sheet.headerRow,
      headers: sheet.headers,
      rows,
      topRows,
    };
  }
}

async function firstRows(sheet: SheetSource, count: number): Promise<{ row: number; cells: string[] }[]> {
  const rows: { row: number; cells: string[] }[] = [];
  if (count <= 0) return rows;
  for await (const row of sheet.rows()) {
    rows.push({ row: row.row, cells: row.cells.map(cellText) });
    if (rows.length >= count) break;
  }
  return rows;
}
