/**
 * An inline fix in the app (issue 13): the fixed row is validated again, and so is every other row whose
 * outcome a one-row change can alter — the rows that share its in-file duplicate key before or after the
 * fix (validate-rows.ts's duplicateTracker: the first row with a key is kept, every later one is marked
 * "duplicate in file"). Nothing else of the file is read or checked again, so a fix costs the same in a
 * 12-row file and a 100,000-row one.
 *
 * The rule applied here is validateRows's own, row for row: the same compiled mapping, the same skip
 * rules, the same key (the match column's value, or reference_value_1 when creating) and the same
 * problem, so a fixed file reads exactly as a fresh dry run of the corrected file would.
 *
 * A row that repeats the header, or lies below a repeat in another order, reads as validateRows reads it
 * (repeated-header.ts, with the reader's own test of a row, read/header-repeats.ts); a fix that makes a
 * row such a repeat, or makes it one no longer, changes every row below it: the long way, as for a
 * `skip.after` marker.
 *
 * "Leave this row out" (and bringing a row back) is the same one-row change: the row joins or leaves
 * the mapping's `skip.rows`, so it is checked again under the new rules (a left-out row holds no key) and
 * the rows sharing its key are re-marked, as a fresh dry run with that `skip.rows` would mark them.
 */
import type { Mapping } from '../mapping/schema.ts';
import { cellText } from '../read/cell-text.ts';
import type { HeaderRepeat } from '../read/types.ts';
import type { Cell, SheetSource, SourceRow } from '../read/types.ts';
import { compileMapping, type CompiledMapping, type ValidateOptions } from './compile-mapping.ts';
import { compileSkipRules, firstCellText } from './skip-rows.ts';
import { resolveHeaderCase } from '../mapping/check-headers.ts';
import type { RowOutcome } from './types.ts';
import { validateCompiledRow } from './validate-row.ts';
import { duplicateMarker, isRoundTripSheet, roundTripRowCells } from './validate-rows.ts';
import { afterRow, type DateOrderProof } from './date-order.ts';
import { nearKey } from '../api/find-exact.ts';
import { repeatedHeaderOutcome } from './repeated-header.ts';
import { placeholderIn } from './placeholder-words.ts';

/** What the re-check needs of the sheet: its header, and the reader's test of a row repeating it. */
export type RecheckSheet = Pick<SheetSource, 'headers' | 'headerRow' | 'headerRepeat'> &
  Partial<Pick<SheetSource, 'format' | 'formulaGuards'>>;

export interface RowRechecker {
  /** Notes a row of the finished pass (in sheet order), as validateRows gave it. */
  track(outcome: RowOutcome): void;
  /**
   * The fixed row validated again, first, then every other row whose outcome changes because of it,
   * validated again from its cells. `outcomeOf` gives a row's current outcome by its number.
   */
  recheck(fixed: SourceRow, outcomeOf: (row: number) => RowOutcome | undefined): RowOutcome[];
  /**
   * The row left out by its number (`skip.rows`), or brought back, then checked again, first, with every
   * other row whose outcome that changes. Rows below a `skip.after` marker are left out by the marker
   * whatever `skip.rows` says, as in validateRows.
   */
  leave(row: number, leave: boolean, outcomeOf: (row: number) => RowOutcome | undefined): RowOutcome[];
  /**
   * The date columns' order as the finished pass proved it (date-order.ts): a fixed row whose date
   * still reads both ways in such a column is refused as the pass refused the others.
   */
  knowDateOrder(
    proofs: ReadonlyMap<string, DateOrderProof>,
    cellProofs?: ReadonlyMap<string, DateOrderProof>,
  ): void;
}

