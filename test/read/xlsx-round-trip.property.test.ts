/**
 * Property: any table of typed cells written by another program (SheetJS, with and without a shared
 * strings part) reads back with the same values and types: text (XML specials, spaces, control
 * characters escaped as _xHHHH_), numbers (as a spreadsheet shows them: 15 significant digits, the
 * binary tail of 0.1+0.2 off), booleans, error codes, and date-formatted serials as
 * calendar dates and date-times.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as XLSX from 'xlsx';
import { bytesSource, openSheet, type Cell } from '../../core/index.ts';
import { asSpreadsheetShows } from '../../core/read/spreadsheet-digits.ts';
import { allRows } from './helpers.ts';

type Written = { cell: XLSX.CellObject | null; expected: Cell };

const EPOCH_1900_MS = Date.UTC(1899, 11, 30);

function dateCell(days: number, seconds: number): Written {
  const iso = new Date(EPOCH_1900_MS + days * 86_400_000 + seconds * 1000).toISOString().slice(0, 19);
  const expected: Cell =
    // Written under year-first formats, which the reader says (DateShown).
    seconds === 0
      ? { type: 'date', date: iso.slice(0, 10), shown: 'year-first' }
      : { type: 'datetime', dateTime: iso, shown: 'year-first' };
  return {
    cell: { t: 'n', v: days + seconds / 86_400, z: seconds === 0 ? 'yyyy-mm-dd' : 'yyyy-mm-dd hh:mm:ss' },
    expected,
  };
}

const ERRORS: Record<string, number> = {
  '#NULL!': 0x00,
  '#DIV/0!': 0x07,
  '#VALUE!': 0x0f,
  '#REF!': 0x17,
  '#NAME?': 0x1d,
  '#NUM!': 0x24,
  '#N/A': 0x2a,
};

const textUnit = fc.oneof(
  fc.constantFrom('<', '>', '&', '"', "'", ' ', '\n', '\t', '\u000b', 'é', '漢', '😀', 'Ω'),
  fc.string({ unit: 'grapheme', maxLength: 2 }),
);

const writtenCell: fc.Arbitrary<Written> = fc.oneof(
  fc.constant<Written>({ cell: null, expected: null }),
  fc
    .string({ unit: textUnit, minLength: 1, maxLength: 8 })
    .map((text): Written => ({ cell: { t: 's', v: text }, expected: text === '' ? null : text })),
  fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e15, max: 1e15 }).map((number): Written => {
    const value = Object.is(number, -0) ? 0 : number;
    return { cell: { t: 'n', v: value }, expected: asSpreadsheetShows(value) };
  }),
  fc
    .integer({ min: -1e9, max: 1e9 })
    .map((number): Written => ({ cell: { t: 'n', v: number }, expected: number })),
  fc.boolean().map((value): Written => ({ cell: { t: 'b', v: value }, expected: value })),
  fc.constantFrom(...Object.keys(ERRORS)).map((code): Written => ({
    cell: { t: 'e', v: ERRORS[code] as number },
    expected: { type: 'error', error: code },
  })),
  // Day 61 is 1900-03-01, after Excel's phantom 1900-02-29; 73,050 is 2099-12-31.
  fc
    .tuple(
      fc.integer({ min: 61, max: 73_050 }),
      fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 86_399 })),
    )
    .map(([days, seconds]) => dateCell(days, seconds)),
);

describe('XLSX round trip (fast-check, files written by SheetJS)', () => {
  it.each([false, true])('shared strings part: %s', async (bookSST) => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 6 }).chain((width) =>
          fc
            .array(fc.array(writtenCell, { minLength: width, maxLength: width }), {
              minLength: 1,
              maxLength: 10,
            })
            .map((rows) => ({ width, rows })),
        ),
        async ({ width, rows }) => {
          const headers = ['Label', ...Array.from({ length: width }, (_, index) => `Field ${index + 1}`)];
          // A first column of text keeps every data row non-blank (blank rows are skipped by design).
          const data = rows.map((cells, index) => [
            { cell: { t: 's', v: `row ${index}` }, expected: `row ${index}` } as Written,
            ...cells,
          ]);
          const sheet: XLSX.WorkSheet = {};
          headers.forEach(
            (name, column) => (sheet[XLSX.utils.encode_cell({ r: 0, c: column })] = { t: 's', v: name }),
          );
          data.forEach((cells, row) =>
            cells.forEach(({ cell }, column) => {
              if (cell) sheet[XLSX.utils.encode_cell({ r: row + 1, c: column })] = cell;
            }),
          );
          sheet['!ref'] = XLSX.utils.encode_range({ s: { r: 0, c: 0 }, e: { r: data.length, c: width } });

          const book = XLSX.utils.book_new();
          XLSX.utils.book_append_sheet(book, sheet, 'Random');
          const bytes = XLSX.write(book, { type: 'buffer', bookType: 'xlsx', bookSST }) as Buffer;

          const opened = await openSheet(bytesSource('random.xlsx', bytes), { headerRow: 1 });
          expect(opened.headers).toEqual(headers);
          expect(await allRows(opened)).toEqual(
            data.map((cells, index) => ({ row: index + 2, cells: cells.map(({ expected }) => expected) })),
          );
        },
      ),
      { numRuns: 150 },
    );
  });
});
