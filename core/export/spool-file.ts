/**
 * A temporary file written in large chunks with one write in flight: the caller goes on fetching and
 * rendering pages while the disk takes the previous chunk. Per-record writes with their drains were
 * most of the export's own cost once (docs/benchmarks.md, finding 2).
 */
import { open, type FileHandle } from 'node:fs/promises';

/** Chunk size for writing and reading spool files: large writes and reads, few event-loop turns. */
export const SPOOL_CHUNK = 1024 * 1024;

export class SpoolFile {
  readonly path: string;
  private readonly handle: FileHandle;
  private pending = '';
  private writing: Promise<unknown> = Promise.resolve();

  private constructor(path: string, handle: FileHandle) {
    this.path = path;
    this.handle = handle;
  }

  static async create(path: string): Promise<SpoolFile> {
    return new SpoolFile(path, await open(path, 'a'));
  }

  /** Queues text; writes once a chunk has gathered, after the previous write has finished. */
  async append(text: string): Promise<void> {
    this.pending += text;
    if (this.pending.length >= SPOOL_CHUNK) await this.flush();
  }

  /** Writes what is queued and closes the file. */
  async close(): Promise<void> {
    if (this.pending) await this.flush();
    await this.writing;
    await this.handle.close();
  }

  /** Closes without writing what is queued (the export failed or was cancelled). */
  async discard(): Promise<void> {
    this.pending = '';
    await this.writing.catch(() => {});
    await this.handle.close().catch(() => {});
  }

  private async flush(): Promise<void> {
    await this.writing;
    // appendFile writes all of the text (write() may stop short); the catch only keeps a failure from
    // being "unhandled" while the next page is fetched: it is awaited, and thrown, by the next call.
    this.writing = this.handle.appendFile(this.pending, 'utf8');
    this.writing.catch(() => {});
    this.pending = '';
  }
}
