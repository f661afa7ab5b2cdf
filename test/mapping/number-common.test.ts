/**
 * The quick path of readNumber computes common money ("$12,345.67", "1500", "12.5") from its digits
 * instead of parsing the text again: on texts drawn in exactly those shapes (random strings seldom are),
 * including amounts past 2^53 where the digits no longer fit a double exactly, it must give the double
 * Number() gives and what the whole grammar reads.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readGrammar, readNumber } from '../../core/mapping/number-format.ts';

const digit = fc.constantFrom(...'0123456789'.split(''));
const digits = (min: number, max: number) =>
  fc.array(digit, { minLength: min, maxLength: max }).map((list) => list.join(''));
const cents = fc.option(digits(1, 2), { nil: undefined });
/** "12,345.67": a first group of 1–3 digits (not starting with 0), groups of 3, and 1–2 decimals. */
const grouped = fc
  .tuple(
    fc.constantFrom(...'123456789'.split('')),
    digits(0, 2),
    fc.array(digits(3, 3), { minLength: 1, maxLength: 7 }),
    digits(1, 2),
  )
  .map(([lead, rest, groups, decimals]) => `${lead}${rest},${groups.join(',')}.${decimals}`);
/** "1500", "0.5", "123456789012345.99": up to 15 digits, maybe 1–2 decimals. */
const plain = fc
  .tuple(digits(1, 15), cents)
  .map(([whole, decimals]) => (decimals === undefined ? whole : `${whole}.${decimals}`));

describe('readNumber, the quick path for common money', () => {
  it('gives the double Number() gives and what the grammar reads', () => {
    fc.assert(
      fc.property(fc.oneof(grouped, plain), fc.boolean(), fc.boolean(), (amount, dollar, currency) => {
        const text = dollar ? `$${amount}` : amount;
        const read = readNumber(text, null, currency);
        expect(read, text).toEqual(readGrammar(text, null, currency));
        if (!dollar || currency)
          expect(read, text).toEqual({ ok: true, value: Number(amount.replaceAll(',', '')) });
      }),
      { numRuns: 20_000 },
    );
  });

  it('reads amounts at and past 2^53 as Number() does', () => {
    for (const text of [
      '9007199254740991',
      '9007199254740993',
      '$9,007,199,254,740,993.99',
      '999,999,999,999,999,999.99',
      '90071992547409.93',
    ])
      expect([text, readNumber(text, null)]).toEqual([
        text,
        { ok: true, value: Number(text.replace('$', '').replaceAll(',', '')) },
      ]);
  });
});
