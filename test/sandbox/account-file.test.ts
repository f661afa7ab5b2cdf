/**
 * A sandbox account written by hand (issue 14 point 8): the yes/no settings a person leaves out mean
 * no, so a region without `is_default`, an account without `settings` or a stored subject without
 * `is_primary` is a usable account, not an invalid file.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAccountFile, startSandbox } from '../../sandbox/index.ts';
import { call } from './helpers.ts';

const HAND_WRITTEN = {
  version: 1,
  credentials: [{ username: 'clerk', token: 'clerk-token' }],
  case_types: [
    {
      id: 1,
      name: 'Surveillance',
      reference_label_1: 'Claim Number',
      reference_label_2: null,
      reference_label_3: null,
      field_ids: [],
    },
  ],
  case_regions: [
    { id: 3, name: 'Mountain West' },
    { id: 4, name: 'Northeast' },
  ],
  case_services: [],
  case_flags: [],
  referral_sources: [],
  company_locations: [],
  subject_types: [{ id: 1, name: 'Claimant', field_ids: [] }],
  fields: [],
  case_requests: [],
};

describe('a hand-written sandbox account file', () => {
  it('reads left-out booleans as false: regions without is_default, no settings object', () => {
    const account = parseAccountFile(structuredClone(HAND_WRITTEN), 'account.json');
    expect(account.case_regions).toEqual([
      { id: 3, name: 'Mountain West', is_default: false },
      { id: 4, name: 'Northeast', is_default: false },
    ]);
    expect(account.settings).toEqual({ require_client_address: false, require_client_phone: false });
  });

  it('serves it over HTTP, regions with is_default false, and still refuses two defaults', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sandbox-hand-'));
    const file = join(dir, 'account.json');
    writeFileSync(file, JSON.stringify(HAND_WRITTEN));
    const sandbox = await startSandbox({ dataFile: file });
    try {
      const regions = await call(sandbox, 'GET', '/case/regions');
      expect(regions.status).toBe(200);
      expect(regions.body.map((region: { is_default: boolean }) => region.is_default)).toEqual([
        false,
        false,
      ]);
    } finally {
      await sandbox.close();
    }
    const twoDefaults = structuredClone(HAND_WRITTEN);
    twoDefaults.case_regions = twoDefaults.case_regions.map((region) => ({ ...region, is_default: true }));
    expect(() => parseAccountFile(twoDefaults, 'account.json')).toThrow(
      /at most one region can have is_default true \(found 2\)/,
    );
  });

  it('reads a stored subject without is_primary / is_pinned as neither', () => {
    const withRequest = {
      ...structuredClone(HAND_WRITTEN),
      case_requests: [
        {
          id: 1,
          case_request_number: 'CR-1',
          series_number: 1,
          case_type_id: 1,
          case_region_id: 3,
          company_location_id: null,
          referral_source_id: null,
          created_on: '2025-01-02',
          due_on: null,
          reference_value_1: 'CLM-1',
          reference_value_2: null,
          reference_value_3: null,
          case_location: null,
          budget_money: null,
          budget_hours: null,
          notes: null,
          scheduling_notes: null,
          admin_notes: null,
          client_id: null,
          location_id: null,
          primary_contact_id: null,
          primary_subject_id: null,
          client: { name: 'Acme', country: 'US' },
          contact: { last_name: 'Doe', email: 'doe@acme.example' },
          case_services_list: [],
          case_flags_list: [],
          custom_fields: [],
          subjects: [{ id: 1, subject_type_id: 1, custom_fields: [] }],
          created_at: '2025-01-02 10:00:00',
          updated_at: '2025-01-02 10:00:00',
        },
      ],
    };
    const account = parseAccountFile(withRequest, 'account.json');
    expect(account.case_requests[0]!.subjects[0]).toMatchObject({ is_primary: false, is_pinned: false });
  });
});
