/**
 * Files written by LibreOffice, Python's csv module and iconv (see test/fixtures/read/README.md) read
 * back cell for cell, with the row numbers a person sees in the sheet.
 */
import { describe, expect, it } from 'vitest';
import { fileSource, listSheets, openSheet } from '../../core/index.ts';
import { allRows, fixture } from './helpers.ts';

// The fixtures' date cells are formatted year first (YYYY-MM-DD), which the reader says (DateShown).
const date = (value: string) => ({ type: 'date', date: value, shown: 'year-first' });
const dateTime = (value: string) => ({ type: 'datetime', dateTime: value, shown: 'year-first' });

describe('LibreOffice XLSX: shared strings, dates, title block, formulas, merged cells', () => {
  it('lists every sheet in order, the hidden one flagged', async () => {
    expect(await listSheets(fileSource(fixture('libreoffice-referrals.xlsx')))).toEqual([
      { name: 'Cover', position: 1, hidden: false },
      { name: 'Referrals', position: 2, hidden: false },
      { name: 'Empty', position: 3, hidden: false },
      { name: 'Lookups', position: 4, hidden: true },
    ]);
  });

  it('defaults to the first visible sheet that holds data and finds the header under the title block', async () => {
    const sheet = await openSheet(fileSource(fixture('libreoffice-referrals.xlsx')));
    expect(sheet.format).toBe('xlsx');
    expect(sheet.sheet).toBe('Referrals');
    expect(sheet.sheets.map((info) => info.name)).toEqual(['Cover', 'Referrals', 'Empty', 'Lookups']);
    expect(sheet.headerRow).toBe(4);
    expect(sheet.headers).toEqual([
      'Claim No',
      'Insured',
      'Date of Loss',
      'Received At',
      'Amount',
      'Rush',
      'Notes',
      'File',
      'Notes (2)',
      'Column 10',
      'Zip',
    ]);
    expect(await allRows(sheet)).toEqual([
      {
        row: 5,
        cells: [
          'C-1001',
          'Müller, Jörg',
          date('2024-01-05'),
          dateTime('2024-01-05T14:30:00'),
          80202,
          1, // LibreOffice stores a plain TRUE cell as the number 1 with no boolean format
          'Call before 5pm', // rich text, three runs
          'case file', // a hyperlink's text
          'second notes',
          null,
          '02134', // text stays text: the leading zero survives
        ],
      },
      {
        row: 6,
        cells: [
          'C-1002',
          "O'Brien & Sons",
          date('1999-12-31'),
          dateTime('2000-02-29T00:00:01'),
          1234.56,
          0,
          160404, // =E5*2, cached
          null,
          null,
          null,
          null,
        ],
      },
      {
        row: 8,
        cells: [
          'C-1003',
          'Merged across B:C', // the merged range's value sits in its top-left cell
          null,
          date('2024-01-06'), // =C5+1 formatted as a date
          { type: 'error', error: '#N/A' }, // =NA()
          true, // =1=1
          'xC-1001', // ="x"&A5
          null,
          null,
          null,
          null,
        ],
      },
    ]);
    expect(sheet.blankRowsSkipped()).toBe(1);
  });

  it('opens a sheet by name (any case) or by 1-based position, hidden ones included', async () => {
    const byName = await openSheet(fileSource(fixture('libreoffice-referrals.xlsx')), { sheet: 'lookups' });
    expect(byName.sheet).toBe('Lookups');
    expect(byName.headers).toEqual(['Case types: Auto, Property']);
    expect(await allRows(byName)).toEqual([]);
    const byPosition = await openSheet(fileSource(fixture('libreoffice-referrals.xlsx')), { sheet: 2 });
    expect(byPosition.sheet).toBe('Referrals');
  });

  it('takes a given header row instead of detecting one; rows above it are ignored', async () => {
    const sheet = await openSheet(fileSource(fixture('libreoffice-referrals.xlsx')), {
      sheet: 'Referrals',
      headerRow: 5,
    });
    expect(sheet.headerRow).toBe(5);
    expect(sheet.headers.slice(0, 3)).toEqual(['C-1001', 'Müller, Jörg', '2024-01-05']);
    expect((await allRows(sheet)).map((row) => row.row)).toEqual([6, 8]);
  });
});

describe('1904 date system (LibreOffice with null date 1904-01-01)', () => {
  it('reads the same calendar dates and times the sheet shows', async () => {
    const sheet = await openSheet(fileSource(fixture('dates-1904.xlsx')));
    expect(sheet.sheet).toBe('Mac referrals');
    expect(sheet.headers).toEqual(['Subject', 'Date of Birth', 'Surveillance Start', 'Hours']);
    expect(await allRows(sheet)).toEqual([
      { row: 2, cells: ['Ana Lima', date('1985-07-14'), dateTime('2024-03-10T08:15:00'), 7.5] },
      { row: 3, cells: ['Bo Chen', date('1904-01-02'), dateTime('2023-12-31T23:59:59'), 12] },
    ]);
  });
});

