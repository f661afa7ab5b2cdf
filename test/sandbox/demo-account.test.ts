import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DEMO_ACCOUNT_PATH, parseAccountFile } from '../../sandbox/index.ts';
import { isIsoDate, timestampBound } from '../../sandbox/dates.ts';

const account = parseAccountFile(JSON.parse(readFileSync(DEMO_ACCOUNT_PATH, 'utf8')), DEMO_ACCOUNT_PATH);

describe('samples/demo-account.json is what samples/README.md says', () => {
  it('is a version 1 account with credentials demo / demo-token and both settings off', () => {
    expect(account.version).toBe(1);
    expect(account.credentials[0]).toEqual({ username: 'demo', token: 'demo-token' });
    expect(account.settings).toEqual({ require_client_address: false, require_client_phone: false });
  });

  it('has five case types with reference labels, six regions with exactly one default, and the other lists', () => {
    expect(account.case_types.map((type) => type.name)).toEqual([
      'Surveillance',
      'Background Check',
      'Activity Check',
      'Skip Trace',
      'Recorded Statement',
    ]);
    expect(account.case_types.every((type) => type.reference_label_1)).toBe(true);
    expect(account.case_regions.filter((region) => region.is_default).map((region) => region.name)).toEqual([
      'Mountain West',
    ]);
    expect(account.case_services.map((item) => item.id)).toEqual([21, 22, 23, 24, 25, 26]);
    expect(account.case_flags.map((item) => item.id)).toEqual([31, 32, 33, 34]);
    expect(account.referral_sources.map((item) => item.id)).toEqual([41, 42, 43, 44]);
    expect(account.company_locations.map((item) => item.id)).toEqual([51, 52, 53]);
  });

  it('has subject types Claimant, Vehicle, Address, Employer whose fields with the case fields cover every type tag', () => {
    expect(account.subject_types.map((type) => type.name)).toEqual([
      'Claimant',
      'Vehicle',
      'Address',
      'Employer',
    ]);
    const tags = new Set(account.fields.map((field) => field.field_type_tag));
    expect([...tags].sort()).toEqual([
      'ADDRESS',
      'BIRTHDAY',
      'COUNTRY',
      'CURRENCY',
      'DATE',
      'EMAIL',
      'INPUT',
      'LINK',
      'LONG',
      'NAME',
      'NUMBER',
      'RADIO',
      'SELECT',
      'YESNO',
      'YESNONA',
    ]);
    const inputs = account.fields
      .filter((field) => field.field_type_tag === 'INPUT')
      .map((field) => field.name);
    expect(inputs).toEqual(expect.arrayContaining(['Phone', 'SSN']));
    const required = account.fields
      .filter((field) => field.is_required)
      .map((field) => `${field.id} ${field.name}`);
    expect(required).toEqual(['101 Name', '201 License Plate', '301 Address', '401 Employer Name']);
    expect(account.fields).toHaveLength(35);
    for (const type of account.case_types) expect(type.field_ids.length).toBeGreaterThan(0);
  });

  it('holds 36 requests REQ-00001..REQ-00036 received 2026-06 to 2026-11 across all six regions', () => {
    const requests = account.case_requests;
    expect(requests.map((request) => request.case_request_number)).toEqual(
      Array.from({ length: 36 }, (_, index) => `REQ-${String(index + 1).padStart(5, '0')}`),
    );
    const months = new Set(requests.map((request) => request.created_on.slice(0, 7)));
    expect([...months].sort()).toEqual(['2026-06', '2026-07', '2026-08', '2026-09', '2026-10', '2026-11']);
    expect(new Set(requests.map((request) => request.case_region_id)).size).toBe(6);
    expect(requests.some((request) => request.due_on === null)).toBe(true);
    for (const request of requests) {
      expect(isIsoDate(request.created_on)).toBe(true);
      expect(request.due_on === null || isIsoDate(request.due_on)).toBe(true);
      expect(request.updated_at >= request.created_at).toBe(true);
      expect(request.subjects.filter((subject) => subject.is_primary)).toHaveLength(1);
      expect(request.reference_value_1).toBeTruthy();
    }
  });
});

describe('dates the sandbox reads', () => {
  it('isIsoDate agrees with the calendar for every day of 1900-2100 and refuses what does not exist', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1900, max: 2100 }),
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 1, max: 31 }),
        (year, month, day) => {
          const text = `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
          const real = new Date(Date.UTC(year, month - 1, day)).getUTCDate() === day;
          expect(isIsoDate(text)).toBe(real);
        },
      ),
    );
    expect(isIsoDate('2026-7-1')).toBe(false);
    expect(isIsoDate('2026-07-01T00:00:00Z')).toBe(false);
  });

  it('timestampBound reads dates as whole days, plain UTC times, and ISO times with offsets', () => {
    expect(timestampBound('2026-07-01', 'start')).toBe('2026-07-01 00:00:00');
    expect(timestampBound('2026-07-01', 'end')).toBe('2026-07-01 23:59:59');
    expect(timestampBound('2026-07-01 10:15', 'end')).toBe('2026-07-01 10:15:59');
    expect(timestampBound('2026-07-01T10:15:30Z', 'start')).toBe('2026-07-01 10:15:30');
    expect(timestampBound('2026-07-01T00:15:30-02:00', 'start')).toBe('2026-07-01 02:15:30');
    expect(timestampBound('2026-02-30', 'start')).toBeNull();
    expect(timestampBound('2026-07-01 24:00:00', 'start')).toBeNull();
    expect(timestampBound('yesterday', 'start')).toBeNull();
  });
});
