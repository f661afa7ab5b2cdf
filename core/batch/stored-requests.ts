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
 * What this run wrote itself is known (explore 56 item 2): each write's answer gave the request's
 * updated_at (`wrote`). The window of a check holds those writes (5 minutes of them, listed again at every
 * check: 4-5 requests a check at 1/s, 31 per 40 rows at 10/s), so when the count equals the run's own
 * writes in the window and the first page holds only those, as answered, nothing else changed: the check
 * costs its two requests. Anything else (a request the run did not write, one of its own with another
 * updated_at, a write answered without updated_at, one still in flight) and the listing is read whole.
 *
 * A create run keeps the plan's duplicate check the same way (explore 11 item 1): a request added with a
 * row's key after the plan looked (the same file imported from the command line meanwhile, a colleague
 * typing the claim in) is seen by the same check, and the row is not sent (send-row.ts).
 *
 * The window starts RECONCILE_MARGIN_SECONDS before the last check, and earlier still by as much as this
 * machine's clock is ahead of the server's, as its answers state it (reconcile.ts `searchFrom`, the same
 * rule as the lost-create reconcile). A server that ignores `updated_from` answers with more records: compared one
 * by one, they change nothing but the cost (and past the rows left, probes are used instead).
 */
import { listEveryCaseRequest } from '../api/list-all.ts';
import type { CaseRequestFilters, CaseRequestRecord, TrackopsApi } from '../api/types.ts';
import { EXPAND_FIELD_VALUES } from '../export/spool.ts';
import { probe, type ExistingRequests, type KeyField } from '../validate/find-existing.ts';
import { searchFrom, utcMillis } from './reconcile.ts';
import type { RowOutcome } from '../validate/types.ts';

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
  /** Requests this run wrote, by id: the updated_at (ms) its write was answered with, or read back after it. */
  readonly #ownWrites = new Map<number, number>();
  #checkedAt: number;
  /** Rows sent (a PUT about to go) since the last check: counted by `sent()`. */
  #sentSinceCheck = 0;
  #sending = false;
  #refreshing: Promise<void> | null = null;

  /** `keys`: the match keys of the rows to send; `found`: what the plan's search found for them. */
  constructor(keyField: KeyField, keys: Iterable<string>, found: ExistingRequests) {
    this.keyField = keyField;
    this.#pending = new Set(keys);
    this.#checkedAt = found.searchedAt;
    for (const key of this.#pending) {
      const records = found.byKey.get(key) ?? [];
      this.#planned.set(key, records);
      this.#current.set(key, new Map(records.map((record) => [record.id, record])));
      for (const record of records) this.#keyOfId.set(record.id, key);
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
  }

  /**
   * A row's write is about to go out on what the last check knew: counts towards REFRESH_ROWS. Rows
   * that send nothing (unchanged, refused) do not count: they overwrite nothing, and a sheet of
   * unchanged rows costs no checks beyond its time (issue 13: 0 requests per unchanged row).
   */
  sent(): void {
    this.#sentSinceCheck += 1;
  }

  /**
   * This run wrote request `id`, and Trackops gave `updatedAt` for it in the write's answer (or a read
   * after the write): in a check's window, a record with that updated_at is this write, not a change.
   */
  wrote(id: number, updatedAt: unknown): void {
    const millis = utcMillis(updatedAt);
    if (millis === null) this.#ownWrites.delete(id);
    else this.#ownWrites.set(id, millis);
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
    if (!rowsDue && options.now() - this.#checkedAt < maxAge * 1000) return;
    this.#sentSinceCheck = 0;
    this.#refreshing = this.#refresh(api, options).finally(() => (this.#refreshing = null));
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
    if (await this.#onlyOwnWrites(api, filters, since, count.record_count, perPage, options.signal)) {
      this.#checkedAt = startedAt;
      return;
    }
    // A count of 0 is not believed alone (explore 12 item 2: a count from a lagging replica said 0
    // while the list held the request a colleague had added, and the row was created twice): the
    // listing reads its first page whatever the count, and on past a count that is low (list-all.ts).
    // One more request per check when nothing changed.
    if (count.page_count <= this.#pending.size) {
      // Pages, and the counts the listing asked besides this one (a pin's, a recount: list-all.ts).
      let asked = 0;
      const listing = listEveryCaseRequest(api, filters, {
        perPage,
        knownCount: count.record_count,
        // Its page count too: one above 1 (a server that caps its pages) pins it at once, not after a
        // first page that could only show it (one request more for each).
        knownPages: count.page_count,
        onProgress: (progress) => (asked = progress.pages + (progress.countsAsked ?? 0)),
        ...(options.signal ? { signal: options.signal } : {}),
      });
      try {
        for await (const records of listing) for (const record of records) this.#see(record);
      } finally {
        this.requests += asked;
      }
    } else {
      // More changed than rows left: ask for each row's key instead (bounded by the rows left).
      for (const key of [...this.#pending]) {
        const found = await probe(api, this.keyField, key, EXPAND_FIELD_VALUES, options.signal);
        this.requests += found.requests;
        for (const record of this.current(key)) this.#keyOfId.delete(record.id);
        this.#current.set(key, new Map(found.records.map((record) => [record.id, record])));
        for (const record of found.records) this.#keyOfId.set(record.id, key);
      }
    }
    this.#checkedAt = startedAt;
  }

  /**
   * Whether the window holds only this run's own writes: the count equals the requests the run wrote
   * whose answered updated_at is in the window (each of them is counted: updated_at only moves on), and
   * the first page, read as every check reads it (a count is never believed alone), holds only such
   * records as answered, and the first of them by id (the list's order), as many as it gives. Then no
   * other request changed, and the pages after it, which hold the rest of the run's own writes, are not
   * read. A page that says otherwise (another request, one of ours edited since, a server that orders
   * its lists otherwise) is answered with false, and the check lists the window whole as before.
   * What is left to the count: on the pages not read, a count lagging the list by exactly as many of the
   * run's latest writes as it holds of another's edits would hide those edits from this check (the
   * next check's window covers them again); a window of fewer writes than a page is read whole.
   */
  async #onlyOwnWrites(
    api: Api,
    filters: CaseRequestFilters,
    since: string,
    counted: number,
    perPage: number,
    signal: AbortSignal | undefined,
  ): Promise<boolean> {
    const from = utcMillis(since);
    if (from === null) return false;
    const own = [...this.#ownWrites].filter(([, millis]) => millis >= from);
    if (own.length === 0 || counted !== own.length) return false;
    const page = await api.listCaseRequests(filters, { page: 1, perPage }, signal);
    this.requests += 1;
    const first = own
      .map(([id]) => id)
      .sort((a, b) => a - b)
      .slice(0, page.length);
    const answered = new Map(own);
    const ours = page.every(
      (record, at) => record.id === first[at] && utcMillis(record.updated_at) === answered.get(record.id),
    );
    if (!ours || page.length === 0) {
      // Read already: what it holds is taken, and the whole listing follows.
      for (const record of page) this.#see(record);
      return false;
    }
    for (const record of page) this.#see(record);
    return true;
  }

  /** A record updated since the last check: it replaces what was known, under the key it holds now. */
  #see(record: CaseRequestRecord): void {
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
