/**
 * Every case request a filter matches, page by page, complete only when the server's own count is
 * reached (API-NOTES Tolerance: "a listing is complete only when the server's own count says so").
 *
 * Why not "stop at the first short page" (Known) alone: a server that caps `per_page` below what we ask
 * answers 25 records to a request for 100, and that first page looks like the last. So the count comes
 * first (`mode=count`), the page size is whatever the server really returned, later pages are asked
 * with that size (so our page numbers and the server's agree), and a listing that ends before the count
 * is an error that says so: an export or a reconcile never works from a short list without a word.
 * Nor does the count alone end a listing: one that reaches it on a full page reads on (below).
 */
import { BadResponseError } from './errors.ts';
import type { CaseRequestFilters, CaseRequestRecord, TrackopsApi } from './types.ts';

/** API-NOTES "Assumed": the largest page asked for. The server may give fewer. */
export const LIST_PAGE_SIZE = 100;

export interface ListingProgress {
  /** The server's count of matching requests when the listing began. */
  expected: number;
  /** Distinct requests received so far. */
  received: number;
  /** Pages asked for so far (the count request not included). */
  pages: number;
  /** The page size the server really gives (may be below what was asked). */
  pageSize: number;
  /**
   * The server's count asked again once the list was read, only when the list held more than the first
   * count (one request, on that rare path alone): at least what was listed means the account grew while
   * it was read (colleagues adding requests), not a wrong count. Null when asking again failed. Also
   * the count asked before the list was read again because it moved (`moved`).
   */
  recount?: number | null;
  /**
   * Set when a page repeated records an earlier page gave (the list moved while it was read, and a
   * request may have been on no page): the list was then read again from the start, whole.
   */
  moved?: ListingMove;
  /**
   * Requests one page listed more than once (explore 35: a server-side JOIN gives a request one row per
   * joined item). Each is yielded once; the caller says which, so no one wonders why the server's
   * rows and the requests read differ. Absent when no page did.
   */
  listedTwice?: ListedTwice[];
}

/** A request one page of the list gave more than once. */
export interface ListedTwice {
  id: number;
  /** Its request number when the record carries one ("REQ-00001"). */
  number?: string;
  page: number;
  /** How many times that page gave it (2 or more). */
  times: number;
}

/** Where a reading of the list first repeated itself: the page, and how many of its records. */
export interface ListingMove {
  page: number;
  repeated: number;
}

export interface ListAllOptions {
  signal?: AbortSignal;
  /** Page size to ask for; default LIST_PAGE_SIZE. */
  perPage?: number;
  dir?: 'asc' | 'desc';
  /** The server's count for these filters when the caller has just asked it (spares a request). */
  knownCount?: number;
  /** Called once the count is known, and after every page. */
  onProgress?: (progress: ListingProgress) => void;
}

/** A listing that could not be completed: the server's pages and its count disagree. */
export class IncompleteListingError extends BadResponseError {
  readonly expected: number;
  readonly received: number;

  constructor(message: string, path: string, expected: number, received: number) {
    super(message, { method: 'GET', path }, '');
    this.expected = expected;
    this.received = received;
  }
}

/**
 * Yields the records page by page (each page's new records; duplicates across pages dropped), after
 * checking each page against the count. Throws IncompleteListingError when the pages end short of it,
 * or when they overran it and then repeated themselves (the end cannot be known).
 *
 * The count is not trusted to end a listing on its own: a count served from a lagging replica or a cache
 * may be lower than the list (explored: pages of 10, a count 10 short, an export 6 short and duplicates
 * created). So a listing that reaches the count on a full page reads on until a page comes back short,
 * empty or repeating, and the records past the count are kept (`received` > `expected`: the caller says
 * so, see beyondCountWords). In the normal case this costs nothing: the last page is shorter than the
 * page size. When the count is an exact multiple of the page size (1 listing in 100 with pages of 100)
 * the last page is full and one more page is asked, which comes back empty: the one request that tells a
 * right count from one short by a whole number of pages. A short first page whose length is the count is
 * believed (it may be a cap, but nothing else says so, and believing a right count costs nothing).
 */
