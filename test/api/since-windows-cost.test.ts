/**
 * What a listing's windows of what came since its pin cost (list-all.ts), where issue 13's benchmark
 * paid most: an upsert's first check, its window holding 400 requests written seconds before at 2,000
 * a second. A window's full page wholly in one second: that second holds a page or more, and is read by
 * its count and its pages at once (before, its first page was asked once more only to show it full). A
 * page of what changed, listed by id, whose latest requests are its lowest ids (the run's own writes):
 * cut where its times leave the widest gap (before, a second at a time from its latest). A pinned part
 * counted empty, of a listing with a start of its own: its page is not asked, what came since is read
 * from that start. Real HTTP against the sandbox, counted by the sandbox.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createTrackopsApi } from '../../core/api/client.ts';
import { listAllCaseRequests } from '../../core/api/list-all.ts';
import { createServerClock } from '../../core/api/server-clock.ts';
import type { CaseRequestFilters, CaseRequestRecord, TrackopsApi } from '../../core/api/types.ts';
import { createPacer } from '../../core/pace/pacer.ts';
import { startSandbox, type RunningSandbox } from '../../sandbox/index.ts';
import { recentAccount } from '../helpers/sandbox-api.ts';
import { CLI_CONNECTION_WORDS } from '../../cli/connection-words.ts';

let sandbox: RunningSandbox | undefined;
afterEach(async () => {
  await sandbox?.close();
  sandbox = undefined;
});

const stamp = (millis: number) => new Date(millis).toISOString().slice(0, 19).replace('T', ' ');

/** The second two minutes ago (after any pin's bound, 5 minutes back), where 150 requests are stamped. */
const crowdedSecond = () => Math.floor(Date.now() / 1000) * 1000 - 120_000;

/**
 * 200 requests entered in the last three minutes: 20 one a second, then 150 in one second (an import
 * at full speed), then 30 one a second.
 */
async function crowdedAccount(): Promise<void> {
  const account = await recentAccount(200);
  const crowded = crowdedSecond();
  for (const record of account.case_requests) {
    const at =
      record.id <= 20
        ? crowded - (21 - record.id) * 1000
        : record.id <= 170
          ? crowded
          : crowded + (record.id - 170) * 1000;
    record.created_at = stamp(at);
    record.updated_at = stamp(at);
  }
  sandbox = await startSandbox({ port: 0, rate: 1000, account });
}

/**
 * The same 200 requests changed in the last three minutes, not in the order of their ids: the first 150
 * in one second (an update at full speed), 151-170 one a second before it, 171-200 one a second after.
 * A page of what changed (listed by id) then lies wholly in that second, which is not its window's first.
 */
async function crowdedChanges(): Promise<void> {
  const account = await recentAccount(200);
  const crowded = crowdedSecond();
  for (const record of account.case_requests) {
    const at =
      record.id <= 150
        ? crowded
        : record.id <= 170
          ? crowded - (171 - record.id) * 1000
          : crowded + (record.id - 170) * 1000;
    record.updated_at = stamp(at);
  }
  sandbox = await startSandbox({ port: 0, rate: 1000, account });
}

/**
 * 200 requests changed in the last minutes, as an update's check finds them: 41-200 one a second from
 * 200 s ago (a colleague's import), and 1-40, the lowest ids, in the last two of those seconds half a
 * minute ago (this run's own latest writes: 1-4 in one second, 5-40 in the next).
 */
async function ownLatestWrites(): Promise<void> {
  const account = await recentAccount(200);
  const now = Math.floor(Date.now() / 1000) * 1000;
  for (const record of account.case_requests) {
    const at =
      record.id <= 4
        ? now - 30_000
        : record.id <= 40
          ? now - 29_000
          : now - 200_000 + (record.id - 41) * 1000;
    record.updated_at = stamp(at);
  }
  sandbox = await startSandbox({ port: 0, rate: 1000, account });
}

/** A client of the running sandbox, and the requests the sandbox answered while `run` ran. */
async function counted<T>(run: (api: ReturnType<typeof createTrackopsApi>) => Promise<T>) {
  const api = createTrackopsApi(
    {
      words: CLI_CONNECTION_WORDS,
      baseUrl: sandbox!.baseUrl,
      user: sandbox!.username,
      token: sandbox!.token,
    },
    { pacer: createPacer({ ratePerSecond: 1000 }) },
  );
  const before = sandbox!.stats().requests;
  const value = await run(api);
  return { value, requests: sandbox!.stats().requests - before };
}

