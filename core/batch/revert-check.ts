/**
 * The requests a revert must look at, as Trackops holds them now, asking as little as possible (issue
 * 18; the same rule as the freshness check of issue 13, stored-requests.ts): every request the import
 * updated was written after its PUT left, so one `mode=count` of the requests updated since the first
 * PUT (`updated_from`, less a margin for clock skew, and more when our clock is ahead of the server's:
 * reconcile.ts `searchFrom`) says how many pages a
 * listing of just those takes. When that is fewer requests than one look-up per request, the listing is
 * made (complete only at the server's own count, list-all.ts), else one look-up per request. A request
 * the listing did not return (a server whose `updated_from` differs from ours) is looked up on its own.
 * The records found are kept fresh while the revert sends (StoredRequests, keyed by id).
 */
import { IncompleteListingError } from '../api/list-all.ts';
import type { StampZoneLearnt } from '../api/stamp-zone.ts';
import { assumeImportZone } from './revert-source.ts';
import type { CaseRequestFilters, CaseRequestRecord, TrackopsApi } from '../api/types.ts';
import { EXPAND_FIELD_VALUES } from '../export/spool.ts';
import { probe, type ExistingRequests } from '../validate/find-existing.ts';
import { searchFrom } from './reconcile.ts';
import { StoredRequests } from './stored-requests.ts';
import { listHeard, SearchesMet } from './searches-met.ts';
import { plural } from '../api/plural.ts';

export interface RevertCheckCost {
  /** Requests to look at. */
  requests: number;
  /** Requests updated in the account since the import's first PUT (the server's count). */
  changedSince: number;
  strategy: 'none' | 'listing' | 'per-request';
  /** Requests the check takes at least (the count excluded): listing pages, or one look-up per request. */
  cost: number;
}

export interface RevertCheck {
  stored: StoredRequests;
  /**
   * What the check's listing met (searches-met.ts): handed to the revert run (RevertRunOptions), which
   * adds its own searches' and says it once in its summary.
   */
  searchesMet: SearchesMet;
  cost: RevertCheckCost;
  /** Requests the check took, the count included. */
  requestsTaken: number;
}

type Api = Pick<TrackopsApi, 'listCaseRequests' | 'countCaseRequests' | 'serverClock' | 'stampZone'>;

