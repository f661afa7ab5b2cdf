/**
 * An input file still being written when the import starts (explore 59 item 6: a carrier's SFTP upload
 * writes the file in place, and the morning job starts before it is done). The journal is bound to the
 * hash of the file's bytes at the start, but the rows are read later (after the account's reference
 * data), from the file as it is by then: the run sent rows of bytes its journal was not bound to, and
 * the `--resume` it printed was refused as "changed since this run began".
 *
 * Every read of the file goes through one watched source, which hashes the bytes as they are read (no
 * second read: the hash rides on the reader's own chunks), and keeps the hash and size of each read
 * that reached the end of the file. The journal's binding is one such read; once the rows are all read,
 * and before anything is sent, every whole read must have seen the same bytes, or the import stops
 * (exit 2, as for a file that cannot be read exactly), naming the sizes it saw.
 */
import { createHash } from 'node:crypto';
import { InputError } from '../core/errors.ts';
import { fileSource } from '../core/read/byte-sources.ts';
import type { ByteSource } from '../core/read/types.ts';
import { thousands } from '../core/thousands.ts';

/** One read of the whole file: its bytes' sha256 and how many there were. */
export interface WholeRead {
  sha256: string;
  bytes: number;
}

export interface WatchedFile {
  /** Reads the file (as fileSource does), keeping each whole read's hash. */
  source: ByteSource;
  /** Reads the whole file once more (the journal's binding), kept like any other read. */
  readWhole(): Promise<WholeRead>;
  /**
   * After the rows are read, before anything is sent: throws FileStillWrittenError when the file's
   * whole reads did not all see the same bytes. A file not read to its end since `since` is read once.
   */
  checkUnchanged(since: WholeRead): Promise<void>;
}

export class FileStillWrittenError extends InputError {
  constructor(file: string, before: WholeRead, after: WholeRead, command: 'import' | 'validate' = 'import') {
    // validate checks and writes a report of rows read from one version of the file, as import sends
    // them: the same words, but it sends nothing, so it says that no report was kept.
    const what =
      command === 'import'
        ? 'so its rows are not the bytes this run began with. Nothing was sent. Run the import again'
        : 'so its rows are not one version of the file, and no report was kept. Run validate again';
    super(
      'file_still_written',
      `${file} was still being written when the ${command === 'import' ? 'import' : 'check'} started: ${changeWords(before, after)} while it was read, ` +
        `${what} when the file is complete (the upload or copy finished, the program writing it closed)`,
    );
  }
}

/** `shown`: the file as the user named it, for the refusal; `command`: whose refusal it is. */
export function watchedFile(
  path: string,
  shown: string,
  command: 'import' | 'validate' = 'import',
): WatchedFile {
  const file = fileSource(path);
  const reads: WholeRead[] = [];
  const source: ByteSource = {
    name: file.name,
    async *open() {
      const hash = createHash('sha256');
      let bytes = 0;
      for await (const chunk of file.open()) {
        hash.update(chunk);
        bytes += chunk.length;
        yield chunk;
      }
      // Reached only when the reader asked past the last chunk: a read stopped early (a header found,
      // a first data row seen) says nothing of the whole file.
      reads.push({ sha256: hash.digest('hex'), bytes });
    },
  };
  const readWhole = async (): Promise<WholeRead> => {
    for await (const _chunk of source.open());
    return reads.at(-1)!;
  };
  return {
    source,
    readWhole,
    async checkUnchanged(since) {
      const at = reads.lastIndexOf(since);
      if (at === reads.length - 1) await readWhole();
      const first = reads[0]!;
      const last = reads.at(-1)!;
      if (reads.some((read) => read.sha256 !== first.sha256)) {
        // The first and the last whole reads, as the file went: a read before the binding counts too
        // (the reader's detection read a partial file whole).
        throw new FileStillWrittenError(shown, first, last, command);
      }
    },
  };
}

function changeWords(before: WholeRead, after: WholeRead): string {
  if (before.bytes === after.bytes)
    return `its bytes changed (its size stayed ${size(before.bytes, after.bytes)})`;
  return `its size went ${size(before.bytes, after.bytes)} → ${size(after.bytes, before.bytes)}`;
}

/** `bytes` for a person: KB or MB with one decimal, unless that would read the same as `other`. */
function size(bytes: number, other: number): string {
  const rounded = (n: number) =>
    n < 1024
      ? `${n} bytes`
      : n < 1024 * 1024
        ? `${(n / 1024).toFixed(1)} KB`
        : `${(n / 1024 / 1024).toFixed(1)} MB`;
  return bytes !== other && rounded(bytes) === rounded(other) ? `${thousands(bytes)} bytes` : rounded(bytes);
}
