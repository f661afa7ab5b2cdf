/**
 * A send's rate and time left, for its progress line (the app's and the CLI's).
 *
 * Measured over the time the send was not paused: a pause is the clerk's, not slowness, so the rate
 * holds while paused and the time left does not grow (explored: 0.8 rows/s, then 0.4 rows/s and "about
 * 29 s left" on a 1/s account left paused for 8 s). And measured from the first row settled, not from
 * the start: the pacer lets the first request through at once, so a rate over the first row alone
 * claimed 10.9 rows/s on a 1/s account. Until RATE_AFTER_ROWS rows are settled there is no rate (null
 * time left): the caller says it is still working it out.
 */

/** Rows settled before a rate is said (the first one is the baseline the others are timed from). */
export const RATE_AFTER_ROWS = 3;

export interface SendPace {
  rowsPerSecond: number;
  /** Null until enough rows are settled to tell. */
  etaSeconds: number | null;
}

/**
 * Why the rate is held: the clerk's pause, or a wait on Trackops' silence (trackops-waits.ts): rows
 * stuck behind a request no one answers are no measure of the pace, and counting that time made the
 * time left grow to an hour while nothing moved (explore 38 item 1); nor is a row waiting out its earlier
 * write's settle window (`settling`, earlier-sends.ts). Held for any, counted again only once none holds.
 */
export type RateHold = 'paused' | 'trackops' | 'settling';

export class SendRate {
  /** Unpaused milliseconds before `runningSince`. */
  #activeMs = 0;
  /** When the current unpaused stretch began; null while held or before the start. */
  #runningSince: number | null = null;
  readonly #holds = new Set<RateHold>();
  /** The first settled rows and the unpaused time when they were first seen: the rate counts from there. */
  #baseline: { done: number; activeMs: number } | null = null;

  /** Sending starts (or starts again): the rate is measured from here. */
  start(now: number): void {
    this.#activeMs = 0;
    this.#baseline = null;
    this.#runningSince = this.#holds.size > 0 ? null : now;
  }

  /**
   * Held from `at`: a wait on Trackops is known only some seconds after it began, and is held from its
   * start (not before the stretch that is running now).
   */
  pause(at: number, why: RateHold = 'paused'): void {
    if (this.#holds.has(why)) return;
    this.#holds.add(why);
    if (this.#runningSince !== null) this.#activeMs += Math.max(0, at - this.#runningSince);
    this.#runningSince = null;
  }

  resume(now: number, why: RateHold = 'paused'): void {
    if (!this.#holds.delete(why) || this.#holds.size > 0) return;
    this.#runningSince = now;
  }

  /** The rate and the time left with `done` of `total` rows settled at `now`. */
  measure(done: number, total: number, now: number): SendPace {
    const activeMs = this.#activeMs + (this.#runningSince === null ? 0 : now - this.#runningSince);
    if (done > 0 && !this.#baseline) this.#baseline = { done, activeMs };
    const baseline = this.#baseline;
    if (!baseline || done < RATE_AFTER_ROWS || done - baseline.done < 1)
      return { rowsPerSecond: 0, etaSeconds: null };
    const seconds = (activeMs - baseline.activeMs) / 1000;
    if (seconds <= 0) return { rowsPerSecond: 0, etaSeconds: null };
    const rowsPerSecond = (done - baseline.done) / seconds;
    return { rowsPerSecond, etaSeconds: Math.max(0, total - done) / rowsPerSecond };
  }
}
