/**
 * One cell (or constant) → the value its target takes, following the field-type rules of API-NOTES and
 * the seed's parameter types. Returns a value, "blank", "unresolved" (a name with no reference data to
 * resolve it: offline dry run) or a problem code with its params; the caller adds row, column and value.
 */
import { countryCode } from '../mapping/countries.ts';
import type { Cell } from '../read/types.ts';
import { cellText } from '../read/cell-text.ts';
import { detachedText } from './detached-text.ts';
import { toFieldValue, toFullName, toUntypedCustom } from './field-values.ts';
import {
  BLANK,
  fail,
  isEmail,
  ok,
  STATE,
  textOf,
  toDate,
  toDecimal,
  toPhone,
  UNRESOLVED,
  type Converted,
} from './scalar-values.ts';
import type { ValuePlan } from './value-plan.ts';
import { refusedCharacter } from './text-characters.ts';
import { isCleanText } from './clean-text.ts';
import { watchColumn } from './date-order.ts';
import { otherSeparator } from './list-separator.ts';
import { caselessKey } from '../mapping/text-key.ts';

export type { Converted } from './scalar-values.ts';
export { describeField } from './field-values.ts';
export { isEmail, webLink } from './scalar-values.ts';

const MEMO_LIMIT = 4096;

/**
 * Converts one cell. Text cells are memoised per column: referral files repeat the same regions, dates,
 * services and names, and conversion is a pure function of the text. A column whose values do not
 * repeat (claim numbers) stops memoising once the memo is full and mostly missed.
 */
export function convertCell(plan: ValuePlan, original: Cell): Converted {
  const memo = plan.memo;
  let result: Converted;
  if (memo === null || typeof original !== 'string') result = convertUncached(plan, original);
  else {
    const hit = memo.get(original);
    if (hit !== undefined) {
      plan.memoHits += 1;
      result = hit;
    } else {
      result = convertUncached(plan, original);
      // Key and value outlive the row: detached copies, so that neither holds the whole decoded chunk.
      if (memo.size < MEMO_LIMIT) memo.set(detachedText(original), detached(result));
      else if (plan.memoHits < MEMO_LIMIT) plan.memo = null;
    }
  }
  // A date or number column that can be misread watches every result, memoised or not (date-order.ts).
  return plan.order === null ? result : watchColumn(plan.order, original, result);
}

/** `result` with every string cut from the cell copied (see detachedText). */
function detached(result: Converted): Converted {
  if (result.kind === 'value') {
    const value = result.value;
    if (typeof value === 'string') return ok(detachedText(value), result.note, result.twoDigitYear);
    if (typeof value !== 'object' || Array.isArray(value)) return result;
    const parts: Record<string, unknown> = {};
    for (const [key, part] of Object.entries(value)) {
      parts[key] = typeof part === 'string' ? detachedText(part) : part;
    }
    return ok(parts as typeof value);
  }
  if (result.kind !== 'problem') return result;
  const copy: Converted = { ...result };
  if (copy.value !== undefined) copy.value = detachedText(copy.value);
  if (copy.params) {
    const params: Record<string, unknown> = {};
    for (const [key, param] of Object.entries(copy.params)) {
      params[key] = typeof param === 'string' ? detachedText(param) : param;
    }
    copy.params = params;
  }
  return copy;
}

function convertUncached(plan: ValuePlan, cell: Cell): Converted {
  // What the file does not hold is refused before a value map could turn it into something (a merged
  // cell reads '' and "values": { "": "Normal" } would make it Normal).
  if (cell !== null && typeof cell === 'object') {
    if (cell.type === 'formula') return unreadFormula(cell);
    if (cell.type === 'merged') {
      const { reference, range, anchor, anchorText } = cell;
      return fail('merged_cell', { reference, range, anchor, anchorText });
    }
    if (cell.type === 'malformed_number')
      return fail('text_in_number_cell', { reference: cell.reference }, cell.text);
  }
  if (plan.values) {
    const mapped = plan.values.get(caselessKey(cellText(cell)));
    // A whole cell's translation is final: its items are not looked up in the values again.
    if (mapped !== undefined)
      return translated(convertValue(plan, mapped.value, null), mapped.key, cellText(mapped.value));
  }
  return convertValue(plan, cell, plan.values);
}

/**
 * A value the column's "values" turned the cell into that its target refuses: the cell is right by the
 * mapping's own terms, and the translation is what no longer fits (explore 34 item 4: "Vehicle Color
 * 'Silver' is not one of: Black, White, Silver, Grey" named the cell, not the 'Gray' it became). The
 * words name both (`translatedFrom`, `translatedTo`), and the problem is one of the mapping: every row
 * with that cell fails the same way, fixed once in the template.
 */
function translated(result: Converted, from: string, to: string): Converted {
  if (result.kind !== 'problem') return result;
  return {
    ...result,
    value: result.value ?? to,
    params: { ...result.params, translatedFrom: from, translatedTo: to },
  };
}

