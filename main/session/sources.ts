/**
 * Files the user opened this session, kept in main as bytes (never re-sent by the renderer) and read by
 * core's readers on demand. Electron's open dialog and the browser's upload both end up here.
 */
import { randomUUID } from 'node:crypto';
import {
  bytesSource,
  cellText,
  openDataSheet,
  openSheet,
  SheetReadError,
  type ByteSource,
  type SheetSource,
} from '../../core/index.ts';
import type { SheetPreview, SourceView } from '../bridge/contract.ts';
import { BridgeFailure } from '../bridge/failure.ts';

/** What the picker settled on: sheet and header row, and for delimited text its quote characters. */
export interface SourceChoice {
  sheet?: string;
  headerRow?: number;
  quote?: string;
  escape?: string;
}

/** Delimited text the reader may read once another quote or escape character is given. */
const TEXT_FILE = /\.(csv|tsv|txt)$/i;

const PREVIEW_ROWS = 20;
const TOP_ROWS = 12;

export interface OpenedSource {
  sourceId: string;
  fileName: string;
  bytes: Uint8Array;
  /** The sheet and header row (and quote characters) the user settled on in the picker. */
  choice: SourceChoice;
}

export class SourceRegistry {
  readonly #sources = new Map<string, OpenedSource>();

  async open(fileName: string, bytes: Uint8Array): Promise<SourceView> {
    const source = bytesSource(fileName, bytes);
    const sourceId = randomUUID();
    let choice;
    try {
      // The sheet that looks like referral data, not a "Summary" of a few rows: the same choice as the
      // CLI's `map` (core's openDataSheet). Opening here refuses an unreadable file at the first step.
      choice = await openDataSheet(source);
    } catch (error) {
      // Quotes that do not pair up may be a file quoting another way: keep it, so the sheet step can
      // try another quote or escape character. Anything else is refused with the reader's message.
      if (!(error instanceof SheetReadError && error.code === 'damaged_text' && TEXT_FILE.test(fileName)))
        throw error;
      this.#sources.set(sourceId, { sourceId, fileName, bytes, choice: {} });
      return {
        sourceId,
        fileName,
        format: 'csv',
        sheets: [],
        chosenSheet: null,
        sheetGuessed: false,
        refused: { code: error.code, message: error.message },
      };
    }
    const { sheet } = choice;
    this.#sources.set(sourceId, {
      sourceId,
      fileName,
      bytes,
      choice: sheet.sheet !== null ? { sheet: sheet.sheet } : {},
    });
    return {
      sourceId,
      fileName,
      format: sheet.format,
      sheets: choice.sheets.map((look) => ({
        name: look.name,
        hidden: look.hidden,
        ...(look.headers > 0 ? { headers: look.headers, recognised: look.recognised } : {}),
        ...(look.headers > 0 || look.rows > 0 ? { rows: look.rows, moreRows: look.moreRows } : {}),
        ...(look.unreadable ? { unreadable: look.unreadable } : {}),
      })),
      chosenSheet: sheet.sheet,
      sheetGuessed: choice.guessed,
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

  async preview(sourceId: string, choice: SourceChoice): Promise<SheetPreview> {
    const source = this.get(sourceId);
    const byteSource = bytesSource(source.fileName, source.bytes);
    // No sheet named: the one chosen when the file was opened. A new sheet means a new header row:
    // let the reader detect it again unless one was given.
    const asked = {
      ...choice,
      ...(choice.sheet === undefined && source.choice.sheet ? { sheet: source.choice.sheet } : {}),
    };
    const quotes = {
      ...(asked.quote !== undefined ? { quote: asked.quote } : {}),
      ...(asked.escape !== undefined ? { escape: asked.escape } : {}),
    };
    const sheet = await openSheet(byteSource, asked);
    source.choice = {
      ...(sheet.sheet !== null ? { sheet: sheet.sheet } : {}),
      headerRow: sheet.headerRow,
      ...quotes,
    };
    const rows = await firstRows(sheet, PREVIEW_ROWS);
    // The raw top of the sheet, title rows included, read with row 1 as "header" so nothing is skipped.
    const top = await openSheet(byteSource, {
      ...(sheet.sheet !== null ? { sheet: sheet.sheet } : {}),
      headerRow: 1,
      ...quotes,
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
      ...quotes,
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
