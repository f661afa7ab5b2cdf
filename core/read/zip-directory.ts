/**
 * The central directory of a zip archive (an .xlsx is one), read from the file's tail without
 * inflating anything. Its declared sizes are the first defence against a zip bomb; the inflating pass
 * (zip-inflate.ts) checks that the entries keep those promises.
 */
import type { ByteSource } from './types.ts';
import { SheetReadError, SAVE_AS_ADVICE } from './sheet-read-error.ts';

export interface ZipEntry {
  name: string;
  method: number;
  flags: number;
  /** The CRC-32 of the part's inflated bytes, as the directory records it. */
  crc32: number;
  compressedSize: number;
  uncompressedSize: number;
  localHeaderOffset: number;
}

const EOCD_SIGNATURE = 0x06054b50;
const CENTRAL_SIGNATURE = 0x02014b50;
const EOCD_MIN_BYTES = 22;
/** The end record, plus the longest comment a zip may carry. */
const EOCD_SEARCH_BYTES = EOCD_MIN_BYTES + 0xffff;
/** A workbook's directory lists a few dozen parts; 8 MiB of directory would be ~100,000 of them. */
const MAX_DIRECTORY_BYTES = 8 * 1024 * 1024;
const ZIP64_MARKER = 0xffffffff;

function corrupt(fileName: string, detail: string): SheetReadError {
  return new SheetReadError(
    'corrupt_workbook',
    fileName,
    `${fileName} is damaged and cannot be read as a workbook (${detail}). ${SAVE_AS_ADVICE}`,
  );
}

/** Reads the whole file once, keeping only its last bytes: enough for any directory we accept. */
async function readTail(source: ByteSource): Promise<{ tail: Buffer; fileSize: number }> {
  const keep = MAX_DIRECTORY_BYTES + EOCD_SEARCH_BYTES;
  let pieces: Buffer[] = [];
  let held = 0;
  let fileSize = 0;
  for await (const chunk of source.open()) {
    const piece = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    fileSize += piece.length;
    pieces.push(piece);
    held += piece.length;
    if (held > keep * 2) {
      const joined = Buffer.concat(pieces);
      pieces = [joined.subarray(joined.length - keep)];
      held = keep;
    }
  }
  const joined = Buffer.concat(pieces);
  return { tail: joined.subarray(Math.max(0, joined.length - keep)), fileSize };
}

export async function readZipDirectory(source: ByteSource): Promise<ZipEntry[]> {
  const name = source.name;
  const { tail, fileSize } = await readTail(source);
  const tailStart = fileSize - tail.length;
  let eocd = -1;
  for (
    let index = tail.length - EOCD_MIN_BYTES;
    index >= Math.max(0, tail.length - EOCD_SEARCH_BYTES);
    index--
  ) {
    if (tail.readUInt32LE(index) === EOCD_SIGNATURE) {
      eocd = index;
      break;
    }
  }
  if (eocd < 0) throw corrupt(name, 'the zip directory at its end is missing: the file may be cut short');
  const entryCount = tail.readUInt16LE(eocd + 10);
  const directorySize = tail.readUInt32LE(eocd + 12);
  const directoryOffset = tail.readUInt32LE(eocd + 16);
  if (directorySize === ZIP64_MARKER || directoryOffset === ZIP64_MARKER || entryCount === 0xffff) {
    throw new SheetReadError(
      'workbook_too_large',
      name,
      `${name} is a ZIP64 workbook (over 4 GB or 65,535 parts), too large to import. Split it, or save the sheet as .csv.`,
    );
  }
  if (directorySize > MAX_DIRECTORY_BYTES) {
    throw new SheetReadError(
      'workbook_too_large',
      name,
      `${name} lists too many parts to be a workbook this tool can read. Save the sheet as .csv.`,
    );
  }
  const start = directoryOffset - tailStart;
  if (start < 0 || start + directorySize > eocd)
    throw corrupt(name, 'its zip directory points outside the file');
  const entries: ZipEntry[] = [];
  let cursor = start;
  for (let index = 0; index < entryCount; index++) {
    if (cursor + 46 > eocd || tail.readUInt32LE(cursor) !== CENTRAL_SIGNATURE) {
      throw corrupt(name, 'its zip directory is malformed');
    }
    const nameLength = tail.readUInt16LE(cursor + 28);
    const extraLength = tail.readUInt16LE(cursor + 30);
    const commentLength = tail.readUInt16LE(cursor + 32);
    const entry: ZipEntry = {
      flags: tail.readUInt16LE(cursor + 8),
      method: tail.readUInt16LE(cursor + 10),
      crc32: tail.readUInt32LE(cursor + 16),
      compressedSize: tail.readUInt32LE(cursor + 20),
      uncompressedSize: tail.readUInt32LE(cursor + 24),
      localHeaderOffset: tail.readUInt32LE(cursor + 42),
      name: tail.toString('utf8', cursor + 46, cursor + 46 + nameLength),
    };
    if (entry.compressedSize === ZIP64_MARKER || entry.uncompressedSize === ZIP64_MARKER) {
      throw new SheetReadError(
        'workbook_too_large',
        name,
        `${name} holds a part over 4 GB, too large to import. Split it, or save the sheet as .csv.`,
      );
    }
    if (entry.localHeaderOffset + 30 + entry.compressedSize > fileSize) {
      throw corrupt(name, `part ${entry.name} extends past the end of the file`);
    }
    entries.push(entry);
    cursor += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}
