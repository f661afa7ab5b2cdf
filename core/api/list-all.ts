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
import { plural } from './plural.ts';
import { BadResponseError } from './errors.ts';
import {
  PIN_MARGIN_SECONDS,
  pinField,
  pinFilterName,
  pinListing,
  pinnedMillis,
  pinnedText,
  pastBoundsMinute,
  sinceFilterName,
  sinceEndMillis,
  sinceStartMillis,
  utcText,
  type IgnoredPin,
  type ListingPin,
  type StampedRecord,
} from './listing-pin.ts';
import { serverMillisAt } from './server-clock.ts';
import { recordOutsideFilters, type IgnoredFilter } from './outside-filter.ts';
import {
  countIgnoredListingWords,
  countIgnoredWords,
  keepsToFilter,
  stampedFiltersOf,
  type CountIgnoredFilter,
} from './count-ignored-filter.ts';
import type { CaseRequestFilters, CaseRequestRecord, TrackopsApi } from './types.ts';
import type { ConnectionWords } from './connection-words.ts';
import { MAPPING_FILE_WORDS } from '../problems/mapping-words.ts';
import { capitalised } from '../problems/ways-out.ts';
import { thousands } from '../thousands.ts';

/** What a listing asks of the API (the server's clock pins it: listing-pin.ts). */
export type ListingApi = Pick<
  TrackopsApi,
  'listCaseRequests' | 'countCaseRequests' | 'serverClock' | 'words'
>;

/**
 * The connection's check, as the verb ("run trackops-bulk check", the app's "use Test connection on the
 * Connection screen"), from the host's words; the command line's for an api made without them.
 */
const runCheck = (words: Pick<ConnectionWords, 'runCheck'> | undefined): string =>
  (words ?? MAPPING_FILE_WORDS).runCheck();

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
  /**
   * Set when a reading ended short of its count (a request left the list while it was read: deleted, or
   * accepted into a case): the list was then counted (`recount`) and read again from the start, whole.
   */
  leftWhileRead?: ListingShort;
  /** Set when the listing was pinned at a moment (listing-pin.ts): the bound, and what came after it. */
  pinned?: PinnedListing;
  /**
   * A listing one page held, never pinned: its requests stamped later than the server's own clock said
   * when they were listed (a pinned listing finds them in what came since: PinnedListing.ahead).
   */
  ahead?: AheadOfClock & { field: PinnedListing['field'] };
  /**
   * A listing one page held, never pinned: the first record it gave plainly outside one of its time
   * filters (outside-filter.ts), so the server seems to ignore that filter (a pinned listing finds that
   * in its parts: PinnedListing.ignored).
   */
  ignored?: IgnoredFilter;
  /**
   * Set when the server's count ignored a time filter its list keeps to (count-ignored-filter.ts): the
   * pages ended short of the count twice, and the count without that filter said as many. The list was
   * then read without it, whole against its own count.
   */
  countIgnored?: CountIgnoredFilter;
  /**
   * Counts the listing asked besides its first (the pinned part's, the count again after a move or a
   * short reading, or past the count, what came since the pin): for the callers' tally of requests.
   */
  countsAsked?: number;
}

/** Where a reading of the list ended short of its count. */
export interface ListingShort {
  page: number;
  /** Distinct requests that reading gave, and the count it was read against. */
  received: number;
  expected: number;
}

/**
 * What a part of a listing read again says: the listing's own fields for the pinned part (or a listing
 * without a pin), PinnedListing.readAgain for what came since.
 */
export type PartNotes = Pick<ListingProgress, 'moved' | 'leftWhileRead' | 'recount'>;

/** A listing pinned at `bound` (listing-pin.ts): the requests entered since were read after the rest. */
export interface PinnedListing {
  field: ListingPin['field'];
  bound: string;
  /** Requests entered (or, for `updated`, changed) since the bound and read after the rest: those not read before. */
  since: number;
  /**
   * Pages asked of what came since the bound (in ListingProgress.pages too): a summary says them apart
   * from the pages of the list it counted ("36 requests in 1 page, and 1 page of what came since").
   */
  pages: number;
  /** Set when what came since was read again from the start (its list moved, or ended short of its count). */
  readAgain?: PartNotes;
  /**
   * Of `since`, those entered after the pin was put (their timestamp past the bound and its margin):
   * added while the list was read, which is what is said; the others came in the minutes before.
   */
  during: number;
  /**
   * Set when the server gave a record on the wrong side of the bound, beyond the bound's minute (a
   * server that reads its filters to the minute keeps to them, only coarser): it seems to ignore the
   * filter.
   */
  ignored?: IgnoredPin;
  /**
   * Set when what came since the bound was not read: its filter was ignored and the caller asked the
   * listing to stop there (ListAllOptions.stopWhereSinceIgnored). Else the listing holds it.
   */
  sinceUnread?: true;
  /** Of `since`, those stamped after the server's own time when listed (not in `during`). */
  ahead?: AheadOfClock;
  /**
   * Set when the count of what came since was below what its first page gave (a count that lags its
   * list: a replica's, a cache's): every request listed was read all the same, and this says so.
   */
  countBelow?: {
    counted: number;
    listed: number;
    /** Where that part began, "YYYY-MM-DD HH:MM:SS" UTC (a second before the bound, or the caller's start). */
    from: string;
  };
}

/**
 * Requests stamped later than the server's own clock said when they were listed (a server stamping
 * local time east of UTC, a database clock ahead of the web server's): read with the rest, and said as
 * what they are, never as requests added while the list was read (they were there before).
 */
export interface AheadOfClock {
  count: number;
  /** The first one read, to name in words. */
  first: StampedRecord;
  /** The server's time when it was listed, "YYYY-MM-DD HH:MM:SS" UTC (its Date header, as kept). */
  clock: string;
}

/** How one reading of the list ended. */
type ReadingOutcome =
  { kind: 'whole' } | { kind: 'moved'; move: ListingMove } | { kind: 'short'; short: ListingShort };

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
  /**
   * With `knownCount`: the server's page count in the same answer. More than one says the list is
   * longer than a page (a server that caps its pages below what was asked counts them by its own
   * size), so it is pinned at once, without a first page that could only show it.
   */
  knownPages?: number;
  /** Called once the count is known, and after every page. */
  onProgress?: (progress: ListingProgress) => void;
  /**
   * A pinned listing whose server ignores the filter of what came since (`created_from_system`,
   * `updated_from`) reads what came after the bound in the whole list the server gives instead (the
   * caller's, without that filter: often the whole account). A caller with a cheaper way to find what
   * came after (a look-up per row still to be sent) sets this: the listing then ends after the pinned
   * part, and PinnedListing.sinceUnread says that what came after it was not read.
   */
  stopWhereSinceIgnored?: boolean;
  /**
   * A listing whose pages end short of its count twice asks, before it is refused, whether the count
   * ignores one of its time filters (count-ignored-filter.ts), and then reads the list without it, which
   * may be the whole account. A caller with a cheaper way (a look-up per row, by its key) sets this: the
   * listing is then refused as it always was, with not a request more, and the caller takes its way.
   */
  refuseWhereCountDisagrees?: boolean;
}

