/**
 * Date formats for text cells (`dateFormat`): tokens M, MM, MMM, MMMM, D, DD, YY, YYYY with any separators
 * between them ("M/D/YYYY", "DD.MM.YYYY", "YYYY-MM-DD", "DD-MMM-YYYY"). MMM and MMMM are the month's
 * English name (month-names.ts), either token reading "Apr", "Apr." and "April". A format is compiled once into one regular expression;
 * the per-row path only runs it. Typed date cells never come here (CONTRACTS: a date cell is a date).
 *
 * Decisions: M/MM and D/DD both accept one or two digits (clerks type 3/4/2026 and 03/04/2026 in the
 * same column); YY follows Excel's pivot (00-29 → 2000s, 30-99 → 1900s), and says so (`twoDigitYear`)
 * so that a date of birth can take the century before (validate/birth-century.ts); an ISO date YYYY-MM-DD is
 * accepted in any column whatever its format, since it cannot be misread, and so is a date that names its
 * month in English ("5 Apr 2026", parseUnambiguousDate).
 *
 * Where a one-or-two-digit part touches another part with no separator ("MDDYYYY", "MMDDYYYY"), a value
 * may split more than one way: Excel drops the leading zero of 01052026, and "1052026" is then 1|05|2026
 * (January 5) or 10|5|2026 (October 5). Every split is tried; a value with two real readings is refused
 * naming both (as "2.000" is for numbers), and a value with one is read so, never called impossible
 * because the first split tried was not a date ("3042026": 3|04|2026 is March 4, though 30|4 is not).
 */
import { calendarDate, type DateParse } from './calendar.ts';
import { monthNumber, parseMonthNameDate } from './month-names.ts';

export { calendarDate, dateInWords, MONTH_NAMES, type DateParse } from './calendar.ts';

export interface CompiledDateFormat {
  format: string;
  parse(text: string): DateParse;
  /** The same format with day and month swapped ("MM/DD/YYYY" → "DD/MM/YYYY"), to explain a wrong order. */
  swapped: string;
}

/** MMMM and MMM (a month name) before MM and M, so that "MMM" is one token, not MM then M. */
const TOKEN = /YYYY|YY|MMMM|MMM|MM|M|DD|D/g;
const ISO_DATE = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?Z?)?$/;

/**
 * Whether a format's values can be read with day and month the wrong way round: it starts with a
 * numeric day or month. A month name (MMM, MMMM) cannot be taken for a day, nor a year-first date's.
 */
export function formatReadsBothWays(format: string): boolean {
  return /^[MD]/.test(format) && !format.includes('MMM');
}

