/**
 * The one rule for "this cell is the day the request holds, as a spreadsheet wrote it" (explore 57
 * item 5). Excel opens a round-trip CSV, recognises every ISO date and, when the file is saved again,
 * writes each in the computer's short form: 1966-06-17 is 6/17/1966 in the US, 17/06/1966 in the UK,
 * 17.06.1966 in Germany, 1966/6/17 in Sweden. Typing 1966-06-17 back is undone at the next save, so
 * such a cell must count as unedited, or every row with a date of birth is refused for good.
 *
 * Which of 6/7/1966's readings is meant is a matter of the order the saving computer writes dates in.
 * One program wrote the whole file, so one order: a value whose first part is above 12 proves day-first
 * for the whole file, one whose second part is, month-first (FileDayOrder, watched while the rows are
 * read). Where nothing proves it, a value that is the stored day in either reading is unchanged: it
 * cannot be an edit to any other day than its other reading, and that reading is said when it differs.
 *
 * Also here: the reverse, text the request holds that a spreadsheet took for a date ("1/2" in a
 * reference becomes 01/02/26), so that both directions of "the same day" are decided in one place.
 */
import { calendarDate } from './calendar.ts';

export type DayOrder = 'month-first' | 'day-first';

/**
 * The first value of a file that proves each order. Both set: the file's dates disagree (two programs
 * wrote it, or a clerk typed some), so neither order is taken. A plain object: it travels on row
 * outcomes, which may be copied.
 */
export interface FileDayOrder {
  monthFirst: string | null;
  dayFirst: string | null;
}

