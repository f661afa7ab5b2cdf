/**
 * A workbook whose shared strings or cell formats are not all in the file (a part lost in transit or
 * dropped by a repair tool, see test/fixtures/read/README.md) is refused as damaged, naming the part or
 * the cell: read as if the part never existed, text cells would be blank and a zip code formatted
 * 00000 would lose its zero, and the clerk would be sent to fix a sheet that is fine (explore 24).
 */
import { describe, expect, it } from 'vitest';
import { fileSource, listSheets, openSheet, SheetReadError } from '../../core/index.ts';
import { allRows, fixture } from './helpers.ts';

async function refusal(name: string): Promise<SheetReadError> {
  const error = await openSheet(fileSource(fixture(name))).then(
    async (sheet) => allRows(sheet).then(() => null),
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(SheetReadError);
  return error as SheetReadError;
}

describe('a part the workbook names but the zip lacks', () => {
  it('xl/styles.xml missing (LibreOffice workbook, zip codes formatted 00000): refused, naming the part', async () => {
    const error = await refusal('missing-styles.xlsx');
    expect(error.code).toBe('corrupt_workbook');
    expect(error.message).toMatch(
      /missing-styles\.xlsx is damaged: its part xl\/styles\.xml \(the cells' number and date formats\), which the workbook names, is missing from the file\. Read without it, zip codes would lose their leading zeros .* Get the file again from whoever sent it/,
    );
  });

  it('xl/sharedStrings.xml missing (LibreOffice workbook): refused, not read as blank text cells', async () => {
    const error = await refusal('missing-shared-strings.xlsx');
    expect(error.code).toBe('corrupt_workbook');
    expect(error.message).toMatch(
      /missing-shared-strings\.xlsx is damaged: its part xl\/sharedStrings\.xml \(the text of its cells\), which the workbook names, is missing from the file\. Read without it, every text cell would read as blank/,
    );
  });

  it('listing the sheets refuses it too, before a sheet is chosen', async () => {
    await expect(listSheets(fileSource(fixture('missing-styles.xlsx')))).rejects.toThrow(
      /its part xl\/styles\.xml .* is missing from the file/,
    );
  });
});

describe('a cell that uses a shared string or cell format the file does not hold', () => {
  it('the shared strings cut short by one: the cell using the lost string is refused, naming it', async () => {
    const error = await refusal('shared-strings-cut.xlsx');
    expect(error.code).toBe('corrupt_workbook');
    expect(error.row).toBeGreaterThan(0);
    expect(error.message).toMatch(
      /Sheet "[^"]+" of .*shared-strings-cut\.xlsx is damaged: cell [A-Z]+\d+ \(row \d+\) uses shared string (\d+), but the file holds only \d+, so what the cell shows cannot be read/,
    );
  });

  it('number cells under cell formats of a workbook with no styles part: refused at the first', async () => {
    const error = await refusal('no-styles-part.xlsx');
    expect(error.code).toBe('corrupt_workbook');
    expect(error.row).toBe(2);
    expect(error.message).toMatch(
      /no-styles-part\.xlsx is damaged: cell A2 \(row 2\) uses cell format 2, but the file holds none/,
    );
  });

  it('the whole workbooks they were made from read as usual', async () => {
    for (const name of ['times-and-formats.xlsx', 'libreoffice-referrals.xlsx', 'dates-1904.xlsx']) {
      const sheet = await openSheet(fileSource(fixture(name)));
      expect((await allRows(sheet)).length).toBeGreaterThan(0);
    }
  });
});
