/**
 * Rows that do not fit the header, read from files Python's csv module wrote
 * (test/fixtures/read/make-fixtures.sh): a value past the last named column is never an unnamed
 * column nobody maps, wherever the row is.
 */
import { describe, expect, it } from 'vitest';
import { fileSource, openSheet, parseMapping, validateRows, type RowOutcome } from '../../core/index.ts';
import { allRows, fixture } from './helpers.ts';

describe('values past the last named column', () => {
  it('a row in the first rows split by an unquoted comma keeps its spill-over apart, not as "Column 5"', async () => {
    const sheet = await openSheet(fileSource(fixture('unquoted-comma-row-3.csv')));
    expect(sheet.headers).toEqual(['Claim', 'Insured', 'City', 'Notes']);
    const rows = await allRows(sheet);
    expect(rows[1]).toEqual({
      row: 3,
      cells: ['W-2', 'Insured 2', 'Denver', 'check gym'],
      beyondHeaders: [' pool and church'],
    });
    expect(rows.filter((row) => row.beyondHeaders)).toHaveLength(1);
    expect(rows[0]).toEqual({ row: 2, cells: ['W-1', 'Insured 1', 'Denver', 'note 1'] });
  });

  it('a last column with no header name but a value on every row is a column ("Column 5")', async () => {
    const sheet = await openSheet(fileSource(fixture('unnamed-last-column.csv')));
    expect(sheet.headers).toEqual(['Claim', 'Insured', 'City', 'Notes', 'Column 5']);
    const rows = await allRows(sheet);
    expect(rows).toHaveLength(5);
    expect(rows[4]).toEqual({ row: 6, cells: ['W-5', 'Insured 5', 'Denver', 'note 5', 'S4'] });
    expect(rows.some((row) => row.beyondHeaders)).toBe(false);
  });
});

const MAPPING = parseMapping(
  {
    version: 1,
    mode: 'create',
    constants: {
      case_type_id: 1,
      case_region_id: 1,
      created_on: '2026-11-02',
      'client.country': 'US',
      'contact.last_name': 'Doe',
      'contact.email': 'doe@example.com',
    },
    columns: [
      { column: 'Claim', target: 'reference_value_1' },
      { column: 'Insured', target: 'client.name' },
      { column: 'City', target: 'client.city' },
      { column: 'Notes', target: 'notes' },
    ],
  },
  'pasted.json',
);

async function outcomesOf(name: string): Promise<RowOutcome[]> {
  const outcomes: RowOutcome[] = [];
  for await (const outcome of validateRows(await openSheet(fileSource(fixture(name))), MAPPING))
    outcomes.push(outcome);
  return outcomes;
}

describe('a row repeating the header (two exports pasted into one file)', () => {
  it("in another order: named, and the rows below it refused, each named, never read under row 1's columns", async () => {
    const sheet = await openSheet(fileSource(fixture('pasted-exports-reordered.csv')));
    const rows = await allRows(sheet);
    expect(rows.map((row) => [row.row, row.repeatsHeader ?? null, row.underReorderedHeader ?? null])).toEqual(
      [
        [2, null, null],
        [3, null, null],
        [4, 'other', null],
        [5, null, 4],
        [6, null, 4],
      ],
    );
    const outcomes = await outcomesOf('pasted-exports-reordered.csv');
    expect(outcomes.map((outcome) => [outcome.row, outcome.status])).toEqual([
      [2, 'valid'],
      [3, 'valid'],
      [4, 'invalid'],
      [5, 'invalid'],
      [6, 'invalid'],
    ]);
    expect(outcomes[2]!.problems.map((problem) => problem.message)).toEqual([
      'Row 4 repeats the header in another order (Insured where row 1 has Claim; Claim where row 1 has Insured), as where two exports were pasted together: the rows below it are under other columns and are refused; move them, with this row as their header, into a file of their own and import that',
    ]);
    expect(outcomes[3]!.problems.map((problem) => [problem.code, problem.message])).toEqual([
      [
        'under_reordered_header',
        'Row 5 is below row 4, which repeats the header in another order: its cells are not under the columns of row 1, so it is refused; move rows 4 on into a file of their own and import that',
      ],
    ]);
    expect(outcomes.every((outcome) => outcome.body === undefined || outcome.row < 4)).toBe(true);
  });

  it('in the same order: left out, saying so; the rows below read as usual', async () => {
    const outcomes = await outcomesOf('repeated-header.csv');
    expect(outcomes.map((outcome) => [outcome.row, outcome.status])).toEqual([
      [2, 'valid'],
      [3, 'valid'],
      [4, 'skipped'],
      [5, 'valid'],
    ]);
    expect(outcomes[2]!.skipped).toEqual({
      rule: 'repeatedHeader',
      reason:
        'left out: row 4 repeats the header (row 1), as where two exports were pasted together; not data',
    });
  });
});

describe("Excel's text-protection idiom in a CSV", () => {
  it('a cell that is exactly ="…" is its inner text, as Excel shows it; other cells starting with = stay', async () => {
    const sheet = await openSheet(fileSource(fixture('equals-quoted.csv')));
    expect(sheet.headers).toEqual(['Claim', 'Zip', 'Notes']);
    expect(await allRows(sheet)).toEqual([
      { row: 2, cells: ['00046001', '03101', 'said ="hi"'] },
      { row: 3, cells: ['0047"1', '03102', '=1+1'] },
      // Quoted by the csv module: "=""00048001""" is the same formula.
      { row: 4, cells: ['00048001', '03103', null] },
    ]);
  });
});
