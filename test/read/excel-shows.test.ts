/**
 * Workbooks other readers read differently (issue 15), each from test/fixtures/read (see its README):
 * the reader gives what Excel shows, or refuses naming the file, part or row.
 */
import { describe, expect, it } from 'vitest';
import { cellText, fileSource, openSheet, SheetReadError, type Cell } from '../../core/index.ts';
import { allRows, fixture } from './helpers.ts';

const date = (value: string): Cell => ({ type: 'date', date: value });
const time = (value: string): Cell => ({ type: 'time', time: value });
const shown = (value: number, text: string, format: string): Cell => ({
  type: 'number',
  value,
  text,
  format,
});

async function rowsOf(name: string) {
  const sheet = await openSheet(fileSource(fixture(name)));
  return { sheet, rows: await allRows(sheet) };
}

async function refusal(name: string): Promise<SheetReadError> {
  const error = await openSheet(fileSource(fixture(name))).then(
    async (sheet) => allRows(sheet).then(() => null),
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(SheetReadError);
  return error as SheetReadError;
}

describe('cells other readers disagree on (odd-cells.xlsx, written by hand)', () => {
  it('an empty <v/> in a shared-string cell is blank, not the first shared string', async () => {
    const { rows } = await rowsOf('odd-cells.xlsx');
    expect(rows[0]!.cells[1]).toBeNull();
  });

  it('CDATA text is read, in shared strings and inline strings', async () => {
    const { rows } = await rowsOf('odd-cells.xlsx');
    expect(rows[0]!.cells[2]).toBe('Smith & <Sons>');
    expect(rows[1]!.cells[1]).toBe('R&D <dept>');
  });

  it('an inline string carrying both <v> and <is> gives the <is> text only', async () => {
    const { rows } = await rowsOf('odd-cells.xlsx');
    expect(rows[1]!.cells[2]).toBe('shown text');
  });

  it('a t="d" cell holding only a time is a time of day; a full one stays a date-time, marked as ISO (not typed into a locale)', async () => {
    const { rows } = await rowsOf('odd-cells.xlsx');
    expect(rows.map((row) => row.cells[3])).toEqual([
      time('14:30:00'),
      { type: 'datetime', dateTime: '2024-03-05T08:15:00', shown: 'iso' },
    ]);
  });
});

describe("Excel's serial numbers (excel-serials.xlsx: built-in formats by id, as Excel stores them)", () => {
  it('reads January and February 1900 as Excel shows them, its leap-year bug included', async () => {
    const { rows } = await rowsOf('excel-serials.xlsx');
    const serials = Object.fromEntries(rows.map((row) => [row.cells[0] as string, row.cells[1]]));
    expect(serials['S-1']).toEqual(date('1900-01-01')); // serial 1
    expect(serials['S-2']).toEqual(date('1900-02-28')); // serial 59
    expect(serials['S-3']).toBe('1900-02-29'); // serial 60: Excel shows a day that never was, as text
    expect(serials['S-4']).toEqual(date('1900-03-01')); // serial 61
    expect(serials['S-10']).toEqual(date('9999-12-31')); // Excel's last day
  });

  it('times of day are times: built-in h:mm AM/PM, h:mm:ss, a day-zero date-time, h:mm on a full serial', async () => {
    const { rows } = await rowsOf('excel-serials.xlsx');
    const serials = Object.fromEntries(rows.map((row) => [row.cells[0] as string, row.cells[1]]));
    expect(serials['S-5']).toEqual(time('12:00:00')); // 0.5 under id 18, h:mm AM/PM
    expect(serials['S-6']).toEqual(time('18:00:00')); // 0.75 under id 21, h:mm:ss
    expect(serials['S-7']).toEqual(time('06:00:00')); // 0.25 under id 22, m/d/yy h:mm: day 0 is no date
    expect(serials['S-9']).toEqual(time('14:30:00')); // 45000.604… under id 20, h:mm: the time it shows
  });

  it('an elapsed duration ([h]:mm:ss) keeps its hours past 24', async () => {
    const { rows } = await rowsOf('excel-serials.xlsx');
    expect(rows.find((row) => row.cells[0] === 'S-8')!.cells[1]).toEqual({
      type: 'time',
      time: '36:00:00',
      elapsed: true,
    });
  });

  it('a date past 9999-12-31, or before 1900, is the ####### Excel shows, an error cell', async () => {
    const { rows } = await rowsOf('excel-serials.xlsx');
    const serials = Object.fromEntries(rows.map((row) => [row.cells[0] as string, row.cells[1]]));
    expect(serials['S-11']).toEqual({ type: 'error', error: '#######' });
    expect(serials['S-12']).toEqual({ type: 'error', error: '#######' });
  });
});

describe('LibreOffice times and number formats (times-and-formats.xlsx)', () => {
  it('reads h:mm, hh:mm:ss AM/PM and [h]:mm:ss cells as times of day and durations', async () => {
    const { rows } = await rowsOf('times-and-formats.xlsx');
    expect(rows.map((row) => row.cells.slice(1, 4))).toEqual([
      [time('14:30:00'), time('09:05:30'), { type: 'time', time: '36:00:00', elapsed: true }],
      [time('00:00:00'), time('23:59:59'), { type: 'time', time: '01:30:00', elapsed: true }],
    ]);
  });

  it('a zip code or SSN kept as a number carries the text its format shows; other numbers stay numbers', async () => {
    const { rows } = await rowsOf('times-and-formats.xlsx');
    expect(rows.map((row) => row.cells.slice(4, 7))).toEqual([
      [shown(3101, '03101', '00000'), shown(12345678, '012-34-5678', '000\\-00\\-0000'), 80202],
      [80202, shown(123456789, '123-45-6789', '000\\-00\\-0000'), 1234.5],
    ]);
    expect(rows.map((row) => cellText(row.cells[4]!))).toEqual(['03101', '80202']);
  });

  it('a date LibreOffice writes for 1900-01-15 (serial 16, counted without the leap-year bug) reads as Excel shows it', async () => {
    const { rows } = await rowsOf('times-and-formats.xlsx');
    // Formatted YYYY-MM-DD: the reader says so (DateShown).
    expect(rows.map((row) => row.cells[7])).toEqual(
      ['1900-01-16', '1900-03-01'].map((iso) => ({ ...(date(iso) as object), shown: 'year-first' })),
    );
  });
});

describe("Excel's special number formats (excel-special-formats.xlsx)", () => {
  it('zip, zip+4, phone and SSN show as Excel shows them; @ and General numbers stay plain; 0 rounds', async () => {
    const { rows } = await rowsOf('excel-special-formats.xlsx');
    expect(rows.map((row) => row.cells.map(cellText))).toEqual([
      ['03101', '03101-1234', '(555) 123-4567', '012-34-5678', '80202', '42', '3'],
      ['80202', '80202-1234', '123-4567', '123-45-6789', '1234.5', '7', '3'],
    ]);
    expect(rows[1]!.cells[0]).toBe(80202); // the format shows the number as it is: a plain number
    expect(rows[0]!.cells[6]).toEqual(shown(2.5, '3', '0'));
  });
});

describe('package paths other readers accept (LibreOffice dates-1904.xlsx, its parts renamed)', () => {
  it.each(['part-names-case.xlsx', 'lower-case-names.xlsx', 'backslash-paths.xlsx', 'workbook-at-root.xlsx'])(
    '%s reads as the original does',
    async (name) => {
      const original = await rowsOf('dates-1904.xlsx');
      const renamed = await rowsOf(name);
      expect(renamed.sheet.sheet).toBe(original.sheet.sheet);
      expect(renamed.sheet.headers).toEqual(original.sheet.headers);
      expect(renamed.rows).toEqual(original.rows);
      expect(renamed.rows[0]!.cells[0]).toBe('Ana Lima'); // shared strings found, not empty
    },
  );
});

describe('damage only a checksum shows, and cells past the grid', () => {
  it('one changed byte in sharedStrings.xml with its old CRC-32 is refused, naming the part', async () => {
    const error = await refusal('crc-mismatch.xlsx');
    expect(error.code).toBe('corrupt_workbook');
    expect(error.message).toMatch(
      /crc-mismatch.xlsx is damaged and cannot be read as a workbook \(part xl\/sharedStrings.xml is damaged: its contents do not match the checksum the file records for them\)/,
    );
  });

  it('a cell at ZZZZZZ2 is refused naming the cell and row, not laid out', async () => {
    const error = await refusal('far-cell.xlsx');
    expect(error.code).toBe('outside_grid');
    expect(error.row).toBe(2);
    expect(error.message).toMatch(/has a cell at ZZZZZZ2 \(row 2\), past XFD1048576/);
  });
});
