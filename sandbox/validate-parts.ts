/**
 * Checks of the pieces a write is made of: ids that must exist, dates, text, decimals, the client and
 * contact objects (seed: "Working with Client and Contact objects"; account settings "Require Client
 * Address/Phone"). Each takes the parameter path so problems name it.
 */
import type { AccountFile } from './account-schema.ts';
import { isCountryCode } from './countries.ts';
import { isIsoDate } from './dates.ts';
import { describe, isEmail, isPlainObject, readDecimal, readId, readText } from './scalars.ts';
import type { WriteProblems } from './write-problems.ts';

type Named = { id: number; name: string };

export function isAbsent(value: unknown): boolean {
  return value === undefined || value === null;
}

export function checkRef(
  problems: WriteProblems,
  path: string,
  value: unknown,
  options: readonly Named[],
  kind: string,
  required: boolean,
): number | null {
  if (isAbsent(value)) {
    if (required) problems.add(path, `is required: the id of one of the account's ${kind}`);
    return null;
  }
  const id = readId(value);
  if (id === undefined) {
    problems.add(path, `must be the integer id of one of the account's ${kind}; got ${describe(value)}`);
    return null;
  }
  if (!options.some((option) => option.id === id)) {
    problems.add(path, `${id} is not the id of any of the account's ${kind} (${listOptions(options)})`);
    return null;
  }
  return id;
}

export function checkRefList(
  problems: WriteProblems,
  path: string,
  value: unknown,
  options: readonly Named[],
  kind: string,
): number[] {
  if (isAbsent(value)) return [];
  if (!Array.isArray(value)) {
    problems.add(
      path,
      `must be an array of ${kind} ids, e.g. [${options[0]?.id ?? 1}]; got ${describe(value)}`,
    );
    return [];
  }
  const ids: number[] = [];
  value.forEach((item, index) => {
    const id = checkRef(problems, `${path}.${index}`, item, options, kind, true);
    if (id !== null && !ids.includes(id)) ids.push(id);
  });
  return ids;
}

function listOptions(options: readonly Named[]): string {
  const shown = options.slice(0, 12).map((option) => `${option.id} ${option.name}`);
  return `valid: ${shown.join(', ')}${options.length > shown.length ? ', ...' : ''}`;
}

export function checkDate(
  problems: WriteProblems,
  path: string,
  value: unknown,
  required: boolean,
): string | null {
  if (isAbsent(value) || value === '') {
    if (required) problems.add(path, 'is required: a date in ISO format, e.g. 2024-12-01');
    return null;
  }
  if (typeof value !== 'string' || !isIsoDate(value)) {
    problems.add(
      path,
      `must be a date that exists, in ISO format YYYY-MM-DD (e.g. 2024-12-01); got ${describe(value)}`,
    );
    return null;
  }
  return value;
}

export function checkText(problems: WriteProblems, path: string, value: unknown): string | null {
  if (isAbsent(value)) return null;
  const text = readText(value);
  if (text === undefined) problems.add(path, `must be text; got ${describe(value)}`);
  return text ?? null;
}

export function checkDecimal(problems: WriteProblems, path: string, value: unknown): number | null {
  if (isAbsent(value) || value === '') return null;
  const number = readDecimal(value);
  if (number === undefined || number < 0) {
    problems.add(
      path,
      `must be a decimal number of 0 or more without currency signs, e.g. 1500 or 12.5; got ${describe(value)}`,
    );
    return null;
  }
  return number;
}

const CLIENT_KEYS = [
  'name',
  'address_1',
  'address_2',
  'address_3',
  'city',
  'state',
  'zip',
  'country',
] as const;
const CONTACT_KEYS = [
  'first_name',
  'middle_name',
  'last_name',
  'email',
  'phone_office',
  'phone_home',
  'phone_mobile',
  'phone_fax',
] as const;
const PHONE_KEYS = ['phone_office', 'phone_home', 'phone_mobile'] as const;

/** The whole client object (seed note 1: on update it is replaced whole, so it is checked whole). */
export function checkClient(
  problems: WriteProblems,
  value: unknown,
  settings: AccountFile['settings'],
): Record<string, string> | null {
  const parts = readObject(problems, 'client', value, CLIENT_KEYS, 'name and country');
  if (!parts) return null;
  if (!parts.name?.trim())
    problems.add('client.name', 'is required: the name of the client (organization if possible)');
  const country = parts.country?.trim() ?? '';
  if (!country) problems.add('client.country', 'is required: a 2-letter ISO country code such as US');
  else if (!isCountryCode(country))
    problems.add(
      'client.country',
      `must be a 2-letter ISO country code such as US; got ${describe(parts.country)}`,
    );
  const state = parts.state?.trim() ?? '';
  if (state && !/^[A-Za-z0-9]{2}$/.test(state)) {
    problems.add(
      'client.state',
      `must be a 2-character state or province code such as CO; got ${describe(parts.state)}`,
    );
  }
  if (settings.require_client_address) {
    for (const key of ['address_1', 'city'] as const) {
      if (!parts[key]?.trim())
        problems.add(`client.${key}`, 'is required because the account has "Require Client Address" enabled');
    }
  }
  return parts;
}

export function checkContact(
  problems: WriteProblems,
  value: unknown,
  settings: AccountFile['settings'],
): Record<string, string> | null {
  const parts = readObject(problems, 'contact', value, CONTACT_KEYS, 'last_name and email');
  if (!parts) return null;
  if (!parts.last_name?.trim())
    problems.add('contact.last_name', 'is required: the last name of the client contact');
  const email = parts.email?.trim() ?? '';
  if (!email) problems.add('contact.email', 'is required: the email address of the client contact');
  else if (!isEmail(email))
    problems.add(
      'contact.email',
      `must be an email address such as name@example.com; got ${describe(parts.email)}`,
    );
  if (settings.require_client_phone && !PHONE_KEYS.some((key) => parts[key]?.trim())) {
    problems.add(
      'contact.phone_office',
      'one of phone_office, phone_home or phone_mobile is required because the account has "Require Client Phone" enabled',
    );
  }
  return parts;
}

function readObject(
  problems: WriteProblems,
  path: string,
  value: unknown,
  allowed: readonly string[],
  needs: string,
): Record<string, string> | null {
  if (isAbsent(value)) {
    problems.add(path, `is required: an object with at least ${needs}`);
    return null;
  }
  if (!isPlainObject(value)) {
    problems.add(path, `must be an object with at least ${needs}; got ${describe(value)}`);
    return null;
  }
  const parts: Record<string, string> = {};
  for (const [key, part] of Object.entries(value)) {
    if (!allowed.includes(key)) {
      problems.add(`${path}.${key}`, `is not a ${path} parameter; allowed: ${allowed.join(', ')}`);
      continue;
    }
    const text = isAbsent(part) ? '' : readText(part);
    if (text === undefined) problems.add(`${path}.${key}`, `must be text; got ${describe(part)}`);
    else parts[key] = text;
  }
  return parts;
}