export function rowRechecker(
  sheet: RecheckSheet,
  given: Mapping,
  options: ValidateOptions = {},
): RowRechecker {
  const headers = sheet.headers;
  // Columns named in another case, found as validateRows finds them.
  const mapping = resolveHeaderCase(given, headers).mapping;
  // A round-trip CSV is read as validateRows reads it, and its fixed rows carry what its rows carry
  // (the stamps, the read-only cells, the file's day order) for the plan and the send to compare.
  const compiled = compileMapping(mapping, headers, {
    ...options,
    roundTripCsv:
      options.roundTripCsv ??
      (sheet.format !== undefined && isRoundTripSheet({ ...sheet, format: sheet.format })),
  });
  const roundTrip = roundTripRowCells(headers, mapping, compiled);
  let fileDayOrder: RowOutcome['dayOrder'];
  const mark = duplicateMarker(compiled);
  // The rows as the pass checked them: a date column's UTC moments are read from them (ValuePlan.
  // moments), so that a row re-checked reads its moment as the pass read the column's.
  const tracked: SourceRow[] = [];
  compiled.checkedRows.batch = tracked;
  const marker = mapping.skip?.after?.trim().toLowerCase();
  /** The mapping's skip rules with the rows left out so far (`leave`). */
  let skip = mapping.skip;
  const leftOut = new Set(skip?.rows ?? []);
  /** Every tracked row, in sheet order. */
  const order: number[] = [];
  /** Key → the rows holding it, in sheet order; and each row's key. */
  const rowsByKey = new Map<string, number[]>();
  const keyOfRow = new Map<number, string>();
  /** Row → the first row its "duplicate in file" problem names (rows not marked are absent). */
  const markedFirst = new Map<number, number>();
  /** The rows that repeat the header, and in which order (few: one per export pasted in). */
  const repeats = new Map<number, HeaderRepeat>();

  /** The row marked as the reader marks it: a repeat itself, or below the nearest repeat above it. */
  const markedRow = (row: SourceRow): SourceRow => {
    const repeat = sheet.headerRepeat(row.cells);
    if (repeat !== null) return { row: row.row, cells: row.cells, repeatsHeader: repeat };
    let above = 0;
    for (const at of repeats.keys()) if (at < row.row && at > above) above = at;
    return repeats.get(above) === 'other'
      ? { row: row.row, cells: row.cells, underReorderedHeader: above }
      : { row: row.row, cells: row.cells };
  };

  const keyOf = (outcome: RowOutcome): string =>
    outcome.status === 'skipped' ? '' : duplicateKey(compiled, outcome);

  // A row above any `skip.after` marker is tested with the stateful `after` rule started afresh (no
  // marker above it); the marker row, the rows below it and a fix that makes a marker go the long way.
  const validate = (row: SourceRow, rules = compileSkipRules(skip, headers)): RowOutcome => {
    const repeat = repeatedHeaderOutcome(markedRow(row), sheet);
    if (repeat) return repeat;
    const skipped = rules?.(row);
    if (skipped) return { row: row.row, status: 'skipped', problems: [], skipped, cells: row.cells };
    const outcome = validateCompiledRow(row, compiled);
    if (roundTrip) {
      roundTrip(outcome, row.cells);
      if (fileDayOrder) outcome.dayOrder = fileDayOrder;
    }
    if (compiled.dateOrder.length > 0) afterRow(compiled.dateOrder, row.row);
    return outcome;
  };

  return {
    track(outcome) {
      fileDayOrder ??= outcome.dayOrder;
      tracked.push({ row: outcome.row, cells: outcome.cells });
      const repeat = sheet.headerRepeat(outcome.cells);
      if (repeat !== null) repeats.set(outcome.row, repeat);
      // validateRows marked a later row with the key of an earlier one: trackRow notes the same.
      trackRow(outcome, keyOf(outcome));
    },

    recheck(fixed, outcomeOf) {
      const isMarker = (cells: readonly Cell[] | undefined) =>
        marker !== undefined && cells !== undefined && firstCellText(cells).toLowerCase() === marker;
      const current = outcomeOf(fixed.row);
      // The marker row itself, a row below it, or a row made the marker: the long way. So too a row
      // that repeats the header, or is made to: the rows below it read otherwise.
      if (
        isMarker(fixed.cells) ||
        isMarker(current?.cells) ||
        current?.skipped?.rule === 'after' ||
        repeats.has(fixed.row) ||
        sheet.headerRepeat(fixed.cells) !== null
      )
        return recheckAll(fixed, outcomeOf);
      return settle(fixed.row, validate(fixed), outcomeOf);
    },

    knowDateOrder(proofs, cellProofs) {
      for (const state of compiled.dateOrder) {
        state.proof ??= proofs.get(state.label) ?? null;
        if (state.kind === 'date') state.cellProof ??= cellProofs?.get(state.label) ?? null;
      }
    },

    leave(row, leave, outcomeOf) {
      const current = outcomeOf(row);
      if (!current) throw new Error(`rowRechecker.leave: row ${row} was never tracked`);
      if (leave) leftOut.add(row);
      else leftOut.delete(row);
      const { rows: _rows, ...others } = skip ?? {};
      skip = leftOut.size > 0 ? { ...others, rows: [...leftOut].sort((a, b) => a - b) } : others;
      return settle(row, validate({ row, cells: current.cells }), outcomeOf);
    },
  };

  /**
   * A row's new outcome put in place: its key's index updated, its own "duplicate in file" verdict
   * under that key, then every row sharing the old or the new key whose verdict that changes.
   */
  function settle(
    fixed: number,
    outcome: RowOutcome,
    outcomeOf: (row: number) => RowOutcome | undefined,
  ): RowOutcome[] {
    const before = keyOfRow.get(fixed) ?? '';
    const after = keyOf(outcome);
    if (before !== after) {
      if (before !== '') remove(rowsByKey, before, fixed);
      if (after !== '') insert(rowsByKey, after, fixed);
      if (after === '') keyOfRow.delete(fixed);
      else keyOfRow.set(fixed, after);
    }
    const changed: RowOutcome[] = [outcome];
    // The changed row's own verdict under its (new) key.
    const first = after === '' ? undefined : rowsByKey.get(after)![0]!;
    markedFirst.delete(fixed);
    if (first !== undefined && first !== fixed) {
      mark(outcome, first);
      markedFirst.set(fixed, first);
    }
    // Rows sharing the old or the new key whose "first row" is no longer what their outcome says.
    for (const key of new Set([before, after])) {
      if (key === '') continue;
      const rows = rowsByKey.get(key) ?? [];
      const head = rows[0];
      for (const row of rows) {
        if (row === fixed) continue;
        const current = outcomeOf(row);
        if (!current) continue;
        const expected = row === head ? undefined : head;
        if (markedFirst.get(row) === expected) continue;
        const again = validate({ row, cells: current.cells });
        markedFirst.delete(row);
        if (expected !== undefined) {
          mark(again, expected);
          markedFirst.set(row, expected);
        }
        changed.push(again);
      }
    }
    return changed;
  }

  /** Every row again, as validateRows would (the rare fix that moves a `skip.after` marker). */
  function recheckAll(fixed: SourceRow, outcomeOf: (row: number) => RowOutcome | undefined): RowOutcome[] {
    const rules = compileSkipRules(skip, headers);
    rowsByKey.clear();
    keyOfRow.clear();
    markedFirst.clear();
    // Found again as the pass goes, so each row sees the repeats above it.
    repeats.clear();
    const rows = [...order];
    order.length = 0;
    const changed: RowOutcome[] = [];
    for (const row of rows) {
      const current = outcomeOf(row);
      const cells = row === fixed.row ? fixed.cells : current?.cells;
      if (!cells) continue;
      const repeat = sheet.headerRepeat(cells);
      if (repeat !== null) repeats.set(row, repeat);
      const outcome = validate({ row, cells }, rules);
      const key = keyOf(outcome);
      const first = key === '' ? undefined : rowsByKey.get(key)?.[0];
      if (first !== undefined) mark(outcome, first);
      // Tracked as the pass goes, so later rows see the keys above them.
      trackRow(outcome, key);
      if (row === fixed.row) changed.unshift(outcome);
      else if (!current || verdict(current) !== verdict(outcome)) changed.push(outcome);
    }
    return changed;
  }

  function trackRow(outcome: RowOutcome, key: string): void {
    order.push(outcome.row);
    if (key === '') return;
    keyOfRow.set(outcome.row, key);
    const rows = rowsByKey.get(key);
    if (rows) {
      markedFirst.set(outcome.row, rows[0]!);
      rows.push(outcome.row);
    } else rowsByKey.set(key, [outcome.row]);
  }
}

