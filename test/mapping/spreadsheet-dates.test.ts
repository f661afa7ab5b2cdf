/**
 * The one rule for "this cell is the stored day as a spreadsheet wrote it" (explore 57 item 5): Excel
 * writes 1966-06-17 as 6/17/1966 (US) or 17/06/1966 (UK) when it saves a CSV; in the order the file
 * proves, or in either order when nothing proves one.
 */
import { describe, expect, it } from 'vitest';
import {
  compareStoredDay,
  newFileDayOrder,
  editedCentury,
  provenOrder,
  samePartialDay,
  shortDateReadings,
  storedDayAsWritten,
  watchDayOrder,
} from '../../core/mapping/spreadsheet-dates.ts';

describe('the stored day as a spreadsheet writes it', () => {
  it('is unchanged in the short forms of the US, the UK, Germany and Sweden', () => {
    for (const given of ['6/17/1966', '17/06/1966', '17.06.1966', '1966/6/17', '6/17/66'])
      expect(compareStoredDay('1966-06-17', given, null)).toMatchObject({
        kind: 'same',
        otherDay: null,
        centuryFromStored: false,
      });
    // A date-time to the minute, as Excel writes one; midnight for a date held without a time.
    expect(compareStoredDay('2026-06-30 10:48:17', '6/30/2026 10:48', null)).toMatchObject({ kind: 'same' });
    expect(compareStoredDay('2026-06-30', '6/30/2026 0:00', null)).toMatchObject({ kind: 'same' });
  });

  it('in the order the file proves: the other reading is an edit, with its one day', () => {
    expect(compareStoredDay('1966-06-07', '6/7/1966', 'month-first')).toEqual({
      kind: 'same',
      otherDay: null,
      order: 'month-first',
      centuryFromStored: false,
    });
    expect(compareStoredDay('1966-06-07', '6/7/1966', 'day-first')).toMatchObject({
      kind: 'edited',
      readings: [{ iso: '1966-07-06', order: 'day-first' }],
    });
  });

  it('with no order proven: the stored day in either reading is unchanged, saying the other day', () => {
    expect(compareStoredDay('1966-06-07', '6/7/1966', null)).toEqual({
      kind: 'same',
      otherDay: '1966-07-06',
      order: 'month-first',
      centuryFromStored: false,
    });
    expect(compareStoredDay('1966-06-07', '8/9/1966', null)).toMatchObject({
      kind: 'edited',
      readings: [{ iso: '1966-08-09' }, { iso: '1966-09-08' }],
    });
    // Not a short-form date, or nothing held that is a date: the rule does not apply.
    expect(compareStoredDay('1966-06-07', 'June 7', null)).toBeNull();
    expect(compareStoredDay('1/2', '01/02/26', null)).toBeNull();
  });

  it("a two-digit year: the stored day's century, said when a spreadsheet's pivot reads another", () => {
    // 25 is 2025 by the pivot: matched by its last two digits to 1925, the other reading in 1925 too.
    expect(compareStoredDay('1925-04-11', '4/11/25', null)).toEqual({
      kind: 'same',
      otherDay: '1925-11-04',
      order: 'month-first',
      centuryFromStored: true,
    });
    // An edit: the century nearest the stored day, guessed where the pivot would read another.
    const [edit] = shortDateReadings('6/14/31', 'month-first');
    expect(editedCentury(edit!, '2031-06-03')).toEqual({
      iso: '2031-06-14',
      guessed: true,
      pivot: '1931-06-14',
    });
    expect(editedCentury(shortDateReadings('6/14/66', null)[0]!, '1966-06-03')).toMatchObject({
      iso: '1966-06-14',
      guessed: false,
    });
    // Nothing stored to go by: the pivot's, said as a guess.
    expect(editedCentury(edit!, '')).toEqual({ iso: '1931-06-14', guessed: true, pivot: '1931-06-14' });
  });

  it("a file's order: proven by a value that reads one way only, none when its values disagree", () => {
    const order = newFileDayOrder();
    watchDayOrder(order, '6/7/2026');
    expect(provenOrder(order)).toBeNull();
    watchDayOrder(order, '6/28/2026');
    expect(provenOrder(order)).toBe('month-first');
    watchDayOrder(order, '28/06/2026');
    expect(provenOrder(order)).toBeNull();
  });

  it('says the stored day in the form the file writes dates, both forms when the order is unknown', () => {
    expect(storedDayAsWritten('1967-08-08', '02/01/1970', 'day-first')).toBe('08/08/1967');
    expect(storedDayAsWritten('1966-06-17', '6/18/1966', 'month-first')).toBe('6/17/1966');
    expect(storedDayAsWritten('1966-06-07', '8/9/1966', null)).toBe('6/7/1966 or 7/6/1966');
  });

  it('text held that a spreadsheet took for a date ("1/2" written back as 01/02/26)', () => {
    expect(samePartialDay('1/2', '01/02/26')).toBe(true);
    expect(samePartialDay('1/2', '2026-01-02')).toBe(true);
    expect(samePartialDay('1/2', '03/04/26')).toBe(false);
  });
});
