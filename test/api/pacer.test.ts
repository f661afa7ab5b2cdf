import { describe, expect, it } from 'vitest';
import { createPacer, createRateBucket, parseRate } from '../../core/pace/pacer.ts';
import { InputError } from '../../core/errors.ts';
import { virtualClock, type VirtualClock } from '../helpers/virtual-clock.ts';
import type { Pacer } from '../../core/pace/pacer.ts';

describe('parseRate', () => {
  it('reads per second and per minute, and names the flag when the text is not a rate', () => {
    expect(parseRate('5/s')).toBe(5);
    expect(parseRate('120/min')).toBe(2);
    expect(parseRate('0.5')).toBe(0.5);
    expect(parseRate(' 3 / sec ')).toBe(3);
    expect(() => parseRate('fast')).toThrow(InputError);
    expect(() => parseRate('fast')).toThrow(
      "--rate 'fast' is not a rate; write e.g. --rate 5/s or --rate 120/min",
    );
    expect(() => parseRate('0/s')).toThrow(/not a rate/);
  });
});

describe('pacer (token bucket shared by workers + p-limit), on a virtual clock', () => {
  const paced = (options: { ratePerSecond: number; concurrency: number }) => {
    const clock = virtualClock(1_000_000);
    const pacer = createPacer({ ...options, now: clock.now, sleep: clock.sleep });
    return { clock, pacer };
  };

  it('spaces requests evenly at the rate, whatever the concurrency', async () => {
    const { clock, pacer } = paced({ ratePerSecond: 20, concurrency: 5 });
    const startedAt: number[] = [];
    const t0 = clock.now();
    await clock.settle(
      Promise.all(
        Array.from({ length: 11 }, () =>
          pacer.schedule(async () => {
            startedAt.push(clock.now() - t0);
          }),
        ),
      ),
    );
    // 11 starts at 20/s: exactly one 50 ms interval apart, the first at once.
    expect(startedAt).toEqual(Array.from({ length: 11 }, (_, index) => index * 50));
  });

  it('a late start never lets later requests bunch up: slots are reserved on a fixed schedule', async () => {
    const { clock, pacer } = paced({ ratePerSecond: 10, concurrency: 3 });
    const startedAt: number[] = [];
    const t0 = clock.now();
    const all = Promise.all(
      Array.from({ length: 6 }, () =>
        pacer.schedule(async () => {
          startedAt.push(clock.now() - t0);
          await clock.sleep(250); // slower than the interval: concurrency, not rate, holds them
        }),
      ),
    );
    await clock.settle(all);
    for (let i = 1; i < startedAt.length; i++)
      expect(startedAt[i]! - startedAt[i - 1]!).toBeGreaterThanOrEqual(100);
  });

  it('never runs more than `concurrency` tasks at once', async () => {
    const { clock, pacer } = paced({ ratePerSecond: 1000, concurrency: 3 });
    let running = 0;
    let most = 0;
    await clock.settle(
      Promise.all(
        Array.from({ length: 12 }, () =>
          pacer.schedule(async () => {
            running += 1;
            most = Math.max(most, running);
            await clock.sleep(20);
            running -= 1;
          }),
        ),
      ),
    );
    expect(most).toBe(3);
  });

  it('backOff pauses everyone for Retry-After, halves the rate once per episode, then recovers', async () => {
    const { clock, pacer } = paced({ ratePerSecond: 10, concurrency: 2 });
    await clock.settle(pacer.schedule(async () => {}));
    const t0 = clock.now();
    pacer.backOff(1);
    pacer.backOff(1); // a second throttled answer from the same episode
    expect(pacer.stats()).toMatchObject({ ratePerSecond: 5, throttledForSeconds: 1, backOffs: 1 });
    let ranAt = 0;
    await clock.settle(
      pacer.schedule(async () => {
        ranAt = clock.now();
      }),
    );
    expect(ranAt - t0).toBe(1000);
    // Recovery is linear over 10 calm seconds after the pause: half-way after 5 s.
    await clock.advanceTo(t0 + 1000 + 5000);
    expect(pacer.stats().ratePerSecond).toBeCloseTo(7.5, 5);
    await clock.advanceTo(t0 + 1000 + 10_000);
    expect(pacer.stats().ratePerSecond).toBe(10);
  });

  it('pause holds new tasks until resume; an aborted signal rejects waiting ones', async () => {
    const { clock, pacer } = paced({ ratePerSecond: 1000, concurrency: 1 });
    pacer.pause();
    let ran = false;
    const task = pacer.schedule(async () => {
      ran = true;
    });
    await clock.advanceTo(clock.now() + 60_000);
    expect(ran).toBe(false);
    expect(pacer.stats()).toMatchObject({ paused: true, waiting: 1 });
    pacer.resume();
    await clock.settle(task);
    expect(ran).toBe(true);

    const controller = new AbortController();
    const slow = paced({ ratePerSecond: 0.5, concurrency: 1 });
    await slow.clock.settle(slow.pacer.schedule(async () => {}));
    const waiting = slow.pacer.schedule(async () => 'ran', controller.signal);
    await slow.clock.flush();
    controller.abort(new Error('stopped'));
    await expect(waiting).rejects.toThrow('stopped');
  });
});

