/**
 * A match found by a list filter is checked for exact equality, and "none" is believed only from a
 * listing that is evidently complete (issue 12): one request when the filter works; the whole filtered
 * listing, checked against its count, when the server's filter is loose or ignored.
 */
import { describe, expect, it } from 'vitest';
import { findExactMatches, keyEquals } from '../../core/api/find-exact.ts';
import type { CaseRequestRecord, TrackopsApi } from '../../core/api/types.ts';

type Lister = Pick<TrackopsApi, 'listCaseRequests' | 'countCaseRequests'>;

/** 30 requests; a filter on reference_value_1 applied exactly, as `LIKE '%x%'`, or not at all; capped at 25. */
function server(filter: 'exact' | 'contains' | 'ignored'): Lister & { requests: number } {
  const records: CaseRequestRecord[] = Array.from({ length: 30 }, (_, index) => ({
    id: index + 1,
    reference_value_1: index === 29 ? 'CLM-7-OLD' : `CLM-${index + 1}`,
  }));
  const select = (wanted: string | undefined) =>
    records.filter((record) => {
      if (wanted === undefined || filter === 'ignored') return true;
      const value = String(record.reference_value_1);
      return filter === 'exact' ? value === wanted : value.toLowerCase().includes(wanted.toLowerCase());
    });
  const api = {
    requests: 0,
    async countCaseRequests(filters, perPage) {
      api.requests += 1;
      const total = select(filters.reference_value_1).length;
      return { record_count: total, page_count: Math.ceil(total / perPage) };
    },
    async listCaseRequests(filters, page) {
      api.requests += 1;
      const size = Math.min(page.perPage, 25);
      return select(filters.reference_value_1).slice((page.page - 1) * size, page.page * size);
    },
  } satisfies Lister & { requests: number };
  return api;
}

const is = (value: string) => (record: CaseRequestRecord) => keyEquals(record.reference_value_1, value);

describe('exact matches through a filter the server may apply loosely', () => {
  it('an exact filter: one request, found or not', async () => {
    const api = server('exact');
    expect(
      (await findExactMatches(api, { reference_value_1: 'CLM-7' }, is('CLM-7'))).records.map((r) => r.id),
    ).toEqual([7]);
    expect((await findExactMatches(api, { reference_value_1: 'CLM-99' }, is('CLM-99'))).records).toEqual([]);
    expect(api.requests).toBe(2);
  });

  it('a loose filter never makes "CLM-7-OLD" the request of "CLM-7"', async () => {
    const found = await findExactMatches(server('contains'), { reference_value_1: 'CLM-7' }, is('CLM-7'));
    expect(found.records.map((record) => record.id)).toEqual([7]);
    expect(found.loose).toBe(1);
  });

  it('an ignored filter: the whole listing, past the cap, is searched before "none" is believed', async () => {
    const api = server('ignored');
    const found = await findExactMatches(api, { reference_value_1: 'CLM-28' }, is('CLM-28'));
    expect(found.records.map((record) => record.id)).toEqual([28]);
    expect(found.requests).toBe(api.requests);
    const none = await findExactMatches(api, { reference_value_1: 'CLM-99' }, is('CLM-99'));
    expect(none).toMatchObject({ records: [], loose: 30 });
  });
});
