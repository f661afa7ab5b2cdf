/**
 * A clock for tests of code that waits: `now` and `sleep` on virtual time, so a test asserts when
 * things happened without waiting for it or depending on how busy the machine is. `settle(promise)`
 * runs the world until the promise settles: it lets every pending callback run, then jumps time to the
 * next timer, and so on.
 */
import { setImmediate as nextTurn } from 'node:timers/promises';

interface Timer {
  at: number;
  order: number;
  fire: () => void;
}

export interface VirtualClock {
  now(): number;
  sleep(ms: number, ...signals: (AbortSignal | undefined)[]): Promise<void>;
  /** Advance virtual time to `at` (firing every timer due by then, in order). */
  advanceTo(at: number): Promise<void>;
  /** Run timers until `promise` settles; throws if it never can (no timer left, still pending). */
  settle<T>(promise: Promise<T>): Promise<T>;
  /** Let every callback that is ready run, without moving time. */
  flush(): Promise<void>;
}

export function virtualClock(start = 0): VirtualClock {
  let time = start;
  let order = 0;
  const timers: Timer[] = [];

  const flush = async () => {
    // Several turns: a resolved promise may schedule more work that schedules more.
    for (let turn = 0; turn < 20; turn++) await nextTurn();
  };
  const fireNext = (limit: number): boolean => {
    timers.sort((a, b) => a.at - b.at || a.order - b.order);
    const next = timers[0];
    if (!next || next.at > limit) return false;
    timers.shift();
    time = Math.max(time, next.at);
    next.fire();
    return true;
  };

  return {
    now: () => time,
    sleep(ms, ...signals) {
      return new Promise<void>((resolve, reject) => {
        const live = signals.filter((signal): signal is AbortSignal => signal !== undefined);
        const aborted = live.find((signal) => signal.aborted);
        if (aborted) return reject(aborted.reason);
        const timer: Timer = { at: time + Math.max(0, ms), order: order++, fire: () => resolve() };
        timers.push(timer);
        for (const signal of live) {
          signal.addEventListener(
            'abort',
            () => {
              const index = timers.indexOf(timer);
              if (index >= 0) timers.splice(index, 1);
              reject(signal.reason);
            },
            { once: true },
          );
        }
      });
    },
    async advanceTo(at) {
      await flush();
      while (fireNext(at)) await flush();
      time = Math.max(time, at);
    },
    async settle(promise) {
      let done = false;
      const watched = promise.finally(() => {
        done = true;
      });
      watched.catch(() => {});
      await flush();
      while (!done) {
        if (!fireNext(Infinity))
          throw new Error('virtual clock: the promise is still pending and no timer is left');
        await flush();
      }
      return watched;
    },
    flush,
  };
}
