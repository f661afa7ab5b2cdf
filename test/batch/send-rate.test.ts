/**
 * A send's rate and time left (core/batch/send-rate.ts), on an injected clock: a pause is not slowness,
 * and the first row (let through at once by the pacer) does not make the rate absurd (explored: 10.9
 * rows/s on a 1/s account after one row; 0.4 rows/s and a growing time left while paused).
 */
import { describe, expect, it } from 'vitest';
import { SendRate } from '../../core/batch/send-rate.ts';

describe('SendRate', () => {
  it('says no rate until a few rows are settled, then the rate from the first row on', () => {
    const rate = new SendRate();
    rate.start(0);
    // The first row at once (the pacer's first token), then one a second.
    expect(rate.measure(1, 15, 90)).toEqual({ rowsPerSecond: 0, etaSeconds: null });
    expect(rate.measure(2, 15, 1_090)).toEqual({ rowsPerSecond: 0, etaSeconds: null });
    const third = rate.measure(3, 15, 2_090);
    expect(third.rowsPerSecond).toBeCloseTo(1, 5);
    expect(third.etaSeconds).toBeCloseTo(12, 5);
  });

  it('holds the rate and the time left while paused, and goes on from there after the pause', () => {
    const rate = new SendRate();
    rate.start(0);
    rate.measure(1, 15, 0);
    const before = rate.measure(5, 15, 4_000);
    expect(before.rowsPerSecond).toBeCloseTo(1, 5);
    rate.pause(4_000);
    // Eight seconds paused, nothing settled: the same rate, the same time left.
    expect(rate.measure(5, 15, 8_000)).toEqual(before);
    expect(rate.measure(5, 15, 12_000)).toEqual(before);
    rate.resume(12_000);
    const after = rate.measure(6, 15, 13_000);
    expect(after.rowsPerSecond).toBeCloseTo(1, 5);
    expect(after.etaSeconds).toBeCloseTo(9, 5);
  });

  it('a send that starts paused counts nothing until it is resumed', () => {
    const rate = new SendRate();
    rate.pause(0);
    rate.start(0);
    rate.resume(10_000);
    rate.measure(1, 4, 10_000);
    expect(rate.measure(3, 4, 12_000).rowsPerSecond).toBeCloseTo(1, 5);
  });
});
