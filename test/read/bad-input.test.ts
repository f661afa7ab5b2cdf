/**
 * Each file the reader cannot use gets one message that names the file and says what to do, with a
 * stable code; openSheet and listSheets refuse alike.
 */
import { describe, expect, it } from 'vitest';
import {
  bytesSource,
  fileSource,
  InputError,
  listSheets,
  openSheet,
  SheetReadError,
} from '../../core/index.ts';
import { fixture } from './helpers.ts';

async function refusal(promise: Promise<unknown>): Promise<SheetReadError> {
  const error = await promise.then(
    () => null,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(SheetReadError);
  expect(error).toBeInstanceOf(InputError);
  return error as SheetReadError;
}

describe('files that are not a readable sheet', () => {
  it.each([
    ['empty.csv', 'empty_file', /empty.csv is empty \(0 bytes\)\. Choose the file again/],
    [
      'old-format.xls',
      'unsupported_format',
      /old-format.xls is an Excel 97–2003 workbook \(\.xls\).*save it as \.xlsx \(Excel Workbook\) or \.csv/,
    ],
    [
      'opendocument.ods',
      'unsupported_format',
      /opendocument.ods is an OpenDocument spreadsheet \(\.ods\).*save it as \.xlsx/,
    ],
    ['apple.numbers', 'unsupported_format', /apple.numbers is an Apple Numbers file.*save it as \.xlsx/],
    [
      'password-protected.xlsx',
      'encrypted_workbook',
      /password-protected.xlsx is password-protected\. Open it in Excel, remove the password.*save it as \.xlsx or \.csv/,
    ],
    [
      'truncated.xlsx',
      'corrupt_workbook',
      /truncated.xlsx is damaged and cannot be read as a workbook \(the zip directory at its end is missing: the file may be cut short\).*save it as \.xlsx/,
    ],
    [
      'binary-given-as.csv',
      'binary_file',
      /binary-given-as.csv is named like a CSV file but is not a spreadsheet: its contents are a PDF document\. Choose the referral file itself/,
    ],
  ])('%s is refused (%s)', async (name, code, message) => {
    // Each attempt starts only when awaited: two promises made up front let the second reject
    // unobserved while the first is awaited (an unhandled rejection that fails the run).
    const attempts = [
      () => openSheet(fileSource(fixture(name))),
      () => listSheets(fileSource(fixture(name))),
    ];
    for (const attempt of attempts) {
      const error = await refusal(attempt());
      expect(error.code).toBe(code);
      expect(error.fileName).toBe(fixture(name));
      expect(error.message).toMatch(message);
      expect(error.message).toContain(fixture(name));
    }
  });

  it('an ODS renamed .xlsx is still recognised from its contents', async () => {
    const { readFile } = await import('node:fs/promises');
    const bytes = await readFile(fixture('opendocument.ods'));
    const error = await refusal(openSheet(bytesSource('referrals.xlsx', bytes)));
    expect(error.code).toBe('unsupported_format');
    expect(error.message).toMatch(/^referrals.xlsx is an OpenDocument spreadsheet \(\.ods\)/);
  });

  it('a PDF named .xlsx is said to be a PDF, not plain text to rename .csv (exploratory round 3, defect 4)', async () => {
    for (const source of [
      fileSource(fixture('pdf-given-as.xlsx')),
      fileSource(fixture('binary-given-as.csv')),
    ]) {
      const error = await refusal(openSheet(source));
      expect(error.code).toBe('binary_file');
      expect(error.message).toMatch(
        /is not a spreadsheet: its contents are a PDF document\. Choose the referral file itself/,
      );
      expect(error.message).not.toMatch(/plain text|rename/);
    }
  });

  it('other binary bytes named .xlsx are said to be binary data, not text', async () => {
    // An executable's first bytes (ELF header, then NULs): no known kind, but no text either.
    const bytes = new Uint8Array(600);
    bytes.set([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x01]);
    const error = await refusal(openSheet(bytesSource('referrals.xlsx', bytes)));
    expect(error.message).toMatch(
      /^referrals.xlsx is named like an Excel workbook but is not a spreadsheet: its contents are binary data, not text\./,
    );
  });

  it('a CSV named .xlsx is refused with the advice to rename it', async () => {
    const error = await refusal(
      openSheet(bytesSource('referrals.xlsx', new TextEncoder().encode('a,b\n1,2\n'))),
    );
    expect(error.code).toBe('corrupt_workbook');
    expect(error.message).toMatch(
      /referrals.xlsx is named like an Excel workbook but is not one.*rename it to end in \.csv/,
    );
  });

  it('a file that does not exist names the path', async () => {
    const error = await refusal(openSheet(fileSource('/nonexistent/referrals.csv')));
    expect(error.code).toBe('file_unreadable');
    expect(error.message).toMatch(/Cannot read \/nonexistent\/referrals.csv: .*Check the path/);
  });
});

describe('sheets and headers that cannot be used', () => {
  it('a sheet name that does not exist lists the ones that do', async () => {
    const error = await refusal(
      openSheet(fileSource(fixture('libreoffice-referrals.xlsx')), { sheet: 'Referals' }),
    );
    expect(error.code).toBe('sheet_not_found');
    expect(error.message).toBe(
      `${fixture('libreoffice-referrals.xlsx')} has no sheet named "Referals". Its sheets are: "Cover", "Referrals", "Empty", "Lookups" (hidden). Give one of these names, or a position from 1 to 4.`,
    );
    const byPosition = await refusal(
      openSheet(fileSource(fixture('libreoffice-referrals.xlsx')), { sheet: 9 }),
    );
    expect(byPosition.message).toMatch(/has no sheet at position 9\. Its sheets are: "Cover"/);
  });

  it('a file whose first row is already data has no header', async () => {
    const error = await refusal(openSheet(fileSource(fixture('no-header.csv'))));
    expect(error.code).toBe('no_header');
    expect(error.message).toBe(
      `${fixture('no-header.csv')} has no header row: none of its first 30 rows reads like column names (row 1 holds: 1001 | 2024-01-05 | 80202 | 12.5). Add a row naming each column above the data, or give the header row number (mapping "source.headerRow").`,
    );
  });

  it('a first row of long cells is quoted cut short, not whole, in the refusal', async () => {
    // A sheet of free text (a letter or notes saved as CSV): row 1 was quoted whole, one paragraph of
    // several thousand characters per cell, burying the advice at the end of the message.
    const paragraph = `${'word '.repeat(1200)}end`;
    const text = `${paragraph},${paragraph}\r\n${paragraph},${paragraph}\r\n`;
    const error = await refusal(openSheet(bytesSource('notes.csv', new TextEncoder().encode(text))));
    expect(error.code).toBe('no_header');
    expect(error.message).toContain('(row 1 holds: word word');
    expect(error.message).toContain('… | word word');
    expect(error.message).toMatch(/Add a row naming each column above the data/);
    expect(error.message.length).toBeLessThan(700);
  });

  it('an empty sheet says so and names the sheet', async () => {
    const error = await refusal(
      openSheet(fileSource(fixture('libreoffice-referrals.xlsx')), { sheet: 'Empty' }),
    );
    expect(error.code).toBe('empty_sheet');
    expect(error.message).toMatch(
      /^sheet "Empty" of .*libreoffice-referrals.xlsx holds no data in its first 30 rows\. Choose the sheet that holds the referrals/,
    );
  });

  it('a given header row that is empty, or not a row number, is refused', async () => {
    const blank = await refusal(openSheet(fileSource(fixture('quoted-newlines.csv')), { headerRow: 4 }));
    expect(blank.code).toBe('no_header');
    expect(blank.message).toMatch(/^Row 4 of .*quoted-newlines.csv is empty, so it cannot be the header row/);
    const zero = await refusal(openSheet(fileSource(fixture('quoted-newlines.csv')), { headerRow: 0 }));
    expect(zero.message).toMatch(/must be a row number from 1 up, not 0/);
  });

  it('an unknown encoding or unusable delimiter names what was given', async () => {
    const encoding = await refusal(
      openSheet(fileSource(fixture('quoted-newlines.csv')), { encoding: 'klingon-8' }),
    );
    expect(encoding.code).toBe('unknown_encoding');
    expect(encoding.message).toMatch(
      /Unknown encoding "klingon-8" for .*quoted-newlines.csv\. Use one of utf-8, windows-1252/,
    );
    const delimiter = await refusal(
      openSheet(fileSource(fixture('quoted-newlines.csv')), { delimiter: '::' }),
    );
    expect(delimiter.code).toBe('bad_delimiter');
    expect(delimiter.message).toMatch(/Cannot use "::" as the delimiter for .*quoted-newlines.csv/);
  });
});

describe('what web systems call an Excel export', () => {
  it.each([
    [
      'web-export-html.xls',
      /web-export-html.xls is a web page \(HTML\), not CSV or \.xlsx\. Open it in Excel or LibreOffice and save it as \.xlsx/,
    ],
    [
      'excel-2003.xml',
      /excel-2003.xml is an Excel 2003 XML spreadsheet, not CSV or \.xlsx\. Open it in Excel or LibreOffice/,
    ],
  ])('%s is refused with advice', async (name, message) => {
    const error = await refusal(openSheet(fileSource(fixture(name))));
    expect(error.code).toBe('unsupported_format');
    expect(error.message).toMatch(message);
  });
});
