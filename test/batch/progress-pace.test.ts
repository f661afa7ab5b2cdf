/**
 * A running send's or undo's counts reach the host at most once per interval (the host's choice), the
 * latest when they leave; what a clerk must see at once (a phase, a pause, a failure, a wait begun or
 * over) is never held back, and a count held is told before anything said apart from the progress and
 * at the end, so a screen never shows a stale count beside a final state (core/batch/progress-pace.ts,
 * import-progress.ts). The pacing is checked on a clock the test moves by hand, so that the rule
 * is checked exactly, whatever the machine's load.
 */
import { describe, expect, it } from 'vitest';
import { onlyCountsMoved } from '../../core/batch/import-progress.ts';
import { paceProgress, type PaceClock } from '../../core/batch/progress-pace.ts';
import type { ImportProgress } from '../../core/batch/runner.ts';

const EVERY_MS = 250;

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

describe('progress on its way to the host', () => {
  it("tells the first at once, then at most one per interval: the latest, at the interval's end", () => {
    const { clock, advance, waiting } = handClock();
    const told: number[] = [];
    const pace = paceProgress((done: number) => told.push(done), { everyMs: EVERY_MS, clock });
    pace.update(1);
    expect(told).toEqual([1]);
    // Nine rows settle within the interval: none is told on its own.
    for (let row = 2; row <= 10; row++) {
      advance(EVERY_MS / 10);
      pace.update(row);
    }
    expect(told).toEqual([1]);
    expect(waiting()).toBe(1);
    // The interval's end: the latest (10 rows), once.
    advance(EVERY_MS / 10);
    expect(told).toEqual([1, 10]);
    expect(waiting()).toBe(0);
    // Counts that come after a quiet spell go at once.
    advance(EVERY_MS * 3);
    pace.update(11);
    expect(told).toEqual([1, 10, 11]);
  });

  it('tells what must be seen at once, dropping the counts that waited (the one told is newer)', () => {
    const { clock, advance, waiting } = handClock();
    const told: string[] = [];
    const pace = paceProgress((state: string) => told.push(state), {
      everyMs: EVERY_MS,
      clock,
      onlyCountsMoved: (before, after) => before.split(':')[0] === after.split(':')[0],
    });
    pace.update('running:1');
    advance(1);
    pace.update('running:2');
    expect(waiting()).toBe(1);
    pace.update('paused:2');
    expect(told).toEqual(['running:1', 'paused:2']);
    expect(waiting()).toBe(0);
    advance(EVERY_MS * 2);
    expect(told).toEqual(['running:1', 'paused:2']);
  });

  it('tells the count held before what is said apart from it (a wait, the end), and nothing when none is held', () => {
    const { clock, advance, waiting } = handClock();
    const told: number[] = [];
    const pace = paceProgress((done: number) => told.push(done), { everyMs: EVERY_MS, clock });
    pace.update(0);
    advance(10);
    pace.update(3);
    pace.flush();
    expect(told).toEqual([0, 3]);
    expect(waiting()).toBe(0);
    pace.flush();
    advance(EVERY_MS * 2);
    expect(told).toEqual([0, 3]);
  });

  it('tells a held progress as it is when it leaves, never an older copy (a rate, a time left)', () => {
    const { clock, advance } = handClock();
    let rate = 10;
    const told: number[] = [];
    const pace = paceProgress((perSecond: number) => told.push(perSecond), { everyMs: EVERY_MS, clock });
    pace.update(rate, () => rate);
    advance(10);
    pace.update(rate, () => rate);
    rate = 12;
    advance(EVERY_MS);
    expect(told).toEqual([10, 12]);
  });

  it('tells every one when the interval is 0 (a host that wants each)', () => {
    const { clock } = handClock();
    const told: number[] = [];
    const pace = paceProgress((done: number) => told.push(done), { everyMs: 0, clock });
    for (let done = 0; done < 5; done++) pace.update(done);
    expect(told).toEqual([0, 1, 2, 3, 4]);
  });

  it('tells nothing before the interval is over when the timer fires early, and tells once it is', () => {
    const { clock, advance } = handClock(3);
    const told: number[] = [];
    const pace = paceProgress((done: number) => told.push(done), { everyMs: EVERY_MS, clock });
    pace.update(1);
    pace.update(2);
    advance(EVERY_MS - 3);
    expect(told).toEqual([1]);
    advance(3);
    expect(told).toEqual([1, 2]);
  });

  it("holds back only what keeps moving while a send runs: counts, rows/s, the time left, a wait's seconds", () => {
    const running = progress();
    const moved = (patch: Partial<ImportProgress>) => onlyCountsMoved(running, { ...running, ...patch });
    expect(moved({ done: 5, created: 4, updated: 1, rowsPerSecond: 12.5, etaSeconds: 3 })).toBe(true);
    const silent = { row: 4, silentSeconds: 5, since: 0, stage: 'row 4: create 1', words: 'waiting' };
    const waiting = { ...running, trackopsWait: silent };
    expect(onlyCountsMoved(waiting, { ...waiting, trackopsWait: { ...silent, silentSeconds: 6 } })).toBe(
      true,
    );
    const throttled = { ...running, throttledForSeconds: 3 };
    expect(onlyCountsMoved(throttled, { ...throttled, throttledForSeconds: 2 })).toBe(true);
    const looking = {
      ...running,
      lookingAgain: { seconds: 30, words: 'waiting 30 s', wordsNow: 'waiting 30 s' },
    };
    expect(
      onlyCountsMoved(looking, {
        ...looking,
        lookingAgain: { seconds: 29, words: 'waiting 30 s', wordsNow: 'waiting 29 s' },
      }),
    ).toBe(true);

    expect(moved({ phase: 'finished' })).toBe(false);
    expect(moved({ paused: true })).toBe(false);
    expect(moved({ failed: 1 })).toBe(false);
    expect(moved({ throttledForSeconds: 4 })).toBe(false);
    expect(moved({ lookingAgain: { seconds: 30, words: 'waiting 30 s' } })).toBe(false);
    expect(moved({ trackopsWait: silent })).toBe(false);
    expect(onlyCountsMoved(waiting, { ...waiting, trackopsWait: { ...silent, row: 5 } })).toBe(false);
    expect(onlyCountsMoved(waiting, running)).toBe(false);
    // A refusal pending its verdict: named at once, and again when its words change or it is settled.
    const refusal = (message: string) =>
      ({ row: 3, errors: [{ message }] }) as unknown as NonNullable<
        ImportProgress['refusedUnsettled']
      >[number];
    const pending = { ...running, failed: 1, refusedUnsettled: [refusal('pending')] };
    expect(onlyCountsMoved(pending, { ...pending, refusedUnsettled: [refusal('pending')], done: 4 })).toBe(
      true,
    );
    expect(onlyCountsMoved(pending, { ...pending, refusedUnsettled: [refusal('its own')] })).toBe(false);
    const { refusedUnsettled: _settled, ...settled } = pending;
    expect(onlyCountsMoved(pending, settled)).toBe(false);
  });
});

function progress(): ImportProgress {
  return {
    rows: 10,
    valid: 10,
    invalid: 0,
    created: 0,
    updated: 0,
    skipped: 0,
    failed: 0,
    duplicate: 0,
    unchanged: 0,
    phase: 'sending',
    done: 0,
    total: 10,
    rowsPerSecond: 0,
    etaSeconds: null,
    throttledForSeconds: 0,
    paused: false,
  };
}
