/**
 * A column's day/month order, as its own values prove it. "03/04/2026" reads as March 4 by M/D/YYYY and
 * as 3 April by D/M/YYYY; alone it cannot say which. When a row of the same column holds a value that
 * reads only the other way ("13/04/2026", refused as date_order), every value of that column that reads
 * both ways is in doubt and is refused as date_order_doubt, naming that row, instead of being sent as a
 * day the clerk may not mean.
 *
 * Found as the rows are checked, with no second pass over the file (a second pass cost 1.42× on CSV and
 * 1.59× on XLSX in the reading benchmark, for every file whose mapping has such a format):
 * - rows below the proving row are refused as they are checked (watchColumn, from convertCell);
 * - rows above it had been checked as valid: their row numbers are kept (numbers only), and whoever holds
 *   the outcomes marks them at the end (markLateDoubts): the import and the connected dry run, which
 *   gather every row before planning anything, and the app, which keeps every row for its grid. A dry
 *   run that streams its report (offline) cannot take back the rows it wrote: its summary names them
 *   (ValidationSummary.dateOrderDoubts), and an import refuses them.
 *
 * Only text dates under a format that starts with day or month; an ISO date, a typed Excel date and a
 * value whose day and month are equal read the same either way.
 *
 * Number columns whose mapping gives a decimal mark are watched the same way, and their rows in doubt
 * travel with the dates' (decimal-mark.ts): "1.500" under "decimal": "." once a row holds "1500,00".
 */
import {
  compileDateFormat,
  dateInWords,
  formatReadsBothWays,
  type CompiledDateFormat,
} from '../mapping/date-format.ts';
import { readNumber, type NumberFormat } from '../mapping/number-format.ts';
import { problem } from '../problems/format.ts';
import { cellText } from '../read/cell-text.ts';
import type { DateOrderDoubtSummary, RowOutcome } from './types.ts';
import {
  RowSet,
  type ColumnWatch,
  type DateOrderProof,
  type DateOrderState,
  type DecimalMarkState,
} from './date-order-state.ts';
import { decimalDoubt, decimalDoubtParams, otherReading, provesOtherMark } from './decimal-mark.ts';

export type { ColumnWatch, DateOrderProof, DateOrderState } from './date-order-state.ts';
import { fail, type Converted } from './scalar-values.ts';
import { dateCellDoubt, dateCellParams, showsDayFirst, swappableDateOf } from './date-cells.ts';

/** A column whose reading a row proved after rows reading both ways had been checked as valid. */
interface LateDoubtRows {
  label: string;
  target: string;
  index: number;
  proof: DateOrderProof;
  /** The rows above the proof whose value reads both ways, in sheet order. */
  rows: number[];
}

export interface LateDateDoubt extends LateDoubtRows {
  kind: 'date';
  format: string;
  swapped: string;
}

export interface LateDecimalDoubt extends LateDoubtRows {
  kind: 'number';
  format: NumberFormat;
  swapped: NumberFormat;
}

/** Date cells above the first text of their column that shows the day first (date-cells.ts). */
export interface LateCellDoubt extends LateDoubtRows {
  kind: 'cell';
}

export type LateDoubt = LateDateDoubt | LateDecimalDoubt | LateCellDoubt;

/** What a pass found: every proof (for re-checks of single rows) and the rows it came too late for. */
export interface DateOrderFound {
  proofs: Map<string, DateOrderProof>;
  /** The date columns whose text shows the day first: their date cells that could be swapped are in doubt. */
  cellProofs: Map<string, DateOrderProof>;
  late: LateDoubt[];
}

/** A watch for a column's values, or null when its format cannot be misread (year first, no format). */
export function dateOrderState(
  label: string,
  target: string,
  index: number,
  format: CompiledDateFormat | null,
  proof: DateOrderProof | null = null,
  cellProof: DateOrderProof | null = null,
): DateOrderState | null {
  if (!format || index < 0 || !formatReadsBothWays(format.format)) return null;
  const swapped = compileDateFormat(format.swapped);
  if (typeof swapped === 'string') return null;
  return {
    kind: 'date',
    label,
    target,
    index,
    format,
    swapped,
    proof,
    pendingProof: null,
    pendingTwoWay: false,
    before: new RowSet(),
    cellProof,
    pendingCellProof: null,
    pendingCell: false,
    cellsBefore: new RowSet(),
  };
}

const ISO_START = /^\s*\d{4}-/;
const MONTH_WORD = /\p{L}{3}/u;

