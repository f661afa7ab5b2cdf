/**
 * Excel's serial day numbers as the dates, times of day and durations its formats show, in UTC
 * arithmetic only (nothing shifts with the time zone). The 1900 date system counts as Excel counts,
 * its leap-year bug included: serial 60 is 1900-02-29, a day that never was, so serials 1–59 (January
 * and February 1900) are one day later than a plain count from 1899-12-30 gives.
 */
import type { Cell, DateShown } from './types.ts';

const SECONDS_PER_DAY = 86_400;
const MS_PER_DAY = SECONDS_PER_DAY * 1000;
/** 1899-12-30, from which serials 61 and up count (serial 61 is 1900-03-01). */
const EPOCH_1900 = Date.UTC(1899, 11, 30);
/** 1899-12-31, from which serials 1–59 count (serial 1 is 1900-01-01). */
const EPOCH_1900_BEFORE_MARCH = Date.UTC(1899, 11, 31);
/** 1904-01-01: serial 0 of the 1904 date system (old Mac Excel). */
const EPOCH_1904 = Date.UTC(1904, 0, 1);
/** Excel's last day, 9999-12-31: anything later shows as ####### in the sheet. */
const LAST_DAY = Date.UTC(9999, 11, 31);

/** What Excel shows for a date or time it cannot show: a cell full of #. */
const notShown = (): Cell => ({ type: 'error', error: '#######' });

const pad = (value: number, width = 2) => String(value).padStart(width, '0');

function clock(seconds: number): string {
  return `${pad(Math.floor(seconds / 3600))}:${pad(Math.floor(seconds / 60) % 60)}:${pad(seconds % 60)}`;
}

/** Whole days and seconds of the day, rounded to the second: stored serials carry noise (14:29:59.99996). */
function split(serial: number): { day: number; seconds: number } {
  const total = Math.round(serial * SECONDS_PER_DAY);
  return { day: Math.floor(total / SECONDS_PER_DAY), seconds: total % SECONDS_PER_DAY };
}

/** The day a whole serial stands for, as ms since 1970, or null where Excel shows no real date. */
function dayOf(day: number, date1904: boolean): number | null {
  if (date1904) return EPOCH_1904 + day * MS_PER_DAY;
  if (day >= 61) return EPOCH_1900 + day * MS_PER_DAY;
  if (day >= 1 && day <= 59) return EPOCH_1900_BEFORE_MARCH + day * MS_PER_DAY;
  return null; // 0 is "1900-01-00" and 60 is "1900-02-29": neither is on the calendar
}

/**
 * A date-formatted serial: a calendar date, or a date-time when it has a time of day. Below 1 in the
 * 1900 system it is a time of day (Excel's day 0, "1900-01-00", is no date); 0 itself and 60 are the
 * text Excel shows ("1900-01-00", "1900-02-29"), which date targets refuse as no real day; negative
 * serials and days past 9999-12-31 are the ####### Excel shows.
 */
export function serialToDate(serial: number, date1904: boolean, shown?: DateShown): Cell {
  if (!(serial >= 0)) return notShown();
  const { day, seconds } = split(serial);
  const at = dayOf(day, date1904);
  if (at === null) {
    if (day === 0 && seconds > 0) return { type: 'time', time: clock(seconds) };
    const shown = day === 0 ? '1900-01-00' : '1900-02-29';
    return seconds === 0 ? shown : `${shown}T${clock(seconds)}`;
  }
  if (at > LAST_DAY) return notShown();
  const date = new Date(at).toISOString().slice(0, 10);
  // How the cell's format shows it, only where it says which number is the day (DateShown).
  if (seconds === 0) return shown ? { type: 'date', date, shown } : { type: 'date', date };
  const dateTime = `${date}T${clock(seconds)}`;
  return shown ? { type: 'datetime', dateTime, shown } : { type: 'datetime', dateTime };
}

/** Whether a serial is one Excel can show at all as a date or time (0 up to 9999-12-31 23:59:59). */
function inRange(serial: number, date1904: boolean): boolean {
  if (!(serial >= 0)) return false;
  const { day } = split(serial);
  const at = dayOf(day, date1904) ?? EPOCH_1900;
  return at <= LAST_DAY;
}

/**
 * A time-formatted serial (`h:mm`, `hh:mm:ss AM/PM`): the time of day the cell shows, HH:MM:SS. A date
 * part, which such a format does not show, is not read.
 */
export function serialToTime(serial: number, date1904: boolean): Cell {
  if (!inRange(serial, date1904)) return notShown();
  return { type: 'time', time: clock(split(serial).seconds) };
}

/**
 * A serial under an elapsed-time format (`[h]:mm:ss`, `[mm]:ss`): a duration as hours (at least two
 * digits, past 23 when it lasts longer), minutes and seconds: 1.5 is 36:00:00. Negative durations are
 * shown by Excel only in the 1904 date system, with a minus sign.
 */
export function serialToElapsed(serial: number, date1904: boolean): Cell {
  if (!Number.isFinite(serial) || (serial < 0 && !date1904)) return notShown();
  const total = Math.round(Math.abs(serial) * SECONDS_PER_DAY);
  if (total / SECONDS_PER_DAY > 2_958_465) return notShown();
  return { type: 'time', time: `${serial < 0 ? '-' : ''}${clock(total)}`, elapsed: true };
}
