/** Errors counted by source column (and target) for a report's summary sheet, as rows stream past. */
import type { ReportError } from './validation-rows.ts';
import type { SummaryLines } from './report-workbook.ts';

export class ErrorTally {
  private readonly byColumn = new Map<
    string,
    { column: string; target: string; errors: number; rows: Set<number> }
  >();

  add(row: number, errors: Pick<ReportError, 'column' | 'target'>[]): void {
    for (const error of errors) {
      const column = error.column ?? '(no column)';
      const target = error.target ?? '';
      const key = `${column}\u0000${target}`;
      const entry = this.byColumn.get(key) ?? { column, target, errors: 0, rows: new Set<number>() };
      entry.errors++;
      entry.rows.add(row);
      this.byColumn.set(key, entry);
    }
  }

  /**
   * "Errors by column | Target | Errors | Rows | First rows", most errors first. The first rows by
   * number (explore 61 item 4) let a clerk go straight to an example of each problem in a big sheet.
   */
  lines(): SummaryLines {
    const entries = [...this.byColumn.values()].sort((a, b) => b.errors - a.errors);
    return [
      ['Errors by column', 'Target', 'Errors', 'Rows', 'First rows'],
      ...entries.map((entry) => [
        entry.column,
        entry.target,
        entry.errors,
        entry.rows.size,
        firstRows(entry.rows),
      ]),
    ];
  }
}

const FIRST_ROWS = 10;

/** "2, 6, 10", ending ", …" past FIRST_ROWS rows (how many in all is in the column before). */
function firstRows(rows: Set<number>): string {
  const sorted = [...rows].sort((a, b) => a - b);
  const shown = sorted.slice(0, FIRST_ROWS).join(', ');
  return sorted.length > FIRST_ROWS ? `${shown}, …` : shown;
}
