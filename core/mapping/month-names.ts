/**
 * Dates that name their month in English words: "05-Apr-2026", Excel's d-mmm-yy saved to CSV
 * ("6-Apr-26"), "April 5, 2026", "5 Apr 2026", Excel's long date ("Monday, April 6, 2026"). A month
 * name cannot be mistaken for a day, so these dates read one way only and are read in any date column,
 * with or without a `dateFormat` (as ISO dates are), and by the MMM/MMMM tokens of a format
 * (date-format.ts). Before, every such row was refused with advice to set a format that could not take
 * a month name (explore 57 item 6).
 *
 * Only English names are read: a month word in another language ("Mär", "avril", "mayo") is refused
 * with words that say so (`monthWord`), never guessed from a list of languages we would have to keep.
 */
import { calendarDate, MONTH_NAMES, type DateParse } from './calendar.ts';

const WEEKDAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];

/**
 * The month a word names (1-12), or null: the full name or its first three letters in any case, with or
 * without a full stop ("Apr.", "APRIL"), and "Sept", which UK and Indian sheets write.
 */
export function monthNumber(word: string): number | null {
  const name = word.replace(/\.$/, '').toLowerCase();
  if (name === 'sept') return 9;
  const index = MONTH_NAMES.findIndex(
    (month) => month.toLowerCase() === name || month.slice(0, 3).toLowerCase() === name,
  );
  return index < 0 ? null : index + 1;
}

/** The weekday a word names (0 = Sunday), full or three letters, or null. */
function weekdayNumber(word: string): number | null {
  const name = word.replace(/\.$/, '').toLowerCase();
  const index = WEEKDAYS.findIndex((day) => day === name || day.slice(0, 3) === name);
  return index < 0 ? null : index;
}

// A word of letters in any alphabet: an English month is read, any other word is named as not one.
const WORD = '(?<word>\\p{L}{3,}\\.?)';
const DAY = '(?<day>\\d{1,2})(?:st|nd|rd|th)?';
const YEAR = '(?<year>\\d{4}|\\d{2})';
/** "Monday, " before the date, as Excel's long date format writes it. */
const WEEKDAY = '(?:(?<weekday>\\p{L}{3,}\\.?),?\\s+)?';
const SHAPES = [
  // 5-Apr-2026, 5 April 2026, 5th Apr. 2026, 05/Apr/26
  new RegExp(`^${WEEKDAY}${DAY}[\\s/.-]*${WORD}[\\s/.,-]+${YEAR}$`, 'u'),
  // April 5, 2026 and Apr 5 2026
  new RegExp(`^${WEEKDAY}${WORD}\\s+${DAY},?\\s+${YEAR}$`, 'u'),
  // 2026-Apr-05
  new RegExp(`^(?<year>\\d{4})[\\s/.-]+${WORD}[\\s/.-]+(?<day>\\d{1,2})$`, 'u'),
];

/**
 * A date written with an English month name, as YYYY-MM-DD; a two-digit year by Excel's pivot
 * (date-format.ts, `twoDigitYear` set so a date of birth can take the century before). Not such a date
 * at all: reason 'format'; shaped like one but with a month word that is not English: 'format' with
 * `monthWord`; a weekday that does not fall on that date: 'nonexistent', saying which day it is.
 */
export function parseMonthNameDate(text: string): DateParse {
  const value = text.trim();
  const parts = SHAPES.map((shape) => shape.exec(value)?.groups).find((groups) => groups !== undefined);
  if (!parts) return { ok: false, reason: 'format' };
  const { word, day: dayText, year: yearText, weekday } = parts as Record<string, string | undefined>;
  if (word === undefined || dayText === undefined || yearText === undefined)
    return { ok: false, reason: 'format' };
  const month = monthNumber(word);
  if (month === null) return { ok: false, reason: 'format', monthWord: word.replace(/\.$/, '') };
  const twoDigitYear = yearText.length === 2;
  const year = twoDigitYear ? Number(yearText) + (Number(yearText) < 30 ? 2000 : 1900) : Number(yearText);
  const date = calendarDate(year, month, Number(dayText));
  if (!date.ok) return date;
  if (weekday !== undefined) {
    const named = weekdayNumber(weekday);
    // "Monday, …" whose first word is no weekday is not this shape; one that names another day than
    // the date's is a date someone typed wrong, and which half is wrong cannot be told.
    if (named === null) return { ok: false, reason: 'format' };
    const actual = new Date(`${date.iso}T00:00:00Z`).getUTCDay();
    if (named !== actual)
      return {
        ok: false,
        reason: 'nonexistent',
        why: `${MONTH_NAMES[month - 1]} ${Number(dayText)}, ${year} is a ${capital(WEEKDAYS[actual]!)}, not a ${capital(WEEKDAYS[named]!)}`,
      };
  }
  return twoDigitYear ? { ...date, twoDigitYear: true } : date;
}

function capital(word: string): string {
  return word[0]!.toUpperCase() + word.slice(1);
}

/**
 * The format a month-name date is written in ("05-Apr-2026" → "DD-MMM-YYYY", "April 5, 2026" →
 * "MMMM D, YYYY"), for `map` to propose; null for any other value. A weekday before the date gives
 * none: no token writes it (the date is read without a format all the same).
 */
export function monthNameFormat(text: string): string | null {
  const value = text.trim();
  if (!parseMonthNameDate(value).ok) return null;
  const match = /^(\d{1,2})([\s/.-]*)(\p{L}+)(\.?)([\s/.,-]+)(\d+)$/u.exec(value);
  if (match) {
    const [, day, before, word, dot, after, year] = match as unknown as string[];
    return `${day!.length === 2 ? 'DD' : 'D'}${before}${nameToken(word!)}${dot}${after}${year!.length === 2 ? 'YY' : 'YYYY'}`;
  }
  const first = /^(\p{L}+)(\.?)(\s+)(\d{1,2})(,?\s+)(\d+)$/u.exec(value);
  if (first) {
    const [, word, dot, space, day, after, year] = first as unknown as string[];
    return `${nameToken(word!)}${dot}${space}${day!.length === 2 ? 'DD' : 'D'}${after}${year!.length === 2 ? 'YY' : 'YYYY'}`;
  }
  return null;
}

/** MMM for a three-letter (or "Sept") name, MMMM for a full one; both tokens read either. */
function nameToken(word: string): string {
  return word.length <= 4 && word.toLowerCase() !== 'june' && word.toLowerCase() !== 'july' ? 'MMM' : 'MMMM';
}
