/**
 * The `parse` options of a mapping column (CONTRACTS section 2): one cell of free text into the value
 * the API wants. Each returns null (or a reason) when the text cannot be read; the caller words the
 * problem. Regular expressions are module constants: these run once per cell.
 */
import type { AddressValue, NameValue } from '../api/types.ts';
import { countryCode } from './countries.ts';
import { readNumber, type NumberFormat } from './number-format.ts';

const SUFFIX = /^(?:jr|sr|ii|iii|iv|v|esq|phd|md)\.?$/i;

/** "Last, First Middle" or "First Middle Last"; a suffix (Jr., III) stays with the last name. */
export function parseFullName(text: string): NameValue | null {
  const clean = text.replace(/\s+/g, ' ').trim();
  if (!clean || /\d/.test(clean)) return null;
  const comma = clean.indexOf(',');
  if (comma >= 0) {
    const last = clean.slice(0, comma).trim();
    const rest = clean.slice(comma + 1).trim();
    // "Doe Jr., John" and "John Doe, Jr." read differently: a lone suffix after the comma belongs to the name before it.
    if (SUFFIX.test(rest)) return parseFullName(`${last} ${rest}`.replace(/,/g, ''));
    const given = rest.split(' ').filter(Boolean);
    if (!last || given.length === 0 || rest.includes(',')) return null;
    return { first_name: given[0] ?? '', middle_name: given.slice(1).join(' '), last_name: last };
  }
  const words = clean.split(' ');
  if (words.length > 2 && SUFFIX.test(words.at(-1) ?? '')) {
    const suffix = words.pop();
    words[words.length - 1] = `${words.at(-1)} ${suffix}`;
  }
  if (words.length === 1) return { first_name: '', middle_name: '', last_name: words[0] ?? '' };
  return {
    first_name: words[0] ?? '',
    middle_name: words.slice(1, -1).join(' '),
    last_name: words.at(-1) ?? '',
  };
}

const STATE_ZIP = /^([A-Za-z]{2})\.?\s+([A-Za-z0-9][A-Za-z0-9 -]{2,9})$/;
const STATE_ONLY = /^[A-Za-z]{2}$/;
const ZIP_ONLY = /^\d{5}(?:-\d{4})?$/;

/**
 * "2000 Blake St, STE 123, Denver, CO 80202[, US]" (commas or line breaks between parts) into
 * address_1, address_2, city, state, zip, country. Needs at least street, city and "ST ZIP" or state.
 */
export function parseAddress(text: string): AddressValue | null {
  const parts = text
    .split(/\s*[,\n\r]+\s*/)
    .map((part) => part.trim())
    .filter(Boolean);
  let country: string | undefined;
  const tail = parts.at(-1);
  if (tail && parts.length >= 3 && !STATE_ZIP.test(tail) && !ZIP_ONLY.test(tail)) {
    const code = countryCode(tail);
    if (code && !STATE_ONLY.test(tail)) {
      country = code;
      parts.pop();
    } else if (code && parts.length >= 4) {
      country = code;
      parts.pop();
    }
  }
  let state: string | undefined;
  let zip: string | undefined;
  const last = parts.at(-1) ?? '';
  const stateZip = STATE_ZIP.exec(last);
  if (stateZip) {
    state = stateZip[1]?.toUpperCase();
    zip = stateZip[2];
    parts.pop();
  } else if (ZIP_ONLY.test(last) && STATE_ONLY.test(parts.at(-2) ?? '')) {
    zip = last;
    state = parts.at(-2)?.toUpperCase();
    parts.splice(-2, 2);
  } else if (STATE_ONLY.test(last)) {
    state = last.toUpperCase();
    parts.pop();
  } else return null;
  if (parts.length < 2) return null;
  const city = parts.pop() ?? '';
  const address: AddressValue = { address_1: parts[0] ?? '', address_2: parts.slice(1).join(', '), city };
  if (state) address.state = state;
  if (zip) address.zip = zip;
  if (country) address.country = country;
  return address;
}

const PHONE_EXTENSION = /\s*(?:x|ext\.?|extension)\s*(\d{1,6})\s*$/i;
const PHONE_ALLOWED = /^\+?[\d\s().\-/]+$/;

/** A readable phone number: 555-555-5555 for North American numbers, "+<digits>" otherwise. */
export function parsePhone(text: string): { ok: true; value: string } | { ok: false; reason: string } {
  const extension = PHONE_EXTENSION.exec(text);
  const body = extension ? text.slice(0, extension.index).trim() : text.trim();
  if (!PHONE_ALLOWED.test(body))
    return { ok: false, reason: 'it has letters or symbols; use digits, spaces, dashes' };
  let digits = body.replace(/\D/g, '');
  if (digits.length < 7)
    return { ok: false, reason: `it has ${digits.length} digits; a phone number has at least 7` };
  if (digits.length > 15)
    return { ok: false, reason: `it has ${digits.length} digits; a phone number has at most 15` };
  const international = body.startsWith('+');
  if (digits.length === 11 && digits.startsWith('1') && (!international || body.startsWith('+1')))
    digits = digits.slice(1);
  let value: string;
  if (digits.length === 10 && (!international || body.startsWith('+1')))
    value = `${digits.slice(0, 3)}-${digits.slice(3, 6)}-${digits.slice(6)}`;
  else if (digits.length === 7 && !international) value = `${digits.slice(0, 3)}-${digits.slice(3)}`;
  else value = `${international ? '+' : ''}${digits}`;
  return { ok: true, value: extension ? `${value} x${extension[1]}` : value };
}

/**
 * "$1,500.00", "1 500", "(200)" (accounting negative), "12,50 €" into a number; null when it is not one,
 * or when it reads two ways ("2.000"): see number-format.ts, which says why.
 */
export function parseNumberText(text: string, format: NumberFormat | null = null): number | null {
  const read = readNumber(text, format);
  return read.ok ? read.value : null;
}

/** Plain decimal text as the API writes it ("1500", "-12.5"): no signs or separators. */
export const PLAIN_DECIMAL = /^-?(?:\d+(?:\.\d*)?|\.\d+)$/;

const TRUE_WORDS = new Set(['yes', 'y', 'true', '1', 'x', 't']);
const FALSE_WORDS = new Set(['no', 'n', 'false', '0', 'f']);

/** yes/no/y/n/true/false/1/0/x (any case) into 1 or 0; null otherwise. */
export function parseBooleanText(text: string): 1 | 0 | null {
  const word = text.trim().toLowerCase();
  if (TRUE_WORDS.has(word)) return 1;
  if (FALSE_WORDS.has(word)) return 0;
  return null;
}

/**
 * What plainly says "not applicable" (docs/mapping.md). "unknown" and a dash are not among them: the
 * one says the answer is not known, not that the question does not apply, and a clerk's "-" is as
 * often "no"; read as N/A they sent "" with nothing said. They are refused like "—", and a column's
 * `values` says what they mean ("-": "N/A" or "-": "no").
 */
const NA_WORDS = new Set(['n/a', 'na', 'not applicable']);

export function isNotApplicable(text: string): boolean {
  return NA_WORDS.has(text.trim().toLowerCase());
}
