/**
 * A pinned listing (listing-pin.ts) whose server reads the time filters coarser than the second it is
 * sent (seed: "Created on or before the date, as determined by the system"): to the minute
 * (`created_to_system=… 11:55:30` as all of 11:55), or to the day (the time dropped). The pinned part
 * then gives requests entered after the bound, which used to be taken for a server that ignores the
 * filter: the listing stopped there and read nothing entered after the end of that minute or day (a
 * resume's own create in doubt sent again, an export short: test/cli/minute-filter.test.ts).
 * - to the minute: requests of the bound's own minute are the server keeping to the filter, coarser,
 *   and nothing is said or read again; what came since is read as on any server;
 * - to the day, listed just after midnight: the day's requests after the bound are past its minute (a
 *   server that seems to ignore the filter, said), and what came since is read all the same, so the
 *   requests entered after midnight are in the list;
 * - to the hour, with more than a page since the bound: what came since cannot be read in windows of
 *   time (each bounded by the filter the server reads to the hour: they came back full until refused),
 *   so it is read whole against its count;
 * - a server that ignores the pin's filter: the count of what came since shows the pinned part held
 *   it all, and it is not read twice;
 * - a server whose filters leave out their own second (`created_at < to`, `> from`): what came since
 *   begins a second before the bound, so a request stamped at the bound is read (it was on no page,
 *   both counts met).
 *
 * The server is a stand-in for such a Trackops (its pages, its count and its Date header): the sandbox
 * reads its filters to the second.
 */
import { describe, expect, it } from 'vitest';
import { listAllCaseRequests, pinnedWords, type ListingProgress } from '../../core/api/list-all.ts';
import { createServerClock } from '../../core/api/server-clock.ts';
import type { CaseRequestRecord, CaseRequestFilters, TrackopsApi } from '../../core/api/types.ts';

function stamp(millis: number): string {
  return new Date(millis).toISOString().slice(0, 19).replace('T', ' ');
}

/** What the server makes of a filter's time: to the minute or the day, from its start or to its end. */
type Coarsen = (text: string, edge: 'start' | 'end') => string;

const toMinute: Coarsen = (text, edge) => `${text.slice(0, 16)}:${edge === 'start' ? '00' : '59'}`;
const toDay: Coarsen = (text, edge) => `${text.slice(0, 10)} ${edge === 'start' ? '00:00:00' : '23:59:59'}`;

/** Requests stamped at `stamps`, listed by id, with the time filters read coarsened; the clock at `now`. */
function coarseServer(
  now: number,
  stamps: number[],
  coarsen: Coarsen,
  /** Both bounds left out of what they bound (`created_at > from AND created_at < to`). */
  exclusive = false,
): Pick<TrackopsApi, 'listCaseRequests' | 'countCaseRequests' | 'serverClock'> & { asked: string[] } {
  const clock = createServerClock(() => now);
  clock.observe(new Date(now).toUTCString());
  const records: CaseRequestRecord[] = stamps.map((at, index) => ({ id: index + 1, created_at: stamp(at) }));
  const kept = (filters: CaseRequestFilters): CaseRequestRecord[] => {
    const to = filters.created_to_system;
    const from = filters.created_from_system;
    return records.filter(
      (record) =>
        (to === undefined ||
          (exclusive
            ? String(record.created_at) < coarsen(to, 'end')
            : String(record.created_at) <= coarsen(to, 'end'))) &&
        (from === undefined ||
          (exclusive
            ? String(record.created_at) > coarsen(from, 'start')
            : String(record.created_at) >= coarsen(from, 'start'))),
    );
  };
  const part = (filters: CaseRequestFilters) =>
    filters.created_to_system ? 'to' : filters.created_from_system ? 'from' : 'all';
  const asked: string[] = [];
  return {
    serverClock: clock,
    asked,
    async countCaseRequests(filters, perPage) {
      asked.push(`count ${part(filters)}`);
      const counted = kept(filters).length;
      return { record_count: counted, page_count: Math.ceil(counted / perPage) };
    },
    async listCaseRequests(filters, page) {
      asked.push(`page ${page.page} ${part(filters)}`);
      return kept(filters).slice((page.page - 1) * page.perPage, page.page * page.perPage);
    },
  };
}

const seconds = (from: number, count: number, step = 1) =>
  Array.from({ length: count }, (_, index) => from + index * step * 1000);

