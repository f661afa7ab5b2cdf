/**
 * The requests the account already holds for a set of match keys, asking as little as possible: one
 * `mode=count` of the account says which is cheaper, one paged listing of the whole account (indexed by
 * the key) or one filtered probe per distinct key (find-exact.ts), and that one is done. Shared by the dry
 * run (plan-import.ts) and the import (batch/runner.ts), so both cost the same and decide the same.
 *
 * Both ways are complete or fail (API-NOTES Tolerance): the listing pages until the server's own count
 * (list-all.ts), and a probe trusts a filter only as far as its answer matches the key exactly. A record
 * counts only when its key equals the row's exactly. With `expand`, records come with NAME/ADDRESS
 * values as objects (only the list endpoint is documented to expand them), so that an update can merge
 * into the record found here instead of reading it again (issue 13).
 */
import { findExactMatches, keyEquals, nearKey } from '../api/find-exact.ts';
import {
  aheadOfClockWords,
  countNotesWords,
  listedTwiceWords,
  listEveryCaseRequest,
  pinnedWords,
  type ListedTwice,
  type ListingMove,
  type ListingProgress,
  type ListingShort,
  type PinnedListing,
} from '../api/list-all.ts';
import type { CaseRequestFilters, CaseRequestRecord, TrackopsApi } from '../api/types.ts';
import { EXPAND_FIELD_VALUES } from '../export/spool.ts';
import { plural } from '../api/plural.ts';
import { thousands } from '../thousands.ts';

export type KeyField =
  'id' | 'case_request_number' | 'reference_value_1' | 'reference_value_2' | 'reference_value_3';

/** What the check of the rows against the account costs, said before it is done (issue 13). */
export interface CheckCost {
  /** Distinct keys to check (one per row: a key twice in a file is refused). */
  keys: number;
  /** Requests the account holds (the server's count). */
  accountSize: number;
  strategy: 'listing' | 'per-key';
  /** Requests it will take at least: the listing's pages, or one look-up per key. */
  requests: number;
  /**
   * Of `requests`, the pages of what came since a pinned listing's count (listing-pin.ts; 1 planned
   * for a listing longer than a page, none for one page, which needs no pin): said apart, as they are
   * no page of the list counted ("in 2 pages, and 1 page of what came since the count").
   */
  sincePages?: number;
  /**
   * Filled in when the listing was pinned: the count of its pinned part (the requests entered up to its
   * bound), which the part read is held against. Below `accountSize` by the requests entered since.
   */
  counted?: number;
  /**
   * Filled in when the listing ends: the pages it really read (a count that is low plans fewer, down
   * to none for a count of 0, while the listing reads on until a short page; a list that moved is read
   * twice). The summary says what was read, not what was planned (explore 29 item 9).
   */
  pagesRead?: number;
  /**
   * Filled in when the listing ends, if the account's list held other than its count said (list-all.ts
   * reads on past a count reached on a full page; a pinned listing reads what came since): how many it
   * held. Every one was checked.
   */
  listed?: number;
  /**
   * With `listed`: the server's count asked again once the list was read (list-all.ts; null when that
   * failed). At least `listed` means colleagues added requests while it was read, not a wrong count.
   */
  recount?: number | null;
  /**
   * Filled in (with `listed` and `recount`) when a page repeated what an earlier page gave: the list
   * moved while it was read and was read again from the start (list-all.ts).
   */
  moved?: ListingMove;
  /**
   * Filled in (with `listed` and `recount`) when the first reading ended short of its count: a request
   * left the list while it was read, and it was read again from the start (list-all.ts).
   */
  leftWhileRead?: ListingShort;
  /**
   * The listing was pinned at a moment (listing-pin.ts): `listed` then includes the requests entered
   * since, read after the rest; `ignored` says the server did not keep to the pin.
   */
  pinned?: PinnedListing;
  /** A listing one page held (never pinned): its requests stamped after the server's clock (list-all.ts). */
  ahead?: ListingProgress['ahead'];
  /**
   * Filled in when a page of the listing gave a request more than once (list-all.ts): each was checked
   * once, and the summary says which, so a request the server doubled is never taken for two.
   */
  listedTwice?: ListedTwice[];
  /** Per-key: the look-ups made, when fewer than planned (`filterIgnored`). */
  lookUps?: number;
  /**
   * Per-key: the look-up for `key` gave the whole account (`listed` requests, as many as it holds or
   * more): the server ignores the key's filter, and the keys left were found in that list instead.
   */
  filterIgnored?: { key: string; listed: number };
}