/** The compiled format, or a sentence saying what is wrong with it. */
export function compileDateFormat(format: string): CompiledDateFormat | string {
  /** N: the month as an English name (MMM or MMMM: both read "Apr", "Apr." and "April"). */
  const order: ('Y' | 'YY' | 'M' | 'N' | 'D')[] = [];
  /** The literal text before each token, and after the last. */
  const literals: string[] = [];
  let last = 0;
  for (const match of format.matchAll(TOKEN)) {
    literals.push(format.slice(last, match.index));
    const token = match[0];
    order.push(
      token === 'YYYY'
        ? 'Y'
        : token === 'YY'
          ? 'YY'
          : token.startsWith('MMM')
            ? 'N'
            : token[0] === 'M'
              ? 'M'
              : 'D',
    );
    last = match.index + token.length;
  }
  literals.push(format.slice(last));
  if (/[A-Za-z0-9]/.test(literals.join(''))) {
    return `dateFormat ${JSON.stringify(format)} has letters or digits that are not tokens; use M, MM, MMM, MMMM, D, DD, YY, YYYY and separators`;
  }
  if (order.filter((token) => token === 'M' || token === 'N').length !== 1)
    return `dateFormat ${JSON.stringify(format)} needs exactly one month (M, MM, or MMM / MMMM for its English name)`;
  if (order.filter((token) => token === 'D').length !== 1)
    return `dateFormat ${JSON.stringify(format)} needs exactly one day (D or DD)`;
  if (order.filter((token) => token === 'Y' || token === 'YY').length !== 1)
    return `dateFormat ${JSON.stringify(format)} needs exactly one year (YY or YYYY)`;
  const pattern = (width: (token: 'M' | 'D') => string): RegExp =>
    new RegExp(
      '^' +
        order
          .map((token, i) => {
            // A month name: any word of letters (with a full stop after an abbreviation), so that a
            // word in another language is named as not an English month rather than "not a date".
            if (token === 'N') return escapeLiteral(literals[i]!) + '(\\p{L}+)\\.?';
            const digits = token === 'Y' ? '4' : token === 'YY' ? '2' : width(token);
            return escapeLiteral(literals[i]!) + `(\\d{${digits}})`;
          })
          .join('') +
        escapeLiteral(literals[order.length]!) +
        '$',
      'iu',
    );
  // A part can end where the next begins only when nothing (or only optional blanks) stands between
  // them: then a one-or-two-digit part may split two ways. A name ends where its letters do.
  const touching = order.some(
    (token, i) => i > 0 && token !== 'N' && order[i - 1] !== 'N' && literals[i]!.trim() === '',
  );
  // Wide parts first: the split tried first is the one a single greedy pattern would take.
  const splits = touching
    ? (['2', '1'] as const).flatMap((month) =>
        (['2', '1'] as const).map((day) => pattern((token) => (token === 'M' ? month : day))),
      )
    : [pattern(() => '1,2')];
  const yearIndex = order.findIndex((token) => token === 'Y' || token === 'YY') + 1;
  const twoDigitYear = order.includes('YY');
  const monthName = order.includes('N');
  const monthIndex = order.findIndex((token) => token === 'M' || token === 'N') + 1;
  const dayIndex = order.indexOf('D') + 1;
  const read = (match: RegExpExecArray): DateParse => {
    const month = monthName ? monthNumber(match[monthIndex]!) : Number(match[monthIndex]);
    if (month === null) return { ok: false, reason: 'format', monthWord: match[monthIndex]! };
    let year = Number(match[yearIndex]);
    if (!twoDigitYear) return calendarDate(year, month, Number(match[dayIndex]));
    year += year < 30 ? 2000 : 1900;
    const date = calendarDate(year, month, Number(match[dayIndex]));
    return date.ok ? { ...date, twoDigitYear: true } : date;
  };
  return {
    format,
    // A month name has no order to mistake: the format is its own "swap".
    swapped: monthName
      ? format
      : format.replace(/DD|D|MM|M/g, (token) => (token[0] === 'D' ? 'M' : 'D').repeat(token.length)),
    parse(text) {
      // Parts apart (M/D/YYYY): one way to split, no list of readings to make.
      if (splits.length === 1) {
        const match = splits[0]!.exec(text);
        return match ? read(match) : parseUnambiguousDate(text);
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
      return first ?? parseUnambiguousDate(text);
    },
  };
}

/**
 * What any date column reads whatever its format: an ISO date, or a date that names its month in
 * English ("5 Apr 2026"): neither can be misread. A month word in another language comes back as
 * reason 'format' with `monthWord`, for the refusal to say so.
 */
export function parseUnambiguousDate(text: string): DateParse {
  const iso = parseIsoDate(text);
  if (iso.ok || iso.reason !== 'format') return iso;
  return parseMonthNameDate(text);
}

/** ISO text, optionally with a time (taken as a wall-clock date, never shifted). */
export function parseIsoDate(text: string): DateParse {
  const match = ISO_DATE.exec(text);
  if (!match) return { ok: false, reason: 'format' };
  return calendarDate(Number(match[1]), Number(match[2]), Number(match[3]));
}

function escapeLiteral(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\s+/g, '\\s*');
}
