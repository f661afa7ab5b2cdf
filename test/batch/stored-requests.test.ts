/**
 * The freshness check of the plan's records (issue 13): an `updated_from` count and the listing's first
 * page when nothing changed (a count of 0 alone is not believed: explore 12 item 2);
 * a listing of just what changed when that is fewer requests than the rows left, else one look-up per
 * row left; what changed replaces what the plan knew. Real HTTP against the sandbox.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTrackopsApi } from '../../core/api/client.ts';
import { StoredRequests } from '../../core/batch/stored-requests.ts';
import { createPacer } from '../../core/pace/pacer.ts';
import type { TrackopsApi } from '../../core/index.ts';
import { findExisting } from '../../core/validate/find-existing.ts';
import { loadDemoAccount, startSandbox, type RunningSandbox } from '../../sandbox/index.ts';
import { CLI_CONNECTION_WORDS } from '../../cli/connection-words.ts';

let sandbox: RunningSandbox;
let api: TrackopsApi;

beforeEach(async () => {
  const account = await loadDemoAccount();
  // Long before the test: only what the test changes is "updated since".
  for (const request of account.case_requests) request.updated_at = '2020-01-01 00:00:00';
  sandbox = await startSandbox({ port: 0, rate: 1000, account });
  api = createTrackopsApi(
    { words: CLI_CONNECTION_WORDS, baseUrl: sandbox.baseUrl, user: sandbox.username, token: sandbox.token },
    { pacer: createPacer({ ratePerSecond: 1000 }) },
  );
});
afterEach(() => sandbox.close());

const KEYS = ['CLM-2026-010400', 'CLM-2026-010437'];
const EARLIER = Date.now() - 120_000;

async function plan(): Promise<StoredRequests> {
  const keys = new Set(KEYS);
  const found = await findExisting(api, 'reference_value_1', keys, { expand: true, now: () => EARLIER });
  return new StoredRequests('reference_value_1', keys, found);
}

describe('StoredRequests.ensureFresh', () => {
  it('nothing changed: one count and one empty page', async () => {
    const stored = await plan();
    await stored.ensureFresh(api, { now: Date.now });
    expect([stored.checks, stored.requests]).toEqual([1, 2]);
    // Younger than the refresh age now: no second check.
    await stored.ensureFresh(api, { now: Date.now });
    expect(stored.checks).toBe(1);
  });

  it('a count of 0 that lags behind the list: the first page still finds the change', async () => {
    const stored = await plan();
    const [target] = stored.current(KEYS[0]!);
    await api.updateCaseRequest(target!.id, { notes: 'changed meanwhile' });
    // A server whose count comes from a replica that has not seen the change yet.
    const lagging = { ...api, countCaseRequests: async () => ({ record_count: 0, page_count: 0 }) };
    await stored.ensureFresh(lagging, { now: Date.now });
    // The count (0), the first page (1 record: more than counted, so maybe a capped page), the next page
    // (empty: the end), the count again (still 0: said by the listing, not believed over it).
    expect(stored.requests).toBe(4);
    expect(stored.current(KEYS[0]!)[0]!.notes).toBe('changed meanwhile');
  });

  it('a few changed: one count and one page of them; the change replaces what the plan knew', async () => {
    const stored = await plan();
    const [target] = stored.current(KEYS[0]!);
    await api.updateCaseRequest(target!.id, { notes: 'changed meanwhile' });
    await api.updateCaseRequest(20, { notes: 'another request' });
    await stored.ensureFresh(api, { now: Date.now });
    expect(stored.requests).toBe(2);
    expect(stored.current(KEYS[0]!)[0]!.notes).toBe('changed meanwhile');
    expect(stored.planned(KEYS[0]!)[0]!.notes).not.toBe('changed meanwhile');
  });

  it('more changed than the rows left: one look-up per row left instead of the listing', async () => {
    const stored = await plan();
    for (const id of [3, 4, 5, 6, 7]) await api.updateCaseRequest(id, { notes: `busy ${id}` });
    const [target] = stored.current(KEYS[1]!);
    await api.updateCaseRequest(target!.id, { reference_value_1: 'RE-KEYED' });
    // Pages of 2: 6 changed requests are 3 pages, more than the 2 rows left.
    await stored.ensureFresh(api, { now: Date.now, perPage: 2 });
    expect(stored.requests).toBe(1 + 2);
    // Re-keyed away: the row's key no longer finds it.
    expect(stored.current(KEYS[1]!)).toEqual([]);
    expect(stored.planned(KEYS[1]!)).toHaveLength(1);
  });

  it('while sending: checked again after REFRESH_ROWS rows sent, however little time passed (explore 33 item 1)', async () => {
    const stored = await plan();
    const now = () => EARLIER + 1000;
    await stored.ensureFresh(api, { now, refreshRows: 3 });
    expect(stored.checks).toBe(0);
    // Rows that send nothing do not count; two rows sent are not yet enough.
    for (const id of [1, 2]) stored.sent(id);
    await stored.ensureFresh(api, { now, refreshRows: 3 });
    expect(stored.checks).toBe(0);
    const [target] = stored.current(KEYS[0]!);
    await api.updateCaseRequest(target!.id, { notes: 'a colleague, meanwhile' });
    stored.sent(3);
    await stored.ensureFresh(api, { now, refreshRows: 3 });
    expect([stored.checks, stored.requests]).toEqual([1, 2]);
    expect(stored.current(KEYS[0]!)[0]!.notes).toBe('a colleague, meanwhile');
    // The count starts again from the check.
    await stored.ensureFresh(api, { now, refreshRows: 3 });
    expect(stored.checks).toBe(1);
  });

  it("a row sent in a send before (to send again: the app's retry) is watched as any row: a colleague's edit of it is read", async () => {
    const held = sandbox.account().case_requests;
    const claimOf = (id: number) => held.find((request) => request.id === id)!.reference_value_1!;
    const keys = new Set([claimOf(5), claimOf(6)]);
    const found = await findExisting(api, 'reference_value_1', keys, { expand: true, now: () => EARLIER });
    const stored = new StoredRequests('reference_value_1', keys, found);
    stored.beginSending();
    // The first send: two writes answered (requests 1 and 2: the first page of a window of pages of 2),
    // and request 5's PUT, which failed without a word of how it is stamped; its row is to send again.
    for (const id of [1, 2]) {
      stored.sent(id);
      const answer = await api.updateCaseRequest(id, { notes: `written ${id}` });
      stored.wrote(id, answer.record?.updated_at);
    }
    stored.sent(5);
    // The next send of the same plan; a colleague edits request 5 meanwhile.
    stored.beginSending();
    await api.updateCaseRequest(5, { notes: 'a colleague, between the sends' });
    await stored.ensureFresh(api, { now: Date.now, perPage: 2 });
    expect(stored.current(claimOf(5))[0]!.notes).toBe('a colleague, between the sends');
  });

  it('rows settled are not checked for', async () => {
    const stored = await plan();
    for (const key of KEYS) stored.settle(key);
    await stored.ensureFresh(api, { now: Date.now });
    expect(stored.checks).toBe(0);
  });
});
