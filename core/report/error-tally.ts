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

  /** "Errors by column | Target | Errors | Rows", most errors first. */
  lines(): SummaryLines {
    const entries = [...this.byColumn.values()].sort((a, b) => b.errors - a.errors);
    return [
      ['Errors by column', 'Target', 'Errors', 'Rows'],
      ...entries.map((entry) => [entry.column, entry.target, entry.errors, entry.rows.size]),
    ];
  }
}
