/**
 * This computer's time zone and a moment's wall clock in a zone: the one place core asks either, shared
 * by the export's relative dates ("today" is this computer's day: export/relative-dates.ts) and the
 * reading of a date written as a UTC moment (the day it starts where it is midnight:
 * validate/zoned-date.ts). Both used to ask Intl on their own; here so that validate need not import
 * from export, and so a host's zone (the TZ a test spawns the CLI with) is read the one way, through
 * Intl, never through `process`.
 */

/** The IANA name of this computer's time zone (e.g. "America/Denver"), for saying which day "today" was. */
export function thisComputerTimeZone(): string {
  return new Intl.DateTimeFormat().resolvedOptions().timeZone;
}

export type WallClock = Record<'year' | 'month' | 'day' | 'hour' | 'minute' | 'second', number>;

/** What a clock in `timeZone` shows at `instant` (ms since 1970), on the 24-hour clock. */
export function wallClockAt(instant: number, timeZone: string): WallClock {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  }).formatToParts(new Date(instant));
  const part = (type: string): number => Number(parts.find((p) => p.type === type)?.value);
  return {
    year: part('year'),
    month: part('month'),
    day: part('day'),
    // Some engines write midnight as 24 under h23's older spelling: the same first hour of the day.
    hour: part('hour') % 24,
    minute: part('minute'),
    second: part('second'),
  };
}

/** The calendar date a wall clock shows, as YYYY-MM-DD. */
export function wallClockDate({ year, month, day }: WallClock): string {
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${String(year).padStart(4, '0')}-${pad(month)}-${pad(day)}`;
}
