/**
 * An encoding a person gave that the file's own bytes contradict. A template pinned to windows-1252
 * (last month's file) meets this month's "Unicode Text" export, UTF-16 with a byte-order mark; read as
 * given, every other byte is a zero and the file was refused as "not a text file (it holds binary
 * data)", or, given utf-16be, as having "no header row" while quoting the whole file as CJK-looking
 * characters. Neither said the encoding given was the trouble. The bytes decide only where they leave
 * no doubt: a byte-order mark, the zero byte beside each plain letter that UTF-16 writes, and, the
 * other way, a file with no zero byte at all, which UTF-16 text of letters, commas and line breaks
 * cannot be. And a file that is UTF-8 throughout, accents written as UTF-8 writes them, given a
 * single-byte encoding: read as Mac OS Roman, "Société" is "Soci√©t√©" on every row, all valid.
 * Windows-1252 (and latin1, its alias) is left to utf8-in-windows-1252.ts, which names each such row.
 */
import { SheetReadError } from './sheet-read-error.ts';
import type { ReadingWays } from './types.ts';

export interface BytesShow {
  /** What a byte-order mark at the start says: 'utf-8', 'utf-16le' or 'utf-16be'. */
  bom: string | null;
  /** UTF-16 recognised without a BOM by its zero bytes (text-encoding.ts utf16Pattern). */
  pattern: string | null;
  /** Whether the bytes looked at hold a zero byte at all. */
  hasZeroByte: boolean;
}

const isUtf16 = (encoding: string) => encoding === 'utf-16le' || encoding === 'utf-16be';

/** Throws when `given` (a WHATWG name, checked) cannot be the file's encoding by what its bytes show. */
export function checkGivenEncoding(
  fileName: string,
  given: string,
  shows: BytesShow,
  ways: ReadingWays,
): void {
  const byBytes = shows.bom ?? shows.pattern;
  const contradicted =
    byBytes !== null &&
    byBytes !== given &&
    // A UTF-8 BOM contradicts only UTF-16: given windows-1252, its rows that are UTF-8 are named.
    (isUtf16(byBytes) || isUtf16(given));
  if (contradicted) {
    const how =
      shows.bom !== null
        ? `starts with a ${byBytes.toUpperCase()} byte-order mark`
        : `reads as ${byBytes.toUpperCase()} (a zero byte beside each plain letter, as ${byBytes.toUpperCase()} writes them; it has no byte-order mark)`;
    throw new SheetReadError(
      'wrong_encoding',
      fileName,
      `${fileName} ${how}, but the encoding given is ${given}: read as ${given} it is not the text of the file. ${ways.giveEncodingInstead(byBytes)}.`,
    );
  }
  if (isUtf16(given) && shows.bom === null && !shows.hasZeroByte) {
    throw new SheetReadError(
      'wrong_encoding',
      fileName,
      `${fileName} cannot be ${given.toUpperCase()}, the encoding given: it holds no zero byte, which UTF-16 writes beside every plain letter, digit, comma and line break. ${ways.giveNoEncoding()}.`,
    );
  }
}

/**
 * The single-byte encodings TextDecoder knows but Windows-1252: every byte is a character, so UTF-8 text
 * decodes without an error, as two or three wrong letters per accent.
 */
const SINGLE_BYTE = new Set([
  'ibm866',
  'iso-8859-2',
  'iso-8859-3',
  'iso-8859-4',
  'iso-8859-5',
  'iso-8859-6',
  'iso-8859-7',
  'iso-8859-8',
  'iso-8859-8-i',
  'iso-8859-10',
  'iso-8859-13',
  'iso-8859-14',
  'iso-8859-15',
  'iso-8859-16',
  'koi8-r',
  'koi8-u',
  'macintosh',
  'windows-874',
  'windows-1250',
  'windows-1251',
  'windows-1253',
  'windows-1254',
  'windows-1255',
  'windows-1256',
  'windows-1257',
  'windows-1258',
  'x-mac-cyrillic',
]);

/** Whether `given` is a single-byte encoding that UTF-8 text would be read in as wrong letters. */
export function garblesUtf8(given: string): boolean {
  return SINGLE_BYTE.has(given);
}

/**
 * Refuses a file that is UTF-8 throughout (`utf8Lines` lines with a character of two or more bytes, none
 * with a byte that is not UTF-8) given a single-byte encoding: such text next to never is anything else.
 */
export function checkUtf8GivenSingleByte(
  fileName: string,
  given: string,
  lines: { utf8: number; notUtf8: number },
  ways: ReadingWays,
): void {
  if (lines.utf8 === 0 || lines.notUtf8 > 0) return;
  const garbled = new TextDecoder(given).decode(new TextEncoder().encode('é'));
  throw new SheetReadError(
    'wrong_encoding',
    fileName,
    `${fileName} is UTF-8 throughout (each accented letter written as UTF-8 writes it, on ${lines.utf8} ${lines.utf8 === 1 ? 'line' : 'lines'}), but the encoding given is ${given}: read as ${given}, every "é" would be "${garbled}". ${ways.giveEncodingInstead('utf-8')}.`,
  );
}
