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
import { thisComputerTimeZone, wallClockAt, wallClockDate } from '../mapping/time-zone.ts';

export { thisComputerTimeZone };

const RELATIVE_EXAMPLES = 'today, yesterday, -7d, -1m, start-of-month, start-of-last-month';

/**
 * Which forms a filter takes. The CLI's flags take the relative forms (CONTRACTS section 1); the app's
 * boxes take only what their placeholder shows (its presets are its relative forms), and so the advice
 * after a value they cannot read offers only those (explore 35 item 5: "yesterday" was advised by the
 * box that refused it).
 */
export interface DateForms {
  /** Default true. */
  relative?: boolean;
}

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
export function resolveDate(
  flag: string,
  value: string,
  now: Date,
  timeZone?: string,
  forms: DateForms = {},
): string {
  const text = value.trim().toLowerCase();
  if (/^\d{4}-\d{2}-\d{2}$/.test(text)) {
    if (!isRealDate(text)) throw badDate(flag, value, 'not a day that exists', 'date', forms);
    return text;
  }
  const relative = forms.relative === false ? null : relativeDay(text, calendarDay(now, timeZone));
  if (relative) return iso(relative);
  throw badDate(flag, value, notReadWhy(text, 'date', forms), 'date', forms);
}

/** The day a relative form names, counted from `today`; null when `text` is none. */
function relativeDay(text: string, today: Date): Date | null {
  switch (text) {
    case 'today':
      return today;
    case 'yesterday':
      return addDays(today, -1);
    case 'start-of-month':
      return startOfMonth(today, 0);
    case 'start-of-last-month':
      return startOfMonth(today, -1);
    case 'end-of-last-month':
      return addDays(startOfMonth(today, 0), -1);
    case 'start-of-week':
      return startOfWeek(today);
  }
  const relative = /^-(\d{1,4})([dwm])$/.exec(text);
  if (!relative) return null;
  const amount = Number(relative[1]);
  const unit = relative[2];
  if (unit === 'd') return addDays(today, -amount);
  if (unit === 'w') return addDays(today, -7 * amount);
  return addMonthsClamped(today, -amount);
}

/**
 * Resolves a timestamp flag (`created_from_system`, `updated_to`, …: seed type "timestamp", UTC). A full
 * `YYYY-MM-DD HH:MM:SS` (or ISO `T…Z`, a fraction of a second dropped, an offset turned to UTC) passes through; a date or relative form becomes the first second
 * of that day for a `from` flag and the last second for a `to` flag, so "--updated-to 2025-03-31"
 * includes the whole of the 31st as a person means it. A time to the minute is that whole minute the
 * same way: a "to" of 23:59 is sent as 23:59:59 (explore 35 item 1: sent as 23:59:00, a request updated
 * at 23:59:30 on a month's last day was in neither month's export, while the filter check, stampBound
 * in filter-check.ts, read the same text as the whole minute).
 */
