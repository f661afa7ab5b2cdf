/**
 * What a send is waiting on when Trackops goes quiet, in words the app and the CLI both show.
 *
 * Explore 38 item 1: with Trackops holding every request (a hung gateway, a dropped VPN) a send sat on
 * "Sending…" for over three minutes, the row count stuck and the time left growing, while a create
 * waited out its timeout, the search for it was tried five times and each waited out its own: only a
 * Retry-After was ever said. Each row's calls are heard here (the api's `observed` view, so the events
 * are that row's however many are in flight), with the waits between the looks for a lost create
 * (send-row.ts), and the longest silence is said once it passes NOTICE_AFTER_MS.
 */
import type { ApiEvent, HttpMethod } from '../api/events.ts';
import { sendOrdinal } from '../problems/send-ordinal.ts';
import type { LostSend } from './lost-send-words.ts';

/** Silences shorter than this (a slow answer, the first quick retry) pass without a word. */
export const NOTICE_AFTER_MS = 5_000;

/**
 * A tick (the runner's, every TICK_MS) this much later than asked: the process did not run meanwhile
 * (explore 63 item 8: a laptop's lid closed, SIGSTOP). Far above what a busy machine delays a timer.
 */
export const PAUSED_AFTER_MS = 10_000;
export const TICK_MS = 1_000;

/** What a row's request was for, as a clerk would name it. */
type Errand = 'create' | 'update' | 'read' | 'search';

interface RowWaits {
  /** When the row last stopped hearing from Trackops (its first request since the last answer). */
  quietSince: number | null;
  /** Its create got no answer: its searches are for that create, before anything is sent again. */
  lost: boolean;
  /**
   * What happened to that create, as send-row.ts says it ("got no answer", "was answered with a server
   * error (500) and may or may not have been stored"), once it is looked for; null until then.
   */
  lostWhat: LostSend | null;
  /** The attempt in flight. */
  attempt: { errand: Errand; n: number; of: number; at: number } | null;
  /** The wait before trying again after no answer (http.ts's back-off). */
  retry: { errand: Errand; n: number; of: number; until: number } | null;
  /** The next look for a lost create (send-row.ts waits before each), and when that wait began. */
  lookAt: number | null;
  lookFrom: number | null;
  /**
   * Whole seconds this computer did not run while the row waited (tick): its silence is not Trackops'
   * (an answer that came meanwhile could not be heard), until it hears from Trackops again.
   */
  pausedSeconds: number | null;
}

/** The wait said: the row it holds up, in words, and how many other rows wait on Trackops too. */
export interface TrackopsWait {
  row: number;
  /** Whole seconds since the row last heard from Trackops (0 while it waits between two answered looks). */
  silentSeconds: number;
  /** When this wait began (the runner's clock): the rate is held from there (send-rate.ts). */
  since: number;
  words: string;
  /**
   * The same while the same wait lasts (the row, and which attempt or look it waits on), other once it
   * moves on: a log says each wait once, not every second.
   */
  stage: string;
}

export class TrackopsWaits {
  readonly #rows = new Map<number, RowWaits>();
  readonly #now: () => number;
  readonly #timeoutMs: number;
  readonly #timerClock: () => number;
  #tickedAt: number | null = null;

  /** `timerClock` reads the ticks' lateness (the runner's `timerClock`); by default `now`. */
  constructor(now: () => number, timeoutMs: number, timerClock: () => number = now) {
    this.#now = now;
    this.#timeoutMs = timeoutMs;
    this.#timerClock = timerClock;
  }

  /**
   * The runner's timer, every TICK_MS. Fired far later than that, this computer was paused or asleep
   * (the event loop did not run): the rows waiting then are said as such, not as Trackops' silence.
   */
  tick(): void {
    const now = this.#timerClock();
    const late = this.#tickedAt === null ? 0 : now - this.#tickedAt - TICK_MS;
    this.#tickedAt = now;
    if (late < PAUSED_AFTER_MS) return;
    for (const waits of this.#rows.values()) {
      if (waits.quietSince === null && waits.lookFrom === null) continue;
      waits.pausedSeconds = (waits.pausedSeconds ?? 0) + secondsGone(late);
    }
  }

