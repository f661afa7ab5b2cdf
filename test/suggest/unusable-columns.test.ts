/**
 * The proposal's last check (unusable-columns.ts): a column the mapping's rules refuse is left for a
 * person, named with the rule's words, and the rest of the proposal stands (explore 39 item 6: one such
 * column had made `map` refuse the whole proposal).
 */
import { describe, expect, it } from 'vitest';
import { parseMapping, type Mapping } from '../../core/index.ts';
import { leaveUnusableColumns } from '../../core/suggest/unusable-columns.ts';
import type { ColumnSuggestion, SuggestionNote } from '../../core/suggest/types.ts';

describe('leaveUnusableColumns', () => {
  it('rule: a target the mode cannot send is taken out and left for a person; the other columns stay', () => {
    const mapping: Mapping = {
      version: 1,
      mode: 'create',
      columns: [
        { column: 'Claim #', target: 'reference_value_1' },
        { column: 'Client', target: 'client_id' },
        { column: 'Adjuster Email', target: 'contact.email' },
      ],
    };
    const suggestions: ColumnSuggestion[] = mapping.columns.map(({ column, target }) => ({
      column,
      status: 'mapped',
      target,
      confidence: 1,
      how: 'exact',
      description: null,
    }));
    const decisions: SuggestionNote[] = [];
    leaveUnusableColumns(mapping, suggestions, decisions);
    expect(mapping.columns.map((column) => column.column)).toEqual(['Claim #', 'Adjuster Email']);
    expect(suggestions.map((suggestion) => suggestion.status)).toEqual(['mapped', 'decide', 'mapped']);
    expect(decisions).toEqual([
      {
        column: 'Client',
        level: 'decide',
        message:
          'not put in the mapping: client_id is only for mode "update" (it is not in the seed\'s create table); choose another target or leave it out',
      },
    ]);
    expect(parseMapping(mapping, 'proposal')).toEqual(mapping);
  });
});
