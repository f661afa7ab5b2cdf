/**
 * Reconciling a create whose answer was lost (a dropped connection, a timeout, a 5xx) or could not be
 * read: before sending it again, look for it. Lists requests created since the attempt (minus a margin
 * for clock skew between us and the server; API-NOTES Known: timestamps are UTC), narrowed by the row's
 * match key or reference value when it has one, and compares content fingerprints with values
 * normalised (fingerprint.ts). The listing is complete only at the server's own count (list-all.ts), and
 * a record whose own `created_at` is older than the window is never a candidate, whatever a server's
 * filter let through. Ids already claimed by other rows of this run are not candidates either, so two
 * identical rows never claim one request.
 */
import { DEFAULT_TIMEOUT_MS } from '../api/http.ts';
import { earliestMillisAt, type ServerClock } from '../api/server-clock.ts';
import type { CaseRequestFilters, CaseRequestRecord, TrackopsApi } from '../api/types.ts';
import { fingerprintMatches } from './fingerprint.ts';
import type { IntentLine } from './journal.ts';
import { listHeard, type SearchesMet } from './searches-met.ts';

/** Seconds before the attempt still searched: generous, as the server's clock may differ from ours. */
export const RECONCILE_MARGIN_SECONDS = 300;

/**
 * Where a search for what the server stored since `localMillis` (a time taken on this machine: a send,
 * a journal's start, a check) starts, as the server writes its timestamps: the margin before it, and
 * earlier still by as much as this machine's clock is ahead of the server's, as the connection's
 * answers state it (core/api/server-clock.ts; explore 25 item 1: a PC 8 minutes fast searched after
 * what it looked for). Only ever wider than the margin alone.
 */
export function searchFrom(localMillis: number, clock: ServerClock | undefined): string {
  return utcTimestamp(new Date(earliestMillisAt(localMillis, clock) - RECONCILE_MARGIN_SECONDS * 1000));
}

/**
 * How long a lost create is waited for before each look (send-row.ts says why there are two).
 * Options, so that tests need not wait for real; the CLI's --recheck-after sets `againMs`.
 */
export interface LostCreateWaits {
  /** Before the first look: a server may list a request a moment after storing it. */
  firstMs: number;
  /**
   * Before the second look, when the first found nothing: lists that lag writes (a read replica, a
   * search index) show a request seconds after it was stored.
   */
  againMs: number;
  /**
   * The least wait before the second look after a gateway's 504 (it gave up waiting, the server may
   * still be working). After the client's own timeout the wait is at least what the request was given.
   */
  afterTimeoutMs: number;
  /**
   * How long after the client's timeout Trackops may still store a write it got (earlier-sends.ts): a
   * request queued behind a slow one, a gateway that gave up while the server went on (a 60 s gateway
   * timeout in front of a worker that takes as long again). A --resume sends such a write again only
   * once this much more than the timeout has passed since it left, or --recheck-after if longer.
   */
  storingMs: number;
  /**
   * The whole settle window after a send without an answer, when given (tests: a resume at once after a
   * lost answer need not wait); else the client's timeout plus the larger of againMs and storingMs.
   */
  settleMs?: number;
}

export const LOST_CREATE_WAITS: LostCreateWaits = {
  firstMs: 500,
  againMs: 10_000,
  afterTimeoutMs: 30_000,
  storingMs: 120_000,
};

export async function findLostCreate(
  api: TrackopsApi,
  intent: IntentLine,
  claimedIds: ReadonlySet<number>,
  signal?: AbortSignal,
  /** The run's tally of what its searches met (searches-met.ts), said once in its summary. */
  met?: SearchesMet,
): Promise<CaseRequestRecord | null> {
  const since = searchFrom(Date.parse(intent.at), api.serverClock);
  const filters: CaseRequestFilters = { created_from_system: since };
  if (intent.lookup) (filters as Record<string, string>)[intent.lookup.filter] = intent.lookup.value;
  const fingerprint = intent.fingerprint;
  if (!fingerprint) return null;
  for await (const page of listHeard(api, filters, signal ? { signal } : {}, met, 'own-create')) {
    const found = page.find(
      (record) =>
        !claimedIds.has(record.id) && createdSince(record, since) && fingerprintMatches(record, fingerprint),
    );
    if (found) return found;
  }
  return null;
}

/** A system timestamp ("YYYY-MM-DD HH:MM:SS", UTC) as milliseconds, or null when it is not one. */
export function utcMillis(text: unknown): number | null {
  if (typeof text !== 'string' || !/^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}/.test(text)) return null;
  const millis = Date.parse(`${text.slice(0, 10)}T${text.slice(11, 19)}Z`);
  return Number.isNaN(millis) ? null : millis;
}

/**
 * Whole seconds from a send (an intent's `at`, ISO) to a request's system `created_at`, the send taken
 * to the second as the server writes its timestamps (sent 11:42:41.49, stored 11:42:41: 0 s); null when
 * either cannot be read.
 */
export function secondsAfterSend(createdAt: unknown, at: string): number | null {
  const created = utcMillis(createdAt);
  const sent = Date.parse(at);
  if (created === null || Number.isNaN(sent)) return null;
  return Math.round((created - Math.floor(sent / 1000) * 1000) / 1000);
}

/**
 * Whether a request created `seconds` after a send may be that send's create: from the margin before
 * (clocks differ) to the client's timeout plus the margin after (the answer was waited for that long).
 */
export function withinSendWindow(seconds: number, timeoutMs = DEFAULT_TIMEOUT_MS): boolean {
  return seconds >= -RECONCILE_MARGIN_SECONDS && seconds <= timeoutMs / 1000 + RECONCILE_MARGIN_SECONDS;
}

/**
 * That window in a clerk's words, for a note that says a request was taken by it: "within its window:
 * from 5 min before the send, for clocks that differ, to 5 min 30 s after it, its 30 s timeout and 5 min".
 */
export function sendWindowWords(timeoutMs = DEFAULT_TIMEOUT_MS): string {
  const timeout = Math.round(timeoutMs / 1000);
  return (
    `within its window: from ${secondsWords(RECONCILE_MARGIN_SECONDS)} before the send, for clocks that differ, to ` +
    `${secondsWords(timeout + RECONCILE_MARGIN_SECONDS)} after it, its ${secondsWords(timeout)} timeout and ${secondsWords(RECONCILE_MARGIN_SECONDS)}`
  );
}

/** "5 min", "5 min 30 s", "30 s". */
function secondsWords(seconds: number): string {
  const minutes = Math.floor(seconds / 60);
  const rest = seconds % 60;
  if (minutes === 0) return `${rest} s`;
  return `${minutes} min${rest > 0 ? ` ${rest} s` : ''}`;
}

/** "YYYY-MM-DD HH:MM:SS" in UTC, as the API writes its system timestamps. */
export function utcTimestamp(date: Date): string {
  return date.toISOString().slice(0, 19).replace('T', ' ');
}

/** False only when the record says it was created before `since` (normalize.ts reads it as UTC text). */
export function createdSince(record: CaseRequestRecord, since: string): boolean {
  const created = record.created_at;
  if (typeof created !== 'string' || !/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/.test(created)) return true;
  return created >= since;
}
