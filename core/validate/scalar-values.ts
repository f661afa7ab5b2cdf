/**
 * The value kinds a cell converts to, and the converters shared by top-level parameters and custom
 * fields: text, phone, date, decimal, yes/no (API-NOTES field-type table; seed parameter types).
 */
import type { AddressValue, NameValue } from '../api/types.ts';
import { parseIsoDate } from '../mapping/date-format.ts';
import {
  isNotApplicable,
  parseBooleanText,
  parseNumberText,
  parsePhone,
  PLAIN_DECIMAL,
} from '../mapping/text-parsers.ts';
import type { ProblemCode } from '../problems/catalogue.ts';
import { cellText } from '../read/cell-text.ts';
import type { Cell } from '../read/types.ts';
import type { ValuePlan } from './value-plan.ts';

export type Converted =
  | { kind: 'blank' }
  | { kind: 'value'; value: string | number | number[] | NameValue | AddressValue }
  | { kind: 'unresolved' }
  | { kind: 'problem'; code: ProblemCode; params?: Record<string, unknown>; value?: string };

export const BLANK: Converted = { kind: 'blank' };
export const UNRESOLVED: Converted = { kind: 'unresolved' };
export const fail = (code: ProblemCode, params?: Record<string, unknown>, value?: string): Converted => ({
  kind: 'problem',
  code,
  ...(params ? { params } : {}),
  ...(value !== undefined ? { value } : {}),
});
export const ok = (value: string | number | number[] | NameValue | AddressValue): Converted => ({
  kind: 'value',
  value,
});

export const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@.]+$/;
export const STATE = /^[A-Za-z0-9]{2}$/;
export const LINE_BREAK = /[\r\n]/;
export const HAS_SCHEME = /^[a-z][a-z0-9+.-]*:/i;
export const NUMBER_HINT =
  'add "parse": "number" to the column to accept currency signs and thousands separators';

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

export function toDate(plan: ValuePlan, cell: Exclude<Cell, null>): Converted {
  if (typeof cell === 'object') {
    if (cell.type === 'date') return ok(cell.date);
    if (cell.type === 'datetime') return ok(cell.dateTime.slice(0, 10));
  }
  // Decision: a plain number in a date column is refused, not read as an Excel serial. XLSX date cells
  // arrive typed, so a number here is either a CSV/number-formatted cell or a typo; guessing a date from
  // 45000 would import a wrong date silently.
  if (typeof cell === 'number') return fail('number_as_date');
  if (typeof cell !== 'string') return fail('invalid_date', { format: plan.date?.format ?? 'YYYY-MM-DD' });
  const parsed = plan.date ? plan.date.parse(cell) : parseIsoDate(cell);
  if (parsed.ok) return ok(parsed.iso);
  return parsed.reason === 'nonexistent'
    ? fail('nonexistent_date')
    : fail('invalid_date', { format: plan.date?.format ?? 'YYYY-MM-DD (or set "dateFormat" on the column)' });
}

export function toDecimal(plan: ValuePlan, cell: Exclude<Cell, null>): Converted {
  if (typeof cell === 'number') return ok(cell);
  if (typeof cell !== 'string') return fail('invalid_number');
  if (plan.parse === 'number') {
    const number = parseNumberText(cell);
    return number === null ? fail('invalid_number') : ok(number);
  }
  if (PLAIN_DECIMAL.test(cell)) return ok(Number(cell));
  return parseNumberText(cell) !== null
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
