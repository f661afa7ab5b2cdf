/**
 * The day order of a round-trip CSV a spreadsheet saved, watched while its rows are read: every date
 * column of the file was written by the one program that saved it, so a value of any of them that reads
 * one way only (6/28/2026, 17/06/1966) proves the order of all (mapping/spreadsheet-dates.ts). The
 * plan and the send compare each row's dates with the request only once every row is read.
 */
import { newFileDayOrder, watchDayOrder, type FileDayOrder } from '../mapping/spreadsheet-dates.ts';
import { cellText } from '../read/cell-text.ts';
import type { Cell } from '../read/types.ts';

/**
 * The columns whose cells are dates in a round-trip export: its date parameters, the times it writes
 * for reference, and whole custom fields (a DATE or BIRTHDAY field; the others hold no value that
 * looks like a date). Text columns are left out: a reference "12/13/14" proves nothing of the dates.
 */
const DATE_HEADERS = new Set(['created_on', 'due_on', 'created_at', 'updated_at']);
const WHOLE_CUSTOM_FIELD = /^(?:subjects\.\d+\.)?custom_fields\.\d+$/;

export interface RoundTripDayOrder {
  order: FileDayOrder;
  /** Watches one row's date cells. */
  watch(cells: readonly Cell[]): void;
}

export function roundTripDayOrder(headers: readonly string[]): RoundTripDayOrder {
  const columns = headers.flatMap((header, index) =>
    DATE_HEADERS.has(header) || WHOLE_CUSTOM_FIELD.test(header) ? [index] : [],
  );
  const order = newFileDayOrder();
  return {
    order,
    watch(cells) {
      for (const index of columns) {
        const cell = cells[index];
        if (typeof cell === 'string' && cell !== '') watchDayOrder(order, cellText(cell));
      }
    },
  };
}
