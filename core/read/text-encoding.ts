/**
 * Which encoding a delimited text file is in, and its text as a stream of decoded chunks. Clerks'
 * files come from Excel "CSV UTF-8" (BOM), "Unicode Text" (UTF-16LE with BOM, tabs), plain "CSV" on
 * Windows (Windows-1252) and other systems' exports (UTF-8 without BOM). Decoding everything as
 * UTF-8 — what many importers do — turns "Müller" from a Windows machine into "M�ller".
 */
import type { ByteSource, ReadingWays, SheetSource } from './types.ts';
import { readHead } from './file-kind.ts';
import { checkedEncoding } from './encoding-names.ts';
import { checkGivenEncoding, checkUtf8GivenSingleByte, garblesUtf8 } from './given-encoding.ts';
import { escapedUtf8Chunks, utf8LineCounts } from './utf8-lines.ts';
// The whole file must be valid UTF-8 to be read as UTF-8: one Windows-1252 "é" on row 90,000 counts.
import { isValidUtf8 } from './utf8-valid.ts';

export interface DetectedEncoding {
  /** A WHATWG encoding label TextDecoder accepts: 'utf-8', 'utf-16le', 'utf-16be', 'windows-1252'. */
  encoding: string;
  /**
   * How it was decided, for messages and the app's "detected" hint. `mostly-utf-8`: UTF-8 with real
   * multi-byte characters and a few lines that are not UTF-8 (utf8-lines.ts), read as UTF-8 with
   * those lines' odd bytes marked so that their rows can be named.
   */
  reason: NonNullable<SheetSource['encodingReason']>;
  /**
   * Read as UTF-8 with the bytes that are not UTF-8 marked (utf8-lines.ts), so that their rows are
   * named: a `mostly-utf-8` file, or one whose UTF-8 BOM is followed by a row another program wrote.
   */
  markInvalidUtf8?: true;
  /**
   * Read as Windows-1252 though some lines are UTF-8 (utf8-in-windows-1252.ts): each row whose text is
   * UTF-8 is marked, so that it is named rather than imported as "MÃ¼ller".
   */
  markUtf8Rows?: true;
}

/** Bytes looked at to recognise UTF-16 written without a BOM by the NULs of its ASCII characters. */
const UTF16_SNIFF_BYTES = 4096;

function bomEncoding(head: Uint8Array): string | null {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return 'utf-8';
  if (head[0] === 0xff && head[1] === 0xfe) return 'utf-16le';
  if (head[0] === 0xfe && head[1] === 0xff) return 'utf-16be';
  return null;
}

/** ASCII text in UTF-16 has a NUL in every other byte: odd positions for LE, even ones for BE. */
function utf16Pattern(head: Uint8Array): string | null {
  if (head.length < 8) return null;
  let evenNuls = 0;
  let oddNuls = 0;
  for (let index = 0; index + 1 < head.length; index += 2) {
    if (head[index] === 0) evenNuls++;
    if (head[index + 1] === 0) oddNuls++;
  }
  const pairs = Math.floor(head.length / 2);
  if (oddNuls > pairs * 0.6 && evenNuls < pairs * 0.05) return 'utf-16le';
  if (evenNuls > pairs * 0.6 && oddNuls < pairs * 0.05) return 'utf-16be';
  return null;
}

