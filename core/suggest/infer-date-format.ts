import { monthNameFormat } from '../mapping/month-names.ts';

/**
 * A column's date format, inferred from all its text values (typed date cells need none). A first part
 * above 12 proves day-first, a second part above 12 proves month-first; when every value could be
 * either, the format is left unset and the caller warns: guessing would silently swap days and months.
 *
 * ISO dates (YYYY-MM-DD) are read in any column whatever its format (date-format.ts), so they prove
 * nothing about the order or separator of the column's other dates and are left out of the inference
 * (explore 20 item 2: one ISO value last turned a column of 11/15/2026 into "MM-DD-YYYY", which then
 * refused every slash date). Only a column of year-first dates alone is given a year-first format.
 * Dates with an English month name ("05-Apr-2026") prove nothing about a numeric order either; a column
 * of them alone is given the format most of them are written in.
 */
export type DateInference =
  | { kind: 'none' } // no text dates in the column
  /**
   * `guess`: set when the values do not all fit the format (mixed separators or year widths): words for a
   * person. `monthNames`: the values name their month in English (month-names.ts): read in any such
   * form whatever the format, so a value written otherwise is no misfit; `twoDigitYear`: one of them
   * has a two-digit year (the century is the pivot's).
   */
  | {
      kind: 'format';
      format: string;
      proof: string | null;
      guess?: string;
      monthNames?: true;
      twoDigitYear?: string;
    }
  /** `year`: how the values write the year, so the advice names a format that reads them (explore 39 item 7). */
  | { kind: 'ambiguous'; example: string; year: 'YY' | 'YYYY' }
  | { kind: 'conflict'; dayFirst: string; monthFirst: string };

/**
 * How a YY format gives a two-digit year its century (date-format.ts, Excel's pivot), said wherever a
 * two-digit-year format is proposed or advised: "85" could be 1985 or 2085, and the clerk should know
 * which the tool takes.
 */
export const TWO_DIGIT_YEAR_RULE =
  'two-digit years are read as Excel reads them: 00-29 as 2000-2029, 30-99 as 1930-1999 (a date of birth that would then fall after the request was received takes the century before, said)';

const DMY = /^(\d{1,2})([./-])(\d{1,2})\2(\d{2}|\d{4})$/;
const YMD = /^(\d{4})([./-])(\d{1,2})\2(\d{1,2})$/;

export function inferDateFormat(texts: Iterable<string>): DateInference {
  let dayFirst: string | null = null;
  let monthFirst: string | null = null;
  let example: string | null = null;
  /** The first value written with each separator, in the order met: the most used one wins. */
  const separators = new Map<string, { count: number; example: string }>();
  let padded = true;
  let twoDigitYear: string | null = null;
  let fourDigitYear: string | null = null;
  let yearFirstSeparator: string | null = null;
  let yearFirstPadded = true;
  /** Month-name dates by their format ("DD-MMM-YYYY"), the first of each. */
  const named = new Map<string, { count: number; example: string }>();
  let namedTwoDigit: string | null = null;
  for (const raw of texts) {
    const text = raw.trim();
    const nameFormat = monthNameFormat(text);
    if (nameFormat !== null) {
      const seen = named.get(nameFormat);
      if (seen) seen.count += 1;
      else named.set(nameFormat, { count: 1, example: text });
      if (!nameFormat.includes('YYYY')) namedTwoDigit ??= text;
      continue;
    }
    const ymd = YMD.exec(text);
    if (ymd) {
      yearFirstSeparator ??= ymd[2]!;
      if (ymd[3]!.length === 1 || ymd[4]!.length === 1) yearFirstPadded = false;
      continue;
    }
    const match = DMY.exec(text);
    if (!match) continue;
    example ??= text;
    const seen = separators.get(match[2]!);
    if (seen) seen.count += 1;
    else separators.set(match[2]!, { count: 1, example: text });
    const first = Number(match[1]);
    const second = Number(match[3]);
    if (match[1]!.length === 1 || match[3]!.length === 1) padded = false;
    if (match[4]!.length === 2) twoDigitYear ??= text;
    else fourDigitYear ??= text;
    if (first > 12 && second <= 12) dayFirst ??= text;
    if (second > 12 && first <= 12) monthFirst ??= text;
  }
  if (example === null && yearFirstSeparator === null && named.size > 0) {
    const [format, first] = [...named.entries()].sort((a, b) => b[1].count - a[1].count)[0]!;
    return {
      kind: 'format',
      format,
      proof: first.example,
      monthNames: true,
      ...(namedTwoDigit ? { twoDigitYear: namedTwoDigit } : {}),
    };
  }
  if (example === null) {
    if (yearFirstSeparator === null) return { kind: 'none' };
    const part = yearFirstPadded ? 'MM' : 'M';
    const day = yearFirstPadded ? 'DD' : 'D';
    return { kind: 'format', format: ['YYYY', part, day].join(yearFirstSeparator), proof: null };
  }
  if (dayFirst && monthFirst) return { kind: 'conflict', dayFirst, monthFirst };
  // A column mixing 26 and 2026 cannot have one format; the four-digit form is the likelier intent.
  const year = twoDigitYear && !fourDigitYear ? 'YY' : 'YYYY';
  if (!dayFirst && !monthFirst) return { kind: 'ambiguous', example, year };
  const ranked = [...separators.entries()].sort((a, b) => b[1].count - a[1].count);
  const separator = ranked[0]![0];
  const month = padded ? 'MM' : 'M';
  const day = padded ? 'DD' : 'D';
  const parts = dayFirst ? [day, month, year] : [month, day, year];
  const format = parts.join(separator);
  const misfits: string[] = ranked
    .slice(1)
    .map(([other, seen]) => `"${seen.example}" is written with "${other}"`);
  if (twoDigitYear && fourDigitYear) misfits.push(`"${twoDigitYear}" has a two-digit year`);
  const inference: DateInference = { kind: 'format', format, proof: dayFirst ?? monthFirst };
  if (misfits.length) inference.guess = `${misfits.join(' and ')}: such values do not fit ${format}`;
  return inference;
}
