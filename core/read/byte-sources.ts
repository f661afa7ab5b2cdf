/**
 * The two ways bytes reach the readers: a path on disk (streamed, never loaded whole) and bytes already
 * in memory (the desktop app's drag-and-drop, tests). Both can be read from the start any number of
 * times, which header detection relies on.
 */
import { createReadStream } from 'node:fs';
import type { ByteSource } from './types.ts';
import { SheetReadError } from './sheet-read-error.ts';

/** 256 KiB reads: large enough that per-chunk overhead vanishes, small enough to keep memory flat. */
const READ_CHUNK_BYTES = 256 * 1024;

export function fileSource(path: string): ByteSource {
  return {
    name: path,
    async *open() {
      const stream = createReadStream(path, { highWaterMark: READ_CHUNK_BYTES });
      try {
        for await (const chunk of stream) yield chunk as Buffer;
      } catch (error) {
        throw new SheetReadError(
          'file_unreadable',
          path,
          `Cannot read ${path}: ${(error as Error).message}. Check the path and that the file is not open elsewhere.`,
          { cause: error },
        );
      } finally {
        stream.destroy();
      }
    },
  };
}

/**
 * Sources whose bytes are held in memory and read the same on every pass: what is learnt from one
 * pass (a workbook's layout) holds for the next. A file on disk may change between two passes.
 */
const inMemory = new WeakSet<ByteSource>();

export function isInMemory(source: ByteSource): boolean {
  return inMemory.has(source);
}

export function bytesSource(name: string, bytes: Uint8Array): ByteSource {
  const source: ByteSource = {
    name,
    async *open() {
      for (let start = 0; start < bytes.length; start += READ_CHUNK_BYTES) {
        yield bytes.subarray(start, Math.min(bytes.length, start + READ_CHUNK_BYTES));
      }
    },
  };
  inMemory.add(source);
  return source;
}
