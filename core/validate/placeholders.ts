/**
 * Placeholders in a subject group's cells (explore 39 item 2): carriers fill the columns of a second
 * claimant they do not have with "N/A", "-", "none" or "unknown". Read as values, each made a subject
 * called "N/A" (or a claimant whose phone is "-"), which an update cannot remove. A placeholder in a
 * subject column is therefore an empty cell for its group, and the row says so in a note: a group that
 * holds only placeholders is no subject, and a placeholder beside real values leaves that field empty.
 *
 * One rule for every subject column, parsed or plain (docs/mapping.md "Placeholders"): a cell with no
 * letter or digit at all, or one of PLACEHOLDER_WORDS. Left to the column: a word its `values` names
 * (the mapping's own reading wins, and `"values": { "NA": "NA" }` keeps a family name Na), one of the
 * field's own choices (the demo account's Gender offers "Unknown"), and the N/A words of a YESNONA
 * field, which are that field's answer "not applicable".
 */
import { problem } from '../problems/format.ts';
import type { Cell } from '../read/types.ts';
import { isNotApplicable } from '../mapping/text-parsers.ts';
import type { CompiledMapping } from './compile-mapping.ts';
import type { RowDraft } from './row-draft.ts';
import type { ValuePlan } from './value-plan.ts';

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
  if (plan.values?.has(word) || plan.choices?.has(word)) return null;
  if (plan.fieldType === 'YESNONA' && isNotApplicable(text)) return null;
  return text;
}

/**
 * One note per placeholder, once the row's groups are known: whether its group is left out (nothing
 * else in it) or sent without that field.
 */
export function notePlaceholders(compiled: CompiledMapping, draft: RowDraft): void {
  for (const { plan, text } of draft.placeholders) {
    const group = plan.target.kind === 'custom' ? plan.target.subject : null;
    if (group === null) continue;
    draft.notes.push(
      problem('subject_placeholder', {
        row: draft.rowNumber,
        label: plan.label,
        target: plan.target.path,
        what: plan.what,
        value: text,
        subject: compiled.groupNames[group],
        sent: draft.groupsUsed[group] === 1,
      }),
    );
  }
}
