/**
 * thousands() groups a count's digits by hand instead of asking ICU (core/thousands.ts: ICU's first
 * number format costs each CLI command ≈ 20–30 ms of CPU). It must write exactly what
 * `toLocaleString('en-US')` writes, for every number it is given: whole numbers by its own loop, the
 * rest (fractions, -0, NaN, infinities, beyond 2^53) by ICU as before.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { thousands } from '../../core/thousands.ts';

describe('thousands', () => {
  it("writes any safe whole number as toLocaleString('en-US') does", () => {
    fc.assert(
      fc.property(fc.maxSafeInteger(), (value) => {
        expect(thousands(value)).toBe(value.toLocaleString('en-US'));
      }),
      { numRuns: 5_000 },
    );
  });

  it('writes small counts, and every length of digits, as ICU does', () => {
    const edges = [
      0, 1, 9, 10, 99, 100, 999, 1_000, 1_204, 9_999, 10_000, 99_999, 100_000, 999_999, 1_000_000,
    ];
    for (let digits = 1; digits <= 16; digits++) edges.push(10 ** (digits - 1), 10 ** digits - 1);
    edges.push(Number.MAX_SAFE_INTEGER, -Number.MAX_SAFE_INTEGER);
    for (const value of [...edges, ...edges.map((edge) => -edge)])
      expect(thousands(value), String(value)).toBe(value.toLocaleString('en-US'));
  });

  it('hands anything else to ICU, unchanged', () => {
    fc.assert(
      fc.property(fc.double(), (value) => {
        expect(thousands(value)).toBe(value.toLocaleString('en-US'));
      }),
      { numRuns: 2_000 },
    );
    for (const value of [-0, Number.NaN, Infinity, -Infinity, 2 ** 53, 1e21, 1234.5678])
      expect(thousands(value), String(value)).toBe(value.toLocaleString('en-US'));
  });
});
