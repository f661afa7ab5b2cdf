/**
 * Whether a file's bytes are all UTF-8, without decoding them: node:buffer's isUtf8 runs over each chunk
 * (measured on a 42 MB CSV: ≈ 20 ms over reading it, where a fatal TextDecoder took ≈ 140 ms and made
 * strings it threw away). A character cut by a chunk's end is carried to the next chunk.
 */
import { isUtf8 } from 'node:buffer';
import type { ByteSource } from './types.ts';

export async function isValidUtf8(source: ByteSource): Promise<boolean> {
  let carry: Uint8Array = new Uint8Array(0);
  for await (const chunk of source.open()) {
    const bytes = carry.length === 0 ? chunk : joined(carry, chunk);
    const end = wholeCharactersEnd(bytes);
    if (!isUtf8(bytes.subarray(0, end))) return false;
    carry = bytes.slice(end);
  }
  // A character still cut at the end of the file is not UTF-8.
  return carry.length === 0;
}

/**
 * Where the last whole character ends: before a lead byte whose continuation bytes have not all come.
 * Anything else (stray continuation bytes, a bad lead byte) is left for isUtf8 to refuse.
 */
function wholeCharactersEnd(bytes: Uint8Array): number {
  let lead = bytes.length - 1;
  while (lead >= 0 && bytes.length - lead <= 3 && (bytes[lead]! & 0xc0) === 0x80) lead--;
  if (lead < 0) return bytes.length;
  const byte = bytes[lead]!;
  const length = (byte & 0xe0) === 0xc0 ? 2 : (byte & 0xf0) === 0xe0 ? 3 : (byte & 0xf8) === 0xf0 ? 4 : 1;
  return lead + length > bytes.length ? lead : bytes.length;
}

function joined(head: Uint8Array, tail: Uint8Array): Uint8Array {
  const bytes = new Uint8Array(head.length + tail.length);
  bytes.set(head);
  bytes.set(tail, head.length);
  return bytes;
}
