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

/** Files clerks mistake for spreadsheets (a scan, a picture, an archive), by their first bytes. */
const KNOWN_BINARY: { magic: number[]; what: string }[] = [
  { magic: [0x25, 0x50, 0x44, 0x46, 0x2d], what: 'a PDF document' }, // %PDF-
  { magic: [0x89, 0x50, 0x4e, 0x47], what: 'a PNG picture' },
  { magic: [0xff, 0xd8, 0xff], what: 'a JPEG picture' },
  { magic: [0x47, 0x49, 0x46, 0x38], what: 'a GIF picture' }, // GIF8
  { magic: [0x49, 0x49, 0x2a, 0x00], what: 'a TIFF picture (a scan?)' },
  { magic: [0x4d, 0x4d, 0x00, 0x2a], what: 'a TIFF picture (a scan?)' },
  { magic: [0x1f, 0x8b], what: 'a gzip archive' },
  { magic: [0x52, 0x61, 0x72, 0x21], what: 'a RAR archive' }, // Rar!
  { magic: [0x37, 0x7a, 0xbc, 0xaf], what: 'a 7-Zip archive' },
  { magic: [0x7b, 0x5c, 0x72, 0x74, 0x66], what: 'a Word (RTF) document' }, // {\rtf
];

/**
 * What a file that is not text is, in words ("a PDF document"), or null when it may be text: a known
 * kind by its first bytes; otherwise (unless `knownOnly`) "binary data" when its first bytes hold more
 * control characters than text does, counted as the CSV reader counts them (delimited-layout.ts): a
 * stray NUL or vertical tab in a cell is text, a page of them is not. `knownOnly` for names that may
 * be text in UTF-16 without a byte-order mark, which the text reader reads with its encoding given.
 */
export function binaryKindOf(head: Uint8Array, { knownOnly = false } = {}): string | null {
  for (const { magic, what } of KNOWN_BINARY) if (startsWith(head, magic)) return what;
  if (knownOnly || startsWith(head, [0xff, 0xfe]) || startsWith(head, [0xfe, 0xff])) return null;
  let controls = 0;
  for (const byte of head)
    if (byte < 32 && byte !== 9 && byte !== 10 && byte !== 12 && byte !== 13) controls++;
  return controls > Math.max(TOLERATED_CONTROLS, head.length * 0.01) ? 'binary data, not text' : null;
}

/** As the CSV reader's check (delimited-layout.ts). */
const TOLERATED_CONTROLS = 16;

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
