/**
 * Reads a round-trip workbook back with exceljs's streaming reader: first the hidden metadata sheet
 * (which the writer puts last, so that takes one pass over the file), then the data sheets row by row.
 * Only what the round trip needs; general spreadsheet reading lives in core/read.
 */
import { Readable } from 'node:stream';
import type ExcelJS from 'exceljs';
import { loadExcelJS } from '../lazy-libraries.ts';
import { InputError } from '../errors.ts';
import type { ByteSource, Cell } from '../read/types.ts';
import {
  META_MARKER,
  META_SHEET,
  META_VERSION,
  type MetaColumn,
  type MetaRow,
  type RoundTripMeta,
} from './round-trip-meta.ts';
import type { ColumnKind } from './types.ts';

export interface RoundTripFile {
  meta: RoundTripMeta;
  rows: Map<number, MetaRow>;
}

interface SheetRows {
  name: string;
  state: string;
  rows: AsyncIterable<{ number: number; values: unknown[] }>;
}

async function* sheetsOf(source: ByteSource): AsyncIterable<SheetRows> {
  const { stream } = await loadExcelJS();
  const reader = new stream.xlsx.WorkbookReader(Readable.from(source.open()), {
    worksheets: 'emit',
    sharedStrings: 'cache',
    styles: 'cache',
    hyperlinks: 'ignore',
    entries: 'ignore',
  });
  try {
    for await (const sheet of reader) {
      const worksheet = sheet as unknown as { name?: string; state?: string } & AsyncIterable<ExcelJS.Row>;
      yield {
        name: worksheet.name ?? '',
        state: worksheet.state ?? 'visible',
        rows: (async function* () {
          for await (const row of worksheet) yield { number: row.number, values: row.values as unknown[] };
        })(),
      };
    }
  } catch (error) {
    if (error instanceof InputError) throw error;
    throw new InputError(
      'unreadable_file',
      `${source.name}: cannot be read as an XLSX workbook (${String(error)})`,
      {
        cause: error,
      },
    );
  }
}

/** The round-trip metadata of a workbook, or null when it is not a round-trip export. */
export async function readRoundTripMeta(
  source: ByteSource,
  signal?: AbortSignal,
): Promise<RoundTripFile | null> {
  let found: RoundTripFile | null = null;
  for await (const sheet of sheetsOf(source)) {
    if (sheet.name !== META_SHEET) {
      for await (const _row of sheet.rows) signal?.throwIfAborted();
      continue;
    }
    found = await parseMeta(source.name, sheet.rows, signal);
  }
  return found;
}

async function parseMeta(
  fileName: string,
  rows: AsyncIterable<{ values: unknown[] }>,
  signal?: AbortSignal,
): Promise<RoundTripFile | null> {
  const entries = new Map<string, string>();
  const columns: MetaColumn[] = [];
  const byId = new Map<number, MetaRow>();
  let first = true;
  for await (const { values } of rows) {
    signal?.throwIfAborted();
    const [kind, a, b, c, d] = values
      .slice(1)
      .map((value) => (value === null || value === undefined ? '' : String(value)));
    if (first) {
      if (kind !== META_MARKER) return null;
      if (Number(a) !== META_VERSION) {
        throw new InputError(
          'unsupported_round_trip',
          `${fileName}: its round-trip data is version ${a}, this tool reads version ${META_VERSION}; export the file again with this version`,
        );
      }
      first = false;
    } else if (kind === 'column') {
      columns.push({
        header: a ?? '',
        target: b ?? '',
        editable: c === '1',
        kind: (d || 'text') as ColumnKind,
      });
    } else if (kind === 'row') {
      byId.set(Number(a), { id: Number(a), updatedAt: b ?? '', hashes: (c ?? '').split(' ') });
    } else if (kind) {
      entries.set(kind, a ?? '');
    }
  }
  if (first) return null;
  return {
    meta: {
      version: META_VERSION,
      exportedAt: entries.get('exported_at') ?? '',
      startedAt: entries.get('started_at') ?? '',
      account: entries.get('account') ?? '',
      dataSheets: JSON.parse(entries.get('data_sheets') || '[]') as string[],
      columns,
    },
    rows: byId,
  };
}

export interface DataRow {
  sheet: string;
  row: number;
  /** Typed cells aligned with `headers`. */
  cells: Cell[];
}

export interface DataSheet {
  name: string;
  headers: string[];
  rows: AsyncIterable<DataRow>;
}

/**
 * The visible sheets that carry the round-trip header (`id` and `updated_at` among the first row's
 * cells), whatever the user renamed them to.
 */
export async function* roundTripDataSheets(source: ByteSource): AsyncIterable<DataSheet> {
  for await (const sheet of sheetsOf(source)) {
    const iterator = sheet.rows[Symbol.asyncIterator]();
    if (sheet.state !== 'visible' || sheet.name === META_SHEET) {
      for (let next = await iterator.next(); !next.done; next = await iterator.next());
      continue;
    }
    const first = await iterator.next();
    const headers = first.done ? [] : first.value.values.slice(1).map((value) => cellText(toCell(value)));
    if (!headers.includes('id') || !headers.includes('updated_at')) {
      for (let next = await iterator.next(); !next.done; next = await iterator.next());
      continue;
    }
    yield {
      name: sheet.name,
      headers,
      rows: (async function* () {
        for (let next = await iterator.next(); !next.done; next = await iterator.next()) {
          const cells = headers.map((_, index) => toCell(next.value.values[index + 1]));
          if (cells.every((cell) => cell === null || cell === '')) continue;
          yield { sheet: sheet.name, row: next.value.number, cells };
        }
      })(),
    };
  }
}

/** exceljs cell values (rich text, formulas, hyperlinks, Dates) as the pipeline's Cell. */
export function toCell(value: unknown): Cell {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  if (value instanceof Date) {
    const iso = value.toISOString();
    // exceljs reads serials as UTC; a whole day is a calendar date, never shifted.
    return iso.endsWith('T00:00:00.000Z')
      ? { type: 'date', date: iso.slice(0, 10) }
      : { type: 'datetime', dateTime: iso.slice(0, 19) };
  }
  if (typeof value === 'object') {
    const object = value as Record<string, unknown>;
    if (Array.isArray(object.richText)) {
      return (object.richText as { text?: string }[]).map((part) => part.text ?? '').join('');
    }
    if ('result' in object) return toCell(object.result);
    if ('error' in object) return { type: 'error', error: String(object.error) };
    if ('text' in object) return toCell(object.text);
  }
  return String(value);
}

export function cellText(cell: Cell): string {
  if (cell === null) return '';
  if (typeof cell === 'boolean') return cell ? '1' : '0';
  if (typeof cell === 'number') return String(cell);
  if (typeof cell === 'string') return cell.trim();
  if (cell.type === 'date') return cell.date;
  if (cell.type === 'datetime') return cell.dateTime.replace('T', ' ');
  if (cell.type === 'time') return cell.time;
  if (cell.type === 'number') return cell.text;
  return cell.error;
}

/** A cell as the canonical text of its column's kind (the rule of round-trip-meta.ts's canonicalText). */
export function canonicalCellText(cell: Cell, kind: ColumnKind): string {
  if (kind === 'date' && typeof cell === 'number') return excelSerialToDate(cell);
  if (kind === 'date' && typeof cell === 'object' && cell !== null && cell.type === 'datetime') {
    return cell.dateTime.slice(0, 10);
  }
  return cellText(cell);
}

function excelSerialToDate(serial: number): string {
  return new Date(Math.round((serial - 25569) * 86_400_000)).toISOString().slice(0, 10);
}
