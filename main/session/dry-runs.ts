/**
 * Dry runs kept in main: every row's outcome from core's validation, paged to the grid on demand (so
 * 100,000 rows never cross the bridge at once), with inline fixes re-validated by core at once. The
 * outcomes are what the report writers and the import runner consume afterwards.
 */
import { randomUUID } from 'node:crypto';
import { cellText, type Cell, type RowOutcome, type SourceRow } from '../../core/index.ts';
import type { DryRunSummary, GridRow } from '../bridge/contract.ts';
import { BridgeFailure, toBridgeError } from '../bridge/failure.ts';
import type { ProgressHub } from './progress-hub.ts';

/** What validation needs to do for one run; built from core's validation by the handlers. */
export interface RowChecker {
  /**
   * Every row's outcome, in sheet order. `onChecked` counts rows validated so far, which a live dry run
   * reports before its outcomes (it gathers them all to probe the account in as few requests as possible).
   */
  rows(signal: AbortSignal, onChecked: (rows: number) => void): AsyncIterable<RowOutcome>;
  /** Notes a row of the finished pass, so that a fix knows which rows share its in-file key. */
  track(outcome: RowOutcome): void;
  /**
   * The fixed row checked again, first, then any other row whose outcome the fix changes (rows sharing
   * its in-file duplicate key before or after): only those, never the whole file (issue 13).
   */
  recheck(source: SourceRow, outcomeOf: (row: number) => RowOutcome | undefined): Promise<RowOutcome[]>;
  /** Blank rows the reader skipped (known once rows() has finished). */
  skippedBlank(): number;
}

export interface DryRun {
  runId: string;
  sourceId: string;
  profileId: string | undefined;
  fileName: string;
  sheet: string | null;
  headerRow: number;
  headers: string[];
  mapping: Record<string, unknown>;
  outcomes: RowOutcome[];
  /** Row number → position in outcomes. */
  positions: Map<number, number>;
  summary: DryRunSummary;
  checker: RowChecker;
  abort: AbortController;
  /** Resolves when every row has been checked. */
  finished: Promise<void>;
}

const EMIT_EVERY_MS = 200;

export class DryRuns {
  readonly #runs = new Map<string, DryRun>();
  readonly #hub: ProgressHub;
  readonly #log: (error: unknown) => void;

  constructor(hub: ProgressHub, log: (error: unknown) => void) {
    this.#hub = hub;
    this.#log = log;
  }

  start(init: Omit<DryRun, 'runId' | 'outcomes' | 'positions' | 'summary' | 'abort' | 'finished'>): DryRun {
    const runId = randomUUID();
    const run: DryRun = {
      ...init,
      runId,
      outcomes: [],
      positions: new Map(),
      summary: {
        runId,
        fileName: init.fileName,
        sheet: init.sheet,
        headers: init.headers,
        state: 'running',
        rows: 0,
        valid: 0,
        invalid: 0,
        skippedBlank: 0,
        checked: 0,
      },
      abort: new AbortController(),
      finished: Promise.resolve(),
    };
    // One dry run per file at a time: a new one replaces the last (the wizard re-runs after mapping edits).
    for (const other of this.#runs.values()) {
      if (other.sourceId === init.sourceId) {
        other.abort.abort();
        this.#runs.delete(other.runId);
      }
    }
    this.#runs.set(runId, run);
    run.finished = this.#consume(run);
    return run;
  }

  get(runId: string): DryRun {
    const run = this.#runs.get(runId);
    if (!run)
      throw new BridgeFailure('not_found', 'That dry run is no longer available; run the check again.');
    return run;
  }

  page(
    runId: string,
    offset: number,
    limit: number,
    onlyErrors: boolean,
  ): { total: number; rows: GridRow[] } {
    const run = this.get(runId);
    const pool = onlyErrors ? run.outcomes.filter((outcome) => outcome.status === 'invalid') : run.outcomes;
    return { total: pool.length, rows: pool.slice(offset, offset + limit).map(gridRow) };
  }