/**
 * The cell (or what the column's values turned it into) → the value its target takes. `itemValues`: the
 * column's values for each item of a list cell, null once the whole cell was translated.
 */
function convertValue(plan: ValuePlan, given: Cell, itemValues: ValuePlan['values']): Converted {
  let cell = given;
  if (cell === null) return BLANK;
  const lost = lostDigits(plan, cell);
  if (lost !== null) return fail('long_number', { shown: lost }, lost);
  if (typeof cell === 'object') {
    if (cell.type === 'error') return fail('cell_error');
    // A time of day is text to every target but a date (read/types.ts); a number shaped by its format
    // (03101) is the text Excel shows to a text target and stays the number for a number target.
    if (cell.type === 'time') {
      if (takesDate(plan))
        return fail('time_as_date', { kind: cell.elapsed ? 'a duration' : 'a time of day' });
      cell = cell.time;
    } else if (cell.type === 'number') cell = takesNumber(plan) ? cell.value : cell.text;
  }
  if (typeof cell === 'string' && !isCleanText(cell)) {
    if (plan.trim) cell = cell.trim();
    if (cell === '') return BLANK;
    // Control characters, line breaks in one-line fields, invisibles in codes: never sent (issue 17).
    if (plan.refuse.test(cell)) return refusedCharacter(plan.textRule, cell);
  }

  const target = plan.target;
  switch (target.kind) {
    case 'param':
      switch (target.spec.type) {
        case 'ref':
        case 'int':
          return toId(plan, cell);
        case 'refList':
          return toIdList(plan, cell, itemValues);
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

/** Targets that take a calendar date: date parameters, DATE/BIRTHDAY fields, columns with a dateFormat. */
function takesDate(plan: ValuePlan): boolean {
  const target = plan.target;
  if (target.kind === 'param') return target.spec.type === 'date';
  if (target.kind !== 'custom' || target.part != null) return false;
  if (plan.field) return plan.fieldType === 'DATE' || plan.fieldType === 'BIRTHDAY';
  return plan.date !== null;
}

/**
 * Targets that take a number rather than text: ids (unless given by name), amounts, dates (which
 * refuse it as such), yes/no fields and columns parsed as numbers or booleans.
 */
function takesNumber(plan: ValuePlan): boolean {
  const target = plan.target;
  if (plan.parse === 'number' || plan.parse === 'boolean') return true;
  if (target.kind === 'param') {
    const type = target.spec.type;
    if (type === 'ref' || type === 'int' || type === 'refList') return !plan.byName;
    return type === 'decimal' || type === 'date';
  }
  if (target.kind !== 'custom' || target.part != null) return false;
  if (plan.field)
    return ['NUMBER', 'CURRENCY', 'YESNO', 'YESNONA', 'DATE', 'BIRTHDAY'].includes(plan.fieldType);
  return plan.date !== null;
}

function toId(plan: ValuePlan, cell: Exclude<Cell, null>, shown?: string): Converted {
  const text = typeof cell === 'string' ? cell : cellText(cell);
  const kind = plan.target.kind === 'param' ? plan.target.spec.lookup : undefined;
  if (plan.byName) {
    if (plan.offline) return UNRESOLVED;
    const result = plan.table!.resolve(text);
    if (result.ok) return withInactiveNote(plan, result.id);
    if (result.code === 'lookup_unavailable')
      return fail(
        'lookup_unavailable',
        { kind: plan.label, list: result.list, reason: result.reason },
        shown,
      );
    return result.code === 'lookup_not_found'
      ? fail(
          'lookup_not_found',
          {
            kind: plan.label,
            names: result.names,
            ...constantOf(plan),
            ...cutOf(plan, kind),
          },
          shown,
        )
      : fail(
          'lookup_ambiguous',
          { kind: plan.label, matches: result.matches, ids: result.ids, ...constantOf(plan) },
          shown,
        );
  }
  const id = typeof cell === 'number' ? cell : /^\d+$/.test(text) ? Number(text) : NaN;
  if (!Number.isSafeInteger(id) || id <= 0)
    return fail('invalid_integer', kind ? { hint: `add "lookup": "${kind}" to use names` } : {}, shown);
  if (plan.table && !plan.table.hasId(id))
    return fail(
      'id_not_found',
      {
        kind: kind?.replace(/_/g, ' ') ?? 'records',
        ...(plan.index < 0 ? { names: plan.table.names } : {}),
        ...constantOf(plan),
        ...cutOf(plan, kind),
      },
      shown,
    );
  return ok(id);
}

/**
 * A name whose item the server marks as not in use (inactive-mark.ts): sent all the same, since whether
 * Trackops takes it is not known, with a note naming the item and the mark, so the request is not
 * filed under a retired region or a closed office unseen (explore 54 item 5). An id given as such
 * (a round-trip file's) is what Trackops holds already, and is not noted.
 */
function withInactiveNote(plan: ValuePlan, id: number): Converted {
  const mark = plan.table?.inactive(id) ?? null;
  return mark === null ? ok(id) : ok(id, { code: 'lookup_inactive', params: { id, mark } });
}

/**
 * A constant's problem names the target as the account does ("Region") and says to change the constant
 * (explore 20 item 4: a template from another account named only "constant case_region_id").
 */
function constantOf(plan: ValuePlan): { constant?: string } {
  return plan.index < 0 ? { constant: plan.target.path } : {};
}

/**
 * A list cell ("Surv; Social") → its ids. Each item goes through the column's values too (`itemValues`),
 * after the whole cell did (convertUncached: a whole-cell key is applied first, as CONTRACTS section 2
 * says): the app's Columns step asks what each item means and saves its answer keyed by the item, and a
 * clerk writes "Surv" once for every cell that lists it, alone or with others. An item's translation may
 * itself be a list ("SMS": "Social Media Search; Surveillance"); it is not translated again.
 */
function toIdList(plan: ValuePlan, cell: Exclude<Cell, null>, itemValues: ValuePlan['values']): Converted {
  if (typeof cell !== 'string') {
    const single = toId(plan, cell);
    return single.kind === 'value' ? ok([single.value as number]) : single;
  }
  const items = plan.split ? cell.split(plan.split) : [cell];
  const ids: number[] = [];
  let unresolved = false;
  // An item the server marks inactive (withInactiveNote): the first one is said for the cell.
  let note: Extract<Converted, { kind: 'value' }>['note'];
  for (const raw of items) {
    const item = raw.trim();
    if (item === '') continue; // "Rush; Litigation;" — a trailing separator is not an item
    const mapped = itemValues?.get(caselessKey(item));
    const result =
      mapped === undefined
        ? toId(plan, item, items.length > 1 ? item : undefined)
        : translated(
            mapped.value === null ? BLANK : toIdList(plan, mapped.value, null),
            mapped.key,
            cellText(mapped.value),
          );
    if (result.kind === 'problem')
      return (
        (mapped === undefined && result.code === 'lookup_not_found' && otherSeparator(plan, item)) || result
      );
    if (result.kind === 'unresolved') unresolved = true;
    else if (result.kind === 'value') {
      for (const id of Array.isArray(result.value) ? result.value : [result.value as number])
        if (!ids.includes(id)) ids.push(id);
      note ??= result.note;
    }
  }
  if (unresolved) return UNRESOLVED;
  return ids.length === 0 ? BLANK : ok(ids, note);
}

function toObjectPart(plan: ValuePlan, cell: Exclude<Cell, null>, part: string): Converted {
  const text = textOf(cell);
  if (part === 'email') return isEmail(text) ? ok(text) : fail('invalid_email');
  if (part === 'country') {
    const code = countryCode(text);
    return code ? ok(code) : fail('invalid_country');
  }
  if (part === 'state') return STATE.test(text) ? ok(text.toUpperCase()) : fail('invalid_state');
  if (part === 'full_name') return toFullName(text); // contact.full_name: first, middle and last name
  if (plan.parse === 'phone') return toPhone(text);
  return ok(text);
}

/** A lookup list read only in part (AccountReference.incomplete): what the message says about it. */
function cutOf(plan: ValuePlan, kind: string | undefined): Record<string, unknown> {
  const cut = plan.table?.cut;
  return cut ? { listed: cut.listed, why: cut.why, list: (kind ?? 'records').replace(/_/g, ' ') } : {};
}

function unreadFormula(cell: Extract<Cell, { type: 'formula' }>): Converted {
  const params = { reference: cell.reference, formula: cell.formula, cached: cell.cached };
  return fail(cell.cached === null ? 'unsaved_formula' : 'stale_formula', params);
}

/** Excel keeps 15 significant digits of a number; from 1e15 on, a whole number has more than that. */
const EXCEL_DIGITS_FROM = 1e15;

/**
 * A number cell going to a text target (a claim number, zip, phone, any identifier) that is too long
 * for Excel to have kept whole, as Excel's General format shows it (1.23456789012346E+18), or null.
 * Excel stored 1234567890123456789 as 1234567890123460000: the text would carry digits nobody typed.
 * Numbers below 1e15 keep every digit a person can type in Excel; digits past the 15th of a fraction
 * (0.30000000000000004) are the binary noise Excel itself hides, and the text drops them (cellText).
 */
function lostDigits(plan: ValuePlan, cell: Exclude<Cell, null>): string | null {
  const number =
    typeof cell === 'number' ? cell : typeof cell === 'object' && cell.type === 'number' ? cell.value : null;
  if (number === null || Math.abs(number) < EXCEL_DIGITS_FROM || takesNumber(plan)) return null;
  const [mantissa = '', exponent = ''] = number.toPrecision(15).split('e');
  const digits = mantissa.includes('.') ? mantissa.replace(/\.?0+$/, '') : mantissa;
  return `${digits}E${exponent.startsWith('-') ? '' : '+'}${exponent.replace(/^\+/, '')}`;
}
