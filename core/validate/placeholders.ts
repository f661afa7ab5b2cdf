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
import type { MappingWords } from '../problems/mapping-words.ts';
import type { CompiledMapping } from './compile-mapping.ts';
import type { RowDraft } from './row-draft.ts';
import type { Problem } from '../problems/problem.ts';
import type { ValuePlan } from './value-plan.ts';

/**
 * One note per placeholder, once the row's groups are known: whether its group is left out (nothing
 * else in it) or sent without that field.
 */
export function notePlaceholders(compiled: CompiledMapping, draft: RowDraft): void {
  for (const { plan, text } of draft.placeholders) {
    const group = plan.target.kind === 'custom' ? plan.target.subject : null;
    if (group === null) continue;
    draft.notes.push(
      problem(
        'subject_placeholder',
        {
          row: draft.rowNumber,
          label: plan.label,
          target: plan.target.path,
          what: plan.what,
          value: text,
          subject: compiled.groupNames[group],
          sent: draft.groupsUsed[group] === 1,
        },
        undefined,
        compiled.mappingWords,
      ),
    );
  }
}

/**
 * A placeholder in a free-text column outside the subject groups (placeholder-words.ts
 * placeholderRuleOf): sent as written, since a clerk may mean it, and said. A reference value that is
 * not the key names the column requests are found by (`key`), so the note says why this one is sent.
 */
export function placeholderNote(
  row: number,
  plan: ValuePlan,
  text: string,
  key: ValuePlan | null,
  words: MappingWords,
): Problem {
  const reference = plan.target.kind === 'param' && /^reference_value_[123]$/.test(plan.target.name);
  return problem(
    'text_placeholder',
    {
      row,
      label: plan.label,
      target: plan.target.path,
      what: plan.what,
      value: text,
      ...(reference ? { reference, ...(key ? { keyLabel: key.label } : {}) } : {}),
    },
    undefined,
    words,
  );
}
