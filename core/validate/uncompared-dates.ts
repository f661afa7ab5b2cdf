/**
 * A round-trip CSV a spreadsheet saved has its dates in the computer's short form (6/17/1966). The import
 * compares each with the day the request holds (read-only-cells.ts, batch/stored-zeros.ts): the stored
 * day so written is unedited, a read-only date that is not is refused. A `validate` without a connection
 * reads no request, so it counted such rows valid without that comparison, and the import then refused
 * some (explore 61's left item). This tally names what was left uncompared, for the summary to say so.
 * Rows the plan compared carry neither list any more (it uses them up), so only valid rows that still
 * do are counted.
 */
import { isShortDate } from '../mapping/spreadsheet-dates.ts';
import type { UncomparedDates } from './date-summary-types.ts';
import type { RowOutcome } from './types.ts';

export class UncomparedDateTally {
  #rows = 0;
  readonly #columns: string[] = [];
  #example: { column: string; row: number } | null = null;

  add(outcome: RowOutcome): void {
    if (outcome.status !== 'valid') return;
    const columns = [
      ...(outcome.numberTexts ?? []).filter((text) => text.shortDate).map((text) => text.column),
      ...(outcome.readOnlyCells ?? []).filter((cell) => isShortDate(cell.text)).map((cell) => cell.column),
    ];
    if (columns.length === 0) return;
    this.#rows += 1;
    for (const column of columns) if (!this.#columns.includes(column)) this.#columns.push(column);
    this.#example ??= { column: columns[0]!, row: outcome.row };
  }

  result(): UncomparedDates | null {
    if (this.#rows === 0 || !this.#example) return null;
    return {
      rows: this.#rows,
      columns: [...this.#columns],
      exampleRow: this.#example.row,
      exampleColumn: this.#example.column,
    };
  }
}

/** The summary's line: what was read without the stored day, and what compares it (a host adds how to connect). */
export function uncomparedDatesWords(found: UncomparedDates): string {
  const columns =
    found.columns.length <= 3
      ? found.columns.join(', ')
      : `${found.columns.slice(0, 3).join(', ')} and ${found.columns.length - 3} more`;
  return (
    `${found.rows} valid row${found.rows === 1 ? '' : 's'} hold${found.rows === 1 ? 's' : ''} dates in a spreadsheet's short form ` +
    `(in ${columns}; first in row ${found.exampleRow}, ${found.exampleColumn}), read without the stored day to compare: ` +
    'this check had no connection, so it read no request, and counted them valid. The import compares each with the day its request holds, ' +
    'and refuses a row whose read-only date (one the update cannot change) is not that day, or whose edited date reads two ways'
  );
}

export type { UncomparedDates } from './date-summary-types.ts';
