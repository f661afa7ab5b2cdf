/**
 * Records of a delimited text file as a stream, parsed chunk by chunk with Papa Parse's own parser
 * (the same loop its streaming API runs): the unfinished record at the end of a chunk is carried into
 * the next, so quoted fields may hold delimiters, quotes and line breaks across chunk boundaries.
 * Line ends are unified first (line-breaks.ts); quotes that do not pair up refuse the file naming the
 * row (quote-damage.ts); a record that grows past the limit is refused rather than carried on, which
 * keeps one endless line from costing time and memory without bound.
 */
import Papa from 'papaparse';
import type { ByteSource, Cell, SourceRow } from './types.ts';
import { decodedChunks } from './text-encoding.ts';
import { escapedByte } from './utf8-lines.ts';
import { markUtf8Cells } from './utf8-in-windows-1252.ts';
import type { LineBreak } from './delimited-layout.ts';
import { hasLoneCr, unifyLineBreaks, type QuoteRules } from './line-breaks.ts';
import { openQuoteColumn, quoteDamage, type PapaError } from './quote-damage.ts';
import { DEFAULT_MAX_LINE_CHARS, tooLongMessage } from './limits.ts';
import { SheetReadError } from './sheet-read-error.ts';
import { columnLetters } from './cell-reference.ts';

export interface DelimitedLayout {
  encoding: string;
  delimiter: string;
  newline: LineBreak;
  /** The quote character (default `"`) and the one that escapes it inside a quoted field (default: itself). */
  quote?: string;
  escape?: string;
  /** The file starts with Excel's "sep=X" line, which Excel does not show as a row. */
  skipSeparatorHint?: boolean;
  /**
   * UTF-8 with a few lines that are not (text-encoding.ts, DetectedEncoding.markInvalidUtf8): their bytes are
   * marked while decoding, and each row holding one says where (SourceRow.notUtf8).
   */
  markInvalidUtf8?: boolean;
  /**
   * Windows-1252 with some lines that are UTF-8 (DetectedEncoding.markUtf8Rows): each row whose text is
   * UTF-8 says which cells (SourceRow.looksUtf8).
   */
  markUtf8Rows?: boolean;
}

/**
 * Cells of one record, made from Papa's array of its fields in place (the parser hands each record's
 * array over and keeps no reference to it): an empty field becomes null. Parsed by LF (line-breaks.ts),
 * a CRLF record's last field ends in the CR: `dropCr` takes it off. Answers whether a cell starts with
 * an apostrophe (SourceRow.apostrophe), seen here at the cost of the first character already read.
 */
function toCells(fields: string[], dropCr: boolean): boolean {
  const cells = fields as Cell[];
  const last = fields.length - 1;
  let apostrophe = false;
  if (dropCr && last >= 0 && fields[last]!.charCodeAt(fields[last]!.length - 1) === 13)
    fields[last] = fields[last]!.slice(0, -1);
  for (let index = 0; index <= last; index++) {
    const field = fields[index] as string;
    if (field === '') {
      cells[index] = null;
      continue;
    }
    const first = field.charCodeAt(0);
    if (first === 61) {
      const cell = excelText(field);
      cells[index] = cell;
      if (typeof cell === 'string' && cell.charCodeAt(0) === 39) apostrophe = true;
    } else if (first === 39) apostrophe = true;
  }
  return apostrophe;
}

/** `="03101"`: the whole cell one formula of one text literal, its quotes doubled inside. */
const EXCEL_TEXT_FORMULA = /^="((?:[^"]|"")*)"$/;

/**
 * Excel's way of keeping leading zeros through a CSV, which web systems' "Export to Excel" write:
 * `="03101"` is a formula whose value is the text 03101, and Excel shows 03101. A cell that is exactly
 * such a formula (written bare, or quoted as `"=""03101"""`) is read as its text; any other cell
 * starting with "=" (`=1+1`, `="a"&"b"`) stays as written.
 */
function excelText(field: string): Cell {
  const match = EXCEL_TEXT_FORMULA.exec(field);
  if (match === null) return field;
  const text = (match[1] as string).replaceAll('""', '"');
  return text === '' ? null : text;
}

export function quoteRules(layout: DelimitedLayout): QuoteRules {
  const quote = layout.quote ?? '"';
  return {
    delimiter: layout.delimiter,
    newline: layout.newline,
    quote,
    escape: layout.escape ?? quote,
  };
}

/** Every record with its 1-based number: the row a person sees when the file is opened in Excel. */
export async function* delimitedRows(
  source: ByteSource,
  layout: DelimitedLayout,
  signal?: AbortSignal,
  maxLineChars?: number,
): AsyncGenerator<SourceRow> {
  for await (const batch of delimitedRowBatches(source, layout, signal, maxLineChars)) yield* batch;
}

/** A record's length in characters, fields and delimiters (quotes aside). */
function recordLength(fields: string[]): number {
  let length = fields.length - 1;
  for (let index = 0; index < fields.length; index++) length += (fields[index] as string).length;
  return length;
}

/**
 * The same records in arrays, one per decoded chunk: a consumer that handles rows synchronously
 * (validation) awaits once per chunk instead of once per row and per generator in between.
 */
