/**
 * Numbers written as text (budgets, NUMBER and CURRENCY fields, `parse: "number"`), read exactly or not
 * at all (issue 17: "2.000 €" read as 2 was a silent 1000× error). A column may say how its numbers are
 * written (`decimal`, `grouping` or `locale` in the mapping); without that, a text is read only when it
 * has one reading: "1,500.00", "1.500,00", "12,50", "1 500", "$12.50". A text such as "2.000" or
 * "¥1.000", where the one separator may be a decimal point or a thousands separator, is refused with
 * both readings, never guessed. Currency signs and ISO codes before or after the amount are accepted,
 * as are a minus sign before or after and accounting brackets "(200)".
 *
 * A number is sent as a JSON number, a double: about 15 significant digits. A text whose value the
 * double cannot hold ("12345678901234567.89" would go as 12345678901234568, "9007199254740993" as
 * …992) is refused as inexact, naming what would be sent, rather than rounded without a word. Sending
 * the text itself was the other choice: the reference's example sends "1500" for budget_money, but it
 * types the field as a decimal and says nothing of its precision, so a longer text would only move the
 * rounding to the server, where no one sees it.
 */

export interface NumberFormat {
  /** The decimal point. */
  decimal: '.' | ',';
  /** Characters that separate thousands ('' when the column has none). */
  grouping: string;
  /** Indian grouping (12,34,567): groups of two above the last three. */
  twoDigitGroups: boolean;
  /** How the mapping said it, for messages: 'decimal ","', 'locale de-DE'. */
  said: string;
}

export type NumberRead =
  | { ok: true; value: number }
  /** Not a number at all (letters, a stray sign, groups of the wrong size). */
  | { ok: false; reason: 'format' }
  /** One separator that may be a decimal point or a thousands separator, and no format to say which. */
  | {
      ok: false;
      reason: 'ambiguous';
      separator: '.' | ',';
      asDecimal: number;
      asGrouping: number;
    }
  /** A format was given and the text does not follow it; `why` in words. */
  | { ok: false; reason: 'mismatch'; why: string }
  /** More digits than a double holds: `sent` is the value a JSON number would carry instead. */
  | { ok: false; reason: 'inexact'; sent: number };

