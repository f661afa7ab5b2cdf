/**
 * Subject groups numbered by ordinals ("2nd Claimant Name", "Second Claimant DOB", "Claimant 2nd
 * Phone") and sheets whose groups start past 1 ("Claimant 2 …" only): core's rules, against the demo
 * account (Claimant is subject type 1, with Name 101, Date of Birth 102, Phone 105; Address is type 3).
 */
import { describe, expect, it } from 'vitest';
import { parseMapping, suggestMapping, type Cell, type SuggestedMapping } from '../../core/index.ts';
import { readGroupNumbers } from '../../core/suggest/group-numbers.ts';
import { normaliseLabel } from '../../core/mapping/similarity.ts';
import { demoReference } from '../samples/helpers.ts';

const { reference } = await demoReference();

function suggest(table: Record<string, Cell[]>): SuggestedMapping {
  const headers = Object.keys(table);
  const sampleRows = [{ row: 2, cells: headers.map((header) => table[header]![0] ?? null) }];
  const proposal = suggestMapping({ headers, sampleRows, reference, fileName: 'test.csv' });
  expect(parseMapping(JSON.parse(JSON.stringify(proposal.mapping)), 'proposal')).toEqual(proposal.mapping);
  return proposal;
}

const numbers = (headers: string[]) =>
  readGroupNumbers(headers.map(normaliseLabel), reference).map((found) =>
    found ? `${found.subjectTypeId}#${found.number} ${found.header}` : null,
  );

describe('ordinals number subject groups', () => {
  it('rule: a digit or word ordinal before the type, or a digit ordinal after it, is the group number', () => {
    expect(
      numbers([
        '1st Claimant Name',
        '2nd Claimant Name',
        'Second Claimant DOB',
        'Claimant 2nd Phone',
        'Third Claimant',
        'Claimant (2) Name',
      ]),
    ).toEqual([
      '1#1 claimant name',
      '1#2 claimant name',
      '1#2 claimant date of birth',
      '1#2 claimant phone',
      '1#3 claimant',
      '1#2 claimant name',
    ]);
  });

  it('rule: "Second Address Line" is an address line, and a lone "First …" is not a group number', () => {
    expect(numbers(['Second Address Line', 'First Claimant Name'])).toEqual([null, null]);
    // Beside a higher number of its type, "First" is the first of them.
    expect(numbers(['First Claimant Name', 'Second Claimant Name'])).toEqual([
      '1#1 claimant name',
      '1#2 claimant name',
    ]);
  });

  it('rule: the proposal binds each ordinal column to its group and names the ordinals it read', () => {
    const proposal = suggest({
      'Claim #': ['CLM-1'],
      '1st Claimant Name': ['Lee, Kim'],
      '2nd Claimant Name': ['Roe, Ann'],
      'Second Claimant DOB': ['1985-03-04'],
      'Claimant #2 Phone': ['(303) 555-0199'],
    });
    const targets = Object.fromEntries(proposal.mapping.columns.map((entry) => [entry.column, entry.target]));
    expect(targets).toMatchObject({
      '1st Claimant Name': 'subjects.0.custom_fields.101',
      '2nd Claimant Name': 'subjects.1.custom_fields.101',
      'Second Claimant DOB': 'subjects.1.custom_fields.102',
      'Claimant #2 Phone': 'subjects.1.custom_fields.105',
    });
    const said = proposal.decisions.map((note) => note.message);
    expect(said).toContain(
      'subject group 1, Claimant 1: the columns starting "1st Claimant" (an ordinal read as Claimant number 1)',
    );
    expect(said).toContain(
      'subject group 2, Claimant 2: the columns starting "Claimant 2" or "2nd Claimant" or "Second Claimant" (ordinals read as Claimant number 2)',
    );
  });
});

describe('a type whose columns start past its number 1', () => {
  it('rule: "Claimant 2 …" alone is made the primary subject, with a warning that says so', () => {
    const proposal = suggest({ 'Claim #': ['CLM-1'], 'Claimant 2 Name': ['Roe, Ann'] });
    expect(proposal.mapping.subjects).toEqual([{ subject_type_id: 1, is_primary: true, is_pinned: true }]);
    expect(
      proposal.decisions.filter((note) => note.level === 'warning').map((note) => note.message),
    ).toContain(
      'no column names Claimant 1: the Claimant columns start at Claimant 2 (the columns starting "Claimant 2"), so they are ' +
        "subject group 1 (Claimant 1 in the mapping), the case's primary subject. Right if the sheet leaves out the first Claimant; " +
        "if the first Claimant's columns have other headers, map those to subject group 1 and these to a group of their own",
    );
  });

  it('rule: a sheet with Claimant 1 and 2 gets no such warning; a second type starting at 2 is not called primary', () => {
    const both = suggest({ 'Claimant 1 Name': ['Lee, Kim'], 'Claimant 2 Name': ['Roe, Ann'] });
    expect(both.decisions.some((note) => note.message.startsWith('no column names'))).toBe(false);
    const vehicle = suggest({
      'Claimant Name': ['Lee, Kim'],
      'Vehicle 2 Plate': ['XYZ-1'],
      'Vehicle 2 Make': ['Ford'],
    });
    const warning = vehicle.decisions.find((note) => note.message.startsWith('no column names Vehicle 1'));
    expect(warning?.message).toContain('so they are subject group 2 (Vehicle 1 in the mapping). Right if');
  });
});
