/**
 * Issue 12: a reference list the account does not give turns off only the checks that need it; the
 * dry run says which (skippedChecks). Ids pass unchecked, names are refused naming the list and how to
 * point the tool at it; a SELECT/RADIO whose choices could not be read accepts any value, and says so.
 */
import { describe, expect, it } from 'vitest';
import { parseMapping, skippedChecks, validateRows, type AccountReference } from '../../core/index.ts';
import { collect, demoReference, sheetOf } from './helpers.ts';

const mapping = parseMapping(
  {
    version: 1,
    mode: 'create',
    constants: { case_type_id: 1, 'client.country': 'US', 'contact.email': 'a@example.com' },
    columns: [
      { column: 'Region', target: 'case_region_id', lookup: 'case_regions' },
      { column: 'Source', target: 'referral_source_id' },
      { column: 'Priority', target: 'custom_fields.12' },
      { column: 'Received', target: 'created_on' },
      { column: 'Client', target: 'client.name' },
      { column: 'Last', target: 'contact.last_name' },
    ],
  },
  'gaps.json',
);
const headers = ['Region', 'Source', 'Priority', 'Received', 'Client', 'Last'];

function withGaps(change: (reference: AccountReference) => void): AccountReference {
  const reference = demoReference();
  change(reference);
  return reference;
}

describe('checks turned off one list at a time', () => {
  it('regions missing: a region id passes unchecked, a region name is refused saying why and what to do', async () => {
    const reference = withGaps((ref) => {
      ref.case_regions = [];
      ref.unavailable = { case_regions: 'GET case/regions answered 404 (not found)' };
    });
    const rows = sheetOf(headers, [
      ['3', '41', 'High', '2026-07-01', 'Summit', 'Doe'],
      ['Mountain West', '41', 'High', '2026-07-01', 'Summit', 'Doe'],
    ]);
    const [byId, byName] = await collect(validateRows(rows, mapping, { reference }));
    expect(byId!.status).toBe('valid');
    expect(byName!.status).toBe('invalid');
    expect(byName!.problems).toEqual([
      expect.objectContaining({
        code: 'lookup_unavailable',
        column: 'Region',
        message:
          "Region 'Mountain West' cannot be looked up: GET case/regions answered 404 (not found); give the id instead, or say where the account serves its case regions (--reference-path case_regions=PATH)",
      }),
    ]);
    // Other lists still check: an unknown referral source id is refused as before.
    const other = await collect(
      validateRows(sheetOf(headers, [['3', '49', 'High', '2026-07-01', 'Summit', 'Doe']]), mapping, {
        reference,
      }),
    );
    expect(other[0]!.problems.map((problem) => problem.code)).toEqual(['id_not_found']);
    expect(
      skippedChecks({ reference, settings: { require_client_address: false, require_client_phone: false } }),
    ).toEqual([
      "The account's case regions could not be read (GET case/regions answered 404 (not found)): region names cannot be resolved (rows giving names are refused) and region ids were not checked. If the account serves them elsewhere, give --reference-path case_regions=PATH (or run trackops-bulk check)",
    ]);
  });

  it('field definitions missing: custom fields are checked as offline, not refused as unknown', async () => {
    const reference = withGaps((ref) => {
      ref.fields = [];
      ref.unavailable = { fields: 'GET fields answered 404 (not found)' };
    });
    const [row] = await collect(
      validateRows(sheetOf(headers, [['1', '41', 'Anything', '2026-07-01', 'Summit', 'Doe']]), mapping, {
        reference,
      }),
    );
    expect(row!.status).toBe('valid');
    expect(skippedChecks({ reference })[0]).toMatch(
      /^The account's fields could not be read .*custom fields were not checked/,
    );
  });

  it('a SELECT without readable choices accepts any value and the dry run says it could not check', async () => {
    const reference = withGaps((ref) => {
      const priority = ref.fields.find((field) => field.id === 12)!;
      delete priority.choices;
      priority.choicesRead = 'unreadable';
    });
    const [row] = await collect(
      validateRows(sheetOf(headers, [['1', '41', 'Whenever', '2026-07-01', 'Summit', 'Doe']]), mapping, {
        reference,
      }),
    );
    expect(row!.status).toBe('valid');
    expect((row!.body as { custom_fields: unknown[] }).custom_fields).toEqual([
      { id: 12, value: 'Whenever' },
    ]);
    expect(skippedChecks({ reference })).toContain(
      'The choices of "Priority" (12) could not be read from the account: any value was accepted for them here (Trackops checks them when the row is sent)',
    );
    // With its choices, the same value is refused as before.
    const [checked] = await collect(
      validateRows(sheetOf(headers, [['1', '41', 'Whenever', '2026-07-01', 'Summit', 'Doe']]), mapping, {
        reference: demoReference(),
      }),
    );
    expect(checked!.problems.map((problem) => problem.code)).toEqual(['invalid_choice']);
  });
});
