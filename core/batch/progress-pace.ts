/**
 * How often a running send's or undo's progress reaches its host, one rule for both: counts that moved
 * are told at most once per interval (the host's choice: a terminal line ten times a second, the app's
 * screen four), the latest at the interval's end, never an older copy; anything else (a phase begun,
 * a pause, a failure, a wait begun or over) is told at once, and so is the count held before something
 * said apart from the progress (a wait, the end, a stop), so that a screen never shows a stale count
 * beside a final state. Counts told faster than anyone reads were work for nothing: at 200 rows/s a
 * line rewritten per row, a message to the app's page and a redraw per row.
 *
 * The clock is injected: the host's (or a test's) time and timer, no process-wide state.
 */

/** A terminal's pace, and the default: ten a second, enough for a count to move smoothly. */
export const PROGRESS_EVERY_MS = 100;

/** Time (ms) and a timer: the process's own in a host; a test drives its own to check the rule exactly. */
export interface PaceClock {
  now(): number;
  /** Calls `run` after `ms`; the answer cancels it. */
  after(ms: number, run: () => void): () => void;
}

/** `now` read for the time, the process's timers for the wait. */
export function timersClock(now: () => number = Date.now): PaceClock {
  return {
    now,
    after: (ms, run) => {
      const timer = setTimeout(run, ms);
      return () => clearTimeout(timer);
    },
  };
}

export interface ProgressPaceOptions<T> {
  /** The shortest gap between two progresses whose counts alone moved; 0 tells every one. */
  everyMs: number;
  clock: PaceClock;
  /**
   * Whether `after` differs from `before` (the last told) only in what keeps moving while a run goes
   * on (counts, rates, the seconds of a wait already said), so it may wait. Default: always (an undo's
   * progress is counts alone).
   */
  onlyCountsMoved?: (before: T, after: T) => boolean;
}

export interface ProgressPace<T> {
  /**
   * The run's progress now: told at once, or held to the interval's end (replacing one held before),
   * when `latest` says it as it is then: a rate or a time left is never told older than it is.
   */
  update(progress: T, latest?: () => T): void;
  /** The progress held, if any, told now: before something the host hears apart from it, and at the end. */
  flush(): void;
}

export function paceProgress<T>(
  tell: (progress: T) => void,
  options: ProgressPaceOptions<T>,
): ProgressPace<T> {
  const { everyMs, clock } = options;
  const countsOnly = options.onlyCountsMoved ?? (() => true);
  let told: { progress: T } | null = null;
  let toldAt = Number.NEGATIVE_INFINITY;
  let held: (() => T) | null = null;
  let cancelTimer: (() => void) | null = null;
  const tellNow = (progress: T) => {
    cancelTimer?.();
    cancelTimer = null;
    held = null;
    told = { progress };
    toldAt = clock.now();
    tell(progress);
  };
  // Checked again when the timer fires: Node's timers count from the time its loop last read, which
  // may be earlier than now, so one can fire before the interval is over (measured: 1.3 ms early).
  const tellWhenDue = () => {
    cancelTimer = null;
    const left = toldAt + everyMs - clock.now();
    if (left > 0) cancelTimer = clock.after(left, tellWhenDue);
    else if (held) tellNow(held());
  };
  return {
    update(progress, latest = () => progress) {
      if (!told || !countsOnly(told.progress, progress) || clock.now() - toldAt >= everyMs) {
        tellNow(progress);
        return;
      }
      held = latest;
      if (!cancelTimer) tellWhenDue();
    },
    flush() {
      if (held) tellNow(held());
    },
  };
}

/** What a run's host chooses of its progress's pace: the send's (runner.ts) and the undo's (revert-run.ts) options. */
export interface ProgressPaceChoice {
  /**
   * The shortest gap between two progresses whose counts alone moved: the host's pace of reading
   * them. Default PROGRESS_EVERY_MS (ten a second); anything else is told at once, after the count
   * held before it.
   */
  progressEveryMs?: number;
  /**
   * The time and timer the pace is kept by; default the process's (Date.now, setTimeout). Apart from a
   * run's `now`: a test moving `now` to stand for Trackops' silence does not move the pace.
   */
  progressClock?: PaceClock;
}

/** The pace `choice` asks for (its defaults filled in), telling `tell`. */
export function pacedAsChosen<T>(
  tell: (progress: T) => void,
  choice: ProgressPaceChoice,
  onlyCountsMoved?: (before: T, after: T) => boolean,
): ProgressPace<T> {
  return paceProgress(tell, {
    everyMs: choice.progressEveryMs ?? PROGRESS_EVERY_MS,
    clock: choice.progressClock ?? timersClock(),
    ...(onlyCountsMoved ? { onlyCountsMoved } : {}),
  });
}
