/**
 * The rows of one worksheet, streamed by exceljs's streaming reader (never the whole workbook in
 * memory). Styles are cached so that date cells are recognised: without them exceljs hands dates over
 * as serial numbers. Cells are turned into our Cell type here; dates use the workbook's own date
 * system (read by workbook-layout.ts) and UTC arithmetic only, so nothing shifts with the time zone.
 */
import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import type { ByteSource, Cell, SourceRow } from './types.ts';
import type { WorkbookLayout, WorkbookSheet } from './workbook-layout.ts';
import { SheetReadError, SAVE_AS_ADVICE } from './sheet-read-error.ts';

/** exceljs's streaming reader only streams worksheets stored under this name. */
export const STREAMABLE_SHEET_PART = /^xl\/worksheets\/sheet(\d+)\.xml$/;

const MS_PER_DAY = 86_400_000;
/** Days from Excel's 1900 epoch (as Excel counts, leap-year bug included) to 1970-01-01. */
const EPOCH_1900_TO_UNIX_DAYS = 25_569;
/** The 1904 date system counts from 1904-01-01: 1,462 days later. */
const DATE_1904_OFFSET_DAYS = 1_462;

/** exceljs's test for a date number format: date/time letters outside quotes and [brackets]. */
function isDateFormat(format: string | undefined): boolean {
  if (!format) return false;
  const bare = format.replace(/\[[^\]]*]/g, '').replace(/"[^"]*"/g, '');
  return /[ymdhMsb]+/.test(bare);
}

const pad = (value: number, width = 2) => String(value).padStart(width, '0');

/** A serial day number as the calendar date (and wall-clock time) it shows in the sheet. */
export function serialToCell(serial: number, date1904: boolean): Cell {
  const days = serial - EPOCH_1900_TO_UNIX_DAYS + (date1904 ? DATE_1904_OFFSET_DAYS : 0);
  // Round to the second: serials carry floating-point noise (0.999999 of a second).
  const at = new Date(Math.round((days * MS_PER_DAY) / 1000) * 1000);
  const date = `${pad(at.getUTCFullYear(), 4)}-${pad(at.getUTCMonth() + 1)}-${pad(at.getUTCDate())}`;
  const seconds = at.getUTCHours() * 3600 + at.getUTCMinutes() * 60 + at.getUTCSeconds();
  if (seconds === 0) return { type: 'date', date };
  return { type: 'datetime', dateTime: `${date}T${pad(at.getUTCHours())}:${pad(at.getUTCMinutes())}:${pad(at.getUTCSeconds())}` };
}

interface Dates {
  /** The workbook's real date system. */
  date1904: boolean;
  /** The one exceljs applied when it made a Date (it misses date1904="true"). */
  exceljs1904: () => boolean;
}

function dateCell(value: Date, dates: Dates): Cell {
  const serial = value.getTime() / MS_PER_DAY + EPOCH_1900_TO_UNIX_DAYS - (dates.exceljs1904() ? DATE_1904_OFFSET_DAYS : 0);
  return serialToCell(serial, dates.date1904);
}

type FormulaValue = { formula?: string; sharedFormula?: string; result?: unknown };

function toCell(value: unknown, numFmt: () => string | undefined, dates: Dates): Cell {
  if (value === null || value === undefined) return null;
  switch (typeof value) {
    case 'string':
      return value === '' ? null : value;
    case 'number':
      return Number.isFinite(value) ? value : null;
    case 'boolean':
      return value;
    case 'object':
      break;
    default:
      return String(value);
  }
  if (value instanceof Date) return dateCell(value, dates);
  const object = value as Record<string, unknown>;
  if (Array.isArray(object.richText)) {
    const text = (object.richText as { text?: string | null }[]).map((run) => run.text ?? '').join('');
    return text === '' ? null : text;
  }
  if (typeof object.error === 'string') return { type: 'error', error: object.error };
  if ('formula' in object || 'sharedFormula' in object) {
    const { result } = object as FormulaValue;
    // The streaming reader parses every non-string cached result with parseFloat, so a cached error
    // ('#N/A') arrives as NaN and its code is lost; it is still an error, never an empty cell.
    if (typeof result === 'number') {
      if (Number.isNaN(result)) return { type: 'error', error: '#ERROR' };
      return isDateFormat(numFmt()) ? serialToCell(result, dates.date1904) : result;
    }
    return toCell(result, numFmt, dates);
  }
  if (typeof object.text === 'string') return object.text === '' ? null : object.text;
  if (object.text !== undefined) return toCell(object.text, numFmt, dates);
  return null;
}

interface StreamingWorkbook {
  on(event: 'entry', listener: (entry: { type: string; id?: string }) => void): void;
  properties?: { model?: { date1904?: boolean } };
  [Symbol.asyncIterator](): AsyncGenerator<AsyncIterable<ExcelJS.Row>>;
}

function bufferChunks(source: ByteSource): Readable {
  return Readable.from(
    (async function* () {
      for await (const chunk of source.open()) yield Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    })(),
    { objectMode: false },
  );
}

/** Every row exceljs finds in `sheet` (blank rows are simply absent from the XML). */
export async function* worksheetRows(
  source: ByteSource,
  layout: WorkbookLayout,
  sheet: WorkbookSheet,
  signal?: AbortSignal,
): AsyncGenerator<SourceRow> {
  const input = bufferChunks(source);
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(input, {
    worksheets: 'emit',
    sharedStrings: 'cache',
    styles: 'cache',
    hyperlinks: 'ignore',
    entries: 'emit',
  }) as unknown as StreamingWorkbook;
  // exceljs announces each worksheet's part number just before handing its reader over.
  let announcedPart = '';
  reader.on('entry', (entry) => {
    if (entry.type === 'worksheet') announcedPart = `xl/worksheets/sheet${entry.id}.xml`;
  });
  const dates: Dates = { date1904: layout.date1904, exceljs1904: () => reader.properties?.model?.date1904 === true };
  let found = false;
  try {
    for await (const worksheet of reader) {
      if (announcedPart !== sheet.part) continue;
      found = true;
      for await (const row of worksheet) {
        signal?.throwIfAborted();
        const values = row.values as unknown[];
        const cells: Cell[] = new Array(Math.max(0, values.length - 1));
        for (let column = 1; column < values.length; column++) {
          cells[column - 1] = toCell(values[column], () => row.getCell(column).numFmt, dates);
        }
        yield { row: row.number, cells };
      }
      break;
    }
  } catch (error) {
    if (error instanceof SheetReadError || signal?.aborted) throw error;
    throw new SheetReadError(
      'corrupt_workbook',
      source.name,
      `${source.name} could not be read (sheet "${sheet.name}"): ${(error as Error).message}. ${SAVE_AS_ADVICE}`,
      { cause: error },
    );
  } finally {
    input.destroy();
  }
  if (!found) {
    throw new SheetReadError(
      'corrupt_workbook',
      source.name,
      `${source.name}: sheet "${sheet.name}" could not be found inside the workbook. ${SAVE_AS_ADVICE}`,
    );
  }
}
