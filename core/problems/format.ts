import { PROBLEM_WORDING, translationFix, type ProblemCode } from './catalogue.ts';
import type { Problem } from './problem.ts';

/** The one place a problem code and its fields become words. An unknown code is a bug, so it throws. */
export function formatProblem(code: ProblemCode, params: Record<string, unknown>): string {
  const wording = (PROBLEM_WORDING as Record<string, (p: Record<string, unknown>) => string>)[code];
  if (!wording) throw new Error(`formatProblem: unknown problem code ${JSON.stringify(code)}`);
  const words = wording(params);
  // A value the column's "values" translated: whatever the target refuses, the fix is that translation.
  return params.translatedFrom === undefined ? words : `${words}; ${translationFix(params)}`;
}

export interface ProblemFields {
  row: number | null;
  /** Source column, or "constant <target>" / the rule behind it. */
  label: string | null;
  target: string | null;
  value: string | null;
  [param: string]: unknown;
}

/** Builds a Problem whose message comes from the catalogue. */
export function problem(code: ProblemCode, fields: ProblemFields): Problem {
  return {
    row: fields.row,
    column: fields.label,
    target: fields.target,
    value: fields.value,
    code,
    message: formatProblem(code, fields),
  };
}
