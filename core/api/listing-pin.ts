/**
 * A listing pinned at a moment, so that its completeness can be proved by the count (explore 53).
 *
 * Why: offset paging of a list that changes while it is read can lose a record in front of the reader
 * (a request deleted, or accepted into a case) and gain one behind it (a new referral) with no page
 * repeating and the count still met: the count is reached by a different set, and a request the
 * account held all along is on no page (an upsert then created it twice; an export left it out).
 *
 * Pinned, the list asks only for requests entered up to a time already past when it is counted
 * (`created_to_system`, seed "as determined by the system"). Nothing can then enter it while it is
 * read, whatever order the server sorts by: requests can only leave it. Every id a page gives is one
 * of the counted set, so once the distinct ids reach the count the reading holds exactly that set;
 * a request that left shows as a listing short of its count (read again, list-all.ts). What was
 * entered since the bound is read after it (`created_from_system` = a second before the bound: see
 * pinListing), ids seen twice once.
 *
 * A listing filtered by `updated_from` (an export's --updated-from, --since-last) gains requests by
 * any edit, not only by creates: it is pinned by `updated_to` instead, and what changed since is read
 * after it (`updated_from` = the bound; a create sets updated_at too).
 *
 * Assumed (README "Assumptions"): the server stamps `created_at`/`updated_at` by the clock its Date
 * header states, and a request is listed within PIN_MARGIN_SECONDS of the time it is stamped with (a
 * write committed or copied to a read replica later than that could still enter a pinned list). The
 * bound is that margin before the server's time, so a small clock difference or a slow write costs
 * a few requests read in the second part, never one missed. A server that ignores the filter is seen
 * (a record past the bound, beyond the bound's minute: one that reads its filters to the minute keeps
 * to them) and the listing then says it could only be checked against its count; what came since is
 * read after it all the same, as a server that reads the filter to the hour or the day gave less.
 */
import { serverMillisAt, type ServerClock } from './server-clock.ts';
import type { CaseRequestFilters, CaseRequestRecord } from './types.ts';

/** Seconds before the server's time the pin is put (see the top): generous, as elsewhere (reconcile). */
export const PIN_MARGIN_SECONDS = 300;

export interface ListingPin {
  /** Which timestamp pins the list: created_at (the usual), updated_at (a list of what changed). */
  field: 'created' | 'updated';
  /** The filters the caller asked for, without the pin. */
  filters: CaseRequestFilters;
  /** The filters of the pinned part (the caller's, bounded above by `bound`). */
  pinned: CaseRequestFilters;
  /** The bound, "YYYY-MM-DD HH:MM:SS" UTC, and as milliseconds. */
  bound: string;
  boundMillis: number;
  /**
   * The filters of what entered the list since the bound (null when the caller's own upper bound is
   * already earlier than the pin's: nothing can enter such a list, and there is nothing to read after).
   */
  since: CaseRequestFilters | null;
}

/**
 * The pin for a listing of `filters` now, by the server's clock as its answers state it (list-all.ts
 * pins only after the listing's count has answered, so that clock is known). Null when there is no
 * clock, or the caller's own bound cannot be read (the listing is then checked against its count alone,
 * as before).
 */
export function pinListing(filters: CaseRequestFilters, clock: ServerClock | undefined): ListingPin | null {
  // An API that keeps no clock of the server's answers (none the tool builds: the HTTP client keeps
  // one) cannot be pinned safely: by this machine's clock alone, the bound could lie in the server's
  // future and let requests entered during the read in unseen. Such a listing is checked as before.
  if (!clock) return null;
  const field = pinField(filters);
  const toKey = field === 'created' ? 'created_to_system' : 'updated_to';
  const fromKey = field === 'created' ? 'created_from_system' : 'updated_from';
  const now = serverMillisAt(clock.localNow(), clock);
  // Whole seconds, as the server writes its timestamps: the bound's second is all in the pinned part.
  const pinMillis = Math.floor(now / 1000) * 1000 - PIN_MARGIN_SECONDS * 1000;
  const ownTo = filters[toKey];
  const ownFrom = filters[fromKey];
  const ownToMillis = ownTo ? filterMillis(ownTo, 'end') : null;
  const ownFromMillis = ownFrom ? filterMillis(ownFrom, 'start') : null;
  if ((ownTo && ownToMillis === null) || (ownFrom && ownFromMillis === null)) return null;
  if (ownToMillis !== null && ownToMillis <= pinMillis)
    // The caller's window closed before the pin's time: already a still list, with nothing after.
    return { field, filters, pinned: filters, bound: ownTo!, boundMillis: ownToMillis, since: null };
  const bound = utcText(pinMillis);
  // What came since begins a second before the bound, so that the bound's own second is in both parts:
  // a server that leaves a filter's own second out of what it bounds (`created_at < to`, `> from`) gave
  // it in neither, and a request stamped then was on no page with both counts met (an export short by
  // it without a word). On other servers that second's requests are on the pinned part's pages already,
  // and are given once. "Take the later" of the caller's start and that for what came since (a start
  // after the bound leaves the pinned part empty, and the second part is then the caller's list itself).
  const sinceStart = pinMillis - 1000;
  const sinceFrom = ownFromMillis !== null && ownFromMillis > sinceStart ? ownFrom! : utcText(sinceStart);
  return {
    field,
    filters,
    pinned: { ...filters, [toKey]: bound },
    bound,
    boundMillis: pinMillis,
    since: { ...filters, [fromKey]: sinceFrom },
  };
}

