/**
 * Date cells beside day-first text in one column: the mark of day-first dates typed into a spreadsheet
 * set to US dates. There `03/04/2026` (3 April) becomes the date cell 4 March and `13/04/2026` (no
 * 13th month) stays text; the text is read day-first by the column's format and the cells were taken as
 * the spreadsheet stored them, a day↔month swap on every row whose day is 12 or less, unsaid (explore
 * 57 item 1).
 *
 * Decision: once a text value of the column shows the day first (it reads only so: its first number is
 * over 12), a date cell whose day and month could be swapped (both 12 or less, and different) is
 * refused, naming the cell as stored, as a US spreadsheet shows it, both readings and the proving row,
 * with what to do. Which reading the clerk meant cannot be told from the file, and a date of birth or a
 * received date a month off is worse than a row sent later. A cell whose day is over 12, or equals its
 * month, reads one way only and is sent; so is every date cell of a column with no such text. The way
 * out is to type the cell as text (an apostrophe first, or the column formatted as Text), which the
 * column's format reads: a date typed as YYYY-MM-DD in such a spreadsheet becomes a date cell again.
 *
 * A cell whose own number format shows the day first (`dd/mm/yyyy`, `d.m.yyyy`), the year first or the
 * month by name is not in doubt (explore 60 item 2): the clerk saw it so, and a UK workbook's date cells
 * beside one day-first text cell were all refused. Only cells shown month first (`m/d/yyyy`), and those
 * under Excel's built-in short date (format 14, whose order is the computer's and is not in the file),
 * are questioned (read/types.ts DateShown, carried from the reader).
 *
 * Rows below the proof are refused as they are checked; rows above it are marked once every row is in,
 * as date-order.ts does for text (markLateDoubts), and named in an offline dry run's summary.
 */
import { dateInWords } from '../mapping/date-format.ts';
import type { Cell } from '../read/types.ts';
import type { DateOrderState } from './date-order-state.ts';
import { fail, type Converted } from './scalar-values.ts';

/**
 * The date of a date cell that may have been typed day-first into a spreadsheet set to US dates: its
 * day and month could be each other, and its format does not show which is the day; else null.
 */
export function swappableDateOf(cell: Cell | undefined): string | null {
  if (cell === null || cell === undefined || typeof cell !== 'object') return null;
  if (cell.type !== 'date' && cell.type !== 'datetime') return null;
  if (cell.shown !== undefined) return null;
  const iso = cell.type === 'date' ? cell.date : cell.dateTime.slice(0, 10);
  return couldBeSwapped(iso) ? iso : null;
}

/** A date whose day and month could be each other: both 12 or less, and different. */
export function couldBeSwapped(iso: string): boolean {
  const month = Number(iso.slice(5, 7));
  const day = Number(iso.slice(8, 10));
  return day <= 12 && day !== month;
}

/**
 * Whether a text value of the column shows the day first: read by a day-first format with a day over
 * 12, or refused by a month-first one as day-first (date_order).
 */
export function showsDayFirst(state: DateOrderState, result: Converted): boolean {
  if (/^D/.test(state.format.format))
    return (
      result.kind === 'value' && typeof result.value === 'string' && Number(result.value.slice(8, 10)) > 12
    );
  return result.kind === 'problem' && result.code === 'date_order';
}

/** The refusal of a date cell that could be swapped, in a column a row proved day-first. */
export function dateCellDoubt(state: DateOrderState, iso: string): Converted {
  return fail('date_cell_doubt', dateCellParams(state.cellProof!, iso));
}

export function dateCellParams(proof: { row: number; value: string }, iso: string): Record<string, unknown> {
  const [year, month, day] = iso.split('-');
  const swapped = `${year}-${day}-${month}`;
  return {
    asStored: dateInWords(iso),
    usShown: `${Number(month)}/${Number(day)}/${year}`,
    typed: `${month}/${day}/${year}`,
    swapped: dateInWords(swapped),
    swappedIso: swapped,
    proofRow: proof.row,
    proofValue: proof.value,
  };
}
