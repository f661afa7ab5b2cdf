import { describe, expect, it } from 'vitest';
import { createPacer, parseRate } from '../../core/pace/pacer.ts';
import { InputError } from '../../core/errors.ts';

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

describe('pacer (token bucket shared by workers + p-limit)', () => {
  it('spaces requests evenly at the rate, whatever the concurrency', async () => {
    const pacer = createPacer({ ratePerSecond: 20, concurrency: 5 });
    const startedAt: number[] = [];
    const t0 = Date.now();
    await Promise.all(
      Array.from({ length: 11 }, () =>
        pacer.schedule(async () => {
          startedAt.push(Date.now() - t0);
        }),
      ),
    );
    // 11 starts at 20/s: the last no earlier than 10 intervals of 50 ms.
    expect(startedAt.at(-1)!).toBeGreaterThanOrEqual(480);
    expect(startedAt.at(-1)!).toBeLessThan(900);
    // Slots are reserved on a fixed schedule, so a late timer never lets later requests bunch up:
    // the i-th start is never earlier than i intervals after the first (a few ms of timer slack).
    for (let i = 1; i < startedAt.length; i++)
      expect(startedAt[i]! - startedAt[0]!).toBeGreaterThanOrEqual(i * 50 - 5);
  });

  it('never runs more than `concurrency` tasks at once', async () => {
    const pacer = createPacer({ ratePerSecond: 1000, concurrency: 3 });
    let running = 0;
    let most = 0;
    await Promise.all(
      Array.from({ length: 12 }, () =>
        pacer.schedule(async () => {
          running += 1;
          most = Math.max(most, running);
          await new Promise((resolve) => setTimeout(resolve, 20));
          running -= 1;
        }),
      ),
    );
    expect(most).toBe(3);
  });

  it('backOff pauses everyone for Retry-After, halves the rate once per episode, then recovers', async () => {
    const pacer = createPacer({ ratePerSecond: 10, concurrency: 2 });
    await pacer.schedule(async () => {});
    const t0 = Date.now();
    pacer.backOff(1);
    pacer.backOff(1); // a second throttled answer from the same episode
    expect(pacer.stats().ratePerSecond).toBe(5);
    expect(pacer.stats().throttledForSeconds).toBe(1);
    expect(pacer.stats().backOffs).toBe(1);
    await pacer.schedule(async () => {});
    expect(Date.now() - t0).toBeGreaterThanOrEqual(990);
    await new Promise((resolve) => setTimeout(resolve, 2000));
    const recovering = pacer.stats().ratePerSecond;
    expect(recovering).toBeGreaterThan(5);
    expect(recovering).toBeLessThan(10);
  });

  it('pause holds new tasks until resume; an aborted signal rejects waiting ones', async () => {
    const pacer = createPacer({ ratePerSecond: 1000, concurrency: 1 });
    pacer.pause();
    let ran = false;
    const task = pacer.schedule(async () => {
      ran = true;
    });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(ran).toBe(false);
    expect(pacer.stats()).toMatchObject({ paused: true, waiting: 1 });
    pacer.resume();
    await task;
    expect(ran).toBe(true);

    const controller = new AbortController();
    const slow = createPacer({ ratePerSecond: 0.5, concurrency: 1 });
    await slow.schedule(async () => {});
    const waiting = slow.schedule(async () => 'ran', controller.signal);
    controller.abort(new Error('stopped'));
    await expect(waiting).rejects.toThrow('stopped');
  });
});
