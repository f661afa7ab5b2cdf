/**
 * Problem codes come from the catalogue (core/problems/catalogue.ts): a code outside it does not
 * compile (checked by `npm run typecheck`, which covers test/), and every code has its wording.
 */
import { describe, expect, it } from 'vitest';
import { PROBLEM_WORDING, type ProblemCode } from '../../core/problems/catalogue.ts';
import { formatProblem, problem } from '../../core/problems/format.ts';
import type { Problem } from '../../core/problems/problem.ts';
import { CLI_WAYS_OUT } from '../../cli/ways-out.ts';

describe('the problem catalogue', () => {
  it('types Problem.code: a code outside the catalogue is a compile error', () => {
    const known: Problem = {
      row: 2,
      column: 'id',
      target: 'id',
      value: '9',
      code: 'not_in_export',
      message: '',
    };
    // @ts-expect-error: 'made_up_code' is not in the catalogue
    const unknown: Problem = { ...known, code: 'made_up_code' };
    expect([known.code, unknown.code]).toEqual(['not_in_export', 'made_up_code']);
  });

  it('words every code as a sentence, and refuses an unknown one as the bug it is', () => {
    const fields = { row: 3, label: 'Column', target: 'notes', value: 'x', what: 'Notes' };
    for (const code of Object.keys(PROBLEM_WORDING) as ProblemCode[]) {
      expect(problem(code, fields, CLI_WAYS_OUT).message, code).toMatch(/\S/);
    }
    expect(() => formatProblem('made_up_code' as ProblemCode, {}, CLI_WAYS_OUT)).toThrow(
      /unknown problem code/,
    );
  });
});
