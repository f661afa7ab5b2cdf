/**
 * The rows of one worksheet, streamed from its XML with a SAX parser: nothing but the current row is
 * held, whatever the sheet's size. Cells come out typed: shared and inline strings as text (rich text
 * flattened), numbers as numbers, date-formatted numbers as calendar dates in the workbook's own date
 * system (UTC arithmetic only, so nothing shifts with the time zone), booleans, error codes, and
 * formulas as their cached value. Merged cells need nothing: the value sits in the top-left cell.
 *
 * Why not exceljs's streaming reader (the first choice, see commit history): exceljs 4.4.0 decodes each
 * inflated chunk on its own, so a "ü" split across two chunks turns into "��" (4 cells of a 3,000-row
 * LibreOffice sheet here);
 * it parses a formula's cached error or boolean with parseFloat (so '#N/A' is lost); it streams only
 * parts named xl/worksheets/sheetN.xml; and when worksheets came before the shared strings in the zip,
 * its temp-file path gave an empty sheet in 1 of 40 opens here. This reader uses saxes, the XML parser
 * exceljs itself uses, over our own inflating stream (zip-inflate.ts).
 */
import { SaxesParser, type SaxesTagPlain } from 'saxes';
import type { ByteSource, Cell, SourceRow } from './types.ts';
import type { WorkbookLayout, WorkbookSheet } from './workbook-layout.ts';
import {
  feedXmlPart,
  localName,
  readDateStyles,
  readSharedStrings,
  unescapeOoxmlText,
} from './workbook-parts.ts';

const MS_PER_DAY = 86_400_000;
/** Days from Excel's 1900 epoch (as Excel counts, its 1900 leap-year bug included) to 1970-01-01. */
const EPOCH_1900_TO_UNIX_DAYS = 25_569;
/** The 1904 date system (old Mac Excel) counts from 1904-01-01: 1,462 days later. */
const DATE_1904_OFFSET_DAYS = 1_462;

const pad = (value: number, width = 2) => String(value).padStart(width, '0');

/** A serial day number as the calendar date (and wall-clock time) it shows in the sheet. */
export function serialToCell(serial: number, date1904: boolean): Cell {
  const days = serial - EPOCH_1900_TO_UNIX_DAYS + (date1904 ? DATE_1904_OFFSET_DAYS : 0);
  // Round to the second: stored serials carry floating-point noise (14:29:59.99996).
  const at = new Date(Math.round((days * MS_PER_DAY) / 1000) * 1000);
  if (Number.isNaN(at.getTime())) return serial;
  const date = `${pad(at.getUTCFullYear(), 4)}-${pad(at.getUTCMonth() + 1)}-${pad(at.getUTCDate())}`;
  const hours = at.getUTCHours();
  const minutes = at.getUTCMinutes();
  const seconds = at.getUTCSeconds();
  if (hours === 0 && minutes === 0 && seconds === 0) return { type: 'date', date };
  return { type: 'datetime', dateTime: `${date}T${pad(hours)}:${pad(minutes)}:${pad(seconds)}` };
}

/** An ISO 8601 cell (t="d", written by a few exporters) as a date or date-time, never shifted. */
function isoToCell(text: string): Cell {
  const match = /^(\d{4}-\d{2}-\d{2})(?:T(\d{2}:\d{2}:\d{2}))?/.exec(text);
  if (!match) return text === '' ? null : text;
  const time = match[2];
  if (!time || time === '00:00:00') return { type: 'date', date: match[1] as string };
  return { type: 'datetime', dateTime: `${match[1]}T${time}` };
}

/** "BC12" → 55 (1-based column); 0 when the reference is absent or malformed. */
function columnOf(reference: string | undefined): number {
  if (!reference) return 0;
  let column = 0;
  for (let index = 0; index < reference.length; index++) {
    const code = reference.charCodeAt(index) | 0x20;
    if (code < 97 || code > 122) break;
    column = column * 26 + (code - 96);
  }
  return column;
}

