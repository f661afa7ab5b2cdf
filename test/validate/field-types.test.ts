import { describe, expect, it } from 'vitest';
import type { Cell, RowOutcome } from '../../core/index.ts';
import { parseMapping, validateRow } from '../../core/index.ts';
import { demoReference, REQUIRED_CONSTANTS } from './helpers.ts';

const reference = demoReference();
const BASE = {
  version: 1,
  constants: REQUIRED_CONSTANTS,
};

/** One column mapped to `target` (with options), one row holding `cell`, checked against the demo account. */
function one(
  target: string,
  cell: Cell,
  options: Record<string, unknown> = {},
  extra: Record<string, unknown> = {},
): RowOutcome {
  const mapping = parseMapping(
    { ...BASE, ...extra, columns: [{ column: 'Col', target, ...options }] },
    'm.json',
  );
  return validateRow({ row: 3, cells: [cell] }, ['Col'], mapping, { reference });
}

function valueOf(outcome: RowOutcome, subject?: number): unknown {
  expect(outcome.problems).toEqual([]);
  const body = outcome.body as {
    custom_fields?: { value: unknown }[];
    subjects?: { custom_fields: { value: unknown }[] }[];
  };
  return subject === undefined
    ? body.custom_fields?.[0]?.value
    : body.subjects?.[subject]?.custom_fields[0]?.value;
}

function codeOf(outcome: RowOutcome): string[] {
  return outcome.problems.map((p) => p.code);
}

// Claimant's Name (field 101) is required: a constant last name keeps that rule out of these tests.
const CLAIMANT = {
  subjects: [{ subject_type_id: 1 }],
  constants: { ...BASE.constants, 'subjects.0.custom_fields.101.last_name': 'Doe' },
};
const EMPLOYER = { subjects: [{ subject_type_id: 'employer' }] };

