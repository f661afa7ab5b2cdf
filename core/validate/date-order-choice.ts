/**
 * A column's day/month order, chosen once by a person. A text date such as "4/12/1980" in a column with
 * no date format (or one of another shape) is refused: nothing in it says whether April 12 or 4 December
 * is meant, and guessing would swap days and months silently. When every date of the column reads both
 * ways, no row can prove the order either (date-order.ts needs a value that reads one way only), so each
 * row is refused on its own, and a clerk fixing them one by one types the same decision thirty times
 * (explore 58 item 5). The order is the column's: a person chooses it once ("These dates are month
 * first / day first"), it sets the column's `dateFormat`, and every row is checked again.
 *
 * This file says, from the rows' own problems, which columns need that choice and which rows each
 * order would settle: a refused date settled by an order is one its format reads as a day that exists
 * ("2/30/1980" is settled by neither; "13/4/1980" only by day first).
 */
import { compileDateFormat, dateInWords } from '../mapping/date-format.ts';
import type { Problem } from '../problems/problem.ts';
import type { DateOrder, DateOrderChoice } from './date-summary-types.ts';
import type { RowOutcome } from './types.ts';

/** What a refused date's value says about its column's order. */
export interface DateOrderReading {
  /** Both orders read it (as a day that exists): the value alone cannot decide. */
  bothWays: boolean;
  /** Read both ways as two different days ("4/12/1980", not "1/1/1980"): the example a person is shown. */
  differs: boolean;
  /** The formats that read it, month first before day first, with its separator and year width. */
  formats: { order: DateOrder; format: string }[];
}

/** Day and month of one or two digits, one separator twice, a year of two or four; a time may follow. */
const NUMERIC_DATE = /^\s*(\d{1,2})([./-])(\d{1,2})\2(\d{2}|\d{4})(?:[ T]\S.*)?$/;

/**
 * The orders that read a date refused for want of one (`invalid_date`), or null when no order would
 * read it (not a numeric day-and-month date, or a day that exists in neither order).
 */
export function dateOrderReading(problem: Pick<Problem, 'code' | 'value'>): DateOrderReading | null {
  if (problem.code !== 'invalid_date' || problem.value === null) return null;
  const match = NUMERIC_DATE.exec(problem.value);
  if (!match) return null;
  const separator = match[2]!;
  const year = match[4]!.length === 4 ? 'YYYY' : 'YY';
  const formats = (['month', 'day'] as const)
    .map((order) => ({
      order,
      format: order === 'month' ? `M${separator}D${separator}${year}` : `D${separator}M${separator}${year}`,
    }))
    .filter(({ format }) => readsAs(format, problem.value!));
  if (formats.length === 0) return null;
  const bothWays = formats.length === 2;
  return { bothWays, differs: bothWays && match[1] !== match[3], formats };
}

const compiled = new Map<string, ReturnType<typeof compileDateFormat>>();

function readsAs(format: string, value: string): boolean {
  return dayInWords(format, value) !== null;
}

/** The day `format` reads `value` as, in words ("April 12, 1980"); null when it reads none. */
export function dayInWords(format: string, value: string): string | null {
  let parser = compiled.get(format);
  if (parser === undefined) {
    parser = compileDateFormat(format);
    compiled.set(format, parser);
  }
  if (typeof parser === 'string') return null;
  // The date before a time is what the column's format reads (scalar-values.ts does the same).
  const read = parser.parse(value.trim().split(/[ T]/)[0]!);
  return read.ok ? dateInWords(read.iso) : null;
}

/** How many row numbers a choice lists (the count says how many in all). */
const FIRST_ROWS = 10;

/**
 * The columns of these outcomes (in sheet order) that need their day/month order chosen: those with at
 * least one refused date that reads both ways. A row counts once per column (its value is one cell).
 */
export function dateOrderChoices(outcomes: Iterable<RowOutcome>): DateOrderChoice[] {
  const tally = new DateOrderChoiceTally();
  for (const outcome of outcomes) tally.add(outcome);
  return tally.choices();
}