/**
 * convertCell's result for a cell of a watched column, seen before it goes on: a value that reads both
 * ways under a proof is refused; otherwise the cell's news (a proof, a two-way value) is noted for the
 * row. Memoised results pass here too, so the memo never hides a row.
 */
export function watchColumn(state: ColumnWatch, original: unknown, result: Converted): Converted {
  if (state.kind === 'date' && typeof original === 'object') return watchDateCell(state, original, result);
  if (typeof original !== 'string') return result;
  return state.kind === 'date'
    ? watchDateOrder(state, original, result)
    : watchDecimalMark(state, original, result);
}

function watchDecimalMark(state: DecimalMarkState, original: string, result: Converted): Converted {
  if (result.kind === 'value') {
    if (typeof result.value !== 'number') return result;
    const other = otherReading(original, result.value, state.swapped);
    if (other === null) return result;
    if (state.proof) return decimalDoubt(state, result.value, other);
    state.pendingTwoWay = true;
  } else if (!state.proof && provesOtherMark(result)) {
    state.pendingProof = original.trim();
  }
  return result;
}

/** A date cell whose day and month could be swapped, in a column whose text shows the day first. */
function watchDateCell(state: DateOrderState, original: unknown, result: Converted): Converted {
  const iso = swappableDateOf(original as Parameters<typeof swappableDateOf>[0]);
  if (iso === null || result.kind !== 'value') return result;
  if (state.cellProof) return dateCellDoubt(state, iso);
  state.pendingCell = true;
  return result;
}

function watchDateOrder(state: DateOrderState, original: string, result: Converted): Converted {
  if (!state.cellProof && state.pendingCellProof === null && showsDayFirst(state, result))
    state.pendingCellProof = original.trim();
  if (result.kind === 'value') {
    if (typeof result.value !== 'string' || !readsBothWays(result.value, original)) return result;
    if (state.proof) return doubtOf(state, result.value);
    state.pendingTwoWay = true;
  } else if (result.kind === 'problem' && result.code === 'date_order' && !state.proof) {
    state.pendingProof = original.trim();
  }
  return result;
}

/** An ISO date read from text by a day/month format: does the text read as another day swapped? */
function readsBothWays(iso: string, text: string): boolean {
  const month = (iso.charCodeAt(5) - 48) * 10 + iso.charCodeAt(6) - 48;
  const day = (iso.charCodeAt(8) - 48) * 10 + iso.charCodeAt(9) - 48;
  // A month name ("5 Apr 2026", read whatever the format) cannot be misread either.
  return day <= 12 && day !== month && !ISO_START.test(text) && !MONTH_WORD.test(text);
}

function doubtOf(state: DateOrderState, iso: string): Converted {
  const proof = state.proof!;
  return fail('date_order_doubt', {
    format: state.format.format,
    swapped: state.swapped.format,
    asRead: dateInWords(iso),
    proofRow: proof.row,
    proofValue: proof.value,
    proofOrder: /^D/.test(state.format.format) ? 'month-first' : 'day-first',
  });
}

/** After a row is checked: its proof, or its two-way value above any proof, kept with its row number. */
export function afterRow(states: readonly ColumnWatch[], row: number): void {
  for (const state of states) {
    if (state.pendingProof !== null) {
      state.proof ??= { row, value: state.pendingProof };
      state.pendingProof = null;
    }
    if (state.pendingTwoWay) {
      state.pendingTwoWay = false;
      if (!state.proof) state.before.add(row);
    }
    if (state.kind !== 'date') continue;
    if (state.pendingCellProof !== null) {
      state.cellProof ??= { row, value: state.pendingCellProof };
      state.pendingCellProof = null;
    }
    if (state.pendingCell) {
      state.pendingCell = false;
      if (!state.cellProof) state.cellsBefore.add(row);
    }
  }
}

