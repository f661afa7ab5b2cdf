/**
 * The value kinds a cell converts to, and the converters shared by top-level parameters and custom
 * fields: text, phone, date, decimal, yes/no (API-NOTES field-type table; seed parameter types).
 */
import type { AddressValue, NameValue } from '../api/types.ts';
import {
  compileDateFormat,
  dateInWords,
  parseUnambiguousDate,
  formatReadsBothWays,
  type CompiledDateFormat,
} from '../mapping/date-format.ts';
import { isShortDate } from '../mapping/spreadsheet-dates.ts';
import { inferDateFormat, TWO_DIGIT_YEAR_RULE } from '../suggest/infer-date-format.ts';
import { formatExample, numberFormatOf, readNumber } from '../mapping/number-format.ts';
import { isNotApplicable, parseBooleanText, parsePhone } from '../mapping/text-parsers.ts';
import type { PlainProblemCode } from '../problems/catalogue.ts';
import { cellText } from '../read/cell-text.ts';
import type { Cell } from '../read/types.ts';
import type { Converted, ValuePlan } from './value-plan.ts';
import { zonedDay } from './zoned-date.ts';
import { ALONE, momentReadingFor, type MomentColumn } from './utc-moment-column.ts';

export type { Converted } from './value-plan.ts';

export const BLANK: Converted = { kind: 'blank' };
export const UNRESOLVED: Converted = { kind: 'unresolved' };
export const fail = (
  code: PlainProblemCode,
  params?: Record<string, unknown>,
  value?: string,
): Converted => ({
  kind: 'problem',
  code,
  ...(params ? { params } : {}),
  ...(value !== undefined ? { value } : {}),
});
export const ok = (
  value: string | number | number[] | NameValue | AddressValue,
  note?: { code: PlainProblemCode; params: Record<string, unknown> },
  twoDigitYear?: boolean,
): Converted => ({
  kind: 'value',
  value,
  ...(note ? { note } : {}),
  ...(twoDigitYear ? { twoDigitYear: true } : {}),
});

export const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@.]+$/;
/**
 * Seed: a "2-character state or province code". Letters or digits, as the sandbox takes them: numeric
 * codes are real (French départements 75 and 2A, many ISO 3166-2 subdivisions), so refusing digits
 * refused rows the reference allows. The price: a typo such as "C0" for CO is no longer caught here.
 */
export const STATE = /^[A-Za-z0-9]{2}$/;
export const LINE_BREAK = /[\r\n]/;
export const HAS_SCHEME = /^[a-z][a-z0-9+.-]*:/i;
export const NUMBER_HINT =
  'add "parse": "number" to the column to accept currency signs and codes, accounting brackets "(5)" and a minus after "5-"';

export function isEmail(text: string): boolean {
  return EMAIL.test(text) && !text.includes('..');
}

/** http(s) URLs; "www.example.com" gets https:// (a scheme-less web address is still unambiguous). */
export function webLink(text: string): string | null {
  const candidate = HAS_SCHEME.test(text) ? text : `https://${text}`;
  try {
    const url = new URL(candidate);
    return (url.protocol === 'http:' || url.protocol === 'https:') &&
      url.hostname.includes('.') &&
      !/\s/.test(text)
      ? candidate
      : null;
  } catch {
    return null;
  }
}

/** Text as the user sees it; dates as ISO. */
export function textOf(cell: Exclude<Cell, null>): string {
  return cellText(cell);
}

export function toPhone(text: string): Converted {
  const phone = parsePhone(text);
  return phone.ok ? ok(phone.value) : fail('invalid_phone', { reason: phone.reason });
}

/**
 * A time after a date ("11/3/2026 2:30 PM", "2026-11-03T14:30", "3.11.2026 14:30:05"): the date part and
 * the time as written. The API's date targets (created_on, due_on, DATE and BIRTHDAY fields) hold a date.
 */
const TRAILING_TIME =
  /^(.*?\d)(?:\s+|T)(\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:\s*[AaPp]\.?[Mm]\.?)?(?:Z|[+-]\d{2}:?\d{2})?)$/;
/** Midnight written out ("0:00", "00:00:00", "12:00 AM"): no time of day is lost with it. */
const MIDNIGHT = /^(?:0?0:00(?::00(?:\.0+)?)?(?:Z|[+-]00:?00)?|12:00(?::00)?\s*[Aa]\.?[Mm]\.?)$/;

