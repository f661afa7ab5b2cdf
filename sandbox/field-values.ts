/**
 * Checks one custom-field value against its field's type (API-NOTES Known: the type-tag table) and
 * returns the value to store, or the reason it is refused. Independent of core's validator on purpose:
 * the client and this server are checked against each other.
 */
import type { SandboxFieldDef } from './account-schema.ts';
import { isCountryCode } from './countries.ts';
import { isIsoDate } from './dates.ts';
import { describe, isEmail, isPlainObject, isWebLink, readDecimal, readText } from './scalars.ts';

export type StoredValue = string | number | Record<string, string>;
export type FieldCheck = { ok: true; value: StoredValue } | { ok: false; message: string };

const NAME_PARTS = ['first_name', 'middle_name', 'last_name'] as const;
const ADDRESS_PARTS = ['address_1', 'address_2', 'city', 'state', 'zip', 'country'] as const;

export function checkFieldValue(field: SandboxFieldDef, value: unknown): FieldCheck {
  const label = `${field.name} (field ${field.id}, ${field.field_type_tag})`;
  const refuse = (expected: string): FieldCheck => ({
    ok: false,
    message: `${label} expects ${expected}; got ${describe(value)}`,
  });
  switch (field.field_type_tag) {
    case 'INPUT': {
      const text = readText(value);
      if (text === undefined || /[\r\n]/.test(text)) return refuse('single-line text');
      return { ok: true, value: text };
    }
    case 'LONG': {
      const text = readText(value);
      return text === undefined ? refuse('text') : { ok: true, value: text };
    }
    case 'EMAIL':
      return typeof value === 'string' && isEmail(value.trim())
        ? { ok: true, value: value.trim() }
        : refuse('an email address');
    case 'LINK':
      return typeof value === 'string' && isWebLink(value.trim())
        ? { ok: true, value: value.trim() }
        : refuse('an http(s) URL');
    case 'NUMBER':
    case 'CURRENCY': {
      const number = readDecimal(value);
      return number === undefined ? refuse('a decimal number such as 1250.50') : { ok: true, value: number };
    }
    case 'DATE':
    case 'BIRTHDAY':
      return typeof value === 'string' && isIsoDate(value)
        ? { ok: true, value }
        : refuse('an ISO date YYYY-MM-DD that exists');
    case 'COUNTRY':
      return typeof value === 'string' && isCountryCode(value)
        ? { ok: true, value }
        : refuse('a 2-letter ISO country code such as US');
    case 'SELECT':
    case 'RADIO': {
      const choices = field.choices ?? [];
      return typeof value === 'string' && choices.includes(value)
        ? { ok: true, value }
        : refuse(`one of ${choices.map((choice) => JSON.stringify(choice)).join(', ')}`);
    }
    case 'YESNO':
      return value === 1 || value === 0 || value === '1' || value === '0'
        ? { ok: true, value: Number(value) }
        : refuse('1 or 0');
    case 'YESNONA':
      if (value === '') return { ok: true, value: '' };
      return value === 1 || value === 0 || value === '1' || value === '0'
        ? { ok: true, value: Number(value) }
        : refuse('1, 0 or ""');
    case 'NAME':
      return checkComposite(
        value,
        NAME_PARTS,
        refuse,
        'an object {first_name, middle_name, last_name}',
        (parts) =>
          parts.first_name || parts.last_name ? null : `${label} needs at least a first_name or a last_name`,
      );
    case 'ADDRESS':
      return checkComposite(
        value,
        ADDRESS_PARTS,
        refuse,
        'an object {address_1, address_2, city, state, zip, country}',
        (parts) =>
          parts.country && !isCountryCode(parts.country)
            ? `${label} country must be a 2-letter ISO code such as US; got ${describe(parts.country)}`
            : Object.values(parts).every((part) => part === '')
              ? `${label} is empty: give at least one address part`
              : null,
      );
  }
}

function checkComposite(
  value: unknown,
  allowed: readonly string[],
  refuse: (expected: string) => FieldCheck,
  expected: string,
  rule: (parts: Record<string, string>) => string | null,
): FieldCheck {
  if (!isPlainObject(value)) return refuse(expected);
  const parts: Record<string, string> = {};
  for (const [key, part] of Object.entries(value)) {
    if (!allowed.includes(key)) return refuse(`${expected} (unknown part "${key}")`);
    const text = part === null ? '' : readText(part);
    if (text === undefined) return refuse(`${expected} with text parts ("${key}" is ${describe(part)})`);
    parts[key] = text;
  }
  const problem = rule(parts);
  return problem ? { ok: false, message: problem } : { ok: true, value: parts };
}

/** True when a stored value counts as "filled in" for a required field. */
export function isFilled(value: StoredValue): boolean {
  if (typeof value === 'number') return true;
  if (typeof value === 'string') return value.trim() !== '';
  return Object.values(value).some((part) => part.trim() !== '');
}
