/**
 * The rows of one worksheet, streamed from its XML with a strict scanner (xml-scanner.ts): nothing but the current row is
 * held, whatever the sheet's size. Cells come out typed: shared and inline strings as text (rich text
 * flattened, CDATA included), numbers as numbers (or, under a digit-shaping format such as `00000`,
 * with the text the cell shows), date-formatted numbers as calendar dates in the workbook's own date
 * system (serial-dates.ts), time-formatted ones as times of day or durations, booleans, error codes,
 * and formulas as their cached value, except where the file holds no result a person would see (see
 * unreadFormula: those cells say so instead).
 * A cell past XFD1048576 or one holding more text than the limit is refused, naming its row; so is a
 * sheet whose rows or cells do not rise in number (a row written twice or out of order), or one with a
 * cell whose reference names another row than the one it sits in.
 *
 * Why not exceljs's streaming reader (the first choice, see commit history): exceljs 4.4.0 decodes each
 * inflated chunk on its own, so a "ü" split across two chunks turns into "��" (4 cells of a 3,000-row
 * LibreOffice sheet here);
 * it parses a formula's cached error or boolean with parseFloat (so '#N/A' is lost); it streams only
 * parts named xl/worksheets/sheetN.xml; and when worksheets came before the shared strings in the zip,
 * its temp-file path gave an empty sheet in 1 of 40 opens here. This reader first used saxes, the XML
 * parser exceljs itself uses, over our own inflating stream (zip-inflate.ts); saxes then took most of
 * the time of reading, so sheets and shared strings now go through xml-scanner.ts, which a property
 * test keeps in agreement with saxes. The plain form most cells take is read in one pass (plainCell),
 * and a test keeps it reading what the scanner reads.
 */
import type { ByteSource, Cell, SourceRow } from './types.ts';
import type { WorkbookLayout, WorkbookSheet } from './workbook-layout.ts';
import { feedXmlPart, localName, unescapeOoxmlText } from './workbook-parts.ts';
import { sharedParts } from './workbook-shared-parts.ts';
import type { CellFormat } from './number-formats.ts';
import { serialToDate, serialToElapsed, serialToTime } from './serial-dates.ts';
import { columnLetters, columnOf, MAX_COLUMNS, MAX_ROWS, rowOfReference } from './cell-reference.ts';
import { SheetReadError } from './sheet-read-error.ts';
import { DEFAULT_MAX_LINE_CHARS, tooLongMessage } from './limits.ts';
import { XmlScanner } from './xml-scanner.ts';
import { asSpreadsheetShows } from './spreadsheet-digits.ts';

/**
 * An ISO 8601 cell (t="d", written by openpyxl, Google Sheets and some exporters) as a date, date-time
 * or time of day, never shifted by its offset. Its date is marked `shown: 'iso'`: a program wrote it as
 * YYYY-MM-DD, so it is not a day typed into a locale whose day and month could be swapped
 * (validate/date-cells.ts). A time written in UTC ("…T14:30:00Z", "+00:00") is marked `utc`: a moment,
 * read by its column as the same text would be (zoned-date.ts); with another offset it is the day written,
 * in the zone it states, as such text is.
 */
