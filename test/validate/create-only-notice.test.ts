/**
 * Upsert: the mapping's constants that fill a field an update cannot change are named in the notice
 * beside the columns (they are sent with every row that creates and with none that updates); a constant
 * whose target a column fills too is named on that column, used where its cell is blank.
 */
import { describe, expect, it } from 'vitest';
import { createOnlyNotice } from '../../core/index.ts';
import type { Mapping } from '../../core/index.ts';

const mapping = (constants: Mapping['constants'], columns: Mapping['columns']): Mapping =>
  ({
    version: 1,
    mode: 'upsert',
    match: 'reference_value_1',
    constants,
    subjects: [{ subject_type_id: 1, is_primary: true, is_pinned: true }],
    columns: [{ column: 'Claim', target: 'reference_value_1' }, ...columns],
  }) as Mapping;

describe('the upsert notice names create-only constants', () => {
  it('a constant alone, and a constant behind a column', () => {
    const [notice] = createOnlyNotice(
      mapping({ case_type_id: 1, case_region_id: 3, budget_money: 500, 'client.country': 'US' }, [
        { column: 'Region', target: 'case_region_id' },
        { column: 'Carrier', target: 'client.name' },
      ]),
    );
    expect(notice).toMatch(
      /^Region \(column 'Region', else the constant 3\), Case type \(constant 1\) and Budget \(money\) \(constant 500\) are used when a row creates a request; an update cannot change them/,
    );
    // An updatable constant (the client's country) is not named.
    expect(notice).not.toContain('US');
  });

  it('only constants: the notice is said all the same', () => {
    const [notice] = createOnlyNotice(
      mapping({ 'subjects.0.custom_fields.101': 'Unknown' }, [{ column: 'Notes', target: 'notes' }]),
    );
    expect(notice).toMatch(
      /^.+ \(constant 'Unknown'\) is used when a row creates a request; an update cannot change it/,
    );
  });

  it('create and update mappings say nothing', () => {
    const create = { ...mapping({ case_type_id: 1 }, []), mode: 'create' } as Mapping;
    expect(createOnlyNotice(create)).toEqual([]);
  });
});