export async function* listEveryCaseRequest(
  api: Pick<TrackopsApi, 'listCaseRequests' | 'countCaseRequests'>,
  filters: CaseRequestFilters,
  options: ListAllOptions = {},
): AsyncGenerator<CaseRequestRecord[]> {
  const asked = options.perPage ?? LIST_PAGE_SIZE;
  const dir = options.dir ?? 'asc';
  const expected =
    options.knownCount ?? (await api.countCaseRequests(filters, asked, options.signal)).record_count;
  // Every record yielded, over both readings when the list moved: each is yielded once.
  const yielded = new Set<number>();
  const progress: ListingProgress = { expected, received: 0, pages: 0, pageSize: asked };
  options.onProgress?.({ ...progress });
  const where = describe(filters);
  let perPage = asked;
  const moved = yield* readOnce(expected);
  if (!moved) return;
  // A page repeated records an earlier page gave: the list moved while it was read (a request added or
  // taken out in front of where the reading was shifts the pages), and a request can then be on no
  // page, though the distinct total still meets the count. So the count is asked again and the list
  // read again from the start (the rare path alone: a still list never repeats), records the first
  // reading gave not yielded twice; a second reading that moves too is refused.
  progress.moved = moved;
  progress.recount = (await api.countCaseRequests(filters, asked, options.signal)).record_count;
  options.onProgress?.({ ...progress });
  const movedAgain = yield* readOnce(progress.recount);
  if (!movedAgain) return;
  throw new IncompleteListingError(
    `Trackops's list ${where} moved while it was read, twice: page ${moved.page} repeated ${repeatedWords(moved)}, ` +
      `and reading it again from the start, page ${movedAgain.page} repeated ${repeatedWords(movedAgain)}. ` +
      'Requests added or deleted while the list is read shift its pages, so a request can be on no page: ' +
      'nothing was left out silently. Run it again when fewer people are at work in Trackops; ' +
      "if it persists, the server's paging does not work as expected (run trackops-bulk check).",
    `case/requests?per_page=${perPage}`,
    progress.recount,
    progress.received,
  );

  /**
   * One reading of the list from page 1 against `count`: the first page that repeated records an
   * earlier page of this reading gave, when one did (null when the list kept still).
   */
  async function* readOnce(count: number): AsyncGenerator<CaseRequestRecord[], ListingMove | null> {
    const seen = new Set<number>();
    const counted = `The server counted ${plural(count, 'case request')} ${where}`;
    let repeat: ListingMove | null = null;
    for (let page = 1; ; page++) {
      const records = await api.listCaseRequests(filters, { page, perPage, dir }, options.signal);
      progress.pages += 1;
      // The page's distinct requests, each at its first place: one the page gives twice (a JOIN on the
      // server) is one request, written once and said (listedTwice), and neither a repeat of an earlier
      // page (the list did not move) nor a request more towards the count. Taken apart before anything
      // is counted: counting the page whole let both copies through (explore 35 item 2).
      const distinct = distinctOnPage(records, page);
      const repeated = distinct.filter((record) => seen.has(record.id)).length;
      const before = seen.size;
      for (const record of distinct) seen.add(record.id);
      const fresh = seen.size - before;
      const news = distinct.filter((record) => !yielded.has(record.id));
      for (const record of news) yielded.add(record.id);
      progress.received = yielded.size;
      // The page size is the server's rows (a doubled request takes a row of the page); whether the
      // first page is the whole list is a matter of distinct requests against the count.
      if (page === 1 && records.length > 0 && records.length < perPage && distinct.length !== count) {
        // Shorter than asked and not the count: the server capped the page (fewer than counted), or the
        // count is low (more than counted). Either way its page size is what it gave: every later page is
        // asked with it, so page N means the same records to both sides.
        perPage = records.length;
      }
      progress.pageSize = perPage;
      options.onProgress?.({ ...progress });
      if (news.length > 0) yield news;
      // Part of a page repeating earlier pages is a list that moved; a whole page repeating is below.
      if (repeated > 0 && fresh > 0) repeat ??= { page, repeated };
      const full = records.length >= perPage;
      if (records.length === 0 || fresh === 0) {
        // Past the count, an empty page is the end. A repeated page is the end only when the count was
        // met exactly (a server that ignores `page` on a list of exactly one page); after a list that
        // overran its count, a repeat leaves the real end unknown.
        if (seen.size === count) return repeat;
        if (seen.size > count && records.length === 0) return repeat ?? (await recount());
        const how =
          records.length === 0
            ? 'was empty'
            : 'repeated earlier records (the server may ignore the page number)';
        const moving = repeat
          ? ` (page ${repeat.page} repeated ${repeatedWords(repeat)} already: the list moved while it was read)`
          : '';
        throw new IncompleteListingError(
          seen.size < count
            ? `${counted}, but its pages ended after ${seen.size}: page ${page} ${how}${moving}. Nothing was left out silently. ` +
                (records.length === 0
                  ? "Requests deleted while the list was read can do this: run it again, and if it persists the server's " +
                    'paging or its count does not work as expected (run trackops-bulk check).'
                  : "The server's paging does not work as expected (run trackops-bulk check).")
            : `${counted}, but its pages held more (${seen.size} so far), and then page ${page} ${how}${moving}: ` +
                `neither the count nor the pages say where the list ends, so it cannot be read whole. ` +
                `The server's count or its paging does not work as expected (run trackops-bulk check).`,
          `case/requests?page=${page}&per_page=${perPage}`,
          count,
          seen.size,
        );
      }
      // A moved list is read again (the caller), which asks the count anew: no recount here.
      if (!full && seen.size > count) return repeat ?? (await recount());
      if (!full && seen.size >= count) return repeat;
    }
  }

  /** The records of one page, each request once, noting in `progress` any the page gave again. */
  function distinctOnPage(records: CaseRequestRecord[], page: number): CaseRequestRecord[] {
    const times = new Map<number, number>();
    for (const record of records) times.set(record.id, (times.get(record.id) ?? 0) + 1);
    if (times.size === records.length) return records;
    const placed = new Set<number>();
    const distinct = records.filter((record) => !placed.has(record.id) && placed.add(record.id));
    for (const record of distinct) {
      const given = times.get(record.id)!;
      // A list read twice (it moved) may give the same page's double again: said once.
      if (given < 2 || progress.listedTwice?.some((known) => known.id === record.id && known.page === page))
        continue;
      const number = record.case_request_number;
      progress.listedTwice = [
        ...(progress.listedTwice ?? []),
        {
          id: record.id,
          ...(typeof number === 'string' && number !== '' ? { number } : {}),
          page,
          times: given,
        },
      ];
    }
    return distinct;
  }

  /**
   * The list held more than the count: the count again, once, says whether the account grew while it
   * was read (the normal case on a large account at 1 request/s: a 25,000-request listing takes minutes)
   * or the count is wrong.
   */
  async function recount(): Promise<null> {
    try {
      progress.recount = (await api.countCaseRequests(filters, asked, options.signal)).record_count;
    } catch (error) {
      // The list is whole either way; only the reason for the difference is then unknown.
      if (options.signal?.aborted) throw error;
      progress.recount = null;
    }
    options.onProgress?.({ ...progress });
    return null;
  }
}