export async function checkCurrent(
  api: Api,
  targets: readonly { id: number; at: string }[],
  options: {
    signal?: AbortSignal;
    now?: () => number;
    perPage?: number;
    onCost?: (cost: RevertCheckCost) => void;
    /** The run's tally of what its searches met (searches-met.ts). */
    met?: SearchesMet;
    /**
     * The zone the import saw the server stamp in (RevertSource.stampZone): the check's window by
     * updated_at, and the stamps it compares, are read in it (stamp-zone.ts).
     */
    zone?: StampZoneLearnt | undefined;
  } = {},
): Promise<RevertCheck> {
  assumeImportZone(api, options.zone);
  const now = options.now ?? Date.now;
  const searchesMet = options.met ?? new SearchesMet();
  const searchedAt = now();
  const ids = [...new Set(targets.map((target) => target.id))];
  const keys = ids.map(String);
  const found: ExistingRequests = {
    strategy: 'none',
    byKey: new Map(),
    nearByKey: new Map(),
    readByNearKey: new Map(),
    byId: new Map(),
    requests: 0,
    searchedAt,
  };
  const cost: RevertCheckCost = { requests: ids.length, changedSince: 0, strategy: 'none', cost: 0 };
  if (ids.length === 0) {
    options.onCost?.(cost);
    return { stored: new StoredRequests('id', keys, found), searchesMet, cost, requestsTaken: 0 };
  }
  const perPage = options.perPage ?? 100;
  const earliest = Math.min(...targets.map((target) => Date.parse(target.at)).filter(Number.isFinite));
  const since = searchFrom(Number.isFinite(earliest) ? earliest : 0, api.serverClock);
  const filters: CaseRequestFilters = { updated_from: since, ...EXPAND_FIELD_VALUES };
  const count = await api.countCaseRequests(filters, perPage, options.signal);
  found.requests += 1;
  cost.changedSince = count.record_count;
  const wanted = new Set(ids);
  const byId = new Map<number, CaseRequestRecord>();
  if (count.record_count > 0 && count.page_count < ids.length) {
    cost.strategy = 'listing';
    cost.cost = count.page_count;
    options.onCost?.(cost);
    // Pages, and the counts the listing asked besides this one (a pin's, a recount: list-all.ts).
    let asked = 0;
    const listing = listHeard(
      api,
      filters,
      {
        perPage,
        knownCount: count.record_count,
        // Its page count too: one above 1 (a server that caps its pages) pins it at once, not after a
        // first page that could only show it (one request more for each).
        knownPages: count.page_count,
        // Its look-up per request costs less than the list without a filter its count ignores (the
        // whole account, for updated_from): refused as before, and looked up below.
        refuseWhereCountDisagrees: true,
        onProgress: (progress) => (asked = progress.pages + (progress.countsAsked ?? 0)),
        ...(options.signal ? { signal: options.signal } : {}),
      },
      searchesMet,
      'revert-check',
    );
    try {
      for await (const records of listing)
        for (const record of records) if (wanted.has(Number(record.id))) byId.set(Number(record.id), record);
    } catch (error) {
      // Its pages and its count disagree, read again too (a server whose count ignores updated_from
      // while its list keeps to it): the requests it did not give are looked up one by one below, as
      // when a listing would cost more. Before, the revert was refused on such a server every time.
      if (!(error instanceof IncompleteListingError) || options.signal?.aborted) throw error;
    } finally {
      found.requests += asked;
    }
  } else {
    cost.strategy = 'per-request';
    cost.cost = ids.length;
    options.onCost?.(cost);
  }
  for (const id of ids) {
    if (byId.has(id)) continue;
    const one = await probe(api, 'id', String(id), EXPAND_FIELD_VALUES, options.signal);
    found.requests += one.requests;
    if (one.records[0]) byId.set(id, one.records[0]);
  }
  for (const [id, record] of byId) found.byKey.set(String(id), [record]);
  found.strategy = cost.strategy === 'listing' ? 'listing' : 'per-key';
  return { stored: new StoredRequests('id', keys, found), searchesMet, cost, requestsTaken: found.requests };
}

/**
 * The import's creates in doubt the revert looks for before deciding (revert-in-doubt.ts): how many,
 * and, once looked for, the requests that took.
 */
export interface InDoubtSearchCost {
  creates: number;
  requests?: number;
}

/**
 * "checking 40 requests: 1 count and a listing of the 52 updated since the import in 1 page", then the
 * search for the import's creates in doubt when there are any (it said "no request to check" while it
 * searched the account for one), and the requests all of it took when known.
 */
export function revertCheckWords(
  cost: RevertCheckCost,
  requestsTaken?: number,
  inDoubt?: InDoubtSearchCost | null,
): string {
  const searching =
    inDoubt && inDoubt.creates > 0
      ? `looking in Trackops for ${inDoubt.creates === 1 ? "the import's create in doubt" : `the import's ${plural(inDoubt.creates, 'create')} in doubt`} ` +
        `(the requests created since ${inDoubt.creates === 1 ? 'it was' : 'each was'} sent, with its row's values${inDoubt.requests === undefined ? '' : `: ${plural(inDoubt.requests, 'request')}`})`
      : null;
  const taken =
    requestsTaken === undefined
      ? ''
      : `; ${plural(requestsTaken + (inDoubt?.requests ?? 0), 'request')} in all`;
  if (cost.strategy === 'none') return searching ? `${searching}${taken}` : 'no request to check';
  const how =
    cost.strategy === 'listing'
      ? `1 count and a listing of the ${plural(cost.changedSince, 'request')} updated since the import in ${plural(cost.cost, 'page')}`
      : `1 count and ${plural(cost.cost, 'look-up')} (${plural(cost.changedSince, 'request')} updated since the import: a listing would take more)`;
  return `checking ${plural(cost.requests, 'request')} for changes since the import: ${how}${searching ? `, then ${searching}` : ''}${taken}`;
}