export interface FindOptions {
  signal?: AbortSignal;
  /** Page size of the account listing; default 100 (API-NOTES Assumed maximum). */
  perPage?: number;
  /** Records with composite values expanded (an update will merge into them). */
  expand?: boolean;
  /**
   * Told once the count is known, before the listing or the look-ups begin: the plan, frozen (the words
   * said of it then are the words said of it later; what was read is told apart, `onCheckDone`).
   */
  onCost?: (cost: CheckCost) => void;
  /**
   * Told once the check is done: the plan with what was really read (pages, the requests the list held,
   * what came since a pin), a new object, frozen. For the summary's words (checkDoneWords).
   */
  onCheckDone?: (cost: CheckCost) => void;
  /**
   * Told after each page of the listing or each look-up: how many are done of `cost.requests` (a slow
   * account's check takes minutes; the app shows it). No request more.
   */
  onSearchProgress?: (done: number, cost: CheckCost) => void;
  /** This machine's clock (ms); default Date.now. */
  now?: () => number;
  /**
   * Requests whose records are kept whole in `byId` when the search reads them, whatever their key
   * (the creates earlier imports' journals record: the dry run says whether the account still holds
   * each, as the import's read of it will, with no request more). No request is added for them.
   */
  keepIds?: ReadonlySet<number>;
}

export interface ExistingRequests {
  strategy: 'none' | 'listing' | 'per-key';
  /** Key → the records whose key equals it exactly (keys nothing holds are absent). */
  byKey: Map<string, CaseRequestRecord[]>;
  /**
   * Key → the records among those the search read anyway whose key differs from it only in letter case
   * or white space (nearKey): never a match, but a possible duplicate that must be said (a server that
   * compares keys case-insensitively holds them as one). Keys with none are absent.
   */
  nearByKey: Map<string, CaseRequestRecord[]>;
  /**
   * Every record the search read (the listing's whole account, or what the probes' filters returned),
   * by its key's loose form (nearKey), kept slim (id, number, key): a key the search was not asked
   * about (a row fixed after the dry run) is compared loosely with them later, with no request
   * (nearRecordsRead).
   */
  readByNearKey: Map<string, CaseRequestRecord[]>;
  /**
   * The records of `keepIds` the search read. After a listing (every request of the account), an id
   * absent here is one the account does not hold; after probes, only that their filters did not list it.
   */
  byId: Map<number, CaseRequestRecord>;
  /** Requests this took, the count included. */
  requests: number;
  /** When the search began, by this machine's clock (ms): anything changed later is newer than it. */
  searchedAt: number;
}