describe('a pinned listing whose server reads its time filters coarser than the second', () => {
  it('to the minute: the bound’s own minute is no sign of an ignored filter, and what came since is read once', async () => {
    const now = Date.parse('2026-03-02T12:00:30Z');
    // An hour ago, then 30 in the pin's minute (bound 11:55:30) around the bound, then 10 since.
    const api = coarseServer(
      now,
      [
        ...seconds(Date.parse('2026-03-02T11:00:00Z'), 150),
        ...seconds(Date.parse('2026-03-02T11:55:00Z'), 30, 2),
        ...seconds(Date.parse('2026-03-02T11:58:00Z'), 10),
      ],
      toMinute,
    );
    let last: ListingProgress | undefined;
    const all = await listAllCaseRequests(api, {}, { onProgress: (progress) => (last = progress) });
    expect(all.map((record) => record.id)).toEqual(Array.from({ length: 190 }, (_, index) => index + 1));
    expect(api.asked).toEqual(['count all', 'count to', 'page 1 to', 'page 2 to', 'page 1 from']);
    expect(last?.pinned?.ignored).toBeUndefined();
    expect(last).toMatchObject({ expected: 180, received: 190 });
    expect(pinnedWords(last?.pinned, 'read')).toBeNull();
  });

  it('to the day, just after midnight: the requests entered since midnight are read, and the filter is said', async () => {
    const now = Date.parse('2026-03-03T00:02:00Z');
    // The evening before, then 20 in the minutes before midnight (the bound is 23:57:00), then 10 after it.
    const api = coarseServer(
      now,
      [
        ...seconds(Date.parse('2026-03-02T20:00:00Z'), 150),
        ...seconds(Date.parse('2026-03-02T23:58:00Z'), 20, 5),
        ...seconds(Date.parse('2026-03-03T00:00:10Z'), 10, 5),
      ],
      toDay,
    );
    let last: ListingProgress | undefined;
    const all = await listAllCaseRequests(api, {}, { onProgress: (progress) => (last = progress) });
    expect(all.map((record) => record.id)).toEqual(Array.from({ length: 180 }, (_, index) => index + 1));
    expect(api.asked).toEqual([
      'count all',
      'count to',
      'page 1 to',
      'page 2 to',
      // What came since, read all the same: from the start of the day, so read against its own count.
      'page 1 from',
      'count from',
      'page 2 from',
    ]);
    expect(last?.pinned?.ignored).toMatchObject({ filter: 'created_from_system', id: 1 });
    expect(last).toMatchObject({ expected: 180, received: 180 });
    expect(pinnedWords(last?.pinned, 'read')).toContain('the server seems to ignore that filter');
  });

  it("a server that ignores the pin's own filter and keeps to what came since: one page more, nothing read twice", async () => {
    const now = Date.parse('2026-03-02T12:00:30Z');
    const stamps = [
      ...seconds(Date.parse('2026-03-02T11:00:00Z'), 150),
      ...seconds(Date.parse('2026-03-02T11:58:00Z'), 10),
    ];
    const api = coarseServer(now, stamps, (text, edge) => (edge === 'end' ? '9999-12-31 23:59:59' : text));
    let last: ListingProgress | undefined;
    const all = await listAllCaseRequests(api, {}, { onProgress: (progress) => (last = progress) });
    expect(all).toHaveLength(160);
    expect(api.asked).toEqual(['count all', 'count to', 'page 1 to', 'page 2 to', 'page 1 from']);
    expect(last?.pinned?.ignored).toMatchObject({ filter: 'created_to_system', id: 151 });
    expect(pinnedWords(last?.pinned, 'read')).toContain('what came since was read after it');
  });

  it('to the hour, what came since longer than a page: read whole against its count, not in windows the filter cannot narrow', async () => {
    const now = Date.parse('2026-03-02T12:02:00Z');
    const toHour: Coarsen = (text, edge) => `${text.slice(0, 13)}:${edge === 'start' ? '00:00' : '59:59'}`;
    // Two hours ago, then 120 in the minutes before noon (the bound is 11:57:00), then 10 after noon.
    const api = coarseServer(
      now,
      [
        ...seconds(Date.parse('2026-03-02T10:00:00Z'), 150),
        ...seconds(Date.parse('2026-03-02T11:58:00Z'), 120),
        ...seconds(Date.parse('2026-03-02T12:00:10Z'), 10),
      ],
      toHour,
    );
    let last: ListingProgress | undefined;
    const all = await listAllCaseRequests(api, {}, { onProgress: (progress) => (last = progress) });
    expect(all.map((record) => record.id)).toEqual(Array.from({ length: 280 }, (_, index) => index + 1));
    expect(api.asked).toEqual([
      'count all',
      'count to',
      'page 1 to',
      'page 2 to',
      'page 3 to',
      'page 1 from',
      // More than the 120 the pinned part gave from the bound on: read whole.
      'count from',
      'page 2 from',
    ]);
    expect(last?.pinned?.ignored).toMatchObject({ filter: 'created_to_system', id: 151 });
    expect(last?.pinned).toMatchObject({ since: 10 });
  });

  it('a server that ignores the pin’s filter, with more than a page since the bound: its count shows the pinned part held it all', async () => {
    const now = Date.parse('2026-03-02T12:02:00Z');
    const api = coarseServer(
      now,
      [
        ...seconds(Date.parse('2026-03-02T10:00:00Z'), 150),
        ...seconds(Date.parse('2026-03-02T11:58:00Z'), 120),
      ],
      (text, edge) => (edge === 'end' ? '9999-12-31 23:59:59' : text),
    );
    const all = await listAllCaseRequests(api, {});
    expect(all).toHaveLength(270);
    expect(api.asked).toEqual([
      'count all',
      'count to',
      'page 1 to',
      'page 2 to',
      'page 3 to',
      'page 1 from',
      'count from',
    ]);
  });

  it('a server whose time filters leave out their own second: the request stamped at the bound is read', async () => {
    const now = Date.parse('2026-03-02T12:00:30Z');
    // An hour ago, then one stamped at the bound itself (11:55:30) and one the second before, then 10 since.
    const api = coarseServer(
      now,
      [
        ...seconds(Date.parse('2026-03-02T11:00:00Z'), 150),
        Date.parse('2026-03-02T11:55:29Z'),
        Date.parse('2026-03-02T11:55:30Z'),
        ...seconds(Date.parse('2026-03-02T11:58:00Z'), 10),
      ],
      (text) => text,
      true,
    );
    let last: ListingProgress | undefined;
    const all = await listAllCaseRequests(api, {}, { onProgress: (progress) => (last = progress) });
    expect(all.map((record) => record.id)).toEqual(Array.from({ length: 162 }, (_, index) => index + 1));
    // What came since begins a second before the bound: one page, as on a server that keeps them.
    expect(api.asked).toEqual(['count all', 'count to', 'page 1 to', 'page 2 to', 'page 1 from']);
    expect(last?.pinned?.ignored).toBeUndefined();
  });
});