describe("pacers sharing an account's rate (one RateBucket), on a virtual clock", () => {
  /** Two jobs on one account, as the app runs a send and an export at once: each its own pacer. */
  const twoJobs = (ratePerSecond: number) => {
    const clock = virtualClock(1_000_000);
    const bucket = createRateBucket(ratePerSecond);
    const job = () => createPacer({ bucket, concurrency: 1, now: clock.now, sleep: clock.sleep });
    return { clock, send: job(), exporting: job() };
  };
  /** `count` tasks on `pacer`, each noting when it started (ms after `t0`) under `name`. */
  const run = (pacer: Pacer, count: number, name: string, t0: number, clock: VirtualClock, log: string[]) =>
    Array.from({ length: count }, () =>
      pacer.schedule(async () => {
        log.push(`${name}@${clock.now() - t0}`);
      }),
    );

  it('keep the rate together: two jobs at 2/s go at 2/s between them, not 4/s', async () => {
    const { clock, send, exporting } = twoJobs(2);
    const log: string[] = [];
    const t0 = clock.now();
    await clock.settle(
      Promise.all([...run(send, 3, 'send', t0, clock, log), ...run(exporting, 3, 'export', t0, clock, log)]),
    );
    const times = log.map((entry) => Number(entry.split('@')[1])).sort((a, b) => a - b);
    // Six requests, one slot every 500 ms whichever job takes it.
    expect(times).toEqual([0, 500, 1000, 1500, 2000, 2500]);
    expect(send.stats()).toMatchObject({ targetRatePerSecond: 2, started: 3 });
    expect(exporting.stats()).toMatchObject({ targetRatePerSecond: 2, started: 3 });
  });

  it("a 429 one job meets holds the other for its Retry-After; one job's Pause holds only itself", async () => {
    const { clock, send, exporting } = twoJobs(10);
    await clock.settle(exporting.schedule(async () => {}));
    const t0 = clock.now();
    exporting.backOff(3);
    expect(send.stats()).toMatchObject({ throttledForSeconds: 3, ratePerSecond: 5 });
    let sentAt = 0;
    await clock.settle(
      send.schedule(async () => {
        sentAt = clock.now() - t0;
      }),
    );
    expect(sentAt).toBe(3000);

    exporting.pause();
    let ranAt = -1;
    const t1 = clock.now();
    await clock.settle(
      send.schedule(async () => {
        ranAt = clock.now() - t1;
      }),
    );
    expect(ranAt).toBeLessThan(1000);
    expect(exporting.stats().paused).toBe(true);
    expect(send.stats().paused).toBe(false);
  });
});
