/**
 * A date of birth with a two-digit year (explore 39 item 5): Excel's pivot (00-29 → 2000s) put
 * "1/2/28" in 2028, after the request was received and after today. A BIRTHDAY field whose pivot date
 * is after the row's date received (or, without one, after today) takes the century before, with a
 * note; other dates, and birth dates the pivot leaves in the past, keep the pivot. `today` is given, so
 * no result depends on the clock.
 */
import { describe, expect, it } from 'vitest';
import { parseMapping, validateRow, type Cell } from '../../core/index.ts';
import { demoReference, REQUIRED_CONSTANTS } from './helpers.ts';

const { created_on: _received, ...CONSTANTS } = REQUIRED_CONSTANTS;
const HEADERS = ['Claim', 'Received', 'Claimant', 'DOB', 'Due'];
const mapping = parseMapping(
  {
    version: 1,
    constants: CONSTANTS,
    subjects: [{ subject_type_id: 1, is_primary: true }],
    columns: [
      { column: 'Claim', target: 'reference_value_1' },
      { column: 'Received', target: 'created_on', dateFormat: 'M/D/YY' },
      { column: 'Claimant', target: 'subjects.0.custom_fields.101', parse: 'full_name' },
      { column: 'DOB', target: 'subjects.0.custom_fields.102', dateFormat: 'M/D/YY' },
      { column: 'Due', target: 'due_on', dateFormat: 'M/D/YY' },
    ],
  },
  'm.json',
);
const reference = demoReference();

type Body = { due_on?: string; subjects: { custom_fields: { id: number; value: unknown }[] }[] };

function dobOf(received: string, dob: string, today = '2026-12-06', due: Cell = '') {
  const outcome = validateRow({ row: 2, cells: ['C-1', received, 'Lee, Kim', dob, due] }, HEADERS, mapping, {
    reference,
    today,
  });
  const body = outcome.body as Body | undefined;
  const value = (id: number) =>
    body?.subjects.flatMap((subject) => subject.custom_fields).find((field) => field.id === id)?.value;
  return { outcome, dob: value(102), due: body?.due_on, notes: outcome.notes?.map((note) => note.message) };
}

describe('a two-digit year of birth', () => {
  it('after the date received: the century before, said naming the cell, both readings and the date received', () => {
    const { dob, notes } = dobOf('11/23/26', '1/2/28');
    expect(dob).toBe('1928-01-02');
    expect(notes).toEqual([
      "DOB '1/2/28' has a two-digit year: 2028-01-02 would be after the request was received (2026-11-23), " +
        'and no one is born after that, so 1928-01-02 is imported. If that is not the date of birth, write its year in full',
    ]);
  });

  it('before today but after an older date received: the century before', () => {
    // Received 3 June 2020; "5/5/22" would be a claimant born two years after the referral.
    expect(dobOf('6/3/20', '5/5/22').dob).toBe('1922-05-05');
  });

  it('after today, on a row whose date received is later still: today decides', () => {
    const { dob, notes } = dobOf('1/5/29', '1/2/28', '2026-12-06');
    expect(dob).toBe('1928-01-02');
    expect(notes?.[0]).toContain('would be in the future (today is 2026-12-06)');
  });

  it('in the past by the pivot: kept, without a note; years 30-99 are the 1900s', () => {
    expect(dobOf('11/23/26', '1/2/15')).toMatchObject({ dob: '2015-01-02', notes: undefined });
    expect(dobOf('11/23/26', '11/23/26')).toMatchObject({ dob: '2026-11-23', notes: undefined });
    expect(dobOf('11/23/26', '7/8/85')).toMatchObject({ dob: '1985-07-08', notes: undefined });
  });

  it('a four-digit year is what it says, and dates other than a birth keep the pivot', () => {
    // A date of birth written in full is never moved, even in the future: that is the sheet's to say.
    expect(dobOf('11/23/26', '2028-01-02').dob).toBe('2028-01-02');
    expect(dobOf('11/23/26', '1/2/70', '2026-12-06', '1/2/28')).toMatchObject({
      due: '2028-01-02',
      notes: undefined,
    });
  });
});
