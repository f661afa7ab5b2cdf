/**
 * The look for another import of this file adding its rows now (keys-being-added.ts), against servers
 * that do not behave as assumed:
 * - one that ignores `created_from_system`: its second look gave every request, and an old one holding
 *   a key of the file (one this computer's earlier import created, so not among the plan's) was taken
 *   for a key "being added", and the run stopped for an import that was not running;
 * - one whose list records carry no created_at: the look could not tell which keys were recent, and
 *   passed in silence as if nothing were being added. It now says it could not tell.
 * - one stamping local time west of UTC, on a computer that has not seen the account's zone yet: the
 *   keys another import created seconds before were read 5 hours old, so not "recent", and the look
 *   never started (a second import of the file at once was not stopped).
 * Rule: where the tool cannot tell, it says so; an old request is never news.
 * Real HTTP: the sandbox (20 requests entered an hour ago, 2 of the file's keys entered now) behind a
 * proxy that drops the filter, one that takes created_at out of list records, or one that stamps at
 * UTC−05:00.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTrackopsApi } from '../../core/api/client.ts';
import { listAllCaseRequests } from '../../core/api/list-all.ts';
import type { CaseRequestRecord, TrackopsApi } from '../../core/api/types.ts';
import { keysBeingAdded, keysBeingAddedError, lookAgainWords } from '../../core/batch/keys-being-added.ts';
import { SearchesMet } from '../../core/batch/searches-met.ts';
import { createPacer } from '../../core/pace/pacer.ts';
import { startSandbox, type RunningSandbox } from '../../sandbox/index.ts';
import { CLI_CONNECTION_WORDS } from '../../cli/connection-words.ts';
import { createThroughApi, recentAccount, referralLike } from '../helpers/sandbox-api.ts';
import {
  startLocalTimeProxy,
  startLooseFilterProxy,
  startStrippingListProxy,
  type RunningProxy,
} from './proxies.ts';

const OLD = 20;

let sandbox: RunningSandbox;
let proxy: RunningProxy | null = null;

beforeEach(async () => {
  sandbox = await startSandbox({ port: 0, rate: 1000, account: await recentAccount(OLD, OLD) });
  // Two of the file's claim numbers entered now, as another import's first rows.
  const first = sandbox.account().case_requests[0]!;
  for (const claim of ['KBA-0001', 'KBA-0002']) await createThroughApi(sandbox, referralLike(first, claim));
});
afterEach(async () => {
  await proxy?.close();
  proxy = null;
  await sandbox.close();
});

function apiAt(baseUrl: string): TrackopsApi {
  return createTrackopsApi(
    { words: CLI_CONNECTION_WORDS, baseUrl, user: sandbox.username, token: sandbox.token },
    { pacer: createPacer({ ratePerSecond: 1000 }) },
  );
}

/** The requests the plan found for the file's keys, as read through `api`. */
async function heldFor(api: TrackopsApi, claims: string[]): Promise<CaseRequestRecord[]> {
  const all = await listAllCaseRequests(api, {});
  return all.filter((record) => claims.includes(String(record.reference_value_1)));
}

