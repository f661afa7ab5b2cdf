/**
 * parseNumberText reads the common money forms ("$12,345.67", "1500") with one quick test and leaves
 * everything else to the full grammar. The two must never disagree: random text over the characters
 * money is written with, and the edge cases by hand.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseAmountGrammar, parseNumberText } from '../../core/mapping/text-parsers.ts';

describe('parseNumberText', () => {
  it('agrees with the full grammar on any text made of money characters', () => {
    const moneyText = fc.string({ unit: fc.constantFrom(..."0123456789$,.' ()-€".split('')), maxLength: 16 });
    fc.assert(
      fc.property(moneyText, (text) => {
        expect(parseNumberText(text)).toBe(parseAmountGrammar(text.trim()));
      }),
      { numRuns: 20_000 },
    );
  });

  it.each([
    ['$12,345.67', 12345.67],
    [' 1500 ', 1500],
    ['0012', 12],
    ['$1500.5', 1500.5],
    ['1,234,567', 1234567],
    ['12,34', null],
    ['1234,567', null],
    ['$', null],
    ['9'.repeat(400), null],
    ['(1,200.00)', -1200],
    ['€ 1 500', 1500],
  ])('%j → %j', (text, expected) => {
    expect(parseNumberText(text)).toBe(expected);
  });
});
