/**
 * The searches made during a send are held to the pinned listings' rule (list-all.ts): a request the
 * account held all along is never on no page because one request left the list and another arrived
 * while it was read. Where it matters most, a create in doubt: the reconcile that decides whether it
 * landed must find it, or the row is sent twice. A search one page holds costs what it did (no pin),
 * and a pinned listing's page of what came since is neither asked twice nor counted as a page of the
 * list. Real HTTP: the sandbox behind a proxy that does what a colleague does
 * (test/batch/leaving-list-proxy.ts); the account's 100 requests were all entered in the last minutes,
 * as a busy morning's are, so the whole of a reconcile's window comes after any pin's bound.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTrackopsApi } from '../../core/api/client.ts';
import { listAllCaseRequests } from '../../core/api/list-all.ts';
import type { CaseRequestCreateBody, CaseRequestRecord, TrackopsApi } from '../../core/api/types.ts';
import { fingerprintOf } from '../../core/batch/fingerprint.ts';
import { findLostCreate } from '../../core/batch/reconcile.ts';
import { createPacer } from '../../core/pace/pacer.ts';
import {
  checkCostWords,
  checkDoneWords,
  findExisting,
  type CheckCost,
} from '../../core/validate/find-existing.ts';
import { startSandbox, type RunningSandbox } from '../../sandbox/index.ts';
import { startLeavingListProxy, type LeavingListProxy } from '../batch/leaving-list-proxy.ts';
import { createThroughApi, recentAccount, referralLike } from '../helpers/sandbox-api.ts';
import { CLI_CONNECTION_WORDS } from '../../cli/connection-words.ts';

const RECENT = 100;

let sandbox: RunningSandbox;
let proxy: LeavingListProxy;
let api: TrackopsApi;

function body(claim: string): CaseRequestCreateBody {
  return referralLike(sandbox.account().case_requests[0]!, claim);
}

/** A create through the sandbox's own API, as the lost send (or a colleague) made it. */
async function create(claim: string): Promise<CaseRequestRecord> {
  return createThroughApi(sandbox, body(claim));
}

/**
 * `count` requests entered one a second, ending half a minute ago (ids 1..count); the first `old` of
 * them an hour before, so before any pin's bound.
 */
async function start(count: number, old = 0): Promise<void> {
  const account = await recentAccount(count, old);
  sandbox = await startSandbox({ port: 0, rate: 1000, account });
  // The colleague takes request 50 out of the list and enters a referral once a full page is answered.
  proxy = await startLeavingListProxy(sandbox.baseUrl, {
    afterPage: 1,
    leaves: 50,
    arrive: async () => void (await create('CLM-NEW-000001')),
    after: (_page, records) => records === 100,
  });
  api = createTrackopsApi(
    { words: CLI_CONNECTION_WORDS, baseUrl: proxy.baseUrl, user: sandbox.username, token: sandbox.token },
    { pacer: createPacer({ ratePerSecond: 1000 }) },
  );
}

beforeEach(() => start(RECENT));
afterEach(async () => {
  await proxy.close();
  await sandbox.close();
});

describe('searches made during a send, on an account that changes while they read it', () => {
  it("a reconcile finds the create in doubt the shifted pages skip: the row's request, never sent twice", async () => {
    const at = new Date(Date.now() - 2000).toISOString();
    const lost = await create('CLM-LOST-0001');
    expect(lost.id).toBe(RECENT + 1);
    const intent = {
      type: 'intent' as const,
      row: 2,
      op: 'create' as const,
      at,
      fingerprint: fingerprintOf(body('CLM-LOST-0001')),
    };
    const found = await findLostCreate(api, intent, new Set());
    expect(
      sandbox.account().case_requests.some((record) => record.reference_value_1 === 'CLM-NEW-000001'),
    ).toBe(true);
    expect(found?.id).toBe(lost.id);
  });

  it("a reconcile narrowed by the row's key (one page) asks the count and one page, with no pin", async () => {
    const at = new Date(Date.now() - 2000).toISOString();
    const lost = await create('CLM-LOST-0002');
    const intent = {
      type: 'intent' as const,
      row: 2,
      op: 'create' as const,
      at,
      fingerprint: fingerprintOf(body('CLM-LOST-0002')),
      lookup: { filter: 'reference_value_1', value: 'CLM-LOST-0002' },
    };
    expect((await findLostCreate(api, intent, new Set()))?.id).toBe(lost.id);
    expect(proxy.asked).toHaveLength(2);
    expect(proxy.asked[0]).toContain('mode=count');
    expect(proxy.asked.some((asked) => asked.includes('created_to_system='))).toBe(false);
  });

  it('a listing longer than a page that no pin was given pins itself and reads what came since in windows of time', async () => {
    let pages = 0;
    const counting: TrackopsApi = {
      ...api,
      listCaseRequests: (filters, page, signal) => (pages++, api.listCaseRequests(filters, page, signal)),
    };
    const listed = await listAllCaseRequests(counting, { created_from_system: '2000-01-01 00:00:00' });
    const ids = new Set(listed.map((record) => record.id));
    // Every request the account held all along (50 left while it was read; 101 is the colleague's).
    for (let id = 1; id <= RECENT; id++) if (id !== 50) expect(ids.has(id), `id ${id}`).toBe(true);
    expect(ids.has(RECENT + 1)).toBe(true);
    expect(listed).toHaveLength(ids.size);
    // Requests entered one a second, listed in that order: a full window is cut just before the last
    // time its page gave, so the part before is that page's own (one answer) and the rest begins after
    // it: 3 pages here (the pinned part, counted empty, is not asked for its page: every request came
    // since), where halving the window's time asked 6.
    expect(pages).toBe(3);
  });
});

