/**
 * What one column's watch holds while its rows are checked (date-order.ts does the watching): a date
 * column's day/month order, or a number column's decimal mark (decimal-mark.ts). Kept apart so that the
 * value plan can hold a watch without the plan and the watch importing each other.
 */
import type { CompiledDateFormat } from '../mapping/date-format.ts';
import type { NumberFormat } from '../mapping/number-format.ts';

/** The row that proves a column is written the other way (dates swapped, the other decimal mark), and its value. */
export interface DateOrderProof {
  row: number;
  value: string;
}

/** What a column's watch holds whatever it watches. */
interface WatchRows {
  label: string;
  target: string;
  /** The column's position among the sheet's headers. */
  index: number;
  proof: DateOrderProof | null;
  /** Set by the cell being converted, moved to the row by afterRow. */
  pendingProof: string | null;
  pendingTwoWay: boolean;
  /** Rows above the proof (or all, while there is none) whose value reads both ways. */
  before: RowSet;
}

/** One date column's watch: created by compileMapping for every text date column that can be misread. */
export interface DateOrderState extends WatchRows {
  kind: 'date';
  format: CompiledDateFormat;
  swapped: CompiledDateFormat;
  /**
   * The date cells of the column (date-cells.ts): the first text date that shows the day first
   * ("13/04/2026"), which puts every date cell whose day and month could be swapped in doubt.
   */
  cellProof: DateOrderProof | null;
  pendingCellProof: string | null;
  pendingCell: boolean;
  /** Rows above the cell proof (or all, while there is none) holding a date cell that could be swapped. */
  cellsBefore: RowSet;
}

/**
 * One number column's watch: created by compileMapping for every column whose mapping gives a number
 * format (a column without one refuses every value that reads both ways already).
 */
export interface DecimalMarkState extends WatchRows {
  kind: 'number';
  format: NumberFormat;
  /** The same column with the other decimal mark. */
  swapped: NumberFormat;
}

/** A column whose values can prove that it is written otherwise than its mapping says. */
export type ColumnWatch = DateOrderState | DecimalMarkState;

/**
 * Row numbers as bits: a column of a million rows whose dates mostly read both ways costs 125 kB, where
 * an array of numbers cost megabytes in the 1M-row memory benchmark (rows come in increasing order).
 */
export class RowSet {
  #bits = new Uint8Array(1024);

  add(row: number): void {
    const byte = row >>> 3;
    if (byte >= this.#bits.length) {
      const grown = new Uint8Array(Math.max(byte + 1, this.#bits.length * 2));
      grown.set(this.#bits);
      this.#bits = grown;
    }
    this.#bits[byte]! |= 1 << (row & 7);
  }

  /** The rows below `limit`, in increasing order. */
  below(limit: number): number[] {
    const rows: number[] = [];
    const end = Math.min(limit, this.#bits.length * 8);
    for (let row = 0; row < end; row++) if (this.#bits[row >>> 3]! & (1 << (row & 7))) rows.push(row);
    return rows;
  }
}
