/**
 * The dry run's streaming pass: every row of a sheet through the compiled mapping, plus the one check
 * that needs state across rows: the same match key (or, creating, reference_value_1) twice in the file.
 * That state is one Map of key → first row, so 100k rows stay light.
 */
import { MappingError } from '../mapping/mapping-error.ts';
import {
  checkMappingAgainstHeaders,
  missingColumnsHeaders,
  resolveHeaderCase,
} from '../mapping/check-headers.ts';
import type { Mapping } from '../mapping/schema.ts';
import { problem } from '../problems/format.ts';
import { cellText } from '../read/cell-text.ts';
import type { Cell, SheetSource } from '../read/types.ts';
import { compileMapping, type CompiledMapping, type ValidateOptions } from './compile-mapping.ts';
import type { RowOutcome } from './types.ts';
import { detachedText } from './detached-text.ts';
import { nearKey } from '../api/find-exact.ts';
import { validateCompiledRow } from './validate-row.ts';
import { compileSkipRules } from './skip-rows.ts';
import { afterRow, dateOrderFound } from './date-order.ts';
import { repeatedHeaderOutcome } from './repeated-header.ts';
import { isRoundTripCsvHeader } from '../read/our-csv.ts';
import { readOnlyHeaders } from './read-only-cells.ts';
import { placeholderIn } from './placeholder-words.ts';
import { roundTripDayOrder } from './round-trip-day-order.ts';

/**
 * A round-trip CSV the tool wrote (its formula guards say it is ours, its headers are target paths). Not
 * such a CSV a spreadsheet saved as a workbook: its guards are taken off (read/open-sheet.ts), but its
 * cells are typed, and are read as any workbook's.
 */
export function isRoundTripSheet(sheet: Pick<SheetSource, 'formulaGuards' | 'headers' | 'format'>): boolean {
  return (
    sheet.format === 'csv' && sheet.formulaGuards?.().ours === true && isRoundTripCsvHeader(sheet.headers)
  );
}

/**
 * Throws MappingError (before reading any row) when the sheet lacks a column the mapping names. Rows the
 * mapping's `skip` rules leave out are yielded with status `skipped` and the rule, never validated.
 * One outcome per row, in sheet order: a thin wrapper over validateRowBatches for consumers that take
 * rows one at a time.
 */
export async function* validateRows(
  sheet: SheetSource,
  mapping: Mapping,
  options: ValidateOptions = {},
): AsyncIterable<RowOutcome> {
  const signal = options.signal;
  for await (const batch of validateRowBatches(sheet, mapping, options))
    for (const outcome of batch) {
      // The caller may abort between two rows of a batch: no row is handed on after that.
      signal?.throwIfAborted();
      yield outcome;
    }
}

/**
 * Throws the MappingError that names every column the mapping wants and the file's header lacks. Also
 * called by a host before it starts a run (explore 6 item 13: an import refused for this only once it
 * had made its results file and journal left both behind).
 */
export function checkMappingFits(
  sheet: Pick<SheetSource, 'headers' | 'fileName' | 'sheet'>,
  mapping: Mapping,
  mappingName = 'the mapping',
): void {
  const missing = checkMappingAgainstHeaders(mapping, sheet.headers, sheet.fileName, sheet.sheet);
  if (missing.length === 0) return;
  throw new MappingError(
    mappingName,
    [
      ...missing.map((found) => ({ path: found.path, message: found.problem.message })),
      { path: '', message: missingColumnsHeaders(sheet.headers, sheet.fileName) },
    ],
    { fitting: sheet.fileName },
  );
}

/**
 * validateRows's outcomes in the batches the reader decoded (never empty), for consumers that can take
 * them so: one await per batch instead of one per row through an async generator (issue 13 item 7:
 * that generator and the duplicate check were 14 % of reading + validating a CSV).
 */
export async function* validateRowBatches(
  sheet: SheetSource,
  given: Mapping,
  options: ValidateOptions = {},
): AsyncIterable<RowOutcome[]> {
  checkMappingFits(sheet, given, options.mappingName);
  // A column named in another case than the file's only such header is that header (headerCaseNotes
  // says so to the clerk).
  const mapping = resolveHeaderCase(given, sheet.headers).mapping;
  const compiled = compileMapping(mapping, sheet.headers, {
    ...options,
    repeatedHeaders: options.repeatedHeaders ?? sheet.repeatedHeaders,
    roundTripCsv: options.roundTripCsv ?? isRoundTripSheet(sheet),
  });
  const duplicates = duplicateTracker(compiled);
  const skip = compileSkipRules(mapping.skip, sheet.headers);
  const signal = options.signal;
  const dateOrder = compiled.dateOrder;
  const roundTrip = roundTripRowCells(sheet.headers, mapping, compiled);
  // The order its dates are written in, as a spreadsheet that saved it wrote them (6/17/1966): shared
  // by every row, for the plan and the send to compare dates with the request in the file's order.
  const dayOrder = roundTrip ? roundTripDayOrder(sheet.headers) : null;
  // Batches: one await per chunk the reader decoded, not one per row (docs/benchmarks.md, finding 3).
  for await (const batch of sheet.rowBatches()) {
    const outcomes: RowOutcome[] = new Array<RowOutcome>(batch.length);
    // A column's UTC moments are read from the batch its first one comes in (utc-moment-column.ts).
    compiled.checkedRows.batch = batch;
    for (let i = 0; i < batch.length; i++) {
      signal?.throwIfAborted();
      const row = batch[i]!;
      const repeat = repeatedHeaderOutcome(row, sheet);
      if (repeat) {
        outcomes[i] = repeat;
        continue;
      }
      const skipped = skip?.(row);
      if (skipped) {
        outcomes[i] = { row: row.row, status: 'skipped', problems: [], skipped, cells: row.cells };
        continue;
      }
      const outcome = validateCompiledRow(row, compiled);
      roundTrip?.(outcome, row.cells);
      if (dayOrder) {
        dayOrder.watch(row.cells);
        outcome.dayOrder = dayOrder.order;
      }
      if (dateOrder.length > 0) afterRow(dateOrder, row.row);
      duplicates(outcome);
      outcomes[i] = outcome;
    }
    if (outcomes.length > 0) yield outcomes;
  }
  // The rows above a date column's proof were checked before it: whoever holds them marks them.
  const found = dateOrderFound(dateOrder);
  if (found) options.dateOrder?.set(found);
}