/** What the pass found, once every row has been checked; null when no column's order was proved. */
export function dateOrderFound(states: readonly ColumnWatch[]): DateOrderFound | null {
  const proved = states.filter((state) => state.proof);
  const dayFirst = states.filter(
    (state): state is DateOrderState => state.kind === 'date' && state.cellProof !== null,
  );
  if (proved.length === 0 && dayFirst.length === 0) return null;
  const cells = dayFirst
    .map((state): LateCellDoubt => ({
      kind: 'cell',
      label: state.label,
      target: state.target,
      index: state.index,
      proof: state.cellProof!,
      rows: state.cellsBefore.below(state.cellProof!.row),
    }))
    .filter((late) => late.rows.length > 0);
  return {
    proofs: new Map(proved.map((state) => [state.label, state.proof!])),
    cellProofs: new Map(dayFirst.map((state) => [state.label, state.cellProof!])),
    late: [
      ...cells,
      ...proved
        .map((state): LateDoubt => {
          const rows = {
            label: state.label,
            target: state.target,
            index: state.index,
            proof: state.proof!,
            rows: state.before.below(state.proof!.row),
          };
          return state.kind === 'date'
            ? { kind: 'date', ...rows, format: state.format.format, swapped: state.swapped.format }
            : { kind: 'number', ...rows, format: state.format, swapped: state.swapped };
        })
        .filter((late) => late.rows.length > 0),
    ],
  };
}

/**
 * A row above its column's proof, refused as the rows below it are: a copy (the caller swaps it in, so
 * that counts can take the old one out), or the outcome itself when the doubt no longer applies (the
 * cell was fixed since).
 */
function withLateDoubt(outcome: RowOutcome, late: LateDoubt, format: CompiledDateFormat | null): RowOutcome {
  const code =
    late.kind === 'date'
      ? 'date_order_doubt'
      : late.kind === 'cell'
        ? 'date_cell_doubt'
        : 'decimal_mark_doubt';
  // Already refused so (the plan marked it before the app's pass did).
  if (outcome.problems.some((found) => found.code === code && found.column === late.label)) return outcome;
  const cell = outcome.cells[late.index] ?? null;
  const text = cellText(cell).trim();
  const params =
    late.kind === 'date'
      ? lateDateParams(late, format!, text)
      : late.kind === 'cell'
        ? lateCellParams(late, cell)
        : lateDecimalParams(late, cell);
  if (params === null) return outcome;
  const marked: RowOutcome = {
    ...outcome,
    status: 'invalid',
    problems: [
      ...outcome.problems,
      problem(code, { row: outcome.row, label: late.label, target: late.target, value: text, ...params }),
    ],
  };
  delete marked.body;
  delete marked.action;
  delete marked.targetId;
  delete marked.changes;
  return marked;
}

/** A date that still reads both ways (the cell may have been fixed since): the doubt's params, else null. */
function lateDateParams(
  late: LateDateDoubt,
  format: CompiledDateFormat,
  text: string,
): Record<string, unknown> | null {
  const parsed = format.parse(text);
  if (!parsed.ok || !readsBothWays(parsed.iso, text)) return null;
  return {
    format: late.format,
    swapped: late.swapped,
    asRead: dateInWords(parsed.iso),
    proofRow: late.proof.row,
    proofValue: late.proof.value,
    proofOrder: /^D/.test(late.format) ? 'month-first' : 'day-first',
  };
}

/** A date cell that could still be swapped (the cell may have been retyped as text since), else null. */
function lateCellParams(late: LateCellDoubt, cell: unknown): Record<string, unknown> | null {
  const iso = swappableDateOf(cell as Parameters<typeof swappableDateOf>[0]);
  return iso !== null ? dateCellParams(late.proof, iso) : null;
}

/** A number written as text that still reads both ways: the doubt's params, else null. */
function lateDecimalParams(late: LateDecimalDoubt, cell: unknown): Record<string, unknown> | null {
  if (typeof cell !== 'string') return null;
  const read = readNumber(cell, late.format);
  const other = read.ok ? otherReading(cell, read.value, late.swapped) : null;
  if (!read.ok || other === null) return null;
  return decimalDoubtParams(late.format, late.swapped, read.value, other, late.proof);
}

/**
 * Marks, in a list holding every outcome of the pass, the rows that were checked before their column's
 * proof. Returns the positions it replaced.
 */
export function markLateDoubts(outcomes: RowOutcome[], found: DateOrderFound | null): number[] {
  if (!found || found.late.length === 0) return [];
  const byRow = new Map<number, [LateDoubt, CompiledDateFormat | null][]>();
  for (const late of found.late) {
    const format = late.kind === 'date' ? compileDateFormat(late.format) : null;
    if (typeof format === 'string') continue;
    for (const row of late.rows) byRow.set(row, [...(byRow.get(row) ?? []), [late, format]]);
  }
  const replaced: number[] = [];
  outcomes.forEach((outcome, position) => {
    const doubts = byRow.get(outcome.row);
    if (!doubts || outcome.status === 'skipped') return;
    let marked = outcome;
    for (const [late, format] of doubts) marked = withLateDoubt(marked, late, format);
    if (marked === outcome) return;
    outcomes[position] = marked;
    replaced.push(position);
  });
  return replaced;
}