export async function findExisting(
  api: Pick<TrackopsApi, 'listCaseRequests' | 'countCaseRequests' | 'serverClock'>,
  field: KeyField,
  keys: ReadonlySet<string>,
  options: FindOptions = {},
): Promise<ExistingRequests> {
  const searchedAt = (options.now ?? Date.now)();
  const found: ExistingRequests = {
    strategy: 'none',
    byKey: new Map(),
    nearByKey: new Map(),
    readByNearKey: new Map(),
    byId: new Map(),
    requests: 0,
    searchedAt,
  };
  if (keys.size === 0) return found;
  const perPage = options.perPage ?? 100;
  const expand: CaseRequestFilters = options.expand ? { ...EXPAND_FIELD_VALUES } : {};
  // The row keys by their loose form, to spot a record that differs from one only in case or spacing.
  const keysByNear = new Map<string, string[]>();
  for (const key of keys) keysByNear.set(nearKey(key), [...(keysByNear.get(nearKey(key)) ?? []), key]);
  const keep = (into: Map<string, CaseRequestRecord[]>, key: string, record: CaseRequestRecord): void => {
    const list = into.get(key);
    if (!list) into.set(key, [record]);
    else if (!list.some((known) => known.id === record.id)) list.push(record);
  };
  const add = (record: CaseRequestRecord): void => {
    if (options.keepIds?.has(record.id)) found.byId.set(record.id, record);
    const value = record[field];
    if (value === null || value === undefined) return;
    const text = String(value).trim();
    const slim: CaseRequestRecord = { id: record.id, [field]: value };
    if (record.case_request_number !== undefined) slim.case_request_number = record.case_request_number;
    keep(found.readByNearKey, nearKey(text), slim);
    if (keys.has(text)) keep(found.byKey, text, record);
    for (const key of keysByNear.get(nearKey(text)) ?? [])
      if (key !== text) keep(found.nearByKey, key, record);
  };

  // The count of the whole account, not of a pinned part: it chooses between the listing and the
  // look-ups and is the number the cost states. A count of the part pinned 5 minutes back was 0 right
  // after a big import (every request within the pin's margin), and planned a listing "of 0 requests".
  const count = await api.countCaseRequests(expand, perPage, options.signal);
  found.requests += 1;
  const listing = count.page_count < keys.size;
  // A listing reads its first page whatever the count says (a count of 0 may be wrong: list-all.ts).
  // One the server pages in more than one is pinned (list-all.ts, explore 53 item 1: a request that
  // leaves the list while it is read can no longer be balanced by one that arrives, leaving a third on
  // no page, and the row of that third created a second time): the pinned part's count, its pages and
  // one page of what was entered since its bound. One page needs no pin: the count and the page.
  const pinned = listing && api.serverClock !== undefined && longerThanPage(count, perPage);
  const sincePages = pinned ? 1 : 0;
  // Frozen once told: it was changed after, so words built from it later (the app's cost line at the end)
  // disagreed with the line said before the check. What was read is a copy of it (`checked`, below).
  const cost: CheckCost = Object.freeze({
    keys: keys.size,
    accountSize: count.record_count,
    strategy: listing ? 'listing' : 'per-key',
    requests: listing ? Math.max(1, count.page_count) + sincePages : keys.size,
    ...(sincePages ? { sincePages } : {}),
  });
  options.onCost?.(cost);
  if (listing) {
    found.strategy = 'listing';
    let last: ListingProgress | null = null;
    const pagesOf = listEveryCaseRequest(api, expand, {
      perPage,
      knownCount: count.record_count,
      knownPages: count.page_count,
      onProgress: (progress) => {
        if (progress.pages !== last?.pages) options.onSearchProgress?.(progress.pages, cost);
        last = progress;
      },
      ...(options.signal ? { signal: options.signal } : {}),
    });
    try {
      for await (const records of pagesOf) for (const record of records) add(record);
    } finally {
      const asked = last as ListingProgress | null;
      found.requests += (asked?.pages ?? 0) + (asked?.countsAsked ?? 0);
    }
    // The plan told above stays as told; what was read is said in the summary (checkDoneWords).
    const checked: CheckCost = { ...cost };
    const listed = last as ListingProgress | null;
    const {
      pages = 0,
      received = 0,
      expected,
      recount,
      moved,
      leftWhileRead,
      pinned,
      ahead,
      listedTwice,
    } = listed ?? {};
    checked.pagesRead = pages;
    // A pinned listing held its part against that part's own count: the notes compare with it.
    if (expected !== undefined && expected !== count.record_count) checked.counted = expected;
    if (received !== count.record_count || moved || leftWhileRead) {
      checked.listed = received;
      if (recount !== undefined) checked.recount = recount;
      if (moved) checked.moved = moved;
      if (leftWhileRead) checked.leftWhileRead = leftWhileRead;
    }
    if (pinned) {
      checked.pinned = pinned;
      checked.sincePages = pinned.pages;
    } else delete checked.sincePages;
    if (ahead) checked.ahead = ahead;
    if (listedTwice) checked.listedTwice = listedTwice;
    options.onCheckDone?.(Object.freeze(checked));
    return found;
  }
  found.strategy = 'per-key';
  let looked = 0;
  for (const key of keys) {
    const found1 = await probe(api, field, key, expand, options.signal);
    found.requests += found1.requests;
    looked += 1;
    options.onSearchProgress?.(looked, cost);
    // What the filter listed beside the exact matches is read too (no request more): a near key is said.
    for (const record of [...found1.records, ...found1.others]) add(record);
    // A look-up that gave other keys' requests, as many as the account holds: the server ignores the
    // filter, and what it gave is the whole account, read against the server's own count as a listing
    // is. The keys left are found in it with no request more; before, each of them read the whole
    // account again (4 rows against 2,000 requests: 110 requests; 200 rows against 50,000: 100,000).
    const listed = found1.records.length + found1.others.length;
    if (found1.others.length > 0 && listed >= count.record_count && looked < keys.size) {
      options.onCheckDone?.(Object.freeze({ ...cost, lookUps: looked, filterIgnored: { key, listed } }));
      return found;
    }
  }
  options.onCheckDone?.(cost);
  return found;
}