/** A date in a spreadsheet's short form, with an optional time (Excel: "6/30/2026 10:48"). */
const SHORT_DATE =
  /^(\d{1,2})([/.-])(\d{1,2})\2(\d{4}|\d{2})(?:\s+(\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(?:\s*([AaPp])\.?[Mm]\.?)?)?$/;
/** Year first with slashes or dots (Swedish, Chinese, Japanese short forms): one order only. With dashes it is ISO, as the export writes it. */
const YEAR_FIRST_DATE = /^(\d{4})([/.])(\d{1,2})\2(\d{1,2})(?:\s+(\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?$/;
const ISO_STORED = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?)?/;

/** Whether text is a date a spreadsheet writes in a short form (6/17/1966, 17.06.66, 1966/6/17). */
export function isShortDate(text: string): boolean {
  const value = text.trim();
  return SHORT_DATE.test(value) || YEAR_FIRST_DATE.test(value);
}

export function newFileDayOrder(): FileDayOrder {
  return { monthFirst: null, dayFirst: null };
}

/** Notes the order a short-form date proves by itself, if any (a part above 12). */
export function watchDayOrder(order: FileDayOrder, text: string): void {
  const own = ownOrder(text.trim());
  if (own === 'month-first') order.monthFirst ??= text.trim();
  else if (own === 'day-first') order.dayFirst ??= text.trim();
}

/** The order the file's dates prove; null when none does, or when they disagree. */
export function provenOrder(order: FileDayOrder | null | undefined): DayOrder | null {
  if (!order) return null;
  if (order.monthFirst !== null && order.dayFirst === null) return 'month-first';
  if (order.dayFirst !== null && order.monthFirst === null) return 'day-first';
  return null;
}

function ownOrder(text: string): DayOrder | null {
  const match = SHORT_DATE.exec(text);
  if (!match) return null;
  const first = Number(match[1]);
  const second = Number(match[3]);
  if (first > 12 && second <= 12) return 'day-first';
  if (second > 12 && first <= 12) return 'month-first';
  return null;
}

/** One day a short-form date can be: the order it is read in (null: year first, one order). */
export interface ShortDateReading {
  iso: string;
  order: DayOrder | null;
  /** Written with two digits: the year is compared by its last two digits (what a yy format shows). */
  twoDigitYear: boolean;
  /** hh:mm written after the date, on the 24-hour clock; null when none. */
  time: string | null;
}

/**
 * The days a short-form date can be: in the value's own order when it proves one, else in the file's
 * (`order`), else in both. A two-digit year takes Excel's pivot (00-29 → 2000s). Days that do not exist
 * are left out, so a list of none means no reading is a date.
 */
export function shortDateReadings(text: string, order: DayOrder | null): ShortDateReading[] {
  const value = text.trim();
  const yearFirst = YEAR_FIRST_DATE.exec(value);
  if (yearFirst) {
    const date = calendarDate(Number(yearFirst[1]), Number(yearFirst[3]), Number(yearFirst[4]));
    return date.ok
      ? [
          {
            iso: date.iso,
            order: null,
            twoDigitYear: false,
            time: clock(yearFirst[5], yearFirst[6], undefined),
          },
        ]
      : [];
  }
  const match = SHORT_DATE.exec(value);
  if (!match) return [];
  const twoDigitYear = match[4]!.length === 2;
  const year = twoDigitYear ? Number(match[4]) + (Number(match[4]) < 30 ? 2000 : 1900) : Number(match[4]);
  const time = clock(match[5], match[6], match[8]);
  const orders: DayOrder[] = [ownOrder(value) ?? order].flatMap((one) =>
    one ? [one] : (['month-first', 'day-first'] as const),
  );
  const readings: ShortDateReading[] = [];
  for (const one of orders) {
    const [month, day] = one === 'month-first' ? [match[1], match[3]] : [match[3], match[1]];
    const date = calendarDate(year, Number(month), Number(day));
    if (date.ok && !readings.some((reading) => reading.iso === date.iso))
      readings.push({ iso: date.iso, order: one, twoDigitYear, time });
  }
  return readings;
}

function clock(
  hours: string | undefined,
  minutes: string | undefined,
  half: string | undefined,
): string | null {
  if (hours === undefined || minutes === undefined) return null;
  let hour = Number(hours) % (half ? 12 : 24);
  if (half && /p/i.test(half)) hour += 12;
  return `${String(hour).padStart(2, '0')}:${minutes}`;
}

/**
 * How a short-form date compares with what the request holds (`stored`, an ISO date or date-time):
 * - `same`: it is the stored day (and time to the minute, when one is written) in a reading allowed by
 *   the order; `otherDay` is the other reading's day, when the order was not proven and it differs;
 *   `order` the reading taken; `centuryFromStored` set when the year is written with two digits whose
 *   century a spreadsheet's own rule (the pivot) would read otherwise (6/17/25 for 1925-06-17): the
 *   century is then the stored day's, not the cell's, and that is said;
 * - `edited`: it is not; `readings` are the days it can be (one when the order is known);
 * - null: `given` is no short-form date, or `stored` no ISO date: the rule does not apply.
 */
export type StoredDayVerdict =
  | { kind: 'same'; otherDay: string | null; order: DayOrder | null; centuryFromStored: boolean }
  | { kind: 'edited'; readings: ShortDateReading[] }
  | null;

export function compareStoredDay(stored: string, given: string, order: DayOrder | null): StoredDayVerdict {
  if (!isShortDate(given)) return null;
  const readings = shortDateReadings(given, order);
  const held = ISO_STORED.exec(stored.trim());
  if (stored.trim() !== '' && !held) return null;
  const same = held
    ? readings.find((reading) => {
        const year = reading.twoDigitYear
          ? reading.iso.slice(2, 4) === held[1]!.slice(2)
          : reading.iso.slice(0, 4) === held[1];
        if (!year || reading.iso.slice(5) !== `${held[2]}-${held[3]}`) return false;
        // A time written after the day: the stored time to the minute (Excel drops the seconds), or
        // midnight for a date held without one.
        if (reading.time === null) return true;
        return reading.time === (held[4] !== undefined ? `${held[4]}:${held[5]}` : '00:00');
      })
    : undefined;
  if (!same) return { kind: 'edited', readings };
  const other = readings.find((reading) => reading !== same);
  // The other reading in the century the match took (the stored day's), not the pivot's.
  const otherDay = other ? (same.twoDigitYear ? `${held![1]}${other.iso.slice(4)}` : other.iso) : null;
  return {
    kind: 'same',
    otherDay,
    order: same.order,
    centuryFromStored: same.twoDigitYear && same.iso.slice(0, 4) !== held![1],
  };
}

/**
 * An edited short-form date with a two-digit year, in the century nearest the day the request holds
 * (`stored`): the clerk saw that day with two digits and changed it, so 5/2/31 under a stored
 * 2031-05-01 is 2031-05-02, where the spreadsheet's pivot (00-29 → 2000s) would send 1931-05-02. With
 * no stored day, the pivot's. `guessed` when the century is not the pivot's or nothing stored backs it:
 * the row says which century was taken.
 */
export function editedCentury(
  reading: ShortDateReading,
  stored: string,
): { iso: string; guessed: boolean; pivot: string } {
  if (!reading.twoDigitYear) return { iso: reading.iso, guessed: false, pivot: reading.iso };
  const held = ISO_STORED.exec(stored.trim());
  if (!held) return { iso: reading.iso, guessed: true, pivot: reading.iso };
  const two = Number(reading.iso.slice(2, 4));
  const storedYear = Number(held[1]);
  const nearest = [-1, 0, 1]
    .map((step) => (Math.floor(storedYear / 100) + step) * 100 + two)
    .reduce((best, year) => (Math.abs(year - storedYear) < Math.abs(best - storedYear) ? year : best));
  const iso = `${String(nearest).padStart(4, '0')}${reading.iso.slice(4)}`;
  // 29 February of a century year that is no leap year (2100): keep the pivot's, said.
  const real = calendarDate(nearest, Number(iso.slice(5, 7)), Number(iso.slice(8, 10))).ok;
  if (!real) return { iso: reading.iso, guessed: true, pivot: reading.iso };
  return { iso, guessed: iso !== reading.iso, pivot: reading.iso };
}

/**
 * Day and month of text such as 1/2 or 3-4 that the request holds, and a date a spreadsheet wrote for it
 * (01/02/26, 2026-01-02): in any order, since the spreadsheet read the text by its own.
 */
export function samePartialDay(stored: string, given: string): boolean {
  const partial = /^(\d{1,2})[/.-](\d{1,2})(?:[/.-](\d{2}|\d{4}))?$/.exec(stored);
  const full = /^(\d{1,4})[/.-](\d{1,2})[/.-](\d{1,4})$/.exec(given);
  if (!partial || !full) return false;
  const want = [Number(partial[1]), Number(partial[2])];
  const got = [Number(full[1]), Number(full[2]), Number(full[3])];
  const pairs = [
    [got[0], got[1]],
    [got[1], got[2]],
    [got[1], got[0]],
    [got[2], got[1]],
  ];
  return pairs.some(([a, b]) => a === want[0] && b === want[1]);
}

/**
 * The stored day as the file's short form writes it, copying `like`'s separator, zeros and year width
 * ("1966-06-17" like "6/18/1966", month-first: "6/17/1966"); both orders, joined by "or", when the order
 * is not known. For a clerk who must make a cell that day again in the spreadsheet.
 */
export function storedDayAsWritten(stored: string, like: string, order: DayOrder | null): string {
  const held = ISO_STORED.exec(stored.trim());
  const match = SHORT_DATE.exec(like.trim());
  if (!held || !match) return stored;
  const pad = (part: string, wide: boolean) => (wide ? part : String(Number(part)));
  // Zeros written before a one-digit part (06/17/1966) show the file pads; 12/18/1966 cannot tell.
  const wide = match[1]!.startsWith('0') || match[3]!.startsWith('0');
  const year = match[4]!.length === 2 ? held[1]!.slice(2) : held[1]!;
  const write = (one: DayOrder) => {
    const [first, second] = one === 'month-first' ? [held[2]!, held[3]!] : [held[3]!, held[2]!];
    return [pad(first, wide), pad(second, wide), year].join(match[2]!);
  };
  if (order) return write(order);
  const both = [write('month-first'), write('day-first')];
  return both[0] === both[1] ? both[0]! : both.join(' or ');
}
