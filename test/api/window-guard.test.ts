/**
 * The windows of time a pinned listing reads "what came since" in (list-all.ts readInWindows) end
 * whatever the server answers: a server whose time filters do nothing answers every window with the
 * same full page, and the reading is refused in plain words after a bounded number of requests, never
 * left running (explore 61: a listing that could not converge ran silently for 40 minutes).
 *
 * The server here is a stand-in for such a Trackops (its pages, its count and its Date header), not a
 * copy of ours: the sandbox honours its filters and cannot be made to ignore them.
 */
import { describe, expect, it } from 'vitest';
import { IncompleteListingError, listAllCaseRequests } from '../../core/api/list-all.ts';
import { createServerClock } from '../../core/api/server-clock.ts';
import type { CaseRequestRecord, CaseRequestFilters, TrackopsApi } from '../../core/api/types.ts';

const NOW = Date.parse('2026-03-02T12:00:00Z');

function stamp(millis: number): string {
  return new Date(millis).toISOString().slice(0, 19).replace('T', ' ');
}

/** 150 requests from an hour ago; and, asked for what came since, 100 stamped a minute ago, whatever the window. */
function filterDeafServer(): Pick<TrackopsApi, 'listCaseRequests' | 'countCaseRequests' | 'serverClock'> & {
  asks: () => number;
} {
  const clock = createServerClock(() => NOW);
  clock.observe(new Date(NOW).toUTCString());
  const old: CaseRequestRecord[] = Array.from({ length: 150 }, (_, index) => ({
    id: index + 1,
    created_at: stamp(NOW - 3600_000 + index * 1000),
  }));
  const recent: CaseRequestRecord[] = Array.from({ length: 100 }, (_, index) => ({
    id: 1001 + index,
    created_at: stamp(NOW - 60_000),
  }));
  const since = (filters: CaseRequestFilters): boolean => filters.created_from_system !== undefined;
  let asked = 0;
  return {
    serverClock: clock,
    asks: () => asked,
    async countCaseRequests(filters, perPage) {
      asked += 1;
      const counted = since(filters) ? recent.length : old.length;
      return { record_count: counted, page_count: Math.ceil(counted / perPage) };
    },
    async listCaseRequests(filters, page) {
      asked += 1;
      // What came since: the same full page for every window and page number (its filters do nothing).
      if (since(filters)) return recent;
      return old.slice((page.page - 1) * page.perPage, page.page * page.perPage);
    },
  };
}

describe('the windows of what came since a pin', () => {
  it('stop with a plain error after a bounded number of requests when the time filters do nothing', async () => {
    const api = filterDeafServer();
    const listing = listAllCaseRequests(api, {});
    await expect(listing).rejects.toBeInstanceOf(IncompleteListingError);
    await expect(listing).rejects.toThrow(/windows of time and its pages still came back full/);
    await expect(listing).rejects.toThrow(/Its time filters do not narrow the list as expected/);
    // The guard's allowance (200 windows, and 64 more per page of requests read) and their counts.
    expect(api.asks()).toBeLessThan(1000);
  });
});
