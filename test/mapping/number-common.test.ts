/**
 * The quick path of readNumber computes common money ("$12,345.67", "1500", "12.5") from its digits
 * instead of parsing the text again: on texts drawn in exactly those shapes (random strings seldom are),
 * it must give what the whole grammar reads: the double Number() gives, or, past 15 digits where the
 * double may not hold the text (2^53 + 1), a refusal naming the double that would have been sent.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { numberFormatOf, readGrammar, readNumber } from '../../core/mapping/number-format.ts';

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
        if (!dollar || currency) {
          const value = Number(amount.replaceAll(',', ''));
          const digitCount = amount.replace(/\D/g, '').replace(/^0+/, '').length;
          // At most 15 significant digits always come back from a double; past them, only when they do.
          const holds = digitCount <= 15 || sameDecimal(amount, value);
          expect(read, text).toEqual(
            holds ? { ok: true, value } : { ok: false, reason: 'inexact', sent: value },
          );
        }
      }),
      { numRuns: 20_000 },
    );
  });

  it('reads amounts a double holds, and refuses those it does not, naming what would be sent', () => {
    // Before, each of the refused ones was read as its nearest double and sent so without a word.
    for (const [text, read] of [
      ['9007199254740991', { ok: true, value: 9007199254740991 }],
      ['9007199254740992.00', { ok: true, value: 9007199254740992 }],
      ['1234567890123456.5', { ok: true, value: 1234567890123456.5 }],
      ['90071992547409.93', { ok: false, reason: 'inexact', sent: 90071992547409.94 }],
      ['9007199254740993', { ok: false, reason: 'inexact', sent: 9007199254740992 }],
      ['$9,007,199,254,740,993.99', { ok: false, reason: 'inexact', sent: 9007199254740994 }],
      ['999,999,999,999,999,999.99', { ok: false, reason: 'inexact', sent: 1e18 }],
      ['999999999999999.99', { ok: false, reason: 'inexact', sent: 1e15 }],
      ['12345678901234567.89', { ok: false, reason: 'inexact', sent: 12345678901234568 }],
      ['-12345678901234567.89', { ok: false, reason: 'inexact', sent: -12345678901234568 }],
      ['0.30000000000000004449', { ok: false, reason: 'inexact', sent: 0.30000000000000004 }],
      ['0.30000000000000004', { ok: true, value: 0.30000000000000004 }],
      ['100000000000000000000000', { ok: true, value: 1e23 }],
    ] as const)
      expect([text, readNumber(text, null)]).toEqual([text, read]);
  });

  it('under a declared decimal point, too many digits are said as such, not as badly grouped thousands', () => {
    // Before, '9007199254740993' under "decimal": "." was "its thousands are not in groups of three".
    const format = numberFormatOf({ decimal: '.' });
    expect(typeof format).not.toBe('string');
    for (const [text, sent] of [
      ['9007199254740993', 9007199254740992],
      ['1,234,567,890,123,456.78', 1234567890123456.8],
      ['12345678901234567.89', 12345678901234568],
    ] as const)
      expect([text, readNumber(text, format as Exclude<typeof format, string>)]).toEqual([
        text,
        { ok: false, reason: 'inexact', sent },
      ]);
    expect(readNumber('1,234,56.00', format as Exclude<typeof format, string>)).toMatchObject({
      reason: 'mismatch',
      why: 'its thousands are not in groups of three',
    });
  });
});

/** Whether the double's shortest text (as JSON writes it) is the amount, as a decimal. */
function sameDecimal(amount: string, value: number): boolean {
  const key = (text: string): string => {
    const [whole = '', fraction = ''] = text.replace(/[$,]/g, '').split('.');
    return `${whole.replace(/^0+/, '') || '0'}.${fraction}`.replace(/\.?0*$/, '');
  };
  const shown = value.toLocaleString('en-US', { useGrouping: false, maximumFractionDigits: 20 });
  return key(amount) === key(shown);
}
