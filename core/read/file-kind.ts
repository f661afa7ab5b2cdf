/**
 * What a file is, from its first bytes rather than its name: clerks rename files, and a workbook
 * saved as "referrals.csv" or a CSV named ".xlsx" must get an answer about what it really is.
 */
import type { ByteSource } from './types.ts';

export type FileKind = 'empty' | 'zip' | 'cfb' | 'text';

/** Compound File Binary (OLE2): .xls, .doc, and every password-protected OOXML file. */
const CFB_MAGIC = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];
/** An empty zip archive starts with its end-of-central-directory record. */
const EMPTY_ZIP_MAGIC = [0x50, 0x4b, 0x05, 0x06];

/** The first `count` bytes (fewer if the file is shorter); stops reading as soon as it has them. */
export async function readHead(source: ByteSource, count: number): Promise<Uint8Array> {
  const head = new Uint8Array(count);
  let filled = 0;
  for await (const chunk of source.open()) {
    const take = Math.min(chunk.length, count - filled);
    head.set(chunk.subarray(0, take), filled);
    filled += take;
    if (filled === count) break;
  }
  return head.subarray(0, filled);
}

function startsWith(bytes: Uint8Array, magic: number[]): boolean {
  return bytes.length >= magic.length && magic.every((byte, index) => bytes[index] === byte);
}

export function fileKindOf(head: Uint8Array): FileKind {
  if (head.length === 0) return 'empty';
  if (startsWith(head, ZIP_MAGIC) || startsWith(head, EMPTY_ZIP_MAGIC)) return 'zip';
  if (startsWith(head, CFB_MAGIC)) return 'cfb';
  return 'text';
}

/** Lower-case extension with its dot ('.xlsx'), or '' when the name has none. */
export function extensionOf(name: string): string {
  const base = name.slice(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1);
  const dot = base.lastIndexOf('.');
  return dot > 0 ? base.slice(dot).toLowerCase() : '';
}

/**
 * An encrypted OOXML package is a CFB file holding an "EncryptionInfo" stream; its directory entry
 * names are UTF-16LE. Scanning the whole file (with an overlap across chunks) finds the name wherever
 * the directory sector sits.
 */
export async function isEncryptedOoxml(source: ByteSource): Promise<boolean> {
  const marker = Buffer.from('EncryptionInfo', 'utf16le');
  let carry = Buffer.alloc(0);
  for await (const chunk of source.open()) {
    const window = Buffer.concat([carry, chunk]);
    if (window.includes(marker)) return true;
    carry = window.subarray(Math.max(0, window.length - marker.length + 1));
  }
  return false;
}
