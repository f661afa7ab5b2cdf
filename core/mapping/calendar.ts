/**
 * The calendar a date is checked against, and how a date is said in words: shared by the numeric
 * formats (date-format.ts) and the month-name dates (month-names.ts).
 */

export type DateParse =
  /** `twoDigitYear`: the century came from the pivot (a YY format), not from the text. */
  | { ok: true; iso: string; twoDigitYear?: true }
  /** `monthWord`: the value names its month in a word that is no English month ("Mär", "avril"). */
  | { ok: false; reason: 'format'; monthWord?: string }
  /** The text splits into more than one real date (`readings`, YYYY-MM-DD, earliest first). */
  | { ok: false; reason: 'ambiguous'; readings: string[] }
  /** `why`: what does not exist, in words ("there is no month 13", "February 2026 has 28 days"). */
  | { ok: false; reason: 'nonexistent'; why: string };

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
/** English month names, by month number − 1 (how a date that reads two ways is said: dateInWords). */
export const MONTH_NAMES = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

/** A date that exists on the calendar (2026-02-30 does not), as YYYY-MM-DD. */
export function calendarDate(year: number, month: number, day: number): DateParse {
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const monthDays = month === 2 && leap ? 29 : (DAYS_IN_MONTH[month - 1] ?? 0);
  if (year < 1000) return { ok: false, reason: 'nonexistent', why: `the year ${year} is too early` };
  if (month < 1 || month > 12) return { ok: false, reason: 'nonexistent', why: `there is no month ${month}` };
  if (day < 1) return { ok: false, reason: 'nonexistent', why: 'there is no day 0' };
  if (day > monthDays)
    return {
      ok: false,
      reason: 'nonexistent',
      why: `${MONTH_NAMES[month - 1]} ${year} has ${monthDays} days`,
    };
  return { ok: true, iso: `${year}-${pad(month)}-${pad(day)}` };
}

/** "2026-03-04" → "March 4, 2026": how a two-way value was read, in words no order can confuse. */
export function dateInWords(iso: string): string {
  const [year, month, day] = iso.split('-').map(Number);
  return `${MONTH_NAMES[month! - 1]} ${day}, ${year}`;
}

function pad(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}