  async fix(
    runId: string,
    rowNumber: number,
    column: string,
    value: string,
  ): Promise<{ row: GridRow; summary: DryRunSummary; others: GridRow[] }> {
    const run = this.get(runId);
    if (run.summary.state === 'running') {
      throw new BridgeFailure('busy', 'Wait for the dry run to finish before fixing cells.');
    }
    const position = run.positions.get(rowNumber);
    const columnIndex = run.headers.indexOf(column);
    if (position === undefined)
      throw new BridgeFailure('not_found', `Row ${rowNumber} is not in this dry run.`);
    if (columnIndex < 0)
      throw new BridgeFailure('not_found', `Column '${column}' is not in ${run.fileName}.`);
    const before = run.outcomes[position] as RowOutcome;
    const cells: Cell[] = [...before.cells];
    while (cells.length < run.headers.length) cells.push(null);
    cells[columnIndex] = value;
    const outcomeOf = (row: number) => {
      const at = run.positions.get(row);
      return at === undefined ? undefined : run.outcomes[at];
    };
    const changed = await run.checker.recheck({ row: rowNumber, cells }, outcomeOf);
    for (const after of changed) {
      const at = run.positions.get(after.row)!;
      const previous = run.outcomes[at] as RowOutcome;
      run.outcomes[at] = after;
      this.#count(run, previous, -1);
      this.#count(run, after, +1);
    }
    run.summary = { ...run.summary };
    const [fixed, ...others] = changed.map(gridRow);
    return { row: fixed!, summary: run.summary, others };
  }

  /** Adds (+1) or takes away (-1) one outcome from the valid/invalid counts, as #consume counts them. */
  #count(run: DryRun, outcome: RowOutcome, sign: 1 | -1): void {
    if (outcome.status === 'skipped') return;
    run.summary.rows += sign;
    if (outcome.status === 'valid') run.summary.valid += sign;
    else run.summary.invalid += sign;
  }

  async #consume(run: DryRun): Promise<void> {
    let lastEmit = 0;
    const emit = (force: boolean) => {
      const now = Date.now();
      if (!force && now - lastEmit < EMIT_EVERY_MS) return;
      lastEmit = now;
      run.summary = { ...run.summary };
      this.#hub.emit({ kind: 'dryRun', summary: run.summary });
    };
    try {
      const onChecked = (rows: number) => {
        run.summary.checked = rows;
        emit(false);
      };
      for await (const outcome of run.checker.rows(run.abort.signal, onChecked)) {
        run.positions.set(outcome.row, run.outcomes.length);
        run.outcomes.push(outcome);
        run.checker.track(outcome);
        // Rows the mapping's `skip` rules leave out are shown, but are not data rows (core's SummaryCounter).
        if (outcome.status !== 'skipped') {
          run.summary.rows += 1;
          run.summary.checked = Math.max(run.summary.checked, run.summary.rows);
          if (outcome.status === 'valid') run.summary.valid += 1;
          else run.summary.invalid += 1;
        }
        emit(false);
      }
      run.summary.skippedBlank = run.checker.skippedBlank();
      run.summary.state = 'done';
    } catch (error) {
      if (run.abort.signal.aborted) return;
      run.summary.state = 'failed';
      run.summary.error = toBridgeError(error, this.#log);
    }
    emit(true);
  }

  closeAll(): void {
    for (const run of this.#runs.values()) run.abort.abort();
    this.#runs.clear();
  }
}

function gridRow(outcome: RowOutcome): GridRow {
  return {
    row: outcome.row,
    status: outcome.status,
    action: outcome.action ?? null,
    targetId: outcome.targetId ?? null,
    cells: outcome.cells.map(cellText),
    problems: outcome.problems.map((problem) => ({
      column: problem.column,
      target: problem.target,
      value: problem.value,
      code: problem.code,
      message: problem.message,
    })),
  };
}