/**
 * What a round-trip CSV's row carries, updating, for the plan and the send to compare with its request
 * (null for any other file): the cells of the columns an update cannot change (read-only-cells.ts), so
 * an edit there is never dropped as "unchanged", and the row's stamps (round-trip-csv-stamp.ts), so a
 * request changed since the export is a conflict. Shared with the app's re-check of a fixed row
 * (recheck-rows.ts), which before lost them: a conflict fixed with its stamp as it was went out.
 */
export function roundTripRowCells(
  headers: readonly string[],
  mapping: Mapping,
  compiled: CompiledMapping,
): ((outcome: RowOutcome, cells: readonly Cell[]) => void) | null {
  if (!compiled.roundTripCsv || compiled.mode !== 'update') return null;
  const readOnly = readOnlyHeaders(headers, new Set(mapping.columns.map((column) => column.column)));
  const updatedAt = headers.indexOf('updated_at');
  const createdAt = headers.indexOf('created_at');
  return (outcome, cells) => {
    if (readOnly.length > 0)
      outcome.readOnlyCells = readOnly.map((index) => ({
        column: headers[index]!,
        text: cellText(cells[index] ?? null),
      }));
    if (updatedAt >= 0)
      outcome.exportStamps = {
        updatedAt: cellText(cells[updatedAt] ?? null),
        createdAt: createdAt >= 0 ? cellText(cells[createdAt] ?? null) : null,
      };
  };
}

/** Marks a row whose key an earlier row already has: importing both would create or update twice. */
export function duplicateTracker(compiled: CompiledMapping): (outcome: RowOutcome) => void {
  const plan = compiled.duplicateColumn;
  if (!plan) return () => {};
  const firstRow = new Map<string, number>();
  // The match column's trimmed text is already on the outcome; read the cell only for reference_value_1.
  const isMatch = plan === compiled.matchColumn;
  const mark = duplicateMarker(compiled);
  return (outcome) => {
    const key = isMatch ? (outcome.matchValue ?? '') : cellText(outcome.cells[plan.index] ?? null).trim();
    if (key === '') return;
    // "N/A" on two rows is no key at all: each row is refused for it already (key_placeholder).
    if (plan.placeholderRule === 'refuse' && placeholderIn(plan, key) !== null) return;
    // Letter case and spacing aside: "CLM-1" and "clm-1" in one file are one claim, and creating both
    // made two requests for it (the account's check says the same of a near key: find-existing.ts).
    const near = nearKey(key);
    const first = firstRow.get(near);
    if (first === undefined) {
      // Kept to the end of the file: a detached copy, so that it does not hold the whole decoded chunk.
      firstRow.set(detachedText(near), outcome.row);
      return;
    }
    mark(outcome, first, key);
  };
}

/**
 * Marks an outcome as a duplicate of row `first` in the file (`key` defaults to the outcome's own).
 * Shared by duplicateTracker and the app's one-row re-check (recheck-rows.ts), so both say the same.
 */
export function duplicateMarker(
  compiled: CompiledMapping,
): (outcome: RowOutcome, first: number, key?: string) => void {
  const plan = compiled.duplicateColumn;
  const isMatch = plan === compiled.matchColumn;
  return (outcome, first, key) => {
    if (!plan) return;
    const value =
      key ?? (isMatch ? (outcome.matchValue ?? '') : cellText(outcome.cells[plan.index] ?? null).trim());
    const refusal = problem('duplicate_in_file', {
      row: outcome.row,
      label: plan.label,
      target: plan.target.path,
      what: plan.what,
      value,
      firstRow: first,
    });
    // Updating, the two rows are two instructions for one request, not a second copy of it: the plan
    // compares what each sets once it knows their requests (same-request.ts), so the body is kept aside.
    if (compiled.mode !== 'create' && outcome.status === 'valid' && outcome.body)
      outcome.provisional = { why: 'repeat', firstRow: first, body: outcome.body, refusal };
    outcome.problems.push(refusal);
    outcome.status = 'invalid';
    outcome.action = 'duplicate_in_file';
    delete outcome.body;
  };
}
