/**
 * Date filters as people say them (CONTRACTS section 1: ISO dates, `today`, `yesterday`, `-7d`, `-1m`,
 * `start-of-month`, `start-of-last-month`) turned into the `YYYY-MM-DD` the API takes, given an explicit
 * `now` so that tests and the app's presets agree on what "today" was.
 *
 * "Today" is the day on this computer's calendar (its time zone, or `timeZone` when given), not the UTC
 * day: `created_on` and `due_on` are calendar dates of the office ("the day the case was received, as
 * determined by the user", seed), not instants. Taken as the UTC day, an evening export in Denver of
 * "today's referrals" asked for tomorrow's (explore 25 item 3), and every morning in Sydney "yesterday"
 * was the clerk's today. The hosts say which days the words resolved to.
 */
import { InputError } from '../errors.ts';

const EXAMPLES = 'e.g. 2025-03-31, today, yesterday, -7d, -1m, start-of-month, start-of-last-month';

/** Named ranges the app offers as presets; each resolves to an inclusive from/to pair of dates. */
export const DATE_RANGE_PRESETS = [
  'today',
  'yesterday',
  'this-week',
  'last-week',
  'this-month',
  'last-month',
  'last-7-days',
  'last-30-days',
] as const;
export type DateRangePreset = (typeof DATE_RANGE_PRESETS)[number];

export interface DateRange {
  from: string;
  to: string;
}

/**
 * Resolves one date flag. `flag` is only for the message (e.g. "--created-from").
 * `-Nd` counts days back from today, `-Nm` calendar months back (clamped to the month's last day, so
 * -1m on 31 March is 28/29 February), `-Nw` weeks back.
 */
export function resolveDate(flag: string, value: string, now: Date, timeZone?: string): string {
  const text = value.trim().toLowerCase();
  const today = calendarDay(now, timeZone);
  if (/^\d{4}-\d{2}-\d{2}$/.test(text)) {
    if (!isRealDate(text)) throw badDate(flag, value, 'not a day that exists');
    return text;
  }
  switch (text) {
    case 'today':
      return iso(today);
    case 'yesterday':
      return iso(addDays(today, -1));
    case 'start-of-month':
      return iso(startOfMonth(today, 0));
    case 'start-of-last-month':
      return iso(startOfMonth(today, -1));
    case 'end-of-last-month':
      return iso(addDays(startOfMonth(today, 0), -1));
    case 'start-of-week':
      return iso(startOfWeek(today));
  }
  const relative = /^-(\d{1,4})([dwm])$/.exec(text);
  if (relative) {
    const amount = Number(relative[1]);
    const unit = relative[2];
    if (unit === 'd') return iso(addDays(today, -amount));
    if (unit === 'w') return iso(addDays(today, -7 * amount));
    return iso(addMonthsClamped(today, -amount));
  }
  throw badDate(flag, value, 'not a date this tool understands');
}

/**
 * Resolves a timestamp flag (`created_from_system`, `updated_to`, …: seed type "timestamp", UTC). A full
 * `YYYY-MM-DD HH:MM:SS` (or ISO `T…Z`) passes through; a date or relative form becomes the first second
 * of that day for a `from` flag and the last second for a `to` flag, so "--updated-to 2025-03-31"
 * includes the whole of the 31st as a person means it.
 */
export function resolveTimestamp(
  flag: string,
  value: string,
  now: Date,
  edge: 'start' | 'end',
  timeZone?: string,
): string {
  const stamp = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}):(\d{2})(?::(\d{2}))?Z?$/i.exec(value.trim());
  if (stamp) {
    const [, day, hh, mm, ss] = stamp as unknown as [string, string, string, string, string | undefined];
    if (!isRealDate(day) || Number(hh) > 23 || Number(mm) > 59 || Number(ss ?? 0) > 59) {
      throw badDate(flag, value, 'not a real time');
    }
    return `${day} ${hh}:${mm}:${ss ?? '00'}`;
  }
  const day = resolveDate(flag, value, now, timeZone);
  return `${day} ${edge === 'start' ? '00:00:00' : '23:59:59'}`;
}

/**
 * A preset range, inclusive on both ends. Weeks start on Monday (ISO 8601), which is what an office
 * calendar outside North America shows and what Excel's ISOWEEKNUM uses; the app labels it so.
 */
export function resolveDateRange(preset: DateRangePreset, now: Date, timeZone?: string): DateRange {
  const today = calendarDay(now, timeZone);
  switch (preset) {
    case 'today':
      return { from: iso(today), to: iso(today) };
    case 'yesterday': {
      const day = iso(addDays(today, -1));
      return { from: day, to: day };
    }
    case 'this-week': {
      const start = startOfWeek(today);
      return { from: iso(start), to: iso(addDays(start, 6)) };
    }
    case 'last-week': {
      const start = addDays(startOfWeek(today), -7);
      return { from: iso(start), to: iso(addDays(start, 6)) };
    }
    case 'this-month':
      return { from: iso(startOfMonth(today, 0)), to: iso(addDays(startOfMonth(today, 1), -1)) };
    case 'last-month':
      return { from: iso(startOfMonth(today, -1)), to: iso(addDays(startOfMonth(today, 0), -1)) };
    case 'last-7-days':
      return { from: iso(addDays(today, -6)), to: iso(today) };
    case 'last-30-days':
      return { from: iso(addDays(today, -29)), to: iso(today) };
  }
}

function badDate(flag: string, value: string, why: string): InputError {
  return new InputError(
    'bad_date',
    `${flag} '${value}' is ${why}; use a date as YYYY-MM-DD or a relative form (${EXAMPLES})`,
  );
}

/** Whether a date filter's value is a relative form (resolved against today), not a date as typed. */
export function isRelativeDate(value: string): boolean {
  return !/^\s*\d{4}-\d{2}-\d{2}([ T]\d{2}:\d{2}(:\d{2})?Z?)?\s*$/i.test(value);
}

/** The IANA name of this computer's time zone (e.g. "America/Denver"), for saying which day "today" was. */
export function thisComputerTimeZone(): string {
  return new Intl.DateTimeFormat().resolvedOptions().timeZone;
}

/**
 * The calendar day it is at `now` in `timeZone` (default: this computer's), as midnight UTC of that
 * date, so that the day arithmetic below works on calendar dates whatever the zone.
 */
function calendarDay(now: Date, timeZone: string | undefined): Date {
  const parts = new Intl.DateTimeFormat('en-US', {
    ...(timeZone ? { timeZone } : {}),
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
  }).formatToParts(now);
  const part = (type: 'year' | 'month' | 'day') => Number(parts.find((p) => p.type === type)?.value);
  return new Date(Date.UTC(part('year'), part('month') - 1, part('day')));
}

function addDays(day: Date, days: number): Date {
  return new Date(day.getTime() + days * 86_400_000);
}

function startOfMonth(day: Date, monthOffset: number): Date {
  return new Date(Date.UTC(day.getUTCFullYear(), day.getUTCMonth() + monthOffset, 1));
}

function startOfWeek(day: Date): Date {
  const sinceMonday = (day.getUTCDay() + 6) % 7;
  return addDays(day, -sinceMonday);
}

function addMonthsClamped(day: Date, months: number): Date {
  const target = startOfMonth(day, months);
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  return new Date(
    Date.UTC(target.getUTCFullYear(), target.getUTCMonth(), Math.min(day.getUTCDate(), lastDay)),
  );
}

function isRealDate(text: string): boolean {
  const [y, m, d] = text.split('-').map(Number) as [number, number, number];
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

function iso(day: Date): string {
  return day.toISOString().slice(0, 10);
}