describe("the dry run's listing of the account", () => {
  it('one page: the count and the page, with no pin and no page of what came since', async () => {
    await proxy.close();
    await sandbox.close();
    await start(3);
    let cost: CheckCost | undefined;
    const keys = new Set(['CLM-RECENT-0002', 'X-1', 'X-2']);
    let checked: CheckCost | undefined;
    const found = await findExisting(api, 'reference_value_1', keys, {
      onCost: (told) => (cost = told),
      onCheckDone: (read) => (checked = read),
    });
    expect(found.byKey.get('CLM-RECENT-0002')?.map((record) => record.id)).toEqual([2]);
    expect(found.requests).toBe(2);
    expect(proxy.asked, proxy.asked.join('\n')).toHaveLength(2);
    expect(proxy.asked.some((asked) => /created_(to|from)_system=/.test(asked))).toBe(false);
    expect(checkCostWords(cost!, 1)).toBe(
      'checking 3 rows against 3 requests: a listing of the account in 1 page, about 2 s at 1/s',
    );
    expect(checkDoneWords(checked!)).toBe(
      '3 rows were checked against 3 requests with a listing of the account in 1 page',
    );
  });

  it("every request within the pin's margin: planned and said by the whole account's count, not the pinned part's 0", async () => {
    await proxy.close();
    await sandbox.close();
    await start(150);
    let cost: CheckCost | undefined;
    let checked: CheckCost | undefined;
    // Said before the listing, as the CLI and the app say it.
    let planned = '';
    const keys = new Set(['CLM-RECENT-0002', 'CLM-RECENT-0150', 'X-1', 'X-2', 'X-3']);
    const found = await findExisting(api, 'reference_value_1', keys, {
      onCost: (told) => {
        cost = told;
        planned = checkCostWords(told, 1);
      },
      onCheckDone: (read) => (checked = read),
    });
    expect(found.strategy).toBe('listing');
    expect(found.byKey.get('CLM-RECENT-0150')?.map((record) => record.id)).toEqual([150]);
    // The whole count, then the pinned part's (0), its empty page and what came since.
    expect(proxy.asked[0]).not.toContain('created_to_system=');
    expect(planned).toBe(
      'checking 5 rows against 150 requests: a listing of the account in 2 pages, and 1 page of what came since the count, about 5 s at 1/s',
    );
    expect(checkDoneWords(checked!)).toMatch(
      /^5 rows were checked against 15\d requests with a listing of the account in 1 page, and \d pages of what came since the count/,
    );
    // The plan told before is as it was told: words built from it after the listing (the app's cost
    // line at the end) are the words said before it, not "in 2 pages, and 3 pages of what came since".
    expect(Object.isFrozen(cost)).toBe(true);
    expect(checkCostWords(cost!, 1)).toBe(planned);
  });
});

describe("a pinned listing's page of what came since", () => {
  it('is not asked twice when the count says it was all of it, nor said as a page of the list', async () => {
    await proxy.close();
    await sandbox.close();
    // 100 requests, the first 40 entered before the pin's bound: the listing fills a page, so it is
    // pinned, and what came since (60) is one short page that its count says was all of it.
    await start(100, 40);
    let cost: CheckCost | undefined;
    const keys = new Set(['CLM-RECENT-0002', 'X-1', 'X-2']);
    const found = await findExisting(api, 'reference_value_1', keys, {
      onCheckDone: (read) => (cost = read),
    });
    expect(found.byKey.get('CLM-RECENT-0002')?.map((record) => record.id)).toEqual([2]);
    const since = proxy.asked.filter(
      (asked) => asked.includes('created_from_system=') && !asked.includes('mode=count'),
    );
    expect(since, proxy.asked.join('\n')).toHaveLength(1);
    // The account's count, the pinned part's, its page, the page since and that page's count.
    expect(found.requests).toBe(5);
    expect(proxy.asked).toHaveLength(5);
    expect(checkDoneWords(cost!)).toBe(
      '3 rows were checked against 100 requests with a listing of the account in 1 page, and 1 page of what came since the count',
    );
  });
});
