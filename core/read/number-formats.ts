/**
 * What a cell's number format makes of its number, as far as a referral import cares: a date, a time
 * of day, an elapsed duration, text shaped from the digits (zip codes `00000`, social security numbers
 * `000-00-0000`, Excel's phone format), or the plain number. Format codes: ECMA-376 Part 1 §18.8.31.
 */

import type { DateShown } from './types.ts';

export type FormatKind = 'date' | 'time' | 'elapsed' | 'plain';

export interface CellFormat {
  kind: FormatKind;
  /** The format code, as the workbook stores it (built-in formats by their ECMA-376 code). */
  code: string;
  /**
   * For 'date': how it shows a date, where that says which number is the day (DateShown); absent for
   * month-first formats and Excel's locale-dependent built-in ones (localeDate).
   */
  shown?: DateShown;
  /** For 'plain': the text the format shows for a number, when it shapes digits; else absent. */
  render?: (value: number) => string | null;
}

/**
 * Built-in formats by id (ECMA-376 §18.8.30). 27–36 and 50–58 are East Asian dates whose codes depend
 * on the locale; 32 and 33 are times of day in every one of them, the others dates or date-like.
 */
const BUILT_IN_CODES: Record<number, string> = {
  0: 'General',
  1: '0',
  2: '0.00',
  3: '#,##0',
  4: '#,##0.00',
  9: '0%',
  10: '0.00%',
  11: '0.00E+00',
  12: '# ?/?',
  13: '# ??/??',
  14: 'mm-dd-yy',
  15: 'd-mmm-yy',
  16: 'd-mmm',
  17: 'mmm-yy',
  18: 'h:mm AM/PM',
  19: 'h:mm:ss AM/PM',
  20: 'h:mm',
  21: 'h:mm:ss',
  22: 'm/d/yy h:mm',
  32: 'h"時"mm"分"',
  33: 'h"時"mm"分"ss"秒"',
  37: '#,##0 ;(#,##0)',
  38: '#,##0 ;[Red](#,##0)',
  39: '#,##0.00;(#,##0.00)',
  40: '#,##0.00;[Red](#,##0.00)',
  45: 'mm:ss',
  46: '[h]:mm:ss',
  47: 'mmss.0',
  48: '##0.0E+0',
  49: '@',
};
const EAST_ASIAN_DATE_IDS = new Set([27, 28, 29, 30, 31, 34, 35, 36, 50, 51, 52, 53, 54, 55, 56, 57, 58]);

/**
 * Built-in formats whose look follows the computer's settings, not their code: Excel shows 14 as the
 * system's short date (3/11/2026 in the US, 11/03/2026 in the UK) and 22 as it with a time. The East
 * Asian ones (27–36, 50–58) are stand-ins here too. Their cells' order cannot be read from the file.
 */
function localeDate(id: number): boolean {
  return id === 14 || id === 22 || EAST_ASIAN_DATE_IDS.has(id);
}

/** The code of built-in format `id`; East Asian dates get a stand-in date code. */
export function builtInFormatCode(id: number): string {
  return BUILT_IN_CODES[id] ?? (EAST_ASIAN_DATE_IDS.has(id) ? 'yyyy-mm-dd' : 'General');
}

/** Splits a format into its `;` sections, leaving quoted text and escaped characters alone. */
function sections(code: string): string[] {
  const found: string[] = [];
  let current = '';
  for (let index = 0; index < code.length; index++) {
    const character = code[index] as string;
    if (character === '"') {
      const end = code.indexOf('"', index + 1);
      const stop = end < 0 ? code.length : end + 1;
      current += code.slice(index, stop);
      index = stop - 1;
    } else if (character === '\\' || character === '_' || character === '*') {
      current += code.slice(index, index + 2);
      index++;
    } else if (character === ';') {
      found.push(current);
      current = '';
    } else current += character;
  }
  found.push(current);
  return found;
}

/** The letters of a section that mean something: quoted text, escapes, fills and brackets removed. */
function bareLetters(section: string): string {
  return section
    .replace(/"[^"]*"?/g, '')
    .replace(/\\./g, '')
    .replace(/[_*]./g, '')
    .replace(/\[[^\]]*]/g, '');
}

