/**
 * Date formats for text cells (`dateFormat`): tokens M, MM, D, DD, YY, YYYY with any separators between
 * them ("M/D/YYYY", "DD.MM.YYYY", "YYYY-MM-DD"). A format is compiled once into one regular expression;
 * the per-row path only runs it. Typed date cells never come here (CONTRACTS: a date cell is a date).
 *
 * Decisions: M/MM and D/DD both accept one or two digits (clerks type 3/4/2026 and 03/04/2026 in the
 * same column); YY follows Excel's pivot (00-29 → 2000s, 30-99 → 1900s), and says so (`twoDigitYear`)
 * so that a date of birth can take the century before (validate/birth-century.ts); an ISO date YYYY-MM-DD is
 * accepted in any column whatever its format, since it cannot be misread.
 *
 * Where a one-or-two-digit part touches another part with no separator ("MDDYYYY", "MMDDYYYY"), a value
 * may split more than one way: Excel drops the leading zero of 01052026, and "1052026" is then 1|05|2026
 * (January 5) or 10|5|2026 (October 5). Every split is tried; a value with two real readings is refused
 * naming both (as "2.000" is for numbers), and a value with one is read so, never called impossible
 * because the first split tried was not a date ("3042026": 3|04|2026 is March 4, though 30|4 is not).
 */
export type DateParse =
  /** `twoDigitYear`: the century came from the pivot (a YY format), not from the text. */
  | { ok: true; iso: string; twoDigitYear?: true }
  | { ok: false; reason: 'format' }
  /** The text splits into more than one real date (`readings`, YYYY-MM-DD, earliest first). */
  | { ok: false; reason: 'ambiguous'; readings: string[] }
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
  /** The literal text before each token, and after the last. */
  const literals: string[] = [];
  let last = 0;
  for (const match of format.matchAll(TOKEN)) {
    literals.push(format.slice(last, match.index));
    const token = match[0];
    order.push(token === 'YYYY' ? 'Y' : token === 'YY' ? 'YY' : token[0] === 'M' ? 'M' : 'D');
    last = match.index + token.length;
  }
  literals.push(format.slice(last));
  if (/[A-Za-z0-9]/.test(literals.join(''))) {
    return `dateFormat ${JSON.stringify(format)} has letters or digits that are not tokens; use M, MM, D, DD, YY, YYYY and separators`;
  }
  for (const part of ['M', 'D'] as const) {
    if (order.filter((token) => token === part).length !== 1)
      return `dateFormat ${JSON.stringify(format)} needs exactly one ${part === 'M' ? 'month (M or MM)' : 'day (D or DD)'}`;
  }
  if (order.filter((token) => token === 'Y' || token === 'YY').length !== 1)
    return `dateFormat ${JSON.stringify(format)} needs exactly one year (YY or YYYY)`;
  const pattern = (width: (token: 'M' | 'D') => string): RegExp =>
    new RegExp(
      '^' +
        order
          .map((token, i) => {
            const digits = token === 'Y' ? '4' : token === 'YY' ? '2' : width(token);
            return escapeLiteral(literals[i]!) + `(\\d{${digits}})`;
          })
          .join('') +
        escapeLiteral(literals[order.length]!) +
        '$',
    );
  // A part can end where the next begins only when nothing (or only optional blanks) stands between them.
  const touching = order.some((_, i) => i > 0 && literals[i]!.trim() === '');
  // Wide parts first: the split tried first is the one a single greedy pattern would take.
  const splits = touching
    ? (['2', '1'] as const).flatMap((month) =>
        (['2', '1'] as const).map((day) => pattern((token) => (token === 'M' ? month : day))),
      )
    : [pattern(() => '1,2')];
  const yearIndex = order.findIndex((token) => token === 'Y' || token === 'YY') + 1;
  const twoDigitYear = order.includes('YY');
  const monthIndex = order.indexOf('M') + 1;
  const dayIndex = order.indexOf('D') + 1;
  const read = (match: RegExpExecArray): DateParse => {
    let year = Number(match[yearIndex]);
    if (!twoDigitYear) return calendarDate(year, Number(match[monthIndex]), Number(match[dayIndex]));
    year += year < 30 ? 2000 : 1900;
    const date = calendarDate(year, Number(match[monthIndex]), Number(match[dayIndex]));
    return date.ok ? { ...date, twoDigitYear: true } : date;
  };
  return {
    format,
    swapped: format.replace(/DD|D|MM|M/g, (token) => (token[0] === 'D' ? 'M' : 'D').repeat(token.length)),
    parse(text) {
      // Parts apart (M/D/YYYY): one way to split, no list of readings to make.
      if (splits.length === 1) {
        const match = splits[0]!.exec(text);
        return match ? read(match) : parseIsoDate(text);
      }
      let first: DateParse | null = null;
      const readings: string[] = [];
      for (const split of splits) {
        const match = split.exec(text);
        if (!match) continue;
        const parsed = read(match);
        first ??= parsed;
        if (parsed.ok && !readings.includes(parsed.iso)) readings.push(parsed.iso);
      }
      if (readings.length > 1) return { ok: false, reason: 'ambiguous', readings: readings.sort() };
      if (readings.length === 1)
        return { ok: true, iso: readings[0]!, ...(twoDigitYear ? { twoDigitYear: true as const } : {}) };
      return first ?? parseIsoDate(text);
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

function escapeLiteral(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\s+/g, '\\s*');
}
