/**
 * Tolerant reading (API-NOTES "Assumed" record shape): whatever mix of numbers-as-strings, composite
 * values as JSON strings and unknown keys the API sends, the record reads back as the clean one.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toCaseRequestRecord } from '../../core/api/normalize.ts';

const nameValue = fc.record({ first_name: fc.string(), last_name: fc.string() });
const clean = fc.record({
  id: fc.integer({ min: 1, max: 1e9 }),
  case_type_id: fc.integer({ min: 1, max: 1e6 }),
  budget_money: fc.double({ min: 0, max: 1e7, noNaN: true }),
  case_services_list: fc.array(fc.integer({ min: 1, max: 1e6 }), { maxLength: 5 }),
  notes: fc.string(),
  custom_fields: fc.array(
    fc.record({ id: fc.integer({ min: 1, max: 1e6 }), value: fc.oneof(fc.integer(), nameValue) }),
    { maxLength: 4 },
  ),
});

describe('toCaseRequestRecord', () => {
  it('reads stringified numbers, lists and composite values back to the clean record, unknown keys kept', () => {
    fc.assert(
      fc.property(clean, fc.boolean(), fc.string(), (record, listAsText, extra) => {
        const sent = {
          ...record,
          id: String(record.id),
          case_type_id: String(record.case_type_id),
          budget_money: String(record.budget_money),
          case_services_list: listAsText
            ? record.case_services_list.join(',')
            : record.case_services_list.map(String),
          custom_fields: record.custom_fields.map((field) => ({
            id: String(field.id),
            value: typeof field.value === 'object' ? JSON.stringify(field.value) : field.value,
          })),
          some_future_key: extra,
        };
        expect(toCaseRequestRecord(sent)).toEqual({ ...record, some_future_key: extra });
      }),
    );
  });

  it('refuses what is not a record with an id (shown to the user as it came)', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.integer(), fc.constant(null), fc.array(fc.integer())), (raw) => {
        expect(toCaseRequestRecord(raw)).toBeNull();
      }),
    );
  });
});
