/**
 * One streaming pass that inflates every part of a workbook and counts what comes out, before exceljs
 * is let near it. A zip bomb can lie in its directory (small declared sizes, huge real output), so
 * the real output is capped too, part by part and in total; nothing is kept but what a visitor asks
 * for. Inflating costs a fraction of what parsing the XML costs, so the pass is cheap insurance.
 */
import { XmlPartDecoder } from './xml-encoding.ts';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createInflateRaw } from 'node:zlib';
import type { ByteSource } from './types.ts';
import type { ZipEntry } from './zip-directory.ts';
import { SheetReadError, SAVE_AS_ADVICE } from './sheet-read-error.ts';
import { ByteCursor } from './byte-cursor.ts';
import { crc32 } from './crc32.ts';

export interface InflateLimits {
  /** Any one part, inflated. */
  partBytes: number;
  /** All parts together, inflated. */
  totalBytes: number;
  /** Inflated ÷ compressed above which a part larger than `ratioFloorBytes` is taken for a bomb. */
  maxRatio: number;
  ratioFloorBytes: number;
}

/**
 * A 100,000 × 40 sheet is about 200 MB of XML and compresses 10–30×; deflate's ceiling is ~1030×, which
 * only crafted or degenerate data approaches.
 */
export const DEFAULT_INFLATE_LIMITS: InflateLimits = {
  partBytes: 1536 * 1024 * 1024,
  totalBytes: 2048 * 1024 * 1024,
  maxRatio: 400,
  ratioFloorBytes: 16 * 1024 * 1024,
};

/** Receives a part's inflated bytes; returning false stops feeding it (the part is still counted). */
export type PartVisitor = (entry: ZipEntry) => ((chunk: Buffer) => boolean | void) | null;

const LOCAL_SIGNATURE = 0x04034b50;
const STORED = 0;
const DEFLATED = 8;

function tooLarge(fileName: string, detail: string): SheetReadError {
  return new SheetReadError(
    'workbook_too_large',
    fileName,
    `${fileName} inflates to an absurd size (${detail}): it is damaged or a "zip bomb", and was not read. ${SAVE_AS_ADVICE}`,
  );
}

function corrupt(fileName: string, detail: string, cause?: unknown): SheetReadError {
  return new SheetReadError(
    'corrupt_workbook',
    fileName,
    `${fileName} is damaged and cannot be read as a workbook (${detail}). ${SAVE_AS_ADVICE}`,
    { cause },
  );
}

/** One flipped bit in a part inflates fine and reads as other text ("Denvxr"): the checksum tells. */
function checksumMismatch(fileName: string, entry: ZipEntry): SheetReadError {
  return corrupt(
    fileName,
    `part ${entry.name} is damaged: its contents do not match the checksum the file records for them`,
  );
}

const MIB = 1024 * 1024;
/**
 * Inflated bytes per chunk (zlib's default is 16 KiB): a bigger chunk means fewer decodes, fewer
 * joins of a chunk's unfinished tail in the XML scanner and fewer turns of the async loops above it
 * (docs/benchmarks.md, issue 13 item 4). A part is still never held whole.
 */
const INFLATE_CHUNK_BYTES = 64 * 1024;
const mib = (bytes: number) => `${Math.round(bytes / MIB)} MB`;
const sizeText = (bytes: number) => (bytes < MIB ? `${bytes} bytes` : mib(bytes));

/** Refuses on the directory's own promises, before inflating a byte. */
export function checkDeclaredSizes(fileName: string, entries: ZipEntry[], limits: InflateLimits): void {
  let total = 0;
  for (const entry of entries) {
    total += entry.uncompressedSize;
    if (entry.uncompressedSize > limits.partBytes) {
      throw tooLarge(fileName, `part ${entry.name} declares ${mib(entry.uncompressedSize)}`);
    }
    const ratio = entry.uncompressedSize / Math.max(1, entry.compressedSize);
    if (entry.uncompressedSize > limits.ratioFloorBytes && ratio > limits.maxRatio) {
      throw tooLarge(fileName, `part ${entry.name} declares ${Math.round(ratio)}× compression`);
    }
  }
  if (total > limits.totalBytes) throw tooLarge(fileName, `its parts declare ${mib(total)} in all`);
}