/** Spaces people and programs put between thousands: space, no-break space, narrow no-break space. */
const SPACE_GROUPING = ' \u00A0\u202F';
const SIGNS = '$€£¥₹₩₽₪₺₫฿₱₦¢';
const CURRENCY_CODES: ReadonlySet<string> = new Set(
  typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('currency') : ['USD', 'EUR', 'GBP'],
);
/** A sign ("$", "US$", "R$", "kr") or a 3-letter code ("EUR") at the start or the end, with spaces. */
const LEADING_CURRENCY = new RegExp(`^(?:[A-Z]{1,2}\\$|[${SIGNS}]|[A-Z]{3}(?=[\\s\\d(-]))\\s*`);
const TRAILING_CURRENCY = new RegExp(`\\s*(?:[${SIGNS}]|[A-Z]{3}|kr|zł|Kč|Ft|lei)$`);
const BODY = /^(?:\d[\d.,'\u00A0\u202F ]*\d|\d|[.,]\d+)$/;

/**
 * The format a column's mapping options give, or a sentence saying why they cannot be used; null when
 * the column gives none (then only unambiguous texts are read).
 */
export function numberFormatOf(options: {
  decimal?: '.' | ',' | undefined;
  grouping?: string | undefined;
  locale?: string | undefined;
}): NumberFormat | null | string {
  const { decimal, grouping, locale } = options;
  if (locale !== undefined) {
    if (decimal !== undefined || grouping !== undefined)
      return 'give a "locale" or "decimal"/"grouping", not both';
    return localeFormat(locale);
  }
  if (decimal === undefined && grouping === undefined) return null;
  const groupingChars =
    grouping === undefined
      ? // Only the decimal point given: the other mark, a space or an apostrophe separates thousands.
        `${decimal === ',' ? '.' : ','}${SPACE_GROUPING}'`
      : grouping === 'none'
        ? ''
        : grouping === ' '
          ? SPACE_GROUPING
          : grouping;
  const point = decimal ?? (grouping === ',' ? '.' : grouping === '.' ? ',' : '.');
  if (groupingChars.includes(point))
    return `"decimal" and "grouping" are both ${JSON.stringify(point)}; a number needs two different marks`;
  const said = [
    decimal !== undefined ? `decimal ${JSON.stringify(decimal)}` : '',
    grouping !== undefined ? `grouping ${JSON.stringify(grouping)}` : '',
  ]
    .filter(Boolean)
    .join(', ');
  return { decimal: point, grouping: groupingChars, twoDigitGroups: false, said };
}

function localeFormat(locale: string): NumberFormat | string {
  let parts: Intl.NumberFormatPart[];
  try {
    if (Intl.NumberFormat.supportedLocalesOf([locale]).length === 0)
      return `locale ${JSON.stringify(locale)} is not one this tool knows; use a tag such as "en-US" or "de-DE"`;
    parts = new Intl.NumberFormat(locale, { useGrouping: true }).formatToParts(1234567890.5);
  } catch {
    return `locale ${JSON.stringify(locale)} is not a locale tag; use one such as "en-US" or "de-DE"`;
  }
  const decimal = parts.find((part) => part.type === 'decimal')?.value;
  const group = parts.find((part) => part.type === 'group')?.value ?? '';
  if (decimal !== '.' && decimal !== ',')
    return `locale ${JSON.stringify(locale)} writes numbers with ${JSON.stringify(decimal)}; give "decimal" and "grouping" instead`;
  const integers = parts.filter((part) => part.type === 'integer').map((part) => part.value.length);
  return {
    decimal,
    grouping: SPACE_GROUPING.includes(group) ? SPACE_GROUPING : group,
    twoDigitGroups: integers.length > 2 && integers.at(-2) === 2,
    said: `locale ${locale}`,
  };
}

/**
 * Reads a number written as text. `currency`: signs and codes around it, a minus after it and
 * accounting brackets are allowed (`parse: "number"` or a number format: docs/mapping.md); without, only
 * a bare amount is read, with at most a minus before it. A clerk's "(5)" in an hours column is as often
 * a remark as a negative, and "300-" a range left unfinished: read so only where the column says it is
 * written like money.
 */
export function readNumber(text: string, format: NumberFormat | null, currency = true): NumberRead {
  // Most money cells are "$12,345.67", "1500" or "12.5": one test without captures, then Number, where
  // every reading agrees (cents after a point, or no mark at all). Everything else takes the grammar
  // below; test/mapping/number-text.test.ts checks both agree on random text.
  if ((format === null || (format.decimal === '.' && format.grouping.includes(','))) && COMMON.test(text)) {
    const dollar = text.charCodeAt(0) === 36;
    const value = !dollar || currency ? commonValue(text, dollar ? 1 : 0) : null;
    if (value !== null) return { ok: true, value };
  }
  return readGrammar(text, format, currency);
}

const COMMON = /^\$?(?:[1-9]\d{0,2}(?:,\d{3})+\.\d{1,2}|\d{1,15}(?:\.\d{1,2})?)$/;

/**
 * The value of a text COMMON matched, from `start` (past a "$"). Its digits, commas left out, make an
 * integer n with k ≤ 2 digits after the point: below 2^53 both n and 10^k are exact doubles, so n / 10^k
 * is the correctly rounded value of the text, the double Number() gives, without building the text
 * again without its commas and parsing it (4 % of the validation's profile, docs/benchmarks.md, issue 13).
 * Null past 15 digits, where the double may not hold the text: the grammar reads it and checks.
 */
function commonValue(text: string, start: number): number | null {
  let integer = 0;
  let decimals = -1;
  let digits = 0;
  for (let index = start; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (code === 46) decimals = 0;
    else if (code !== 44) {
      integer = integer * 10 + (code - 48);
      digits += 1;
      if (decimals >= 0) decimals += 1;
    }
  }
  if (digits > SAFE_DIGITS) return null;
  return decimals <= 0 ? integer : integer / (decimals === 1 ? 10 : 100);
}

/** Any decimal text of at most 15 significant digits comes back from a double unchanged (DBL_DIG). */
const SAFE_DIGITS = 15;

/**
 * Whether the double read from `digits`.`fraction` (no marks) is written, as JSON writes it, as the
 * same number: "0.1" is, "9007199254740993" is not (it is written …992).
 */
function holdsExactly(digits: string, fraction: string, value: number): boolean {
  if (digits.length + fraction.length <= SAFE_DIGITS) return true;
  return decimalKey(`${digits || '0'}.${fraction}`) === decimalKey(String(value));
}

/** A decimal text (maybe with an exponent, as String(1e21) has) as "<significant digits>e<power>". */
function decimalKey(text: string): string {
  const [mantissa = '', exponent = '0'] = text.toLowerCase().split('e');
  const [whole = '', fraction = ''] = mantissa.split('.');
  const digits = `${whole}${fraction}`.replace(/^0+/, '');
  if (digits === '') return '0';
  const significant = digits.replace(/0+$/, '');
  return `${significant}e${Number(exponent) - fraction.length + digits.length - significant.length}`;
}

/** The whole grammar of readNumber (exported so the fast path can be tested against it). */
export function readGrammar(text: string, format: NumberFormat | null, currency = true): NumberRead {
  let rest = text.trim();
  let negative = false;
  if (rest.startsWith('(') && rest.endsWith(')')) {
    if (!currency) return FORMAT;
    negative = true;
    rest = rest.slice(1, -1).trim();
  }
  const sign = (): void => {
    if (rest.startsWith('-') || rest.startsWith('\u2212')) {
      if (negative) throw FORMAT;
      negative = true;
      rest = rest.slice(1).trim();
    }
  };
  try {
    sign();
    if (currency) {
      const leading = LEADING_CURRENCY.exec(rest);
      if (leading && knownCurrency(leading[0])) {
        rest = rest.slice(leading[0].length);
        sign();
      }
      if (rest.endsWith('-') || rest.endsWith('\u2212')) {
        if (negative) throw FORMAT;
        negative = true;
        rest = rest.slice(0, -1).trim();
      }
      const trailing = TRAILING_CURRENCY.exec(rest);
      if (trailing && knownCurrency(trailing[0])) {
        rest = rest.slice(0, trailing.index);
      }
    }
    if (currency && (rest.endsWith('-') || rest.endsWith('\u2212'))) {
      if (negative) throw FORMAT;
      negative = true;
      rest = rest.slice(0, -1).trim();
    }
  } catch {
    return FORMAT;
  }
  if (!BODY.test(rest)) return FORMAT;
  const read = format ? readWithFormat(rest, format) : readAlone(rest);
  if (!read.ok && read.reason === 'inexact' && negative) return { ...read, sent: -read.sent };
  if (!read.ok) return read;
  if (!Number.isFinite(read.value)) return FORMAT;
  return { ok: true, value: negative && read.value !== 0 ? -read.value : read.value };
}

const FORMAT: NumberRead = { ok: false, reason: 'format' };

/** A 3-letter code must be a currency ("EUR"), so that "ABC 12" is not read as 12. */
function knownCurrency(found: string): boolean {
  const code = found.trim();
  return !/^[A-Z]{3}$/.test(code) || CURRENCY_CODES.has(code);
}

/** No format: the marks themselves must say what they are. */
function readAlone(body: string): NumberRead {
  const dots = count(body, '.');
  const commas = count(body, ',');
  if (dots > 0 && commas > 0) {
    // Both marks: the last one is the decimal point (once), the other separates thousands.
    const point = body.lastIndexOf('.') > body.lastIndexOf(',') ? '.' : ',';
    if (count(body, point) !== 1) return FORMAT;
    return number(body, point, `${point === '.' ? ',' : '.'}${SPACE_GROUPING}'`, false);
  }
  const mark = dots > 0 ? '.' : commas > 0 ? ',' : null;
  if (mark === null) return number(body, '.', `${SPACE_GROUPING}'`, false);
  if (count(body, mark) > 1) return number(body, null, `${mark}${SPACE_GROUPING}'`, false);
  const [before = '', after = ''] = body.split(mark);
  const whole = before.replace(/[\s'\u00A0\u202F]/g, '');
  // One mark with three digits after it reads both ways unless the part before it cannot be a
  // thousands group ("0.500", ".500", "1500.000", "1 500,000").
  const couldGroup = after.length === 3 && /^[1-9]\d{0,2}$/.test(whole) && whole === before;
  if (!couldGroup) return number(body, mark, `${SPACE_GROUPING}'`, false);
  return {
    ok: false,
    reason: 'ambiguous',
    separator: mark,
    asDecimal: Number(`${whole}.${after}`),
    asGrouping: Number(`${whole}${after}`),
  };
}

function readWithFormat(body: string, format: NumberFormat): NumberRead {
  for (const mark of ['.', ','] as const) {
    if (mark !== format.decimal && !format.grouping.includes(mark) && body.includes(mark))
      return {
        ok: false,
        reason: 'mismatch',
        why:
          format.grouping === ''
            ? `it has ${JSON.stringify(mark)}, but the column's decimal point is ${JSON.stringify(format.decimal)} and it has no thousands separator`
            : `it has ${JSON.stringify(mark)}, which is neither the column's decimal point (${JSON.stringify(format.decimal)}) nor its thousands separator`,
      };
  }
  if (count(body, format.decimal) > 1)
    return {
      ok: false,
      reason: 'mismatch',
      why: `it has the decimal point ${JSON.stringify(format.decimal)} more than once`,
    };
  const read = number(body, format.decimal, format.grouping, format.twoDigitGroups);
  // Read, but not exactly: that is what is wrong with it, not its marks.
  if (read.ok || read.reason === 'inexact') return read;
  const point = body.indexOf(format.decimal);
  const why =
    point >= 0 && [...format.grouping].some((mark) => body.indexOf(mark, point) > point)
      ? `its decimal point ${JSON.stringify(format.decimal)} comes before a thousands separator`
      : 'its thousands are not in groups of three';
  return { ok: false, reason: 'mismatch', why };
}

/** How the format writes 1234.56, for messages: "1.234,56". */
export function formatExample(format: NumberFormat): string {
  const group = format.grouping === '' ? '' : format.grouping[0] === '\u00A0' ? ' ' : format.grouping[0]!;
  return `1${group}234${format.decimal}56`;
}

/** The value of `body` given its decimal point (null: none) and the marks allowed between thousands. */
function number(body: string, point: string | null, grouping: string, twoDigitGroups: boolean): NumberRead {
  const at = point === null ? -1 : body.indexOf(point);
  const integer = at < 0 ? body : body.slice(0, at);
  const fraction = at < 0 ? '' : body.slice(at + 1);
  if (!/^\d*$/.test(fraction) || (at >= 0 && fraction === '')) return FORMAT;
  const groups = grouping === '' ? [integer] : integer.split(new RegExp(`[${escapeClass(grouping)}]`));
  if (groups.length > 1) {
    const [first = '', ...others] = groups;
    const last = others.pop() ?? '';
    const inner = twoDigitGroups ? 2 : 3;
    // Thousands groups: 1-3 digits (1-2 in Indian grouping), then whole groups.
    // A thousands group never starts with 0 ("0,009" is not 9).
    if (!/^[1-9]\d*$/.test(first) || first.length > (twoDigitGroups && others.length > 0 ? 2 : 3))
      return FORMAT;
    if (others.some((group) => group.length !== inner) || last.length !== 3) return FORMAT;
    // One kind of mark between the groups: "1.500 000" is not a number a person writes.
    const marks = new Set(integer.replace(/\d/g, ''));
    if (marks.size > 1 && !(marks.size === 2 && marks.has(' ') && marks.has('\u00A0'))) return FORMAT;
  } else if (!/^\d*$/.test(integer)) return FORMAT;
  const digits = groups.join('');
  if (digits === '' && fraction === '') return FORMAT;
  const value = Number(`${digits || '0'}.${fraction || '0'}`);
  // Past a double's range the grammar refuses the text as no number (readGrammar).
  return !Number.isFinite(value) || holdsExactly(digits, fraction, value)
    ? { ok: true, value }
    : { ok: false, reason: 'inexact', sent: value };
}

function count(text: string, mark: string): number {
  let found = 0;
  for (let index = text.indexOf(mark); index >= 0; index = text.indexOf(mark, index + 1)) found += 1;
  return found;
}

function escapeClass(chars: string): string {
  return chars.replace(/[\\\]^-]/g, '\\$&');
}

/** "1,500" or "2.000 €" read as a plain number when a format says how: for the suggestion's proof. */
export function formatProof(texts: Iterable<string>): { decimal: '.' | ','; proof: string } | null {
  let proof: { decimal: '.' | ','; proof: string } | null = null;
  for (const text of texts) {
    const body = text.trim();
    if (body === '') continue;
    const read = readNumber(body, null);
    if (!read.ok) continue;
    const dots = count(body, '.');
    const commas = count(body, ',');
    let decimal: '.' | ',' | null = null;
    if (dots === 1 && (commas === 0 || body.lastIndexOf('.') > body.lastIndexOf(','))) decimal = '.';
    else if (commas === 1 && (dots === 0 || body.lastIndexOf(',') > body.lastIndexOf('.'))) decimal = ',';
    else if (dots > 1) decimal = ',';
    else if (commas > 1) decimal = '.';
    if (decimal === null) continue;
    if (proof && proof.decimal !== decimal) return null;
    proof ??= { decimal, proof: body };
  }
  return proof;
}
