/**
 * A second a page cannot hold, in what came since a listing's pin (list-all.ts readInWindows): when a
 * window's full page lies wholly in its first second, that second holds a page or more, and it is read
 * by its count and its pages at once. Before, its first page was asked once more only to show it full:
 * one request more for each such second (issue 13's benchmark: an upsert's first check, 2,000 requests
 * a second written just before it, asked two). Real HTTP against the sandbox, counted by the sandbox.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createTrackopsApi } from '../../core/api/client.ts';
import { listAllCaseRequests } from '../../core/api/list-all.ts';
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
    // The count; the pinned part's count and page (empty: all came since); what came since: its first
    // page (ids 1-100), the 20 before the crowded second (one page), the part from that second on (a
    // full page, all of that second), the second itself by its count and 2 pages, the 30 after it (one
    // page). 10 requests; 11 when the crowded second's first page was asked again before its count.
    expect(requests).toBe(10);
  });

  it('lying after the start of its window: split out at once, the page of what follows not asked to show it again', async () => {
    await crowdedChanges();
    const { value: listed, requests } = await counted((api) =>
      listAllCaseRequests(api, { updated_from: stamp(Date.now() - 600_000) }),
    );
    expect(new Set(listed.map((record) => record.id)).size).toBe(200);
    expect(listed).toHaveLength(200);
    // The count; the pinned part's count and page (empty); what came since: its first page (ids 1-100,
    // all of the crowded second), the 20 before that second (one page), the second by its count and 2
    // pages, the 30 after it (one page). 9 requests; before, 11: the part from the crowded second on was
    // asked for its first page, the same 100 requests, and then the second alone once more.
    expect(requests).toBe(9);
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
    // The count; the pinned part's count and page (empty); what came since: its first page (ids 1-100:
    // 1-40 of half a minute ago, 41-100 of minutes before), cut between the two: the older part's page
    // (ids 41-140, in the order of their times), its part before that page's last second (one page) and
    // the rest (one page), then the latest writes with what may come after them (one page). 8 requests;
    // before, 10: cut just before its latest second, the older part's page held ids 1-4 again, and was
    // cut once more before it showed others.
    expect(requests).toBe(8);
  });
});
