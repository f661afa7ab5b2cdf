/**
 * Numbers written as text are read exactly or not at all (issue 17, point 6: "2.000 €" was read as 2,
 * "¥1.000" as 1, "1.500" as 1.5). Without a number format on the column, a text with one reading is read
 * and a text with two ("2.000") is refused with both; with a format (decimal/grouping/locale) the format
 * decides. Properties: amounts written by Intl in six locales with currency signs and codes around
 * them are never read as another number, and any text over the characters money is written with reads
 * the same under every convention that can read it.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  numberFormatOf,
  readGrammar,
  readNumber,
  type NumberFormat,
} from '../../core/mapping/number-format.ts';
import { parseNumberText } from '../../core/mapping/text-parsers.ts';

const format = (options: Parameters<typeof numberFormatOf>[0]): NumberFormat => {
  const made = numberFormatOf(options);
  if (made === null || typeof made === 'string') throw new Error(String(made));
  return made;
};

describe('readNumber without a format: one reading or none', () => {
  it.each([
    ['2.000', '.', 2, 2000],
    ['1.500', '.', 1.5, 1500],
    ['€ 2.000', '.', 2, 2000],
    ['2.000 €', '.', 2, 2000],
    ['¥1.000', '.', 1, 1000],
    ['1,500', ',', 1.5, 1500],
    ['$1,500', ',', 1.5, 1500],
  ])('%j reads two ways: refused with both (%s → %d or %d)', (text, separator, asDecimal, asGrouping) => {
    expect(readNumber(text, null)).toEqual({
      ok: false,
      reason: 'ambiguous',
      separator,
      asDecimal,
      asGrouping,
    });
  });

  it.each([
    ['1,500.00', 1500],
    ['1.500,00', 1500],
    ['$12.50', 12.5],
    ['12,50 €', 12.5],
    ['EUR 1.234,56', 1234.56],
    ['1,234.56 USD', 1234.56],
    ['US$ 12.50', 12.5],
    ['1 500', 1500],
    ['€ 1 500', 1500],
    ['1\u202F234,5', 1234.5],
    ["1'500.50", 1500.5],
    ['1,234,567', 1234567],
    ['1.234.567', 1234567],
    ['0.500', 0.5],
    ['1500.000', 1500],
    ['.5', 0.5],
    ['12,34', 12.34],
    [' 1500 ', 1500],
    ['0012', 12],
    ['(1,200.00)', -1200],
    ['-$1,500.00', -1500],
    ['1.500,00 €-', -1500],
  ])('%j → %d', (text, value) => {
    expect(readNumber(text, null)).toEqual({ ok: true, value });
  });

  it.each(['$', 'ABC 12', '12 apples', '1,5,00', '1.500 000', '9'.repeat(400), '--5', '(-5)', ''])(
    '%j is not a number',
    (text) => {
      expect(readNumber(text, null)).toEqual({ ok: false, reason: 'format' });
    },
  );

  it('a currency sign is only read where the column allows one (parse: "number" or a format)', () => {
    expect(readNumber('$12.50', null, false)).toEqual({ ok: false, reason: 'format' });
    expect(readNumber('12.50', null, false)).toEqual({ ok: true, value: 12.5 });
  });

  it('parseNumberText gives null for a text that reads two ways', () => {
    expect(parseNumberText('2.000')).toBeNull();
    expect(parseNumberText('2.000', format({ decimal: ',' }))).toBe(2000);
  });
});

describe('readNumber with the column’s format', () => {
  it('decimal, grouping or locale decide, and a text that does not follow them says why', () => {
    const german = format({ locale: 'de-DE' });
    expect(readNumber('2.000', german)).toEqual({ ok: true, value: 2000 });
    expect(readNumber('€ 2.000', german)).toEqual({ ok: true, value: 2000 });
    expect(readNumber('1.500,75', german)).toEqual({ ok: true, value: 1500.75 });
    expect(readNumber('1,500.00', german)).toEqual({
      ok: false,
      reason: 'mismatch',
      why: 'its decimal point "," comes before a thousands separator',
    });
    expect(readNumber('2.000', format({ decimal: '.' }))).toEqual({ ok: true, value: 2 });
    expect(readNumber('1,500', format({ grouping: ',' }))).toEqual({ ok: true, value: 1500 });
    expect(readNumber('1.500', format({ decimal: ',', grouping: 'none' }))).toMatchObject({
      ok: false,
      reason: 'mismatch',
    });
    expect(readNumber('12,34,567.50', format({ locale: 'en-IN' }))).toEqual({ ok: true, value: 1234567.5 });
  });

  it('options that cannot be used are refused in words', () => {
    expect(numberFormatOf({})).toBeNull();
    expect(numberFormatOf({ decimal: ',', grouping: ',' })).toMatch(/both ","/);
    expect(numberFormatOf({ locale: 'de-DE', decimal: ',' })).toMatch(/not both/);
    expect(numberFormatOf({ locale: 'not a locale!' })).toMatch(/is not a locale tag/);
  });
});

describe('readNumber: properties', () => {
  const LOCALES = ['en-US', 'de-DE', 'fr-FR', 'de-CH', 'es-ES', 'sv-SE'] as const;
  const DECORATIONS = ['', '$', '€ ', '¥', 'EUR ', ' €', ' USD', ' kr'] as const;

  it('an amount written in any of six locales is read as itself or refused, never as another number', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 99_999_999_999 }),
        fc.integer({ min: 0, max: 3 }),
        fc.constantFrom(...LOCALES),
        fc.constantFrom(...DECORATIONS),
        fc.boolean(),
        (units, fractionDigits, locale, decoration, negative) => {
          // "-0" is read as 0: a sign on nothing changes nothing.
          const value = (negative && units > 0 ? -units : units) / 10 ** fractionDigits;
          const written = new Intl.NumberFormat(locale, {
            minimumFractionDigits: fractionDigits,
            maximumFractionDigits: fractionDigits,
          })
            .format(Math.abs(value))
            .replace(/\u2212/g, '-');
          const amount = decoration.startsWith(' ') ? `${written}${decoration}` : `${decoration}${written}`;
          const text = negative ? `-${amount}` : amount;
          const alone = readNumber(text, null);
          if (alone.ok) expect(alone.value, text).toBe(value);
          else expect(alone.reason, text).toBe('ambiguous');
          expect(readNumber(text, format({ locale })), `${text} (${locale})`).toEqual({ ok: true, value });
        },
      ),
      { numRuns: 5_000 },
    );
  });

  it('the quick path for common money ("$12,345.67", "1500") agrees with the whole grammar', () => {
    const moneyText = fc.string({ unit: fc.constantFrom(...'0123456789$,. '.split('')), maxLength: 16 });
    const conventions = [null, format({ decimal: '.' }), format({ locale: 'en-US' })];
    fc.assert(
      fc.property(moneyText, fc.boolean(), fc.constantFrom(...conventions), (text, currency, convention) => {
        expect(readNumber(text, convention, currency)).toEqual(readGrammar(text, convention, currency));
      }),
      { numRuns: 20_000 },
    );
  });

  it('any text read without a format has the value every convention that reads it gives', () => {
    const moneyText = fc.string({ unit: fc.constantFrom(..."0123456789$,.' ()-€".split('')), maxLength: 14 });
    const conventions = [format({ decimal: '.' }), format({ decimal: ',' })];
    fc.assert(
      fc.property(moneyText, (text) => {
        const alone = readNumber(text, null);
        if (!alone.ok) return;
        for (const convention of conventions) {
          const read = readNumber(text, convention);
          if (read.ok) expect(read.value, `${text} (${convention.said})`).toBe(alone.value);
        }
      }),
      { numRuns: 20_000 },
    );
  });
});
