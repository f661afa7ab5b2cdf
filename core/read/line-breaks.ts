/**
 * Mixed line ends. Excel ends a row at any CR, LF or CRLF outside quotes, whatever the rest of the
 * file uses; Papa Parse knows one line end per file, so a lone LF in a CRLF file (a record appended by
 * another program, a line pasted in Notepad) would join two records into one.
 *
 * Text in which every CR is followed by an LF (every LF and CRLF file, Excel's multi-line cells
 * included) is parsed by LF: each record then ends where Excel ends it, and the CR a CRLF leaves at
 * the end of a record's last field is dropped (no quoted field can end in a CR when no CR stands
 * alone, so nothing else is). Only text holding a lone CR (old Mac files, or one pasted in) takes the
 * exact pass below: every line end outside quotes is written as CRLF, or as CR in a file of CR line
 * ends, before Papa sees it. Line ends inside quoted fields are cell text and stay as they are.
 */
/** The line end a delimited file is written with. */
export type LineBreak = '\r\n' | '\n' | '\r';

export interface QuoteRules {
  delimiter: string;
  newline: LineBreak;
  quote: string;
  /** The quote itself when quotes are doubled (""), else the character written before one (\"). */
  escape: string;
}

const CR = 13;
const LF = 10;

/**
 * True when `text` holds a CR not followed by an LF (one ending a text that goes on is not counted:
 * its LF may come next). From CR to CR with indexOf: a CRLF file costs one call per record.
 */
export function hasLoneCr(text: string, final: boolean): boolean {
  const last = final ? -1 : text.length - 1;
  for (let at = text.indexOf('\r'); at !== -1; at = text.indexOf('\r', at + 2)) {
    if (at !== last && text.charCodeAt(at + 1) !== LF) return true;
  }
  return false;
}
const SPACE = 32;
const TAB = 9;

/**
 * True when `text` may hold a line end other than `newline` (a fast test that ignores quotes: lone
 * LFs inside Excel's multi-line cells make it true, and the exact pass below sorts them out). A CR
 * ending a text that goes on is not counted: its LF may come next.
 */
function mayMix(text: string, newline: LineBreak, final: boolean): boolean {
  if (newline === '\n') return text.indexOf('\r') !== -1;
  if (newline === '\r') return text.indexOf('\n') !== -1;
  // From LF to LF and CR to CR with indexOf: several times faster than a regex with look-arounds.
  for (let at = text.indexOf('\n'); at !== -1; at = text.indexOf('\n', at + 1)) {
    if (at === 0 || text.charCodeAt(at - 1) !== CR) return true;
  }
  const last = final ? -1 : text.length - 1;
  for (let at = text.indexOf('\r'); at !== -1; at = text.indexOf('\r', at + 1)) {
    if (at !== last && text.charCodeAt(at + 1) !== LF) return true;
  }
  return false;
}

/**
 * Where the quoted field opening at `start` ends (the index after its closing quote), read as Papa
 * Parse reads it: a doubled quote (or an escaped one) is text; a quote followed by spaces and then a
 * delimiter, a line end or the end of the text closes the field; any other quote is malformed and
 * the field goes on (Papa reports it as InvalidQuotes). -1 when the field does not end in `text`.
 */
export function quotedFieldEnd(text: string, start: number, rules: QuoteRules): number {
  const { quote } = rules;
  const quoteCode = quote.charCodeAt(0);
  const escapeCode = rules.escape.charCodeAt(0);
  const delimiterCode = rules.delimiter.charCodeAt(0);
  const doubled = escapeCode === quoteCode;
  let from = start + 1;
  for (;;) {
    const at = text.indexOf(quote, from);
    if (at === -1) return -1;
    let next = at + 1;
    let code = text.charCodeAt(next);
    if (doubled ? code === quoteCode : text.charCodeAt(at - 1) === escapeCode) {
      from = doubled ? at + 2 : at + 1;
      continue;
    }
    while ((code === SPACE || code === TAB) && code !== delimiterCode) code = text.charCodeAt(++next);
    // charCodeAt past the end is NaN: the end of the text closes the field too.
    if (next >= text.length || code === delimiterCode || code === CR || code === LF) return at + 1;
    from = at + 1;
  }
}

/**
 * `text` (starting at a record boundary) with every line end outside quotes written as
 * `rules.newline`. A CR at the very end of a text that goes on is left alone: its LF may be in the
 * next chunk. The pass jumps from quote to quote and line end to line end (indexOf), never character
 * by character: Excel's CSV files put a lone LF in every multi-line cell, so it runs often.
 */
export function unifyLineBreaks(text: string, final: boolean, rules: QuoteRules): string {
  if (!mayMix(text, rules.newline, final)) return text;
  const { newline, quote } = rules;
  const delimiterCode = rules.delimiter.charCodeAt(0);
  const length = text.length;
  const pieces: string[] = [];
  let copied = 0;
  let lf = text.indexOf('\n');
  let cr = text.indexOf('\r');
  // Rewrites the line ends before `limit`, all of them outside quotes.
  const rewrite = (limit: number): void => {
    for (;;) {
      const at = cr !== -1 && (lf === -1 || cr < lf) ? cr : lf;
      if (at === -1 || at >= limit) return;
      const crlf = at === cr && text.charCodeAt(at + 1) === LF;
      if (at === cr && !crlf && at === length - 1 && !final) return;
      const form = crlf ? '\r\n' : at === cr ? '\r' : '\n';
      if (form !== newline) {
        pieces.push(text.slice(copied, at), newline);
        copied = at + form.length;
      }
      if (at === cr) cr = text.indexOf('\r', at + 1);
      if (at === lf || crlf) lf = text.indexOf('\n', at + form.length);
    }
  };
  for (let q = text.indexOf(quote); ;) {
    if (q === -1) {
      rewrite(length);
      break;
    }
    // A quote opens a field only at a field's start; elsewhere it is a character of the text.
    const before = q === 0 ? -1 : text.charCodeAt(q - 1);
    if (before !== -1 && before !== CR && before !== LF && before !== delimiterCode) {
      q = text.indexOf(quote, q + 1);
      continue;
    }
    rewrite(q);
    const end = quotedFieldEnd(text, q, rules);
    if (end === -1) break; // the rest is inside an open quote: nothing there to rewrite
    if (lf !== -1 && lf < end) lf = text.indexOf('\n', end);
    if (cr !== -1 && cr < end) cr = text.indexOf('\r', end);
    q = text.indexOf(quote, end);
  }
  if (copied === 0) return text;
  pieces.push(text.slice(copied));
  return pieces.join('');
}
