/**
 * The sheet reader takes the form most cells have (`<c r="B2" s="1" t="s"><v>41</v></c>`) in one pass
 * (core/read/workbook-rows.ts, plainCell) and leaves every other form to the XML scanner, tag by tag.
 * Both must read the same cells: the same sheet written once in that form and once with a second
 * space after each name (well-formed XML the quick pass declines) reads the same rows, whatever the
 * cells' types, styles, attribute order and numbers, across the inflater's chunks.
 */
import fc from 'fast-check';
import JSZip from 'jszip';
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { bytesSource, openSheet, SheetReadError, type SourceRow } from '../../core/index.ts';
import { allRows, fixture } from './helpers.ts';

const SHEET_START =
  '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>';
const HEADER =
  '<row r="1"><c r="A1" t="str"><v>a</v></c><c r="B1" t="str"><v>b</v></c><c r="C1" t="str"><v>c</v></c></row>';

interface PlainCell {
  value: string;
  type: 'n' | 'str' | null;
  style: '0' | null;
  order: number;
}

const cell = fc.record({
  value: fc.constantFrom(
    '0',
    '7',
    '41',
    '123456789',
    '1234567890',
    '007',
    '-3.5',
    '1E3',
    '2.5e-1',
    '+4',
    '46280',
  ),
  type: fc.constantFrom('n' as const, 'str' as const, null),
  style: fc.constantFrom('0' as const, null),
  order: fc.nat(5),
});

function cellXml(reference: string, { value, type, style, order }: PlainCell, gap: string): string {
  const attributes = [`r="${reference}"`];
  if (type !== null) attributes.push(`t="${type}"`);
  if (style !== null) attributes.push(`s="${style}"`);
  // The attributes in any order: r, t and s as the writer chose.
  for (let turn = 0; turn < order; turn++) attributes.push(attributes.shift()!);
  return `<c${gap}${attributes.join(gap)}><v>${value}</v></c>`;
}

function sheetXml(rows: PlainCell[][], gap: string): string {
  const body = rows
    .map(
      (cells, index) =>
        `<row r="${index + 2}">${cells.map((one, column) => cellXml(`${'ABC'[column]}${index + 2}`, one, gap)).join('')}</row>`,
    )
    .join('');
  return `${SHEET_START}${HEADER}${body}</sheetData></worksheet>`;
}

async function rowsOf(xml: string): Promise<SourceRow[]> {
  const zip = await JSZip.loadAsync(await readFile(fixture('dates-1904.xlsx')));
  zip.file('xl/worksheets/sheet1.xml', xml);
  const bytes = await zip.generateAsync({ type: 'uint8array', compression: 'DEFLATE' });
  return allRows(await openSheet(bytesSource('plain.xlsx', bytes), {}));
}

describe('cells in their plain form read as the scanner reads them', () => {
  it('the same rows with one space or two between the names', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.array(cell, { minLength: 3, maxLength: 3 }), { minLength: 1, maxLength: 30 }),
        async (rows) => {
          const plain = await rowsOf(sheetXml(rows, ' '));
          expect(plain).toEqual(await rowsOf(sheetXml(rows, '  ')));
          expect(plain).toHaveLength(rows.length);
        },
      ),
      { numRuns: 40 },
    );
  });

  it('a sheet larger than the inflater hands on at once: the same rows, numbers read as numbers', async () => {
    const rows = Array.from({ length: 3000 }, (_, index): PlainCell[] => [
      { value: String(index), type: null, style: '0', order: index % 3 },
      { value: `${index}.5`, type: 'n', style: null, order: 0 },
      { value: String(index * 7), type: 'str', style: null, order: 1 },
    ]);
    const plain = await rowsOf(sheetXml(rows, ' '));
    expect(plain).toEqual(await rowsOf(sheetXml(rows, '  ')));
    expect(plain[2999]!.cells).toEqual([2999, 2999.5, String(2999 * 7)]);
  });

  it('a cell naming an attribute twice is refused, as the scanner refuses it', async () => {
    const xml = `${SHEET_START}${HEADER}<row r="2"><c r="A2" r="A2"><v>1</v></c></row></sheetData></worksheet>`;
    await expect(rowsOf(xml)).rejects.toBeInstanceOf(SheetReadError);
  });
});
