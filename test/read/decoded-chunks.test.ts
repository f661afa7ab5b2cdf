import { describe, expect, it } from 'vitest';
import { bytesSource } from '../../core/read/byte-sources.ts';
import { DECODE_CHUNK_BYTES, decodedChunks } from '../../core/read/text-encoding.ts';
import { detachedText } from '../../core/validate/detached-text.ts';

async function decodeAll(bytes: Uint8Array, encoding: string): Promise<string[]> {
  const parts: string[] = [];
  for await (const text of decodedChunks(bytesSource('t.csv', bytes), encoding)) parts.push(text);
  return parts;
}

describe('decodedChunks', () => {
  it('decodes a read larger than the decode size in pieces, keeping characters split between them whole', async () => {
    // "ễ" is 3 bytes in UTF-8: with a 1-byte lead, every boundary of 32 KiB falls inside one.
    const text = 'x' + 'Nguyễn, O’Brien, Müller\r\n'.repeat(12_000);
    const bytes = new TextEncoder().encode(text);
    expect(bytes.length).toBeGreaterThan(8 * DECODE_CHUNK_BYTES);
    const parts = await decodeAll(bytes, 'utf-8');
    expect(parts.join('')).toBe(text);
    expect(parts.length).toBeGreaterThan(8);
    // Every piece stays under V8's large-object size (128 KiB, i.e. 64 Ki UTF-16 code units).
    for (const part of parts) expect(part.length).toBeLessThanOrEqual(DECODE_CHUNK_BYTES);
  });

  it('keeps a UTF-16 surrogate pair split between two pieces whole', async () => {
    // After the 2-byte BOM, code unit 16382 ends exactly at the first 32 KiB boundary.
    const text = 'a'.repeat(16_382) + '😀,' + 'Zoë;Björn\n'.repeat(5_000);
    const units = new Uint16Array(text.length);
    for (let index = 0; index < text.length; index++) units[index] = text.charCodeAt(index);
    const bytes = new Uint8Array([0xff, 0xfe, ...new Uint8Array(units.buffer)]);
    expect(DECODE_CHUNK_BYTES).toBe(32 * 1024);
    expect((await decodeAll(bytes, 'utf-16le')).join('')).toBe(text);
  });
});

describe('detachedText', () => {
  it('returns the same text, short or long, empty or not', () => {
    const chunk = 'a,'.repeat(1000) + 'Claim-2024-000123456,' + 'b'.repeat(1000);
    const field = chunk.slice(2000, 2020);
    for (const value of ['', 'x', 'CLM-1', field, chunk]) expect(detachedText(value)).toBe(value);
  });
});
