/**
 * A create's intent carries digests of its body that later imports compare with what they would send:
 * the content keys (fingerprint.ts contentKeysOf) and each value's digest by path (near-edit.ts
 * partsOf). Journals already on disk hold them, so the way they are made may change, never a digit of
 * them: pinned here for a body with quotes, a backslash, CRLF, a tab, an emoji, lone surrogates,
 * numbers, booleans, lists and nested values (as 2bc8f89e made them), and the content keys held to the
 * code that made them then for any body (their sorted JSON is now written with loops, issue 13).
 */
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { contentKeysOf } from '../../core/batch/fingerprint.ts';
import { partsOf } from '../../core/batch/near-edit.ts';
import type { CaseRequestCreateBody } from '../../core/api/types.ts';

const body = {
  case_type_id: 1,
  case_region_id: 3,
  created_on: '2026-11-23',
  budget_money: 13787.56,
  is_x: true,
  client: { name: 'Acme "Mutual" \\ Co', city: 'Zürich', country: 'US' },
  contact: { first_name: 'Dana', last_name: 'Nguyễn', email: 'dana@acme.example' },
  reference_value_2: 'a lone \udc00 low surrogate',
  notes: 'Line one\r\nline two\ttabbed 😀 and a lone \ud800 surrogate',
  case_services_list: [22, 7],
  custom_fields: [
    { id: 12, value: '2026-11-15' },
    { id: 13, value: { a: 1, b: [true, null] } },
    { id: 14, value: '' },
  ],
  subjects: [
    {
      subject_type_id: 1,
      is_primary: true,
      is_pinned: true,
      custom_fields: [
        { id: 11, value: { first_name: 'Sofía', last_name: 'Alvarez' } },
        { id: 14, value: '1986-03-03' },
      ],
    },
  ],
} as unknown as CaseRequestCreateBody;

/** The content key's text as fingerprint.ts made it before: keys sorted at every depth, by map and join. */
function formerStableJson(value: unknown, lineBreaks: boolean): string {
  if (Array.isArray(value)) return `[${value.map((item) => formerStableJson(item, lineBreaks)).join(',')}]`;
  if (value && typeof value === 'object')
    return `{${Object.keys(value)
      .sort()
      .map(
        (key) =>
          `${JSON.stringify(key)}:${formerStableJson((value as Record<string, unknown>)[key], lineBreaks)}`,
      )
      .join(',')}}`;
  if (lineBreaks && typeof value === 'string') return JSON.stringify(value.replace(/\r\n?/g, '\n'));
  return JSON.stringify(value ?? null);
}

const formerKey = (prefix: string, text: string) =>
  prefix + createHash('sha256').update(text).digest('hex').slice(0, 32);

describe("a create's digests in its journal intent", () => {
  it('are the ones journals already hold', () => {
    expect(partsOf(body)).toBe(
      '009cae24cb73366e763f248b441c9f4e841a4fbd7a585c425b11a169942f78c7d39ed3dba370c4a58a26ae5061b69c29cf953adf62b0f13725f2a318',
    );
    expect(contentKeysOf(body)).toEqual([
      'c2:6f01860d22c0dbc042a72dac5484ef9c',
      'c1:bcfacdebc28a39abdc5f6a8452d7544a',
    ]);
  });

  it('its content keys are the former ones for any body, undefined values and holes included', () => {
    // eslint-disable-next-line no-sparse-arrays
    const holey = { list: [1, , [undefined, 'x\r\ny']], gone: undefined, nested: { b: 2, a: null } };
    expect(contentKeysOf(holey as unknown as CaseRequestCreateBody)).toEqual([
      formerKey('c2:', formerStableJson(holey, true)),
      formerKey('c1:', formerStableJson(holey, false)),
    ]);
    const anything = fc.anything({ withSparseArray: true, withNullPrototype: true, withObjectString: true });
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.oneof(anything, fc.constant(undefined))), (fields) => {
        expect(contentKeysOf(fields as unknown as CaseRequestCreateBody)).toEqual([
          formerKey('c2:', formerStableJson(fields, true)),
          formerKey('c1:', formerStableJson(fields, false)),
        ]);
      }),
      { numRuns: 500 },
    );
  });
});