  /** One of `row`'s calls told this (request, answer, no answer, retry). */
  heard(row: number, event: ApiEvent): void {
    const at = this.#now();
    const waits = this.#of(row);
    if (event.type === 'request') {
      waits.quietSince ??= at;
      waits.retry = null;
      waits.lookAt = null;
      waits.lookFrom = null;
      waits.attempt = { errand: errandOf(event.method, event.path), n: event.attempt, of: event.of, at };
    } else if (event.type === 'response') {
      waits.quietSince = null;
      waits.attempt = null;
      waits.pausedSeconds = null;
    } else if (event.type === 'unanswered') {
      if (event.method === 'POST') waits.lost = true;
      waits.attempt = null;
    } else if (event.type === 'retry') {
      const errand = errandOf(event.method, event.path);
      waits.retry = { errand, n: event.attempt, of: event.of, until: at + event.waitSeconds * 1000 };
    }
  }

  /**
   * `row`'s create left it in doubt (`what` happened to it), and it is looked for in `inMs`
   * (send-row.ts's lookForLostCreate).
   */
  looksAgain(row: number, inMs: number, what: LostSend): void {
    const waits = this.#of(row);
    waits.lost = true;
    waits.lostWhat = what;
    waits.lookFrom = this.#now();
    waits.lookAt = waits.lookFrom + inMs;
  }

  /** The row is settled (or given up): nothing of it is waited on any more. */
  ended(row: number): void {
    this.#rows.delete(row);
  }

  /** The longest wait on Trackops going now, once past NOTICE_AFTER_MS; null when nothing waits that long. */
  said(): TrackopsWait | null {
    const now = this.#now();
    let longest: { row: number; since: number; waits: RowWaits } | null = null;
    let waiting = 0;
    for (const [row, waits] of this.#rows) {
      const since = waits.quietSince ?? waits.lookFrom;
      if (since === null) continue;
      // A look for a lost create after an answered one waits long (10 s, or the timeout): said at once.
      const longLook = waits.quietSince === null && (waits.lookAt ?? since) - since >= NOTICE_AFTER_MS;
      if (now - since < NOTICE_AFTER_MS && !longLook) continue;
      waiting += 1;
      if (!longest || since < longest.since) longest = { row, since, waits };
    }
    if (!longest) return null;
    const silentSeconds = longest.waits.quietSince === null ? 0 : secondsGone(now - longest.waits.quietSince);
    const words = waitWords(longest.row, longest.waits, now, this.#timeoutMs, silentSeconds);
    const others = waiting - 1;
    const { attempt, retry, lookAt } = longest.waits;
    return {
      row: longest.row,
      silentSeconds,
      since: longest.since,
      stage: `row ${longest.row}: ${
        attempt
          ? `${attempt.errand} ${attempt.n}`
          : retry
            ? `${retry.errand} ${retry.n} after ${retry.until}`
            : `look at ${lookAt}`
      }`,
      words:
        others === 0
          ? words
          : `${words} (${others} more ${others === 1 ? 'row waits' : 'rows wait'} on Trackops too)`,
    };
  }

  #of(row: number): RowWaits {
    let waits = this.#rows.get(row);
    if (!waits) {
      waits = {
        quietSince: null,
        lost: false,
        lostWhat: null,
        attempt: null,
        retry: null,
        lookAt: null,
        lookFrom: null,
        pausedSeconds: null,
      };
      this.#rows.set(row, waits);
    }
    return waits;
  }
}

/**
 * One wait in words. The one wording for it: the app's send screen and the CLI's progress show these
 * words as they are.
 */
