/**
 * dice() counts shared bigrams by merging sorted lists (issue 13, for speed); this keeps it equal to the
 * plain definition — a map of bigram strings, each shared one counted as often as both sides hold it —
 * for any two strings, spaces, accents and characters outside the BMP included.
 */
import fc from 'fast-check';
import { expect, it } from 'vitest';
import { dice } from '../../core/mapping/similarity.ts';

function plainDice(a: string, b: string): number {
  if (a === b) return 1;
  const x = a.replace(/ /g, '');
  const y = b.replace(/ /g, '');
  if (x.length < 2 || y.length < 2) return 0;
  const counts = new Map<string, number>();
  for (let i = 0; i < x.length - 1; i++) {
    const gram = x.slice(i, i + 2);
    counts.set(gram, (counts.get(gram) ?? 0) + 1);
  }
  let shared = 0;
  for (let i = 0; i < y.length - 1; i++) {
    const gram = y.slice(i, i + 2);
    const left = counts.get(gram) ?? 0;
    if (left > 0) {
      shared++;
      counts.set(gram, left - 1);
    }
  }
  return (2 * shared) / (x.length - 1 + (y.length - 1));
}

const text = fc.oneof(
  fc.string({ unit: fc.constantFrom('a', 'b', 'n', 'e', ' ', 'é', '#', '𝒜'), maxLength: 12 }),
  fc.string({ unit: 'binary', maxLength: 10 }),
);

it('equals the plain bigram-map definition for any two strings', () => {
  fc.assert(
    fc.property(text, text, (a, b) => {
      expect(dice(a, b)).toBe(plainDice(a, b));
      expect(dice(b, a)).toBe(plainDice(b, a));
    }),
    { numRuns: 2000 },
  );
});
