/**
 * One cell (or constant) → the value its target takes, following the field-type rules of API-NOTES and
 * the seed's parameter types. Returns a value, "blank", "unresolved" (a name with no reference data to
 * resolve it: offline dry run) or a problem code with its params; the caller adds row, column and value.
 */
import type { AddressValue, NameValue } from '../api/types.ts';
import { countryCode } from '../mapping/countries.ts';
import { parseIsoDate } from '../mapping/date-format.ts';
import { ADDRESS_PARTS, NAME_PARTS } from '../mapping/targets.ts';
import {
  isNotApplicable,
  parseAddress,
  parseBooleanText,
  parseFullName,
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

const BLANK: Converted = { kind: 'blank' };
const UNRESOLVED: Converted = { kind: 'unresolved' };
const fail = (code: ProblemCode, params?: Record<string, unknown>, value?: string): Converted => ({
  kind: 'problem',
  code,
  ...(params ? { params } : {}),
  ...(value !== undefined ? { value } : {}),
});
const ok = (value: string | number | number[] | NameValue | AddressValue): Converted => ({
  kind: 'value',
  value,
});

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@.]+$/;
const STATE = /^[A-Za-z0-9]{2}$/;
const LINE_BREAK = /[\r\n]/;
const HAS_SCHEME = /^[a-z][a-z0-9+.-]*:/i;
const NUMBER_HINT = 'add "parse": "number" to the column to accept currency signs and thousands separators';

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

const MEMO_LIMIT = 4096;

/**
 * Converts one cell. Text cells are memoised per column: referral files repeat the same regions, dates,
 * services and names, and conversion is a pure function of the text. A column whose values do not
 * repeat (claim numbers) stops memoising once the memo is full and mostly missed.
 */
export function convertCell(plan: ValuePlan, original: Cell): Converted {
  const memo = plan.memo;
  if (memo === null || typeof original !== 'string') return convertUncached(plan, original);
  const hit = memo.get(original);
  if (hit !== undefined) {
    plan.memoHits += 1;
    return hit;
  }
  const result = convertUncached(plan, original);
  if (memo.size < MEMO_LIMIT) memo.set(original, result);
  else if (plan.memoHits < MEMO_LIMIT) plan.memo = null;
  return result;
}

function convertUncached(plan: ValuePlan, original: Cell): Converted {
  let cell = original;
  if (plan.values) {
    const mapped = plan.values.get(cellText(cell).trim().toLowerCase());
    if (mapped !== undefined) cell = mapped;
  }
  if (cell === null) return BLANK;
  if (typeof cell === 'string') {
    if (plan.trim) cell = cell.trim();
    if (cell === '') return BLANK;
  } else if (typeof cell === 'object' && cell.type === 'error') return fail('cell_error');

  const target = plan.target;
  switch (target.kind) {
    case 'param':
      switch (target.spec.type) {
        case 'ref':
        case 'int':
          return toId(plan, cell);
        case 'refList':
          return toIdList(plan, cell);
        case 'date':
          return toDate(plan, cell);
        case 'decimal': {
          const number = toDecimal(plan, cell);
          return number.kind === 'value' && (number.value as number) < 0 ? fail('negative_number') : number;
        }
        default:
          return plan.parse === 'phone' ? toPhone(cellText(cell)) : ok(textOf(cell));
      }
    case 'matchKey':
      return ok(textOf(cell));
    case 'client':
    case 'contact':
      return toObjectPart(plan, cell, target.part);
    case 'custom':
      return plan.field ? toFieldValue(plan, cell) : toUntypedCustom(plan, cell);
  }
}

/** Text as the user sees it; dates as ISO. */
function textOf(cell: Exclude<Cell, null>): string {
  return cellText(cell);
}

function toPhone(text: string): Converted {
  const phone = parsePhone(text);
  return phone.ok ? ok(phone.value) : fail('invalid_phone', { reason: phone.reason });
}

function toId(plan: ValuePlan, cell: Exclude<Cell, null>, shown?: string): Converted {
  const text = typeof cell === 'string' ? cell : cellText(cell);
  const kind = plan.target.kind === 'param' ? plan.target.spec.lookup : undefined;
  if (plan.byName) {
    if (plan.offline) return UNRESOLVED;
    const result = plan.table!.resolve(text);
    if (result.ok) return ok(result.id);
    return result.code === 'lookup_not_found'
      ? fail('lookup_not_found', { kind: plan.label, names: result.names }, shown)
      : fail('lookup_ambiguous', { kind: plan.label, matches: result.matches }, shown);
  }
  const id = typeof cell === 'number' ? cell : /^\d+$/.test(text) ? Number(text) : NaN;
  if (!Number.isSafeInteger(id) || id <= 0)
    return fail('invalid_integer', kind ? { hint: `add "lookup": "${kind}" to use names` } : {}, shown);
  if (plan.table && !plan.table.hasId(id))
    return fail('id_not_found', { kind: kind?.replace(/_/g, ' ') ?? 'records' }, shown);
  return ok(id);
}

function toIdList(plan: ValuePlan, cell: Exclude<Cell, null>): Converted {
  if (typeof cell !== 'string') {
    const single = toId(plan, cell);
    return single.kind === 'value' ? ok([single.value as number]) : single;
  }
  const items = plan.split ? cell.split(plan.split) : [cell];
  const ids: number[] = [];
  let unresolved = false;
  for (const raw of items) {
    const item = raw.trim();
    if (item === '') continue; // "Rush; Litigation;" — a trailing separator is not an item
    const id = toId(plan, item, items.length > 1 ? item : undefined);
    if (id.kind === 'problem') return id;
    if (id.kind === 'unresolved') unresolved = true;
    else if (id.kind === 'value' && !ids.includes(id.value as number)) ids.push(id.value as number);
  }
  if (unresolved) return UNRESOLVED;
  return ids.length === 0 ? BLANK : ok(ids);
}

