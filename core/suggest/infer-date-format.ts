/**
 * A column's date format, inferred from all its text values (typed date cells need none). A first part
 * above 12 proves day-first, a second part above 12 proves month-first; when every value could be
 * either, the format is left unset and the caller warns: guessing would silently swap days and months.
 */
export type DateInference =
  | { kind: 'none' } // no text dates in the column
  | { kind: 'format'; format: string; proof: string | null }
  | { kind: 'ambiguous'; example: string }
  | { kind: 'conflict'; dayFirst: string; monthFirst: string };

const DMY = /^(\d{1,2})([./-])(\d{1,2})\2(\d{2}|\d{4})$/;
const YMD = /^(\d{4})([./-])(\d{1,2})\2(\d{1,2})$/;

export function inferDateFormat(texts: Iterable<string>): DateInference {
  let dayFirst: string | null = null;
  let monthFirst: string | null = null;
  let example: string | null = null;
  let separator = '/';
  let padded = true;
  let twoDigitYear = false;
  let fourDigitYear = false;
  let yearFirst = false;
  for (const raw of texts) {
    const text = raw.trim();
    const ymd = YMD.exec(text);
    if (ymd) {
      yearFirst = true;
      separator = ymd[2]!;
      if (ymd[3]!.length === 1 || ymd[4]!.length === 1) padded = false;
      continue;
    }
    const match = DMY.exec(text);
    if (!match) continue;
    example ??= text;
    separator = match[2]!;
    const first = Number(match[1]);
    const second = Number(match[3]);
    if (match[1]!.length === 1 || match[3]!.length === 1) padded = false;
    if (match[4]!.length === 2) twoDigitYear = true;
    else fourDigitYear = true;
    if (first > 12 && second <= 12) dayFirst ??= text;
    if (second > 12 && first <= 12) monthFirst ??= text;
  }
  if (example === null) {
    if (!yearFirst) return { kind: 'none' };
    const part = padded ? 'MM' : 'M';
    const day = padded ? 'DD' : 'D';
    return { kind: 'format', format: ['YYYY', part, day].join(separator), proof: null };
  }
  if (dayFirst && monthFirst) return { kind: 'conflict', dayFirst, monthFirst };
  if (!dayFirst && !monthFirst) return { kind: 'ambiguous', example };
  // A column mixing 26 and 2026 cannot have one format; the four-digit form is the likelier intent.
  const year = twoDigitYear && !fourDigitYear ? 'YY' : 'YYYY';
  const month = padded ? 'MM' : 'M';
  const day = padded ? 'DD' : 'D';
  const parts = dayFirst ? [day, month, year] : [month, day, year];
  return { kind: 'format', format: parts.join(separator), proof: dayFirst ?? monthFirst };
}
