/**
 * Delimited text other readers read differently (issue 15) and hostile lines (issue 17): each case
 * from test/fixtures/read (see its README) or built here, read as Excel reads it or refused naming the
 * row and column.
 */
import { describe, expect, it } from 'vitest';
import { bytesSource, fileSource, openSheet, SheetReadError, type ReadOptions } from '../../core/index.ts';
import { allRows, fixture } from './helpers.ts';

async function read(name: string, options: ReadOptions = {}) {
  const sheet = await openSheet(fileSource(fixture(name)), options);
  return { sheet, rows: await allRows(sheet) };
}

async function refused(open: () => Promise<unknown>): Promise<SheetReadError> {
  const error = await open().then(
    () => null,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(SheetReadError);
  return error as SheetReadError;
}

const readAll =
  (name: string, options: ReadOptions = {}) =>
  () =>
    read(name, options);

describe('quotes that do not pair up are refused, naming the row and column, never merged', () => {
  it('a quote inside a quoted field, not doubled (stray-quote.csv)', async () => {
    const error = await refused(readAll('stray-quote.csv'));
    expect(error.code).toBe('damaged_text');
    expect([error.row, error.column]).toEqual([3, 2]);
    expect(error.message).toMatch(
      /^Row 3, column B of .*stray-quote.csv is a quoted field holding a quote \("\) that is not doubled, so where the field ends cannot be told/,
    );
  });

  it('a quote that opens a field and never closes (unclosed-quote.csv)', async () => {
    const error = await refused(readAll('unclosed-quote.csv'));
    expect(error.code).toBe('damaged_text');
    expect([error.row, error.column]).toEqual([4, 3]);
    expect(error.message).toMatch(
      /^Row 4, column C of .*unclosed-quote.csv starts with a quote \("\) that never closes, so every line after it would be read into that one cell/,
    );
  });

  it('the same refusal however the bytes arrive (a quote far down a file, past the first chunk)', async () => {
    const lines = ['Claim,Note'];
    for (let row = 2; row <= 3000; row++) lines.push(`R-${row},"note ${row}"`);
    lines[2499] = 'R-2500,"note "2500"';
    const error = await refused(async () =>
      allRows(await openSheet(bytesSource('long.csv', Buffer.from(lines.join('\r\n'))))),
    );
    expect([error.row, error.column]).toEqual([2500, 2]);
  });

  it('a quote inside an unquoted field is text, as Excel reads it (inch-marks.csv)', async () => {
    const { rows } = await read('inch-marks.csv');
    expect(rows).toEqual([
      { row: 2, cells: ['I-1', '12" monitor'] },
      { row: 3, cells: ['I-2', '5\'10" door'] },
    ]);
  });
});

describe('line ends, control characters, delimiters and quote characters', () => {
  it('a lone LF and a lone CR in a CRLF file end rows, as in Excel; the LF inside quotes stays text', async () => {
    const { rows } = await read('mixed-line-endings.csv');
    expect(rows).toEqual([
      { row: 2, cells: ['M-1', 'line one\nline two'] },
      { row: 3, cells: ['M-2', 'plain'] },
      { row: 4, cells: ['M-3', 'appended with LF'] },
      { row: 5, cells: ['M-4', 'appended with CR'] },
      { row: 6, cells: ['M-5', 'last'] },
    ]);
  });

  it('a NUL and vertical tabs inside quoted fields are cell text, not a binary file', async () => {
    const { rows } = await read('control-characters.csv');
    expect(rows.map((row) => row.cells[1])).toEqual([
      'before\u0000after',
      'one\u000btwo\u000bthree',
      'plain',
    ]);
  });

  it('a real binary file is still refused', async () => {
    const error = await refused(readAll('binary-given-as.csv'));
    expect(error.code).toBe('binary_file');
  });

  it('":" is sniffed as a delimiter (colon-delimited.csv)', async () => {
    const { sheet, rows } = await read('colon-delimited.csv');
    expect(sheet.delimiter).toBe(':');
    expect(sheet.headers).toEqual(['Claim', 'City', 'Zip']);
    expect(rows[0]!.cells).toEqual(['K-1', 'Salem', '03101']);
  });

  it('quoted tabs and line ends in a comma file do not make the tab look like its delimiter', async () => {
    // Found by the round-trip property (seed -1754694393): split by tab, the quoted line ends gave
    // more two-field rows than the comma gave six-field ones, and the file was refused as damaged.
    const text = 'Field 1,Field 2,Field 3,Field 4,Field 5,Field 6\rr0,"\t\r",,"\t","\r😀","\t"';
    const sheet = await openSheet(bytesSource('quoted-tabs.csv', new TextEncoder().encode(text)), {
      headerRow: 1,
    });
    expect(sheet.delimiter).toBe(',');
    expect(await allRows(sheet)).toEqual([{ row: 2, cells: ['r0', '\t\r', null, '\t', '\r😀', '\t'] }]);
  });

  it('quoted line ends followed by "|" in a comma file do not make "|" look like its delimiter', async () => {
    // Found by the round-trip property: split by "|", the quoted line ends gave three two-field rows
    // against the comma's two five-field ones; the quotes "|" leaves inside fields now tell them apart.
    const text = 'Field 1,Field 2,Field 3,Field 4,Field 5\r\nr0,"|","\r\n|","\r\n|,",';
    const sheet = await openSheet(bytesSource('pipes.csv', new TextEncoder().encode(text)), { headerRow: 1 });
    expect(sheet.delimiter).toBe(',');
    expect(await allRows(sheet)).toEqual([{ row: 2, cells: ['r0', '|', '\r\n|', '\r\n|,', null] }]);
  });

  it('a comma file with an unclosed quote is still refused as damaged, not read by another delimiter', async () => {
    const lines = ['Claim,Time,City', ...Array.from({ length: 8 }, (_, i) => `K-${i},10:${i}0,Salem`)];
    lines.splice(5, 0, 'K-x,"10:45,Salem', 'K-y,11:00,Dover');
    const error = await refused(() =>
      openSheet(bytesSource('stray.csv', new TextEncoder().encode(lines.join('\r\n'))), {
        headerRow: 1,
      }).then((sheet) => allRows(sheet)),
    );
    expect(error.code).toBe('damaged_text');
    expect(error.message).toContain('Row 6, column B of stray.csv');
  });

  it("a given quote character reads a file quoted with ' (single-quoted.csv)", async () => {
    const { sheet, rows } = await read('single-quoted.csv', { quote: "'" });
    expect(sheet.headers).toEqual(['Claim', 'Insured']);
    expect(rows.map((row) => row.cells)).toEqual([
      ['S-1', "O'Brien, Pat"],
      ['S-2', 'Lee, Ann'],
    ]);
  });

  it('a given escape character reads \\" inside quotes; without it the file is refused with that advice', async () => {
    const { rows } = await read('backslash-escaped.csv', { escape: '\\' });
    expect(rows[0]!.cells).toEqual(['B-1', 'said "call me", then left']);
    const error = await refused(readAll('backslash-escaped.csv'));
    expect(error.message).toMatch(/If the file writes \\" for a quote, give "\\" as the escape character/);
  });

  it('a quote or escape of more than one character is refused', async () => {
    const error = await refused(readAll('single-quoted.csv', { quote: "''" }));
    expect(error.code).toBe('bad_delimiter');
    expect(error.message).toMatch(/as the quote character/);
  });
});

describe('hostile lines: bounded time and memory, refused at the limit naming the row', () => {
  it('a line past the limit is refused naming its row', async () => {
    const text = `Claim,Note\r\nL-1,short\r\nL-2,${'x'.repeat(5000)}\r\nL-3,short\r\n`;
    const error = await refused(async () =>
      allRows(await openSheet(bytesSource('long-line.csv', Buffer.from(text)), { maxLineChars: 1000 })),
    );
    expect(error.code).toBe('too_long');
    expect(error.row).toBe(3);
    expect(error.message).toMatch(
      /^Row 3 of long-line.csv holds more than 1,000 characters of text in one line/,
    );
  });

  it('an unterminated quote of 3 MB is refused at the default 1 MB limit, naming where the quote opened', async () => {
    const text = `Claim,Note\r\nU-1,"never closed\r\n${'U-x,more text\r\n'.repeat(200_000)}`;
    const error = await refused(async () =>
      allRows(await openSheet(bytesSource('open.csv', Buffer.from(text)))),
    );
    expect(error.code).toBe('too_long');
    expect([error.row, error.column]).toEqual([2, 2]);
    expect(error.message).toMatch(
      /^Row 2 of open.csv holds more than 1 MB of text in one line.*A quote \("\) that opens column B on row 2 and never closes does this/,
    );
  });

  it('one 3 MB line without line ends is refused at the default limit', async () => {
    const text = `Claim,Note\r\nW-1,${'y'.repeat(3 * 1024 * 1024)}\r\n`;
    const error = await refused(async () =>
      allRows(await openSheet(bytesSource('wide.csv', Buffer.from(text)))),
    );
    expect(error.code).toBe('too_long');
    expect(error.row).toBe(2);
  });

  it('an XLSX cell past the limit is refused naming its row and column', async () => {
    const error = await refused(async () =>
      allRows(await openSheet(fileSource(fixture('many-accents.xlsx')), { maxLineChars: 20 })),
    );
    expect(error.code).toBe('too_long');
    expect([error.row, error.column]).toEqual([2, 1]);
    expect(error.message).toMatch(
      /^Row 2, column A of sheet ".*" of .*many-accents.xlsx holds more than 20 characters/,
    );
  });
});

describe('header names', () => {
  it('16,384 identical labels are numbered in order, each once', async () => {
    const header = Array.from({ length: 16_384 }, () => 'Notes').join(',');
    const row = Array.from({ length: 16_384 }, (_, index) => String(index)).join(',');
    const sheet = await openSheet(bytesSource('wide.csv', Buffer.from(`${header}\n${row}\n`)), {
      headerRow: 1,
    });
    expect(sheet.headers.length).toBe(16_384);
    expect(sheet.headers.slice(0, 3)).toEqual(['Notes', 'Notes (2)', 'Notes (3)']);
    expect(sheet.headers[16_383]).toBe('Notes (16384)');
    expect(new Set(sheet.headers).size).toBe(16_384);
  });
});