/**
 * The records an earlier search read whose key differs from `key` only in letter case or white space
 * (never one equal to it: that is a match, for the search of the key itself to find). No request.
 */
export function nearRecordsRead(read: ExistingRequests, field: KeyField, key: string): CaseRequestRecord[] {
  return (read.readByNearKey.get(nearKey(key)) ?? []).filter((record) => !keyEquals(record[field], key));
}

/** One key's exact matches through its list filter; an id that is not a number matches nothing. */
export async function probe(
  api: Pick<TrackopsApi, 'listCaseRequests' | 'countCaseRequests'>,
  field: KeyField,
  key: string,
  extra: CaseRequestFilters = {},
  signal?: AbortSignal,
): Promise<{ records: CaseRequestRecord[]; others: CaseRequestRecord[]; requests: number }> {
  const filter = filterFor(field, key);
  if (!filter) return { records: [], others: [], requests: 0 };
  return findExactMatches(api, { ...filter, ...extra }, (record) => keyEquals(record[field], key), signal);
}

function filterFor(field: KeyField, key: string): CaseRequestFilters | null {
  if (field === 'id') return /^[1-9]\d*$/.test(key) ? { id: Number(key) } : null;
  return { [field]: key };
}

/**
 * "checking 200 rows against 48,000 requests: 200 look-ups, about 3 min at 1/s" (issue 13): what the
 * check costs, in the words the dry run and the import's opening line use. `ratePerSecond` is the
 * run's pace (every request counts against it).
 */
export function checkCostWords(cost: CheckCost, ratePerSecond: number): string {
  const how =
    cost.strategy === 'listing'
      ? `a listing of the account in ${pagesWords(cost.requests - (cost.sincePages ?? 0), cost.sincePages ?? 0)}`
      : plural(cost.requests, 'look-up');
  // The count already asked, and a pinned listing's own count (one with a page of what came since).
  const seconds = (cost.requests + 1 + (cost.sincePages ? 1 : 0)) / Math.max(ratePerSecond, 0.001);
  const rate =
    ratePerSecond >= 1 ? `${thousands(ratePerSecond)}/s` : `${thousands(Math.round(ratePerSecond * 60))}/min`;
  return `checking ${plural(cost.keys, 'row')} against ${plural(cost.accountSize, 'request')}: ${how}, about ${duration(seconds)} at ${rate}`;
}

