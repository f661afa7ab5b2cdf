/**
 * A placeholder in a subject group's cell ("N/A", "-", "none", "unknown", a cell with no letter or digit)
 * is an empty cell for that group, said in a note naming the row, column and value (explore 39 item 2:
 * "N/A" in Claimant 2 Name made a second claimant called "N/A"). The mapping's own "values" and a
 * YESNONA field's N/A answer are the column's to read; case-level columns have their own rule
 * (outside-placeholders.test.ts).
 */
import { describe, expect, it } from 'vitest';
import { parseMapping, validateRow, type Cell } from '../../core/index.ts';
import { demoReference, REQUIRED_CONSTANTS } from './helpers.ts';

const HEADERS = ['Claim', 'Claimant Name', 'Claimant DOB', 'Attorney', 'Witness Name', 'Notes'];

function mappingWith(extra: Record<string, unknown> = {}) {
  return parseMapping(
    {
      version: 1,
      match: 'reference_value_1',
      constants: REQUIRED_CONSTANTS,
      subjects: [{ subject_type_id: 1, is_primary: true }, { subject_type_id: 1 }],
      columns: [
        { column: 'Claim', target: 'reference_value_1' },
        { column: 'Claimant Name', target: 'subjects.0.custom_fields.101', parse: 'full_name' },
        { column: 'Claimant DOB', target: 'subjects.0.custom_fields.102', dateFormat: 'M/D/YYYY' },
        { column: 'Attorney', target: 'subjects.0.custom_fields.111' },
        { column: 'Witness Name', target: 'subjects.1.custom_fields.101', parse: 'full_name', ...extra },
        { column: 'Notes', target: 'notes' },
      ],
    },
    'm.json',
  );
}

const reference = demoReference();

function check(cells: Cell[], mapping = mappingWith()) {
  return validateRow({ row: 2, cells }, HEADERS, mapping, { reference });
}

type Body = { subjects?: { custom_fields: { id: number; value: unknown }[] }[]; notes?: string };

describe('placeholders in subject cells', () => {
  it.each(['N/A', 'n/a', '-', '—', '?', 'none', 'Unknown', 'TBD', ' NA '])(
    '%j alone in a group: no subject, a note naming row, column and value',
    (placeholder) => {
      const outcome = check(['C-1', 'Lee, Kim', '', '', placeholder, '']);
      expect(outcome.status).toBe('valid');
      expect((outcome.body as Body).subjects).toHaveLength(1);
      expect(outcome.notes).toEqual([
        expect.objectContaining({
          row: 2,
          column: 'Witness Name',
          value: placeholder.trim(),
          code: 'subject_placeholder',
          message: expect.stringContaining('Claimant 2 has nothing else on this row and is left out'),
        }),
      ]);
    },
  );

  it('beside a real value, only its own field is left empty: a DOB of "N/A" is no longer refused', () => {
    const outcome = check(['C-1', 'Lee, Kim', 'N/A', '', '', '']);
    expect(outcome.status).toBe('valid');
    const fields = (outcome.body as Body).subjects![0]!.custom_fields.map((field) => field.id);
    expect(fields).toEqual([101]);
    expect(outcome.notes?.[0]?.message).toMatch(
      /^Claimant DOB 'N\/A' reads as a placeholder.*is sent without it/,
    );
  });

  it('a group whose only filled cell is a placeholder name, beside a real DOB, is refused for the missing name', () => {
    const outcome = check(['C-1', 'N/A', '1/2/1970', '', '', '']);
    expect(outcome.status).toBe('invalid');
    expect(outcome.problems.map((problem) => problem.code)).toEqual(['required_subject_field']);
  });

  it('the mapping\'s "values" for the word win, and a YESNONA field keeps its N/A answer', () => {
    const kept = check(['C-1', 'Lee, Kim', '', 'N/A', 'NA', ''], mappingWith({ values: { NA: 'NA' } }));
    expect(kept.notes).toBeUndefined();
    const subjects = (kept.body as Body).subjects!;
    expect(subjects).toHaveLength(2);
    expect(subjects[0]!.custom_fields).toContainEqual({ id: 111, value: '' });
    expect(subjects[1]!.custom_fields[0]!.value).toEqual({
      first_name: '',
      middle_name: '',
      last_name: 'NA',
    });
  });

  it('a field\'s own choice is a value: the demo account\'s Gender offers "Unknown"', () => {
    const mapping = parseMapping(
      {
        version: 1,
        constants: REQUIRED_CONSTANTS,
        subjects: [{ subject_type_id: 1, is_primary: true }],
        columns: [
          { column: 'Claimant', target: 'subjects.0.custom_fields.101', parse: 'full_name' },
          { column: 'Gender', target: 'subjects.0.custom_fields.108' },
        ],
      },
      'm.json',
    );
    const outcome = validateRow({ row: 2, cells: ['Lee, Kim', 'unknown'] }, ['Claimant', 'Gender'], mapping, {
      reference,
    });
    expect(outcome.notes).toBeUndefined();
    expect((outcome.body as Body).subjects![0]!.custom_fields).toContainEqual({ id: 108, value: 'Unknown' });
  });

  it('offline, a name or date column is checked; a plain column, whose choices are unknown, is left to the connected check', () => {
    const offline = validateRow(
      { row: 2, cells: ['C-1', 'Lee, Kim', 'N/A', 'unknown', '-', ''] },
      HEADERS,
      mappingWith(),
    );
    expect(offline.notes?.map((note) => note.column)).toEqual(['Claimant DOB', 'Witness Name']);
  });

  it('a case-level text column keeps its value, with a note of its own (outside-placeholders.test.ts)', () => {
    const caseLevel = check(['C-1', 'Lee, Kim', '', '', '', 'N/A']);
    expect((caseLevel.body as Body).notes).toBe('N/A');
    expect(caseLevel.notes?.map((note) => note.code)).toEqual(['text_placeholder']);
  });

  it('real names with few letters are names', () => {
    const outcome = check(['C-1', 'Lee, Kim', '', '', 'Na, Ji-ho', '']);
    expect(outcome.notes).toBeUndefined();
    expect((outcome.body as Body).subjects).toHaveLength(2);
  });
});