function toDate(plan: ValuePlan, cell: Exclude<Cell, null>): Converted {
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

function toDecimal(plan: ValuePlan, cell: Exclude<Cell, null>): Converted {
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

function toObjectPart(plan: ValuePlan, cell: Exclude<Cell, null>, part: string): Converted {
  const text = textOf(cell);
  if (part === 'email') return isEmail(text) ? ok(text) : fail('invalid_email');
  if (part === 'country') {
    const code = countryCode(text);
    return code ? ok(code) : fail('invalid_country');
  }
  if (part === 'state') return STATE.test(text) ? ok(text.toUpperCase()) : fail('invalid_state');
  if (plan.parse === 'phone') return toPhone(text);
  return ok(text);
}

function toBoolean(cell: Exclude<Cell, null>, allowNa: boolean): Converted {
  if (typeof cell === 'boolean') return ok(cell ? 1 : 0);
  if (typeof cell === 'number')
    return cell === 1 || cell === 0 ? ok(cell) : fail(allowNa ? 'invalid_yesnona' : 'invalid_boolean');
  const text = textOf(cell);
  const value = parseBooleanText(text);
  if (value !== null) return ok(value);
  if (allowNa && isNotApplicable(text)) return ok('');
  return fail(allowNa ? 'invalid_yesnona' : 'invalid_boolean');
}

/** The account's field is known: its type decides (API-NOTES Known: field types and values). */
function toFieldValue(plan: ValuePlan, cell: Exclude<Cell, null>): Converted {
  const field = plan.field!;
  const part = plan.target.kind === 'custom' ? plan.target.part : null;
  const type = String(field.field_type_tag).toUpperCase(); // API-NOTES: tags are upper case; read tolerantly
  if (part !== null) {
    const text = textOf(cell);
    if (part === 'country') {
      const code = countryCode(text);
      return code ? ok(code) : fail('invalid_country');
    }
    return ok(text);
  }
  switch (type) {
    case 'INPUT': {
      if (plan.parse === 'number') return toDecimal(plan, cell);
      if (plan.parse === 'phone') return toPhone(textOf(cell));
      const text = textOf(cell);
      return LINE_BREAK.test(text) ? fail('multi_line_text') : ok(text);
    }
    case 'EMAIL': {
      const text = textOf(cell);
      return isEmail(text) ? ok(text) : fail('invalid_email');
    }
    case 'LINK': {
      const link = webLink(textOf(cell));
      return link ? ok(link) : fail('invalid_link');
    }
    case 'NUMBER':
    case 'CURRENCY':
      return toDecimal(plan, cell);
    case 'DATE':
    case 'BIRTHDAY':
      return toDate(plan, cell);
    case 'COUNTRY': {
      const code = countryCode(textOf(cell));
      return code ? ok(code) : fail('invalid_country');
    }
    case 'SELECT':
    case 'RADIO': {
      const choice = plan.choices?.get(textOf(cell).trim().toLowerCase());
      return choice !== undefined ? ok(choice) : fail('invalid_choice', { choices: field.choices ?? [] });
    }
    case 'YESNO':
      return toBoolean(cell, false);
    case 'YESNONA':
      return toBoolean(cell, true);
    case 'NAME':
      return plan.parse === 'full_name'
        ? toFullName(textOf(cell))
        : fail('composite_needs_parts', {
            field: describeField(plan),
            type,
            parts: NAME_PARTS,
            parse: 'full_name',
          });
    case 'ADDRESS':
      return plan.parse === 'address'
        ? toAddress(textOf(cell))
        : fail('composite_needs_parts', {
            field: describeField(plan),
            type,
            parts: ADDRESS_PARTS,
            parse: 'address',
          });
    default:
      return ok(textOf(cell));
  }
}

export function describeField(plan: ValuePlan): string {
  return plan.field ? `${plan.field.name} (field ${plan.field.id})` : plan.target.path;
}

function toFullName(text: string): Converted {
  const name = parseFullName(text);
  return name ? ok(name) : fail('invalid_full_name');
}

function toAddress(text: string): Converted {
  const address = parseAddress(text);
  return address ? ok(address) : fail('invalid_address');
}

/** Offline: the field's type is unknown, so only the column's own options say what the value is. */
function toUntypedCustom(plan: ValuePlan, cell: Exclude<Cell, null>): Converted {
  const part = plan.target.kind === 'custom' ? plan.target.part : null;
  if (part === 'country') {
    const code = countryCode(textOf(cell));
    return code ? ok(code) : fail('invalid_country');
  }
  if (part !== null) return ok(textOf(cell));
  switch (plan.parse) {
    case 'full_name':
      return toFullName(textOf(cell));
    case 'address':
      return toAddress(textOf(cell));
    case 'phone':
      return toPhone(textOf(cell));
    case 'number':
      return toDecimal(plan, cell);
    case 'boolean':
      return toBoolean(cell, false);
  }
  if (plan.date) return toDate(plan, cell);
  if (typeof cell === 'object' && (cell.type === 'date' || cell.type === 'datetime'))
    return toDate(plan, cell);
  if (typeof cell === 'boolean') return ok(cell ? 1 : 0);
  if (typeof cell === 'number') return ok(cell);
  return ok(textOf(cell));
}