/**
 * In words, the requests a page of the list gave more than once (null when none did): which, where, and
 * that each was `done` once ("written", "checked"). For an export's notes and a dry run's summary.
 */
export function listedTwiceWords(
  listedTwice: readonly ListedTwice[] | undefined,
  done: string,
): string | null {
  if (!listedTwice || listedTwice.length === 0) return null;
  const shown = listedTwice.slice(0, 5).map((entry) => {
    const name = entry.number ? `${entry.number} (id ${entry.id})` : `id ${entry.id}`;
    return `${name} ${entry.times === 2 ? 'twice' : `${entry.times} times`} on page ${entry.page}`;
  });
  const more = listedTwice.length > 5 ? ` and ${listedTwice.length - 5} more` : '';
  // Why a server does this, so the clerk does not think the account holds the request twice.
  const why = 'as a server that joins another table to its list can';
  return listedTwice.length === 1
    ? `Trackops's list gave request ${shown[0]} (${why}); it is one request, ${done} once`
    : `Trackops's list gave ${listedTwice.length} requests more than once on one page (${why}): ` +
        `${shown.join(', ')}${more}; each is one request, ${done} once`;
}

/** "1 request an earlier page gave". */
function repeatedWords(move: ListingMove): string {
  return `${plural(move.repeated, 'request')} an earlier page gave`;
}