describe('a second of what came since that a page cannot hold', () => {
  it('is read by its count and its pages, its first page not asked again only to show it full', async () => {
    await crowdedAccount();
    const { value: listed, requests } = await counted((api) =>
      listAllCaseRequests(api, { created_from_system: stamp(Date.now() - 600_000) }),
    );
    expect(new Set(listed.map((record) => record.id)).size).toBe(200);
    expect(listed).toHaveLength(200);
    // The count; the pinned part's count (0: all came since); what came since: its first
    // page (ids 1-100), the 20 before the crowded second (one page), the part from that second on (a
    // full page, all of that second), the second itself by its count and 2 pages, the 30 after it (one
    // page). 9 requests; 11 before (the pinned part's page, and the crowded second's first page asked
    // again before its count).
    expect(requests).toBe(9);
  });

  it('lying after the start of its window: split out at once, the page of what follows not asked to show it again', async () => {
    await crowdedChanges();
    const { value: listed, requests } = await counted((api) =>
      listAllCaseRequests(api, { updated_from: stamp(Date.now() - 600_000) }),
    );
    expect(new Set(listed.map((record) => record.id)).size).toBe(200);
    expect(listed).toHaveLength(200);
    // The count; the pinned part's count (0); what came since: its first page (ids 1-100,
    // all of the crowded second), the 20 before that second (one page), the second by its count and 2
    // pages, the 30 after it (one page). 8 requests; before, 11: the pinned part's page, and the part
    // from the crowded second on asked for its first page, the same 100 requests, then the second alone
    // once more.
    expect(requests).toBe(8);
  });
});

describe('a page of what changed, listed by id, whose latest requests are its lowest ids', () => {
  it('is cut where its times leave the widest gap, not a second at a time from its latest', async () => {
    await ownLatestWrites();
    const { value: listed, requests } = await counted((api) =>
      listAllCaseRequests(api, { updated_from: stamp(Date.now() - 600_000) }),
    );
    expect(new Set(listed.map((record) => record.id)).size).toBe(200);
    expect(listed).toHaveLength(200);
    // The count; the pinned part's count (0); what came since: its first page (ids 1-100:
    // 1-40 of half a minute ago, 41-100 of minutes before), cut between the two: the older part's page
    // (ids 41-140, in the order of their times), its part before that page's last second (one page) and
    // the rest (one page), then the latest writes with what may come after them (one page). 7 requests;
    // before, 10: the pinned part's page, and, cut just before its latest second, the older part's page
    // held ids 1-4 again, and was cut once more before it showed others.
    expect(requests).toBe(7);
  });
});

/**
 * A stand-in for a Trackops whose count lags its list (explore 12 item 2): the sandbox's count never
 * does. It keeps to its time filters and lists by id; its count of the pinned part says 0 while its
 * list holds one request there.
 */
function laggingCountServer(now: number) {
  const clock = createServerClock(() => now);
  clock.observe(new Date(now).toUTCString());
  const records: CaseRequestRecord[] = [
    // Ten minutes ago: before the pin's bound (5 minutes back), in the pinned part.
    { id: 1, created_at: stamp(now - 600_000) },
    // The last two and a half minutes, one a second.
    ...Array.from({ length: 150 }, (_, index) => ({
      id: 2 + index,
      created_at: stamp(now - 150_000 + index * 1000),
    })),
  ];
  const within = (filters: CaseRequestFilters) => (record: CaseRequestRecord) =>
    (!filters.created_from_system || String(record.created_at) >= filters.created_from_system) &&
    (!filters.created_to_system || String(record.created_at) <= filters.created_to_system);
  let asked = 0;
  const api: Pick<TrackopsApi, 'listCaseRequests' | 'countCaseRequests' | 'serverClock'> = {
    serverClock: clock,
    async countCaseRequests(filters, perPage) {
      asked += 1;
      const counted = filters.created_to_system ? 0 : records.filter(within(filters)).length;
      return { record_count: counted, page_count: Math.ceil(counted / perPage) };
    },
    async listCaseRequests(filters, page) {
      asked += 1;
      return records.filter(within(filters)).slice((page.page - 1) * page.perPage, page.page * page.perPage);
    },
  };
  return { api, asked: () => asked };
}

describe('a pinned part counted empty, of a listing with a start of its own', () => {
  it('is not asked for its page, and a request there that a lagging count left out is read all the same', async () => {
    const now = Date.parse('2026-03-02T12:00:00Z');
    const server = laggingCountServer(now);
    const listed = await listAllCaseRequests(server.api, { created_from_system: stamp(now - 1200_000) });
    expect(listed.map((record) => record.id)).toEqual(Array.from({ length: 151 }, (_, index) => index + 1));
    // The count; the pinned part's count (0); what came since, read from the listing's own start: its
    // first page (ids 1-100), the part before that page's last second (one page: 1-99), the rest (one
    // page). Before, 757: the pinned part's page was asked, and its one request against a count of 0
    // was taken for a server that caps its pages at 1, so what came since was read a request a page.
    expect(server.asked()).toBe(5);
  });
});
