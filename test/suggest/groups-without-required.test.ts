/**
 * A group past its type's first that no column gives a required field, while the first group has one,
 * is not a second subject (groups-without-required.ts, explore 60 item 3), whatever form numbered it: an
 * ordinal after the type ("Claimant 2nd Phone"), before it ("Second Claimant Phone"), or a digit
 * ("Claimant 2 Phone"). A second group that has the field stays a group. Against the demo account,
 * whose Claimant requires Name (field 101).
 */
import { describe, expect, it } from 'vitest';
import { parseMapping, suggestMapping, type SuggestedMapping } from '../../core/index.ts';
import { demoReference } from '../samples/helpers.ts';

const { reference } = await demoReference();

function suggest(headers: string[]): SuggestedMapping {
  const proposal = suggestMapping({
    headers,
    sampleRows: [{ row: 2, cells: headers.map((header) => (header === 'Claim #' ? 'CLM-1' : 'x')) }],
    mode: 'create',
    reference,
    fileName: 'test.csv',
  });
  expect(parseMapping(JSON.parse(JSON.stringify(proposal.mapping)), 'proposal')).toEqual(proposal.mapping);
  return proposal;
}

const noteOn = (proposal: SuggestedMapping, column: string) =>
  proposal.decisions.find((note) => note.column === column);

describe('a numbered group without a field its type requires', () => {
  it.each(['Claimant 2nd Phone', 'Second Claimant Phone', 'Claimant 2 Phone'])(
    'rule: %j beside "Claimant Name" and "Claimant Phone" is left for a person, saying why; no second group',
    (alternate) => {
      const proposal = suggest(['Claim #', 'Claimant Name', 'Claimant Phone', alternate]);
      expect(proposal.mapping.subjects).toEqual([{ subject_type_id: 1, is_primary: true, is_pinned: true }]);
      expect(proposal.mapping.columns.some((column) => column.column === alternate)).toBe(false);
      expect(noteOn(proposal, alternate)).toMatchObject({
        level: 'decide',
        message: expect.stringContaining(
          'but no column gives a Claimant 2 the Name (field 101) every Claimant needs, while Claimant 1 has one',
        ),
      });
      expect(proposal.decisions.some((note) => note.message.startsWith('subject group 2'))).toBe(false);
    },
  );

  it("rule: goes to the first group's same field when that field is free, with a warning that it is a guess", () => {
    const proposal = suggest(['Claim #', 'Claimant Name', 'Claimant 2nd Phone']);
    expect(proposal.mapping.columns).toContainEqual({
      column: 'Claimant 2nd Phone',
      target: 'subjects.0.custom_fields.105',
    });
    expect(noteOn(proposal, 'Claimant 2nd Phone')?.level).toBe('warning');
  });

  it.each(['Claimant 2 Phone', 'Second Claimant Phone'])(
    "rule: %j, a second claimant's phone by its header, never goes to the first claimant's free field",
    (second) => {
      const proposal = suggest(['Claim #', 'Claimant Name', second]);
      expect(proposal.mapping.columns.some((column) => column.column === second)).toBe(false);
      expect(noteOn(proposal, second)).toMatchObject({
        level: 'decide',
        message: expect.stringContaining('its header names a second Claimant rather than another Phone'),
      });
    },
  );

  it('rule: a second group that has the required field stays a second subject', () => {
    const proposal = suggest([
      'Claim #',
      'Claimant Name',
      'Claimant Phone',
      'Claimant 2nd Name',
      'Claimant 2nd Phone',
    ]);
    expect(proposal.mapping.subjects).toHaveLength(2);
    expect(proposal.mapping.columns).toContainEqual({
      column: 'Claimant 2nd Phone',
      target: 'subjects.1.custom_fields.105',
    });
  });

  it('rule: where the first group lacks the field too, nothing tells which is real: the groups stay as numbered', () => {
    const proposal = suggest(['Claim #', 'Claimant Phone', 'Claimant 2nd Phone']);
    expect(proposal.mapping.subjects).toHaveLength(2);
  });
});
