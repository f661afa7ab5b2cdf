/**
 * A date written as a moment in UTC ("1970-12-31T13:00:00.000Z", "…+00:00") under a target that takes a
 * day (created_on, due_on, DATE and BIRTHDAY fields). Such a value is an instant, not a day: which day it
 * is depends on whose midnight. Programs write a day they hold as the UTC moment it starts (JavaScript's
 * toISOString, a framework's date cast), so a portal in Sydney writes 1 January 1971 as
 * 1970-12-31T13:00:00.000Z; taken as its UTC date, every date of birth came in a day early, with only
 * "the time is not kept" said (explore 57 item 2).
 *
 * Decision, as a clerk would read such a file: a moment that is exactly midnight in this computer's zone
 * is that day here (the file most likely came from this office's own systems); else one that is exactly
 * midnight in some zone people use (a whole quarter hour from UTC-10:00 to UTC+13:00) is that day there;
 * anything else (a real time of day) keeps its UTC date. Whichever day is taken, the row says which and
 * why, and the other reading, so that a date of birth never moves a day unsaid. A date written with
 * another zone offset ("…T00:00:00-07:00") is the day written, in the zone it states, and is not read
 * here; nor is midnight UTC itself, whose UTC date is the only day it names.
 */

import { thisComputerTimeZone, wallClockAt, wallClockDate } from '../mapping/time-zone.ts';

/** A time with its zone, as TRAILING_TIME (scalar-values.ts) captures it after a date. */
const UTC_TIME = /^(\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?(?:\s*([AaPp])\.?[Mm]\.?)?\s*(?:Z|[+-]00:?00)$/;

export interface ZonedNote {
  code: 'zoned_date';
  params: Record<string, unknown>;
}

/**
 * The day a UTC moment is taken as, and the row's note saying so; null when `time` is not a UTC time
 * (no zone, another offset) or is midnight UTC.
 */
export function zonedDay(
  utcDate: string,
  time: string,
  thisZone = thisComputerTimeZone(),
): { date: string; note: ZonedNote } | null {
  const match = UTC_TIME.exec(time.trim());
  if (!match) return null;
  let hour = Number(match[1]);
  const minute = Number(match[2]);
  const second = Number(match[3] ?? 0);
  const fraction = Number(`0.${match[4] ?? '0'}`);
  if (match[5]) hour = (hour % 12) + (/[Pp]/.test(match[5]) ? 12 : 0);
  if (hour > 23 || minute > 59 || second > 59) return null;
  const sinceMidnight = ((hour * 60 + minute) * 60 + second) * 1000 + Math.round(fraction * 1000);
  if (sinceMidnight === 0) return null;
  const instant = Date.parse(`${utcDate}T00:00:00Z`) + sinceMidnight;
  const here = wallClock(instant, thisZone);
  const base = { time, utcDate, zone: thisZone, hereDate: here.date };
  if (here.midnight) {
    return {
      date: here.date,
      note: { code: 'zoned_date', params: { ...base, date: here.date, reading: 'midnight-here' } },
    };
  }
  const minutes = sinceMidnight / 60_000;
  if (Number.isInteger(minutes) && minutes % 15 === 0 && (minutes <= 600 || minutes >= 660)) {
    // 11:00Z and later: midnight east of UTC (UTC+13:00 … UTC+00:15), the next day there; 10:00Z and
    // earlier: midnight west of it (UTC-10:00 …), the same day. UTC-11 and UTC-12 are left to the
    // east's reading: New Zealand and Tonga over Niue and no one.
    const east = minutes >= 660;
    const offsetMinutes = east ? 1440 - minutes : -minutes;
    const date = east ? nextDay(utcDate) : utcDate;
    return {
      date,
      note: {
        code: 'zoned_date',
        params: { ...base, date, reading: 'midnight-offset', offset: offsetWords(offsetMinutes) },
      },
    };
  }
  return {
    date: utcDate,
    note: { code: 'zoned_date', params: { ...base, date: utcDate, reading: 'utc-day' } },
  };
}

/** The day `instant` falls on in `timeZone`, and whether it is that day's first moment there. */
function wallClock(instant: number, timeZone: string): { date: string; midnight: boolean } {
  const clock = wallClockAt(instant, timeZone);
  const midnight = instant % 1000 === 0 && clock.hour === 0 && clock.minute === 0 && clock.second === 0;
  return { date: wallClockDate(clock), midnight };
}

function nextDay(date: string): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
}

/** "UTC+11:00", "UTC-05:00". */
function offsetWords(minutes: number): string {
  const sign = minutes < 0 ? '-' : '+';
  const whole = Math.abs(minutes);
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `UTC${sign}${pad(Math.floor(whole / 60))}:${pad(whole % 60)}`;
}
