/**
 * CRC-32 (the zip checksum, ISO 3309 / ITU-T V.42 polynomial), updated chunk by chunk over a part's
 * inflated bytes. Node 20.15+ has zlib's own (`zlib.crc32`, several GB/s); on an older Node 20 the
 * table-driven form below gives the same values.
 */
import * as zlib from 'node:zlib';

const TABLE = (() => {
  const table = new Uint32Array(256);
  for (let index = 0; index < 256; index++) {
    let value = index;
    for (let bit = 0; bit < 8; bit++) value = value & 1 ? 0xedb88320 ^ (value >>> 1) : value >>> 1;
    table[index] = value >>> 0;
  }
  return table;
})();

/** The table-driven CRC-32: `crc` is the value so far (0 to start). */
export function tableCrc32(bytes: Uint8Array, crc = 0): number {
  let value = ~crc >>> 0;
  for (let index = 0; index < bytes.length; index++) {
    value = (TABLE[(value ^ (bytes[index] as number)) & 0xff] as number) ^ (value >>> 8);
  }
  return ~value >>> 0;
}

const native = (zlib as { crc32?: (data: Uint8Array, value?: number) => number }).crc32;

/** CRC-32 of `bytes` continuing from `crc` (0 to start), as the zip directory stores it. */
export const crc32: (bytes: Uint8Array, crc?: number) => number =
  typeof native === 'function' ? (bytes, crc = 0) => native(bytes, crc) : tableCrc32;