/**
 * In words, when a listing held more requests than the server's count said (null otherwise): every one
 * was read; the account grew while it was read when the count asked again at the end agrees (the server
 * is fine), else the count cannot be trusted. For an export's notes. `done` says what was done with
 * every one ("read", "checked").
 */
export function beyondCountWords(
  progress: Pick<ListingProgress, 'expected' | 'received' | 'recount' | 'moved'>,
  done = 'read',
): string | null {
  if (progress.moved) return movedWords(progress, done);
  if (progress.received <= progress.expected) return null;
  if (grewWhileListed(progress)) return addedWhileListedWords(progress.received - progress.expected, done);
  return countBelowListWords(progress, done);
}

/**
 * In words, a list that moved while it was read and was read again (both counts, and what every
 * request of the two readings got): the user learns why the listing took twice the requests, and that
 * no request was left out for it.
 */
export function movedWords(
  progress: Pick<ListingProgress, 'expected' | 'received' | 'recount' | 'moved'>,
  done: string,
): string {
  const move = progress.moved!;
  const counts =
    typeof progress.recount === 'number' && progress.recount !== progress.expected
      ? `Trackops counted ${progress.expected.toLocaleString('en-US')} before and ${progress.recount.toLocaleString('en-US')} after`
      : `Trackops counted ${plural(progress.expected, 'case request')} both times`;
  return (
    `Trackops's list moved while it was read (page ${move.page} repeated ${repeatedWords(move)}: ` +
    'a request added or deleted meanwhile shifts the pages and can leave one on no page), so it was read ' +
    `again from the start: ${counts}, and all ${progress.received.toLocaleString('en-US')} requests the two ` +
    `readings held were ${done}`
  );
}

/**
 * The list held more than the count and the count asked again did not explain it: every one was
 * `done` all the same; whether the count is wrong or the account grew is said as far as it is known.
 */
export function countBelowListWords(
  progress: Pick<ListingProgress, 'expected' | 'received' | 'recount'>,
  done: string,
): string {
  const listed = progress.received.toLocaleString('en-US');
  const start =
    `Trackops counted ${plural(progress.expected, 'case request')}, but its list held ${listed}: ` +
    `all ${listed} were ${done} (the tool reads on until a short page).`;
  if (progress.recount === null)
    return (
      `${start} Asking the count again at the end failed, so whether requests were added while the list was read ` +
      `or the count is wrong is not known (run trackops-bulk check)`
    );
  if (typeof progress.recount === 'number')
    return `${start} Asked again at the end, it counted ${progress.recount.toLocaleString('en-US')}: its count is not reliable (run trackops-bulk check)`;
  return `${start} Its count is not reliable (run trackops-bulk check)`;
}

/** Every matching record in one array (for listings small enough to hold). */
export async function listAllCaseRequests(
  api: Pick<TrackopsApi, 'listCaseRequests' | 'countCaseRequests'>,
  filters: CaseRequestFilters,
  options: ListAllOptions = {},
): Promise<CaseRequestRecord[]> {
  const all: CaseRequestRecord[] = [];
  for await (const page of listEveryCaseRequest(api, filters, options)) all.push(...page);
  return all;
}

/** Parameters the tool adds to a listing that do not narrow it: never named as if they were filters. */
const NOT_FILTERS: ReadonlySet<string> = new Set(['expand_field_values']);

function describe(filters: CaseRequestFilters): string {
  const parts = Object.entries(filters)
    .filter(([key, value]) => value !== undefined && value !== '' && !NOT_FILTERS.has(key))
    .map(([key, value]) => `${key}=${String(value)}`);
  return parts.length ? `for ${parts.join(', ')}` : 'in the account';
}

/** True when the count asked again at the end is at least what the list held: requests were added meanwhile. */
export function grewWhileListed(progress: Pick<ListingProgress, 'received' | 'recount'>): boolean {
  return typeof progress.recount === 'number' && progress.recount >= progress.received;
}

/** "2 requests were added while the list was read; all were checked". */
export function addedWhileListedWords(added: number, done: string): string {
  return `${plural(added, 'request')} ${added === 1 ? 'was' : 'were'} added while the list was read; all were ${done}`;
}

function plural(count: number, word: string): string {
  return `${count.toLocaleString('en-US')} ${word}${count === 1 ? '' : 's'}`;
}
