/** The `.xlsx` validation report: the rows with `_status`/`_errors`, offending cells marked, a summary sheet. */
import type { Problem } from '../problems/problem.ts';
import type { RowOutcome, ValidationSummary } from '../validate/types.ts';
import { writeFileAtomic } from './atomic-write.ts';
import { problemText, problemsCellText } from './problem-text.ts';
import { buildReportWorkbook, type WorkbookRow } from './report-workbook.ts';
import { ACTION_COLUMN, ERRORS_COLUMN, STATUS_COLUMN } from './tool-columns.ts';
import type { ValidationReportOptions } from './validation-rows.ts';

export async function writeValidationXlsx(
  path: string,
  options: ValidationReportOptions,
  outcomes: RowOutcome[],
  summary: ValidationSummary,
): Promise<void> {
  const columnIndex = headerIndex(options.headers);
  const rows = outcomes.map((outcome): WorkbookRow => ({
    row: outcome.row,
    cells: outcome.cells,
    tool: [
      outcome.status,
      problemsCellText(outcome.problems) || null,
      ...(options.live ? [outcome.action ?? null] : []),
    ],
    marks: marksOf(outcome.problems, columnIndex),
    bad: outcome.status === 'invalid',
  }));
  const workbook = await buildReportWorkbook({
    headers: options.headers,
    headerRow: options.headerRow ?? 1,
    sheet: options.sheet,
    toolHeaders: [STATUS_COLUMN, ERRORS_COLUMN, ...(options.live ? [ACTION_COLUMN] : [])],
    ...(options.workbook ? { workbook: options.workbook } : {}),
    rows,
    summary: summaryLines(options, outcomes, summary),
  });
  await writeFileAtomic(path, new Uint8Array(await workbook.xlsx.writeBuffer()));
}

/** Header → index, exact first, then as mappings match headers (trimmed, case-insensitive). */
export function headerIndex(headers: string[]): (column: string | null) => number | undefined {
  const exact = new Map(headers.map((header, index) => [header, index]));
  const loose = new Map(headers.map((header, index) => [header.trim().toLowerCase(), index]));
  return (column) =>
    column === null ? undefined : (exact.get(column) ?? loose.get(column.trim().toLowerCase()));
}

function marksOf(
  problems: Problem[],
  columnIndex: (column: string | null) => number | undefined,
): Map<number, string[]> {
  const marks = new Map<number, string[]>();
  for (const problem of problems) {
    const index = columnIndex(problem.column);
    if (index === undefined) continue;
    marks.set(index, [...(marks.get(index) ?? []), problemText(problem)]);
  }
  return marks;
}

function summaryLines(
  options: ValidationReportOptions,
  outcomes: RowOutcome[],
  summary: ValidationSummary,
): (string | number | null)[][] {
  const lines: (string | number | null)[][] = [
    ['Validation report', null],
    ['File', options.file],
    ['Sheet', options.sheet ?? '(delimited text)'],
    ['Mode', options.mode],
    ['Rows checked', summary.rows],
    ['Valid', summary.valid],
    ['Invalid', summary.invalid],
    ['Blank rows skipped', summary.skippedBlank],
    [],
  ];
  if (options.skippedChecks?.length) {
    lines.push(['Checks skipped (no connection to the account)', null]);
    for (const check of options.skippedChecks) lines.push([null, check]);
    lines.push([]);
  }
  lines.push(['Errors by column', 'Target', 'Errors', 'Rows']);
  const byColumn = new Map<string, { target: string; errors: number; rows: Set<number> }>();
  for (const outcome of outcomes) {
    for (const problem of outcome.problems) {
      const key = `${problem.column ?? '(no column)'}\u0000${problem.target ?? ''}`;
      const entry = byColumn.get(key) ?? { target: problem.target ?? '', errors: 0, rows: new Set<number>() };
      entry.errors++;
      entry.rows.add(outcome.row);
      byColumn.set(key, entry);
    }
  }
  for (const [key, entry] of [...byColumn].sort((a, b) => b[1].errors - a[1].errors)) {
    lines.push([key.split('\u0000')[0]!, entry.target, entry.errors, entry.rows.size]);
  }
  return lines;
}