/** After the fact, for a summary: "2 rows were checked against 36 requests with a listing of the account in 1 page". */
export function checkDoneWords(cost: CheckCost): string {
  const twice = listedTwiceWords(cost.listedTwice, 'checked');
  const done = countDoneWords(cost);
  return twice ? `${done}. ${twice}` : done;
}

/** checkDoneWords without the requests a page gave twice. */
function countDoneWords(cost: CheckCost): string {
  // What was read, not what the count planned: a count of 0 whose list held 36 in 1 page is "36
  // requests in 1 page" here, and the sentence after says the count was otherwise (explore 29 item 9).
  const sincePages = cost.sincePages ?? 0;
  const pages = (cost.pagesRead ?? cost.requests) - sincePages;
  const how =
    cost.strategy === 'listing'
      ? cost.moved || cost.leftWhileRead
        ? `a listing of the account read twice, ${pagesWords(pages, sincePages, ' in all')}`
        : `a listing of the account in ${pagesWords(pages, sincePages)}`
      : plural(cost.lookUps ?? cost.requests, 'look-up');
  const checked = cost.listed ?? cost.accountSize;
  const done = `${plural(cost.keys, 'row')} ${cost.keys === 1 ? 'was' : 'were'} checked against ${plural(checked, 'request')} with ${how}`;
  if (cost.filterIgnored)
    // Said as the searches made while sending say a filter Trackops ignored (docs/import.md).
    return (
      `${done}: the look-up for '${cost.filterIgnored.key}' gave ${plural(cost.filterIgnored.listed, 'request')}, every one the account holds, ` +
      `not only those whose key is '${cost.filterIgnored.key}': Trackops seems to ignore that filter, so every row was checked against ` +
      'that whole list, with no look-up more. Nothing was missed for it, but each look-up on this account reads all of it'
    );
  // The requests entered since a pin's bound are among those checked, and said, as an export says them
  // (list-all.ts): the clerk learns why the number is above the count, and that they were checked.
  const notes = [
    countNotesWords(
      {
        expected: cost.counted ?? cost.accountSize,
        received: checked,
        recount: cost.recount,
        ...(cost.moved ? { moved: cost.moved } : {}),
        ...(cost.leftWhileRead ? { leftWhileRead: cost.leftWhileRead } : {}),
        ...(cost.pinned ? { pinned: cost.pinned } : {}),
      },
      'checked',
    ),
    pinnedWords(cost.pinned, 'checked'),
    cost.ahead ? aheadOfClockWords(cost.ahead, cost.ahead.field, 'checked') : null,
  ].filter((note): note is string => note !== null);
  return [done, ...notes].join('. ');
}

/**
 * "1 page", "3 pages in all", "1 page, and 1 page of what came since the count": the pages of what came
 * since a pin's count are no page of the list counted (a one-page account read in "2 pages" misled).
 */
function pagesWords(pages: number, sincePages: number, all = ''): string {
  const listed = `${plural(pages, 'page')}${all}`;
  return sincePages > 0
    ? `${listed}, and ${plural(sincePages, 'page')} of what came since the count`
    : listed;
}

/**
 * Whether the server pages the account in more than one page (its page count, by its own page size
 * when it caps pages below what was asked), or the count fills the page asked: such a listing is
 * pinned (list-all.ts).
 */
function longerThanPage(count: { record_count: number; page_count: number }, perPage: number): boolean {
  return count.page_count > 1 || count.record_count >= perPage;
}

function duration(seconds: number): string {
  if (seconds < 90) return `${Math.max(1, Math.round(seconds))} s`;
  if (seconds < 5400) return `${Math.round(seconds / 60)} min`;
  return `${(seconds / 3600).toFixed(1)} h`;
}
