/**
 * The whole-file UTF-8 check (core/read/utf8-valid.ts) gives what a fatal TextDecoder gives, however the
 * file's chunks cut its characters: every text is valid, and one byte that is not UTF-8 anywhere (a
 * Windows-1252 "é", a cut character at the end) makes it invalid.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ByteSource } from '../../core/read/types.ts';
import { isValidUtf8 } from '../../core/read/utf8-valid.ts';

function chunked(bytes: Uint8Array, cuts: number[]): ByteSource {
  const points = [...new Set(cuts.map((cut) => cut % (bytes.length + 1)))].sort((a, b) => a - b);
  return {
    name: 'rows.csv',
    async *open() {
      let from = 0;
      for (const point of [...points, bytes.length]) {
        yield bytes.subarray(from, point);
        from = point;
      }
    },
  };
}

function decodes(bytes: Uint8Array): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

const text = fc.string({ unit: 'grapheme', maxLength: 40 });

describe('isValidUtf8', () => {
  it('takes every text as UTF-8 wherever the chunks cut it', async () => {
    await fc.assert(
      fc.asyncProperty(text, fc.array(fc.nat(200), { maxLength: 6 }), async (value, cuts) => {
        expect(await isValidUtf8(chunked(new TextEncoder().encode(`\ufeff${value}`), cuts))).toBe(true);
      }),
    );
  });

  it('agrees with a fatal decoder when a byte is changed, however the chunks cut it', async () => {
    await fc.assert(
      fc.asyncProperty(
        text,
        fc.nat(),
        fc.integer({ min: 0x80, max: 0xff }),
        fc.array(fc.nat(200), { maxLength: 6 }),
        async (value, at, byte, cuts) => {
          const bytes = new TextEncoder().encode(`${value}x`);
          bytes[at % bytes.length] = byte;
          expect(await isValidUtf8(chunked(bytes, cuts))).toBe(decodes(bytes));
        },
      ),
    );
  });

  it('refuses a Windows-1252 "é" and a character cut at the end of the file', async () => {
    expect(await isValidUtf8(chunked(Uint8Array.from([0x4d, 0xfc, 0x6c]), [1]))).toBe(false);
    expect(await isValidUtf8(chunked(Uint8Array.from([0x61, 0xe2, 0x82]), [2]))).toBe(false);
    expect(await isValidUtf8(chunked(Uint8Array.from([0x61, 0xe2, 0x82, 0xac]), [2]))).toBe(true);
  });
});
