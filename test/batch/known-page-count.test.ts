/**
 * The searches that have just asked a count pass its page count on to the listing (list-all.ts
 * `knownPages`): a server that caps its pages below what was asked counts them by its own size, so a
 * count of more than one page pins the listing at once. Without it, the listing asked an unpinned first
 * page only to learn that the list was longer than one page, then read it again pinned: one request
 * more for revert's check, the update's freshness check and the round trip's conflict listing alike.
 * Real HTTP: the sandbox behind a proxy that caps pages at 10 (test/batch/proxies.ts), every case
 * request list it forwarded counted.
 */
import { afterEach, expect, it } from 'vitest';
import { createTrackopsApi } from '../../core/api/client.ts';
import { checkCurrent } from '../../core/batch/revert-check.ts';
import { createPacer } from '../../core/pace/pacer.ts';
import { startSandbox, type RunningSandbox } from '../../sandbox/index.ts';
import { recentAccount } from '../helpers/sandbox-api.ts';
import { startPagingProxy, type PagingProxy } from './proxies.ts';
import { CLI_CONNECTION_WORDS } from '../../cli/connection-words.ts';

let sandbox: RunningSandbox;
let proxy: PagingProxy;
afterEach(async () => {
  await proxy.close();
  await sandbox.close();
});

it("revert's check of 35 requests updated an hour ago, on pages of 10: pinned at once, no unpinned first page", async () => {
  // 35 requests, every one updated an hour ago (before any pin's bound), and 5 more entered since.
  sandbox = await startSandbox({ port: 0, rate: 1000, account: await recentAccount(40, 35) });
  proxy = await startPagingProxy(sandbox.baseUrl, { cap: 10 });
  const api = createTrackopsApi(
    { words: CLI_CONNECTION_WORDS, baseUrl: proxy.baseUrl, user: sandbox.username, token: sandbox.token },
    { pacer: createPacer({ ratePerSecond: 1000 }) },
  );
  const at = new Date(Date.now() - 2 * 3600_000).toISOString();
  const targets = Array.from({ length: 35 }, (_, index) => ({ id: index + 1, at }));
  const check = await checkCurrent(api, targets);
  expect(check.cost).toMatchObject({ strategy: 'listing', changedSince: 40, cost: 4 });
  for (const target of targets) expect(check.stored.current(String(target.id))[0]?.id).toBe(target.id);
  // The count (40, in 4 pages of 10), the pinned part's (35), its 4 pages, and the page of what came
  // since (the 5 recent ones): 7 requests, of which 5 pages. An unpinned first page made it 8.
  expect(proxy.casePages).toEqual([1, 2, 3, 4, 1]);
  expect(check.requestsTaken).toBe(7);
});
