/**
 * A date column's day/month order chosen once (core/validate/date-order-choice.ts), on a file Python's
 * csv module wrote (test/fixtures/read/make-fixtures.sh): Born's dates of birth read both ways under no
 * date format, so every row is refused on its own; core names the column, an example, and the rows each
 * order settles, and validating again with the chosen order's format settles exactly those rows.
 */
import { describe, expect, it } from 'vitest';
import {
  dateOrderChoices,
  dateOrderReading,
  fileSource,
  openSheet,
  parseMapping,
  validateRows,
  type RowOutcome,
} from '../../core/index.ts';
import { fixture } from '../read/helpers.ts';
import { REQUIRED_CONSTANTS } from './helpers.ts';

const { created_on: _received, ...CONSTANTS } = REQUIRED_CONSTANTS;

async function checked(bornFormat?: string): Promise<RowOutcome[]> {
  const mapping = parseMapping(
    {
      version: 1,
      mode: 'create',
      constants: CONSTANTS,
      columns: [
        { column: 'Claim', target: 'reference_value_1' },
        { column: 'Born', target: 'due_on', ...(bornFormat ? { dateFormat: bornFormat } : {}) },
        { column: 'Seen', target: 'created_on' },
      ],
    },
    'two-way.json',
  );
  const sheet = await openSheet(fileSource(fixture('two-way-birth-dates.csv')));
  const outcomes: RowOutcome[] = [];
  for await (const outcome of validateRows(sheet, mapping)) outcomes.push(outcome);
  return outcomes;
}

/** Rows with a problem in `column`. */
const refusedIn = (outcomes: RowOutcome[], column: string) =>
  outcomes.filter((one) => one.problems.some((problem) => problem.column === column)).map((one) => one.row);

describe('a date column whose dates read both ways', () => {
  it('rule: core names the column once, with an example that reads two ways and the rows each order settles', async () => {
    const outcomes = await checked();
    expect(refusedIn(outcomes, 'Born')).toEqual([2, 3, 4, 5, 6, 7]);
    expect(dateOrderChoices(outcomes)).toEqual([
      {
        column: 'Born',
        // 1/1/1960 (row 2) is the same day either way: the example is the first that is not.
        example: '4/12/1980',
        exampleRow: 3,
        bothWays: 4,
        orders: [
          { order: 'month', format: 'M/D/YYYY', rows: 3, firstRows: [2, 3, 4], example: 'April 12, 1980' },
          { order: 'day', format: 'D/M/YYYY', rows: 4, firstRows: [2, 3, 4, 5], example: 'December 4, 1980' },
        ],
      },
    ]);
  });

  it('rule: the order chosen settles exactly the rows core named for it, and no other row of the column', async () => {
    // Row 5 (13/4/1975) is settled by day first only, row 6 (2/30/1980) by neither, and row 7 (3/9/85)
    // by the two-digit-year formats, not by these.
    expect(refusedIn(await checked('M/D/YYYY'), 'Born')).toEqual([5, 6, 7]);
    expect(refusedIn(await checked('D/M/YYYY'), 'Born')).toEqual([6, 7]);
  });

  it('rule: a column whose dates read one way only, or a problem that is not a refused date, needs no choice', () => {
    expect(dateOrderReading({ code: 'invalid_date', value: '4/13/2026' })).toEqual({
      bothWays: false,
      differs: false,
      formats: [{ order: 'month', format: 'M/D/YYYY' }],
    });
    expect(dateOrderReading({ code: 'invalid_date', value: '2/30/1980' })).toBeNull();
    expect(dateOrderReading({ code: 'invalid_email', value: '4/12/1980' })).toBeNull();
    expect(dateOrderReading({ code: 'invalid_date', value: '4.12.80 10:30' })).toEqual({
      bothWays: true,
      differs: true,
      formats: [
        { order: 'month', format: 'M.D.YY' },
        { order: 'day', format: 'D.M.YY' },
      ],
    });
  });
});
