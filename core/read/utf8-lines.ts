/**
 * UTF-8 with a few lines that are not: an export saved as UTF-8 to which someone appended a row from a
 * program that wrote Windows-1252 ("Renée" as the single byte 0xE9). Decoding the whole file as
 * Windows-1252 then turns every other row's "é" into "Ã©", silently; reading it as UTF-8 with the odd
 * bytes kept recognisable lets the reader name the rows that are not UTF-8 instead.
 *
 * A byte that is not part of valid UTF-8 is decoded as the lone low surrogate U+DC00 + byte (Python's
 * "surrogateescape"): valid UTF-8 never decodes to a lone surrogate, so the mark cannot be confused
 * with text, and the byte's value is kept for the message.
 */
import type { ByteSource } from './types.ts';

/**
 * The length of the valid UTF-8 sequence starting at `bytes[index]` (1–4), 0 when it is not valid
 * UTF-8, -1 when it is a valid start cut off by `end`. The table is Unicode's (Table 3-7): no
 * overlong forms, no surrogates, nothing past U+10FFFF.
 */
function utf8SequenceLength(bytes: Uint8Array, index: number, end: number): number {
  const first = bytes[index] as number;
  if (first < 0x80) return 1;
  let length: number;
  let low = 0x80;
  let high = 0xbf;
  if (first >= 0xc2 && first <= 0xdf) length = 2;
  else if (first >= 0xe0 && first <= 0xef) {
    length = 3;
    if (first === 0xe0) low = 0xa0;
    else if (first === 0xed) high = 0x9f;
  } else if (first >= 0xf0 && first <= 0xf4) {
    length = 4;
    if (first === 0xf0) low = 0x90;
    else if (first === 0xf4) high = 0x8f;
  } else return 0;
  for (let offset = 1; offset < length; offset++) {
    if (index + offset >= end) return -1;
    const next = bytes[index + offset] as number;
    if (next < low || next > high) return 0;
    low = 0x80;
    high = 0xbf;
  }
  return length;
}

export interface Utf8LineCounts {
  /** Lines holding at least one multi-byte UTF-8 character and no byte that is not UTF-8. */
  utf8: number;
  /** Lines holding a byte that is not UTF-8. */
  notUtf8: number;
}

/** Counts, over the whole file, the lines that are real UTF-8 and those that are not UTF-8 at all. */
export async function utf8LineCounts(source: ByteSource): Promise<Utf8LineCounts> {
  const counts: Utf8LineCounts = { utf8: 0, notUtf8: 0 };
  let multiByte = false;
  let invalid = false;
  const endLine = () => {
    if (invalid) counts.notUtf8++;
    else if (multiByte) counts.utf8++;
    multiByte = false;
    invalid = false;
  };
  let carried = new Uint8Array(0);
  for await (const chunk of source.open()) {
    const bytes = carried.length === 0 ? chunk : concat(carried, chunk);
    let index = 0;
    while (index < bytes.length) {
      const byte = bytes[index] as number;
      if (byte < 0x80) {
        if (byte === 10 || byte === 13) endLine();
        index++;
        continue;
      }
      const length = utf8SequenceLength(bytes, index, bytes.length);
      if (length === -1) break;
      if (length === 0) {
        invalid = true;
        index++;
      } else {
        multiByte = true;
        index += length;
      }
    }
    carried = bytes.slice(index);
  }
  if (carried.length > 0) invalid = true;
  endLine();
  return counts;
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const joined = new Uint8Array(a.length + b.length);
  joined.set(a);
  joined.set(b, a.length);
  return joined;
}

const ESCAPE_BASE = 0xdc00;
const UTF8_BOM = [0xef, 0xbb, 0xbf];

/** The bytes without a UTF-8 BOM at the start of the file, however the first chunks are cut. */
async function* withoutBom(chunks: AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array> {
  let head: Uint8Array = new Uint8Array(0);
  let checked = false;
  for await (const chunk of chunks) {
    if (checked) {
      yield chunk;
      continue;
    }
    head = concat(head, chunk);
    if (head.length < UTF8_BOM.length && UTF8_BOM.slice(0, head.length).every((byte, i) => head[i] === byte))
      continue;
    checked = true;
    const isBom = UTF8_BOM.every((byte, i) => head[i] === byte);
    yield isBom ? head.subarray(UTF8_BOM.length) : head;
  }
  if (!checked && head.length > 0 && head.length < UTF8_BOM.length) {
    // A file of one or two bytes that begin a BOM: they are not one.
    yield head;
  }
}

/**
 * UTF-8 text in chunks, each byte that is not UTF-8 decoded as U+DC00 + byte. The valid runs between
 * them go through TextDecoder; a sequence cut by the end of a chunk waits for the next.
 */
export async function* escapedUtf8Chunks(source: ByteSource, chunkBytes: number): AsyncGenerator<string> {
  // Each valid run is decoded on its own, so the decoder must not drop an EF BB BF that starts one: past
  // the start of the file it is a character of the text. The file's own BOM is left out below.
  const decoder = new TextDecoder('utf-8', { ignoreBOM: true });
  let carried = new Uint8Array(0);
  const decode = (bytes: Uint8Array, done: boolean): string => {
    let text = '';
    let runStart = 0;
    let index = 0;
    while (index < bytes.length) {
      if ((bytes[index] as number) < 0x80) {
        index++;
        continue;
      }
      const length = utf8SequenceLength(bytes, index, bytes.length);
      if (length === -1 && !done) break;
      if (length > 0) {
        index += length;
        continue;
      }
      if (index > runStart) text += decoder.decode(bytes.subarray(runStart, index));
      text += String.fromCharCode(ESCAPE_BASE + (bytes[index] as number));
      index++;
      runStart = index;
    }
    if (index > runStart) text += decoder.decode(bytes.subarray(runStart, index));
    carried = bytes.slice(index);
    return text;
  };
  for await (const chunk of withoutBom(source.open())) {
    for (let start = 0; start < chunk.length; start += chunkBytes) {
      const part = chunk.subarray(start, Math.min(chunk.length, start + chunkBytes));
      const text = decode(carried.length === 0 ? part : concat(carried, part), false);
      if (text.length > 0) yield text;
    }
  }
  if (carried.length > 0) {
    const rest = decode(carried, true);
    if (rest.length > 0) yield rest;
  }
}

/** A lone low surrogate U+DC80–U+DCFF, not the second half of a pair: a byte that was not UTF-8. */
const ESCAPED_BYTE = /(?<![\uD800-\uDBFF])[\uDC80-\uDCFF]/;
const ESCAPED_BYTES = /(?<![\uD800-\uDBFF])[\uDC80-\uDCFF]/g;

/**
 * Where a text read by escapedUtf8Chunks holds a byte that was not UTF-8: the first such byte and its
 * 1-based position, and the text with every such byte shown as U+FFFD (what any UTF-8 reader shows).
 */
export function escapedByte(text: string): { byte: number; position: number; shown: string } | null {
  const found = ESCAPED_BYTE.exec(text);
  if (found === null) return null;
  return {
    byte: text.charCodeAt(found.index) - ESCAPE_BASE,
    position: found.index + 1,
    shown: text.replace(ESCAPED_BYTES, '\uFFFD'),
  };
}
