/**
 * Property: any table (unicode, quotes, delimiters and line breaks inside cells, empty cells) written
 * as CSV in each supported encoding, with each delimiter and line break, and handed over in arbitrary
 * chunk sizes, reads back as the same table — with the encoding and delimiter detected, not given.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { openSheet, type Cell } from '../../core/index.ts';
import { allRows, chunkedSource } from './helpers.ts';

const DELIMITERS = [',', ';', '\t', '|'] as const;
const LINE_BREAKS = ['\r\n', '\n', '\r'] as const;
const SPECIALS = ['"', ',', ';', '\t', '|', '\r', '\n', ' ', '\r\n'];

/** Characters whose Windows-1252 bytes are never valid UTF-8 next to ASCII or each other (≥ 0xC0). */
const WINDOWS_1252_LETTERS = ['é', 'ß', 'Ä', 'ñ', 'Ö', 'ü', 'à'];

type Encoding = 'utf-8' | 'utf-8-bom' | 'utf-16le' | 'utf-16be' | 'windows-1252';

function unitFor(encoding: Encoding): fc.Arbitrary<string> {
  if (encoding === 'windows-1252') {
    return fc.oneof(
      fc.constantFrom(...SPECIALS, ...WINDOWS_1252_LETTERS),
      fc.string({ unit: 'grapheme-ascii', maxLength: 2 }),
    );
  }
  return fc.oneof(
    fc.constantFrom(...SPECIALS, 'é', '€', '漢字', '😀', 'Ελ', 'ﬀ'),
    fc.string({ unit: 'grapheme', maxLength: 2 }),
  );
}

/** Quotes a field holding any candidate delimiter, a quote or a line break, as spreadsheet programs do. */
function field(text: string): string {
  return /[",;\t|\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function encode(text: string, encoding: Encoding): Uint8Array {
  switch (encoding) {
    case 'utf-8':
      return new TextEncoder().encode(text);
    case 'utf-8-bom':
      return new TextEncoder().encode(`\uFEFF${text}`);
    case 'utf-16le':
      return Buffer.from(`\uFEFF${text}`, 'utf16le');
    case 'utf-16be':
      return Buffer.from(`\uFEFF${text}`, 'utf16le').swap16();
    case 'windows-1252':
      // Every character generated for this encoding is ASCII or Latin-1, where the two agree.
      return Buffer.from(text, 'latin1');
  }
}

const EXPECTED_ENCODING: Record<Encoding, string> = {
  'utf-8': 'utf-8',
  'utf-8-bom': 'utf-8',
  'utf-16le': 'utf-16le',
  'utf-16be': 'utf-16be',
  'windows-1252': 'windows-1252',
};

/**
 * The cell as Excel shows it: a cell that is exactly `="…"` (a generated `="` unit, text, `"`) is the
 * text inside, its doubled quotes single (read/delimited-rows.ts); an empty cell is null.
 */
function excelShows(cell: string): Cell {
  const formula = /^="((?:[^"]|"")*)"$/.exec(cell);
  const text = formula ? formula[1]!.replaceAll('""', '"') : cell;
  return text === '' ? null : text;
}

function tableCase(encoding: Encoding) {
  return fc.integer({ min: 2, max: 6 }).chain((width) =>
    fc.record({
      width: fc.constant(width),
      rows: fc.array(
        fc.array(fc.string({ unit: unitFor(encoding), maxLength: 6 }), {
          minLength: width,
          maxLength: width,
        }),
        {
          minLength: 1,
          maxLength: 12,
        },
      ),
      delimiter: fc.constantFrom(...DELIMITERS),
      lineBreak: fc.constantFrom(...LINE_BREAKS),
      finalBreak: fc.boolean(),
      chunkSizes: fc.array(fc.integer({ min: 1, max: 9 }), { minLength: 1, maxLength: 6 }),
    }),
  );
}

describe('CSV round trip (fast-check)', () => {
  it.each<Encoding>(['utf-8', 'utf-8-bom', 'utf-16le', 'utf-16be', 'windows-1252'])(
    '%s: random tables read back identically, encoding and delimiter detected',
    async (encoding) => {
      await fc.assert(
        fc.asyncProperty(
          tableCase(encoding),
          async ({ width, rows, delimiter, lineBreak, finalBreak, chunkSizes }) => {
            const headers = Array.from({ length: width }, (_, index) => `Field ${index + 1}`);
            // The first cell of each row keeps the row from being blank (blank rows are skipped by design).
            const data = rows.map((cells, index) => [`r${index}${cells[0] ?? ''}`, ...cells.slice(1)]);
            const text =
              [headers, ...data].map((cells) => cells.map(field).join(delimiter)).join(lineBreak) +
              (finalBreak ? lineBreak : '');
            const sheet = await openSheet(chunkedSource('random.csv', encode(text, encoding), chunkSizes), {
              headerRow: 1,
            });
            // Pure ASCII is the same text in both, and is read as UTF-8.
            const ascii = [...text].every((character) => character.charCodeAt(0) < 0x80);
            expect(sheet.encoding).toBe(
              encoding === 'windows-1252' && ascii ? 'utf-8' : EXPECTED_ENCODING[encoding],
            );
            expect(sheet.delimiter).toBe(delimiter);
            expect(sheet.headers).toEqual(headers);
            const expected = data.map((cells, index) => ({
              row: index + 2,
              cells: cells.map(excelShows),
            }));
            expect(await allRows(sheet)).toEqual(expected);
            expect(sheet.blankRowsSkipped()).toBe(0);
          },
        ),
        { numRuns: 300 },
      );
    },
  );
});
