/**
 * A row whose request Trackops, or a gateway in front of it, refused as too large (413) or too long
 * (414): failed, not to be retried as it is (explore 29 item 6: "run again with --resume to retry this
 * row" got the same 413 forever). The message names the row's longest values by the column that gave
 * them, so the clerk knows which cell to shorten; the error's target is the longest, so the results
 * mark its cell.
 */
import type { TooLargeError } from '../api/errors.ts';
import { targetWords, type TargetWordsContext } from '../mapping/target-words.ts';
import { formatProblem } from '../problems/format.ts';
import type { RowOutcome } from '../validate/types.ts';
import { mappingTargetOf } from './api-paths.ts';
import type { OutcomeLine } from './journal.ts';
import { thousands } from '../thousands.ts';

type ColumnOf = (target: string, outcome: RowOutcome) => { column: string | null; value: string | null };

export function tooLargeFailure(
  outcome: RowOutcome,
  error: TooLargeError,
  columnOf: ColumnOf | undefined,
  words: TargetWordsContext | undefined,
): Omit<OutcomeLine, 'type'> {
  const values = error.longest.map((value) => {
    // A 414's values are the look-up's filters, named as the mapping's targets already (`reference_value_1`).
    const target = error.part === 'body' ? mappingTargetOf(value.path, outcome.body) : value.path;
    const where = columnOf?.(target, outcome);
    const column = where?.column ?? null;
    return {
      target,
      // The cell's length is what the clerk sees and shortens (the value sent was trimmed, mapped).
      length: typeof where?.value === 'string' ? [...where.value].length : value.length,
      // No column gives it: a constant of the mapping, or a value the tool adds (said in the target's words).
      label: column !== null ? `column '${column}'` : `${targetWords(target, words)} (no column gives it)`,
    };
  });
  return {
    row: outcome.row,
    status: 'failed',
    error: {
      code: 'api_too_large',
      message: formatProblem('api_too_large', {
        status: error.status,
        part: error.part,
        longest: values.map((value) => `${value.label} (${thousands(value.length)} characters)`),
      }),
      target: values[0]?.target ?? null,
    },
  };
}