interface CellContext {
  strings: string[];
  dateStyles: boolean[];
  date1904: boolean;
}

function toCell(type: string | undefined, value: string, style: number, context: CellContext): Cell {
  switch (type) {
    case 's': {
      const text = context.strings[Number(value)];
      return text === undefined || text === '' ? null : text;
    }
    case 'inlineStr':
    case 'str':
      return value === '' ? null : unescapeOoxmlText(value);
    case 'b':
      return value.trim() === '1' || value.trim().toLowerCase() === 'true';
    case 'e':
      return { type: 'error', error: value.trim() };
    case 'd':
      return isoToCell(value.trim());
    default: {
      if (value.trim() === '') return null;
      const number = Number(value);
      if (!Number.isFinite(number)) return value;
      return context.dateStyles[style] ? serialToCell(number, context.date1904) : number;
    }
  }
}

/** Every row present in `sheet`'s XML (blank rows are usually absent from it), in order. */
export async function* worksheetRows(
  source: ByteSource,
  layout: WorkbookLayout,
  sheet: WorkbookSheet,
  signal?: AbortSignal,
): AsyncGenerator<SourceRow> {
  for await (const batch of worksheetRowBatches(source, layout, sheet, signal)) yield* batch;
}

/** The same rows in arrays, one per chunk of XML parsed (see delimitedRowBatches). */
export async function* worksheetRowBatches(
  source: ByteSource,
  layout: WorkbookLayout,
  sheet: WorkbookSheet,
  signal?: AbortSignal,
): AsyncGenerator<SourceRow[]> {
  const context: CellContext = {
    strings: await readSharedStrings(source, layout, signal),
    dateStyles: await readDateStyles(source, layout, signal),
    date1904: layout.date1904,
  };
  let ready: SourceRow[] = [];
  let rowNumber = 0;
  let cells: Cell[] | null = null;
  let column = 0;
  let cellType: string | undefined;
  let cellStyle = 0;
  let value = '';
  // Text is collected inside <v> and inside an inline string's <t> (but not its phonetic <rPh>).
  let collecting = false;
  let phoneticDepth = 0;

  const listen = (parser: SaxesParser) => {
    parser.on('opentag', (tag: SaxesTagPlain) => {
      switch (localName(tag.name)) {
        case 'row': {
          const given = Number(tag.attributes.r);
          rowNumber = Number.isInteger(given) && given > 0 ? given : rowNumber + 1;
          cells = [];
          column = 0;
          break;
        }
        case 'c': {
          const given = columnOf(tag.attributes.r);
          column = given > 0 ? given : column + 1;
          cellType = tag.attributes.t;
          cellStyle = Number(tag.attributes.s ?? 0);
          value = '';
          break;
        }
        case 'v':
          collecting = cells !== null && !tag.isSelfClosing;
          break;
        case 't':
          collecting = cells !== null && phoneticDepth === 0 && !tag.isSelfClosing;
          break;
        case 'rPh':
          phoneticDepth++;
          break;
      }
    });
    parser.on('text', (text) => {
      if (collecting) value += text;
    });
    parser.on('closetag', (tag) => {
      switch (localName(tag.name)) {
        case 'v':
        case 't':
          collecting = false;
          break;
        case 'rPh':
          phoneticDepth--;
          break;
        case 'c':
          if (cells !== null) {
            while (cells.length < column - 1) cells.push(null);
            cells[column - 1] = toCell(cellType, value, cellStyle, context);
          }
          break;
        case 'row':
          if (cells !== null) ready.push({ row: rowNumber, cells });
          cells = null;
          break;
      }
    });
  };

  const parser = new SaxesParser();
  listen(parser);
  for await (const _ of feedXmlPart(source, layout, sheet.part, parser, signal)) {
    if (ready.length === 0) continue;
    const finished = ready;
    ready = [];
    yield finished;
  }
  if (ready.length > 0) yield ready;
}
