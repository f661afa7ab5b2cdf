/**
 * The requests an update or upsert run works on, as the plan found them and as they are now (issue 13):
 * the plan's listing or probes (validate/find-existing.ts) find every row's target once, and the record
 * found is reused as the read a whole-object update needs (client/contact, NAME/ADDRESS), instead of a
 * probe and a read per row.
 *
 * Reused only while fresh. A plan older than FRESH_SECONDS (a dry run a clerk looked at before sending)
 * is checked before the first send, and again while sending after REFRESH_SECONDS or REFRESH_ROWS rows
 * sent since the last check, whichever comes first: one `mode=count` of the requests updated since the
 * last check (`updated_from`) and a listing of those, whose first page is read even when the count says
 * 0 (a lagging count): two requests when nothing changed. When more changed than
 * a listing of them would cost in requests beside the rows left, one probe per row left instead. What
 * changed replaces what the plan knew; the runner compares the two for every field a row sets, and a
 * row whose field moved under it is a conflict, never overwritten.
 *
 * What the run has seen is known (explore 56 item 2): each write's answer gave the request's updated_at
 * (`wrote`), and every record the plan or an earlier check read came with its own. The window of a check
 * holds those records whenever they were stamped in its last 5 minutes: the run's own writes (at 1/s,
 * 300 of them), and the writes of a run made just before this one (the previous file of a batch, a
 * colleague's import) to the same requests, or to others an earlier check listed. Listed whole at every
 * check, they cost 4-5 requests a check at 1/s, 31 per 40 rows at 10/s, and 11 per check of a 200-row
 * update sent right after another (issue 13's benchmark: 447 requests where 409 do). So when the count
 * equals the known records stamped in the window, the first page holds exactly the first of them by id
 * (the list's order) as known, and so does every later page that should hold a record a row still to be
 * sent works on, nothing else changed: the check costs its two requests, one page more for each page of
 * such records. The run's writes in flight or answered without updated_at are taken with any updated_at
 * (`#onlyKnown`). Anything else (a request the run never saw, one edited since) and the listing is read
 * whole.
 *
 * A create run keeps the plan's duplicate check the same way (explore 11 item 1): a request added with a
 * row's key after the plan looked (the same file imported from the command line meanwhile, a colleague
 * typing the claim in) is seen by the same check, and the row is not sent (send-row.ts).
 *
 * The window starts RECONCILE_MARGIN_SECONDS before the last check, and earlier still by as much as this
 * machine's clock is ahead of the server's, as its answers state it (reconcile.ts `searchFrom`, the same
 * rule as the lost-create reconcile). A server that ignores `updated_from` answers with more records, and
 * the listing, which cannot then read what came after its pin, says so: such a check asks for each row
 * left by its key instead (an edit made while it ran was missed and overwritten before).
 */
import { IncompleteListingError } from '../api/list-all.ts';
import type { CaseRequestFilters, CaseRequestRecord, TrackopsApi } from '../api/types.ts';
import { EXPAND_FIELD_VALUES } from '../export/spool.ts';
import { probe, type ExistingRequests, type KeyField } from '../validate/find-existing.ts';
import { searchFrom, utcMillis } from './reconcile.ts';
import type { RowOutcome } from '../validate/types.ts';
import { listHeard, type SearchesMet } from './searches-met.ts';

