/** The shape of one report row, shared by the three report forms, the CLI and the app. */
import type { Problem } from '../problems/problem.ts';
import type { RowOutcome, ValidationSummary } from '../validate/types.ts';
import type { RowAction } from '../validate/types.ts';
import type { SkipRule } from '../validate/skip-rows.ts';
import type { BlankPolicy, ChangeSummary } from '../validate/change-summary.ts';
import type { ReportSource } from './report-types.ts';

export interface ValidationReportOptions extends ReportSource {
  /** Offline runs: the checks that needed the account and were skipped (listed in every form). */
  skippedChecks?: string[];
  /** A live dry run: rows carry the action the import would take. */
  live?: boolean;
  /** Update/upsert: the blank-cell policy of each mapped column, spelled out beside the changes. */
  blankPolicies?: BlankPolicy[];
  /**
   * What the reader guessed that may be wrong (read/reading-notes.ts), asked when the report is
   * written: some notes are known only once every row has been read (given the rows' change preview:
   * an upsert's constants are said with the matched rows they change).
   */
  readingNotes?: (changes: ChangeSummary | null) => string[];
}

/** A report being written (validation-report.ts opens the form its extension names). */
export interface ValidationReportWriter {
  add(outcome: RowOutcome): Promise<void>;
  /** Writes the file (atomically) and returns the path written. */
  close(summary: ValidationSummary): Promise<string>;
  /** Gives up without writing (leaves any previous report in place). */
  discard(): Promise<void>;
}

/** Whether a report shows the change preview: a live dry run of updates (issue 18). */
export function showsChanges(options: ValidationReportOptions): boolean {
  return options.live === true && options.mode !== 'create';
}

/** One field a row would change, in a report (CONTRACTS section 3, added). */
export interface ReportChange {
  column: string | null;
  target: string;
  label: string;
  old: string;
  new: string;
}

export interface ReportError {
  column: string | null;
  target: string | null;
  value: string | null;
  code: string;
  message: string;
  /** "mapping": the problem comes from the mapping, not from this row's cells (see Problem.scope). */
  scope?: 'mapping';
}

export interface ValidationReportRow {
  row: number;
  /** `skipped`: left out by the mapping's `skip` rules (not data); `skippedBy` and `reason` say why. */
  status: 'valid' | 'invalid' | 'skipped';
  skippedBy?: SkipRule;
  reason?: string;
  action?: RowAction;
  /** The existing request an update would go to (live dry run). */
  targetId?: number;
  /** Live dry run, update/upsert: each field the update would change (empty: `unchanged`). */
  changes?: ReportChange[];
  errors: ReportError[];
  /** What the row imports without part of it (a date's time of day): said, not refused. */
  notes?: ReportError[];
}

export interface ValidationReport {
  file: string;
  sheet: string | null;
  mode: ReportSource['mode'];
  summary: ValidationSummary;
  skippedChecks?: string[];
  /** How the file was read where that was a guess that may be wrong (encoding, delimiter). */
  reading?: string[];
  /** Live dry run, update/upsert: the changes summed up, with the blank-cell policy beside each field. */
  changes?: ChangeSummary;
  /** Update/upsert: what a blank cell does in each mapped column. */
  blankCells?: BlankPolicy[];
  rows: ValidationReportRow[];
}

export function reportError(problem: Problem): ReportError {
  const { column, target, value, code, message } = problem;
  return { column, target, value, code, message, ...(problem.scope ? { scope: problem.scope } : {}) };
}

export function validationReportRow(outcome: RowOutcome): ValidationReportRow {
  return {
    row: outcome.row,
    status: outcome.status,
    ...(outcome.skipped ? { skippedBy: outcome.skipped.rule, reason: outcome.skipped.reason } : {}),
    ...(outcome.action ? { action: outcome.action } : {}),
    ...(outcome.targetId !== undefined ? { targetId: outcome.targetId } : {}),
    ...(outcome.changes
      ? {
          changes: outcome.changes.map(({ column, target, label, old, new: next }) => ({
            column,
            target,
            label,
            old,
            new: next,
          })),
        }
      : {}),
    errors: outcome.problems.map(reportError),
    ...(outcome.notes ? { notes: outcome.notes.map(reportError) } : {}),
  };
}
