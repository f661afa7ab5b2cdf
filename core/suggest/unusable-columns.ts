/**
 * The last check of a proposal: a column the mapping's rules refuse (a target its mode cannot send, an
 * option that does not fit) is taken out of the mapping and left for a person, named with the rule's
 * words. Explore 39 item 6: one such column made `map` refuse the whole proposal (exit 2) with a message
 * about a `columns[1]` the clerk never wrote; one column a person must look at is no reason to propose
 * nothing.
 */
import type { Mapping } from '../mapping/schema.ts';
import { mappingRuleProblems } from '../mapping/mapping-rules.ts';
import type { ColumnSuggestion, SuggestionNote } from './types.ts';

const COLUMN_PATH = /^columns\[(\d+)\]/;

export function leaveUnusableColumns(
  mapping: Mapping,
  suggestions: ColumnSuggestion[],
  decisions: SuggestionNote[],
): void {
  const refused = new Map<number, string>();
  for (const problem of mappingRuleProblems(JSON.parse(JSON.stringify(mapping)))) {
    const at = COLUMN_PATH.exec(problem.path);
    if (at && !refused.has(Number(at[1]))) refused.set(Number(at[1]), problem.message);
  }
  if (refused.size === 0) return;
  for (const [index, message] of refused) {
    const column = mapping.columns[index]!.column;
    const suggestion = suggestions.find((entry) => entry.column === column);
    if (suggestion) suggestion.status = 'decide';
    decisions.push({
      column,
      level: 'decide',
      message: `not put in the mapping: ${message}; choose another target or leave it out`,
    });
  }
  mapping.columns = mapping.columns.filter((_, index) => !refused.has(index));
}
