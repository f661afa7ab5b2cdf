/**
 * How often a running send's counts reach the screen. Core says a send's progress at most every
 * 100 ms after a row settles, and every second besides (its ticker): a long send on a fast account
 * redrew the send screen ≈ 11 times a second (measured in Chromium: 83 frames over a 7.7 s send of 120
 * rows), numbers nobody reads that fast, each one a status over IPC or the event stream and a render.
 * Counts now go out at most every PROGRESS_EVERY_MS, the state as it is when they leave (never an
 * older copy); anything a clerk must see at once (a pause, a stop, a failure, Trackops going silent or
 * answering again, the end) goes at once and takes the place of counts still waiting.
 *
 * Only the event is paced: the state itself is kept current, so any bridge answer carries the latest.
 * An undo's put-backs are paced alike (core told each one as it was answered: revert-runs.ts).
 */
import type { ImportStatus } from '../bridge/contract.ts';

/** At most 4 updates a second: the counts still visibly move, and rows/s and ETA read at a glance. */
export const PROGRESS_EVERY_MS = 250;

/** Time and a timer: Node's own in the app; a test drives its own to check the pacing exactly. */
export interface PaceClock {
  now(): number;
  /** Calls `run` after `ms`; the answer cancels it. */
  after(ms: number, run: () => void): () => void;
}

const NODE_CLOCK: PaceClock = {
  now: () => performance.now(),
  after: (ms, run) => {
    const timer = setTimeout(run, ms);
    return () => clearTimeout(timer);
  },
};

export interface ProgressPace {
  /** Counts moved: sent now when the last went out at least the interval ago, else once at its end. */
  soon(): void;
  /** Something to see at once: sent now, and counts waiting for the interval's end are not sent. */
  now(): void;
}

/** `send` emits the run's state as it is when called. */
export function paceProgress(
  send: () => void,
  { everyMs = PROGRESS_EVERY_MS, clock = NODE_CLOCK }: { everyMs?: number; clock?: PaceClock } = {},
): ProgressPace {
  let lastSent = Number.NEGATIVE_INFINITY;
  let cancelWaiting: (() => void) | null = null;
  const sendNow = () => {
    cancelWaiting?.();
    cancelWaiting = null;
    lastSent = clock.now();
    send();
  };
  // Checked again when the timer fires: Node's timers count from the time its loop last read, which
  // may be earlier than now, so one can fire before the interval is over (measured: 1.3 ms early).
  const sendWhenDue = () => {
    const left = lastSent + everyMs - clock.now();
    if (left <= 0) sendNow();
    else cancelWaiting = clock.after(left, sendWhenDue);
  };
  return {
    soon() {
      if (!cancelWaiting) sendWhenDue();
    },
    now: sendNow,
  };
}

/**
 * Whether a send's status moved on only in what keeps moving while it runs (the counts, rows/s, ETA,
 * the seconds of a wait already said), so that the screen may hear of it a little later. A new state,
 * a failure, a failed row named, a wait starting or ending: not only counts.
 */
export function onlyCountsMoved(before: ImportStatus, after: ImportStatus): boolean {
  return (
    before.state === after.state &&
    before.failed === after.failed &&
    before.failedEarlier === after.failedEarlier &&
    (before.throttledSeconds === null) === (after.throttledSeconds === null) &&
    (before.lookingAgain === null) === (after.lookingAgain === null) &&
    (before.waitingOnTrackops === null) === (after.waitingOnTrackops === null) &&
    before.waitingOnTrackops?.row === after.waitingOnTrackops?.row &&
    sameFailures(before.latestFailures, after.latestFailures)
  );
}

function sameFailures(
  before: ImportStatus['latestFailures'],
  after: ImportStatus['latestFailures'],
): boolean {
  if (before === after) return true;
  if (!before || !after || before.length !== after.length) return false;
  return before.every(
    (failure, at) => failure.row === after[at]!.row && failure.message === after[at]!.message,
  );
}