describe("the look for this file's rows being added by another import", () => {
  it('a server that ignores created_from_system: an old request holding a wanted key is not taken for one being added', async () => {
    proxy = await startLooseFilterProxy(sandbox.baseUrl, 'created_from_system');
    const api = apiAt(proxy.baseUrl);
    const held = await heldFor(api, ['KBA-0001', 'KBA-0002']);
    expect(held).toHaveLength(2);
    // CLM-RECENT-0005 is an old request (an hour ago) this computer's earlier import created: not held.
    const found = await keysBeingAdded(
      api,
      'reference_value_1',
      held,
      new Set(['KBA-0003', 'CLM-RECENT-0005']),
      { now: Date.now, waitMs: () => 0 },
    );
    expect(found).toBeNull();
  });

  it('the same look still finds a key added since the newest, on that server', async () => {
    proxy = await startLooseFilterProxy(sandbox.baseUrl, 'created_from_system');
    const api = apiAt(proxy.baseUrl);
    const held = await heldFor(api, ['KBA-0001', 'KBA-0002']);
    // The other import's next row lands after the plan read the account.
    await createThroughApi(sandbox, referralLike(sandbox.account().case_requests[0]!, 'KBA-0003'));
    const found = await keysBeingAdded(
      api,
      'reference_value_1',
      held,
      new Set(['KBA-0003', 'CLM-RECENT-0005']),
      { now: Date.now, waitMs: () => 0 },
    );
    expect(found?.added.map((record) => record.reference_value_1)).toEqual(['KBA-0003']);
  });

  it('list records without created_at: the look says it could not tell', async () => {
    proxy = await startStrippingListProxy(sandbox.baseUrl, 'created_at');
    const api = apiAt(proxy.baseUrl);
    const held = await heldFor(api, ['KBA-0001', 'KBA-0002']);
    expect(held.every((record) => record.created_at === undefined)).toBe(true);
    const met = new SearchesMet();
    const found = await keysBeingAdded(api, 'reference_value_1', held, new Set(['KBA-0003']), {
      now: Date.now,
      waitMs: () => 0,
      met,
      label: 'Claim Number',
    });
    expect(found).toBeNull();
    expect(met.notes()).toEqual([
      "The look for another import of this file adding its rows now could not tell: 2 of this file's Claim Numbers " +
        'are held in Trackops by requests whose records give no created_at the tool can read, so whether they were ' +
        'created in the last minutes is not known, and another import of this file running now on another computer ' +
        'would not be seen. Make sure no one else is importing this file',
    ]);
  });

  it('against a server as assumed, old keys alone: no look, nothing said', async () => {
    const api = apiAt(sandbox.baseUrl);
    const held = await heldFor(api, ['CLM-RECENT-0001', 'CLM-RECENT-0002']);
    const met = new SearchesMet();
    const found = await keysBeingAdded(api, 'reference_value_1', held, new Set(['KBA-0003']), {
      now: Date.now,
      waitMs: () => 0,
      met,
    });
    expect(found).toBeNull();
    expect(met.notes()).toEqual([]);
  });

  it('a server stamping local time west of UTC, its zone not known here yet: the look starts, finds the keys being added, and says why it waited', async () => {
    proxy = await startLocalTimeProxy(sandbox.baseUrl, -300);
    const api = apiAt(proxy.baseUrl);
    const held = await heldFor(api, ['KBA-0001', 'KBA-0002']);
    // Read as UTC, the keys entered seconds ago look 5 hours old: nothing has shown the zone.
    expect(api.stampZone?.learnt).toBeNull();
    await createThroughApi(sandbox, referralLike(sandbox.account().case_requests[0]!, 'KBA-0003'));
    const waits: string[] = [];
    const found = await keysBeingAdded(api, 'reference_value_1', held, new Set(['KBA-0003']), {
      now: Date.now,
      waitMs: () => 0,
      zone: api.stampZone,
      label: 'Claim Number',
      onWait: (wait) => waits.push(lookAgainWords(wait, 'Claim Number')),
    });
    expect(found?.added.map((record) => record.reference_value_1)).toEqual(['KBA-0003']);
    expect(waits).toEqual([
      "waiting 0 s before sending anything: 2 of this file's Claim Numbers were created in Trackops in the last 12 hours " +
        'as far as this computer can tell (it has not seen yet whether Trackops stamps in UTC, as its reference says, or in a local time up to 12 hours behind), ' +
        'not by an import on this computer, so Trackops is looked at again for another import of this file running now',
    ]);
    const error = keysBeingAddedError(found!, 'reference_value_1', 'Claim Number');
    expect(error.message).toContain('created between');
    expect(error.message).toContain('as Trackops stamped them, in a zone not known yet');
  });

  it('once the zone is known, keys entered hours ago are not recent: no look, no wait', async () => {
    const api = apiAt(sandbox.baseUrl);
    const held = await heldFor(api, ['CLM-RECENT-0001', 'CLM-RECENT-0002']);
    const known = {
      learnt: {
        offsetMinutes: 0,
        from: 'a test',
        stamp: '2026-12-07 10:00:00',
        clock: '2026-12-07 10:00:00',
      },
    };
    let waited = false;
    const found = await keysBeingAdded(api, 'reference_value_1', held, new Set(['KBA-0003']), {
      now: Date.now,
      waitMs: () => 0,
      zone: known,
      onWait: () => (waited = true),
    });
    expect(found).toBeNull();
    expect(waited).toBe(false);
  });
});
