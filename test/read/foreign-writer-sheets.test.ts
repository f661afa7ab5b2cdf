/**
 * Sheets as faulty or unusual exporters lay them out (test/fixtures/read/make-foreign-writer-fixtures.py:
 * openpyxl, then one XML part rewritten where only a hand edit makes the case): read as a spreadsheet
 * shows them, said, or refused naming the cell. The CLI's words are in test/cli/foreign-writers.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { fileSource, hiddenNotice, hiddenParts, openSheet } from '../../core/index.ts';
import { allRows, fixture } from './helpers.ts';

describe('sheets from other writers', () => {
  it('under zeroHeight="1" a row without a height of its own is hidden; rows given one are shown', async () => {
    const sheet = await openSheet(fileSource(fixture('rows-hidden-by-default.xlsx')));
    const rows = await allRows(sheet);
    expect(rows.map((row) => [row.row, row.hidden ?? false])).toEqual([
      [2, false],
      [3, true],
      [4, false],
    ]);
    expect(hiddenNotice(hiddenParts(sheet), 'checked')).toMatch(
      /^1 row is hidden in Excel \(row 3\) and was checked too/,
    );
  });
});
