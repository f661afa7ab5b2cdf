/**
 * The `.csv` validation report, streamed to a temp file as rows arrive and renamed into place at close,
 * so a 100k-row report never sits in memory and never appears half-written. A data row is a CSV
 * record, so a cell holding a line break still counts as one row, as in the sheet.
 */
import { CsvWriter } from '../files/csv-writer.ts';
import type { RowOutcome } from '../validate/types.ts';
import { openAtomicStream } from '../files/atomic-write.ts';
import { problemsCellText } from './problem-text.ts';
import { csvCell } from './report-cells.ts';
import {
  ACTION_COLUMN,
  CHANGES_COLUMN,
  ERRORS_COLUMN,
  STATUS_COLUMN,
  isToolColumn,
} from '../read/tool-columns.ts';
import { showsChanges, type ValidationReportOptions } from './validation-rows.ts';
import { changesCellText } from '../validate/change-summary.ts';
import type { ValidationReportWriter } from './validation-rows.ts';

export async function openValidationCsv(
  path: string,
  options: ValidationReportOptions,
): Promise<ValidationReportWriter> {
  const target = await openAtomicStream(path);
  const writer = new CsvWriter(target.stream, { bom: true });
  const keep = options.headers.map((header) => !isToolColumn(header));
  const changes = showsChanges(options);
  const toolHeaders = [
    STATUS_COLUMN,
    ERRORS_COLUMN,
    ...(options.live ? [ACTION_COLUMN] : []),
    ...(changes ? [CHANGES_COLUMN] : []),
  ];
  // Blank lines keep the header and every row at the row number the messages name, so "row 7" is row 7
  // here too, and a mapping that pins `source.headerRow` still finds its header when the report is
  // validated again. (Title rows above the header are not kept: the reader does not hand them on.)
  let lastRow = 0;
  const padTo = async (row: number): Promise<void> => {
    for (; lastRow < row - 1; lastRow++) await writer.writeRow([]);
    lastRow = row;
  };
  await padTo(options.headerRow ?? 1);
  await writer.writeHeader([...options.headers.filter((_, index) => keep[index]), ...toolHeaders]);
  return {
    async add(outcome: RowOutcome) {
      await padTo(outcome.row);
      const cells = options.headers
        .map((_, index) => csvCell(outcome.cells[index] ?? null))
        .filter((_, index) => keep[index]);
      const tool = [
        outcome.status,
        outcome.skipped ? outcome.skipped.reason : problemsCellText(outcome.problems, outcome.notes),
        ...(options.live ? [outcome.action ?? ''] : []),
        ...(changes ? [changesCellText(outcome)] : []),
      ];
      await writer.writeRow([...cells, ...tool]);
    },
    async close() {
      await writer.end();
      await target.commit();
      return path;
    },
    async discard() {
      await writer.end();
      await target.abandon();
    },
  };
}
