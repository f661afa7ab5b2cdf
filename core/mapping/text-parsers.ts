/**
 * The `parse` options of a mapping column (CONTRACTS section 2): one cell of free text into the value
 * the API wants. Each returns null (or a reason) when the text cannot be read; the caller words the
 * problem. Regular expressions are module constants: these run once per cell.
 */
import type { AddressValue, NameValue } from '../api/types.ts';
import { countryCode } from './countries.ts';
import { readNumber, type NumberFormat } from './number-format.ts';

const SUFFIX = /^(?:jr|sr|ii|iii|iv|v|esq|phd|md)\.?$/i;
/** A title before a name: a Trackops name has first, middle and last name and no place for it. */
const TITLE = /^(?:mr|mrs|ms|miss|mx|dr|prof|rev)\.?$/i;
/** A remark in brackets ("(minor)", "[deceased]"): not part of the name. */
const REMARK = /[([{][^()[\]{}]*[)\]}]/g;
const BRACKET = /[()[\]{}]/;
const LETTER = /\p{L}/u;
/**
 * Words that begin a family name ("Maria de la Cruz", "Ludwig van Beethoven") when written in lower
 * case; capitalised ("John Van Smith") they may be a middle name, so only lower case is taken so.
 */
const PARTICLES: ReadonlySet<string> = new Set([
  'da',
  'das',
  'de',
  'del',
  'della',
  'der',
  'den',
  'di',
  'do',
  'dos',
  'du',
  'la',
  'le',
  'van',
  'von',
  'ten',
  'ter',
  'bin',
  'ibn',
  'al',
  'el',
]);

/**
 * A whole name read into its parts, with what the reading left out or decided (explore 39 item 3): a
 * title and bracketed remarks are not part of a name, and lower-case particles are taken into the last
 * name. Each is said in a note on the row (validate/field-values.ts), never decided silently.
 */
export interface FullNameReading {
  name: NameValue;
  /** "Mr.": left out. */
  title?: string;
  /** "(minor)": left out. */
  remarks?: string[];
  /** "de la": taken as the start of the last name. */
  particles?: string;
}

/** "Last, First Middle" or "First Middle Last"; a suffix (Jr., III) stays with the last name. */
export function parseFullName(text: string): NameValue | null {
  return readFullName(text)?.name ?? null;
}

/** parseFullName, saying what it left out or decided; null when the text is not a name. */
export function readFullName(text: string): FullNameReading | null {
  const remarks = text.match(REMARK)?.map((remark) => remark.trim()) ?? [];
  const clean = text.replace(REMARK, ' ').replace(/\s+/g, ' ').trim();
  // A bracket left open, a digit or no letter at all ("-", "?"): not a name.
  if (!clean || BRACKET.test(clean) || /\d/.test(clean) || !LETTER.test(clean)) return null;
  if (TITLE.test(clean)) return null; // "Mr." alone names nobody
  const reading = readName(clean);
  if (!reading) return null;
  if (remarks.length > 0) reading.remarks = remarks;
  return reading;
}

function readName(text: string): FullNameReading | null {
  let clean = text;
  let title: string | undefined;
  const first = clean.split(' ', 1)[0] ?? '';
  // "Mr. John Smith", "Dr. Smith, Jane": a title before anything else.
  if (TITLE.test(first) && clean.length > first.length) {
    title = first;
    clean = clean.slice(first.length).trim();
  }
  const withTitle = (reading: FullNameReading | null): FullNameReading | null => {
    if (reading && title) reading.title = title;
    return reading;
  };
  const comma = clean.indexOf(',');
  if (comma >= 0) {
    const last = clean.slice(0, comma).trim();
    let rest = clean.slice(comma + 1).trim();
    // "Doe Jr., John" and "John Doe, Jr." read differently: a lone suffix after the comma belongs to the name before it.
    if (SUFFIX.test(rest)) return withTitle(readName(`${last} ${rest}`.replace(/,/g, '')));
    const given = rest.split(' ').filter(Boolean);
    // "Smith, Mr. John": the title after the comma.
    if (!title && given.length > 1 && TITLE.test(given[0] ?? '')) {
      title = given.shift();
      rest = given.join(' ');
    }
    if (!last || given.length === 0 || rest.includes(',')) return null;
    return withTitle({
      name: { first_name: given[0] ?? '', middle_name: given.slice(1).join(' '), last_name: last },
    });
  }
  const words = clean.split(' ');
  if (words.length > 2 && SUFFIX.test(words.at(-1) ?? '')) {
    const suffix = words.pop();
    words[words.length - 1] = `${words.at(-1)} ${suffix}`;
  }
  if (words.length === 1)
    return withTitle({ name: { first_name: '', middle_name: '', last_name: words[0] ?? '' } });
  // Lower-case particles just before the last word begin the last name (never the first word).
  let lastStart = words.length - 1;
  while (lastStart > 1 && PARTICLES.has(words[lastStart - 1]!)) lastStart -= 1;
  const reading: FullNameReading = {
    name: {
      first_name: words[0] ?? '',
      middle_name: words.slice(1, lastStart).join(' '),
      last_name: words.slice(lastStart).join(' '),
    },
  };
  if (lastStart < words.length - 1) reading.particles = words.slice(lastStart, -1).join(' ');
  return withTitle(reading);
}

const STATE_ZIP = /^([A-Za-z]{2})\.?\s+([A-Za-z0-9][A-Za-z0-9 -]{2,9})$/;
const STATE_ONLY = /^[A-Za-z]{2}$/;
const ZIP_ONLY = /^\d{5}(?:-\d{4})?$/;
/** A US zip with more after it in the same part ("CO 80202 USA"): the rest must be a country. */
const ZIP_THEN_MORE = /^((?:[A-Za-z]{2}\.?\s+)?\d{5}(?:-\d{4})?)\s+(\S.*)$/;

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
  // "CO 80202 USA" (no comma before the country): the country after the zip, not inside it
  // (explore 39 item 3). Anything else after a five-digit zip is not an address this can split.
  const zipThenMore = ZIP_THEN_MORE.exec(parts.at(-1) ?? '');
  if (zipThenMore && parts.length >= 3) {
    const code = countryCode(zipThenMore[2]!);
    if (!code || (country !== undefined && country !== code)) return null;
    country = code;
    parts[parts.length - 1] = zipThenMore[1]!;
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
