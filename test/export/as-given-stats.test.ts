/**
 * The export's statistics count, per typed column, the values written as given (as text, not read as
 * a number, day or moment), without building each cell (issue 13). The counts must be exactly those of
 * the cells the columns write: toNumberOrGiven, toDateCell and toDateTimeCell giving a string.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addToStats, toDateCell, toDateTimeCell, toNumberOrGiven } from '../../core/export/record-values.ts';
import { emptyStats } from '../../core/export/types.ts';
import type { CaseRequestRecord } from '../../core/api/types.ts';

const awkward = fc.constantFrom<unknown>(
  null,
  undefined,
  '',
  ' ',
  '\u0001',
  '\u0001\u0002',
  '1500',
  ' 1 500 ',
  '1e3',
  '0x10',
  'Infinity',
  'NaN',
  '12.50',
  '-3',
  '2026-05-22',
  '2026-05-22 00:00',
  '2026-05-22T00:00:00',
  '2026-05-22 13:45:00',
  '2026-05-22T13:45:00Z',
  '22/05/2026',
  'Urgent',
  'tab\there',
  0,
  -1.5,
  Number.NaN,
  Number.POSITIVE_INFINITY,
  true,
  false,
  { first_name: 'Luis' },
  [1, 2],
);
const value = fc.oneof(awkward, fc.string(), fc.double(), fc.string({ unit: 'binary' }));

const asText = (cell: unknown) => (typeof cell === 'string' ? 1 : 0);

describe('the export statistics of values written as given', () => {
  it('count exactly the cells the typed columns write as text', () => {
    fc.assert(
      fc.property(value, value, value, value, (budget, due, updated, field) => {
        const stats = emptyStats();
        const record = {
          id: 1,
          budget_money: budget,
          due_on: due,
          updated_at: updated,
          custom_fields: [{ id: 7, value: field }],
        } as unknown as CaseRequestRecord;
        addToStats(stats, record);
        const count = (key: string) => stats.asGiven.get(key)?.count ?? 0;
        expect(count('budget_money')).toBe(asText(toNumberOrGiven(budget)));
        expect(count('due_on')).toBe(asText(toDateCell(due)));
        expect(count('updated_at')).toBe(asText(toDateTimeCell(updated)));
        expect(count('custom_fields.7:number')).toBe(asText(toNumberOrGiven(field)));
        expect(count('custom_fields.7:date')).toBe(asText(toDateCell(field)));
      }),
      { numRuns: 2000 },
    );
  });

  it('keep counting a field across records under one key, with the first value as the example', () => {
    const stats = emptyStats();
    for (const text of ['soon', 'later', '2026-05-22'])
      addToStats(stats, { id: 1, custom_fields: [{ id: 9, value: text }] } as unknown as CaseRequestRecord);
    expect(stats.asGiven.get('custom_fields.9:number')).toEqual({ count: 3, example: 'soon' });
    expect(stats.asGiven.get('custom_fields.9:date')).toEqual({ count: 2, example: 'soon' });
  });
});
