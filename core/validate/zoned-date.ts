/**
 * A date written as a moment in UTC ("2026-03-31T13:00:00.000Z", "…+00:00") under a target that takes a
 * day (created_on, due_on, DATE and BIRTHDAY fields). Such a value is an instant, not a day: which day it
 * is depends on whose midnight. Programs write a day they hold as the UTC moment it starts (JavaScript's
 * toISOString, a framework's date cast), so a portal in Sydney writes 1 April 2026 (daylight saving
 * time, UTC+11:00) as 2026-03-31T13:00:00.000Z; taken as its UTC date, every date of birth came in a day early, with only
 * "the time is not kept" said (explore 57 item 2).
 *
 * Decision, as a clerk would read such a file, by what the column's moments are (utc-moment-column.ts):
 * - a moment that is exactly midnight in this computer's zone is that day here (the file most likely
 *   came from this office's own systems);
 * - in a column whose every moment is midnight in one zone in use (zone-offsets.ts: the offsets clocks
 *   keep, not every quarter hour), each is that day there: a program wrote the days as they start;
 * - in a column whose times of day differ from row to row, each is a timestamp, and its day is the one
 *   where this computer is: a loss at 2026-11-03T14:30:00Z is 9:30 AM on 3 November to a New York
 *   clerk, the day the portal showed them, not a day in a zone its times only happen to be midnight
 *   in (explore 60 item 1), and not its UTC date either, the next day for a New York evening;
 * - a moment alone in its column (nothing to compare with) is read as the first two would read it,
 *   midnight in a zone in use, else a timestamp here, and the row says that it is a guess; so too two
 *   midnights of one zone (two moments an hour apart are as likely two times of day);
 * - a moment that is no midnight of the zone its column's earlier rows were read as days of is a time of
 *   day here, and the row says that the earlier rows were read so.
 * Whichever day is taken, the row says which and why, and the other reading, so that a date of birth
 * never moves a day unsaid. A date written with another zone offset ("…T00:00:00-07:00") is the day
 * written, in the zone it states, and is not read here; nor is midnight UTC itself, whose UTC date is
 * the only day it names.
 */

import { thisComputerTimeZone, wallClockAt, wallClockDate } from '../mapping/time-zone.ts';
import { ALONE, type MomentColumn } from './utc-moment-column.ts';
import { utcTimeOfDay } from './utc-time.ts';
import { midnightOffset } from './zone-offsets.ts';

export interface ZonedNote {
  code: 'zoned_date';
  params: Record<string, unknown>;
}

/**
 * The day a UTC moment is taken as, and the row's note saying so; null when `time` is not a UTC time
 * (no zone, another offset) or is midnight UTC. `columnOf` reads what the column's moments are, only
 * when this is one.
 */
export function zonedDay(
  utcDate: string,
  time: string,
  thisZone = thisComputerTimeZone(),
  columnOf: () => MomentColumn = () => ALONE,
): { date: string; note: ZonedNote } | null {
  const sinceMidnight = utcTimeOfDay(time);
  if (sinceMidnight === null || sinceMidnight === 0) return null;
  const instant = Date.parse(`${utcDate}T00:00:00Z`) + sinceMidnight;
  const here = wallClock(instant, thisZone);
  const reading = columnOf();
  // 'few': midnights of one zone, but too few of them to be more than a guess (utc-moment-column.ts).
  const column = reading.kind === 'days' && !reading.sure ? 'few' : reading.kind;
  const base = { time, utcDate, zone: thisZone, hereDate: here.date, column };
  const note = (date: string, reading: string, more: Record<string, unknown> = {}) => ({
    date,
    note: { code: 'zoned_date' as const, params: { ...base, date, reading, ...more } },
  });
  if (here.midnight) return note(here.date, 'midnight-here');
  const offset =
    column !== 'times' && sinceMidnight % 60_000 === 0 ? midnightOffset(sinceMidnight / 60_000) : null;
  // A column read as one zone's days from its earlier rows, and a moment that is no midnight there: a
  // time of day, which casts doubt on the reading the earlier rows were imported under. Said on the
  // row, with the zone those rows were read in, rather than read under it silently.
  if (reading.kind === 'days' && (offset === null || !reading.offsets.includes(offset)))
    return note(here.date, 'time-of-day', {
      column: 'days-until-here',
      columnOffsets: reading.offsets.map(offsetWords),
    });
  if (offset !== null) {
    const date = new Date(instant + offset * 60_000).toISOString().slice(0, 10);
    return note(date, 'midnight-offset', { offset: offsetWords(offset) });
  }
  return note(here.date, 'time-of-day');
}

/** The day `instant` falls on in `timeZone`, and whether it is that day's first moment there. */
function wallClock(instant: number, timeZone: string): { date: string; midnight: boolean } {
  const clock = wallClockAt(instant, timeZone);
  const midnight = instant % 1000 === 0 && clock.hour === 0 && clock.minute === 0 && clock.second === 0;
  return { date: wallClockDate(clock), midnight };
}

/** "UTC+11:00", "UTC-05:00". */
function offsetWords(minutes: number): string {
  const sign = minutes < 0 ? '-' : '+';
  const whole = Math.abs(minutes);
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `UTC${sign}${pad(Math.floor(whole / 60))}:${pad(whole % 60)}`;
}
