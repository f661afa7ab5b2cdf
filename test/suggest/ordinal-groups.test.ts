/**
 * Subject groups numbered by ordinals ("2nd Claimant Name", "Second Claimant DOB", "Claimant 2nd
 * Phone") and sheets whose groups start past 1 ("Claimant 2 …" only): core's rules, against the demo
 * account (Claimant is subject type 1, with Name 101, Date of Birth 102, Phone 105; Address is type 3).
 */
import { describe, expect, it } from 'vitest';
import {
  parseMapping,
  suggestMapping,
  type AccountReference,
  type Cell,
  type SuggestedMapping,
} from '../../core/index.ts';
import { subjectCandidates } from '../../core/suggest/candidates.ts';
import { readGroupNumbers } from '../../core/suggest/group-numbers.ts';
import { normaliseLabel } from '../../core/mapping/similarity.ts';
import { demoReference } from '../samples/helpers.ts';

const { reference } = await demoReference();
/** "1 claimant name", "1 claimant date of birth", …: a subject field behind its type's name, as headers give it. */
const subjectFieldNames = new Set(
  subjectCandidates(reference).flatMap((candidate) =>
    [...candidate.labels.keys()].map((label) => `${candidate.subjectTypeId} ${label}`),
  ),
);

function suggest(table: Record<string, Cell[]>): SuggestedMapping {
  const headers = Object.keys(table);
  const sampleRows = [{ row: 2, cells: headers.map((header) => table[header]![0] ?? null) }];
  const proposal = suggestMapping({ headers, sampleRows, reference, fileName: 'test.csv' });
  expect(parseMapping(JSON.parse(JSON.stringify(proposal.mapping)), 'proposal')).toEqual(proposal.mapping);
  return proposal;
}

/** What readGroupNumbers reads; `checked`: with the account's subject fields to check the loose forms by. */
const numbers = (headers: string[], checked = false) =>
  readGroupNumbers(
    headers.map(normaliseLabel),
    reference,
    checked ? (subjectTypeId, header) => subjectFieldNames.has(`${subjectTypeId} ${header}`) : undefined,
  ).map((found) => (found ? `${found.subjectTypeId}#${found.number} ${found.header}` : null));

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

/** The proposal's targets by column, for the columns it mapped. */
const targetsOf = (proposal: SuggestedMapping) =>
  Object.fromEntries(proposal.mapping.columns.map((entry) => [entry.column, entry.target]));

/** The demo account with its Claimant type renamed, and fields added to it, as another office has it. */
function accountWith(typeName: string, extraFields: AccountReference['fields'] = []): AccountReference {
  return {
    ...reference,
    subject_types: reference.subject_types.map((type) =>
      type.id === 1
        ? {
            ...type,
            name: typeName,
            field_ids: [...(type.field_ids ?? []), ...extraFields.map((field) => field.id)],
          }
        : type,
    ),
    fields: [...reference.fields, ...extraFields],
  };
}

function suggestWith(account: AccountReference, table: Record<string, Cell[]>): SuggestedMapping {
  const headers = Object.keys(table);
  const sampleRows = [{ row: 2, cells: headers.map((header) => table[header]![0] ?? null) }];
  return suggestMapping({ headers, sampleRows, reference: account, fileName: 'test.csv' });
}

