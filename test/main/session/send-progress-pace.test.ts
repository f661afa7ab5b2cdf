/**
 * A running send's counts reach the screen at most every PROGRESS_EVERY_MS, the state as it is when they
 * leave; what a clerk must see at once (a pause, a stop, a failure, a wait begun or over) is never held
 * back (send-progress-pace.ts). The pacing is checked on a clock the test moves by hand, so that the
 * rule is checked exactly, whatever the machine's load.
 */
import { describe, expect, it } from 'vitest';
import type { ImportStatus } from '../../../main/bridge/contract.ts';
import {
  onlyCountsMoved,
  paceProgress,
  PROGRESS_EVERY_MS,
  type PaceClock,
} from '../../../main/session/send-progress-pace.ts';

/**
 * A clock that moves only when told, running the timers that fall due; `early` makes each timer fire
 * that much before its time, as Node's may (they count from the time its loop last read).
 */
function handClock(early = 0) {
  let time = 0;
  const timers = new Set<{ at: number; run: () => void }>();
  const clock: PaceClock = {
    now: () => time,
    after: (ms, run) => {
      const timer = { at: time + ms - early, run };
      timers.add(timer);
      return () => timers.delete(timer);
    },
  };
  const advance = (ms: number) => {
    time += ms;
    for (const timer of [...timers].sort((a, b) => a.at - b.at))
      if (timer.at <= time) {
        timers.delete(timer);
        timer.run();
      }
  };
  return { clock, advance, waiting: () => timers.size };
}

describe("a send's progress on its way to the screen", () => {
  it("sends the first counts at once, then at most one state per interval: the latest, at the interval's end", () => {
    const { clock, advance, waiting } = handClock();
    let done = 0;
    const sent: number[] = [];
    const pace = paceProgress(() => sent.push(done), { clock });
    done = 1;
    pace.soon();
    expect(sent).toEqual([1]);
    // Nine rows settle within the interval: none is sent on its own.
    for (let row = 2; row <= 10; row++) {
      advance(PROGRESS_EVERY_MS / 10);
      done = row;
      pace.soon();
    }
    expect(sent).toEqual([1]);
    expect(waiting()).toBe(1);
    // The interval's end: the state as it is then (10 rows), once.
    advance(PROGRESS_EVERY_MS / 10);
    expect(sent).toEqual([1, 10]);
    expect(waiting()).toBe(0);
    // Counts that come after a quiet spell go at once.
    advance(PROGRESS_EVERY_MS * 3);
    done = 11;
    pace.soon();
    expect(sent).toEqual([1, 10, 11]);
  });

  it('sends what must be seen at once, and drops the counts that waited (the state sent is newer)', () => {
    const { clock, advance, waiting } = handClock();
    let state = 'running:1';
    const sent: string[] = [];
    const pace = paceProgress(() => sent.push(state), { clock });
    pace.soon();
    advance(1);
    state = 'running:2';
    pace.soon();
    expect(waiting()).toBe(1);
    state = 'done:2';
    pace.now();
    expect(sent).toEqual(['running:1', 'done:2']);
    expect(waiting()).toBe(0);
    advance(PROGRESS_EVERY_MS * 2);
    expect(sent).toEqual(['running:1', 'done:2']);
  });

  it('sends nothing before the interval is over when the timer fires early, and sends once it is', () => {
    const { clock, advance } = handClock(3);
    let done = 1;
    const sent: number[] = [];
    const pace = paceProgress(() => sent.push(done), { clock });
    pace.soon();
    done = 2;
    pace.soon();
    advance(PROGRESS_EVERY_MS - 3);
    expect(sent).toEqual([1]);
    advance(3);
    expect(sent).toEqual([1, 2]);
  });

  it('holds back only what keeps moving while a send runs: counts, rows/s, ETA, the seconds of a wait already said', () => {
    const running = status();
    const moved = (patch: Partial<ImportStatus>) => onlyCountsMoved(running, { ...running, ...patch });
    expect(moved({ done: 5, created: 4, updated: 1, rowsPerSecond: 12.5, etaSeconds: 3 })).toBe(true);
    const waiting = { ...running, waitingOnTrackops: { row: 4, silentSeconds: 5, message: 'Waiting' } };
    expect(
      onlyCountsMoved(waiting, {
        ...waiting,
        waitingOnTrackops: { row: 4, silentSeconds: 6, message: 'Waiting' },
      }),
    ).toBe(true);
    const throttled = { ...running, throttledSeconds: 3 };
    expect(onlyCountsMoved(throttled, { ...throttled, throttledSeconds: 2 })).toBe(true);

    expect(moved({ state: 'paused' })).toBe(false);
    expect(moved({ failed: 1 })).toBe(false);
    expect(moved({ latestFailures: [{ row: 7, message: 'Refused.' }] })).toBe(false);
    expect(moved({ failedEarlier: 2 })).toBe(false);
    expect(moved({ throttledSeconds: 4 })).toBe(false);
    expect(moved({ lookingAgain: { seconds: 30, message: 'Looking again' } })).toBe(false);
    expect(moved({ waitingOnTrackops: { row: 4, silentSeconds: 5, message: 'Waiting' } })).toBe(false);
    expect(
      onlyCountsMoved(waiting, {
        ...waiting,
        waitingOnTrackops: { row: 5, silentSeconds: 5, message: 'Waiting' },
      }),
    ).toBe(false);
    expect(onlyCountsMoved(waiting, running)).toBe(false);
  });
});

function status(): ImportStatus {
  return {
    runId: 'run',
    state: 'running',
    total: 10,
    done: 0,
    created: 0,
    updated: 0,
    unchanged: 0,
    failed: 0,
    skipped: 0,
    rowsPerSecond: 0,
    etaSeconds: null,
    throttledSeconds: null,
    lookingAgain: null,
    waitingOnTrackops: null,
    failures: [],
    retryableFailures: 0,
  } as ImportStatus;
}
