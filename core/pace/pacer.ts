/**
 * The pacer: how fast and how many at once this tool talks to one Trackops account.
 *
 * Two separate limits, as STYLE asks: a token bucket for requests per second, shared by every worker,
 * and p-limit for requests in flight. The bucket holds a single token (requests are spaced evenly, never
 * bursted), because the real rate limit is unpublished (API-NOTES "Assumed") and Trackops may suspend
 * accounts that abuse the API. Defaults are the conservative ones API-NOTES asks for: 1 request/s, 1 at a time.
 *
 * When the API says 429/503 with Retry-After, `backOff(seconds)` stops every worker for that long and
 * halves the rate; the rate then climbs back to the asked-for one over RECOVERY_SECONDS without throttling.
 *
 * The bucket (the rate, and a Retry-After's pause) is the account's: jobs running at once on one account
 * (the app sending a file while it exports) each have a pacer of their own (their own slots, Pause and
 * cancelling) over one shared `RateBucket`, so that together they keep the account's rate and all wait
 * out a 429 (explored: a send and an export each at the profile's 2/s went at 4/s together).
 */
import pLimit from 'p-limit';
import { InputError } from '../errors.ts';
import { sleep } from './sleep.ts';

export const DEFAULT_RATE_PER_SECOND = 1;
export const DEFAULT_CONCURRENCY = 1;
/** Seconds of calm after a back-off for the rate to climb linearly from half back to the target. */
const RECOVERY_SECONDS = 10;
/** Never slow below one request per minute, however often we are throttled. */
const MIN_RATE_PER_SECOND = 1 / 60;

export interface PacerOptions {
  /** Ignored when `bucket` is given: the bucket's rate is the account's. */
  ratePerSecond?: number;
  concurrency?: number;
  /** The account's rate shared with other jobs' pacers (createRateBucket); default: one of its own. */
  bucket?: RateBucket;
  /** Aborting it rejects every waiting task (requests in flight are the caller's to abort). */
  signal?: AbortSignal;
  /** Clock and sleep, replaceable in tests (a virtual clock makes pacing testable without waiting). */
  now?: () => number;
  sleep?: (ms: number, ...signals: (AbortSignal | undefined)[]) => Promise<void>;
}

export interface PacerStats {
  /** The rate asked for. */
  targetRatePerSecond: number;
  /** The rate in force now (lower than the target while recovering from throttling). */
  ratePerSecond: number;
  concurrency: number;
  inFlight: number;
  /** Tasks waiting for a slot or a token. */
  waiting: number;
  /** Seconds left in a Retry-After pause (0 when not throttled). */
  throttledForSeconds: number;
  paused: boolean;
  /** Tasks started so far (each spent one token). */
  started: number;
  /** Times the API told us to slow down. */
  backOffs: number;
}

export interface Pacer {
  /** Runs `task` once a slot is free and a token is available; every worker shares both. */
  schedule<T>(task: () => Promise<T>, signal?: AbortSignal): Promise<T>;
  /** The API said "slow down": pause everyone for `seconds`, halve the rate, then recover gradually. */
  backOff(seconds: number): void;
  /** Hold back new requests (in flight ones finish) until resume(). */
  pause(): void;
  resume(): void;
  stats(): PacerStats;
}

/**
 * An account's requests per second, as one schedule of slots: every pacer taking its tokens from it
 * keeps to the rate together, and a back-off (a 429's Retry-After) holds all of them.
 */
export interface RateBucket {
  readonly targetRatePerSecond: number;
  /** The rate in force at `at` (lower than the target while recovering from throttling). */
  rateAt(at: number): number;
  /** Reserves the next slot from `at` on: when the caller may send (`at` or later). */
  reserve(at: number): number;
  /** The end of a Retry-After pause (0 or a past time when there is none). */
  pausedUntil(): number;
  /** Pauses every taker for `seconds` from `at` and halves the rate; true when a new episode began. */
  backOff(at: number, seconds: number): boolean;
}

