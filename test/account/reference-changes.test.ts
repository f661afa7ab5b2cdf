/**
 * core's referenceChangesUnder names, among what request bodies were built from, what an account changed
 * between two reads of its lists (explore 34 item 1), and nothing the bodies do not use. The reads are
 * the demo account's lists as the client reads them from the sandbox over HTTP, then changed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  connectAccount,
  readAccountReference,
  referenceChangesUnder,
  type AccountReference,
  type CaseRequestCreateBody,
} from '../../core/index.ts';
import { startSandbox, type RunningSandbox } from '../../sandbox/index.ts';
import { CLI_CONNECTION_WORDS } from '../../cli/connection-words.ts';

let sandbox: RunningSandbox;
let before: AccountReference;

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, rate: 1000 });
  const { api } = connectAccount(
    { words: CLI_CONNECTION_WORDS, baseUrl: sandbox.baseUrl, user: sandbox.username, token: sandbox.token },
    { pace: { ratePerSecond: 1000, concurrency: 1 } },
  );
  before = await readAccountReference(api, { baseUrl: sandbox.baseUrl, words: CLI_CONNECTION_WORDS });
});
afterAll(() => sandbox.close());

/** A create in region 4 (Midwest) with service 24 (Skip Trace), Priority High and a Claimant group. */
const body: CaseRequestCreateBody = {
  case_type_id: 1,
  case_region_id: 4,
  created_on: '2026-12-01',
  client: { name: 'Acme Mutual', country: 'US' },
  contact: { last_name: 'Whitfield', email: 'dana@acme.example' },
  case_services_list: [24],
  custom_fields: [{ id: 12, value: 'High' }],
  subjects: [
    {
      subject_type_id: 1,
      is_primary: true,
      is_pinned: true,
      custom_fields: [{ id: 101, value: { first_name: 'Terrence', last_name: 'Brooks' } }],
    },
  ],
};

const changed = (change: (reference: AccountReference) => void): AccountReference => {
  const now = structuredClone(before);
  change(now);
  return now;
};

describe('what the bodies were built from', () => {
  it('the same lists read again: no change', () => {
    expect(referenceChangesUnder(before, structuredClone(before), [body])).toEqual([]);
  });

  it('changes no body uses are not named (another region renamed, a service added)', () => {
    const now = changed((reference) => {
      reference.case_regions.find((region) => region.id === 5)!.name = 'North East';
      reference.case_services.push({ id: 27, name: 'Asset Search' });
    });
    expect(referenceChangesUnder(before, now, [body])).toEqual([]);
  });

  it('an id removed, a name given to a second record, a field removed', () => {
    const now = changed((reference) => {
      reference.case_services = reference.case_services.filter((service) => service.id !== 24);
      reference.case_regions.push({ id: 8, name: 'midwest ' });
      reference.fields = reference.fields.filter((field) => field.id !== 12);
    });
    expect(referenceChangesUnder(before, now, [body])).toEqual([
      "a second case region is now called 'Midwest' (ids 4 and 8)",
      "service 'Skip Trace' (id 24) is no longer in the account",
      "the field 'Priority' (field 12) is no longer in the account",
    ]);
  });

  it('a name two records shared already when the rows were checked is no change (explore 37)', () => {
    const shared = structuredClone(before);
    shared.case_regions.push({ id: 8, name: 'Midwest' });
    expect(referenceChangesUnder(shared, structuredClone(shared), [body])).toEqual([]);
    // A third record taking the name since is.
    const now = structuredClone(shared);
    now.case_regions.push({ id: 9, name: 'MIDWEST' });
    expect(referenceChangesUnder(shared, now, [body])).toEqual([
      "a second case region is now called 'Midwest' (ids 4 and 9)",
    ]);
  });

  it('a list that cannot be read now is said, not taken as unchanged', () => {
    const now = changed((reference) => {
      reference.unavailable = { case_regions: '404 Not Found' };
      reference.case_regions = [];
    });
    expect(referenceChangesUnder(before, now, [body])).toEqual([
      "the account's case region list could not be read now (404 Not Found), so the case regions the rows name cannot be confirmed",
    ]);
  });
});