/**
 * dateOrderChoices one row at a time, for a dry run that streams its rows to a report (the CLI's
 * validate): only the columns' tallies are held, never the rows.
 */
export class DateOrderChoiceTally {
  readonly #columns = new Map<
    string,
    { example: string; exampleRow: number; differs: boolean; bothWays: number; formats: Map<string, Tally> }
  >();

  add(outcome: RowOutcome): void {
    if (outcome.status !== 'invalid') return;
    for (const problem of outcome.problems) {
      if (problem.column === null) continue;
      const reading = dateOrderReading(problem);
      if (!reading) continue;
      let column = this.#columns.get(problem.column);
      if (!column) {
        column = { example: '', exampleRow: 0, differs: false, bothWays: 0, formats: new Map() };
        this.#columns.set(problem.column, column);
      }
      if (reading.bothWays) {
        if (column.bothWays === 0 || (reading.differs && !column.differs)) {
          column.example = problem.value!.trim();
          column.exampleRow = outcome.row;
          column.differs = reading.differs;
        }
        column.bothWays += 1;
      }
      for (const { order, format } of reading.formats) {
        const tally = column.formats.get(format) ?? { order, rows: 0, firstRows: [] };
        tally.rows += 1;
        if (tally.firstRows.length < FIRST_ROWS) tally.firstRows.push(outcome.row);
        column.formats.set(format, tally);
      }
    }
  }

  choices(): DateOrderChoice[] {
    const choices: DateOrderChoice[] = [];
    for (const [column, found] of this.#columns) {
      if (found.bothWays === 0) continue;
      choices.push({
        column,
        example: found.example,
        exampleRow: found.exampleRow,
        bothWays: found.bothWays,
        orders: chosenFormats(found.formats).map((chosen) => ({
          ...chosen,
          example: dayInWords(chosen.format, found.example) ?? found.example,
        })),
      });
    }
    // The column with the most such rows first (the one the clerk meets most in the grid).
    return choices.sort(
      (a, b) => b.bothWays - a.bothWays || a.exampleRow - b.exampleRow || (a.column < b.column ? -1 : 1),
    );
  }
}

/**
 * The app's one-click date order as one line for the CLI's summary and the report's (explore 61's left
 * item: only the app offered it, so a clerk at the terminal fixed thirty rows one by one): the column,
 * its example read each way, and the `dateFormat` each order adds to the mapping, with the rows it
 * settles. Which order is meant is the clerk's to say: the line names both, and guesses neither.
 */
export function dateOrderChoiceWords(choice: DateOrderChoice): string {
  const rows = (n: number) => `${n} row${n === 1 ? '' : 's'}`;
  const ways = choice.orders
    .map(
      ({ order, format, rows: settled, example }) =>
        `"dateFormat": "${format}" if ${order === 'month' ? 'the month' : 'the day'} comes first (${example}; settles ${rows(settled)})`,
    )
    .join(', or ');
  return (
    `${choice.column}: ${rows(choice.bothWays)} refused because ${choice.bothWays === 1 ? 'its date reads' : 'their dates read'} both ways ` +
    `(row ${choice.exampleRow}: ${JSON.stringify(choice.example)}); settle the column once: in the mapping, give the column ${ways}, and check again`
  );
}

interface Tally {
  order: DateOrder;
  rows: number;
  firstRows: number[];
}

/** Per order, the format that settles the most rows (the first met on a tie): month first, then day. */
export function chosenFormats<T extends { order: DateOrder; rows: number }>(
  formats: Map<string, T>,
): (T & { format: string })[] {
  const best = new Map<DateOrder, T & { format: string }>();
  for (const [format, tally] of formats) {
    const before = best.get(tally.order);
    if (!before || tally.rows > before.rows) best.set(tally.order, { ...tally, format });
  }
  return (['month', 'day'] as const).flatMap((order) => {
    const found = best.get(order);
    return found ? [found] : [];
  });
}

export type { DateOrder, DateOrderChoice } from './date-summary-types.ts';
