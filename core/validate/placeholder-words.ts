/**
 * Which cells of a subject column are placeholders ("N/A", "-", "unknown"): the words and the column's
 * own readings that win over them (placeholders.ts says why and notes them). Apart from the notes so
 * that compiling a mapping can ask whether a column is checked without depending on what a row is.
 */
import type { Cell } from '../read/types.ts';
import { isNotApplicable } from '../mapping/text-parsers.ts';
import type { ValuePlan } from './value-plan.ts';
import { caselessKey } from '../mapping/text-key.ts';
import type { ImportMode } from './types.ts';

/**
 * Words that stand for "nothing here" in a carrier's sheet, matched whole, in any case. "NA" is among
 * them although Na is also a family name: a whole cell "NA" is far more often the abbreviation, and
 * the note names the cell and how to keep it.
 */
const PLACEHOLDER_WORDS: ReadonlySet<string> = new Set([
  'n/a',
  'n.a.',
  'n.a',
  'na',
  'not applicable',
  'none',
  'unknown',
  'unk',
  'tbd',
  'null',
]);

/** Letters and digits of any script: a cell with none of them ("-", "—", "?", "...") says nothing. */
const HAS_LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;
/** Longer than any placeholder word: not worth the lower-casing. */
const LONGEST_WORD = 16;

/** Whether the column's cells are checked for placeholders (compiled once per column). */
export function checksPlaceholders(plan: ValuePlan): boolean {
  // A constant is the mapping's own value, not a carrier's filler (and an update maps no subjects).
  if (plan.index < 0 || plan.target.kind !== 'custom' || plan.target.subject === null) return false;
  // Offline a plain column's field is unknown, and "Unknown" may be one of its choices: what its
  // words mean is left to the connected check (the dry run lists the field checks it skipped). A
  // name, address, phone or date column is none of these words, whatever the account.
  return plan.field !== null || plan.parse !== null || plan.date !== null;
}

/**
 * What a placeholder means in a column outside the subject groups (explore 39 item 2 left these
 * columns alone, and "N/A" went out as a claim number):
 * - `refuse`: a key, what finds the request again. The match key and, creating without one,
 *   reference_value_1 (compileMapping sets both: the duplicate checks look requests up by it), and in a
 *   create a case request number: "N/A" on many rows would make them one request. (An `id` is refused
 *   as not a whole number already.)
 * - `note`: free text (notes, case location, the client's and the contact's names, address and phones, a
 *   text custom field), and a reference value that is not the key (explore 60 item 4: "N/A" in a Policy
 *   Number where requests are found by the Claim Number refused a good row; nothing looks a request up
 *   by it, and two rows with one policy number are not duplicates): a clerk may mean "N/A" there, so it
 *   is sent as written, and the row says so.
 * - null: every other column. A date, number, lookup, e-mail or country already refuses such a cell,
 *   a choice field reads it as one of its choices or refuses it, and offline a custom field's type is
 *   unknown ("Unknown" may be one of its choices). A round-trip CSV's cells are what Trackops holds
 *   (an "N/A" note there is the request's own, said on every round trip otherwise): only its key counts.
 */
export type PlaceholderRule = ValuePlan['placeholderRule'];

const NOTED_CLIENT_PARTS: ReadonlySet<string> = new Set([
  'name',
  'address_1',
  'address_2',
  'address_3',
  'city',
  'state',
  'zip',
]);

/** The rule of a column that is not the mapping's match key (compileMapping sets the key's). */
export function placeholderRuleOf(plan: ValuePlan, mode: ImportMode, roundTripCsv: boolean): PlaceholderRule {
  // A constant is the mapping's own value; a subject column has its own rule (checksPlaceholders).
  if (plan.index < 0 || roundTripCsv) return null;
  const target = plan.target;
  const key = mode === 'update' ? 'note' : 'refuse';
  switch (target.kind) {
    case 'matchKey':
      return target.name === 'case_request_number' ? key : null;
    case 'param':
      if (/^reference_value_[123]$/.test(target.name)) return 'note';
      return target.spec.type === 'text' || target.spec.type === 'longText' ? 'note' : null;
    case 'client':
      return NOTED_CLIENT_PARTS.has(target.part) ? 'note' : null;
    case 'contact':
      return target.part === 'email' ? null : 'note';
    case 'custom':
      if (target.subject !== null) return null;
      return plan.fieldType === 'INPUT' || plan.fieldType === 'LONG' ? 'note' : null;
  }
}

/**
 * The words' first characters (ASCII, in either case), and for each the second characters that follow
 * it in a word (lower case), as tables indexed by character code (a typed array's load, not a hash look-up
 * per cell). Made from the words, so a word added above is found.
 */
const WORD_FIRSTS = new Uint8Array(0x80);
const WORD_PAIRS = new Uint8Array(0x80 * 0x80);
for (const word of PLACEHOLDER_WORDS)
  for (const first of [word.charCodeAt(0), word.toUpperCase().charCodeAt(0)]) {
    if (first >= 0x80) continue; // such a cell takes the full rule
    WORD_FIRSTS[first] = 1;
    const second = word.charCodeAt(1);
    if (second < 0x80) WORD_PAIRS[first * 0x80 + second] = 1;
  }

function isAsciiLetterOrDigit(code: number): boolean {
  return (code >= 0x30 && code <= 0x39) || (code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a);
}

/** Printable ASCII but the space: what `trim()` never takes away and lower-casing keeps ASCII. */
function isAsciiMark(code: number): boolean {
  return code >= 0x21 && code <= 0x7e;
}

/**
 * Whether the full rule below would say "not a placeholder" for this cell, answered from its first
 * characters without the trimmed and lower-cased copies and the Unicode expression (issue 13: every
 * row, every checked column; most cells stop here). A first character that is printable ASCII stays
 * first once trimmed:
 * - a letter or digit means the cell holds one, so it is a placeholder only as one of the words: none
 *   starts with that character, or none goes on with the cell's second (printable ASCII, lower-cased);
 * - another character ("(" of a phone number) starts no word (they all start with a letter or digit),
 *   so any ASCII letter or digit in the cell says no.
 * Anything else (a space first, a character past ASCII) takes the full rule.
 */
function surelyNoPlaceholder(cell: string): boolean {
  const first = cell.charCodeAt(0);
  if (!isAsciiMark(first)) return false;
  if (isAsciiLetterOrDigit(first)) {
    if (WORD_FIRSTS[first] === 0) return true;
    const second = cell.charCodeAt(1);
    if (!isAsciiMark(second)) return false;
    return WORD_PAIRS[first * 0x80 + (second >= 0x41 && second <= 0x5a ? second + 0x20 : second)] === 0;
  }
  if (WORD_FIRSTS[first] !== 0) return false;
  for (let i = 1; i < cell.length; i += 1) if (isAsciiLetterOrDigit(cell.charCodeAt(i))) return true;
  return false;
}

/** The cell's text when it is a placeholder for this column, else null. */
export function placeholderIn(plan: ValuePlan, cell: Cell): string | null {
  if (typeof cell !== 'string') return null;
  if (surelyNoPlaceholder(cell)) return null;
  const text = cell.trim();
  if (text === '' || text.length > LONGEST_WORD) return null;
  const word = text.toLowerCase();
  if (HAS_LETTER_OR_DIGIT.test(text) && !PLACEHOLDER_WORDS.has(word)) return null;
  if (plan.values?.has(caselessKey(text)) || (plan.choices && plan.choices.match(text).kind !== 'none'))
    return null;
  if (plan.fieldType === 'YESNONA' && isNotApplicable(text)) return null;
  return text;
}