describe('custom-field values by field type (API-NOTES table)', () => {
  it('YESNO: 1 or 0 from yes/no words, booleans and x; anything else refused', () => {
    expect(valueOf(one('custom_fields.11', 'Yes'))).toBe(1);
    expect(valueOf(one('custom_fields.11', 'n'))).toBe(0);
    expect(valueOf(one('custom_fields.11', true))).toBe(1);
    expect(valueOf(one('custom_fields.11', 'X'))).toBe(1);
    expect(one('custom_fields.11', 'maybe').problems[0]!.message).toBe(
      "Col 'maybe' is not yes or no; use yes/no, y/n, true/false, 1/0 or x",
    );
  });

  it('YESNONA: 1, 0, or "" for N/A', () => {
    const bg = { constants: { ...BASE.constants, case_type_id: 2 } };
    expect(valueOf(one('custom_fields.17', 'N/A', {}, bg))).toBe('');
    expect(valueOf(one('custom_fields.17', 'no', {}, bg))).toBe(0);
    expect(codeOf(one('custom_fields.17', 'perhaps', {}, bg))).toEqual(['invalid_yesnona']);
  });

  it('YESNONA: N/A, NA and "not applicable" are N/A with no note; "-", "unknown" and "—" are refused, saying how to map them (docs/mapping.md)', () => {
    const bg = { constants: { ...BASE.constants, case_type_id: 2 } };
    for (const text of ['N/A', 'na', 'Not Applicable']) {
      const outcome = one('custom_fields.17', text, {}, bg);
      expect(valueOf(outcome), text).toBe('');
      expect(outcome.notes, text).toBeUndefined();
    }
    for (const text of ['-', 'unknown', '—']) {
      const outcome = one('custom_fields.17', text, {}, bg);
      expect(outcome.problems[0]!.message).toBe(
        `Col '${text}' is not yes, no or N/A; use yes/no, y/n, true/false, 1/0, x or N/A, NA, not applicable ` +
          `(or say what '${text}' means in the column's "values", e.g. "${text}": "N/A" or "${text}": "no")`,
      );
    }
    // The column's values say what a dash means, and then it is read so.
    expect(valueOf(one('custom_fields.17', '-', { values: { '-': 'N/A' } }, bg))).toBe('');
    expect(valueOf(one('custom_fields.17', '-', { values: { '-': 'no' } }, bg))).toBe(0);
  });

  it('SELECT/RADIO: matched case-insensitively to the exact choice; another value is refused saying which values key would translate it', () => {
    expect(valueOf(one('custom_fields.12', ' urgent '))).toBe('Urgent');
    expect(one('custom_fields.12', ' Low ').problems[0]!.message).toBe(
      "Col ' Low ' is not one of: Normal, High, Urgent; if it means one of them, add it to the column's " +
        '"values" in the mapping ("values": { "Low": "…" }) and every cell holding it is read as that choice',
    );
    // Done as said, the cell is read as that choice.
    expect(valueOf(one('custom_fields.12', ' Low ', { values: { Low: 'Normal' } }))).toBe('Normal');
    // A constant has no values: the same refusal says nothing of them.
    const constant = parseMapping(
      { ...BASE, constants: { ...BASE.constants, 'custom_fields.12': 'Low' }, columns: [] },
      'm.json',
    );
    const refused = validateRow({ row: 3, cells: [] }, [], constant, { reference }).problems;
    expect(refused.map((problem) => problem.message)).toEqual([
      "constant custom_fields.12 'Low' is not one of: Normal, High, Urgent",
    ]);
  });

  it('NUMBER/CURRENCY: decimals; currency signs only with parse number', () => {
    expect(valueOf(one('custom_fields.13', '12.5'))).toBe(12.5);
    const skip = { constants: { ...BASE.constants, case_type_id: 4 } };
    expect(valueOf(one('custom_fields.19', '$2,400.10', { parse: 'number' }, skip))).toBe(2400.1);
    expect(one('custom_fields.19', '$2,400.10', {}, skip).problems[0]!.message).toBe(
      'Col \'$2,400.10\' is not a number; expected like 1500 or 12.5 (add "parse": "number" to the column to accept currency signs and codes, accounting brackets "(5)" and a minus after "5-")',
    );
  });

  it('NUMBER/CURRENCY: accounting brackets and a minus after need parse number or a number format (docs/mapping.md); a minus before does not', () => {
    const skip = { constants: { ...BASE.constants, case_type_id: 4 } };
    for (const [text, value] of [
      ['(5)', -5],
      ['300-', -300],
      ['(1200.50)', -1200.5],
    ] as const) {
      // Without either, refused as the column's other bad values are, saying what accepts it.
      expect(one('custom_fields.13', text).problems[0]!.message).toBe(
        `Col '${text}' is not a number; expected like 1500 or 12.5 (add "parse": "number" to the column to accept currency signs and codes, accounting brackets "(5)" and a minus after "5-")`,
      );
      expect(valueOf(one('custom_fields.19', text, { parse: 'number' }, skip))).toBe(value);
      expect(valueOf(one('custom_fields.19', text, { decimal: '.' }, skip))).toBe(value);
    }
    expect(valueOf(one('custom_fields.13', '-5'))).toBe(-5);
    expect(one('custom_fields.13', '-5').problems).toEqual([]);
  });

  it('DATE/BIRTHDAY: ISO dates that exist', () => {
    expect(valueOf(one('custom_fields.15', '2024-02-29'))).toBe('2024-02-29');
    expect(codeOf(one('custom_fields.15', '2026-02-29'))).toEqual(['nonexistent_date']);
    expect(valueOf(one('custom_fields.15', '29.02.2024', { dateFormat: 'DD.MM.YYYY' }))).toBe('2024-02-29');
    expect(
      valueOf(
        one(
          'subjects.0.custom_fields.102',
          { type: 'datetime', dateTime: '1980-01-05T00:00:00' },
          {},
          CLAIMANT,
        ),
        0,
      ),
    ).toEqual('1980-01-05');
  });

  it('LINK: http(s) addresses; a bare www address gets https://', () => {
    const activity = { constants: { ...BASE.constants, case_type_id: 3 } };
    expect(valueOf(one('custom_fields.18', 'www.carrier.example/claims/1', {}, activity))).toBe(
      'https://www.carrier.example/claims/1',
    );
    expect(codeOf(one('custom_fields.18', 'see portal', {}, activity))).toEqual(['invalid_link']);
  });

  it('EMAIL and COUNTRY (codes in any case, or an unambiguous country name)', () => {
    expect(codeOf(one('subjects.0.custom_fields.106', 'a@b', {}, CLAIMANT))).toEqual(['invalid_email']);
    expect(valueOf(one('subjects.0.custom_fields.110', 'mx', {}, CLAIMANT), 0)).toBe('MX');
    expect(valueOf(one('subjects.0.custom_fields.110', 'United Kingdom', {}, CLAIMANT), 0)).toBe('GB');
    expect(codeOf(one('subjects.0.custom_fields.110', 'Congo', {}, CLAIMANT))).toEqual(['invalid_country']);
  });

  it('INPUT is one line; LONG keeps line breaks', () => {
    expect(codeOf(one('subjects.0.custom_fields.103', 'Big\nJohn', {}, CLAIMANT))).toEqual([
      'multi_line_text',
    ]);
    expect(valueOf(one('custom_fields.14', 'Line 1\nLine 2'))).toBe('Line 1\nLine 2');
  });

  it('NAME and ADDRESS: whole values need parse; parts build the object', () => {
    const claimant = { subjects: [{ subject_type_id: 1 }] };
    expect(one('subjects.0.custom_fields.101', 'John Doe', {}, claimant).problems[0]!.message).toBe(
      'Col maps to Name (field 101), a NAME field; map its parts (first_name, middle_name, last_name) or add "parse": "full_name"',
    );
    expect(
      valueOf(one('subjects.0.custom_fields.101', 'Mary Ann Smith Jr.', { parse: 'full_name' }, claimant), 0),
    ).toEqual({
      first_name: 'Mary',
      middle_name: 'Ann',
      last_name: 'Smith Jr.',
    });
    const address = one(
      'subjects.0.custom_fields.402',
      '500 Main St, Suite 2, Boulder, co 80301, USA',
      { parse: 'address' },
      {
        subjects: [{ subject_type_id: 4 }],
      },
    );
    expect(address.problems.map((p) => p.code)).toEqual(['required_subject_field']); // Employer Name (401) is required
    const withName = parseMapping(
      {
        ...BASE,
        ...EMPLOYER,
        columns: [
          { column: 'Employer', target: 'subjects.0.custom_fields.401' },
          { column: 'Address', target: 'subjects.0.custom_fields.402', parse: 'address' },
        ],
      },
      'm.json',
    );
    const outcome = validateRow(
      { row: 2, cells: ['Acme Co', '500 Main St, Suite 2, Boulder, co 80301, USA'] },
      ['Employer', 'Address'],
      withName,
      {
        reference,
      },
    );
    expect(outcome.problems).toEqual([]);
    expect(
      (outcome.body as { subjects: { subject_type_id: number; custom_fields: unknown[] }[] }).subjects[0],
    ).toEqual({
      subject_type_id: 4,
      is_primary: false,
      is_pinned: true,
      custom_fields: [
        { id: 401, value: 'Acme Co' },
        {
          id: 402,
          value: {
            address_1: '500 Main St',
            address_2: 'Suite 2',
            city: 'Boulder',
            state: 'CO',
            zip: '80301',
            country: 'US',
          },
        },
      ],
    });
  });
});