/** Date, time of day, elapsed duration or something else, from the first section of a format. */
export function formatKind(code: string): FormatKind {
  const first = sections(code)[0] ?? '';
  if (/\[(h+|m+|s+)]/i.test(first)) return 'elapsed';
  const bare = bareLetters(first);
  if (/^\s*general\s*$/i.test(bare)) return 'plain';
  // "E" in 0.00E+00 is an exponent, not an era year; "y" and "d" only ever mean dates.
  if (/[yd]/i.test(bare)) return 'date';
  if (/[hs]/i.test(bare) || /am\/pm|a\/p/i.test(bare)) return 'time';
  if (/m/i.test(bare)) return 'date'; // "mmm", "mm-yy" without days: months are dates
  return 'plain';
}

type Condition = (value: number) => boolean;

/** `[<=9999999]` and the like, the conditions Excel's phone format uses. */
function conditionOf(section: string): Condition | null | undefined {
  const match = /\[(<=|>=|<>|<|>|=)\s*(-?\d+(?:\.\d+)?)]/.exec(section);
  if (!match) return undefined;
  const limit = Number(match[2]);
  switch (match[1]) {
    case '<=':
      return (value) => value <= limit;
    case '>=':
      return (value) => value >= limit;
    case '<':
      return (value) => value < limit;
    case '>':
      return (value) => value > limit;
    case '=':
      return (value) => value === limit;
    case '<>':
      return (value) => value !== limit;
  }
  return null;
}

type Token = { digit: '0' | '#' | '?' } | { literal: string };

/**
 * Characters Excel shows as themselves without quotes (ECMA-376 §18.8.31), but "/", which between
 * digit placeholders makes a fraction (# ?/?).
 */
const PLAIN_LITERALS = new Set(['$', '-', '+', '(', ')', ':', ' ', '^', "'", '{', '}', '<', '>', '=', '~']);

/**
 * A section made only of whole-number digit placeholders and literal text, as tokens; null for any
 * other section (decimals, grouping, percent, exponent, fractions, fills, text `@`), which is left to
 * the plain number.
 */
function digitTokens(section: string): Token[] | null {
  const tokens: Token[] = [];
  let digits = 0;
  for (let index = 0; index < section.length; index++) {
    const character = section[index] as string;
    if (character === '0' || character === '#' || character === '?') {
      tokens.push({ digit: character });
      digits++;
    } else if (character === '"') {
      const end = section.indexOf('"', index + 1);
      if (end < 0) return null;
      tokens.push({ literal: section.slice(index + 1, end) });
      index = end;
    } else if (character === '\\') {
      tokens.push({ literal: section[index + 1] ?? '' });
      index++;
    } else if (character === '[') {
      const end = section.indexOf(']', index);
      if (end < 0) return null;
      const inside = section.slice(index + 1, end);
      // Colours, locales ([$-409]) and conditions change nothing in the digits; currency ([$€-407]) would.
      if (!/^([a-z]+\d*|\$-[0-9a-f]+|(<=|>=|<>|<|>|=)\s*-?[\d.]+)$/i.test(inside)) return null;
      index = end;
    } else if (PLAIN_LITERALS.has(character)) {
      tokens.push({ literal: character });
    } else return null;
  }
  return digits > 0 ? tokens : null;
}

/** Digits laid into the placeholders from the right; extra digits go before the first placeholder. */
function layDigits(tokens: Token[], whole: number): string {
  const digits = whole === 0 ? '' : String(whole);
  const placeholders = tokens.filter((token) => 'digit' in token).length;
  let left = digits.length;
  let seen = 0;
  const out: string[] = new Array(tokens.length);
  for (let index = tokens.length - 1; index >= 0; index--) {
    const token = tokens[index] as Token;
    if ('literal' in token) {
      out[index] = token.literal;
      continue;
    }
    seen++;
    if (seen === placeholders) {
      out[index] =
        left > 0 ? digits.slice(0, left) : token.digit === '0' ? '0' : token.digit === '?' ? ' ' : '';
      left = 0;
    } else if (left > 0) {
      out[index] = digits[left - 1] as string;
      left--;
    } else out[index] = token.digit === '0' ? '0' : token.digit === '?' ? ' ' : '';
  }
  return out.join('');
}