describe('groups carriers write in other ways', () => {
  it('rule: a word ordinal after the type ("Claimant Second Name") numbers the group, and is said', () => {
    const proposal = suggest({
      'Claimant Name': ['Lee, Kim'],
      'Claimant DOB': ['1980-03-04'],
      'Claimant Second Name': ['Roe, Ann'],
      'Claimant Second DOB': ['1985-05-06'],
      'Claimant 2nd Phone': ['(303) 555-0199'],
    });
    expect(targetsOf(proposal)).toMatchObject({
      'Claimant Name': 'subjects.0.custom_fields.101',
      'Claimant Second Name': 'subjects.1.custom_fields.101',
      'Claimant Second DOB': 'subjects.1.custom_fields.102',
      'Claimant 2nd Phone': 'subjects.1.custom_fields.105',
    });
    expect(proposal.decisions.map((note) => note.message)).toContain(
      'subject group 2, Claimant 2: the columns starting "Claimant Second" or "Claimant 2nd" (ordinals read as Claimant number 2)',
    );
  });

  it('rule: "Primary"/"Secondary" before a subject type of the account number its groups, said as the words they are', () => {
    const proposal = suggest({
      'Primary Claimant Name': ['Lee, Kim'],
      'Primary Claimant DOB': ['1980-03-04'],
      'Secondary Claimant Name': ['Roe, Ann'],
      'Secondary Claimant DOB': ['1985-05-06'],
    });
    expect(targetsOf(proposal)).toEqual({
      'Primary Claimant Name': 'subjects.0.custom_fields.101',
      'Primary Claimant DOB': 'subjects.0.custom_fields.102',
      'Secondary Claimant Name': 'subjects.1.custom_fields.101',
      'Secondary Claimant DOB': 'subjects.1.custom_fields.102',
    });
    const said = proposal.decisions.map((note) => note.message);
    expect(said).toContain(
      'subject group 1, Claimant 1: the columns starting "Primary Claimant" (the word "Primary" read as Claimant number 1)',
    );
    expect(said).toContain(
      'subject group 2, Claimant 2: the columns starting "Secondary Claimant" (the word "Secondary" read as Claimant number 2)',
    );
    // An office whose person type is "Insured": the same words number its groups.
    const insured = suggestWith(accountWith('Insured'), {
      'Primary Insured Name': ['Lee, Kim'],
      'Secondary Insured Name': ['Roe, Ann'],
    });
    expect(targetsOf(insured)).toEqual({
      'Primary Insured Name': 'subjects.0.custom_fields.101',
      'Secondary Insured Name': 'subjects.1.custom_fields.101',
    });
  });

  it('rule: no false groups: a plain field, a name part, a field named with the word, a rank before no subject field', () => {
    const proposal = suggest({
      'Claimant Name': ['Lee, Kim'],
      'Primary Phone': ['(303) 555-0100'],
      'Second Opinion Date': ['2026-12-01'],
      'Primary Claimant Adjuster': ['Dana'],
    });
    expect(proposal.mapping.subjects).toEqual([{ subject_type_id: 1, is_primary: true, is_pinned: true }]);
    expect(Object.values(targetsOf(proposal)).filter((target) => target.startsWith('subjects.1.'))).toEqual(
      [],
    );
    expect(
      numbers(['Primary Phone', 'Second Opinion Date', 'Claimant First Name', 'Address Second Line'], true),
    ).toEqual([null, null, null, null]);
    // Beside the claimant's first and last names, "Claimant Second Name" is a part of the name.
    expect(numbers(['Claimant First Name', 'Claimant Last Name', 'Claimant Second Name'], true)).toEqual([
      null,
      null,
      null,
    ]);
    // A claimant field named "Second Phone": "Claimant Second Phone" is that field, not claimant 2's phone.
    const secondPhone = accountWith('Claimant', [
      { id: 199, name: 'Second Phone', field_type_tag: 'INPUT', use: 'subject', subject_type_id: 1 },
    ]);
    const own = suggestWith(secondPhone, {
      'Claimant Name': ['Lee, Kim'],
      'Claimant Second Phone': ['(303) 555-0101'],
    });
    expect(targetsOf(own)['Claimant Second Phone']).toBe('subjects.0.custom_fields.199');
  });

  it('rule: numbers with a gap (Claimant 1, Claimant 3) are not renumbered silently', () => {
    const proposal = suggest({
      'Claimant 1 Name': ['Lee, Kim'],
      'Claimant 3 Name': ['Roe, Ann'],
      'Claimant 3 DOB': ['1985-05-06'],
    });
    expect(targetsOf(proposal)).toMatchObject({ 'Claimant 3 Name': 'subjects.1.custom_fields.101' });
    const warnings = proposal.decisions
      .filter((note) => note.level === 'warning')
      .map((note) => note.message);
    expect(warnings).toContain(
      'no column names Claimant 2: the Claimant columns go from Claimant 1 to Claimant 3, so the columns starting "Claimant 3" are ' +
        'subject group 2 (Claimant 2 in the mapping and in Trackops). Right if the sheet leaves out Claimant 2; ' +
        "if Claimant 2's columns have other headers, map those to a group of their own",
    );
    const consecutive = suggest({ 'Claimant 1 Name': ['Lee, Kim'], 'Claimant 2 Name': ['Roe, Ann'] });
    expect(consecutive.decisions.some((note) => note.message.includes('go from Claimant'))).toBe(false);
  });
});