/**
 * Decision: a date with a time of day imports the date and says, on the row, that the time was not kept
 * (time_not_kept), rather than refusing the row. Every date the API takes is a date only, so no fix of
 * the cell could send the time; a claims system's "Date Received 11/3/2026 2:30 PM" on every row would
 * otherwise refuse the whole file for a part that has nowhere to go. Before, a typed date-time cell and
 * ISO text lost the time without a word, and US text was refused as "not a date in the form M/D/YYYY".
 */
function timeNotKept(iso: string, time: string): Converted {
  return MIDNIGHT.test(time) ? ok(iso) : ok(iso, { code: 'time_not_kept', params: { time, date: iso } });
}

export function toDate(plan: ValuePlan, cell: Exclude<Cell, null>): Converted {
  if (typeof cell === 'object') {
    if (cell.type === 'date') return ok(cell.date);
    if (cell.type === 'datetime') {
      // An ISO cell written in UTC (t="d", "…T14:30:00Z"): a moment, read by the column as its text is.
      const zoned = cell.utc
        ? zonedDay(cell.dateTime.slice(0, 10), `${cell.dateTime.slice(11)}Z`, undefined, () =>
            momentColumnOf(plan),
          )
        : null;
      return zoned
        ? ok(zoned.date, zoned.note)
        : timeNotKept(cell.dateTime.slice(0, 10), cell.dateTime.slice(11));
    }
  }
  // Decision: a plain number in a date column is refused, not read as an Excel serial. XLSX date cells
  // arrive typed, so a number here is either a CSV/number-formatted cell or a typo; guessing a date from
  // 45000 would import a wrong date silently.
  if (typeof cell === 'number') return fail('number_as_date');
  if (typeof cell !== 'string') return fail('invalid_date', { format: plan.date?.format ?? 'YYYY-MM-DD' });
  // With a time, the date before it is what is checked: "13/3/2026 2:30 PM" is a day-first date too.
  const timed = TRAILING_TIME.exec(cell.trim());
  const dateText = timed ? timed[1]! : cell;
  const parsed = plan.date ? plan.date.parse(dateText) : parseUnambiguousDate(dateText);
  if (parsed.ok) {
    if (!timed) return ok(parsed.iso, undefined, parsed.twoDigitYear);
    // A moment in UTC, not a day: which day it is taken as is decided and said there.
    const zoned = zonedDay(parsed.iso, timed[2]!, undefined, () => momentColumnOf(plan));
    if (zoned) return ok(zoned.date, zoned.note, parsed.twoDigitYear);
    const date = timeNotKept(parsed.iso, timed[2]!);
    return date.kind === 'value' ? ok(date.value, date.note, parsed.twoDigitYear) : date;
  }
  // "1052026" under MDDYYYY: January 5 or October 5. Never guessed, and never taken as proof of the
  // column's order (date-order.ts watches date_order only).
  if (parsed.reason === 'ambiguous')
    return fail('ambiguous_date', {
      format: plan.date!.format,
      readings: parsed.readings.map(dateInWords),
    });
  // A round-trip CSV a spreadsheet saved (6/17/1966 for 1966-06-17): kept as written, and compared with
  // the day the request holds once every row is read and the file's day order is known (explore 57
  // item 5): batch/stored-zeros.ts sends the stored day, an edit read in that order, or refuses the row.
  if (plan.spreadsheetDates && isShortDate(cell))
    return { kind: 'value', value: cell.trim(), shortDate: true };
  if (parsed.reason === 'nonexistent') {
    // "31/12/1970" in an M/D/YYYY column: the value is a real date with the day first. Say that, rather
    // than that the date does not exist.
    const swapped = plan.date ? swappedFormat(plan.date) : null;
    if (swapped && swapped.parse(dateText).ok)
      return fail('date_order', { format: plan.date!.format, swapped: swapped.format, why: parsed.why });
    return fail('nonexistent_date', { why: parsed.why });
  }
  const format = plan.date?.format ?? 'YYYY-MM-DD';
  // "5-Mär-2026": a month named in another language. Only English names are read (month-names.ts);
  // a format cannot help, so the advice is to write the dates so.
  if (parsed.monthWord !== undefined)
    return fail('invalid_date', {
      format,
      hint: `its month is written as ${JSON.stringify(parsed.monthWord)}, which is not an English month name: only English names (Jan or January … Dec or December) are read; ${REWRITE_DATES}`,
    });
  // The value read alone may show its own order ("31/12/1970" can only be day-first): say what to set.
  const own = inferDateFormat([dateText]);
  const hint =
    own.kind === 'format' && own.proof
      ? `it reads as ${own.format}: if the column's dates are written that way, set its date format to ${own.format}`
      : own.kind === 'ambiguous'
        ? own.year === 'YY'
          ? // "1/2/85" under M/D/YYYY: the order was right, the year's width was not; advising
            // M/D/YYYY again left the clerk nowhere to go (explore 39 item 7).
            `it has a two-digit year: the format for it is M/D/YY (or D/M/YY if the day comes first); ${TWO_DIGIT_YEAR_RULE}`
          : `set the column's date format to the order its dates are written in, e.g. M/D/YYYY or D/M/YYYY`
        : plan.date
          ? null
          : // The whole sentence (explore 57 item 6: "…YYYY-MM-DD; or set the column's date format"
            // had lost its first half).
            `write it so, or set the column's date format ("dateFormat") to the way its dates are written, e.g. "M/D/YYYY", "DD.MM.YYYY" or "D-MMM-YYYY" (docs/mapping.md lists the tokens)`;
  return fail('invalid_date', { format, ...(hint ? { hint } : {}) });
}

