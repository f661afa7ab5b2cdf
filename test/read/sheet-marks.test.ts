/**
 * The marks a worksheet keeps outside its rows (merged ranges, hidden columns, an autofilter), found in
 * its inflated bytes however they are cut into chunks (each at least as long as a tag, as the
 * inflater's 16 KiB are). Inside `<sheetData>` only its end tag is looked
 * for; before and after it every chunk is searched whole, so marks out of the schema's order are read too.
 */
import { describe, expect, it } from 'vitest';
import { SheetMarksScanner } from '../../core/read/sheet-marks.ts';

function rows(count: number, prefix = ''): string {
  let xml = '';
  for (let row = 2; row <= count + 1; row++)
    xml += `<${prefix}row r="${row}"><${prefix}c r="A${row}" t="inlineStr"><${prefix}is><${prefix}t>sheetData col mergeCell ${row}</${prefix}t></${prefix}is></${prefix}c></${prefix}row>`;
  return xml;
}

function marksOf(xml: string, chunkBytes: number) {
  const scanner = new SheetMarksScanner();
  const bytes = Buffer.from(xml, 'latin1');
  for (let start = 0; start < bytes.length; start += chunkBytes)
    scanner.feed(bytes.subarray(start, start + chunkBytes));
  const marks = scanner.marks();
  return {
    merges: marks.merges.map((merge) => merge.range).sort(),
    hidden: [...marks.hiddenColumns].sort((a, b) => a - b),
    autoFilter: marks.autoFilter,
  };
}

const EXPECTED = { merges: ['B2:B4', 'C5:D5'], hidden: [3, 4], autoFilter: true };

describe('the marks of a sheet, whatever its chunks', () => {
  const sheets: Record<string, string> = {
    'in the schema order': `<worksheet><cols><col min="3" max="4" hidden="1"/></cols><sheetData>${rows(400)}</sheetData><autoFilter ref="A1:D401"/><mergeCells count="2"><mergeCell ref="B2:B4"/><mergeCell ref="C5:D5"/></mergeCells></worksheet>`,
    'with a namespace prefix': `<x:worksheet><x:cols><x:col min="3" max="4" hidden="1"/></x:cols><x:sheetData>${rows(400, 'x:')}</x:sheetData><x:autoFilter ref="A1:D401"/><x:mergeCells count="2"><x:mergeCell ref="B2:B4"/><x:mergeCell ref="C5:D5"/></x:mergeCells></x:worksheet>`,
    'out of the schema order': `<worksheet><mergeCells count="2"><mergeCell ref="B2:B4"/><mergeCell ref="C5:D5"/></mergeCells><sheetData>${rows(400)}</sheetData><cols><col min="3" max="4" hidden="1"/></cols><autoFilter ref="A1:D401"/></worksheet>`,
  };
  for (const [name, xml] of Object.entries(sheets))
    // From a tag's length up (the inflater hands on 16 KiB and more) to the whole part at once.
    for (const chunk of [61, 4096, 1 << 20])
      it(`${name}, in chunks of ${chunk} bytes`, () => {
        expect(marksOf(xml, chunk)).toEqual(EXPECTED);
      });

  it('an empty sheetData, self-closed, leaves the marks after it read', () => {
    const xml = `<worksheet><sheetData/><autoFilter ref="A1:D1"/><mergeCells count="1"><mergeCell ref="C5:D5"/></mergeCells></worksheet>`;
    for (const chunk of [32, 64, 4096])
      expect(marksOf(xml, chunk)).toMatchObject({ merges: ['C5:D5'], autoFilter: true });
  });

  it('a part that is not a worksheet (the shared strings, styles) is not searched past its root', () => {
    const xml = `<?xml version="1.0"?><sst count="1"><si><t>x</t></si>${'<si><t>filler</t></si>'.repeat(400)}<mergeCell ref="B2:B4"/></sst>`;
    expect(marksOf(xml, 4096)).toEqual({ merges: [], hidden: [], autoFilter: false });
  });
});
