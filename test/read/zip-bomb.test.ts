/**
 * Zip bombs are refused quickly and without inflating them into memory: by the sizes the zip
 * directory declares, and — when the directory lies — by counting what actually inflates.
 */
import { crc32, deflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { bytesSource, openSheet, SheetReadError } from '../../core/index.ts';

interface Part {
  name: string;
  content: Buffer;
  /** What the directory claims the part inflates to (defaults to the truth). */
  declaredSize?: number;
  /** Point this directory entry at an earlier part's bytes instead of writing new ones. */
  sameBytesAs?: string;
  /** Store these bytes as the part's deflated data instead of deflating `content`. */
  garbage?: Buffer;
}

/**
 * A minimal zip writer (deflate, no data descriptors, each part's true CRC-32), enough to build hostile
 * workbooks.
 */
function zip(parts: Part[]): Uint8Array {
  const locals: Buffer[] = [];
  const central: Buffer[] = [];
  const offsets = new Map<string, { offset: number; compressed: number }>();
  let offset = 0;
  for (const part of parts) {
    const name = Buffer.from(part.name);
    const declared = part.declaredSize ?? part.content.length;
    const checksum = crc32(part.content);
    let at = offsets.get(part.sameBytesAs ?? '');
    if (!at) {
      const compressed = part.garbage ?? deflateRawSync(part.content);
      const local = Buffer.alloc(30);
      local.writeUInt32LE(0x04034b50, 0);
      local.writeUInt16LE(20, 4);
      local.writeUInt16LE(8, 8);
      local.writeUInt32LE(checksum, 14);
      local.writeUInt32LE(compressed.length, 18);
      local.writeUInt32LE(declared, 22);
      local.writeUInt16LE(name.length, 26);
      locals.push(local, name, compressed);
      at = { offset, compressed: compressed.length };
      offsets.set(part.name, at);
      offset += 30 + name.length + compressed.length;
    }
    const entry = Buffer.alloc(46);
    entry.writeUInt32LE(0x02014b50, 0);
    entry.writeUInt16LE(20, 4);
    entry.writeUInt16LE(20, 6);
    entry.writeUInt16LE(8, 10);
    entry.writeUInt32LE(checksum, 16);
    entry.writeUInt32LE(at.compressed, 20);
    entry.writeUInt32LE(declared, 24);
    entry.writeUInt16LE(name.length, 28);
    entry.writeUInt32LE(at.offset, 42);
    central.push(entry, name);
  }
  const directory = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(parts.length, 8);
  end.writeUInt16LE(parts.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

const workbookXml = Buffer.from(
  '<?xml version="1.0"?><workbook xmlns:r="r"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>',
);
const relsXml = Buffer.from(
  '<?xml version="1.0"?><Relationships><Relationship Id="rId1" Type="x/worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
);
const zeros = Buffer.alloc(64 * 1024 * 1024);

/** Refused, with the typed error (a hang is the test runner's timeout, never a timed assertion). */
async function refused(bytes: Uint8Array): Promise<SheetReadError> {
  const error = await openSheet(bytesSource('bomb.xlsx', bytes)).then(
    () => null,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(SheetReadError);
  return error as SheetReadError;
}

describe('zip bombs', () => {
  it('a part declaring ~1000× compression is refused before anything is inflated', async () => {
    const bytes = zip([
      { name: 'xl/workbook.xml', content: workbookXml },
      { name: 'xl/_rels/workbook.xml.rels', content: relsXml },
      { name: 'xl/worksheets/sheet1.xml', content: zeros },
    ]);
    const error = await refused(bytes);
    expect(error.code).toBe('workbook_too_large');
    expect(error.message).toMatch(
      /^bomb.xlsx inflates to an absurd size \(part xl\/worksheets\/sheet1.xml declares \d+× compression\): it is damaged or a "zip bomb", and was not read\. Open it in Excel or LibreOffice and save it as \.xlsx/,
    );
  });

  it('a part whose directory lies about its size is stopped as soon as it inflates past the claim', async () => {
    const bytes = zip([
      { name: 'xl/workbook.xml', content: workbookXml },
      { name: 'xl/_rels/workbook.xml.rels', content: relsXml },
      { name: 'xl/worksheets/sheet1.xml', content: zeros, declaredSize: 2000 },
    ]);
    const error = await refused(bytes);
    expect(error.code).toBe('workbook_too_large');
    expect(error.message).toMatch(/part xl\/worksheets\/sheet1.xml inflates past the 2000 bytes it declares/);
  });

  it('parts sharing the same compressed bytes (overlapping entries) are refused', async () => {
    const sheet = Buffer.from(
      '<worksheet><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>x</t></is></c></row></sheetData></worksheet>',
    );
    const bytes = zip([
      { name: 'xl/workbook.xml', content: workbookXml },
      { name: 'xl/_rels/workbook.xml.rels', content: relsXml },
      { name: 'xl/worksheets/sheet1.xml', content: sheet },
      { name: 'xl/worksheets/sheet2.xml', content: sheet, sameBytesAs: 'xl/worksheets/sheet1.xml' },
    ]);
    const error = await refused(bytes);
    expect(error.code).toBe('workbook_too_large');
    expect(error.message).toMatch(/part xl\/worksheets\/sheet2.xml overlaps another/);
  });

  it('a part whose deflated bytes are garbage is reported as damaged, naming the part', async () => {
    const bytes = zip([
      { name: 'xl/workbook.xml', content: workbookXml },
      { name: 'xl/_rels/workbook.xml.rels', content: relsXml },
      {
        name: 'xl/worksheets/sheet1.xml',
        content: Buffer.alloc(100),
        garbage: Buffer.from([0xff, 0xff, 0xff, 0xff, 0x00, 0x13]),
      },
    ]);
    const error = await refused(bytes);
    expect(error.code).toBe('corrupt_workbook');
    expect(error.message).toMatch(
      /^bomb.xlsx is damaged and cannot be read as a workbook \(part xl\/worksheets\/sheet1.xml does not inflate: .+\)\. Open it in Excel or LibreOffice/,
    );
  });

  it('the same minimal workbook without tricks reads normally (the writer above is sound)', async () => {
    const sheet = Buffer.from(
      '<worksheet><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>Name</t></is></c></row>' +
        '<row r="2"><c r="A2" t="inlineStr"><is><t>Ann</t></is></c></row></sheetData></worksheet>',
    );
    const opened = await openSheet(
      bytesSource(
        'plain.xlsx',
        zip([
          { name: 'xl/workbook.xml', content: workbookXml },
          { name: 'xl/_rels/workbook.xml.rels', content: relsXml },
          { name: 'xl/worksheets/sheet1.xml', content: sheet },
        ]),
      ),
    );
    expect(opened.headers).toEqual(['Name']);
    const rows = [];
    for await (const row of opened.rows()) rows.push(row);
    expect(rows).toEqual([{ row: 2, cells: ['Ann'] }]);
  });
});
