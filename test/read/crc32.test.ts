/** The zip checksum: zlib's own (Node 20.15+) and the table-driven fallback agree, chunk by chunk. */
import fc from 'fast-check';
import * as zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { crc32, tableCrc32 } from '../../core/read/crc32.ts';

describe('CRC-32', () => {
  it('matches the check value of the standard ("123456789" → cbf43926)', () => {
    const bytes = Buffer.from('123456789');
    expect(tableCrc32(bytes).toString(16)).toBe('cbf43926');
    expect(crc32(bytes).toString(16)).toBe('cbf43926');
  });

  it('continued over any split of any bytes, both forms give the whole-buffer value (fast-check)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 2000 }), fc.array(fc.nat(), { maxLength: 6 }), (bytes, cuts) => {
        const points = [...new Set(cuts.map((cut) => cut % (bytes.length + 1)))].sort((a, b) => a - b);
        let table = 0;
        let fast = 0;
        let from = 0;
        for (const to of [...points, bytes.length]) {
          table = tableCrc32(bytes.subarray(from, to), table);
          fast = crc32(bytes.subarray(from, to), fast);
          from = to;
        }
        const whole = (zlib as { crc32?: (data: Uint8Array) => number }).crc32?.(bytes) ?? tableCrc32(bytes);
        expect(table).toBe(whole);
        expect(fast).toBe(whole);
      }),
    );
  });
});