export function createRateBucket(ratePerSecond: number = DEFAULT_RATE_PER_SECOND): RateBucket {
  const targetRate = ratePerSecond;
  if (!(targetRate > 0) || !Number.isFinite(targetRate))
    throw new RangeError(`rate ${targetRate} must be positive`);
  let nextTokenAt = 0;
  let pausedUntil = 0;
  let rateAfterBackOff = targetRate;
  let backOffEndedAt = 0;

  function rateAt(at: number): number {
    if (rateAfterBackOff >= targetRate) return targetRate;
    const calmSeconds = Math.max(0, (at - backOffEndedAt) / 1000);
    const recovered = rateAfterBackOff + ((targetRate - rateAfterBackOff) * calmSeconds) / RECOVERY_SECONDS;
    if (recovered >= targetRate) rateAfterBackOff = targetRate;
    return Math.min(targetRate, recovered);
  }

  return {
    targetRatePerSecond: targetRate,
    rateAt,
    reserve(at) {
      const sendAt = Math.max(at, nextTokenAt, pausedUntil);
      // Reserved synchronously so concurrent takers line up one interval apart.
      nextTokenAt = sendAt + 1000 / rateAt(sendAt);
      return sendAt;
    },
    pausedUntil: () => pausedUntil,
    backOff(at, seconds) {
      const until = at + Math.max(0, seconds) * 1000;
      // Several requests in flight may be throttled by one episode: halve once per episode.
      const episode = at >= pausedUntil;
      if (episode) rateAfterBackOff = Math.max(MIN_RATE_PER_SECOND, rateAt(at) / 2);
      pausedUntil = Math.max(pausedUntil, until);
      backOffEndedAt = pausedUntil;
      nextTokenAt = Math.max(nextTokenAt, pausedUntil);
      return episode;
    },
  };
}

export function createPacer(options: PacerOptions = {}): Pacer {
  const bucket = options.bucket ?? createRateBucket(options.ratePerSecond ?? DEFAULT_RATE_PER_SECOND);
  const concurrency = options.concurrency ?? DEFAULT_CONCURRENCY;
  if (!Number.isInteger(concurrency) || concurrency < 1)
    throw new RangeError(`concurrency ${concurrency} must be a whole number ≥ 1`);
  const now = options.now ?? Date.now;
  const wait = options.sleep ?? sleep;
  const limit = pLimit(concurrency);

  let paused = false;
  let resumeWaiters: (() => void)[] = [];
  let waiting = 0;
  let started = 0;
  let backOffs = 0;

  /** Waits until this caller owns the next token: not paused, not in a Retry-After pause, spaced by the rate. */
  async function takeToken(signal: AbortSignal | undefined): Promise<void> {
    for (;;) {
      throwIfAborted(options.signal, signal);
      if (paused) {
        await new Promise<void>((resolve) => resumeWaiters.push(resolve));
        continue;
      }
      const at = now();
      const sendAt = bucket.reserve(at);
      if (sendAt > at) await wait(sendAt - at, options.signal, signal);
      // A back-off or pause that arrived while we slept moves us behind it.
      if (paused || now() < bucket.pausedUntil()) continue;
      return;
    }
  }

  return {
    schedule(task, signal) {
      waiting += 1;
      let counted = true;
      const uncount = () => {
        if (counted) waiting -= 1;
        counted = false;
      };
      return limit(async () => {
        try {
          await takeToken(signal);
        } finally {
          uncount();
        }
        started += 1;
        return task();
      }).finally(uncount);
    },
    backOff(seconds) {
      if (bucket.backOff(now(), seconds)) backOffs += 1;
    },
    pause() {
      paused = true;
    },
    resume() {
      paused = false;
      const waiters = resumeWaiters;
      resumeWaiters = [];
      for (const wake of waiters) wake();
    },
    stats() {
      const at = now();
      return {
        targetRatePerSecond: bucket.targetRatePerSecond,
        ratePerSecond: bucket.rateAt(at),
        concurrency,
        inFlight: limit.activeCount,
        waiting,
        throttledForSeconds: Math.max(0, Math.ceil((bucket.pausedUntil() - at) / 1000)),
        paused,
        started,
        backOffs,
      };
    },
  };
}

/** `5/s`, `120/min`, `2/sec`, `0.5` (per second) → requests per second. Bad text → InputError naming the flag. */
export function parseRate(text: string, flag = '--rate'): number {
  const match = /^\s*(\d+(?:\.\d+)?|\.\d+)\s*(?:\/\s*(s|sec|second|m|min|minute|h|hr|hour))?\s*$/i.exec(text);
  const count = Number(match?.[1]);
  if (!match || !(count > 0)) {
    throw new InputError(
      'bad_rate',
      `${flag} '${text}' is not a rate; write e.g. ${flag} 5/s or ${flag} 120/min`,
    );
  }
  const unit = (match[2] ?? 's').toLowerCase();
  if (unit.startsWith('h')) return count / 3600;
  if (unit.startsWith('m')) return count / 60;
  return count;
}

function throwIfAborted(...signals: (AbortSignal | undefined)[]): void {
  for (const signal of signals) signal?.throwIfAborted();
}
