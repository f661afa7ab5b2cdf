/**
 * A delimited file cut short (a download or copy that stopped inside the last row) is told from one
 * whose writer left out the final line end, or the empty cells at the end of its rows: the last record
 * is cut when it stops short of the header with no line end and every row before it had its cells
 * (fixtures made by Python's csv module, test/fixtures/read/make-fixtures.sh). Short rows elsewhere
 * are counted for the reading notes (explore 24).
 */
import { describe, expect, it } from 'vitest';
import { bytesSource, fileSource, openSheet, readingNotes } from '../../core/index.ts';
import { allRows, fixture } from './helpers.ts';

async function read(name: string) {
  const sheet = await openSheet(fileSource(fixture(name)));
  return { sheet, rows: await allRows(sheet) };
}

describe('the last record of a delimited file with no line end', () => {
  it('stopping two columns short, after full rows ending in CRLF: marked cut short with its cells', async () => {
    const { sheet, rows } = await read('cut-short.csv');
    expect(rows.map((row) => row.row)).toEqual([2, 3]);
    expect(rows[0]!.cutShort).toBeUndefined();
    expect(rows[1]!.cutShort).toEqual({ cells: 3, width: 5 });
    expect(rows[1]!.cells).toEqual(['V-2', 'Bo Chen', 'Tes', null, null]);
    // Refused on its row by validation, not counted again as a short row.
    expect(sheet.rowsShortOfHeaders!()).toMatchObject({ count: 0 });
    expect(readingNotes(sheet)).toEqual([]);
  });

  it('holding all its cells: read as usual (a writer that leaves out the final line end)', async () => {
    const { sheet, rows } = await read('no-final-line-end.csv');
    expect(rows[1]!.cells).toEqual(['V-2', 'Bo Chen', 'Tesla', '2022', 'pool']);
    expect(rows.every((row) => row.cutShort === undefined)).toBe(true);
    expect(readingNotes(sheet)).toEqual([]);
  });

  it('short, in a file whose writer leaves out empty cells at the end of rows: one more short row, said', async () => {
    const { sheet, rows } = await read('trailing-cells-left-out.csv');
    expect(rows.every((row) => row.cutShort === undefined)).toBe(true);
    expect(sheet.rowsShortOfHeaders!()).toEqual({ count: 3, first: { row: 3, cells: 3 }, width: 5 });
    expect(readingNotes(sheet)).toEqual([
      expect.stringMatching(
        /^3 rows of .*trailing-cells-left-out\.csv have fewer cells than the header's 5 \(first: row 3, with 3\), and their last columns were read as blank\. .* or two ran together for want of a comma, the values after it are under the wrong columns: check those rows\.$/,
      ),
    ]);
  });

  it('the same cut in a file of LF or CR line ends, and a file of one record (the header) alone', async () => {
    for (const lineEnd of ['\n', '\r']) {
      const text = ['Claim,Insured,Make', 'V-1,Ann Lee,Toyota', 'V-2,Bo'].join(lineEnd);
      const sheet = await openSheet(bytesSource('cut.csv', Buffer.from(text)));
      const rows = await allRows(sheet);
      expect(rows[1]!.cutShort, JSON.stringify(lineEnd)).toEqual({ cells: 2, width: 3 });
    }
    const header = await openSheet(bytesSource('header.csv', Buffer.from('Claim,Insured,Make\r\nV-1')));
    expect((await allRows(header))[0]!.cutShort).toEqual({ cells: 1, width: 3 });
  });

  it('a workbook row ending before the last column is no short row (rows end at their last value)', async () => {
    const { sheet } = await read('libreoffice-referrals.xlsx');
    expect(sheet.rowsShortOfHeaders).toBeUndefined();
  });
});