export async function* delimitedRowBatches(
  source: ByteSource,
  layout: DelimitedLayout,
  signal?: AbortSignal,
  /** The longest record, in characters (ReadOptions.maxLineChars). */
  maxLineChars = DEFAULT_MAX_LINE_CHARS,
): AsyncGenerator<SourceRow[]> {
  const maxChars = maxLineChars;
  // Three ways to parse a chunk (line-breaks.ts): by LF when no CR stands alone, else exactly after
  // the line ends outside quotes are unified; a file of CR line ends always by CR.
  const exact = quoteRules(layout.newline === '\r' ? layout : { ...layout, newline: '\r\n' });
  const byLf = quoteRules({ ...layout, newline: '\n' });
  const parserFor = (rules: QuoteRules) =>
    new Papa.Parser({
      delimiter: rules.delimiter,
      newline: rules.newline,
      quoteChar: rules.quote,
      escapeChar: rules.escape,
    });
  const exactParser = parserFor(exact);
  const lfParser = parserFor(byLf);
  let carried = '';
  let rowNumber = 0;
  let skipHint = layout.skipSeparatorHint === true;
  const tooLong = (row: number, record: string | null): SheetReadError => {
    const open = record === null ? null : openQuoteColumn(record, exact);
    const hint =
      open === null
        ? ''
        : ` A quote (${exact.quote}) that opens column ${columnLetters(open)} on row ${row} and never closes does this: everything after it reads as one cell.`;
    return new SheetReadError(
      'too_long',
      source.name,
      tooLongMessage(`Row ${row} of ${source.name}`, 'line', maxChars, hint),
      open === null ? { row } : { row, column: open },
    );
  };
  const chunks = decodedChunks(source, layout.encoding, layout.markInvalidUtf8 === true);
  const markNotUtf8 = layout.markInvalidUtf8 === true;
  const markUtf8 = layout.markUtf8Rows === true;
  for (;;) {
    signal?.throwIfAborted();
    const next = await chunks.next();
    const done = next.done === true;
    // A chunk without any line end cannot finish the record: add it without parsing again, so that
    // one long line costs time in proportion to its length (and is refused at the limit).
    if (!done && next.value.indexOf('\n') === -1 && next.value.indexOf('\r') === -1) {
      carried += next.value;
      if (carried.length > maxChars) throw tooLong(rowNumber + 1, carried);
      continue;
    }
    let raw = done ? carried : carried + next.value;
    // A CR ending a text that goes on may be the first half of a CRLF: it waits for the next chunk.
    let held = '';
    if (!done && raw.charCodeAt(raw.length - 1) === 13) {
      held = '\r';
      raw = raw.slice(0, -1);
    }
    const byLines = layout.newline !== '\r' && !hasLoneCr(raw, done);
    const rules = byLines ? byLf : exact;
    const text = byLines ? raw : unifyLineBreaks(raw, done, exact);
    if (done && text === '') break;
    const parsed = (byLines ? lfParser : exactParser).parse(text, 0, !done) as {
      data: string[][];
      errors: PapaError[];
      meta: { cursor: number };
    };
    const data = parsed.data;
    // The file's last line end reaches this parse only as a final lone CR made a line end: it ends
    // the record before it and starts none (Papa would add an empty one).
    if (done && text.endsWith(rules.newline) && data.length > 0) {
      const last = data[data.length - 1] as string[];
      if (last.length === 1 && last[0] === '') data.pop();
    }
    // The first record of this text is row `rowNumber + 1`, unless it is the "sep=" line.
    const firstRow = skipHint ? rowNumber : rowNumber + 1;
    for (const error of parsed.errors) {
      // Errors of the record held back for the next chunk are reported again once it is complete.
      if (error.type === 'Quotes' && error.row !== undefined && error.row < data.length) {
        throw quoteDamage(source.name, error, firstRow + error.row, text, rules);
      }
    }
    carried = done ? '' : text.slice(parsed.meta.cursor) + held;
    if (carried.length > maxChars) throw tooLong(firstRow + data.length, carried);
    const checkLength = text.length > maxChars;
    const batch: SourceRow[] = [];
    for (const fields of data) {
      if (skipHint) {
        skipHint = false;
        continue;
      }
      rowNumber++;
      if (checkLength && recordLength(fields) > maxChars) throw tooLong(rowNumber, null);
      const apostrophe = toCells(fields, byLines);
      const row: SourceRow = { row: rowNumber, cells: fields as Cell[] };
      // Not enumerable: a row compares, copies and crosses to the app as before (rare: one such cell).
      if (apostrophe) Object.defineProperty(row, 'apostrophe', { value: true });
      if (markNotUtf8) markBytesNotUtf8(row);
      if (markUtf8) markUtf8Cells(row);
      batch.push(row);
    }
    // The last record with no line end after it, though the records before it end in one: a file cut
    // short (a download or copy that stopped) looks like this, as does one whose writer left out the
    // final line end; data-rows.ts tells them apart by the record's cells (SourceRow.cutShort).
    const lastEnd = text.charCodeAt(text.length - 1);
    if (done && batch.length > 0 && rowNumber > 1 && lastEnd !== 10 && lastEnd !== 13)
      Object.defineProperty(batch[batch.length - 1]!, 'unterminated', { value: true });
    if (batch.length > 0) yield batch;
    if (done) break;
  }
}

/** Each cell holding a byte that was not UTF-8 is shown with U+FFFD there, and listed in `notUtf8`. */
function markBytesNotUtf8(row: SourceRow): void {
  const cells = row.cells;
  for (let column = 0; column < cells.length; column++) {
    const cell = cells[column];
    if (typeof cell !== 'string') continue;
    const found = escapedByte(cell);
    if (found === null) continue;
    cells[column] = found.shown;
    (row.notUtf8 ??= []).push({ column, byte: found.byte, position: found.position, text: found.shown });
  }
}