export async function inflateAllParts(
  source: ByteSource,
  entries: ZipEntry[],
  visit: PartVisitor,
  limits: InflateLimits = DEFAULT_INFLATE_LIMITS,
  signal?: AbortSignal,
): Promise<void> {
  const fileName = source.name;
  checkDeclaredSizes(fileName, entries, limits);
  const ordered = [...entries].sort((a, b) => a.localHeaderOffset - b.localHeaderOffset);
  const iterator = source.open()[Symbol.asyncIterator]();
  const cursor = new ByteCursor(iterator);
  let total = 0;
  try {
    for (const entry of ordered) {
      signal?.throwIfAborted();
      if (entry.flags & 1) {
        throw new SheetReadError(
          'encrypted_workbook',
          fileName,
          `${fileName} is password-protected. Open it, remove the password (File › Info › Protect Workbook), and save it as .xlsx or .csv.`,
        );
      }
      // Parts sharing compressed bytes are how the densest zip bombs multiply themselves.
      if (entry.localHeaderOffset < cursor.position)
        throw tooLarge(fileName, `part ${entry.name} overlaps another`);
      await cursor.skip(entry.localHeaderOffset - cursor.position);
      const header = await cursor.exact(30);
      if (!header || header.readUInt32LE(0) !== LOCAL_SIGNATURE)
        throw corrupt(fileName, `part ${entry.name} is missing`);
      await cursor.skip(header.readUInt16LE(26) + header.readUInt16LE(28));
      const onData = visit(entry);
      let feeding = onData !== null;
      let inflated = 0;
      let checksum = 0;
      // Kept aside because pipeline may report the teardown it caused rather than the refusal itself.
      let refusal: SheetReadError | null = null;
      const refuse = (error: SheetReadError) => {
        refusal = error;
        return error;
      };
      const count = (chunk: Buffer) => {
        inflated += chunk.length;
        total += chunk.length;
        checksum = crc32(chunk, checksum);
        // The directory's size is exact for any honest writer, so one byte more is already a lie.
        if (inflated > entry.uncompressedSize) {
          const claim = sizeText(entry.uncompressedSize);
          throw refuse(tooLarge(fileName, `part ${entry.name} inflates past the ${claim} it declares`));
        }
        if (total > limits.totalBytes)
          throw refuse(tooLarge(fileName, `over ${mib(limits.totalBytes)} in all`));
        if (feeding && onData) {
          try {
            if (onData(chunk) === false) feeding = false;
          } catch (error) {
            throw error instanceof SheetReadError ? refuse(error) : error;
          }
        }
      };
      const compressed = cursor.take(entry.compressedSize);
      if (entry.method === STORED) {
        for await (const chunk of compressed) count(chunk);
      } else if (entry.method === DEFLATED) {
        try {
          await pipeline(
            Readable.from(compressed, { objectMode: false }),
            createInflateRaw({ chunkSize: INFLATE_CHUNK_BYTES }),
            async (inflatedChunks) => {
              for await (const chunk of inflatedChunks as AsyncIterable<Buffer>) count(chunk);
            },
          );
        } catch (error) {
          if (refusal) throw refusal;
          if (error instanceof SheetReadError) throw error;
          throw corrupt(fileName, `part ${entry.name} does not inflate: ${(error as Error).message}`, error);
        }
      } else {
        throw corrupt(fileName, `part ${entry.name} uses compression method ${entry.method}`);
      }
      if (checksum !== entry.crc32) throw checksumMismatch(fileName, entry);
    }
  } finally {
    await iterator.return?.();
  }
}

/**
 * One part's inflated bytes, streamed: reads the file from the start, skips to the part and inflates
 * it. Used after inflateAllParts has vouched for every part's real size; the cap is kept regardless.
 */
export async function* partBytes(
  source: ByteSource,
  entry: ZipEntry,
  signal?: AbortSignal,
): AsyncGenerator<Buffer> {
  const fileName = source.name;
  const iterator = source.open()[Symbol.asyncIterator]();
  const cursor = new ByteCursor(iterator);
  try {
    await cursor.skip(entry.localHeaderOffset);
    const header = await cursor.exact(30);
    if (!header || header.readUInt32LE(0) !== LOCAL_SIGNATURE)
      throw corrupt(fileName, `part ${entry.name} is missing`);
    await cursor.skip(header.readUInt16LE(26) + header.readUInt16LE(28));
    const compressed = cursor.take(entry.compressedSize);
    let inflated = 0;
    let checksum = 0;
    if (entry.method === STORED) {
      for await (const chunk of compressed) {
        checksum = crc32(chunk, checksum);
        yield chunk;
      }
      if (checksum !== entry.crc32) throw checksumMismatch(fileName, entry);
      return;
    }
    if (entry.method !== DEFLATED)
      throw corrupt(fileName, `part ${entry.name} uses compression method ${entry.method}`);
    const input = Readable.from(compressed, { objectMode: false });
    const inflater = createInflateRaw({ chunkSize: INFLATE_CHUNK_BYTES });
    input.on('error', (error) => inflater.destroy(error));
    input.pipe(inflater);
    try {
      for await (const chunk of inflater as AsyncIterable<Buffer>) {
        signal?.throwIfAborted();
        inflated += chunk.length;
        if (inflated > entry.uncompressedSize) {
          throw tooLarge(
            fileName,
            `part ${entry.name} inflates past the ${mib(entry.uncompressedSize)} it declares`,
          );
        }
        checksum = crc32(chunk, checksum);
        yield chunk;
      }
      // The file may have changed on disk since inflateAllParts vouched for it.
      if (checksum !== entry.crc32) throw checksumMismatch(fileName, entry);
    } catch (error) {
      if (error instanceof SheetReadError || signal?.aborted) throw error;
      throw corrupt(fileName, `part ${entry.name} does not inflate: ${(error as Error).message}`, error);
    } finally {
      input.destroy();
      inflater.destroy();
    }
  } finally {
    await iterator.return?.();
  }
}

/**
 * An XML part's text, decoded in the encoding it is written in (xml-encoding.ts: UTF-8 or UTF-16 as
 * a rule) across chunk boundaries (a split "ü" stays "ü").
 */
export async function* partText(
  source: ByteSource,
  entry: ZipEntry,
  signal?: AbortSignal,
): AsyncGenerator<string> {
  const decoder = new XmlPartDecoder(source.name, entry.name);
  for await (const chunk of partBytes(source, entry, signal)) {
    const text = decoder.write(chunk);
    if (text.length > 0) yield text;
  }
  const rest = decoder.end();
  if (rest.length > 0) yield rest;
}
