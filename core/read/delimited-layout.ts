/**
 * The layout of a delimited text file, decided from its first 64 KiB: whether it is text at all, its
 * line break and its delimiter. Excel writes ";" where the decimal separator is a comma, "Unicode
 * Text" uses tabs, some systems export "|" and a few old ones ":".
 */
import Papa from 'papaparse';
import { SAVE_AS_ADVICE, SheetReadError } from './sheet-read-error.ts';
import type { LineBreak } from './line-breaks.ts';
import { bareQuotes } from './bare-quotes.ts';

export const SNIFF_CHARS = 64 * 1024;
/** In order of preference: a later one wins only by splitting the rows strictly better. */
export const CANDIDATE_DELIMITERS = [',', ';', '\t', '|', ':'] as const;
const SNIFF_ROWS = 30;

export type { LineBreak };

/**
 * A few control characters the sample may hold and still be text: a NUL or vertical tabs pasted into
 * a cell (Excel writes Alt+Enter from some programs as a vertical tab) are cell text, kept as such.
 */
const TOLERATED_CONTROLS = 16;

/**
 * Text has few control characters; a PDF, image or executable given as CSV has plenty (and NULs
 * among them). Tab, line breaks and form feed are ordinary in text files and not counted.
 */
export function checkLooksLikeText(fileName: string, sample: string): void {
  let controls = 0;
  for (let index = 0; index < sample.length; index++) {
    const code = sample.charCodeAt(index);
    if (code < 32 && code !== 9 && code !== 10 && code !== 13 && code !== 12) controls++;
  }
  if (controls > Math.max(TOLERATED_CONTROLS, sample.length * 0.01)) {
    throw new SheetReadError(
      'binary_file',
      fileName,
      `${fileName} is not a text file (it holds binary data), so it cannot be read as CSV. Choose the spreadsheet itself, saved as .xlsx or .csv.`,
    );
  }
}

/**
 * A web page or an Excel 2003 XML spreadsheet is text but not delimited text; both are what web
 * systems' "Export to Excel" buttons often produce, under an .xls name.
 */
export function checkNotMarkup(fileName: string, sample: string): void {
  const start = sample.trimStart().slice(0, 2048).toLowerCase();
  const isHtml = /^<(!doctype html|html|table|meta)\b/.test(start);
  const isSpreadsheetMl =
    start.startsWith('<?xml') && start.includes('urn:schemas-microsoft-com:office:spreadsheet');
  if (isHtml || isSpreadsheetMl) {
    const what = isHtml ? 'a web page (HTML)' : 'an Excel 2003 XML spreadsheet';
    throw new SheetReadError(
      'unsupported_format',
      fileName,
      `${fileName} is ${what}, not CSV or .xlsx. ${SAVE_AS_ADVICE}`,
    );
  }
}

/** Excel writes and honours a first line "sep=;" naming the delimiter; it is not a row of the sheet. */
export function separatorHint(sample: string): string | null {
  const match = /^sep=(.)(\r\n|\n|\r|$)/i.exec(sample);
  return match ? (match[1] as string) : null;
}

/**
 * The break used between records, counted outside quoted fields only: Excel writes CRLF between
 * records and a bare LF inside a multi-line cell, and a cell's own breaks must not outvote the rows'.
 */
export function detectLineBreak(sample: string, quote = '"'): LineBreak {
  let crlf = 0;
  let lf = 0;
  let cr = 0;
  let quoted = false;
  const quoteCode = quote.charCodeAt(0);
  for (let index = 0; index < sample.length; index++) {
    const code = sample.charCodeAt(index);
    if (code === quoteCode) quoted = !quoted;
    else if (quoted) continue;
    else if (code === 13) {
      if (sample.charCodeAt(index + 1) === 10) {
        crlf++;
        index++;
      } else cr++;
    } else if (code === 10) lf++;
  }
  if (crlf > 0 && crlf >= cr && crlf >= lf) return '\r\n';
  if (cr > lf) return '\r';
  return '\n';
}

export interface QuoteChars {
  quote: string;
  escape: string;
}

const DOUBLE_QUOTES: QuoteChars = { quote: '"', escape: '"' };

/**
 * The sample's records split by `delimiter`, up to the first one whose quotes do not pair up (Papa's
 * "Quotes" errors): past it, what Papa reads is a guess. Papa treats a final unterminated record as
 * complete only when told the text has ended, and the last record of a cut sample may end inside a
 * quoted field that goes on past the cut: its errors say nothing about the delimiter. Empty lines
 * are kept (a row of one empty field counts for no candidate): Papa numbers its errors' rows before
 * it drops skipped lines, so with them skipped a damaged row could be taken for the last one.
 */
function sampleRows(
  sample: string,
  delimiter: string,
  newline: LineBreak,
  complete: boolean,
  quotes: QuoteChars,
): { rows: string[][]; damaged: boolean; bare: number } {
  const text = complete ? sample : sample.slice(0, Math.max(sample.lastIndexOf(newline), 0));
  const bare = bareQuotes(text, { delimiter, newline, quote: quotes.quote, escape: quotes.escape });
  const parsed = Papa.parse<string[]>(text, {
    delimiter,
    newline,
    quoteChar: quotes.quote,
    escapeChar: quotes.escape,
    preview: SNIFF_ROWS,
  });
  const lastComplete = complete ? parsed.data.length : parsed.data.length - 1;
  let firstDamaged = lastComplete;
  for (const error of parsed.errors) {
    if (error.type === 'Quotes') firstDamaged = Math.min(firstDamaged, error.row ?? 0);
  }
  return firstDamaged < lastComplete
    ? { rows: parsed.data.slice(0, firstDamaged), damaged: true, bare }
    : { rows: parsed.data, damaged: false, bare };
}