/** What a person sees of an outcome: two outcomes with the same verdict need not be sent again. */
function verdict(outcome: RowOutcome): string {
  return JSON.stringify([
    outcome.status,
    outcome.action,
    outcome.skipped?.reason,
    outcome.problems.map((problem) => problem.message),
    outcome.cells,
  ]);
}

/** The in-file duplicate key of a validated row, as duplicateTracker reads it: letter case and spacing aside ('' for none). */
function duplicateKey(compiled: CompiledMapping, outcome: RowOutcome): string {
  const plan = compiled.duplicateColumn;
  if (!plan) return '';
  const key =
    plan === compiled.matchColumn ? (outcome.matchValue ?? '') : cellText(outcome.cells[plan.index] ?? null);
  // A placeholder is no key (duplicateTracker leaves it out too): its row is refused for it already.
  if (plan.placeholderRule === 'refuse' && placeholderIn(plan, key) !== null) return '';
  return nearKey(key);
}

function remove(rowsByKey: Map<string, number[]>, key: string, row: number): void {
  const rows = rowsByKey.get(key);
  if (!rows) return;
  const at = rows.indexOf(row);
  if (at >= 0) rows.splice(at, 1);
  if (rows.length === 0) rowsByKey.delete(key);
}

function insert(rowsByKey: Map<string, number[]>, key: string, row: number): void {
  const rows = rowsByKey.get(key);
  if (!rows) return void rowsByKey.set(key, [row]);
  let at = rows.length;
  while (at > 0 && rows[at - 1]! > row) at -= 1;
  rows.splice(at, 0, row);
}