/** The key a row is planned and settled under: its match value, else (create) its body's key field. */
export function rowKey(
  outcome: Pick<RowOutcome, 'matchValue' | 'body'>,
  keyField: KeyField,
): string | undefined {
  const match = outcome.matchValue?.trim();
  if (match) return match;
  const value = (outcome.body as Record<string, unknown> | undefined)?.[keyField];
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

/*
 * How often: the API has no conditional PUT, so between a check and a row's PUT a colleague's edit can
 * still be overwritten (the window); the checks shrink it, at a cost. Every 5 minutes, as before (explore
 * 33 item 1), meant a run of up to ~300 rows at 1/s was never checked and a colleague's edit was
 * overwritten without a word. A check costs 2 requests when nothing changed; issue 13 allows 1.05
 * requests per updated row at 1 request/s, so one check per 40 rows sent (2/40 = 0.05), or per 40 s of
 * sending when rows go slower: the window is at most 40 rows or 40 s, and the whole-object merge base
 * (client, contact) is never older than that. A faster --rate shortens the window in time, not in rows.
 */
/** A plan younger than this is sent on without a check (the CLI plans just before sending). */
export const FRESH_SECONDS = 40;
/** While sending, the records left are checked again after this many seconds since the last check… */
export const REFRESH_SECONDS = 40;
/** …or after this many rows sent since the last check, whichever comes first. */
export const REFRESH_ROWS = 40;

type Api = Pick<TrackopsApi, 'listCaseRequests' | 'countCaseRequests' | 'serverClock'>;

export interface FreshnessOptions {
  now: () => number;
  signal?: AbortSignal;
  /** Defaults FRESH_SECONDS / REFRESH_SECONDS / REFRESH_ROWS (tests shorten them). */
  freshSeconds?: number;
  refreshSeconds?: number;
  refreshRows?: number;
  perPage?: number;
  /** The run's tally of what its searches met (searches-met.ts): a check's listing, and its look-ups instead. */
  met?: SearchesMet;
}

export class StoredRequests {
  readonly keyField: KeyField;
  /** Requests the freshness checks took (the plan's own are counted where it ran). */
  requests = 0;
  /** Freshness checks made. */
  checks = 0;
  readonly #planned = new Map<string, CaseRequestRecord[]>();
  readonly #current = new Map<string, Map<number, CaseRequestRecord>>();
  readonly #pending: Set<string>;
  /** Request id → the key it was last known under (among the run's keys). */
  readonly #keyOfId = new Map<number, string>();
  /** Every request the plan's search read (whatever its key): none of them is a create of this run. */
  readonly #readIds = new Set<number>();
  /**
   * Request id → the updated_at (ms) the run last saw it at: its own write's answer (or a read back
   * after it), or the record as the plan or a check read it. A record of the window stamped so is known.
   */
  readonly #known = new Map<number, number>();
  /**
   * Requests this run sent a write of and has no answer with updated_at to (`sent`, `wrote`): in flight,
   * answered without the record (a 204), or not answered at all. A check takes them with any updated_at.
   */
  readonly #inFlight = new Set<number>();
  /** Requests this run sent a write of (`sent`). */
  readonly #sentIds = new Set<number>();
  #checkedAt: number;
  /** Rows sent (a PUT about to go) since the last check: counted by `sent()`. */
  #sentSinceCheck = 0;
  #sending = false;
  #refreshing: Promise<void> | null = null;
  /**
   * The last check failed (its row was not sent): the next row checks again, whatever its age or the
   * rows sent since. Before, the count of rows sent was reset as the check began, so a check that
   * failed let the next 40 rows go unchecked, and a colleague's edit made meanwhile was overwritten.
   */
  #checkFailed = false;

  /** `keys`: the match keys of the rows to send; `found`: what the plan's search found for them. */
  constructor(keyField: KeyField, keys: Iterable<string>, found: ExistingRequests) {
    this.keyField = keyField;
    this.#pending = new Set(keys);
    this.#checkedAt = found.searchedAt;
    for (const key of this.#pending) {
      const records = found.byKey.get(key) ?? [];
      this.#planned.set(key, records);
      this.#current.set(key, new Map(records.map((record) => [record.id, record])));
      for (const record of records) {
        this.#keyOfId.set(record.id, key);
        this.#saw(record);
      }
    }
    for (const records of found.readByNearKey.values())
      for (const record of records) this.#readIds.add(record.id);
  }

  /** Whether the plan's search read request `id`: it existed before anything of this run was sent. */
  wasRead(id: number): boolean {
    return this.#readIds.has(id);
  }

  /** The requests holding `key` when the plan looked (what the dry run showed). */
  planned(key: string): CaseRequestRecord[] {
    return this.#planned.get(key) ?? [];
  }

  /** Every request the plan found holding one of the run's keys. */
  plannedRecords(): CaseRequestRecord[] {
    return [...this.#planned.values()].flat();
  }

  /** The requests holding `key` as far as the last check knows. */
  current(key: string): CaseRequestRecord[] {
    return [...(this.#current.get(key)?.values() ?? [])];
  }

  /**
   * What a later plan of a few rows found (a row fixed after the dry run, re-checked on its own): its
   * keys this run did not know are kept beside the run's, as found then. The run's next check (from its
   * own, older, time) covers them too, so the send neither looks them up again nor misses a request
   * added since. Keys this run already knows keep what it knows.
   */
  absorb(other: StoredRequests): void {
    if (other.keyField !== this.keyField) return;
    for (const [key, records] of other.#planned) {
      if (this.#planned.has(key)) continue;
      this.#planned.set(key, records);
      this.#current.set(key, new Map(other.#current.get(key) ?? []));
      for (const record of records) this.#keyOfId.set(record.id, key);
      this.#pending.add(key);
    }
    for (const id of other.#readIds) this.#readIds.add(id);
    // Stamps this run has not seen itself: its own (later) reads and writes win.
    for (const [id, millis] of other.#known) if (!this.#known.has(id)) this.#known.set(id, millis);
  }

  /** Whether the plan covered this key (a row the plan did not see is looked up on its own). */
  knows(key: string): boolean {
    return this.#planned.has(key);
  }

  /**
   * A send begins (a trial, then the rest: one plan, several sends): its first row checks again when
   * the records are older than FRESH_SECONDS.
   */
  beginSending(): void {
    this.#sending = false;
    // The sends before this one are over: a write of theirs still without an answer with updated_at
    // (lost, refused, a 204) is no longer taken with any updated_at, and a row of theirs to send again
    // (a retry in the app) is watched as any row still to be sent.
    for (const id of this.#inFlight) this.#known.delete(id);
    this.#inFlight.clear();
    this.#sentIds.clear();
  }

  /**
   * A row's write is about to go out on what the last check knew: counts towards REFRESH_ROWS. Rows
   * that send nothing (unchanged, refused) do not count: they overwrite nothing, and a sheet of
   * unchanged rows costs no checks beyond its time (issue 13: 0 requests per unchanged row).
   */
  sent(id: number): void {
    this.#sentSinceCheck += 1;
    this.#inFlight.add(id);
    this.#sentIds.add(id);
  }

  /**
   * This run wrote request `id`, and Trackops gave `updatedAt` for it in the write's answer (or a read
   * after the write): in a check's window, a record with that updated_at is this write, not a change.
   */
  wrote(id: number, updatedAt: unknown): void {
    const millis = utcMillis(updatedAt);
    if (millis === null) {
      // Stamped anew at an updated_at the run has not seen: a check takes it as it takes a write in flight.
      this.#known.delete(id);
      this.#inFlight.add(id);
      return;
    }
    this.#inFlight.delete(id);
    this.#known.set(id, millis);
  }

  /** The row of `key` is settled: its records need no more checks. */
  settle(key: string): void {
    this.#pending.delete(key);
  }

  /**
   * Checks for changes when the plan (or the last check) is too old; concurrent callers share one
   * check. Throws what the API throws: the row asking has then not been sent.
   */
  async ensureFresh(api: Api, options: FreshnessOptions): Promise<void> {
    const maxAge = this.#sending
      ? (options.refreshSeconds ?? REFRESH_SECONDS)
      : (options.freshSeconds ?? FRESH_SECONDS);
    const rowsDue = this.#sending && this.#sentSinceCheck >= (options.refreshRows ?? REFRESH_ROWS);
    this.#sending = true;
    if (this.#refreshing) return this.#refreshing;
    if (this.#pending.size === 0) return;
    if (!rowsDue && !this.#checkFailed && options.now() - this.#checkedAt < maxAge * 1000) return;
    this.#sentSinceCheck = 0;
    this.#checkFailed = false;
    this.#refreshing = this.#refresh(api, options)
      .catch((error: unknown) => {
        this.#checkFailed = true;
        throw error;
      })
      .finally(() => (this.#refreshing = null));
    return this.#refreshing;
  }

  async #refresh(api: Api, options: FreshnessOptions): Promise<void> {
    const startedAt = options.now();
    const since = searchFrom(this.#checkedAt, api.serverClock);
    const filters: CaseRequestFilters = { updated_from: since, ...EXPAND_FIELD_VALUES };
    const perPage = options.perPage ?? 100;
    this.checks += 1;
    const count = await api.countCaseRequests(filters, perPage, options.signal);
    this.requests += 1;
    if (await this.#onlyKnown(api, filters, since, count.record_count, perPage, options.signal)) {
      this.#checkedAt = startedAt;
      return;
    }
    // A count of 0 is not believed alone (explore 12 item 2: a count from a lagging replica said 0
    // while the list held the request a colleague had added, and the row was created twice): the
    // listing reads its first page whatever the count, and on past a count that is low (list-all.ts).
    // One more request per check when nothing changed.
    // A listing whose server ignored the filter of what came after its pin (list-all.ts says so in its
    // progress) read what came before and not what came after: an edit made while the check ran would
    // be missed and overwritten. Such a check asks for each row's key instead, as one that costs less so does.
    let listed: 'whole' | 'ignored' | null = null;
    if (count.page_count <= this.#pending.size)
      try {
        listed = await this.#listWindow(api, filters, count, perPage, options);
      } catch (error) {
        // Its pages and its count disagree, read again too (a server whose count ignores updated_from,
        // or updated_to, that its list keeps to): each row left is asked for by its key, which needs
        // no time filter. Before, every check failed its row: a row in 40 failed on such a server.
        if (!(error instanceof IncompleteListingError) || options.signal?.aborted) throw error;
      }
    if (listed !== 'whole') {
      const before = this.requests;
      await this.#probeRowsLeft(api, options);
      // Said with the ignored filter (searches-met-words.ts): why the check cost a request per row left.
      if (listed === 'ignored') options.met?.lookedUpInstead('freshness', this.requests - before);
    }
    this.#checkedAt = startedAt;
  }

  /** The window listed whole, or `ignored` when the server ignored the filter of what came after the pin (what it read is taken all the same). */
  async #listWindow(
    api: Api,
    filters: CaseRequestFilters,
    count: { record_count: number; page_count: number },
    perPage: number,
    options: FreshnessOptions,
  ): Promise<'whole' | 'ignored'> {
    // Pages, and the counts the listing asked besides this one (a pin's, a recount: list-all.ts).
    let asked = 0;
    let sinceUnread = false;
    const listing = listHeard(
      api,
      filters,
      {
        perPage,
        knownCount: count.record_count,
        // Its page count too: one above 1 (a server that caps its pages) pins it at once, not after a
        // first page that could only show it (one request more for each).
        knownPages: count.page_count,
        // Its own look-up per row left costs less than reading the whole list the server gives instead.
        stopWhereSinceIgnored: true,
        // Nor the list without a filter its count ignores (the whole account, for updated_from).
        refuseWhereCountDisagrees: true,
        onProgress: (progress) => {
          asked = progress.pages + (progress.countsAsked ?? 0);
          // Only what came since left unread: a server that ignores the pin's own filter (`updated_to`)
          // gave what it bounds in the pinned part, and what came since was read after it.
          sinceUnread ||= progress.pinned?.sinceUnread === true;
        },
        ...(options.signal ? { signal: options.signal } : {}),
      },
      options.met,
      'freshness',
    );
    try {
      for await (const records of listing) for (const record of records) this.#see(record);
    } finally {
      this.requests += asked;
    }
    return sinceUnread ? 'ignored' : 'whole';
  }

  /** Each row left asked for by its key (bounded by the rows left). */
  async #probeRowsLeft(api: Api, options: FreshnessOptions): Promise<void> {
    for (const key of [...this.#pending]) {
      const found = await probe(api, this.keyField, key, EXPAND_FIELD_VALUES, options.signal);
      this.requests += found.requests;
      for (const record of this.current(key)) this.#keyOfId.delete(record.id);
      this.#current.set(key, new Map(found.records.map((record) => [record.id, record])));
      for (const record of found.records) {
        this.#keyOfId.set(record.id, key);
        this.#saw(record);
      }
    }
  }

  /**
   * Whether the window holds only records the run knows as they are: the count equals the known
   * records stamped in the window (each of them is counted: updated_at only moves on), and the pages
   * read, as every check reads its first (a count is never believed alone), hold exactly the known ones
   * the list's order (by id) puts there, as known. Every page that should hold a record of a row still
   * to be sent is read too: a colleague's edit of it moves its updated_at within the window, which the
   * count cannot show, and it is the edit a row must not overwrite. The other pages hold the run's own
   * writes and records of other keys, and are not read. A page that says otherwise (another request,
   * one edited since, a server that orders its lists otherwise) is answered with false, and the check
   * lists the window whole as before.
   *
   * A write of this run in flight (sent before the check began, its answer not in yet) may land before
   * the count, between the count and a page, or after both: its request is taken on a page with
   * whatever updated_at it has, or not there, and the count may hold it or not. Its row's PUT has left,
   * so no edit of it is left to protect (before, one check in a few of a run sending 4 rows at a time
   * listed its whole window for it). A write answered without updated_at (a 204) is taken the same way.
   * Where the count cannot tell whether such writes before a page to read landed (some but not all),
   * the window is listed whole.
   *
   * What is left to the count, on the pages not read: an edit of one of those records (a row already
   * written, a request of no row's key) until the next check lists it, which matters only if it gave the
   * request a key of a row still to be sent; and a count that lags the list by exactly as many of the
   * run's latest writes as it holds of another's edits.
   */
  async #onlyKnown(
    api: Api,
    filters: CaseRequestFilters,
    since: string,
    counted: number,
    perPage: number,
    signal: AbortSignal | undefined,
  ): Promise<boolean> {
    const from = utcMillis(since);
    if (from === null) return false;
    // What the window should hold, by id: the known records stamped in it (as known), and the requests
    // of writes in flight (any updated_at), there for sure when known in the window, else perhaps.
    const expected: Expected[] = [];
    for (const [id, millis] of this.#known) {
      const flying = this.#inFlight.has(id);
      if (millis >= from || flying)
        expected.push({ id, millis: flying ? null : millis, sure: millis >= from });
    }
    for (const id of this.#inFlight)
      if (!this.#known.has(id)) expected.push({ id, millis: null, sure: false });
    expected.sort((a, b) => a.id - b.id);
    const sure = expected.filter((record) => record.sure).length;
    if (expected.length === 0 || counted < sure || counted > expected.length) return false;

    const first = await api.listCaseRequests(filters, { page: 1, perPage }, signal);
    this.requests += 1;
    // Read already: what the page holds is taken, and when it was not as known the whole listing follows.
    for (const record of first) this.#see(record);
    const rest = matchedPage(first, expected);
    if (rest === null) return false;
    // Nothing listed: right only when nothing was there for sure and nothing was counted.
    if (first.length === 0) return counted === 0 && rest.every((record) => !record.sure);
    // More than the window can hold: a request the run never saw.
    if (counted > first.length + rest.length) return false;
    // Pages after the first are read only for the records of rows still to be sent on them.
    const last = rest.findLastIndex((record) => record.millis !== null && this.#watched(record.id));
    if (last < 0) return true;
    // Where they are depends on the writes in flight before them: taken as the count says, none or all
    // of them landed (each of the others is counted for sure).
    const perhaps = rest.filter((record) => !record.sure).length;
    const landed = counted - first.length - (rest.length - perhaps);
    if (rest.slice(0, last).some((record) => !record.sure) && landed > 0 && landed < perhaps) return false;
    const after = rest.filter((record) => record.sure || landed > 0);
    // Pages of the size the server gave (it may cap it below what was asked: list-all.ts).
    const size = first.length;
    for (let start = 0; start < after.length; start += size) {
      const page = after.slice(start, start + size);
      if (!page.some((record) => record.millis !== null && this.#watched(record.id))) continue;
      const records = await api.listCaseRequests(filters, { page: start / size + 2, perPage: size }, signal);
      this.requests += 1;
      for (const record of records) this.#see(record);
      if (!sameRecords(records, page)) return false;
    }
    return true;
  }

  /**
   * Whether request `id` is the record of a row still to be sent: an edit of it must be seen. One this
   * run has sent its write of is not (its row is answered, or settled in a moment: nothing left to protect).
   */
  #watched(id: number): boolean {
    const key = this.#keyOfId.get(id);
    return key !== undefined && this.#pending.has(key) && !this.#sentIds.has(id);
  }

  /** The run has seen `record` as it is: a record of a later window stamped so is no change. */
  #saw(record: CaseRequestRecord): void {
    const millis = utcMillis(record.updated_at);
    if (millis !== null) this.#known.set(record.id, millis);
  }

  /** A record updated since the last check: it replaces what was known, under the key it holds now. */
  #see(record: CaseRequestRecord): void {
    this.#saw(record);
    const was = this.#keyOfId.get(record.id);
    if (was !== undefined) {
      this.#current.get(was)?.delete(record.id);
      this.#keyOfId.delete(record.id);
    }
    const value = record[this.keyField];
    const key = value === null || value === undefined ? '' : String(value).trim();
    if (!this.#pending.has(key)) return;
    this.#current.get(key)?.set(record.id, record);
    this.#keyOfId.set(record.id, key);
  }
}

/** A record a check's window should hold: `millis` null for a write in flight (any updated_at). */
interface Expected {
  id: number;
  millis: number | null;
  /** In the window for sure; else (a write in flight, not known in it) only if it landed. */
  sure: boolean;
}

/**
 * Whether a check's first page is the first of `expected` (skipping writes in flight that did not land):
 * the expected records after it, or null when it is not.
 */
function matchedPage(page: CaseRequestRecord[], expected: Expected[]): Expected[] | null {
  let at = 0;
  for (const record of page) {
    while (at < expected.length && expected[at]!.id < record.id && !expected[at]!.sure) at += 1;
    const next = expected[at];
    if (!next || !sameRecord(record, next)) return null;
    at += 1;
  }
  return expected.slice(at);
}

function sameRecords(records: CaseRequestRecord[], expected: Expected[]): boolean {
  return (
    records.length === expected.length && records.every((record, at) => sameRecord(record, expected[at]!))
  );
}

function sameRecord(record: CaseRequestRecord, expected: Expected): boolean {
  return (
    record.id === expected.id &&
    (expected.millis === null || utcMillis(record.updated_at) === expected.millis)
  );
}
