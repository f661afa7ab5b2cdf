/**
 * Dates that name their month in English ("05-Apr-2026", Excel's d-mmm-yy "6-Apr-26", "April 5,
 * 2026") read one way only: read with or without a dateFormat, and by the MMM/MMMM tokens; a month word
 * in another language is refused saying so (explore 57 item 6).
 */
import { describe, expect, it } from 'vitest';
import { compileDateFormat } from '../../core/index.ts';
import { parseUnambiguousDate } from '../../core/mapping/date-format.ts';
import { monthNameFormat, parseMonthNameDate } from '../../core/mapping/month-names.ts';

function compile(format: string) {
  const compiled = compileDateFormat(format);
  if (typeof compiled === 'string') throw new Error(compiled);
  return compiled;
}

describe('month-name dates', () => {
  it('reads the forms clerks and Excel write, any letter case, with a two-digit year by the pivot', () => {
    expect(parseMonthNameDate('05-Apr-2026')).toEqual({ ok: true, iso: '2026-04-05' });
    expect(parseMonthNameDate('6-Apr-26')).toEqual({ ok: true, iso: '2026-04-06', twoDigitYear: true });
    expect(parseMonthNameDate('17-Jun-66')).toEqual({ ok: true, iso: '1966-06-17', twoDigitYear: true });
    expect(parseMonthNameDate('April 5, 2026')).toEqual({ ok: true, iso: '2026-04-05' });
    expect(parseMonthNameDate('5 APR 2026')).toEqual({ ok: true, iso: '2026-04-05' });
    expect(parseMonthNameDate('5th Sept. 2026')).toEqual({ ok: true, iso: '2026-09-05' });
    expect(parseMonthNameDate('2026-Apr-05')).toEqual({ ok: true, iso: '2026-04-05' });
    expect(parseMonthNameDate('Monday, April 6, 2026')).toEqual({ ok: true, iso: '2026-04-06' });
  });

  it('refuses a day that does not exist, and a weekday the date does not fall on', () => {
    expect(parseMonthNameDate('30-Feb-2026')).toEqual({
      ok: false,
      reason: 'nonexistent',
      why: 'February 2026 has 28 days',
    });
    expect(parseMonthNameDate('Tuesday, April 6, 2026')).toEqual({
      ok: false,
      reason: 'nonexistent',
      why: 'April 6, 2026 is a Monday, not a Tuesday',
    });
  });

  it('names a month word that is not English, and reads nothing else as a month-name date', () => {
    expect(parseMonthNameDate('5-Mär-2026')).toEqual({ ok: false, reason: 'format', monthWord: 'Mär' });
    expect(parseMonthNameDate('5 avril 2026')).toEqual({ ok: false, reason: 'format', monthWord: 'avril' });
    expect(parseMonthNameDate('3/4/2026')).toEqual({ ok: false, reason: 'format' });
    expect(parseMonthNameDate('Acme Mutual')).toEqual({ ok: false, reason: 'format' });
  });

  it('is read in any date column whatever its format, as an ISO date is', () => {
    expect(parseUnambiguousDate('05-Apr-2026')).toEqual({ ok: true, iso: '2026-04-05' });
    expect(compile('M/D/YYYY').parse('05-Apr-2026')).toEqual({ ok: true, iso: '2026-04-05' });
    expect(compile('D/M/YYYY').parse('2026-04-05')).toEqual({ ok: true, iso: '2026-04-05' });
  });

  it('MMM and MMMM read the name in either length; a month name has no day/month order to swap', () => {
    const short = compile('DD-MMM-YYYY');
    expect(short.parse('05-Apr-2026')).toEqual({ ok: true, iso: '2026-04-05' });
    expect(short.parse('05-April-2026')).toEqual({ ok: true, iso: '2026-04-05' });
    expect(short.parse('05-Foo-2026')).toEqual({ ok: false, reason: 'format', monthWord: 'Foo' });
    expect(short.swapped).toBe('DD-MMM-YYYY');
    expect(compile('MMMM D, YYYY').parse('April 5, 2026')).toEqual({ ok: true, iso: '2026-04-05' });
    expect(compile('D-MMM-YY').parse('6-Apr-26')).toEqual({
      ok: true,
      iso: '2026-04-06',
      twoDigitYear: true,
    });
  });

  it('gives the format a value is written in, for map to propose', () => {
    expect(monthNameFormat('05-Apr-2026')).toBe('DD-MMM-YYYY');
    expect(monthNameFormat('6-Apr-26')).toBe('D-MMM-YY');
    expect(monthNameFormat('April 5, 2026')).toBe('MMMM D, YYYY');
    expect(monthNameFormat('5 June 2026')).toBe('D MMMM YYYY');
    expect(monthNameFormat('3/4/2026')).toBeNull();
    for (const text of ['05-Apr-2026', '6-Apr-26', 'April 5, 2026', '5 June 2026'])
      expect(compile(monthNameFormat(text)!).parse(text)).toMatchObject({ ok: true });
  });
});
