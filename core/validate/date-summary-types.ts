/**
 * What a dry run's summary says of its dates, as data: the columns whose day/month order is to be
 * chosen once (date-order-choice.ts) and the short-form dates read without the stored day to compare
 * (uncompared-dates.ts). Kept apart from those files so that types.ts, which holds the summary's shape,
 * imports no file that imports it back.
 */

export type DateOrder = 'month' | 'day';

/** A column whose refused dates need its order chosen, and what each order would settle. */
export interface DateOrderChoice {
  column: string;
  /**
   * The first refused value that reads both ways as two different days (else the first that reads both
   * ways), and its row: what the choice is about.
   */
  example: string;
  exampleRow: number;
  /** Refused values that read both ways. */
  bothWays: number;
  /**
   * Each order that reads any of them: the format it sets (the most used shape when the column writes
   * dates more than one way) and the rows whose refused date in this column it would settle, by count
   * and the first of them in sheet order.
   */
  orders: { order: DateOrder; format: string; rows: number; firstRows: number[]; example: string }[];
}

export interface UncomparedDates {
  /** Valid rows with at least one such date. */
  rows: number;
  /** The columns holding them, in the order met. */
  columns: string[];
  /** The first such date's row and column. */
  exampleRow: number;
  exampleColumn: string;
}