export function resolveTimestamp(
  flag: string,
  value: string,
  now: Date,
  edge: 'start' | 'end',
  timeZone?: string,
  forms: DateForms = {},
): string {
  // Also as other programs write a time (explore 35's left items): a one-digit hour ("9:05"), an ISO
  // time with a fraction of a second (the second it falls in: the API's bounds are whole seconds) and
  // one with a zone offset (turned to UTC, the zone the API's timestamps are in).
  const stamp =
    /^(\d{4}-\d{2}-\d{2})[ T](\d{1,2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i.exec(
      value.trim(),
    );
  if (stamp) {
    const [, day, hour, mm, ss, zone] = stamp as unknown as [
      string,
      string,
      string,
      string,
      string | undefined,
      string | undefined,
    ];
    if (!isRealDate(day)) throw badDate(flag, value, 'not a day that exists', 'stamp', forms);
    if (Number(hour) > 23 || Number(mm) > 59 || Number(ss ?? 0) > 59) {
      throw badDate(
        flag,
        value,
        'not a time of day that exists (hours 00 to 23, minutes and seconds 00 to 59)',
        'stamp',
        forms,
      );
    }
    const hh = hour.padStart(2, '0');
    const seconds = ss ?? (edge === 'start' ? '00' : '59');
    return zone && zone.toUpperCase() !== 'Z'
      ? inUtc(`${day}T${hh}:${mm}:${seconds}`, zone)
      : `${day} ${hh}:${mm}:${seconds}`;
  }
  const text = value.trim().toLowerCase();
  const whole = edge === 'start' ? '00:00:00' : '23:59:59';
  if (/^\d{4}-\d{2}-\d{2}$/.test(text)) {
    if (!isRealDate(text)) throw badDate(flag, value, 'not a day that exists', 'stamp', forms);
    return `${text} ${whole}`;
  }
  const day = forms.relative === false ? null : relativeDay(text, calendarDay(now, timeZone));
  if (!day) throw badDate(flag, value, notReadWhy(text, 'stamp', forms), 'stamp', forms);
  // A relative form names a day of this computer's calendar, so its bounds are that day's first and
  // last second here, in UTC (explore 57 item 3: sent as the whole UTC day, "last month" run in Los
  // Angeles left out a request entered at 23:30 on the month's last day, while the note called the
  // bounds Los Angeles days). A date typed as such stays the whole UTC day (docs/export.md).
  return localDayBound(iso(day), edge, timeZone ?? thisComputerTimeZone());
}

/**
 * The first (`start`) or last (`end`) second of a calendar day in `timeZone`, as the UTC
 * `YYYY-MM-DD HH:MM:SS` the API's timestamps take. The last second is the next day's first less one,
 * so a day that daylight saving makes 23 or 25 hours long is whole.
 */
export function localDayBound(day: string, edge: 'start' | 'end', timeZone: string): string {
  const next = iso(addDays(new Date(`${day}T00:00:00Z`), 1));
  const ms = edge === 'start' ? startOfLocalDay(day, timeZone) : startOfLocalDay(next, timeZone) - 1000;
  return new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
}

/** The UTC instant (ms) at which `day` begins in `timeZone`. */
function startOfLocalDay(day: string, timeZone: string): number {
  const wall = Date.parse(`${day}T00:00:00Z`);
  // Two passes: the offset at the first guess may be the other side of a daylight-saving change.
  let instant = wall - zoneOffset(wall, timeZone);
  instant = wall - zoneOffset(instant, timeZone);
  // A zone whose clocks skip midnight (a change at 00:00) has no 00:00 that day: the day starts at the
  // first instant whose local date is the day, an hour later.
  if (localDate(instant, timeZone) < day) instant += 3_600_000;
  return instant;
}

/** How far `timeZone`'s clock is ahead of UTC at `instant`, in ms. */
function zoneOffset(instant: number, timeZone: string): number {
  const parts = wallClockAt(instant, timeZone);
  const wall = Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour, parts.minute, parts.second);
  return wall - Math.floor(instant / 1000) * 1000;
}

/** The day on `timeZone`'s calendar (default this computer's) of a UTC `YYYY-MM-DD HH:MM:SS`. */
export function localDayOfUtc(stamp: string, timeZone = thisComputerTimeZone()): string {
  return localDate(Date.parse(`${stamp.replace(' ', 'T')}Z`), timeZone);
}

function localDate(instant: number, timeZone: string): string {
  return wallClockDate(wallClockAt(instant, timeZone));
}

/** A local time with its offset ("+02", "+0200", "-05:30") as the UTC `YYYY-MM-DD HH:MM:SS` it is. */
function inUtc(local: string, zone: string): string {
  const [, sign, hours, minutes] = /^([+-])(\d{2}):?(\d{2})?$/.exec(zone)!;
  const offset = (Number(hours) * 60 + Number(minutes ?? 0)) * (sign === '-' ? -1 : 1);
  const utc = new Date(Date.parse(`${local}Z`) - offset * 60_000);
  return utc.toISOString().slice(0, 19).replace('T', ' ');
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

/**
 * Why a value was not read: a relative form where the box takes none is told so (the clerk typed a
 * word the CLI knows); anything else is not a date (or time) in a form taken.
 */
function notReadWhy(text: string, kind: 'date' | 'stamp', forms: DateForms): string {
  const what = kind === 'date' ? 'a date' : 'a date or time';
  if (forms.relative === false && relativeDay(text, new Date(0)))
    return `not ${what} this box takes: it takes no relative forms (type the date itself)`;
  return `not ${what} this tool understands`;
}

/**
 * The message for a value not taken: the flag or box, the value, why, and only the forms that same
 * flag or box takes (explore 35 item 5: a timestamp flag given "2026-11-30 9:00" was told only of
 * dates, never of the YYYY-MM-DD HH:MM[:SS] it reads).
 */
function badDate(
  flag: string,
  value: string,
  why: string,
  kind: 'date' | 'stamp',
  forms: DateForms,
): InputError {
  const relative = forms.relative !== false;
  const use =
    kind === 'date'
      ? relative
        ? `use a date as YYYY-MM-DD or a relative form (e.g. 2025-03-31, ${RELATIVE_EXAMPLES})`
        : 'use a date as YYYY-MM-DD (e.g. 2025-03-31)'
      : relative
        ? `use a time as YYYY-MM-DD HH:MM or YYYY-MM-DD HH:MM:SS in UTC (e.g. 2025-03-31 13:45, or with its zone: 2025-03-31T15:45+02:00), a date as YYYY-MM-DD (the whole UTC day) or a relative form (e.g. ${RELATIVE_EXAMPLES})`
        : 'use a date as YYYY-MM-DD (the whole day) or a time as YYYY-MM-DD HH:MM, in UTC (e.g. 2025-03-31 or 2025-03-31 13:45)';
  return new InputError('bad_date', `${flag} '${value}' is ${why}; ${use}`);
}

/**
 * Whether a date filter's value is a relative form (resolved against today on this computer's
 * calendar), not a date or time as typed. Every relative form is a word or a count (RELATIVE_EXAMPLES)
 * and none starts with a date, so a value that does is absolute, in whatever time form
 * resolveTimestamp reads ("9:05", a fraction of a second, a zone): it used to be called relative, and
 * a UTC time was said to be on this computer's calendar (explore 53 item 3).
 */
export function isRelativeDate(value: string): boolean {
  return !/^\s*\d{4}-\d{2}-\d{2}/.test(value);
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
  // setUTCFullYear, not Date.UTC: Date.UTC reads the years 0 to 99 as 1900 to 1999, and called
  // 0001-01-01 "not a day that exists" (explore 35 item 5). Year 0000 is none of the Gregorian calendar.
  const date = new Date(0);
  date.setUTCFullYear(y, m - 1, d);
  return y >= 1 && date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

function iso(day: Date): string {
  return day.toISOString().slice(0, 10);
}
