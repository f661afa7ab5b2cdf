/** The shape of one report row, shared by the three report forms, the CLI and the app. */
import type { Problem } from '../problems/problem.ts';
import type { RowOutcome, ValidationSummary } from '../validate/types.ts';
import type { RowAction } from '../validate/types.ts';
import type { SkipRule } from '../validate/skip-rows.ts';
import type { ReportSource } from './report-types.ts';

export interface ValidationReportOptions extends ReportSource {
  /** Offline runs: the checks that needed the account and were skipped (listed in every form). */
  skippedChecks?: string[];
  /** A live dry run: rows carry the action the import would take. */
  live?: boolean;
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
  errors: ReportError[];
}

export interface ValidationReport {
  file: string;
  sheet: string | null;
  mode: ReportSource['mode'];
  summary: ValidationSummary;
  skippedChecks?: string[];
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
    errors: outcome.problems.map(reportError),
  };
}
