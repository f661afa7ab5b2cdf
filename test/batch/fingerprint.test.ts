/**
 * Reconcile compares normalised values (issue 12): the record a server stores for a create matches the
 * fingerprint of the body sent, whatever way it writes dates, numbers, white space and case; a record
 * that differs in a value a person would compare does not. Journals written before the fingerprints
 * were normalised (bare hashes) still find what they were looking for.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fingerprintMatches, fingerprintOf, legacyFingerprintOf } from '../../core/batch/fingerprint.ts';
import type { CaseRequestCreateBody, CaseRequestRecord } from '../../core/api/types.ts';

const body: CaseRequestCreateBody = {
  case_type_id: 1,
  case_region_id: 3,
  created_on: '2024-01-02',
  due_on: '2024-02-01',
  reference_value_1: 'CLM-1',
  notes: 'Check gym visits',
  client: { name: 'Summit Mutual', country: 'US' },
  contact: { first_name: 'Dana', last_name: 'Whitfield', email: 'Dana@Summit.example.com' },
};

describe('fingerprints of normalised values', () => {
  it('match the record however the server writes the same values', () => {
    const stored = {
      id: 57,
      case_type_id: '1',
      case_region_id: 3.0,
      created_on: '2024-01-02 00:00:00',
      due_on: '2024-02-01T00:00:00-07:00',
      reference_value_1: ' CLM-1 ',
      notes: 'check  gym\nvisits',
      client: { name: 'SUMMIT MUTUAL' },
      contact: { first_name: 'dana', last_name: 'Whitfield', email: 'dana@summit.example.com' },
    } as unknown as CaseRequestRecord;
    expect(fingerprintMatches(stored, fingerprintOf(body))).toBe(true);
  });

  it('do not match a record that differs in any compared value', () => {
    const fields: [keyof CaseRequestCreateBody, unknown][] = [
      ['case_region_id', 4],
      ['created_on', '2024-01-03'],
      ['reference_value_1', 'CLM-2'],
      ['notes', 'Check pool visits'],
    ];
    for (const [key, value] of fields) {
      const other = { id: 1, ...body, [key]: value } as CaseRequestRecord;
      expect(fingerprintMatches(other, fingerprintOf(body)), key).toBe(false);
    }
  });

  it('are versioned, and a fingerprint an older journal wrote is compared as it was made', () => {
    expect(fingerprintOf(body)).toMatch(/^n1:[0-9a-f]{32}$/);
    const old = legacyFingerprintOf(body);
    expect(old).toMatch(/^[0-9a-f]{32}$/);
    expect(fingerprintMatches({ id: 1, ...body } as CaseRequestRecord, old)).toBe(true);
  });

  it('any text differing only in white space and case gives one fingerprint', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom('a', 'B', 'c', ' ', '\t', '\n', 'é'), { maxLength: 20 }),
        (chars) => {
          const text = chars.join('');
          const shuffled = `  ${text.toUpperCase().replace(/\s+/g, '   ')} `;
          expect(fingerprintOf({ ...body, notes: shuffled })).toBe(fingerprintOf({ ...body, notes: text }));
        },
      ),
    );
  });
});
