/**
 * Date formats for text cells (`dateFormat`): tokens M, MM, D, DD, YY, YYYY with any separators between
 * them ("M/D/YYYY", "DD.MM.YYYY", "YYYY-MM-DD"). A format is compiled once into one regular expression;
 * the per-row path only runs it. Typed date cells never come here (CONTRACTS: a date cell is a date).
 *
 * Decisions: M/MM and D/DD both accept one or two digits (clerks type 3/4/2026 and 03/04/2026 in the
 * same column); YY follows Excel's pivot (00-29 → 2000s, 30-99 → 1900s); an ISO date YYYY-MM-DD is
 * accepted in any column whatever its format, since it cannot be misread.
 */
export type DateParse =
  | { ok: true; iso: string }
  | { ok: false; reason: 'format' }
  /** `why`: what does not exist, in words ("there is no month 13", "February 2026 has 28 days"). */
  | { ok: false; reason: 'nonexistent'; why: string };

export interface CompiledDateFormat {
  format: string;
  parse(text: string): DateParse;
  /** The same format with day and month swapped ("MM/DD/YYYY" → "DD/MM/YYYY"), to explain a wrong order. */
  swapped: string;
}

const TOKEN = /YYYY|YY|MM|M|DD|D/g;
const ISO_DATE = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?Z?)?$/;

/** The compiled format, or a sentence saying what is wrong with it. */
export function compileDateFormat(format: string): CompiledDateFormat | string {
  const order: ('Y' | 'YY' | 'M' | 'D')[] = [];
  let pattern = '^';
  let last = 0;
  for (const match of format.matchAll(TOKEN)) {
    pattern += escapeLiteral(format.slice(last, match.index));
    const token = match[0];
    if (token === 'YYYY') pattern += '(\\d{4})';
    else if (token === 'YY') pattern += '(\\d{2})';
    else pattern += '(\\d{1,2})';
    order.push(token === 'YYYY' ? 'Y' : token === 'YY' ? 'YY' : token[0] === 'M' ? 'M' : 'D');
    last = match.index + token.length;
  }
  pattern += escapeLiteral(format.slice(last)) + '$';
  const literals = format.replace(TOKEN, '');
  if (/[A-Za-z0-9]/.test(literals)) {
    return `dateFormat ${JSON.stringify(format)} has letters or digits that are not tokens; use M, MM, D, DD, YY, YYYY and separators`;
  }
  for (const part of ['M', 'D'] as const) {
    if (order.filter((token) => token === part).length !== 1)
      return `dateFormat ${JSON.stringify(format)} needs exactly one ${part === 'M' ? 'month (M or MM)' : 'day (D or DD)'}`;
  }
  if (order.filter((token) => token === 'Y' || token === 'YY').length !== 1)
    return `dateFormat ${JSON.stringify(format)} needs exactly one year (YY or YYYY)`;
  const regex = new RegExp(pattern);
  const yearIndex = order.findIndex((token) => token === 'Y' || token === 'YY') + 1;
  const twoDigitYear = order.includes('YY');
  const monthIndex = order.indexOf('M') + 1;
  const dayIndex = order.indexOf('D') + 1;
  return {
    format,
    swapped: format.replace(/DD|D|MM|M/g, (token) => (token[0] === 'D' ? 'M' : 'D').repeat(token.length)),
    parse(text) {
      const match = regex.exec(text);
      if (!match) return parseIsoDate(text);
      let year = Number(match[yearIndex]);
      if (twoDigitYear) year += year < 30 ? 2000 : 1900;
      return calendarDate(year, Number(match[monthIndex]), Number(match[dayIndex]));
    },
  };
}

/** ISO text, optionally with a time (taken as a wall-clock date, never shifted). */
export function parseIsoDate(text: string): DateParse {
  const match = ISO_DATE.exec(text);
  if (!match) return { ok: false, reason: 'format' };
  return calendarDate(Number(match[1]), Number(match[2]), Number(match[3]));
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
/** English month names, by month number − 1 (also how a two-way date is said: validate/date-order.ts). */
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

function pad(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

function escapeLiteral(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\s+/g, '\\s*');
}
