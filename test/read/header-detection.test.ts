/**
 * The header is the first top row that reads like column labels and spans the table; title rows above
 * it are ignored, and header names come out unique and stable.
 */
import { describe, expect, it } from 'vitest';
import { bytesSource, openSheet } from '../../core/index.ts';
import { allRows } from './helpers.ts';

const csv = (name: string, text: string) => bytesSource(name, new TextEncoder().encode(text));

describe('header detection in delimited text', () => {
  it('skips a title block (title, export date, blank line) above the header', async () => {
    const sheet = await openSheet(
      csv(
        'carrier-export.csv',
        'Acme Insurance - open referrals,,,\r\nExported 03/01/2024,,,\r\n,,,\r\nClaim No,Insured,Date of Loss,Amount\r\nC-1,Ann Lee,01/05/2024,80202\r\n',
      ),
    );
    expect(sheet.headerRow).toBe(4);
    expect(sheet.headers).toEqual(['Claim No', 'Insured', 'Date of Loss', 'Amount']);
    expect(await allRows(sheet)).toEqual([{ row: 5, cells: ['C-1', 'Ann Lee', '01/05/2024', '80202'] }]);
    expect(sheet.blankRowsSkipped()).toBe(0); // rows above the header are not data, so not counted
  });

  it('names blank headers by position and numbers repeats, never colliding with a real name', async () => {
    const sheet = await openSheet(csv('dupes.csv', 'Name,,Name,Name (2),name,Phone\nA,B,C,D,E,F\n'));
    expect(sheet.headers).toEqual(['Name', 'Column 2', 'Name (3)', 'Name (2)', 'name (4)', 'Phone']);
  });

  it('collapses line breaks and runs of spaces inside a header cell', async () => {
    const sheet = await openSheet(csv('wrapped.csv', '"Date of\nBirth",  Full   Name  \n1970-01-01,Ann\n'));
    expect(sheet.headers).toEqual(['Date of Birth', 'Full Name']);
  });

  it('keeps values past the last named column apart wherever the row is, in the first rows too', async () => {
    const lines = [
      'Name,City',
      'Ann,Oslo,extra',
      ...Array.from({ length: 40 }, (_, index) => `P${index},X`),
      'Late,Row,,far out',
    ];
    const sheet = await openSheet(csv('wide.csv', lines.join('\n')));
    expect(sheet.headers).toEqual(['Name', 'City']);
    const rows = await allRows(sheet);
    expect(rows[0]).toEqual({ row: 2, cells: ['Ann', 'Oslo'], beyondHeaders: ['extra'] });
    expect(rows.at(-1)).toEqual({ row: 43, cells: ['Late', 'Row'], beyondHeaders: [null, 'far out'] });
  });

  it('reads UTF-16LE written without a BOM by the NULs of its ASCII characters', async () => {
    const bytes = Buffer.from('Case\tCity\r\nU-1\tKraków\r\n', 'utf16le');
    const sheet = await openSheet(bytesSource('no-bom.txt', bytes));
    expect(sheet.encoding).toBe('utf-16le');
    expect(sheet.delimiter).toBe('\t');
    expect(await allRows(sheet)).toEqual([{ row: 2, cells: ['U-1', 'Kraków'] }]);
  });

  it('the encoding and delimiter can be given instead of detected', async () => {
    const bytes = Buffer.from('Name|Note\nZoë|a;b\n', 'latin1');
    const sheet = await openSheet(bytesSource('given.txt', bytes), { encoding: 'latin1', delimiter: 'tab' });
    // Given tab, the whole line is one column: the override wins over sniffing.
    expect(sheet).toMatchObject({ encoding: 'windows-1252', delimiter: '\t', headers: ['Name|Note'] });
    expect(await allRows(sheet)).toEqual([{ row: 2, cells: ['Zoë|a;b'] }]);
  });
});
