/**
 * A pinned listing (listing-pin.ts) whose server keeps to `created_to_system` but ignores
 * `created_from_system`: asked for what came since the bound, it answers with the whole list. Before,
 * the listing saw a record from before the bound, said the filter was ignored, and stopped: nothing
 * entered in the last minutes was read, and a resume's search for its own create in doubt sent the row
 * again (test/cli/since-filter-ignored.test.ts). Now what came since is read from that whole list,
 * against its own count; a caller with a cheaper way (the check while sending: a look-up per row left)
 * asks the listing to stop there instead.
 *
 * The server is a stand-in for such a Trackops (its pages, its count and its Date header): the sandbox
 * honours its filters and cannot be made to ignore one.
 */
import { describe, expect, it } from 'vitest';
import { listAllCaseRequests, pinnedWords, type ListingProgress } from '../../core/api/list-all.ts';
import { createServerClock } from '../../core/api/server-clock.ts';
import type { CaseRequestRecord, CaseRequestFilters, TrackopsApi } from '../../core/api/types.ts';

const NOW = Date.parse('2026-03-02T12:00:00Z');

function stamp(millis: number): string {
  return new Date(millis).toISOString().slice(0, 19).replace('T', ' ');
}

/** 150 requests from an hour ago and 30 from the last minute; `created_from_system` does nothing. */
function fromDeafServer({ stamped }: { stamped: boolean } = { stamped: true }): Pick<
  TrackopsApi,
  'listCaseRequests' | 'countCaseRequests' | 'serverClock'
> & {
  asked: string[];
} {
  const clock = createServerClock(() => NOW);
  clock.observe(new Date(NOW).toUTCString());
  const records: CaseRequestRecord[] = [
    ...Array.from({ length: 150 }, (_, index) => ({
      id: index + 1,
      created_at: stamp(NOW - 3600_000 + index * 1000),
    })),
    ...Array.from({ length: 30 }, (_, index) => ({
      id: 151 + index,
      created_at: stamp(NOW - 60_000 + index * 1000),
    })),
  ];
  const kept = (filters: CaseRequestFilters): CaseRequestRecord[] => {
    const to = filters.created_to_system;
    return to === undefined ? records : records.filter((record) => String(record.created_at) <= to);
  };
  const asked: string[] = [];
  return {
    serverClock: clock,
    asked,
    async countCaseRequests(filters, perPage) {
      asked.push(`count ${filters.created_to_system ? 'to' : filters.created_from_system ? 'from' : 'all'}`);
      const counted = kept(filters).length;
      return { record_count: counted, page_count: Math.ceil(counted / perPage) };
    },
    async listCaseRequests(filters, page) {
      asked.push(
        `page ${page.page} ${filters.created_to_system ? 'to' : filters.created_from_system ? 'from' : 'all'}`,
      );
      const listed = kept(filters).slice((page.page - 1) * page.perPage, page.page * page.perPage);
      // A list that leaves the stamps out (it keeps to created_to_system by its own all the same).
      return stamped ? listed : listed.map(({ id }) => ({ id }));
    },
  };
}

describe('a pinned listing whose server ignores created_from_system', () => {
  it('reads what came since in the whole list the server gives instead: every request once', async () => {
    const api = fromDeafServer();
    let last: ListingProgress | undefined;
    const all = await listAllCaseRequests(api, {}, { onProgress: (progress) => (last = progress) });
    expect(all.map((record) => record.id)).toEqual(Array.from({ length: 180 }, (_, index) => index + 1));
    expect(api.asked).toEqual([
      'count all',
      'count to',
      'page 1 to',
      'page 2 to',
      // What came since: its first page shows the filter ignored; the rest is read against its count.
      'page 1 from',
      'count from',
      'page 2 from',
    ]);
    expect(last?.pinned?.ignored).toMatchObject({ filter: 'created_from_system', id: 1 });
    expect(last).toMatchObject({ expected: 180, received: 180, pages: 4 });
    const words = pinnedWords(last?.pinned, 'checked')!;
    expect(words).toMatch(
      /^Trackops's list gave id 1, entered 2026-03-02 11:00:00, when asked only for requests entered from 2026-03-02 11:55:00 on \(created_from_system, UTC\)/,
    );
    expect(words).toContain('what came since was looked for in the whole list it gives instead');
    expect(words).toContain("could only be checked against Trackops's count");
  });

  it('stops after the pinned part when its caller asks (it looks up what it needs another way)', async () => {
    const api = fromDeafServer();
    let last: ListingProgress | undefined;
    const all = await listAllCaseRequests(
      api,
      {},
      {
        stopWhereSinceIgnored: true,
        onProgress: (progress) => (last = progress),
      },
    );
    expect(all).toHaveLength(150);
    expect(api.asked).toEqual(['count all', 'count to', 'page 1 to', 'page 2 to', 'page 1 from']);
    expect(last?.pinned?.ignored).toMatchObject({ filter: 'created_from_system' });
  });

  it('sees the filter ignored on records without created_at by a full page it had listed before, and reads what came since whole', async () => {
    // Before, windows of time were cut on a list that never narrowed: 200 of them, then refused.
    const api = fromDeafServer({ stamped: false });
    let last: ListingProgress | undefined;
    const all = await listAllCaseRequests(api, {}, { onProgress: (progress) => (last = progress) });
    expect(all.map((record) => record.id)).toEqual(Array.from({ length: 180 }, (_, index) => index + 1));
    expect(api.asked).toEqual([
      'count all',
      'count to',
      'page 1 to',
      'page 2 to',
      'page 1 from',
      'count from',
      'page 2 from',
    ]);
    expect(last?.pinned?.ignored).toMatchObject({ filter: 'created_from_system', id: 1, unstamped: true });
    expect(pinnedWords(last?.pinned, 'checked')).toMatch(
      /^Trackops's list gave a full page of requests it had listed before \(id 1 first, its records without a created_at\), when asked only for requests entered from 2026-03-02 11:55:00 on \(created_from_system, UTC\): the server seems to ignore that filter/,
    );
  });
});
