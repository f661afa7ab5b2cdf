/**
 * Which cells of a subject column are placeholders ("N/A", "-", "unknown"): the words and the column's
 * own readings that win over them (placeholders.ts says why and notes them). Apart from the notes so
 * that compiling a mapping can ask whether a column is checked without depending on what a row is.
 */
import type { Cell } from '../read/types.ts';
import { isNotApplicable } from '../mapping/text-parsers.ts';
import type { ValuePlan } from './value-plan.ts';
import { caselessKey } from '../mapping/text-key.ts';

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

/** The cell's text when it is a placeholder for this column, else null. */
export function placeholderIn(plan: ValuePlan, cell: Cell): string | null {
  if (typeof cell !== 'string') return null;
  const text = cell.trim();
  if (text === '' || text.length > LONGEST_WORD) return null;
  const word = text.toLowerCase();
  if (HAS_LETTER_OR_DIGIT.test(text) && !PLACEHOLDER_WORDS.has(word)) return null;
  if (plan.values?.has(caselessKey(text)) || (plan.choices && plan.choices.match(text).kind !== 'none'))
    return null;
  if (plan.fieldType === 'YESNONA' && isNotApplicable(text)) return null;
  return text;
}
