/**
 * A listing whose server's count ignores a time filter its list keeps to (count-ignored-filter.ts):
 * the pages end short of the count twice, one count without the filter says as many, and the list is
 * read without it, the filter kept by the records' stamps. Where that cannot be done, the refusal names
 * the filter and what the server did, not only the numbers; a caller with a cheaper way
 * (refuseWhereCountDisagrees) is refused as before, with no count more.
 *
 * The server is a stand-in for such a Trackops (its pages, its count): the sandbox counts as it lists.
 * The whole path over real HTTP: test/cli/count-ignores-filter.test.ts.
 */
import { describe, expect, it } from 'vitest';
import {
  IncompleteListingError,
  listAllCaseRequests,
  type ListingProgress,
} from '../../core/api/list-all.ts';
import { createServerClock } from '../../core/api/server-clock.ts';
import type { CaseRequestRecord, CaseRequestFilters, TrackopsApi } from '../../core/api/types.ts';

const NOW = Date.parse('2026-03-02T12:00:00Z');
const FROM = '2026-03-02 11:50:00';

function stamp(millis: number): string {
  return new Date(millis).toISOString().slice(0, 19).replace('T', ' ');
}

/** 40 requests from an hour ago and 3 from the last minute; counts ignore `created_from_system`. */
function countDeafServer({ stamped = true, listShort = false } = {}): Pick<
  TrackopsApi,
  'listCaseRequests' | 'countCaseRequests'
> & { asked: string[] } {
  const records: CaseRequestRecord[] = [
    ...Array.from({ length: 40 }, (_, index) => ({ id: index + 1, at: NOW - 3600_000 + index * 1000 })),
    ...Array.from({ length: 3 }, (_, index) => ({ id: 41 + index, at: NOW - 60_000 + index * 1000 })),
  ].map(({ id, at }) => (stamped ? { id, created_at: stamp(at) } : { id }));
  const times = new Map(
    Array.from({ length: 43 }, (_, index) => [
      index + 1,
      stamp(index < 40 ? NOW - 3600_000 + index * 1000 : NOW - 60_000 + (index - 40) * 1000),
    ]),
  );
  const listed = (filters: CaseRequestFilters): CaseRequestRecord[] => {
    const from = filters.created_from_system;
    const kept = from === undefined ? records : records.filter((record) => times.get(record.id)! >= from);
    // A list that also drops one request it counts, whatever the filter: a paging that does not work.
    return listShort ? kept.slice(1) : kept;
  };
  const asked: string[] = [];
  return {
    asked,
    async countCaseRequests(filters, perPage) {
      asked.push(`count ${filters.created_from_system ? 'from' : 'all'}`);
      return { record_count: records.length, page_count: Math.ceil(records.length / perPage) };
    },
    async listCaseRequests(filters, page) {
      asked.push(`page ${page.page} ${filters.created_from_system ? 'from' : 'all'}`);
      return listed(filters).slice((page.page - 1) * page.perPage, page.page * page.perPage);
    },
  };
}

async function refusal(promise: Promise<unknown>): Promise<IncompleteListingError> {
  const error = await promise.then(
    () => null,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(IncompleteListingError);
  return error as IncompleteListingError;
}

describe('a count that ignores a filter the list keeps to', () => {
  it('is found by one count without the filter, and the list is read without it, the filter kept here', async () => {
    const server = countDeafServer();
    const records = await listAllCaseRequests(server, { created_from_system: FROM });
    expect(records.map((record) => record.id)).toEqual([41, 42, 43]);
    // Two readings short of the count (the short first page taken for a cap, so a second page), the
    // count without the filter, and the list without it, asked again by the page size asked.
    expect(server.asked).toEqual([
      'count from',
      'page 1 from',
      'page 2 from',
      'count from',
      'page 1 from',
      'page 2 from',
      'count all',
      'page 1 all',
    ]);
  });

  it('records without created_at: refused, naming the filter and what the server did', async () => {
    const error = await refusal(
      listAllCaseRequests(countDeafServer({ stamped: false }), { created_from_system: FROM }),
    );
    expect(error.message).toBe(
      `Trackops counted 43 requests when asked only for requests entered from ${FROM} on (created_from_system, UTC), ` +
        'as many as without that filter, while its list gave 3: its count seems to ignore that filter, and the list ' +
        'without it cannot be held to it here: request id 1 carries no created_at the tool can read. So the list for ' +
        `created_from_system=${FROM} cannot be read whole: nothing was left out silently. Run trackops-bulk check, and tell ` +
        'whoever runs Trackops that its count ignores this filter.',
    );
  });

  it('a list without the filter short of its count too: refused, naming the filter, then the numbers', async () => {
    const error = await refusal(
      listAllCaseRequests(countDeafServer({ listShort: true }), { created_from_system: FROM }),
    );
    expect(error.message).toMatch(
      new RegExp(
        `^Trackops counted 43 requests when asked only for requests entered from ${FROM} on \\(created_from_system, UTC\\), ` +
          'as many as without that filter, while its list gave 2: its count seems to ignore that filter\\. ' +
          "Read without that filter: Trackops's list in the account could not be read whole, twice: the server counted 43 case requests but its pages ended after 42",
      ),
    );
  });

  it('a caller with a cheaper way is refused as before, with no count more', async () => {
    const server = countDeafServer();
    await refusal(
      listAllCaseRequests(server, { created_from_system: FROM }, { refuseWhereCountDisagrees: true }),
    );
    expect(server.asked).toEqual([
      'count from',
      'page 1 from',
      'page 2 from',
      'count from',
      'page 1 from',
      'page 2 from',
    ]);
  });

  it("a pinned listing whose count ignores created_to_system keeps the caller's own bound, later than the pin's", async () => {
    const clock = createServerClock(() => NOW);
    clock.observe(new Date(NOW).toUTCString());
    // 150 an hour ago, 3 a minute ago (after the pin's bound), 2 after the caller's own bound.
    const times = [
      ...Array.from({ length: 150 }, (_, index) => NOW - 3600_000 + index * 1000),
      ...[60, 59, 58, 10, 5].map((seconds) => NOW - seconds * 1000),
    ];
    const records: CaseRequestRecord[] = times.map((at, index) => ({ id: index + 1, created_at: stamp(at) }));
    const within = (filters: CaseRequestFilters, record: CaseRequestRecord): boolean =>
      (!filters.created_to_system || String(record.created_at) <= filters.created_to_system) &&
      (!filters.created_from_system || String(record.created_at) >= filters.created_from_system);
    const server: Pick<TrackopsApi, 'listCaseRequests' | 'countCaseRequests' | 'serverClock'> = {
      serverClock: clock,
      async countCaseRequests(filters, perPage) {
        const { created_to_system: _ignored, ...counted } = filters;
        const count = records.filter((record) => within(counted, record)).length;
        return { record_count: count, page_count: Math.ceil(count / perPage) };
      },
      async listCaseRequests(filters, page) {
        const listed = records.filter((record) => within(filters, record));
        return listed.slice((page.page - 1) * page.perPage, page.page * page.perPage);
      },
    };
    let last: ListingProgress | null = null;
    const listed = await listAllCaseRequests(
      server,
      { created_to_system: stamp(NOW - 30_000) },
      { onProgress: (progress) => (last = progress) },
    );
    expect(listed.map((record) => record.id).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 153 }, (_, index) => index + 1),
    );
    expect((last as ListingProgress | null)?.countIgnored).toMatchObject({
      filter: 'created_to_system',
      counted: 155,
      listed: 150,
      keptByTool: true,
    });
  });
});
