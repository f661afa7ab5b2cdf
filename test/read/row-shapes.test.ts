/**
 * Rows that do not fit the header, read from files Python's csv module wrote
 * (test/fixtures/read/make-fixtures.sh): a value past the last named column is never an unnamed
 * column nobody maps, wherever the row is.
 */
import { describe, expect, it } from 'vitest';
import { fileSource, openSheet } from '../../core/index.ts';
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
