/**
 * Custom-field values. With the account's field definition the field's type decides (API-NOTES Known:
 * field types and their values); offline only the column's own options say what the value is.
 */
import { countryCode } from '../mapping/countries.ts';
import { hiddenDifference } from '../mapping/text-key.ts';
import { ADDRESS_PARTS, NAME_PARTS } from '../mapping/targets.ts';
import { parseAddress, readFullName } from '../mapping/text-parsers.ts';
import type { Cell } from '../read/types.ts';
import {
  fail,
  isEmail,
  LINE_BREAK,
  ok,
  textOf,
  toBoolean,
  toDate,
  toDecimal,
  toPhone,
  webLink,
  type Converted,
} from './scalar-values.ts';
import type { ValuePlan } from './value-plan.ts';

/** The account's field is known: its type decides (API-NOTES Known: field types and values). */
export function toFieldValue(plan: ValuePlan, cell: Exclude<Cell, null>): Converted {
  const field = plan.field!;
  const part = plan.target.kind === 'custom' ? plan.target.part : null;
  const type = plan.fieldType;
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
      if (!plan.choices) return ok(textOf(cell)); // choices unreadable: not checked, and the dry run says so
      const text = textOf(cell);
      const found = plan.choices.match(text);
      if (found.kind === 'several') return fail('choice_ambiguous', { choices: found.choices });
      if (found.kind === 'none') return fail('invalid_choice', { choices: field.choices ?? [] });
      // The choice is sent as the account spells it; a difference the eye cannot see is said.
      const hidden = hiddenDifference(text);
      return hidden === null
        ? ok(found.choice)
        : ok(found.choice, { code: 'choice_read_as', params: { choice: found.choice, hidden } });
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

/**
 * A whole name into its parts. What the reading left out (a title, a remark in brackets) or decided
 * (particles taken into the last name) is said in a note on the row, with the parts as read.
 */
export function toFullName(text: string): Converted {
  const reading = readFullName(text);
  if (!reading) return fail('invalid_full_name');
  const { name, title, remarks, particles } = reading;
  if (title === undefined && remarks === undefined && particles === undefined) return ok(name);
  return ok(name, {
    code: 'full_name_read',
    params: {
      first: name.first_name,
      middle: name.middle_name,
      last: name.last_name,
      ...(title !== undefined ? { title } : {}),
      ...(remarks !== undefined ? { remarks } : {}),
      ...(particles !== undefined ? { particles } : {}),
    },
  });
}

function toAddress(text: string): Converted {
  const address = parseAddress(text);
  return address ? ok(address) : fail('invalid_address');
}

/** Offline: the field's type is unknown, so only the column's own options say what the value is. */
export function toUntypedCustom(plan: ValuePlan, cell: Exclude<Cell, null>): Converted {
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