/**
 * The text a digit-shaping format shows for a number, or null when the format is not one (or the
 * number is beyond what it shapes exactly): `00000` shows 3101 as 03101, `000-00-0000` shows
 * 12345678 as 012-34-5678, `[<=9999999]###-####;(###) ###-####` shows 5551234567 as (555) 123-4567.
 * Numbers are rounded to whole ones half away from zero, as Excel does for a format without decimals.
 */
export function digitRenderer(code: string): ((value: number) => string | null) | undefined {
  const parts = sections(code);
  if (parts.length > 4) return undefined;
  const compiled = parts.slice(0, 3).map((section) => ({
    tokens: digitTokens(section),
    condition: conditionOf(section),
  }));
  if (compiled.some((part) => part.condition === null)) return undefined;
  if (!compiled[0]?.tokens) return undefined;
  const conditional = compiled.some((part) => part.condition !== undefined);
  return (value) => {
    if (!Number.isFinite(value) || Math.abs(value) >= 1e15) return null;
    let part = compiled[0]!;
    let sign = '';
    if (conditional) {
      // Excel's conditional sections: the first whose condition holds, else the next without one.
      if (value < 0) return null;
      const chosen =
        compiled.find((candidate) => candidate.condition?.(value) === true) ??
        compiled.find((candidate, index) => index > 0 && candidate.condition === undefined);
      if (!chosen) return null;
      part = chosen;
    } else if (value < 0) {
      if (compiled[1]) part = compiled[1];
      else sign = '-';
    } else if (value === 0 && compiled[2]) part = compiled[2];
    if (!part.tokens) return null;
    return sign + layDigits(part.tokens, Math.round(Math.abs(value)));
  };
}

/**
 * How a date format shows a date, where it says which number is the day (DateShown), from the order of
 * its tokens: `d`/`dd` a day, `m`/`mm` a month (minutes after `h` or before `s`), `mmm`… a month's
 * name, `y` a year; `ddd`/`dddd` (a weekday's name) say nothing of it. Null for month-first formats and
 * for those showing no day number and no month name (`mm/yyyy`).
 */
export function dateShownOf(code: string): DateShown | null {
  const bare = bareLetters(sections(code)[0] ?? '').toLowerCase();
  const tokens = bare.match(/([a-z])\1*/g) ?? [];
  let day = -1;
  let month = -1;
  let year = -1;
  tokens.forEach((token, at) => {
    const letter = token[0];
    if (letter === 'd' && token.length <= 2 && day < 0) day = at;
    else if (letter === 'y' && year < 0) year = at;
    else if (letter === 'm' && token.length >= 3) month = month < 0 ? -2 : month;
    else if (letter === 'm' && month < 0) {
      const minutes = tokens[at - 1]?.[0] === 'h' || tokens[at + 1]?.[0] === 's';
      if (!minutes) month = at;
    }
  });
  // -2: a month by name ("3-Nov-26"), which cannot be taken for a day.
  if (month === -2) return 'month-named';
  if (day < 0 || month < 0) return null;
  if (day < month) return 'day-first';
  return year >= 0 && year < month ? 'year-first' : null;
}

/**
 * The format of the cells whose style names format `id` with `code` (`custom`: the workbook's own
 * numFmt, whose code is what the cell shows). Built-in date formats that follow the computer's settings
 * leave `shown` out.
 */
export function cellFormatOf(id: number, code: string, custom: boolean): CellFormat {
  const format = cellFormat(code);
  if (format.kind !== 'date' || (!custom && localeDate(id))) return format;
  const shown = dateShownOf(code);
  return shown ? { ...format, shown } : format;
}

/** A cell format from its code: its kind and, for digit-shaping codes, its renderer. */
export function cellFormat(code: string): CellFormat {
  const kind = formatKind(code);
  if (kind !== 'plain') return { kind, code };
  const render = digitRenderer(code);
  return render ? { kind, code, render } : { kind, code };
}
