import { problem } from '../problems/format.ts';
import type { Problem } from '../problems/problem.ts';
import type { Mapping } from './schema.ts';

export interface MissingColumn {
  /** Where the mapping names the column: "columns[3].column", "skip.whenBlank[0]". */
  path: string;
  problem: Problem;
}

/**
 * The columns the mapping names (mapped columns, and the columns of `skip.whenBlank`) that the sheet
 * lacks, each naming the headers that do exist. Exact header match.
 */
export function checkMappingAgainstHeaders(
  mapping: Mapping,
  headers: string[],
  fileName: string,
  sheet: string | null = null,
): MissingColumn[] {
  const present = new Set(headers);
  const reported = new Set<string>();
  const missing: MissingColumn[] = [];
  const check = (column: string, target: string | null, path: string): void => {
    if (present.has(column) || reported.has(column)) return;
    reported.add(column);
    missing.push({
      path,
      problem: problem('missing_column', {
        row: null,
        label: column,
        target,
        value: null,
        column,
        file: fileName,
        sheet,
        headers,
      }),
    });
  };
  mapping.columns.forEach((column, index) => check(column.column, column.target, `columns[${index}].column`));
  mapping.skip?.whenBlank?.forEach((column, index) => check(column, null, `skip.whenBlank[${index}]`));
  return missing;
}
