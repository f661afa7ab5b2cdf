/**
 * Quotes that do not pair up in delimited text. Papa Parse reads on past them and reports them in its
 * `errors`; what it reads then is a guess: every line after an unclosed quote becomes one cell, and
 * after a malformed one the field runs on to the next quote that happens to sit before a delimiter,
 * swallowing the rows between. Both are refused, naming the row and column where the field began:
 *
 * - `MissingQuotes` ("Quoted field unterminated"): a field opens with a quote that never closes.
 * - `InvalidQuotes` ("Trailing quote on quoted field is malformed"): a quoted field holds a quote that is
 *   neither doubled nor followed by a delimiter or line end, so where the field ends cannot be told.
 *
 * Not refused, as Excel reads them the same way: a quote inside a field that does not start with one
 * (`12" monitor`, `O"Brien`) is a character of the text.
 */
import Papa from 'papaparse';
import { columnLetters } from './cell-reference.ts';
import { SheetReadError } from './sheet-read-error.ts';
import type { QuoteRules } from './line-breaks.ts';
import { quotedFieldEnd } from './line-breaks.ts';

export interface PapaError {
  type: string;
  code: string;
  message: string;
  row?: number;
  index?: number;
}

/**
 * The 1-based column of the field whose opening quote is at `quoteAt` in `text` (text starting at a
 * record boundary), found by parsing the text before it.
 */
function columnAt(text: string, quoteAt: number, rules: QuoteRules): number {
  const before = new Papa.Parser({
    delimiter: rules.delimiter,
    newline: rules.newline,
    quoteChar: rules.quote,
    escapeChar: rules.escape,
  }).parse(text.slice(0, Math.max(0, quoteAt)), 0, false) as { data: string[][] };
  const last = before.data[before.data.length - 1];
  return quoteAt === 0 || !last ? 1 : last.length;
}

/** The refusal for a Papa quote error in the record numbered `row` (as Excel numbers rows). */
export function quoteDamage(
  fileName: string,
  error: PapaError,
  row: number,
  text: string,
  rules: QuoteRules,
): SheetReadError {
  const quoteAt = (error.index ?? 1) - 1;
  const column = columnAt(text, quoteAt, rules);
  const where = `Row ${row}, column ${columnLetters(column)} of ${fileName}`;
  const q = rules.quote;
  // A backslash before a quote inside the field: the file escapes quotes the Unix way.
  const escaped =
    error.code === 'InvalidQuotes' &&
    rules.escape !== '\\' &&
    text.slice(quoteAt, quoteAt + 4096).includes(`\\${q}`)
      ? ` If the file writes \\${q} for a quote, give "\\" as the escape character (mapping "source": {"escape": "\\\\"}).`
      : '';
  const message =
    error.code === 'MissingQuotes'
      ? `${where} starts with a quote (${q}) that never closes, so every line after it would be read into that one cell. The file is damaged: remove that quote or close the field with another, then choose the file again.`
      : `${where} is a quoted field holding a quote (${q}) that is not doubled, so where the field ends cannot be told and the rows after it could be read into it. Write a quote inside a quoted field as ${q}${q}, or remove the stray one, then choose the file again.${escaped}`;
  return new SheetReadError('damaged_text', fileName, message, { row, column });
}

/**
 * The column of a quoted field still open at the end of `record` (a record that grew past the
 * limit), or null when every quoted field in it closes.
 */
export function openQuoteColumn(record: string, rules: QuoteRules): number | null {
  let column = 1;
  let fieldStart = true;
  for (let index = 0; index < record.length;) {
    const character = record[index] as string;
    if (fieldStart && character === rules.quote) {
      const end = quotedFieldEnd(record, index, rules);
      if (end === -1) return column;
      index = end;
      fieldStart = false;
      continue;
    }
    if (character === '\r' || character === '\n') {
      column = 1;
      fieldStart = true;
    } else if (character === rules.delimiter) {
      column++;
      fieldStart = true;
    } else fieldStart = false;
    index++;
  }
  return null;
}
