/**
 * Issue 18: what an update's journal keeps is enough to undo it. For any update body (merged with the
 * stored request as the import merges it, merge-stored.ts), applied to a
 * stored request as the seed says a PUT applies it (applyUpdate: fields replaced, client/contact whole,
 * custom fields by id), the revert body built from the kept values, applied after it, gives back the
 * stored request exactly; a custom field the request did not hold comes back empty (the API cannot
 * remove a value), and nothing else differs (a client or contact part held as null may come back
 * absent: the same value to the API). An empty date is not put back (the update cannot clear one):
 * it is listed for a person to clear, never sent.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CaseRequestRecord, CaseRequestUpdateBody } from '../../core/api/types.ts';
import { mergeStored } from '../../core/batch/merge-stored.ts';
import { keptValues, revertBody } from '../../core/batch/revert-values.ts';
import { applyUpdate, fieldChanges } from '../../core/validate/field-changes.ts';

const STORED: CaseRequestRecord = {
  id: 7,
  created_on: '2026-06-28',
  due_on: null,
  reference_value_1: 'CLM-1',
  reference_value_2: null,
  notes: 'Check gym visits',
  admin_notes: 'Imported',
  client: {
    name: 'Summit Mutual',
    address_1: '1700 Lincoln St',
    // A server may hold a part as null (API-NOTES Tolerance: missing keys, nulls).
    address_2: null as unknown as string,
    city: 'Denver',
    country: 'US',
  },
  contact: { first_name: 'Dana', last_name: 'Whitfield', email: 'dana@summit.example.com' },
  case_services_list: [21, 23],
  custom_fields: [
    { id: 11, value: 1 },
    { id: 20, value: { address_1: '2000 Blake St', city: 'Denver', zip: '80202' } },
  ],
  updated_at: '2026-06-28 10:00:00',
};

const text = fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9 ,.-]{0,12}$/).map((value) => value.trim());

const bodies = fc.record(
  {
    due_on: fc.constantFrom('2026-08-01', '2026-09-09'),
    reference_value_2: text,
    notes: text,
    admin_notes: fc.constant(''),
    case_services_list: fc.uniqueArray(fc.constantFrom(21, 22, 23), { maxLength: 3 }),
    client: fc.record({ name: text, city: text }, { requiredKeys: [] }),
    contact: fc.record({ first_name: text, email: text }, { requiredKeys: [] }),
    custom_fields: fc.uniqueArray(
      fc.oneof(
        fc.record({ id: fc.constant(11), value: fc.constantFrom(0, 1) }),
        fc.record({ id: fc.constant(14), value: text }),
        fc.record({
          id: fc.constant(20),
          value: fc.record({ address_1: text, city: text, zip: fc.constant('80401') }),
        }),
      ),
      { selector: (entry) => entry.id, maxLength: 3 },
    ),
  },
  { requiredKeys: [] },
) as fc.Arbitrary<CaseRequestUpdateBody>;

function withoutNulls(value: unknown): Record<string, unknown> {
  return Object.fromEntries(Object.entries((value ?? {}) as object).filter(([, part]) => part !== null));
}

describe('revert values', () => {
  it('the kept values undo any update: the stored request comes back exactly', () => {
    fc.assert(
      fc.property(bodies, (given) => {
        // As the import sends it: parts of client, contact and the address merged into the stored ones.
        const merged = mergeStored(given, STORED, new Set([20]));
        if (!('body' in merged)) throw new Error('not mergeable');
        const body = merged.body;
        const changes = fieldChanges(body, STORED);
        const { stored, sent } = keptValues(changes, body, STORED);
        const updated = applyUpdate(STORED, body);
        const { body: undo, lost, uncleared } = revertBody(stored, sent);
        expect(lost).toEqual([]);
        // The stored due date is empty: putting it back means clearing it, which the update has no
        // documented way to do. It is listed for a person (the revert says so), never sent as a guess.
        const setsDate = changes.some((change) => change.target === 'due_on');
        expect(uncleared).toEqual(setsDate ? [{ target: 'due_on', kind: 'date' }] : []);
        expect(undo).not.toHaveProperty('due_on');
        const back = { ...applyUpdate(updated, undo), ...(setsDate ? { due_on: null } : {}) };
        const { custom_fields: backFields, ...backRest } = back;
        const { custom_fields: storedFields, ...storedRest } = STORED;
        // A list in another order is the same set (field-changes.ts): not a change, so not put back.
        // A part of client/contact held as null is the same as one not held: the import's merge leaves
        // nulls out of the whole object it sends (merge-stored.ts), so such a part may come back absent.
        const sorted = (record: Record<string, unknown>) => ({
          ...record,
          case_services_list: [...((record.case_services_list as number[]) ?? [])].sort(),
          client: withoutNulls(record.client),
          contact: withoutNulls(record.contact),
        });
        expect(sorted(backRest)).toEqual(sorted(storedRest));
        // Fields it held are back as they were; one it did not hold is back empty, if the update set it.
        const held = new Map(storedFields!.map((entry) => [entry.id, entry.value]));
        for (const entry of backFields!) {
          if (held.has(entry.id)) expect(entry.value).toEqual(held.get(entry.id));
          else expect(entry.value).toBe('');
        }
        // Only the fields the update changed are sent back.
        expect(
          Object.keys(undo)
            .filter((key) => key !== 'custom_fields')
            .sort(),
        ).toEqual(
          [...new Set(changes.map((change) => change.target.split('.')[0]!))]
            .filter((key) => key !== 'custom_fields' && key !== 'due_on')
            .sort(),
        );
      }),
    );
  });
});
