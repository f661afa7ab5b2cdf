/**
 * The mirror of utf8-lines.ts: a file read as Windows-1252 (most of its lines were written by a program
 * that saved Windows-1252, or the encoding was given) holding rows another program saved as UTF-8.
 * Decoded as Windows-1252, UTF-8's "ü" (bytes C3 BC) reads "Ã¼": "MÃ¼ller" would be imported as if
 * typed so. No single encoding reads such a file, so those rows are named instead.
 *
 * A row is taken for UTF-8 when its text, written back as the Windows-1252 bytes it was read from, is
 * valid UTF-8 holding at least one multi-byte character, the test utf8LineCounts applies to a line.
 * Windows-1252 text almost never passes it: its accented letters are single bytes (0xE9 for "é")
 * followed by plain letters, which UTF-8 refuses; "Ã¼" needs a capital letter with an accent followed
 * directly by a symbol.
 */
import type { SourceRow } from './types.ts';

/** Each character Windows-1252 decodes a byte from 0x80 to 0xFF into, and that byte. */
const WINDOWS_1252_BYTE = (() => {
  const bytes = Uint8Array.from({ length: 128 }, (_, index) => 0x80 + index);
  const decoded = new TextDecoder('windows-1252').decode(bytes);
  const byChar = new Map<number, number>();
  for (let index = 0; index < decoded.length; index++) byChar.set(decoded.charCodeAt(index), 0x80 + index);
  return byChar;
})();

/** A character past ASCII (U+0080 and up): only such cells can be in one encoding or the other. */
function hasNonAscii(text: string): boolean {
  for (let index = 0; index < text.length; index++) if (text.charCodeAt(index) >= 0x80) return true;
  return false;
}
const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** The text as UTF-8 reads the Windows-1252 bytes it was decoded from; null when they are not UTF-8. */
function utf8Reading(text: string): string | null {
  const bytes = new Uint8Array(text.length);
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    const byte = code < 0x80 ? code : WINDOWS_1252_BYTE.get(code);
    if (byte === undefined) return null;
    bytes[index] = byte;
  }
  try {
    return strictUtf8.decode(bytes);
  } catch {
    return null;
  }
}

/**
 * Lists in `row.looksUtf8` each cell of a row read as Windows-1252 that reads as UTF-8, when every
 * cell of the row that is not plain ASCII does: one cell of Windows-1252 accents ("café" is the lone
 * byte 0xE9) says the row is Windows-1252, and then nothing is named. A Windows-1252 row costs a test
 * per cell and one failed reading.
 */
export function markUtf8Cells(row: SourceRow): void {
  let found: NonNullable<SourceRow['looksUtf8']> | undefined;
  const cells = row.cells;
  for (let column = 0; column < cells.length; column++) {
    const cell = cells[column];
    if (typeof cell !== 'string' || !hasNonAscii(cell)) continue;
    const reading = utf8Reading(cell);
    if (reading === null) return;
    (found ??= []).push({ column, text: cell, utf8: reading });
  }
  if (found !== undefined) row.looksUtf8 = found;
}
