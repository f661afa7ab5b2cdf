/**
 * Rows and columns hidden in Excel (by hand, by an autofilter) are read like any other, and the sheet
 * says which they are, so that every run can tell the clerk what they did not see
 * (test/fixtures/read/hidden-rows.xlsx, written by openpyxl). So is a whole sheet hidden in Excel that
 * a mapping names (hidden-sheet.xlsx, openpyxl): it was read and imported without a word, while the
 * clerk saw only the other sheet.
 */
import { describe, expect, it } from 'vitest';
import { fileSource, hiddenNotice, hiddenParts, openSheet } from '../../core/index.ts';
import { allRows, fixture } from './helpers.ts';

describe('hidden rows and columns', () => {
  it('are read, flagged, and listed once the rows have been read (a hidden blank row is not)', async () => {
    const sheet = await openSheet(fileSource(fixture('hidden-rows.xlsx')));
    expect(sheet.hiddenColumns).toEqual(['Notes']);
    expect(sheet.filtered).toBe(true);
    const rows = await allRows(sheet);
    expect(rows.map((row) => [row.row, row.hidden ?? false])).toEqual([
      [2, false],
      [3, true],
      [4, false],
      [5, true],
      [6, false],
      [7, true],
    ]);
    expect(rows[1]!.cells).toEqual(['HID-2', 'Bo Chen', 200, 'Denver', '80202', 'hidden by hand']);
    expect(sheet.hiddenRows()).toEqual([3, 5, 7]);
    expect(hiddenNotice(hiddenParts(sheet), 'imported')).toBe(
      '3 rows are hidden in Excel (rows 3, 5, 7; the sheet has a filter, which hides rows) and were imported too. ' +
        'Unhide them (clear the filter) to see them, and delete the rows that are not to be imported. ' +
        'The column "Notes" is hidden in Excel and is read like any other.',
    );
  });

  it('one row hidden without a filter is said as one, with no filter to clear', async () => {
    const sheet = await openSheet(fileSource(fixture('zero-height-row.xlsx')));
    await allRows(sheet);
    expect(sheet.filtered).toBe(false);
    expect(hiddenNotice(hiddenParts(sheet), 'checked')).toBe(
      '1 row is hidden in Excel (row 3) and was checked too: an import sends it like any other row. ' +
        'Unhide it to see it, and delete it if it is not to be imported. ' +
        'The column "Notes" is hidden in Excel and is read like any other.',
    );
    expect(hiddenNotice(hiddenParts(sheet), 'read')).toBe(
      '1 row is hidden in Excel (row 3) and is read like any other: an import sends it too. ' +
        'Unhide it to see it, and delete it if it is not to be imported. ' +
        'The column "Notes" is hidden in Excel and is read like any other.',
    );
  });

  it('LibreOffice\'s hidden="false" hides nothing', async () => {
    const sheet = await openSheet(fileSource(fixture('libreoffice-referrals.xlsx')));
    const rows = await allRows(sheet);
    expect(rows.some((row) => row.hidden)).toBe(false);
    expect(sheet.hiddenRows()).toEqual([]);
    expect(sheet.hiddenColumns).toEqual([]);
    expect(hiddenNotice(hiddenParts(sheet), 'checked')).toBeNull();
  });

  it('a hidden sheet read (the mapping names it) is said, with the sheets Excel shows', async () => {
    const sheet = await openSheet(fileSource(fixture('hidden-sheet.xlsx')), { sheet: 'Referrals' });
    expect((await allRows(sheet)).map((row) => row.cells[0])).toEqual(['OLD-1', 'OLD-2']);
    expect(hiddenNotice(hiddenParts(sheet), 'checked')).toBe(
      'Sheet "Referrals" is hidden in Excel (the sheets it shows: "Sheet1", "Property") and was checked: an import ' +
        'sends its rows like any other. Unhide it to see them, or read the sheet that holds the referrals.',
    );
    expect(hiddenNotice(hiddenParts(sheet), 'imported')).toBe(
      'Sheet "Referrals" is hidden in Excel (the sheets it shows: "Sheet1", "Property") and its rows were imported. ' +
        'Unhide it to see them.',
    );
    expect(hiddenNotice(hiddenParts(sheet), 'read')).toMatch(
      /^Sheet "Referrals" is hidden in Excel \(the sheets it shows: "Sheet1", "Property"\) and is read like any other: an import sends its rows\./,
    );
    const shown = await openSheet(fileSource(fixture('hidden-sheet.xlsx')));
    expect(shown.sheet).toBe('Sheet1');
    await allRows(shown);
    expect(hiddenNotice(hiddenParts(shown), 'checked')).toBeNull();
  });

  it('a sheet given by position counts hidden sheets, and says so when one comes before it', async () => {
    const second = await openSheet(fileSource(fixture('hidden-sheet.xlsx')), { sheet: 2 });
    expect(second.sheet).toBe('Sheet1');
    expect(second.notices).toEqual([
      `${fixture('hidden-sheet.xlsx')}: sheet 2 is "Sheet1", counting the hidden sheet "Referrals" before it; ` +
        'the 2nd sheet Excel shows is "Property". To read another, give its name.',
    ]);
    const asText = await openSheet(fileSource(fixture('hidden-sheet.xlsx')), { sheet: '2' });
    expect(asText.notices).toEqual(second.notices);
    const byName = await openSheet(fileSource(fixture('hidden-sheet.xlsx')), { sheet: 'Sheet1' });
    expect(byName.notices).toBeUndefined();
  });
});