/** Where a pass's findings go: given to the check (it fills it at the end) and to whoever marks rows. */
export class DateOrderFindings {
  found: DateOrderFound | null = null;
  readonly #listeners: ((found: DateOrderFound) => void)[] = [];

  set(found: DateOrderFound): void {
    this.found = found;
    for (const listener of this.#listeners) listener(found);
  }

  /** Told once the pass has found any proof (re-checks of single rows take the proofs from here). */
  onFound(listener: (found: DateOrderFound) => void): void {
    this.#listeners.push(listener);
  }
}

/** A late doubt as a dry run's summary gives it (ValidationSummary.dateOrderDoubts, .decimalMarkDoubts). */
export function doubtSummary(late: LateDoubt): DateOrderDoubtSummary {
  if (late.kind === 'cell')
    return {
      column: late.label,
      format: 'date cells',
      swapped: 'day-first text',
      proofRow: late.proof.row,
      proofValue: late.proof.value,
      rows: late.rows.length,
      firstRows: late.rows.slice(0, 10),
      cells: true,
    };
  return {
    column: late.label,
    format: late.kind === 'date' ? late.format : late.format.said,
    swapped: late.kind === 'date' ? late.swapped : `decimal ${JSON.stringify(late.swapped.decimal)}`,
    proofRow: late.proof.row,
    proofValue: late.proof.value,
    rows: late.rows.length,
    firstRows: late.rows.slice(0, 10),
  };
}

/** "row 4" or "3 rows (4, 5, 6)": the rows a doubt refuses, the first ten named. */
function doubtRows(doubt: DateOrderDoubtSummary): { one: boolean; rows: string } {
  const one = doubt.rows === 1;
  const more = doubt.rows > doubt.firstRows.length ? ', …' : '';
  return {
    one,
    rows: one ? `row ${doubt.firstRows[0]}` : `${doubt.rows} rows (${doubt.firstRows.join(', ')}${more})`,
  };
}

/** A summary's date-order doubts in a sentence per column, for the CLI and the reports. */
export function dateOrderDoubtWords(doubt: DateOrderDoubtSummary): string {
  const { one, rows } = doubtRows(doubt);
  if (doubt.cells)
    return (
      `${doubt.column}: ${rows} above row ${doubt.proofRow} ${one ? 'holds a date cell' : 'hold date cells'} whose day and ` +
      `month could be swapped, counted valid before row ${doubt.proofRow} ("${doubt.proofValue}", text) showed the ` +
      `column's dates are typed day-first: a spreadsheet set to US dates stores 03/04/2026 typed so as March 4. An ` +
      `import refuses ${one ? 'it' : 'them'}. Check ${one ? 'it' : 'them'}, and type each as text, day first (in ` +
      `Excel, an apostrophe before it, or the column formatted as Text first), or format ${one ? 'it' : 'them'} to show ` +
      `the month by name (d-mmm-yyyy), check, and save: a date cell so formatted is read as shown`
    );
  return (
    `${doubt.column}: ${rows} above row ${doubt.proofRow} ` +
    (one
      ? 'holds a date that reads both ways and was read'
      : 'hold dates that read both ways and were read') +
    ` as ${doubt.format}, counted valid before row ${doubt.proofRow} ("${doubt.proofValue}") showed the column ` +
    `may be written ${doubt.swapped}; an import refuses ${one ? 'it' : 'them'}. Check the column's order; if its ` +
    `dates are written ${doubt.swapped}, set its date format to ${doubt.swapped}`
  );
}

/** A summary's decimal-mark doubts in a sentence per column, for the CLI and the reports. */
export function decimalMarkDoubtWords(doubt: DateOrderDoubtSummary): string {
  const { one, rows } = doubtRows(doubt);
  return (
    `${doubt.column}: ${rows} above row ${doubt.proofRow} ` +
    (one
      ? 'holds a number that reads both ways and was read'
      : 'hold numbers that read both ways and were read') +
    ` by the mapping's ${doubt.format}, counted valid before row ${doubt.proofRow} ("${doubt.proofValue}") showed the ` +
    `column may be written with ${doubt.swapped}; an import refuses ${one ? 'it' : 'them'}. Check the column's ` +
    `numbers; if they are written so, set ${doubt.swapped.replace(/^decimal /, '"decimal": ')} (or a "locale") on the column`
  );
}
