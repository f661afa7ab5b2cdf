/**
 * Excel's serial numbers as what its formats show (core/read/serial-dates.ts): the 1900 leap-year bug,
 * day zero, the last day Excel has, times of day and durations, never shifted by a time zone.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { serialToDate, serialToElapsed, serialToTime } from '../../core/read/serial-dates.ts';

const notShown = { type: 'error', error: '#######' };

describe('dates', () => {
  it('counts January and February 1900 as Excel does: 1 is 1900-01-01, 59 is 02-28, 60 the phantom 02-29', () => {
    expect(serialToDate(1, false)).toEqual({ type: 'date', date: '1900-01-01' });
    expect(serialToDate(31, false)).toEqual({ type: 'date', date: '1900-01-31' });
    expect(serialToDate(59, false)).toEqual({ type: 'date', date: '1900-02-28' });
    expect(serialToDate(60, false)).toBe('1900-02-29');
    expect(serialToDate(61, false)).toEqual({ type: 'date', date: '1900-03-01' });
    expect(serialToDate(59.5, false)).toEqual({ type: 'datetime', dateTime: '1900-02-28T12:00:00' });
  });

  it('day zero of the 1900 system is no date: 0 is the text Excel shows, a fraction of it a time of day', () => {
    expect(serialToDate(0, false)).toBe('1900-01-00');
    expect(serialToDate(0.75, false)).toEqual({ type: 'time', time: '18:00:00' });
    expect(serialToDate(0, true)).toEqual({ type: 'date', date: '1904-01-01' });
  });

  it('the last day is 9999-12-31; later or negative serials are the ####### Excel shows', () => {
    expect(serialToDate(2_958_465, false)).toEqual({ type: 'date', date: '9999-12-31' });
    expect(serialToDate(2_958_466, false)).toEqual(notShown);
    expect(serialToDate(2_957_003, true)).toEqual({ type: 'date', date: '9999-12-31' });
    expect(serialToDate(2_957_004, true)).toEqual(notShown);
    expect(serialToDate(-1, false)).toEqual(notShown);
    expect(serialToDate(Number.NaN, false)).toEqual(notShown);
  });

  it('from 1900-03-01 on, whole serials are the days counted from 1899-12-30 (fast-check)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 61, max: 2_958_465 }), (serial) => {
        const expected = new Date(Date.UTC(1899, 11, 30) + serial * 86_400_000).toISOString().slice(0, 10);
        expect(serialToDate(serial, false)).toEqual({ type: 'date', date: expected });
      }),
    );
  });
});

describe('times of day and durations', () => {
  it('a time format shows the time of day of any serial, rounded to the second', () => {
    expect(serialToTime(0.5, false)).toEqual({ type: 'time', time: '12:00:00' });
    expect(serialToTime(45000.6041666667, false)).toEqual({ type: 'time', time: '14:30:00' });
    expect(serialToTime(0.999994, false)).toEqual({ type: 'time', time: '23:59:59' });
    expect(serialToTime(0.9999999, false)).toEqual({ type: 'time', time: '00:00:00' });
    expect(serialToTime(-0.5, false)).toEqual(notShown);
  });

  it('an elapsed format shows hours past 24, at least two digits; negative ones only in the 1904 system', () => {
    expect(serialToElapsed(1.5, false)).toEqual({ type: 'time', time: '36:00:00', elapsed: true });
    expect(serialToElapsed(0.0625, false)).toEqual({ type: 'time', time: '01:30:00', elapsed: true });
    expect(serialToElapsed(100, false)).toEqual({ type: 'time', time: '2400:00:00', elapsed: true });
    expect(serialToElapsed(-0.5, false)).toEqual(notShown);
    expect(serialToElapsed(-0.5, true)).toEqual({ type: 'time', time: '-12:00:00', elapsed: true });
  });
});
