/** The `.xlsx` validation report: the rows with `_status`/`_errors`, offending cells marked, a summary sheet. */
import type { Problem } from '../problems/problem.ts';
import type { RowOutcome, ValidationSummary } from '../validate/types.ts';
import { ErrorTally } from './error-tally.ts';
import { dateOrderDoubtWords, decimalMarkDoubtWords } from '../validate/date-order.ts';
import { dateOrderChoiceWords } from '../validate/date-order-choice.ts';
import { uncomparedDatesWords } from '../validate/uncompared-dates.ts';
import { skippedChecksHeading } from '../validate/summary.ts';
import { problemText, problemsCellText } from './problem-text.ts';
import { tooBigToCopy } from './workbook-copy-limit.ts';
import {
  bigWorkbookNotice,
  newWorkbookNote,
  openStreamedWorkbook,
  writeWorkbookCopy,
  type SummaryLines,
  type WorkbookLayout,
  type WorkbookRow,
} from './report-workbook.ts';
import { ACTION_COLUMN, CHANGES_COLUMN, ERRORS_COLUMN, STATUS_COLUMN } from '../read/tool-columns.ts';
import { showsChanges, type ValidationReportOptions } from './validation-rows.ts';
import {
  blankPolicyLine,
  changeSummaryLine,
  changesCellText,
  ChangeTally,
} from '../validate/change-summary.ts';
import type { ValidationReportWriter } from './validation-rows.ts';

export async function openValidationXlsx(
  path: string,
  options: ValidationReportOptions,
): Promise<ValidationReportWriter> {
  const layout: WorkbookLayout = {
    headers: options.headers,
    headerRow: options.headerRow ?? 1,
    sheet: options.sheet,
    toolHeaders: [
      STATUS_COLUMN,
      ERRORS_COLUMN,
      ...(options.live ? [ACTION_COLUMN] : []),
      ...(showsChanges(options) ? [CHANGES_COLUMN] : []),
    ],
  };
  const columnIndex = headerIndex(options.headers);
  const tally = new ErrorTally();
  const changes = new ChangeTally(options.blankPolicies);
  const toRow = (outcome: RowOutcome): WorkbookRow => {
    tally.add(outcome.row, outcome.problems);
    changes.add(outcome);
    return {
      row: outcome.row,
      cells: outcome.cells,
      tool: [
        outcome.status,
        (outcome.skipped ? outcome.skipped.reason : problemsCellText(outcome.problems, outcome.notes)) ||
          null,
        ...(options.live ? [outcome.action ?? null] : []),
        ...(showsChanges(options) ? [changesCellText(outcome) || null] : []),
      ],
      marks: marksOf(outcome.problems, columnIndex),
      bad: outcome.status === 'invalid',
      ...(outcome.changes?.length ? { changed: changedCells(outcome, columnIndex) } : {}),
    };
  };

  if (options.workbook) {
    // A copy of the user's workbook is written whole at the end; the annotated rows wait until then,
    // unless the sheet grows too big to copy (workbook-copy-limit.ts): then the rows waiting go into a
    // new workbook streamed from there on, so memory stays flat and nothing is left to do at the end.
    const source = options.workbook;
    const rows: WorkbookRow[] = [];
    let streamed: Awaited<ReturnType<typeof openStreamedWorkbook>> | null = null;
    let tooBig: string | null = null;
    return {
      async add(outcome) {
        const row = toRow(outcome);
        if (streamed) return streamed.add(row);
        rows.push(row);
        tooBig = tooBigToCopy(rows.length, layout.headers.length);
        if (tooBig === null) return;
        // Said when it is decided, not after the whole sheet: the clerk knows what is coming.
        options.onNotice?.(bigWorkbookNotice('report', tooBig));
        streamed = await openStreamedWorkbook(path, layout);
        for (const waiting of rows) await streamed.add(waiting);
        rows.length = 0;
      },
      async close(summary) {
        const lines = summaryLines(options, summary, tally, changes);
        if (streamed) {
          await streamed.close([...newWorkbookNote(tooBig!), ...lines]);
          return path;
        }
        await writeWorkbookCopy(path, source, layout, rows, lines, {
          ...(options.onNotice ? { onNotice: options.onNotice } : {}),
          ...(options.workbookSha256 ? { sha256: options.workbookSha256 } : {}),
          what: 'report',
        });
        return path;
      },
      async discard() {
        rows.length = 0;
        await streamed?.discard();
      },
    };
  }
  const streamed = await openStreamedWorkbook(path, layout);
  return {
    add: (outcome) => streamed.add(toRow(outcome)),
    async close(summary) {
      await streamed.close(summaryLines(options, summary, tally, changes));
      return path;
    },
    discard: () => streamed.discard(),
  };
}