function isoToCell(text: string): Cell {
  const match = /^(\d{4}-\d{2}-\d{2})(?:T(\d{2}:\d{2}(?::\d{2})?)(?:\.\d+)?(Z|[+-]\d{2}:?\d{2})?)?/.exec(
    text,
  );
  if (!match) {
    const time = /^T?(\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?$/.exec(text);
    if (time) return { type: 'time', time: `${time[1]}:${time[2]}:${time[3] ?? '00'}` };
    return text === '' ? null : text;
  }
  const time = match[2] === undefined ? undefined : match[2].length === 5 ? `${match[2]}:00` : match[2];
  const date = match[1] as string;
  if (!time || time === '00:00:00') return { type: 'date', date, shown: 'iso' };
  const utc = match[3] !== undefined && /^(?:Z|[+-]00:?00)$/.test(match[3]);
  return utc
    ? { type: 'datetime', dateTime: `${date}T${time}`, shown: 'iso', utc: true }
    : { type: 'datetime', dateTime: `${date}T${time}`, shown: 'iso' };
}

interface CellContext {
  strings: string[];
  /** Shared strings longer than the limit (kept empty in `strings`); refused where a cell uses one. */
  tooLong: Set<number>;
  formats: CellFormat[];
  date1904: boolean;
  /** WorkbookLayout.recalcOnLoad: no formula's saved result is taken. */
  recalcOnLoad: boolean;
}

/**
 * `Number(text)` for a text of one to nine decimal digits (a shared string's index, a style's, most
 * numbers of a sheet), read from its characters; -1 for any other text. Number() on each new `<v>`
 * text was a visible part of reading a sheet (docs/benchmarks.md, issue 13 item 8).
 */
function digitsValue(text: string): number {
  const length = text.length;
  if (length === 0 || length > 9) return -1;
  let value = 0;
  for (let index = 0; index < length; index++) {
    const digit = text.charCodeAt(index) - 48;
    if (digit < 0 || digit > 9) return -1;
    value = value * 10 + digit;
  }
  return value;
}

function isLetterOrDigit(code: number): boolean {
  return (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
}

/** The characters of a number as a sheet writes it in `<v>`: digits, sign, point, exponent. */
function isNumberCharacter(code: number): boolean {
  return (
    (code >= 48 && code <= 57) || code === 46 || code === 45 || code === 43 || code === 69 || code === 101
  );
}

/** A number as its cell format shows it (see number-formats.ts). */
function numberCell(number: number, format: CellFormat | undefined, date1904: boolean): Cell {
  if (!format) return number;
  switch (format.kind) {
    case 'date':
      return serialToDate(number, date1904, format.shown);
    case 'time':
      return serialToTime(number, date1904);
    case 'elapsed':
      return serialToElapsed(number, date1904);
    case 'plain': {
      const text = format.render?.(number);
      if (text === undefined || text === null) return number;
      // Only where the format shows something else than the plain number does: 80202 stays 80202.
      return text === String(number) ? number : { type: 'number', value: number, text, format: format.code };
    }
  }
}

/** One finished `<c>`: what was collected inside it. */
interface RawCell {
  type: string | undefined;
  style: number;
  /** Text of `<v>`. */
  value: string;
  /** Text of the `<t>`s of an inline string's `<is>`; null when the cell has no `<is>`. */
  inline: string | null;
  /** Text of `<f>` ('' for a shared formula's `<f t="shared" si="0"/>`); null when the cell has none. */
  formula: string | null;
  /** The cell has a `<v>` element, even an empty one (Excel's `t="str"` result ''). */
  hasValue: boolean;
}

/**
 * A formula whose result the file does not hold, or null when its saved result is read as usual:
 * openpyxl saves none (`<f>…</f><v/>`, no type); every formula of a workbook that asks to be
 * recalculated on opening (xlsxwriter saves 0) is one too. An empty `<v></v>` under `t="str"` is the
 * empty text Excel and LibreOffice save for a formula such as =IF(A2="","",A2), and is read as blank.
 */
function unreadFormula(raw: RawCell, reference: string, recalcOnLoad: boolean): Cell | null {
  if (raw.formula === null) return null;
  const formula = raw.formula === '' ? null : unescapeOoxmlText(raw.formula);
  if (recalcOnLoad) {
    const saved = raw.type === 's' || raw.inline !== null ? '' : raw.value;
    return { type: 'formula', reference, formula, cached: saved === '' ? null : saved };
  }
  if (raw.value !== '' || (raw.type === 'str' && raw.hasValue)) return null;
  return { type: 'formula', reference, formula, cached: null };
}

/**
 * A cell that refers to a shared string or a cell format the workbook does not hold: the file is
 * damaged (a part cut short, or deleted with its relationship by a repair tool). Read as blank or as a
 * plain number, the text the cell shows would be lost, or a zip code formatted 00000 lose its zero.
 */
interface MissingReference {
  missing: 'shared string' | 'cell format';
  index: number;
}

/**
 * A number cell whose `<v>` is no number ("11/24/2026", "$950.00"): what the file holds is text a
 * spreadsheet does not show (see the 'malformed_number' cell).
 */
interface TextInNumberCell {
  numberText: string;
}

/** A number as `<v>` may hold it: digits with a sign, point and exponent, spaces around. */
const XSD_NUMBER = /^\s*[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?\s*$/;

function toCell(
  raw: RawCell,
  context: CellContext,
): Cell | { sharedTooLong: true } | MissingReference | TextInNumberCell {
  const { type, value } = raw;
  switch (type) {
    case 's': {
      let index = digitsValue(value);
      if (index < 0) {
        // An empty <v/> is a blank cell, not string 0 (Number('') is 0).
        if (value.trim() === '') return null;
        index = Number(value);
      }
      if (context.tooLong.size > 0 && context.tooLong.has(index)) return { sharedTooLong: true };
      const text = context.strings[index];
      if (text === undefined) return { missing: 'shared string', index };
      return text === '' ? null : text;
    }
    case 'inlineStr': {
      // A cell carrying both <v> and <is> shows its <is>.
      const text = raw.inline ?? value;
      return text === '' ? null : unescapeOoxmlText(text);
    }
    case 'str':
      return value === '' ? null : unescapeOoxmlText(value);
    case 'b':
      return value.trim() === '1' || value.trim().toLowerCase() === 'true';
    case 'e':
      return { type: 'error', error: value.trim() };
    case 'd':
      return isoToCell(value.trim());
    default: {
      const format = context.formats[raw.style];
      // Style 0 is the default even in a workbook without a styles part; any other must exist.
      if (format === undefined && raw.style !== 0 && value.trim() !== '')
        return { missing: 'cell format', index: raw.style };
      const digits = digitsValue(value);
      if (digits >= 0) return numberCell(digits, format, context.date1904);
      if (value.trim() === '') return null;
      // Only a number as a sheet writes one (xsd:double): Number() would also take "0x1A" or "Infinity".
      const number = XSD_NUMBER.test(value) ? Number(value) : Number.NaN;
      if (!Number.isFinite(number)) return { numberText: value };
      // As the spreadsheet shows it: a formula's 1100.0000000000002 is the 1100 the clerk sees, and
      // would otherwise be sent as typed by no one (spreadsheet-digits.ts). Only the binary tail goes:
      // the cell's format (2 decimals, a percentage) is not applied.
      return numberCell(asSpreadsheetShows(number), format, context.date1904);
    }
  }
}

function isTrue(value: string | undefined): boolean {
  return value === '1' || value === 'true';
}

/**
 * A row given no height (`<row ht="0" customHeight="1">`, as writers that hide a row by its height save
 * it): Excel and LibreOffice show nothing of it, as of a row with `hidden="1"`, so it is named as hidden
 * too (explore 64).
 */
function zeroHeight(scanner: XmlScanner): boolean {
  const height = scanner.attribute('ht');
  return (
    height !== undefined &&
    Number(height) === 0 &&
    height.trim() !== '' &&
    isTrue(scanner.attribute('customHeight'))
  );
}

/**
 * A row shown under `<sheetFormatPr zeroHeight="1">`, the sheet's "rows are hidden unless said
 * otherwise": only a row given a height of its own (`ht` above 0) is shown there, as Excel and
 * LibreOffice show it; every other row is as hidden as a `hidden="1"` one.
 */
function ownHeight(scanner: XmlScanner): boolean {
  const height = scanner.attribute('ht');
  return height !== undefined && Number(height) > 0;
}

function insideArray(
  ranges: { top: number; left: number; bottom: number; right: number }[],
  row: number,
  column: number,
): boolean {
  return ranges.some(
    (range) => row >= range.top && row <= range.bottom && column >= range.left && column <= range.right,
  );
}

/** Every row present in `sheet`'s XML (blank rows are usually absent from it), in order. */
export async function* worksheetRows(
  source: ByteSource,
  layout: WorkbookLayout,
  sheet: WorkbookSheet,
  signal?: AbortSignal,
  maxLineChars?: number,
): AsyncGenerator<SourceRow> {
  for await (const batch of worksheetRowBatches(source, layout, sheet, signal, maxLineChars)) yield* batch;
}

/** The same rows in arrays, one per chunk of XML parsed (see delimitedRowBatches). */
export async function* worksheetRowBatches(
  source: ByteSource,
  layout: WorkbookLayout,
  sheet: WorkbookSheet,
  signal?: AbortSignal,
  /** The longest cell text accepted (ReadOptions.maxLineChars). */
  maxLineChars = DEFAULT_MAX_LINE_CHARS,
): AsyncGenerator<SourceRow[]> {
  const maxChars = maxLineChars;
  const shared = await sharedParts(source, layout, signal, maxChars);
  const context: CellContext = { ...shared, date1904: layout.date1904, recalcOnLoad: layout.recalcOnLoad };
  const where = `sheet "${sheet.name}" of ${source.name}`;
  const Where = `Sheet "${sheet.name}" of ${source.name}`;
  let ready: SourceRow[] = [];
  let rowNumber = 0;
  let cells: Cell[] | null = null;
  let hidden = false;
  /** `<sheetFormatPr zeroHeight="1">`: rows without a height of their own are hidden (ownHeight). */
  let rowsHiddenUnlessSized = false;
  let column = 0;
  const raw: RawCell = {
    type: undefined,
    style: 0,
    value: '',
    inline: null,
    formula: null,
    hasValue: false,
  };
  // Text is collected inside <v> and <f>, and inside an inline string's <is><t> (but not its phonetic
  // <rPh>).
  let collecting: 'value' | 'inline' | 'formula' | null = null;
  /**
   * Ranges of array formulas seen so far, in a workbook recalculated on opening: the cells of the range
   * after its first hold saved results (xlsxwriter's 0) but no <f> of their own.
   */
  const arrayRanges: { top: number; left: number; bottom: number; right: number }[] = [];
  let inlineDepth = 0;
  let phoneticDepth = 0;

  const refuseTooLong = (): never => {
    throw new SheetReadError(
      'too_long',
      source.name,
      tooLongMessage(`Row ${rowNumber}, column ${columnLetters(column)} of ${where}`, 'cell', maxChars),
      { row: rowNumber, column },
    );
  };
  const refuseMissing = ({ missing, index }: MissingReference): never => {
    const held = missing === 'shared string' ? context.strings.length : context.formats.length;
    throw new SheetReadError(
      'corrupt_workbook',
      source.name,
      `${Where} is damaged: cell ${columnLetters(column)}${rowNumber} (row ${rowNumber}) uses ${missing} ${index + 1}, but the file holds ${held === 0 ? 'none' : `only ${held}`}, so what the cell shows cannot be read. ` +
        `Get the file again from whoever sent it; opening it in Excel or LibreOffice and saving it again would not bring the ${missing === 'shared string' ? 'text' : 'format'} back.`,
      { row: rowNumber, column },
    );
  };
  /**
   * A row or cell whose number does not rise over the one before it: `<row r="3">` twice (a faulty
   * exporter), or rows written out of order. Excel calls such a file damaged and repairs it, LibreOffice
   * shows one row 3; reading both would send a row no spreadsheet shows, and the journal, which settles
   * rows by their number, would take one copy for the other on --resume (explore 64). Refused whole,
   * before anything is sent: which copy is the row the clerk sees cannot be told.
   */
  const outOfOrder = (what: string, repeated: boolean | null, before: string): never => {
    const how =
      repeated === null
        ? `comes after ${before} in it: a cell written twice or out of order, which Excel calls damage. `
        : repeated
          ? `appears twice in it${before === what ? '' : ` (again after ${before})`}, and which copy is the ${what} a spreadsheet shows cannot be told. `
          : `comes after ${before} in it: it is out of order, which Excel calls damage. `;
    throw new SheetReadError(
      'corrupt_workbook',
      source.name,
      `${Where} is damaged: ${what} ${how}` +
        `Open the file in Excel (it offers to repair it) or LibreOffice, check ${what} and save it again as .xlsx (Excel Workbook).`,
      { row: rowNumber },
    );
  };
  /** Rows seen so far, one bit each, to tell a repeated row from one out of order. */
  let rowsSeen: Uint8Array | null = null;
  const outsideGrid = (reference: string): never => {
    throw new SheetReadError(
      'outside_grid',
      source.name,
      `${Where} is damaged: it has a cell at ${reference}${rowNumber > 0 ? ` (row ${rowNumber})` : ''}, past XFD1048576, the last cell a sheet can have. Open it in Excel or LibreOffice, check the sheet and save it again.`,
      rowNumber > 0 ? { row: rowNumber } : {},
    );
  };

  /**
   * A cell whose reference names another row than the `<row>` it sits in (`<c r="B5">` inside row 3, a
   * faulty exporter's): Excel calls the file damaged and repairs it, and which row the value belongs to
   * cannot be told. Read into the row it sits in, it could be sent under another claim (explore 64).
   */
  const wrongRow = (reference: string): never => {
    throw new SheetReadError(
      'corrupt_workbook',
      source.name,
      `${Where} is damaged: cell ${reference} is written inside row ${rowNumber}, and which of the two rows its value belongs to cannot be told. ` +
        `Open the file in Excel (it offers to repair it) or LibreOffice, check rows ${Math.min(rowNumber, rowOfReference(reference))} and ${Math.max(rowNumber, rowOfReference(reference))} and save it again as .xlsx (Excel Workbook).`,
      { row: rowNumber, column: columnOf(reference) },
    );
  };

  /** A `<c>` begins: its column, type and style; nothing collected yet. */
  const startCell = (r: string | undefined, type: string | undefined, style: string | undefined): void => {
    // A reference without a row ("C", some writers' shorthand) says nothing about it.
    if (r !== undefined && cells !== null) {
      const row = rowOfReference(r);
      if (row !== rowNumber && row !== 0) wrongRow(r);
    }
    const given = columnOf(r);
    if (given > 0 && given <= column && cells !== null) {
      const reference = `${columnLetters(given)}${rowNumber}`;
      // Which cells came before is not kept (a list per row would cost every cell read): only a cell
      // right after itself is known to be a second copy.
      outOfOrder(
        `cell ${reference}`,
        given === column ? true : null,
        `cell ${columnLetters(column)}${rowNumber}`,
      );
    }
    column = given > 0 ? given : column + 1;
    if (column > MAX_COLUMNS) outsideGrid(r ?? `column ${column}`);
    raw.type = type;
    const styleIndex = style === undefined ? 0 : digitsValue(style);
    raw.style = styleIndex >= 0 ? styleIndex : Number(style);
    raw.value = '';
    raw.inline = null;
    raw.formula = null;
    raw.hasValue = false;
  };
  /** A `</c>`: what was collected becomes the row's cell. */
  const finishCell = (): void => {
    if (cells === null) return;
    while (cells.length < column - 1) cells.push(null);
    if (raw.formula !== null || arrayRanges.length > 0) {
      const unread = unreadFormula(
        raw.formula === null && insideArray(arrayRanges, rowNumber, column) ? { ...raw, formula: '' } : raw,
        `${columnLetters(column)}${rowNumber}`,
        context.recalcOnLoad,
      );
      if (unread !== null) {
        cells[column - 1] = unread;
        return;
      }
    }
    const cell = toCell(raw, context);
    if (cell !== null && typeof cell === 'object') {
      if ('sharedTooLong' in cell) refuseTooLong();
      if ('missing' in cell) refuseMissing(cell);
      if ('numberText' in cell) {
        const reference = `${columnLetters(column)}${rowNumber}`;
        cells[column - 1] = { type: 'malformed_number', reference, text: cell.numberText.trim() };
        return;
      }
    }
    cells[column - 1] = cell as Cell;
  };
  /**
   * The form most cells of a sheet take, `<c r="B2" s="1" t="s"><v>41</v></c>`, read in one pass:
   * attributes r, s and t at most once each, one space apart, their values letters and digits; a <v>
   * of a number's characters. It has the effect of the five events the scanner would give (see
   * XmlEvents.element). Anything else, or the chunk ending inside it, is the scanner's (-1).
   */
  const plainCell = (text: string, start: number): number => {
    if (text.charCodeAt(start + 1) !== 99 || text.charCodeAt(start + 2) !== 32) return -1; // "<c "
    if (cells === null || inlineDepth > 0 || phoneticDepth > 0 || arrayRanges.length > 0) return -1;
    let r: string | undefined;
    let type: string | undefined;
    let style: string | undefined;
    let index = start + 3;
    for (;;) {
      const name = text.charCodeAt(index);
      if (text.charCodeAt(index + 1) !== 61 || text.charCodeAt(index + 2) !== 34) return -1; // x="
      const valueStart = index + 3;
      let valueEnd = valueStart;
      while (isLetterOrDigit(text.charCodeAt(valueEnd))) valueEnd++;
      if (valueEnd === valueStart || text.charCodeAt(valueEnd) !== 34) return -1;
      const value = text.slice(valueStart, valueEnd);
      if (name === 114 && r === undefined) r = value;
      else if (name === 116 && type === undefined) type = value;
      else if (name === 115 && style === undefined) style = value;
      else return -1;
      const after = text.charCodeAt(valueEnd + 1);
      index = valueEnd + 2;
      if (after === 62) break; // ">"
      if (after !== 32) return -1;
    }
    if (
      text.charCodeAt(index) !== 60 ||
      text.charCodeAt(index + 1) !== 118 ||
      text.charCodeAt(index + 2) !== 62
    )
      return -1; // "<v>"
    const valueStart = index + 3;
    let valueEnd = valueStart;
    while (isNumberCharacter(text.charCodeAt(valueEnd))) valueEnd++;
    if (valueEnd === valueStart || valueEnd - valueStart > maxChars) return -1;
    if (!text.startsWith('</v></c>', valueEnd)) return -1;
    startCell(r, type, style);
    raw.hasValue = true;
    raw.value = text.slice(valueStart, valueEnd);
    finishCell();
    return valueEnd + 8;
  };

  const scanner: XmlScanner = new XmlScanner({
    openTag(tag, selfClosing) {
      switch (localName(tag)) {
        case 'row': {
          const r = scanner.attribute('r');
          const given = Number(r);
          const previous = rowNumber;
          rowNumber = Number.isInteger(given) && given > 0 ? given : rowNumber + 1;
          if (rowNumber > MAX_ROWS) outsideGrid(`row ${r ?? rowNumber}`);
          rowsSeen ??= new Uint8Array((MAX_ROWS >> 3) + 1);
          const byte = rowNumber >> 3;
          const bit = 1 << (rowNumber & 7);
          if (rowNumber <= previous) {
            outOfOrder(`row ${rowNumber}`, ((rowsSeen[byte] ?? 0) & bit) !== 0, `row ${previous}`);
          }
          rowsSeen[byte] = (rowsSeen[byte] ?? 0) | bit;
          cells = [];
          column = 0;
          hidden =
            isTrue(scanner.attribute('hidden')) ||
            zeroHeight(scanner) ||
            (rowsHiddenUnlessSized && !ownHeight(scanner));
          break;
        }
        case 'sheetFormatPr':
          // Before <sheetData> in every sheet (the schema's order), so before any row is read.
          rowsHiddenUnlessSized = isTrue(scanner.attribute('zeroHeight'));
          break;
        case 'c':
          startCell(scanner.attribute('r'), scanner.attribute('t'), scanner.attribute('s'));
          break;
        case 'v':
          if (inlineDepth === 0) raw.hasValue = true;
          collecting = cells !== null && !selfClosing && inlineDepth === 0 ? 'value' : null;
          break;
        case 'f': {
          raw.formula = '';
          collecting = cells !== null && !selfClosing ? 'formula' : null;
          const range =
            context.recalcOnLoad && scanner.attribute('t') === 'array' ? scanner.attribute('ref') : undefined;
          const corners = range === undefined ? null : /^([A-Z]+)(\d+):([A-Z]+)(\d+)$/i.exec(range);
          if (corners) {
            arrayRanges.push({
              left: columnOf(corners[1]),
              top: Number(corners[2]),
              right: columnOf(corners[3]),
              bottom: Number(corners[4]),
            });
          }
          break;
        }
        case 'is':
          inlineDepth++;
          if (raw.inline === null) raw.inline = '';
          break;
        case 't':
          collecting =
            cells !== null && inlineDepth > 0 && phoneticDepth === 0 && !selfClosing ? 'inline' : null;
          break;
        case 'rPh':
          phoneticDepth++;
          break;
      }
    },
    text(text) {
      if (collecting === 'value') {
        raw.value += text;
        if (raw.value.length > maxChars) refuseTooLong();
      } else if (collecting === 'inline') {
        raw.inline += text;
        if ((raw.inline as string).length > maxChars) refuseTooLong();
      } else if (collecting === 'formula') {
        raw.formula += text;
        if ((raw.formula as string).length > maxChars) refuseTooLong();
      }
    },
    element: plainCell,
    closeTag(tag) {
      switch (localName(tag)) {
        case 'v':
        case 't':
        case 'f':
          collecting = null;
          break;
        case 'is':
          inlineDepth--;
          break;
        case 'rPh':
          phoneticDepth--;
          break;
        case 'c':
          finishCell();
          break;
        case 'row':
          if (cells !== null)
            ready.push(hidden ? { row: rowNumber, cells, hidden: true } : { row: rowNumber, cells });
          cells = null;
          break;
      }
    },
  });

  const guard = { maxChars: maxChars + 1024, refuse: refuseTooLong };
  for await (const _ of feedXmlPart(source, layout, sheet.part, scanner, signal, guard)) {
    if (ready.length === 0) continue;
    const finished = ready;
    ready = [];
    yield finished;
  }
  if (ready.length > 0) yield ready;
}
