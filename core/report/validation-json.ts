import type { RowOutcome, ValidationSummary } from '../validate/types.ts';
import { writeFileAtomic } from './atomic-write.ts';
import {
  validationReportRow,
  type ValidationReport,
  type ValidationReportOptions,
} from './validation-rows.ts';

/** The `.json` validation report, written whole and atomically; one row per line so diffs stay readable. */
export async function writeValidationJson(
  path: string,
  options: ValidationReportOptions,
  outcomes: RowOutcome[],
  summary: ValidationSummary,
): Promise<void> {
  const head: Omit<ValidationReport, 'rows'> = {
    file: options.file,
    sheet: options.sheet,
    mode: options.mode,
    summary,
    ...(options.skippedChecks ? { skippedChecks: options.skippedChecks } : {}),
  };
  const rows = outcomes.map((outcome) => JSON.stringify(validationReportRow(outcome)));
  const text =
    JSON.stringify(head).slice(0, -1) +
    ',"rows":[' +
    (rows.length ? '\n' + rows.join(',\n') + '\n' : '') +
    ']}\n';
  await writeFileAtomic(path, text);
}
