/**
 * What a number format makes of a number (core/read/number-formats.ts): dates, times and durations
 * told apart, and the text digit-shaping formats show, as Excel shows it.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  builtInFormatCode,
  cellFormat,
  cellFormatOf,
  dateShownOf,
  digitRenderer,
  formatKind,
} from '../../core/read/number-formats.ts';

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

// Explore 60 item 2: a date cell whose own format shows which number is the day is read as shown; only
// month-first formats and Excel's locale-dependent built-in short date leave its day and month in doubt.
describe('which number a date format shows as the day', () => {
  it.each([
    ['dd/mm/yyyy', 'day-first'],
    ['dd/mm/yy', 'day-first'], // LibreOffice set to UK dates, typed
    ['d.m.yyyy', 'day-first'],
    ['DD-MM-YYYY', 'day-first'],
    ['dd/mm/yyyy hh:mm', 'day-first'],
    ['dddd dd/mm/yyyy', 'day-first'], // a weekday's name says nothing of the order
    ['yyyy-mm-dd', 'year-first'],
    ['yyyy-mm-dd h:mm:ss', 'year-first'],
    ['d-mmm-yy', 'month-named'],
    ['mmmm d, yyyy', 'month-named'],
    ['[$-F800]dddd\\,\\ mmmm\\ dd\\,\\ yyyy', 'month-named'],
    ['m/d/yyyy', null],
    ['mm/dd/yy', null], // LibreOffice set to US dates, typed
    ['m/d/yy h:mm', null],
    ['h:mm dd/mm', 'day-first'], // the minutes after h are no month
    ['mm/yyyy', null], // no day shown
  ])('%s: %s', (code, shown) => {
    expect(dateShownOf(code)).toBe(shown);
  });

  it("built-in 14 and 22 follow the computer's settings: no order, whatever their stand-in code says", () => {
    expect(cellFormatOf(14, builtInFormatCode(14), false).shown).toBeUndefined();
    expect(cellFormatOf(22, builtInFormatCode(22), false).shown).toBeUndefined();
    expect(cellFormatOf(15, builtInFormatCode(15), false).shown).toBe('month-named');
    // A workbook's own format under a built-in id is what its cells show.
    expect(cellFormatOf(14, 'dd/mm/yyyy', true).shown).toBe('day-first');
    expect(cellFormatOf(165, 'dd/mm/yyyy', true)).toEqual({
      kind: 'date',
      code: 'dd/mm/yyyy',
      shown: 'day-first',
    });
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