describe('custom fields against the account', () => {
  it('a field the account does not have', () => {
    const outcome = one('custom_fields.999', 'x');
    expect(outcome.problems[0]).toMatchObject({
      code: 'unknown_field',
      column: 'Col',
      value: 'x',
      target: 'custom_fields.999',
    });
  });

  it("a case field not enabled for the row's case type", () => {
    const outcome = one('custom_fields.16', 'Standard'); // Report Type belongs to Background Check, not Surveillance
    expect(outcome.problems[0]!.message).toBe(
      // The column first, as the clerk knows it, not the target path (explore 34 item 5).
      'Col \'Standard\': Report Type (field 16) is not enabled for case type "Surveillance", ' +
        "so 'Standard' cannot be set; clear the cell (or leave the column out of the mapping), or enable the field for that case type in Trackops",
    );
    // The typed value, as every problem names it (report 11: it was null).
    expect(outcome.problems[0]!.value).toBe('Standard');
  });

  it('a subject field on the case, and a field of another subject type', () => {
    expect(codeOf(one('custom_fields.201', 'ABC'))).toEqual(['field_not_for_case']);
    expect(codeOf(one('subjects.0.custom_fields.201', 'ABC', {}, CLAIMANT))).toEqual(['field_wrong_subject']);
  });

  it("reads a field's use tolerantly: any case, or missing when the field names its subject type", () => {
    const loose = {
      ...reference,
      fields: reference.fields.map((field) =>
        field.id === 12
          ? { ...field, use: 'Case' }
          : field.id === 201
            ? { ...field, use: undefined as unknown as string }
            : field,
      ),
    };
    const mapping = parseMapping(
      {
        ...BASE,
        subjects: [{ subject_type_id: 2 }],
        columns: [
          { column: 'Priority', target: 'custom_fields.12' },
          { column: 'Plate', target: 'subjects.0.custom_fields.201' },
        ],
      },
      'm.json',
    );
    const outcome = validateRow({ row: 2, cells: ['high', 'ABC 1'] }, ['Priority', 'Plate'], mapping, {
      reference: loose,
    });
    expect(outcome.problems).toEqual([]);
  });

  it('a part on a field that has no parts', () => {
    expect(codeOf(one('custom_fields.13.city', 'Denver'))).toEqual(['part_on_simple_field']);
  });

  it('a subject type named in the mapping that the account lacks', () => {
    const outcome = one(
      'subjects.0.custom_fields.201',
      'ABC',
      {},
      { subjects: [{ subject_type_id: 'Boat' }] },
    );
    expect(outcome.problems[0]!.message).toBe(
      "Subject group 1 of the mapping has the subject type 'Boat', which is not one of the account's: " +
        'Address (id 3), Claimant (id 1), Employer (id 4), Vehicle (id 2). Its columns go to fields of Vehicle (id 2): ' +
        'if that is the type, give its id (in a mapping file: "subject_type_id": 2 in that group of "subjects")',
    );
    // A field no subject type has (the group's columns give no clue): the ids, and what to give.
    const unclear = one(
      'subjects.0.custom_fields.999',
      'ABC',
      {},
      { subjects: [{ subject_type_id: 'Boat' }] },
    );
    expect(unclear.problems.map((problem) => problem.message)).toContain(
      "Subject group 1 of the mapping has the subject type 'Boat', which is not one of the account's: " +
        'Address (id 3), Claimant (id 1), Employer (id 4), Vehicle (id 2); ' +
        'give one of them, by name or id (in a mapping file: "subject_type_id" in that group of "subjects")',
    );
  });
});