/** Header → index, exact first, then as mappings match headers (trimmed, case-insensitive). */
export function headerIndex(headers: string[]): (column: string | null) => number | undefined {
  const exact = new Map(headers.map((header, index) => [header, index]));
  const loose = new Map(headers.map((header, index) => [header.trim().toLowerCase(), index]));
  return (column) =>
    column === null ? undefined : (exact.get(column) ?? loose.get(column.trim().toLowerCase()));
}

export function marksOf(
  problems: Pick<Problem, 'column' | 'target' | 'value' | 'message'>[],
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

/** The cells a row's update would change, each with its note: "Notes: 'Check gym' → 'Follow up'". */
function changedCells(
  outcome: RowOutcome,
  columnIndex: (column: string | null) => number | undefined,
): Map<number, string> {
  const cells = new Map<number, string>();
  for (const change of outcome.changes ?? []) {
    const index = columnIndex(change.column);
    if (index === undefined) continue;
    const line = `${change.label}: '${change.old}' → '${change.new}'`;
    cells.set(index, cells.has(index) ? `${cells.get(index)}\n${line}` : line);
  }
  return cells;
}

function summaryLines(
  options: ValidationReportOptions,
  summary: ValidationSummary,
  tally: ErrorTally,
  changes: ChangeTally,
): SummaryLines {
  const lines: SummaryLines = [
    ['Validation report', null],
    ['File', options.file],
    ['Sheet', options.sheet ?? '(delimited text)'],
    ['Mode', options.mode],
    ['Rows checked', summary.rows],
    ['Valid', summary.valid],
    ['Invalid', summary.invalid],
    ['Blank rows skipped', summary.skippedBlank],
  ];
  if (summary.hiddenRows?.length) {
    lines.push(['Rows hidden in Excel (checked too)', summary.hiddenRows.length]);
  }
  if (summary.skipped) {
    lines.push(['Rows left out by the mapping (skip)', summary.skipped]);
    for (const [rule, count] of Object.entries(summary.skippedByRule ?? {}))
      lines.push([null, `skip.${rule}: ${count}`]);
  }
  lines.push([]);
  if (summary.dateOrderDoubts?.length) {
    // Rows already written as valid above when a row below proved their date column's order.
    lines.push(['Dates in doubt (counted valid above)', 'Rows']);
    for (const doubt of summary.dateOrderDoubts) lines.push([dateOrderDoubtWords(doubt), doubt.rows]);
    lines.push([]);
  }
  if (summary.dateOrderChoices?.length) {
    // The app's one-click date order: one line per column, naming the dateFormat that settles its rows.
    lines.push(['Date order to choose (once per column)', 'Rows']);
    for (const choice of summary.dateOrderChoices)
      lines.push([dateOrderChoiceWords(choice), choice.bothWays]);
    lines.push([]);
  }
  if (summary.datesUncompared) {
    // Offline: counted valid without the stored day; the import compares them.
    lines.push(['Dates not compared (no connection)', 'Rows']);
    lines.push([uncomparedDatesWords(summary.datesUncompared), summary.datesUncompared.rows]);
    lines.push([]);
  }
  if (summary.decimalMarkDoubts?.length) {
    // The same for a number column whose decimal mark a row below proved.
    lines.push(['Numbers in doubt (counted valid above)', 'Rows']);
    for (const doubt of summary.decimalMarkDoubts) lines.push([decimalMarkDoubtWords(doubt), doubt.rows]);
    lines.push([]);
  }
  if (summary.mappingProblems?.length) {
    // Once each, with the rows they make invalid: fixing the mapping fixes all of those rows.
    lines.push(['Problems of the mapping (not of a cell)', 'Rows']);
    for (const problem of summary.mappingProblems) lines.push([problem.message, problem.rows]);
    lines.push([]);
  }
  const preview = changes.summary();
  if (preview) {
    // Issue 18: what the update would change, field by field, with each field's blank-cell policy.
    lines.push(['Change preview', changeSummaryLine(preview)]);
    lines.push(['Field that would change', 'Rows', 'Blank cells']);
    for (const field of preview.fields) lines.push([field.label, field.rows, field.blank ?? null]);
    const policy = blankPolicyLine(options.blankPolicies ?? []);
    if (policy) lines.push(['Blank cells', policy]);
    lines.push([]);
  }
  const reading = options.readingNotes?.(preview) ?? [];
  if (reading.length) {
    lines.push(['How the file was read (guessed)', null]);
    for (const note of reading) lines.push([null, note]);
    lines.push([]);
  }
  if (options.skippedChecks?.length) {
    lines.push([skippedChecksHeading(options.skippedChecks, options.live === true), null]);
    for (const check of options.skippedChecks) lines.push([null, check]);
    lines.push([]);
  }
  return [...lines, ...tally.lines()];
}
