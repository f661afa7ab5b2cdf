/**
 * What a number format makes of a number (core/read/number-formats.ts): dates, times and durations
 * told apart, and the text digit-shaping formats show, as Excel shows it.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { builtInFormatCode, cellFormat, digitRenderer, formatKind } from '../../core/read/number-formats.ts';

describe('format kinds', () => {
  it.each([
    ['yyyy-mm-dd', 'date'],
    ['m/d/yy h:mm', 'date'],
    ['mmm-yy', 'date'],
    ['[$-F800]dddd\\,\\ mmmm\\ dd\\,\\ yyyy', 'date'],
    ['h:mm', 'time'],
    ['hh:mm:ss\\ AM/PM', 'time'],
    ['[$-409]h:mm:ss AM/PM', 'time'],
    ['mm:ss', 'time'],
    ['[h]:mm:ss', 'elapsed'],
    ['[mm]:ss', 'elapsed'],
    ['General', 'plain'],
    ['0.00E+00', 'plain'],
    ['#,##0 "days"', 'plain'],
    ['00000', 'plain'],
    ['@', 'plain'],
  ])('%s is %s', (code, kind) => {
    expect(formatKind(code)).toBe(kind);
  });

  it('built-in ids: 14 and 22 dates, 18–21 and 45 times, 46 elapsed, East Asian 32/33 times', () => {
    expect([14, 22, 18, 21, 45, 46, 32, 33, 27, 57].map((id) => formatKind(builtInFormatCode(id)))).toEqual([
      'date',
      'date',
      'time',
      'time',
      'time',
      'elapsed',
      'time',
      'time',
      'date',
      'date',
    ]);
  });
});

describe('digit-shaping formats show what Excel shows', () => {
  const show = (code: string, value: number) => digitRenderer(code)?.(value);

  it.each([
    ['00000', 3101, '03101'],
    ['00000', 80202, '80202'],
    ['00000', 0, '00000'],
    ['00000', 123456, '123456'],
    ['00000\\-0000', 31011234, '03101-1234'],
    ['000\\-00\\-0000', 12345678, '012-34-5678'],
    ['000-00-0000', 123456789, '123-45-6789'],
    ['[<=9999999]###\\-####;\\(###\\)\\ ###\\-####', 5551234567, '(555) 123-4567'],
    ['[<=9999999]###\\-####;\\(###\\)\\ ###\\-####', 1234567, '123-4567'],
    ['"Case "0000', 42, 'Case 0042'],
    ['0', 2.5, '3'],
    ['0', -2.5, '-3'],
    ['00000', -3101, '-03101'],
    ['00000;(00000)', -3101, '(03101)'],
    ['[Red]00000', 3101, '03101'],
  ])('%s shows %d as %s', (code, value, text) => {
    expect(show(code, value)).toBe(text);
  });

  it.each(['General', '@', '0.00', '#,##0', '0%', '0.00E+00', '# ?/?', '_(* #,##0_)', '[$€-407]0'])(
    '%s is left to the plain number',
    (code) => {
      expect(digitRenderer(code)).toBeUndefined();
      expect(cellFormat(code).render).toBeUndefined();
    },
  );

  it('any whole number under n zeros shows as the number padded to n digits (fast-check)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 0, max: 999_999_999_999 }),
        (zeros, value) => {
          expect(show('0'.repeat(zeros), value)).toBe(String(value).padStart(zeros, '0'));
        },
      ),
    );
  });
});