/**
 * Turns of the windows of what came since a pin (readInWindows) allowed before any request is read,
 * and per page of requests read: a server whose time filters work needs a few dozen turns a page (the
 * cuts of a window down to its second, about 30 for a year); past that the reading is refused.
 */
const WINDOW_TURNS_FREE = 200;
const WINDOW_TURNS_PER_PAGE = 64;

/**
 * How far past the server's time (its Date header, whole seconds, written before the answer left) a
 * record's stamp may be and still be of the server's clock: the header's rounding and the way back.
 */
const AHEAD_TOLERANCE_MS = 2000;

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
 *
 * A listing that proves longer than one page (its count, its page count, or a short first page) is
 * pinned (listing-pin.ts): counted again and read as the requests entered up to a bound already past,
 * which nothing can enter while it is read: distinct ids that reach the count are then exactly the
 * counted set, whatever the server's order, and a request that left shows as a reading short of the
 * count, read again once (explore 53: a request leaving and one arriving balanced the count, and a third
 * was on no page). What was entered since the bound is read after it, each request yielded once. Every
 * listing is held to that rule: a dry run's and an export's, and the searches during a send (a create's
 * reconcile, the resume's sweep, a freshness check), where one that decides whether a create already
 * landed must not miss a request the account held all along. A list one page holds is one answer of
 * the server and needs no pin: the count and the page.
 */
export async function* listEveryCaseRequest(
  api: ListingApi,
  filters: CaseRequestFilters,
  options: ListAllOptions = {},
): AsyncGenerator<CaseRequestRecord[]> {
  const asked = options.perPage ?? LIST_PAGE_SIZE;
  const dir = options.dir ?? 'asc';
  let pin: ListingPin | null = null;
  // Every listing (a dry run's, an export's, and the searches made during a send: the freshness check,
  // a reconcile, the resume's sweep, revert's check, a key's probe) pins itself here, once its count or
  // its first page proves it longer than one page: a list one page holds is one answer, which nothing
  // can shift, and a pin put before the count cost a long list nothing but a one-page list a third
  // request (its page "since the pin"). Without a clock of the server's answers (none the tool builds)
  // there is nothing to pin by. The pin is always put after an answer (the count), so by the server's
  // time as its Date header states it.
  const pinWhenLong = api.serverClock !== undefined;
  const counted =
    options.knownCount === undefined ? await api.countCaseRequests(filters, asked, options.signal) : null;
  const expected = counted?.record_count ?? options.knownCount!;
  const countedPages = (counted ? counted.page_count : options.knownPages) ?? 0;
  // Every record yielded, over both readings when the list moved: each is yielded once.
  const yielded = new Set<number>();
  // Requests the pinned part gave stamped from where what came since begins: none on a server that
  // keeps to the pin's filter; on one that does not, what came since may be all among them (readSince).
  const pinnedSinceIds = new Set<number>();
  const progress: ListingProgress = { expected, received: 0, pages: 0, pageSize: asked };
  const where = describe(filters);
  let perPage = asked;
  // The most records any page of this listing gave: a server's page cap, if it has one, is at least that.
  let largestPage = 0;
  // Pages asked before what came since a pin was read: those after are that part's (PinnedListing.pages).
  let sincePagesFrom: number | null = null;
  if (pinWhenLong) {
    if (expected < asked && countedPages <= 1) {
      // A list one page holds whole is one answer of the server: nothing can shift within it, so it
      // needs no pin, and costs the count and the page. So is a first page that holds more than the
      // count (a count that lags: read on as ever, and a pin, proved by the count, would prove
      // nothing). Only a short page with fewer requests than counted (a server that caps its pages
      // and did not count by them, or one left meanwhile) means pages to come: pinned.
      const first = await api.listCaseRequests(filters, { page: 1, perPage: asked, dir }, options.signal);
      if (first.length >= asked || new Set(first.map((record) => record.id)).size >= expected) {
        // No pin, so no part of what came since to find requests stamped after the server's clock in:
        // they are looked for in the records read, by the clock the page's answer stated (no request more).
        for await (const records of readWhole(expected, filters, true, progress, first)) {
          if (tallyAheadUnpinned(records)) tell();
          progress.ignored ??= recordOutsideFilters(records, filters) ?? undefined;
          if (progress.ignored) tell();
          yield records;
        }
        return;
      }
      // Not yielded: the pinned reading gives its records again.
      progress.pages += 1;
      largestPage = first.length;
    }
    pin = pinListing(filters, api.serverClock);
    // A caller's window that closed before the pin's time (`since` null) is already a still list.
    if (pin?.since) progress.expected = await count(pin.pinned);
    else pin = null;
  }
  if (pin?.since) progress.pinned = { field: pin.field, bound: pin.bound, since: 0, during: 0, pages: 0 };
  tell();
  // A pinned part counted empty, of a caller's window with a start of its own (a freshness check a moment
  // after the last, a reconcile of the last minutes): its page is not asked. What came since is read from
  // the caller's start instead, so a count that lags (it said 0 while the list held a request: explore 12
  // item 2) is still not believed alone, and an empty part costs its count only (before: a page more).
  if (
    pin?.since &&
    progress.expected === 0 &&
    typeof filters[pin.field === 'created' ? 'created_from_system' : 'updated_from'] === 'string'
  )
    pin = { ...pin, since: { ...filters } };
  else yield* readWhole(progress.expected, pin?.pinned ?? filters, true, progress);
  if (!pin?.since) return;
  // Read even when the pinned part gave a request entered after the bound (`ignored`): a server that
  // ignores the pin's filter gave everything there, but one that reads it coarser than asked (to the
  // minute: `created_to_system=… 10:04:37` as all of 10:04) gave only up to the end of that minute, and
  // stopping here left out every request entered since (a resume's own create in doubt sent again, an
  // export short). On a server that truly ignores it, what came since is one page of requests read.
  yield* readSince(pin, pin.since);

  /** Tells the caller where the listing is (after the count and after every page). */
  function tell(): void {
    if (sincePagesFrom !== null && progress.pinned) progress.pinned.pages = progress.pages - sincePagesFrom;
    options.onProgress?.({ ...progress });
  }

  /**
   * One part of the listing read whole against `first` (its count): a reading that moved (a page
   * repeated an earlier one) or ended short of its count (a request left the list while it was read)
   * is counted and read again from the start, once, records the first reading gave not yielded twice;
   * a second reading that fails too is refused. Within a pinned part a short reading can only be a
   * request that left the list: the count the second reading is checked against is asked again.
   * `notes` is where the part's re-reading is said: the listing's own for the pinned part, its own for
   * what came since (that part's words never take the place of the pinned part's). `firstPage`: page 1
   * of the first reading, already asked.
   */
  async function* readWhole(
    first: number,
    partFilters: CaseRequestFilters,
    pinnedPart: boolean,
    notes: PartNotes,
    firstPage?: CaseRequestRecord[],
  ): AsyncGenerator<CaseRequestRecord[]> {
    const outcome = yield* readOnce(first, partFilters, pinnedPart, notes, firstPage);
    if (outcome.kind === 'whole') return;
    if (outcome.kind === 'moved') notes.moved = outcome.move;
    else notes.leftWhileRead = outcome.short;
    notes.recount = await count(partFilters);
    tell();
    const again = yield* readOnce(notes.recount, partFilters, pinnedPart, notes);
    if (again.kind === 'whole') return;
    // Short twice: before the refusal, whether the count ignores a filter the list keeps to (nothing
    // asked on a server whose count and list agree: it never comes here).
    if (
      again.kind === 'short' &&
      !options.refuseWhereCountDisagrees &&
      (yield* readWhereCountIgnores(partFilters, pinnedPart, notes, again.short))
    )
      return;
    const moving = outcome.kind === 'moved' && again.kind === 'moved';
    throw new IncompleteListingError(
      `Trackops's list ${where} ${moving ? 'moved while it was read' : 'could not be read whole'}, twice: ` +
        `${outcomeWords(outcome)}, and reading it again from the start, ${outcomeWords(again)}. ` +
        'Requests added or deleted while the list is read shift its pages, so a request can be on no page: ' +
        'nothing was left out silently. Run it again when fewer people are at work in Trackops; ' +
        `if it persists, the server's paging${[outcome, again].some((one) => one.kind === 'short') ? ' or its count' : ''} ` +
        `does not work as expected (${runCheck(api.words)}).`,
      `case/requests?per_page=${perPage}`,
      notes.recount,
      again.kind === 'short' ? again.short.received : progress.received,
    );
  }

  /**
   * A part whose pages ended short of its count twice (`short`, the second reading): one count without
   * each of its time filters in turn (count-ignored-filter.ts) says whether the count ignores it (as
   * many without it). The first that does is dropped, and the list without it is read whole against
   * its own count (refused in words naming the filter if that fails too); the caller's own value of
   * that filter is kept here by the records' stamps (also where the pin's bound stood in its place: an
   * export's own --created-to-system later than the pin), and the pin's bound alone needs no keeping:
   * what lies past it is part of the listing all the same, and what came since gives it once. A record the
   * filter leaves out is read, not yielded, and never wanted later: every other part of the listing is
   * within the caller's filters. False (nothing read) when no filter explains the count.
   */
  async function* readWhereCountIgnores(
    partFilters: CaseRequestFilters,
    pinnedPart: boolean,
    notes: PartNotes,
    short: ListingShort,
  ): AsyncGenerator<CaseRequestRecord[], boolean> {
    for (const filter of stampedFiltersOf(partFilters)) {
      const { [filter]: value, ...without } = partFilters;
      const withoutCount = await count(without);
      if (withoutCount !== short.expected) continue;
      // The caller's own value of that filter, if any, is kept here; the pin's (a bound of the tool's
      // own, in its place or in addition) needs no keeping (above).
      const own = filters[filter];
      const keptByTool = typeof own === 'string' && own !== '';
      const droppedPin = value !== own;
      const found: CountIgnoredFilter = {
        filter,
        value: value!,
        counted: short.expected,
        listed: short.received,
        keptByTool,
      };
      progress.countIgnored ??= found;
      // The readings short of the count were the count's doing, not requests leaving the list, nor a
      // page cap: a short first page taken for one (readOnce) is forgotten, and the next first page
      // shows the server's cap if it has one.
      perPage = asked;
      delete notes.leftWhileRead;
      delete notes.moved;
      delete notes.recount;
      tell();
      // Without the pin's own bound, the reading is not a pinned part: records past the bound are
      // expected there, and are no sign of a filter ignored by the list.
      const reading = readWhole(withoutCount, without, pinnedPart && !droppedPin, notes);
      for (;;) {
        let step: IteratorResult<CaseRequestRecord[]>;
        try {
          step = await reading.next();
        } catch (error) {
          // Refused without the filter too: said with what the server did with it, then why.
          if (!(error instanceof IncompleteListingError)) throw error;
          throw new IncompleteListingError(
            // Its words name the list as read (without the filter), not as the caller asked for it.
            `${countIgnoredWords(found)}. Read without that filter: ${error.message.replace(`list ${where}`, `list ${describe(without)}`)}`,
            `case/requests?per_page=${perPage}`,
            error.expected,
            error.received,
          );
        }
        if (step.done) break;
        yield keptByTool ? keptRecords(step.value, found, own) : step.value;
      }
      tell();
      return true;
    }
    return false;
  }

  /**
   * The records that keep to the caller's `own` value of the filter the count ignored; refused when one
   * has no stamp to tell by.
   */
  function keptRecords(
    records: CaseRequestRecord[],
    found: CountIgnoredFilter,
    own: string,
  ): CaseRequestRecord[] {
    return records.filter((record) => {
      const keeps = keepsToFilter(record, found.filter, own);
      if (keeps !== null) return keeps;
      const stamp = found.filter.startsWith('created') ? 'created_at' : 'updated_at';
      throw new IncompleteListingError(
        `${countIgnoredWords(found)}, and the list without it cannot be held to it here: request ` +
          `${record.case_request_number ?? `id ${record.id}`} carries no ${stamp} the tool can read. So the list ` +
          `${where} cannot be read whole: nothing was left out silently. ${capitalised(runCheck(api.words))}, ` +
          'and tell whoever runs Trackops that its count ignores this filter.',
        `case/requests?per_page=${perPage}`,
        found.counted,
        found.listed,
      );
    });
  }

  /**
   * What entered the list since the pin's bound (listing-pin.ts): usually nothing, or a few requests
   * on one page, so one page is asked first (one request when nothing came). A page shorter than any
   * the server gave is the last; one as long, its count says whether it was the whole part, and only a
   * part longer than the page is read whole against that count. A record entered before the bound's
   * minute means the server ignores the filter: it is said, and what came since is looked for in the
   * whole list it gives instead. After a pinned part that gave records past the bound's minute, a part
   * longer than a page is not read in windows of time (below).
   */
  async function* readSince(
    pinned: ListingPin,
    sinceFilters: CaseRequestFilters,
  ): AsyncGenerator<CaseRequestRecord[]> {
    const listedBefore = yielded.size;
    sincePagesFrom = progress.pages;
    const records = await api.listCaseRequests(sinceFilters, { page: 1, perPage, dir }, options.signal);
    progress.pages += 1;
    const distinct = distinctOnPage(records, progress.pages);
    // Before the minute where what came since begins (a second before the bound: listing-pin.ts).
    const start = { boundMillis: sinceStartMillis(pinned) };
    const early = distinct.find((record) => pastBoundsMinute(pinnedMillis(record, pinned), start, 'before'));
    // Records without a time the tool can read (a list that leaves created_at out) cannot show the
    // filter ignored by their stamps. A full page of what came since holding only requests the pinned
    // part gave shows it all the same: what entered after the bound was not there to be given before.
    // Without this, windows of time were cut on a list that never narrowed, 200 of them (a request
    // each) before the listing was refused.
    const unstamped =
      !early &&
      records.length >= Math.max(1, largestPage) &&
      distinct.length > 0 &&
      distinct.every((record) => yielded.has(record.id) && pinnedMillis(record, pinned) === null);
    if (early || unstamped) {
      progress.pinned!.ignored = early
        ? ignoredPin(early, pinned, sinceFilterName(pinned))
        : { ...ignoredPin(distinct[0]!, pinned, sinceFilterName(pinned)), unstamped: true };
      tell();
      if (options.stopWhereSinceIgnored) {
        progress.pinned!.sinceUnread = true;
        return tell();
      }
      // What came after the bound is somewhere in the list the server gives instead (the caller's own,
      // without the filter it ignores): that list is read whole against its own count, as a listing
      // without a pin is, each request yielded once. Stopping here read nothing entered in the last
      // minutes, and a resume's search for its own create in doubt sent the row again.
      const whole = await count(sinceFilters);
      progress.expected = Math.max(progress.expected, whole);
      return yield* readSinceWhole(whole, sinceFilters, records, listedBefore);
    }
    const known = distinct.every((record) => yielded.has(record.id));
    yield* sinceNews(distinct, pinned, listedBefore);
    // Shorter than a page the server gave: the last page, whatever its cap (API-NOTES Known).
    if (records.length < Math.max(1, largestPage)) return;
    if (progress.pinned!.ignored) {
      // The pinned part gave requests past the bound's minute: the server does not bound its lists by
      // the pin's filter to the second (it ignores it, or reads it to the hour or the day), so windows
      // of time, each bounded by it, cannot narrow what came since (they came back full until refused:
      // an update's check failed its row). Its count says whether the pinned part held it all already
      // (a server that ignores the filter gave it there: every request it counts is one of those the
      // pinned part gave from the bound on); else it is read whole against that count.
      const sinceCount = await count(sinceFilters);
      if (known && sinceCount === pinnedSinceIds.size) return tell();
      return yield* readSinceWhole(sinceCount, sinceFilters, records, listedBefore);
    }
    if (records.length < perPage) {
      // Shorter than asked, when no page showed the server's cap (the pinned part held one short page,
      // or none): the page was the whole part when its count says as many, and is not asked again (an
      // account's one new request after an empty pinned part used to cost its count and the page twice).
      const sinceCount = await count(sinceFilters);
      if (distinct.length === sinceCount) return tell();
      if (distinct.length > sinceCount) {
        progress.pinned!.countBelow = {
          counted: sinceCount,
          listed: distinct.length,
          from: String(
            (pinned.field === 'created' ? sinceFilters.created_from_system : sinceFilters.updated_from) ??
              pinned.bound,
          ),
        };
        // Fewer counted than the page gave: the count lags (a replica, a cache) as likely as the server
        // caps its pages at this page's length, so that length is not taken for a cap on the count's
        // word (a count of 0 made it so, and every window after was read at it). One page more at that
        // length tells: empty, the list ended on the page (one answer, which nothing can shift) and no
        // cap showed; else the cap stands, and the part is read in windows of that size.
        const next = await api.listCaseRequests(
          sinceFilters,
          { page: 2, perPage: records.length, dir },
          options.signal,
        );
        progress.pages += 1;
        yield* sinceNews(distinctOnPage(next, progress.pages), pinned, listedBefore);
        if (next.length === 0) return tell();
      }
      // More than the page gave (or a page after it): the server caps its pages there.
      perPage = records.length;
      progress.pageSize = perPage;
    }
    yield* readInWindows(pinned, listedBefore, records);
  }

  /**
   * What came since the bound read whole against `sinceCount` (its own count), from its first page,
   * already asked, as a listing without a pin is read: after a filter the server ignores, where windows
   * of time cannot narrow it (readSince).
   */
  async function* readSinceWhole(
    sinceCount: number,
    sinceFilters: CaseRequestFilters,
    firstPage: CaseRequestRecord[],
    listedBefore: number,
  ): AsyncGenerator<CaseRequestRecord[]> {
    // The first page is the reading's first: counted once, when readOnce takes it.
    progress.pages -= 1;
    yield* readWhole(sinceCount, sinceFilters, false, progress, firstPage);
    // What this reading held beyond the pinned part, not held against the pinned part's count.
    progress.pinned!.since = yielded.size - listedBefore;
    tell();
  }

  /**
   * What came since the bound, longer than one page. Its pages cannot be held against a count as the
   * pinned part's are: requests enter it while it is read, so one that leaves in front of the reader
   * can be balanced by one that arrives, and a third be on no page: the very thing the pin rules out,
   * and in a resume's sweep or a create's reconcile, whose window is the last minutes, the whole list
   * is this part. So it is read in windows of time, oldest first, each halved until one page holds it:
   * one answer, which nothing can shift. A request's created_at never changes, and an edit moves a
   * request of an `updated` list only into a later window, still to be read. A window of one second a
   * page cannot hold (a hundred requests entered in one second) is read by its pages and its count.
   *
   * Where a full window is cut is taken from its page: just before the latest time that page gave.
   * A server that lists in the order of that time (the usual id order, for `created`) gave the window's
   * earliest requests, so the part before holds fewer than a page (one answer) and the rest starts with
   * the next: about two requests a page. Halving the time instead cost 28 requests for 42 changes (pages
   * of 25) clustered in an hour-long window, where pages had cost 3. A page whose latest time is the
   * window's end (another order) is cut at the middle of the time, as before.
   */
  async function* readInWindows(
    pinned: ListingPin,
    listedBefore: number,
    firstPage: CaseRequestRecord[],
  ): AsyncGenerator<CaseRequestRecord[]> {
    const fromKey = sinceFilterName(pinned);
    const toKey = pinFilterName(pinned);
    const notes: PartNotes = {};
    const start = sinceStartMillis(pinned);
    const ownEnd = sinceEndMillis(pinned);
    // Whole seconds, as the API stamps and filters (both ends of a window are in it). Every window has
    // a fixed end, so each cut leaves two smaller ones and the reading ends (explore 61: an end
    // recomputed as "now" each turn never closed on requests stamped after the server's clock, as a
    // server stamping local time east of UTC does, and at 1 request/s "now" outran the halving).
    // Without the caller's own end, the part is closed where its first page and the server's clock
    // say (closedEnd) and what lies after is `open`: asked as one page, and closed the same way when
    // that page is full. Each such turn closes at least a page of requests, so the turns are bounded
    // by the requests, never by the clock. The first window, the page just read, is cut at once.
    const windows: [number, number, CaseRequestRecord[] | null][] = [];
    let open: { from: number; page: CaseRequestRecord[] | null } | null = null;
    if (ownEnd !== null) windows.push([start, ownEnd, firstPage]);
    else open = { from: start, page: firstPage };
    let turns = 0;
    for (;;) {
      if (windows.length === 0) {
        if (!open) break;
        const from: number = open.from;
        let page = open.page;
        if (!page) {
          turns += 1;
          guardTurns(turns, from, listedBefore);
          page = await api.listCaseRequests(
            { ...pinned.since, [fromKey]: utcText(from) },
            { page: 1, perPage, dir },
            options.signal,
          );
          progress.pages += 1;
          yield* sinceNews(distinctOnPage(page, progress.pages), pinned, listedBefore);
          // One answer holds the rest: nothing can shift within it.
          if (page.length < perPage) break;
        }
        const end = closedEnd(page, pinned, from);
        windows.push([from, end, page]);
        open = { from: end + 1000, page: null };
        continue;
      }
      turns += 1;
      const [from, to, known] = windows.shift()!;
      guardTurns(turns, from, listedBefore);
      // Without the upper bound only when the caller gave none (the open end is then after it).
      const openFilters: CaseRequestFilters = { ...pinned.since, [fromKey]: utcText(from) };
      const windowFilters: CaseRequestFilters = { ...openFilters, [toKey]: utcText(to) };
      // The last closed window, with only the open end after it, is asked without its upper bound: a
      // short page is then one answer for both, and the open end costs no request of its own.
      const last = windows.length === 0 && open !== null && open.from === to + 1000 && !open.page;
      let page = known;
      if (!page) {
        page = await api.listCaseRequests(
          last ? openFilters : windowFilters,
          { page: 1, perPage, dir },
          options.signal,
        );
        progress.pages += 1;
        yield* sinceNews(distinctOnPage(page, progress.pages), pinned, listedBefore);
        if (page.length < perPage) {
          if (last) open = null;
          continue;
        }
      }
      if (to - from >= 1000) {
        windows.unshift(...splitFull(page, pinned, from, to));
        continue;
      }
      const windowCount = await count(windowFilters);
      for await (const more of readWhole(windowCount, windowFilters, false, notes)) {
        progress.pinned!.since = yielded.size - listedBefore;
        tally(more, pinned);
        yield more;
      }
    }
    if (notes.moved || notes.leftWhileRead) progress.pinned!.readAgain = notes;
    tell();
  }

  /**
   * Where a full page of the open end of what came since is closed: the server's time now, or the
   * latest time the page gave when that is later (requests stamped after the server's own clock), so
   * that the closed window holds at least that page and the rest is asked after it. Whole seconds;
   * never before `from` (a page without readable times closes the window at its first second).
   */
  function closedEnd(page: CaseRequestRecord[], pinned: ListingPin, from: number): number {
    const now =
      Math.floor(serverMillisAt(api.serverClock?.localNow() ?? Date.now(), api.serverClock) / 1000) * 1000;
    const latest = Math.max(...page.map((record) => pinnedMillis(record, pinned) ?? -Infinity));
    const latestSecond = Number.isFinite(latest) ? Math.floor(latest / 1000) * 1000 : -Infinity;
    return Math.max(from, now, latestSecond);
  }

  /**
   * A last guard, whatever the server answers: the windows of what came since are cut only while their
   * pages are full, so a server whose time filters work needs a few dozen turns a page of requests (the
   * cuts of a window a page holds, down to its second). Far more, with no new requests to show for
   * them, is a server that ignores the filters or pages as expected: refused in words, never a loop.
   */
  function guardTurns(turns: number, from: number, listedBefore: number): void {
    const received = yielded.size - listedBefore;
    const allowed = WINDOW_TURNS_FREE + WINDOW_TURNS_PER_PAGE * Math.ceil(received / Math.max(1, perPage));
    if (turns <= allowed) return;
    throw new IncompleteListingError(
      `Trackops's list ${where} could not be read whole: what was entered from ${utcText(from)} (UTC) on ` +
        `was asked in ${thousands(turns)} windows of time and its pages still came back full ` +
        `(${plural(received, 'request')} read in that part). Its time filters do not narrow the list as expected, ` +
        `so the reading was stopped rather than left running: nothing was left out silently. ${capitalised(runCheck(api.words))}, ` +
        'and tell whoever runs Trackops.',
      `case/requests?page=1&per_page=${perPage}`,
      progress.expected,
      yielded.size,
    );
  }

  /**
   * Tallies records of what came since: those stamped after the server's own clock (said as such, not
   * as news) apart from those entered after the pin was put (added while the list was read).
   */
  function tally(records: CaseRequestRecord[], pinned: ListingPin): void {
    const now = serverMillisAt(api.serverClock?.localNow() ?? Date.now(), api.serverClock);
    for (const record of records) {
      const at = pinnedMillis(record, pinned);
      if (at !== null && at > now + AHEAD_TOLERANCE_MS) {
        const ahead = progress.pinned!.ahead;
        if (ahead) ahead.count += 1;
        else progress.pinned!.ahead = { count: 1, first: stampedRecord(record, pinned), clock: utcText(now) };
      } else if (enteredWhileRead(record, pinned)) progress.pinned!.during += 1;
    }
  }

  /**
   * Tallies records of a listing never pinned (one page) stamped after the server's own clock, as
   * `tally` does for what came since a pin; true when it found one.
   */
  function tallyAheadUnpinned(records: CaseRequestRecord[]): boolean {
    const field = pinField(filters);
    const now = serverMillisAt(api.serverClock?.localNow() ?? Date.now(), api.serverClock);
    let found = false;
    for (const record of records) {
      const at = pinnedMillis(record, { field });
      if (at === null || at <= now + AHEAD_TOLERANCE_MS) continue;
      found = true;
      if (progress.ahead) progress.ahead.count += 1;
      else progress.ahead = { field, count: 1, first: stampedRecord(record, { field }), clock: utcText(now) };
    }
    return found;
  }

  /** Records of what came since the bound: those not yielded before, tallied and yielded. */
  async function* sinceNews(
    records: CaseRequestRecord[],
    pinned: ListingPin,
    listedBefore: number,
  ): AsyncGenerator<CaseRequestRecord[]> {
    const news = records.filter((record) => !yielded.has(record.id));
    for (const record of news) yielded.add(record.id);
    progress.received = yielded.size;
    progress.pinned!.since = yielded.size - listedBefore;
    tally(news, pinned);
    tell();
    if (news.length > 0) yield news;
  }

  /** The server's count for `countFilters`, asked after the first: tallied (`countsAsked`). */
  async function count(countFilters: CaseRequestFilters): Promise<number> {
    progress.countsAsked = (progress.countsAsked ?? 0) + 1;
    return (await api.countCaseRequests(countFilters, asked, options.signal)).record_count;
  }

  /**
   * One reading of the list from page 1 against `count`: whether it held the count, moved (the first
   * page that repeated records an earlier page of this reading gave) or ended short of the count.
   */
  async function* readOnce(
    count: number,
    partFilters: CaseRequestFilters,
    pinnedPart: boolean,
    notes: PartNotes,
    firstPage?: CaseRequestRecord[],
  ): AsyncGenerator<CaseRequestRecord[], ReadingOutcome> {
    // The first reading's ids are the ones yielded, so until a second reading they are one set: a
    // million-request export held the same ids twice (24 MB each, and as much again while a set grows).
    const seen = yielded.size === 0 ? yielded : new Set<number>();
    const counted = `The server counted ${plural(count, 'case request')} ${where}`;
    let repeat: ListingMove | null = null;
    // The page size asked before a short first page that held MORE than its count set it to that page's
    // length: a guess (a server capping its pages there, or a count that lags: served from a replica or
    // a cache behind the list), tested by one page more at that size. Null when no such guess was made.
    let guessedOver: number | null = null;
    const outcome = (): ReadingOutcome => (repeat ? { kind: 'moved', move: repeat } : { kind: 'whole' });
    for (let page = 1; ; page++) {
      const records =
        page === 1 && firstPage
          ? firstPage
          : await api.listCaseRequests(partFilters, { page, perPage, dir }, options.signal);
      progress.pages += 1;
      largestPage = Math.max(largestPage, records.length);
      // The page's distinct requests, each at its first place: one the page gives twice (a JOIN on the
      // server) is one request, written once and said (listedTwice), and neither a repeat of an earlier
      // page (the list did not move) nor a request more towards the count. Taken apart before anything
      // is counted: counting the page whole let both copies through (explore 35 item 2).
      const distinct = distinctOnPage(records, page);
      if (pinnedPart && pin?.since) {
        const sinceStart = sinceStartMillis(pin);
        for (const record of distinct)
          if ((pinnedMillis(record, pin) ?? -Infinity) >= sinceStart) pinnedSinceIds.add(record.id);
      }
      if (pinnedPart && pin?.since && !progress.pinned?.ignored) {
        // A record entered after the bound: the server ignores the pin, and this listing is checked
        // against its count alone, as before pins (said: pinnedWords).
        const late = distinct.find((record) => pastBoundsMinute(pinnedMillis(record, pin!), pin!, 'after'));
        if (late) progress.pinned!.ignored = ignoredPin(late, pin, pinFilterName(pin));
      }
      // Both taken before either set grows: `seen` may be `yielded` itself.
      const repeated = distinct.filter((record) => seen.has(record.id)).length;
      const news = distinct.filter((record) => !yielded.has(record.id));
      const before = seen.size;
      for (const record of distinct) seen.add(record.id);
      const fresh = seen.size - before;
      for (const record of news) yielded.add(record.id);
      progress.received = yielded.size;
      // The page size is the server's rows (a doubled request takes a row of the page); whether the
      // first page is the whole list is a matter of distinct requests against the count.
      if (page === 1 && records.length > 0 && records.length < perPage && distinct.length !== count) {
        // Shorter than asked and not the count: the server capped the page (fewer than counted), or the
        // count is low (more than counted). Either way its page size is what it gave: every later page is
        // asked with it, so page N means the same records to both sides. More than counted, that size is
        // only a guess (a count that lags is as likely as a cap), tested by the next page (below).
        if (distinct.length > count) guessedOver = perPage;
        perPage = records.length;
      }
      if (page === 2 && guessedOver !== null && records.length === 0) {
        // The page after came back empty: the list ended where the first page did, which was short for
        // that alone, and showed no cap (a server's cap is at least the largest page it gave). Its size
        // is not kept for the rest of the listing: a pinned part counted 0 by a lagging count while it
        // held a request made every page of what came since one request long (757 requests for 151).
        // A part after it that meets a real cap shows it there (readSince).
        perPage = guessedOver;
      }
      progress.pageSize = perPage;
      tell();
      if (news.length > 0) yield news;
      // Part of a page repeating earlier pages is a list that moved; a whole page repeating is below.
      if (repeated > 0 && fresh > 0) repeat ??= { page, repeated };
      const full = records.length >= perPage;
      if (records.length === 0 || fresh === 0) {
        // Past the count, an empty page is the end. A repeated page is the end only when the count was
        // met exactly (a server that ignores `page` on a list of exactly one page); after a list that
        // overran its count, a repeat leaves the real end unknown.
        if (seen.size === count) return outcome();
        if (seen.size > count && records.length === 0)
          return repeat ? outcome() : await recount(partFilters, notes);
        // Pages that end before the count: a request left the list while it was read (deleted, or
        // accepted into a case), or pages moved past one: the caller reads it again, once.
        if (seen.size < count && records.length === 0)
          return { kind: 'short', short: { page, received: seen.size, expected: count } };
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
                `The server's paging does not work as expected (${runCheck(api.words)}).`
            : `${counted}, but its pages held more (${seen.size} so far), and then page ${page} ${how}${moving}: ` +
                `neither the count nor the pages say where the list ends, so it cannot be read whole. ` +
                `The server's count or its paging does not work as expected (${runCheck(api.words)}).`,
          `case/requests?page=${page}&per_page=${perPage}`,
          count,
          seen.size,
        );
      }
      // A moved list is read again (the caller), which asks the count anew: no recount here.
      if (!full && seen.size > count) return repeat ? outcome() : await recount(partFilters, notes);
      if (!full && seen.size >= count) return outcome();
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
  async function recount(countFilters: CaseRequestFilters, notes: PartNotes): Promise<ReadingOutcome> {
    try {
      notes.recount = await count(countFilters);
    } catch (error) {
      // The list is whole either way; only the reason for the difference is then unknown.
      if (options.signal?.aborted) throw error;
      notes.recount = null;
    }
    tell();
    return { kind: 'whole' };
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

/**
 * Where a full window [from, end] of what came since a pin is cut (readInWindows): the second before the
 * latest time its page gave, when that is inside the window (its first second, when the whole page is
 * of that second); else the middle of its time. Whole seconds; `from` < `end`.
 */
function cutBefore(page: CaseRequestRecord[], pinned: ListingPin, from: number, end: number): number {
  const latest = Math.max(...page.map((record) => pinnedMillis(record, pinned) ?? -Infinity));
  const latestSecond = Math.floor(latest / 1000) * 1000;
  if (!Number.isFinite(latestSecond)) return from + Math.floor((end - from) / 2000) * 1000;
  // Its whole page in the window's first second: that second alone (read by its pages and its count),
  // then the rest.
  if (latestSecond <= from) return from;
  const before = latestSecond - 1000;
  if (before < end) return before;
  return from + Math.floor((end - from) / 2000) * 1000;
}

/**
 * A full window's page split into the windows read next, in time order, each with its first page when
 * it is already known. A full page wholly in one second (an import at full speed: hundreds of requests
 * stamped in a second): that second holds a page or more, and its own first page, asked, could only
 * come back full again (before: asked for the part from that second on, then for the second alone, two
 * requests to learn what this page shows). So the page is handed on as that second's, which is read by
 * its count and its pages at once; what the second holds is read after its count whatever the page
 * said. The parts before and after it are asked as any window. Otherwise the window is cut as
 * cutBefore says.
 */
function splitFull(
  page: CaseRequestRecord[],
  pinned: ListingPin,
  from: number,
  to: number,
): [number, number, CaseRequestRecord[] | null][] {
  const second = onlySecond(page, pinned);
  if (second !== null && second >= from && second <= to)
    return [
      ...(second > from ? [[from, second - 1000, null] as [number, number, null]] : []),
      [second, second, page],
      ...(second < to ? [[second + 1000, to, null] as [number, number, null]] : []),
    ];
  // A page listed in another order than its stamps (by id, a list of what changed): its requests come
  // in clusters of time (an import, another, this run's own latest writes on the lowest ids), and
  // cutting just before its latest second (cutBefore, right for a list in the order of its stamps)
  // peeled those latest writes off a second at a time, each cut's lower part giving the same page
  // again. Cut where its stamps leave the widest gap instead: each side's next page then holds others.
  const gap = afterWidestGap(page, pinned);
  if (gap !== null && gap > from && gap <= to)
    return [
      [from, gap - 1000, null],
      [gap, to, null],
    ];
  const cut = cutBefore(page, pinned, from, to);
  return [
    [from, cut, null],
    [cut + 1000, to, null],
  ];
}

/**
 * For a page listed in another order than its stamps, the second that follows the widest gap between
 * the seconds its requests are stamped in (the latest such gap when several are as wide); null when the
 * page is in the order of its stamps, or a request carries none the tool can read.
 */
function afterWidestGap(page: CaseRequestRecord[], pinned: ListingPin): number | null {
  const seconds: number[] = [];
  for (const record of page) {
    const at = pinnedMillis(record, pinned);
    if (at === null) return null;
    seconds.push(Math.floor(at / 1000) * 1000);
  }
  if (seconds.every((second, at) => at === 0 || second >= seconds[at - 1]!)) return null;
  const distinct = [...new Set(seconds)].sort((a, b) => a - b);
  let after: number | null = null;
  let widest = 0;
  for (let at = 1; at < distinct.length; at++) {
    const gap = distinct[at]! - distinct[at - 1]!;
    if (gap >= widest) [widest, after] = [gap, distinct[at]!];
  }
  return after;
}

/** The second every record of `page` is stamped in, when they all are stamped in one; else null. */
function onlySecond(page: CaseRequestRecord[], pinned: ListingPin): number | null {
  let second: number | null = null;
  for (const record of page) {
    const at = pinnedMillis(record, pinned);
    if (at === null) return null;
    const its = Math.floor(at / 1000) * 1000;
    if (second !== null && its !== second) return null;
    second = its;
  }
  return second;
}

/** Whether a record read after a pin was entered after the pin was put: past the bound and its margin. */
function enteredWhileRead(record: CaseRequestRecord, pin: ListingPin): boolean {
  const at = pinnedMillis(record, pin);
  // Strictly after the second the pin was put in: one stamped in that second may have come before it,
  // and a request that was there before the read began is no news (it is counted, not said).
  return at !== null && at > pin.boundMillis + PIN_MARGIN_SECONDS * 1000;
}

/** The record past a pin's bound, for ListingProgress. */
function ignoredPin(record: CaseRequestRecord, pin: ListingPin, filter: string): IgnoredPin {
  return { ...stampedRecord(record, pin), filter };
}

/** A record named by its id, its number when it has one, and its pinning time as it writes it. */
function stampedRecord(record: CaseRequestRecord, pin: Pick<ListingPin, 'field'>): StampedRecord {
  const number = record.case_request_number;
  return {
    id: record.id,
    ...(typeof number === 'string' && number !== '' ? { number } : {}),
    at: pinnedText(record, pin),
  };
}

/** "page 3 repeated 1 request an earlier page gave", "its pages ended after 2,999 of 3,000". */
function outcomeWords(outcome: Exclude<ReadingOutcome, { kind: 'whole' }>): string {
  if (outcome.kind === 'moved') return `page ${outcome.move.page} repeated ${repeatedWords(outcome.move)}`;
  const { received, expected } = outcome.short;
  return `the server counted ${plural(expected, 'case request')} but its pages ended after ${thousands(received)}`;
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
  progress: ListingNotes,
  done = 'read',
  words?: Pick<ConnectionWords, 'runCheck'>,
): string | null {
  const notes = [
    countNotesWords(progress, done, words),
    pinnedWords(progress.pinned, done),
    progress.ahead ? aheadOfClockWords(progress.ahead, progress.ahead.field, done) : null,
  ].filter((note): note is string => note !== null);
  return notes.length ? notes.join('. ') : null;
}

/** What beyondCountWords reads of a listing's progress. */
export type ListingNotes = Pick<
  ListingProgress,
  'expected' | 'received' | 'recount' | 'moved' | 'leftWhileRead' | 'pinned' | 'ahead' | 'countIgnored'
>;

/**
 * beyondCountWords without what came after a pin: the pinned part (or the whole unpinned listing)
 * held against its count. Null when it met the count at the first reading.
 */
export function countNotesWords(
  progress: ListingNotes,
  done: string,
  words?: Pick<ConnectionWords, 'runCheck'>,
): string | null {
  // Its count ignored a filter: the list was held to another count, said in those words alone.
  if (progress.countIgnored) return countIgnoredListingWords(progress.countIgnored, done);
  // What came after a pin is not part of the count: the pinned part alone is held against it.
  const since = progress.pinned?.since ?? 0;
  const part = { ...progress, received: progress.received - since };
  if (progress.moved) return movedWords(part, done);
  if (progress.leftWhileRead) return leftWhileReadWords(part, done);
  if (part.received <= part.expected) return null;
  if (grewWhileListed(part)) return addedWhileListedWords(part.received - part.expected, done);
  return countBelowListWords(part, done, words);
}

/**
 * In words, a reading of the list that ended short of its count and was read again: a request left
 * the list while it was read (which can push another onto no page), and the second reading held the
 * count asked again.
 */
export function leftWhileReadWords(
  progress: Pick<ListingProgress, 'received' | 'recount' | 'leftWhileRead'>,
  done: string,
): string {
  const short = progress.leftWhileRead!;
  const again =
    typeof progress.recount === 'number'
      ? `counted again (${thousands(progress.recount)}) and read again from the start`
      : 'read again from the start';
  return (
    `Trackops's list ended after ${thousands(short.received)} of the ${plural(short.expected, 'request')} ` +
    'it counted (a request deleted or accepted into a case while the list is read shifts its pages and can ' +
    `leave another on no page), so it was ${again}: all ${thousands(progress.received)} ` +
    `requests the two readings held were ${done}`
  );
}

/**
 * In words, what a pinned listing (listing-pin.ts) has to say: a server that ignored the pin's filter
 * (the listing could then be checked against the count alone), or the requests added while the list was
 * read (read after the rest; those entered in the minutes before it began are no news). Null when
 * neither.
 */
export function pinnedWords(pinned: PinnedListing | undefined, done: string): string | null {
  if (!pinned) return null;
  const ignored = pinned.ignored;
  if (ignored) {
    return (
      `${ignoredFilterWords(pinned, ignored)}, so ` +
      // Past the pin's bound: what came since was read after the pinned part all the same; without the
      // filter of what came since, in the whole list the server gives instead (readSince).
      (/_to/.test(ignored.filter)
        ? 'what came since was read after it, and '
        : `what came since was looked for in the whole list it gives instead; `) +
      'this listing could only be checked ' +
      "against Trackops's count, and a request deleted while another was added during the read could be on no page " +
      'without a word. Run it again when fewer people are at work in Trackops to be sure of it'
    );
  }
  const notes: string[] = [];
  if (pinned.ahead) notes.push(aheadOfClockWords(pinned.ahead, pinned.field, done));
  if (pinned.during > 0) notes.push(addedWhileListedWords(pinned.during, done));
  if (pinned.countBelow) notes.push(sinceCountBelowWords(pinned, pinned.countBelow, done));
  const again = pinned.readAgain;
  if (again)
    // The since part's own reading again: said apart, so that the pinned part's numbers stay its own.
    notes.push(
      `what was ${pinned.field === 'created' ? 'entered' : 'changed'} from ${pinned.bound} (UTC) on was read again from the start, ` +
        `as its list ${again.moved ? 'moved' : 'ended short of its count'} while it was read`,
    );
  return notes.length ? notes.join('; ') : null;
}

/**
 * In words, a count of what came since a pin below what its page gave (PinnedListing.countBelow): "Trackops
 * counted 0 requests entered from 2026-12-07 08:55:00 (UTC) on, but its list gave 60 there; all were
 * read (…)". Said so that a count that lags is seen, never followed.
 */
function sinceCountBelowWords(
  pinned: Pick<PinnedListing, 'field'>,
  below: NonNullable<PinnedListing['countBelow']>,
  done: string,
): string {
  const entered = pinned.field === 'created' ? 'entered' : 'changed';
  return (
    `Trackops counted ${plural(below.counted, 'request')} ${entered} from ${below.from} (UTC) on, but its list gave ` +
    `${thousands(below.listed)} there; all were ${done} (its count seems to lag its list, as a replica's ` +
    "or a cache's can, so it was not believed alone)"
  );
}

/**
 * In words, the record that showed a pin's filter ignored, and what it was asked: "Trackops's list gave
 * REQ-00001 (id 1), entered 2026-12-07 00:35:00, when asked only for requests entered from 2026-12-07
 * 01:30:00 on (created_from_system, UTC): the server seems to ignore that filter". For a listing's own
 * note (pinnedWords) and for a run's searches (core/batch/searches-met-words.ts), which say after it
 * what they did about it.
 */
export function ignoredFilterWords(
  pinned: Pick<PinnedListing, 'field' | 'bound'>,
  ignored: IgnoredPin,
): string {
  const entered = pinned.field === 'created' ? 'entered' : 'changed';
  const name = ignored.number ? `${ignored.number} (id ${ignored.id})` : `id ${ignored.id}`;
  const asked = /_to/.test(ignored.filter) ? `up to ${pinned.bound}` : `from ${pinned.bound} on`;
  const stamp = pinned.field === 'created' ? 'created_at' : 'updated_at';
  const gave = ignored.unstamped
    ? `a full page of requests it had listed before (${name} first, its records without a ${stamp})`
    : `${name}, ${entered} ${ignored.at}`;
  return (
    `Trackops's list gave ${gave}, when asked only for requests ${entered} ${asked} ` +
    `(${ignored.filter}, UTC): the server seems to ignore that filter`
  );
}

/**
 * In words, requests Trackops stamped later than its own clock's time (PinnedListing.ahead): something
 * the server does that the tool did not expect (API-NOTES: stamps in UTC by the clock its answers
 * state), said as such so that no one takes them for requests added while the list was read.
 */
export function aheadOfClockWords(ahead: AheadOfClock, field: PinnedListing['field'], done: string): string {
  const name = ahead.first.number ?? `id ${ahead.first.id}`;
  const stamped = field === 'created' ? 'entered' : 'changed';
  return (
    `Trackops lists ${plural(ahead.count, 'request')} stamped as ${stamped} after its own clock's time ` +
    `(${name} at ${ahead.first.at}, listed when its clock said ${ahead.clock} UTC): its stamps and its clock disagree ` +
    "(a server stamping local time instead of UTC, or a database clock ahead of the web server's). " +
    `All were ${done} once; a filter by date may place them later than they were entered`
  );
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
      ? `Trackops counted ${thousands(progress.expected)} before and ${thousands(progress.recount)} after`
      : `Trackops counted ${plural(progress.expected, 'case request')} both times`;
  return (
    `Trackops's list moved while it was read (page ${move.page} repeated ${repeatedWords(move)}: ` +
    'a request added or deleted meanwhile shifts the pages and can leave one on no page), so it was read ' +
    `again from the start: ${counts}, and all ${thousands(progress.received)} requests the two ` +
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
  words?: Pick<ConnectionWords, 'runCheck'>,
): string {
  const check = runCheck(words);
  const listed = thousands(progress.received);
  const start =
    `Trackops counted ${plural(progress.expected, 'case request')}, but its list held ${listed}: ` +
    `all ${listed} were ${done} (the tool reads on until a short page).`;
  if (progress.recount === null)
    return (
      `${start} Asking the count again at the end failed, so whether requests were added while the list was read ` +
      `or the count is wrong is not known (${check})`
    );
  if (typeof progress.recount === 'number')
    return `${start} Asked again at the end, it counted ${thousands(progress.recount)}: its count is not reliable (${check})`;
  return `${start} Its count is not reliable (${check})`;
}

/** Every matching record in one array (for listings small enough to hold). */
export async function listAllCaseRequests(
  api: ListingApi,
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

// Kept importable from here, where they were first written.
export type { IgnoredPin, StampedRecord } from './listing-pin.ts';
export { plural } from './plural.ts';
