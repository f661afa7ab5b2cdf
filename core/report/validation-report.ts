/**
 * The validation report (CONTRACTS section 3) in its three forms, chosen by the output's extension.
 * Rows are added as validation streams them; the file appears, whole, when the report is closed.
 *
 * - `.json`: `{ file, sheet, mode, summary, skippedChecks?, rows }`, every non-blank data row with its
 *   status, its errors `{ column, target, value, code, message }` and, in a live dry run, its `action`.
 * - `.csv`: the source rows as the user sees them with `_status`, `_errors` (and `_action` when live)
 *   appended; UTF-8 with BOM, CRLF, formula-like text neutralised.
 * - `.xlsx`: see report-workbook.ts.
 */
import { InputError } from '../errors.ts';
import { asDiskFull } from '../files/disk-full.ts';
import { checkWritableTarget, reportFormatOf } from './report-types.ts';
import type { ValidationReportOptions, ValidationReportWriter } from './validation-rows.ts';
import { openValidationJson } from './validation-json.ts';
import { openValidationCsv } from './validation-csv.ts';
import { openValidationXlsx } from './validation-xlsx.ts';

export type { ValidationReportWriter } from './validation-rows.ts';

export async function openValidationReport(
  path: string,
  options: ValidationReportOptions,
): Promise<ValidationReportWriter> {
  const format = reportFormatOf(path);
  if (format === null) {
    throw new InputError(
      'report_format',
      `report '${path}' must end in .json, .csv or .xlsx (the extension picks the format)`,
    );
  }
  await checkWritableTarget(path, 'report');
  const named = <T>(step: Promise<T>): Promise<T> =>
    step.catch((error: unknown) => Promise.reject(asDiskFull(error, path)));
  const writer = await named(
    Promise.resolve().then(() =>
      format === 'csv'
        ? openValidationCsv(path, options)
        : format === 'json'
          ? openValidationJson(path, options)
          : openValidationXlsx(path, options),
    ),
  );
  // A full disk names the report (explore 10 item 2), not Node's bare "ENOSPC: …, write".
  return {
    add: (outcome) => named(writer.add(outcome)),
    close: (summary) => named(writer.close(summary)),
    discard: () => named(writer.discard()),
  };
}
