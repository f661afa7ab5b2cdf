/**
 * Sheets as faulty or unusual exporters lay them out (test/fixtures/read/make-foreign-writer-fixtures.py:
 * openpyxl, then one XML part rewritten where only a hand edit makes the case): read as a spreadsheet
 * shows them, said, or refused naming the cell. The CLI's words are in test/cli/foreign-writers.test.ts.
 */
import { describe, expect, it } from 'vitest';
import {
  fileSource,
  hiddenNotice,
  hiddenParts,
  openSheet,
  readingNotes,
  SheetReadError,
} from '../../core/index.ts';
import { allRows, fixture } from './helpers.ts';

describe('sheets from other writers', () => {
  it('a cell whose reference names another row than its <row> refuses the sheet, naming both', async () => {
    const file = fixture('cell-in-another-row.xlsx');
    // Refused as the rows are read (here while the header is looked for), before anything is sent.
    const error = await openSheet(fileSource(file))
      .then(allRows)
      .then(
        () => null,
        (caught: unknown) => caught,
      );
    expect(error).toBeInstanceOf(SheetReadError);
    const refusal = error as SheetReadError;
    expect(refusal.code).toBe('corrupt_workbook');
    expect([refusal.row, refusal.column]).toEqual([3, 3]);
    expect(refusal.message).toBe(
      `Sheet "Referrals" of ${file} is damaged: cell C4 is written inside row 3, and which of the two rows its value belongs to cannot be told. ` +
        'Open the file in Excel (it offers to repair it) or LibreOffice, check rows 3 and 4 and save it again as .xlsx (Excel Workbook).',
    );
  });

  it('under zeroHeight="1" a row without a height of its own is hidden; rows given one are shown', async () => {
    const sheet = await openSheet(fileSource(fixture('rows-hidden-by-default.xlsx')));
    const rows = await allRows(sheet);
    expect(rows.map((row) => [row.row, row.hidden ?? false])).toEqual([
      [2, false],
      [3, true],
      [4, false],
    ]);
    // No filter on this sheet: the notice does not tell the clerk to clear one.
    expect(hiddenNotice(hiddenParts(sheet), 'checked')).toBe(
      '1 row is hidden in Excel (row 3) and was checked too: an import sends it like any other row. ' +
        'Unhide it to see it, and delete it if it is not to be imported.',
    );
  });

  it('a header cell stored as a number holding text names its column, and a note names the cell', async () => {
    const file = fixture('header-text-in-number-cell.xlsx');
    const sheet = await openSheet(fileSource(file));
    expect(sheet.headers).toEqual(['Claim #', 'Insured', 'Budget', 'City', 'Zip', 'Notes']);
    expect(readingNotes(sheet)).toEqual([
      `Header cell C1 ('Budget') of sheet "Referrals" of ${file} is a number cell that holds text: ` +
        'the program that wrote the file put text where a number goes, so Excel calls the file damaged and LibreOffice shows another number (or 0) there. ' +
        "It was read as the column's name, as written (no row's value comes from it). " +
        'To see that name in a spreadsheet, open the file in Excel or LibreOffice, type it into the header and save it as .xlsx.',
    ]);
    // The rows under it are read as usual: only the header cell is malformed.
    expect((await allRows(sheet)).map((row) => row.cells[2])).toEqual([1200, 400, 950]);
  });

  it('a workbook without such cells gets no such note', async () => {
    const sheet = await openSheet(fileSource(fixture('libreoffice-referrals.xlsx')));
    expect(readingNotes(sheet)).toEqual([]);
  });
});