describe('shared strings spanning many inflate chunks', () => {
  it('keeps every multi-byte character whole', async () => {
    const sheet = await openSheet(fileSource(fixture('many-accents.xlsx')));
    expect(sheet.headers).toEqual(['Name', 'City']);
    const rows = await allRows(sheet);
    expect(rows).toHaveLength(1500);
    rows.forEach((row, index) => {
      expect(row).toEqual({
        row: index + 2,
        cells: [`Müßiggänger ${index} ÄÖÜ€漢字ŒœŁ`, `Zürich ${index} ßœ東京–Αθήνα`],
      });
    });
  });
});

describe('delimited text as Windows, Excel and Python write it', () => {
  it('Windows-1252 with ";" is detected and decoded', async () => {
    const sheet = await openSheet(fileSource(fixture('windows-1252-semicolon.csv')));
    expect(sheet).toMatchObject({
      format: 'csv',
      sheet: null,
      sheets: [],
      encoding: 'windows-1252',
      delimiter: ';',
      headerRow: 1,
    });
    expect(sheet.headers).toEqual(['Dossier', 'Assuré', 'Montant', 'Remarque']);
    expect(await allRows(sheet)).toEqual([
      { row: 2, cells: ['D-1', 'Frédéric Müller', '1.234,50', 'Rückruf erbeten; dringend'] },
      { row: 3, cells: ['D-2', 'Zoë Ångström', '80202', 'Prämie 12 €'] },
      { row: 4, cells: ['D-3', 'Ñuñez "Chato"', null, null] },
    ]);
  });

  it('UTF-16LE "Unicode Text" with tabs is detected from its BOM', async () => {
    const sheet = await openSheet(fileSource(fixture('unicode-text-utf16le.txt')));
    expect(sheet).toMatchObject({ encoding: 'utf-16le', delimiter: '\t', headerRow: 1 });
    expect(sheet.headers).toEqual(['Case', 'Subject', 'City']);
    expect(await allRows(sheet)).toEqual([
      { row: 2, cells: ['U-1', 'Łukasz Żółć', 'Kraków'] },
      { row: 3, cells: ['U-2', '山田 太郎', '東京'] },
      { row: 4, cells: ['U-3', 'Ελένη', 'Αθήνα'] },
    ]);
  });

  it('quoted line breaks stay inside their cell; blank rows are skipped and counted; ragged rows fit the header', async () => {
    const sheet = await openSheet(fileSource(fixture('quoted-newlines.csv')));
    expect(sheet).toMatchObject({ encoding: 'utf-8', delimiter: ',', headerRow: 1 });
    // The header's two empty trailing cells name no column, and one value under them in one row of
    // four does not make one: it is kept apart, for validation to report.
    expect(sheet.headers).toEqual(['Claim', 'Address', 'Notes']);
    expect(await allRows(sheet)).toEqual([
      { row: 2, cells: ['A-1', '12 Main St\nApt 4\nSpringfield', 'Said "call after 5", then hung up'] },
      { row: 3, cells: ['A-2', 'PO Box 9, Salem', 'Line one\r\nline two'] },
      { row: 5, cells: ['A-3', null, null] },
      { row: 6, cells: ['A-4', 'Far, Away', 'x'], beyondHeaders: [null, 'extra value'] },
    ]);
    expect(sheet.blankRowsSkipped()).toBe(1);
  });

  it('honours Excel\'s "sep=;" line (not a row) and does not count blank rows after the last data row', async () => {
    const sheet = await openSheet(fileSource(fixture('sep-line-trailing-blanks.csv')));
    expect(sheet).toMatchObject({ delimiter: ';', headerRow: 1, headers: ['Claim', 'Amount, EUR', 'Note'] });
    expect(await allRows(sheet)).toEqual([
      { row: 2, cells: ['S-1', '12,50', 'a,b'] },
      { row: 4, cells: ['S-2', '7', null] },
    ]);
    expect(sheet.blankRowsSkipped()).toBe(1);
  });

  it('tab-delimited text named .xls (a web system\'s "Excel export") is read as the text it is', async () => {
    const sheet = await openSheet(fileSource(fixture('web-export-tabs.xls')));
    expect(sheet).toMatchObject({ format: 'csv', delimiter: '\t', headers: ['Ref', 'Subject'] });
    expect(await allRows(sheet)).toEqual([{ row: 2, cells: ['W-1', 'José Álvarez'] }]);
  });

  it('streams from the start again on every call to rows()', async () => {
    const sheet = await openSheet(fileSource(fixture('quoted-newlines.csv')));
    const first = await allRows(sheet);
    expect(await allRows(sheet)).toEqual(first);
    expect(sheet.blankRowsSkipped()).toBe(1);
  });
});

describe('no time-zone shift', () => {
  it.each(['Pacific/Kiritimati', 'America/Adak', 'Asia/Kolkata'])(
    'dates read the same with TZ=%s',
    async (zone) => {
      const saved = process.env.TZ;
      process.env.TZ = zone;
      try {
        expect(new Date(2024, 0, 5).getTimezoneOffset()).not.toBe(0); // the zone really applies
        const rows = await allRows(await openSheet(fileSource(fixture('dates-1904.xlsx'))));
        expect(rows.map((row) => row.cells.slice(1, 3))).toEqual([
          [date('1985-07-14'), dateTime('2024-03-10T08:15:00')],
          [date('1904-01-02'), dateTime('2023-12-31T23:59:59')],
        ]);
      } finally {
        if (saved === undefined) delete process.env.TZ;
        else process.env.TZ = saved;
      }
    },
  );
});