/**
 * Which timestamp a listing of `filters` is pinned by, and its requests' stamps are read from: updated_at
 * for a list of what changed (`updated_from`), else created_at.
 */
export function pinField(filters: CaseRequestFilters): ListingPin['field'] {
  return filters.updated_from ? 'updated' : 'created';
}

/** The record's pinning timestamp in milliseconds (null when it carries none the tool can read). */
export function pinnedMillis(record: CaseRequestRecord, pin: Pick<ListingPin, 'field'>): number | null {
  const text = pin.field === 'created' ? record.created_at : record.updated_at;
  if (typeof text !== 'string') return null;
  const plain = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}:\d{2})$/.exec(text.trim());
  // The API writes UTC without a zone (API-NOTES Assumed); an ISO time with a zone is read as given.
  const millis = Date.parse(plain ? `${plain[1]}T${plain[2]}Z` : text);
  return Number.isNaN(millis) ? null : millis;
}

/**
 * Whether a record stamped `at` lies outside the pin's part the server was asked for, by more than a
 * server that reads its time filters to the minute gives (`created_to_system=… 10:04:37` taken as all
 * of 10:04, `created_from_system` as all of its own minute): such a server keeps to the filter, only
 * coarser, and its extra requests are read once like any other (ids seen twice are yielded once). A
 * request `after` the bound's minute (a pinned part's) or `before` the minute of `boundMillis` (what
 * came since, given where it begins) is one that a server ignoring the filter gives.
 */
export function pastBoundsMinute(
  at: number | null,
  pin: Pick<ListingPin, 'boundMillis'>,
  side: 'after' | 'before',
): boolean {
  if (at === null) return false;
  const minute = Math.floor(pin.boundMillis / 60_000) * 60_000;
  return side === 'after' ? at >= minute + 60_000 : at < minute;
}

/** The record's pinning timestamp as the record writes it, for words. */
export function pinnedText(record: CaseRequestRecord, pin: Pick<ListingPin, 'field'>): string {
  return String(pin.field === 'created' ? record.created_at : record.updated_at);
}

/** The filter that pins (`created_to_system`, `updated_to`), for words. */
export function pinFilterName(pin: Pick<ListingPin, 'field'>): string {
  return pin.field === 'created' ? 'created_to_system' : 'updated_to';
}

/** The filter of what came since (`created_from_system`, `updated_from`), for words. */
export function sinceFilterName(pin: Pick<ListingPin, 'field'>): string {
  return pin.field === 'created' ? 'created_from_system' : 'updated_from';
}

/** Where the part of what came since begins, in milliseconds (the bound, or the caller's later start). */
export function sinceStartMillis(pin: ListingPin): number {
  const from = pin.since?.[pin.field === 'created' ? 'created_from_system' : 'updated_from'];
  return (typeof from === 'string' ? filterMillis(from, 'start') : null) ?? pin.boundMillis;
}

/** Where the part of what came since ends: the caller's own upper bound, in milliseconds, or null (none). */
export function sinceEndMillis(pin: ListingPin): number | null {
  const to = pin.since?.[pin.field === 'created' ? 'created_to_system' : 'updated_to'];
  return typeof to === 'string' ? filterMillis(to, 'end') : null;
}

/** "YYYY-MM-DD HH:MM:SS" UTC, as the API writes its system timestamps and reads its filters. */
export function utcText(millis: number): string {
  return new Date(millis).toISOString().slice(0, 19).replace('T', ' ');
}

/**
 * A timestamp filter's value in milliseconds, as the sandbox and the seed read it (UTC): a date
 * alone is its whole day, a time without seconds its whole minute (`edge` says which end).
 */
export function filterMillis(text: string, edge: 'start' | 'end'): number | null {
  const match = /^(\d{4}-\d{2}-\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2}))?)?$/.exec(text.trim());
  if (!match) {
    const millis = Date.parse(text);
    return Number.isNaN(millis) ? null : millis;
  }
  const [, day, hours, minutes, seconds] = match;
  const end = edge === 'end';
  const time =
    hours === undefined
      ? end
        ? '23:59:59'
        : '00:00:00'
      : `${hours}:${minutes}:${seconds ?? (end ? '59' : '00')}`;
  const millis = Date.parse(`${day}T${time}Z`);
  return Number.isNaN(millis) ? null : millis;
}

/** A record named in words: its id, its number when it has one, and its created_at / updated_at as given. */
export interface StampedRecord {
  id: number;
  number?: string;
  /** Its created_at / updated_at as the record gives it. */
  at: string;
}

/** The record that showed the server ignores a pin's filter. */
export interface IgnoredPin extends StampedRecord {
  /** The filter ignored (`created_to_system`, `created_from_system`, …). */
  filter: string;
  /**
   * Set when the records carry no time the tool can read: the filter was seen ignored by a full page
   * of what came since holding only requests the pinned part gave (`at` is then not a time).
   */
  unstamped?: true;
}