/** How many of `rows` share their most common field count above one, and that count. */
/**
 * How regularly a candidate splits the rows: the most common field count (`fields`, more than one), the
 * rows with exactly that many (`exact`), and the rows within one field of it (`consistent`). A cell
 * holding the delimiter unquoted ("check gym, pool and church") gives its row one field more: counted
 * exactly, a comma file where two rows of five do so lost to a ";" that stood in four of them once each
 * ("Surveillance; Background"), and its header read as one column.
 */
function consistency(rows: string[][]): { consistent: number; exact: number; fields: number } {
  const counts = new Map<number, number>();
  for (const row of rows) counts.set(row.length, (counts.get(row.length) ?? 0) + 1);
  let fields = 1;
  let exact = 0;
  for (const [fieldCount, rowCount] of counts) {
    if (fieldCount > 1 && (rowCount > exact || (rowCount === exact && fieldCount > fields))) {
      fields = fieldCount;
      exact = rowCount;
    }
  }
  let consistent = 0;
  if (exact > 0)
    for (const [fieldCount, rowCount] of counts)
      if (fieldCount > 1 && Math.abs(fieldCount - fields) <= 1) consistent += rowCount;
  return { consistent, exact, fields };
}

/**
 * The candidate that splits the sample's rows most consistently into more than one column wins. A
 * title block above the header has fewer fields per row, so consistency is counted against the most
 * common field count rather than demanded of every row; decimal commas in a ";" file vary per row and
 * lose to the ";".
 *
 * Quotes that do not pair up under a candidate end its evidence: a wrong delimiter splits quoted
 * fields and leaves their quotes unpaired (the line ends inside them would otherwise add rows to its
 * count), and the right one stops at a damaged field that the reader will refuse. So when some
 * candidate meets an unpaired quote, every candidate is judged on the records before it (the header
 * alone, when the first data row is damaged); otherwise a damaged comma file holding times would read
 * as ":"-separated instead of being refused, and a comma file of quoted tabs and line ends as
 * tab-separated. On equal counts, the candidate under which every quote pairs up wins.
 *
 * Before all that, the quotes each candidate leaves inside unquoted fields (bare-quotes.ts): with the
 * right delimiter they are syntax, with a wrong one they end up inside fields, and the line ends of
 * quoted cells can give a wrong delimiter more regular rows than the right one (a comma file of cells
 * like "|" and "line\r\n|" read as "|"-separated).
 */
export function sniffDelimiter(
  sample: string,
  newline: LineBreak,
  complete: boolean,
  quotes: QuoteChars = DOUBLE_QUOTES,
): string {
  const candidates = CANDIDATE_DELIMITERS.map((delimiter) => ({
    delimiter,
    ...sampleRows(sample, delimiter, newline, complete, quotes),
  }));
  // The shortest evidence of a damaged candidate that splits anything.
  let judged = Infinity;
  for (const { rows, damaged } of candidates) {
    if (damaged && consistency(rows).consistent > 0) judged = Math.min(judged, rows.length);
  }
  let best: Ranked | null = null;
  for (const { delimiter, rows, damaged, bare } of candidates) {
    const { consistent, exact, fields } = consistency(judged === Infinity ? rows : rows.slice(0, judged));
    if (consistent === 0) continue;
    const candidate = { delimiter, bare, consistent, exact, clean: !damaged, fields };
    if (best === null || ranksAbove(candidate, best)) best = candidate;
  }
  // No candidate splits anything: one column, read as comma-separated.
  return best?.delimiter ?? ',';
}

interface Ranked {
  delimiter: string;
  /** Quotes left inside unquoted fields (bare-quotes.ts): fewer is better, before anything else. */
  bare: number;
  consistent: number;
  /** Rows with exactly the most common field count: a ";" file's decimal commas make "," rows vary. */
  exact: number;
  clean: boolean;
  fields: number;
}

function ranksAbove(a: Ranked, b: Ranked): boolean {
  if (a.bare !== b.bare) return a.bare < b.bare;
  if (a.consistent !== b.consistent) return a.consistent > b.consistent;
  if (a.exact !== b.exact) return a.exact > b.exact;
  if (a.clean !== b.clean) return a.clean;
  return a.fields > b.fields;
}

export function checkedDelimiter(fileName: string, delimiter: string, quote = '"'): string {
  const value = delimiter === '\\t' || delimiter.toLowerCase() === 'tab' ? '\t' : delimiter;
  if (value.length !== 1 || value === quote || value === '\r' || value === '\n') {
    throw new SheetReadError(
      'bad_delimiter',
      fileName,
      `Cannot use ${JSON.stringify(delimiter)} as the delimiter for ${fileName}: give one character such as "," ";" "|" or "tab".`,
    );
  }
  return value;
}

/**
 * The quote and escape characters given for a file (mapping `source.quote` / `source.escape`): one
 * character each, neither a line end, and the quote not the delimiter.
 */
export function checkedQuotes(fileName: string, quote?: string, escape?: string): QuoteChars {
  const given = (value: string | undefined, what: string, fallback: string): string => {
    if (value === undefined || value === '') return fallback;
    if (value.length !== 1 || value === '\r' || value === '\n') {
      throw new SheetReadError(
        'bad_delimiter',
        fileName,
        `Cannot use ${JSON.stringify(value)} as the ${what} character for ${fileName}: give one character, such as '"' or "'" (or "\\\\" for the escape).`,
      );
    }
    return value;
  };
  const chosen = given(quote, 'quote', '"');
  return { quote: chosen, escape: given(escape, 'escape', chosen) };
}