export async function detectEncoding(
  source: ByteSource,
  given: string | undefined,
  ways: ReadingWays,
): Promise<DetectedEncoding> {
  if (given !== undefined && given.trim() !== '') {
    const encoding = checkedEncoding(source.name, given);
    // A given encoding the bytes contradict (a BOM, UTF-16's zero bytes) is refused saying so, not read
    // into "binary data" or a header of CJK-looking characters (given-encoding.ts).
    const head = await readHead(source, UTF16_SNIFF_BYTES);
    const shows = { bom: bomEncoding(head), pattern: utf16Pattern(head), hasZeroByte: head.includes(0) };
    checkGivenEncoding(source.name, encoding, shows, ways);
    if (garblesUtf8(encoding))
      checkUtf8GivenSingleByte(source.name, encoding, await utf8LineCounts(source), ways);
    // Told UTF-8 is no more a proof than a BOM (below): its bytes that are not UTF-8 are named, not made "�".
    if (encoding === 'utf-8' && !(await isValidUtf8(source)))
      return { encoding, reason: 'given', markInvalidUtf8: true };
    // Told Windows-1252 (or latin1, its WHATWG alias) does not make a UTF-8 row Windows-1252 either.
    if (encoding === 'windows-1252' && (await utf8LineCounts(source)).utf8 > 0)
      return { encoding, reason: 'given', markUtf8Rows: true };
    return { encoding, reason: 'given' };
  }
  const head = await readHead(source, UTF16_SNIFF_BYTES);
  const fromBom = bomEncoding(head);
  // A BOM says UTF-8, but a row appended by a program that wrote Windows-1252 does not become UTF-8
  // for it: decoded as it stands its bytes turn into "�" and would be imported so, without a word.
  if (fromBom === 'utf-8' && !(await isValidUtf8(source)))
    return { encoding: 'utf-8', reason: 'bom', markInvalidUtf8: true };
  if (fromBom) return { encoding: fromBom, reason: 'bom' };
  const fromPattern = utf16Pattern(head);
  if (fromPattern) return { encoding: fromPattern, reason: 'utf-16-pattern' };
  if (await isValidUtf8(source)) return { encoding: 'utf-8', reason: 'valid-utf-8' };
  // Not all UTF-8. When more of its lines are real UTF-8 (accents written as two bytes) than are not,
  // it is a UTF-8 file with a few foreign lines: decoding all of it as Windows-1252 would turn every
  // "é" of the UTF-8 rows into "Ã©" without a word, so the foreign lines are the ones named instead.
  const lines = await utf8LineCounts(source);
  if (lines.utf8 > 0 && lines.notUtf8 <= lines.utf8)
    return { encoding: 'utf-8', reason: 'mostly-utf-8', markInvalidUtf8: true };
  // Mostly Windows-1252: the lines that are UTF-8 are named, the mirror of the rule above.
  if (lines.utf8 > 0) return { encoding: 'windows-1252', reason: 'mostly-windows-1252', markUtf8Rows: true };
  return { encoding: 'windows-1252', reason: 'not-utf-8' };
}

/**
 * Bytes decoded at a time. A string of 128 KiB or more is a "large object" to V8, allocated outside the
 * young generation and freed only by a full mark-compact: decoding a 256 KiB read at once (up to 512 KiB
 * of UTF-16 once one "é" makes it a two-byte string) let a 1M-row validation's RSS climb to ≈ 480 MB of
 * dead chunks while the live heap stayed near 60 MB. 32 KiB of bytes decode to at most 64 KiB, which the
 * young generation collects cheaply, along with the field strings Papa Parse slices out of it.
 */
export const DECODE_CHUNK_BYTES = 32 * 1024;

/**
 * The file's text in chunks. TextDecoder drops a matching BOM itself and, with `stream: true`, keeps a
 * character split across two chunks whole.
 */
export async function* decodedChunks(
  source: ByteSource,
  encoding: string,
  /** UTF-8 read with its bytes that are not UTF-8 marked (DetectedEncoding.markInvalidUtf8; utf8-lines.ts). */
  markInvalidUtf8 = false,
): AsyncGenerator<string> {
  if (markInvalidUtf8) {
    yield* escapedUtf8Chunks(source, DECODE_CHUNK_BYTES);
    return;
  }
  const decoder = new TextDecoder(encoding);
  for await (const chunk of source.open()) {
    for (let start = 0; start < chunk.length; start += DECODE_CHUNK_BYTES) {
      const end = Math.min(chunk.length, start + DECODE_CHUNK_BYTES);
      const text = decoder.decode(chunk.subarray(start, end), { stream: true });
      if (text.length > 0) yield text;
    }
  }
  const rest = decoder.decode();
  if (rest.length > 0) yield rest;
}
