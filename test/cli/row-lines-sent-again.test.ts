/**
 * Rows sent whole after an earlier send was looked for and not found (or found replaced) are listed
 * under "Sent again", never under "Sent without part of what the row gives:" (explore 22 item 5: a
 * resumed run's row in doubt, `in_doubt_not_found`, was listed as sent without part of it). The notes
 * are the catalogue's own, as the runner writes them; a note that does say part was left out still
 * goes under its own heading.
 */
import { describe, expect, it } from 'vitest';
import { rowLines } from '../../cli/row-lines.ts';
import { problem } from '../../core/problems/format.ts';
import type { ProblemCode } from '../../core/problems/catalogue.ts';
import type { RowResult } from '../../core/report/results-types.ts';
import { CLI_WAYS_OUT } from '../../cli/ways-out.ts';

function created(row: number, code: ProblemCode, fields: Record<string, unknown> = {}): RowResult {
  const note = problem(code, { row, label: null, target: null, value: null, ...fields }, CLI_WAYS_OUT);
  return {
    row,
    status: 'created',
    id: row,
    case_request_number: `REQ-0000${row}`,
    errors: [],
    notes: [{ column: null, target: null, value: null, code: note.code, message: note.message }],
    cells: [],
  };
}

describe('the terminal lines of rows sent again', () => {
  it('a row in doubt searched for and not found, and an earlier create whose id holds another request, are listed as sent again', async () => {
    const lines = rowLines(null);
    await lines.write(created(2, 'in_doubt_not_found'));
    await lines.write(
      created(3, 'earlier_create_replaced', {
        file: 'first.csv',
        earlierRow: 3,
        at: '2026-12-05T12:00:00.000Z',
        request: 'REQ-00037',
        why: 'it holds another referral: client "Granite State Casualty" where this row has "Acme Mutual Insurance"',
      }),
    );
    await lines.write(
      created(4, 'time_not_kept', {
        label: 'Date Received',
        target: 'created_on',
        value: '11/23/2026 9:30',
        time: '9:30',
        date: '2026-11-23',
      }),
    );
    const text = lines.lines();
    const again = text.indexOf(
      'Sent again (what an earlier send of the row made is not in Trackops, or was not found there):',
    );
    expect(again).toBeGreaterThan(-1);
    expect(text[again + 1]).toMatch(
      /^ {2}row 2 \(REQ-00002\): sent again: an earlier run of this journal sent this row and got no answer/,
    );
    expect(text[again + 2]).toMatch(
      /^ {2}row 3 \(REQ-00003\): an earlier import of first\.csv .* so this row was sent/,
    );
    const partial = text.indexOf('Sent without part of what the row gives:');
    expect(text.slice(partial + 1, partial + 3)).toEqual([
      expect.stringMatching(/^ {2}row 4 \(REQ-00004\): Date Received/),
      '',
    ]);
  });
});
