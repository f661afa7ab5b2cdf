import { problem } from '../problems/format.ts';
import type { Problem } from '../problems/problem.ts';
import type { Mapping } from './schema.ts';

/** The mapping's columns the sheet lacks, each naming the headers that do exist. Exact header match. */
export function checkMappingAgainstHeaders(mapping: Mapping, headers: string[], fileName: string): Problem[] {
  const present = new Set(headers);
  const reported = new Set<string>();
  const problems: Problem[] = [];
  for (const column of mapping.columns) {
    if (present.has(column.column) || reported.has(column.column)) continue;
    reported.add(column.column);
    problems.push(
      problem('missing_column', {
        row: null,
        label: column.column,
        target: column.target,
        value: null,
        column: column.column,
        file: fileName,
        headers,
      }),
    );
  }
  return problems;
}