function waitWords(row: number, waits: RowWaits, now: number, timeoutMs: number, silent: number): string {
  const what = (errand: Errand) =>
    waits.lost && errand === 'search'
      ? `the search for row ${row}'s create (${lostWhy(waits.lostWhat)})`
      : `row ${row}'s ${errand === 'read' ? 'read of its request' : errand}`;
  const inAll = silent > seconds(timeoutMs) ? `; no answer for ${durationWords(silent)} in all` : '';
  const { attempt, retry } = waits;
  if (waits.pausedSeconds !== null) return pausedWords(row, waits, waits.pausedSeconds, what, now);
  if (attempt) {
    const waited = durationWords(secondsGone(now - attempt.at));
    const upTo = durationWords(seconds(timeoutMs));
    // An attempt made in a silence that began before it (a retry, the search for a lost create) leads
    // with the whole silence: said as it starts (a log's line), "for 0 s" of its own would read as if
    // Trackops had just answered.
    if (silent > secondsGone(now - attempt.at)) {
      const made = attempt.n > 1 ? 'is tried again' : 'is sent';
      return `Trackops has not answered for ${durationWords(silent)}: ${what(attempt.errand)} ${made} (attempt ${attempt.n} of ${attempt.of}), waiting up to ${upTo} for an answer (${waited} so far)${attempt.n < attempt.of ? '' : '; it is the last attempt'}`;
    }
    const then =
      attempt.errand === 'create'
        ? 'then it is looked for in Trackops before anything is sent again'
        : attempt.n < attempt.of
          ? `then it is tried again (attempt ${attempt.n + 1} of ${attempt.of})`
          : `the last of ${attempt.of} attempts`;
    // Said after the wait is over (a busy or paused machine runs the timer late): "for 6 s; waiting up
    // to 5 s" read as a contradiction, so the time given is said as passed.
    const given =
      secondsGone(now - attempt.at) >= seconds(timeoutMs)
        ? `; the ${upTo} it is given have passed${then.startsWith('then ') ? `, ${then.replace(/^then /, 'and ')}` : ` (${then})`}`
        : `; waiting up to ${upTo}, ${then}`;
    return `Trackops has not answered ${what(attempt.errand)} for ${waited}${given}${inAll}`;
  }
  if (retry) {
    const wait = durationWords(Math.max(0, seconds(retry.until - now)));
    return `Trackops did not answer ${what(retry.errand)}; trying again in ${wait} (attempt ${retry.n} of ${retry.of})${inAll}`;
  }
  const look = durationWords(Math.max(0, seconds((waits.lookAt ?? now) - now)));
  return silent > 0
    ? `Trackops did not answer row ${row}'s create; it is looked for in Trackops in ${look}, before anything is sent again${inAll}`
    : `Row ${row}'s create${lostSend(waits.lostWhat)} ${lostWords(waits.lostWhat)} Trackops does not list it yet; it is looked for again in ${look}, before anything is sent again`;
}

/** Why a create is searched for, in brackets: "its answer was lost", "it was answered with a server error (500) …". */
function lostWhy(what: LostSend | null): string {
  return what === null || what.words === 'got no answer' ? 'its answer was lost' : `it ${what.words}`;
}

/** "got no answer and", "was answered with a server error (500) and may or may not have been stored;". */
function lostWords(what: LostSend | null): string {
  const words = what?.words ?? 'got no answer';
  return words === 'got no answer' ? `${words} and` : `${words};`;
}

/** " (its second send)" once a row was sent more than once, else nothing. */
function lostSend(what: LostSend | null): string {
  return what && what.send > 0 ? ` (its ${sendOrdinal(what.send)} send)` : '';
}

/**
 * A wait through which this computer was paused or asleep (explore 63 item 8: "Trackops has not
 * answered row 4's create for 40 s" after the lid was opened, though its answer had come meanwhile).
 * What happens next is said as before: a create is looked for before anything is sent again.
 */
function pausedWords(
  row: number,
  waits: RowWaits,
  paused: number,
  what: (errand: Errand) => string,
  now: number,
): string {
  const pause = `This computer was paused or asleep for about ${durationWords(paused)}`;
  const { attempt, retry } = waits;
  const errand = attempt?.errand ?? retry?.errand ?? 'create';
  if (errand === 'create' || (waits.lost && errand === 'search'))
    return `${pause}; row ${row}'s create is looked for in Trackops before anything is sent again`;
  if (attempt)
    return `${pause}; ${what(errand)} waits for Trackops' answer (attempt ${attempt.n} of ${attempt.of})`;
  const wait = durationWords(Math.max(0, seconds((retry?.until ?? now) - now)));
  return `${pause}; ${what(errand)} is tried again in ${wait}${retry ? ` (attempt ${retry.n} of ${retry.of})` : ''}`;
}

function errandOf(method: HttpMethod, path: string): Errand {
  if (method === 'POST') return 'create';
  if (method === 'PUT') return 'update';
  return /^\/?case\/requests\/[^/?]+$/.test(path) ? 'read' : 'search';
}

/** Whole seconds of a wait to come, rounded up: a wait of 0.2 s is "1 s", never "0 s". */
function seconds(ms: number): number {
  return Math.ceil(ms / 1000);
}

/** Whole seconds gone by, rounded down: 25.4 s without an answer is "25 s", as a stopwatch says it. */
function secondsGone(ms: number): number {
  return Math.floor(ms / 1000);
}

/** "25 s", "3 min 16 s". */
export function durationWords(seconds: number): string {
  if (seconds < 60) return `${seconds} s`;
  const rest = seconds % 60;
  return rest === 0 ? `${seconds / 60} min` : `${Math.floor(seconds / 60)} min ${rest} s`;
}