/**
 * What the column's UTC moments are, read from the rows being checked when its first one is met, and
 * from each later batch while that reading is still a guess.
 */
function momentColumnOf(plan: ValuePlan): MomentColumn {
  if (plan.index < 0) return ALONE;
  plan.moments = momentReadingFor(plan.moments, plan.checkedRows.batch, plan.index);
  return plan.moments.column;
}

/** How to write dates that cannot be read as they are, in the program most sheets come from. */
const REWRITE_DATES =
  "write the dates as YYYY-MM-DD or with English month names (in Excel: format the column's cells as yyyy-mm-dd, then save again)";

const swappedFormats = new WeakMap<CompiledDateFormat, CompiledDateFormat | null>();

/** The column's format with day and month swapped; null for year-first formats (no order to mistake). */
function swappedFormat(format: CompiledDateFormat): CompiledDateFormat | null {
  let swapped = swappedFormats.get(format);
  if (swapped === undefined) {
    const compiled = formatReadsBothWays(format.format) ? compileDateFormat(format.swapped) : null;
    swapped = typeof compiled === 'string' ? null : compiled;
    swappedFormats.set(format, swapped);
  }
  return swapped;
}

/**
 * A number cell keeps its value; text is read by number-format.ts: exactly, or refused with why (a text
 * such as "2.000" that reads two ways is never guessed: issue 17). Currency signs and separators need
 * `parse: "number"` or a number format on the column; a plain decimal needs neither.
 */
export function toDecimal(plan: ValuePlan, cell: Exclude<Cell, null>): Converted {
  if (typeof cell === 'number') return ok(cell);
  if (typeof cell !== 'string') return fail('invalid_number');
  const read = readNumber(cell, plan.number, plan.parse === 'number' || plan.number !== null);
  if (read.ok) return ok(read.value);
  if (read.reason === 'ambiguous')
    return fail('ambiguous_number', {
      separator: read.separator,
      other: read.separator === '.' ? ',' : '.',
      asDecimal: read.asDecimal,
      asGrouping: read.asGrouping,
    });
  if (read.reason === 'inexact') return fail('inexact_number', { sent: String(read.sent) });
  if (read.reason === 'mismatch') {
    // Written with the other decimal point ("1.500,00 €" under a "." column): say what it reads as so,
    // and which setting takes it, rather than only why it does not fit.
    const other = numberFormatOf({ decimal: plan.number!.decimal === '.' ? ',' : '.' });
    const swapped = typeof other === 'object' && other !== null ? readNumber(cell, other) : null;
    return fail('number_separator_mismatch', {
      format: `${plan.number!.said}: written like ${formatExample(plan.number!)}`,
      reason: read.why,
      ...(swapped?.ok && typeof other === 'object' && other !== null
        ? { otherDecimal: other.decimal, otherValue: swapped.value }
        : {}),
    });
  }
  // Not a plain number, but one with currency signs or separators: say how to accept those.
  return plan.parse !== 'number' && plan.number === null && readNumber(cell, null).ok
    ? fail('invalid_number', { hint: NUMBER_HINT })
    : fail('invalid_number');
}

export function toBoolean(cell: Exclude<Cell, null>, allowNa: boolean): Converted {
  if (typeof cell === 'boolean') return ok(cell ? 1 : 0);
  if (typeof cell === 'number')
    return cell === 1 || cell === 0 ? ok(cell) : fail(allowNa ? 'invalid_yesnona' : 'invalid_boolean');
  const text = textOf(cell);
  const value = parseBooleanText(text);
  if (value !== null) return ok(value);
  if (allowNa && isNotApplicable(text)) return ok('');
  return fail(allowNa ? 'invalid_yesnona' : 'invalid_boolean');
}
