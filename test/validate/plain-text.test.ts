/**
 * Plain-text columns (most of a referral sheet) skip the per-cell conversion result and go straight to
 * the row draft (ValuePlan.plainText). What a clerk sees must not change: text is trimmed unless the
 * column says `trim: false`, a cell of spaces is blank, a one-line custom field still refuses a line
 * break while notes keep theirs, and composite parts land in their object.
 */
import { describe, expect, it } from 'vitest';
import { parseMapping, validateRows, type Cell } from '../../core/index.ts';
import { collect, demoReference, sheetOf } from './helpers.ts';

const MAPPING = parseMapping(
  {
    version: 1,
    mode: 'create',
    match: 'reference_value_1',
    constants: { case_type_id: 1, case_region_id: 1, created_on: '2026-11-02', 'client.country': 'US' },
    subjects: [{ subject_type_id: 2, is_primary: true, is_pinned: false }],
    columns: [
      { column: 'Claim #', target: 'reference_value_1' },
      { column: 'Carrier', target: 'client.name' },
      { column: 'Adjuster', target: 'contact.last_name', trim: false },
      { column: 'Email', target: 'contact.email' },
      { column: 'Notes', target: 'notes' },
      { column: 'Plate', target: 'subjects.0.custom_fields.201' },
    ],
  },
  'plain.json',
);
const HEADERS = MAPPING.columns.map((column) => column.column);

async function outcomesOf(rows: Cell[][]) {
  return collect(validateRows(sheetOf(HEADERS, rows), MAPPING, { reference: demoReference() }));
}

describe('plain-text columns', () => {
  it('trims, keeps untrimmed columns as they are, and keeps line breaks where the target allows them', async () => {
    const [outcome] = await outcomesOf([
      [' CLM-1 ', '  Acme Mutual ', '  Doe ', 'joe@acme.example', 'line one\nline two', ' ABC 123 '],
    ]);
    expect(outcome!.problems).toEqual([]);
    expect(outcome!.matchValue).toBe('CLM-1');
    const body = outcome!.body as unknown as Record<string, unknown>;
    expect(body.reference_value_1).toBe('CLM-1');
    expect(body.notes).toBe('line one\nline two');
    expect(body.client).toEqual({ country: 'US', name: 'Acme Mutual' });
    expect(body.contact).toEqual({ last_name: '  Doe ', email: 'joe@acme.example' });
    expect(body.subjects).toEqual([
      {
        subject_type_id: 2,
        is_primary: true,
        is_pinned: false,
        custom_fields: [{ id: 201, value: 'ABC 123' }],
      },
    ]);
  });

  it('treats a cell of spaces as blank and still refuses a line break in a one-line field', async () => {
    const [blank, multiLine] = await outcomesOf([
      ['CLM-2', '   ', 'Doe', 'joe@acme.example', null, null],
      ['CLM-3', 'Acme', 'Doe', 'joe@acme.example', null, 'ABC\n123'],
    ]);
    expect(blank!.problems.map((problem) => [problem.code, problem.column])).toEqual([
      ['required_blank', 'Carrier'],
    ]);
    expect(blank!.body).toBeUndefined();
    // The vehicle group is left out of the first row: its only column is empty.
    expect(multiLine!.problems.map((problem) => [problem.code, problem.column, problem.value])).toEqual([
      ['multi_line_text', 'Plate', 'ABC\n123'],
    ]);
  });
});
