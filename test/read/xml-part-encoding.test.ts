/**
 * A workbook's XML parts are decoded in the encoding their byte order mark or XML declaration names
 * (core/read/xml-encoding.ts), never as UTF-8 regardless: UTF-16 parts (some .NET writers) read exactly,
 * and bytes that are not valid in the part's encoding refuse the file naming the part instead of
 * reading "�" (explore 64). The workbooks are written by openpyxl, then one part re-encoded by Python.
 */
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { fileSource, openSheet, SheetReadError } from '../../core/index.ts';
import { tempDir } from '../report/helpers.ts';
import { allRows } from './helpers.ts';
import { runPython } from '../helpers/run-python.ts';

/**
 * openpyxl writes Claim #/Insured over one row (its text as inline strings, in the sheet part), then the
 * sheet part is written again, its characters as such, as `encode` (a Python expression of its `text`)
 * makes it.
 */
const SCRIPT = `
import re, sys, zipfile, openpyxl
path, encode = sys.argv[1], sys.argv[2]
book = openpyxl.Workbook(); sheet = book.active; sheet.title = 'Referrals'
sheet.append(['Claim #', 'Insured']); sheet.append(['ENC-1', 'Zoë Müller'])
book.save(path)
with zipfile.ZipFile(path) as source:
    parts = [(info, source.read(info.filename)) for info in source.infolist()]
with zipfile.ZipFile(path, 'w', zipfile.ZIP_DEFLATED) as target:
    for info, data in parts:
        if info.filename == 'xl/worksheets/sheet1.xml':
            text = re.sub(r'^<\\?xml[^?]*\\?>', '', data.decode('utf-8'))
            # openpyxl writes "ë" as &#235;: the characters themselves go into the bytes re-encoded.
            text = re.sub(r'&#(\\d+);', lambda m: chr(int(m.group(1))), text)
            data = eval(encode)
        target.writestr(info, data)
`;

let dir: string;
beforeAll(async () => {
  dir = await tempDir();
});

async function workbook(name: string, encode: string): Promise<string> {
  const path = join(dir, name);
  runPython(SCRIPT, [path, encode]);
  return path;
}

async function read(path: string) {
  const sheet = await openSheet(fileSource(path));
  return { headers: sheet.headers, rows: (await allRows(sheet)).map((row) => row.cells) };
}

async function refusal(path: string): Promise<SheetReadError> {
  const error = await read(path).then(
    () => null,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(SheetReadError);
  return error as SheetReadError;
}

describe('the encoding of a workbook part', () => {
  it('rule: UTF-16 big-endian without a byte order mark is told by its "<?" and read exactly', async () => {
    const path = await workbook(
      'utf16be.xlsx',
      `('<?xml version="1.0" encoding="UTF-16"?>' + text).encode('utf-16-be')`,
    );
    expect(await read(path)).toEqual({ headers: ['Claim #', 'Insured'], rows: [['ENC-1', 'Zoë Müller']] });
  });

  it('rule: an encoding the declaration names (windows-1252) is the one read', async () => {
    const path = await workbook(
      'cp1252.xlsx',
      `('<?xml version="1.0" encoding="windows-1252"?>' + text).encode('cp1252')`,
    );
    expect(await read(path)).toEqual({ headers: ['Claim #', 'Insured'], rows: [['ENC-1', 'Zoë Müller']] });
  });

  it('rule: bytes that are not UTF-8 in a UTF-8 part refuse the file naming the part, never a "�"', async () => {
    const path = await workbook(
      'bad-utf8.xlsx',
      `text.encode('utf-8').replace(b'M\\xc3\\xbcller', b'M\\xfcller')`,
    );
    const error = await refusal(path);
    expect(error.code).toBe('corrupt_workbook');
    expect(error.message).toBe(
      `${path} is damaged: its part xl/worksheets/sheet1.xml holds bytes that are not UTF-8, the encoding it is written in, so its text cannot be read exactly. ` +
        'Open it in Excel or LibreOffice and save it as .xlsx (Excel Workbook) or .csv.',
    );
  });

  it('rule: an encoding the tool does not know is refused naming it', async () => {
    const path = await workbook(
      'unknown.xlsx',
      `('<?xml version="1.0" encoding="x-nobody-knows"?>' + text).encode('utf-8')`,
    );
    const error = await refusal(path);
    expect(error.code).toBe('unknown_encoding');
    expect(error.message).toContain(
      "its part xl/worksheets/sheet1.xml is written in the encoding 'x-nobody-knows', which this tool does not know.",
    );
  });
});
