/**
 * Writes that never leave a half-written file behind (STYLE: writes are atomic), whole or streamed:
 * the content goes to a temporary file beside the target, is flushed to disk (fsync), and only then
 * renamed over the target. A crash leaves either the old file or the new one, plus at worst a stray
 * dot-file ending in `.tmp` (`.NAME.RANDOM.tmp`, which a caller may sweep by that prefix). Without the
 * flush a crash soon after the rename can leave the new name holding nothing: the rename reaches the
 * disk before the data does on common file systems.
 */
import { createWriteStream, futimes } from 'node:fs';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { basename, dirname, join } from 'node:path';
import type { Writable } from 'node:stream';
import { asDiskFull } from './disk-full.ts';

export interface AtomicWriteOptions {
  /** Permissions of a new file (default 0o666 less the umask; 0o600 for secrets). */
  mode?: number;
  /** Create the folder first when it does not exist. */
  makeDirectory?: boolean;
  /**
   * Flush the folder too, so the rename itself survives a power cut (where the platform allows
   * opening a folder: not on Windows, where this is skipped).
   */
  syncDirectory?: boolean;
  /**
   * openAtomicStream: touch the temp file this often while it is open, so another run can tell a
   * temp file still in use (recently touched) from one a killed run left behind (leftover-temps.ts).
   */
  keepFreshMs?: number;
}

export function tempPathFor(path: string): string {
  return join(dirname(path), `.${basename(path)}.${randomBytes(4).toString('hex')}.tmp`);
}

/** Writes `content` to a temp file beside `path`, flushes it, and renames it over `path`. */
export async function writeFileAtomic(
  path: string,
  content: string | Uint8Array,
  options: AtomicWriteOptions = {},
): Promise<void> {
  if (options.makeDirectory) await mkdir(dirname(path), { recursive: true });
  const temp = tempPathFor(path);
  await settle(temp, path, options, async () => {
    const handle = await open(temp, 'w', options.mode);
    try {
      await handle.writeFile(content);
      await handle.sync();
    } finally {
      await handle.close();
    }
  });
}

/**
 * The one ending of every atomic write: `flush` leaves the temp file complete and on disk, then it is
 * renamed over `path` (and the folder synced when asked); on any failure the temp file is removed.
 */
async function settle(
  temp: string,
  path: string,
  options: AtomicWriteOptions,
  flush: () => Promise<void>,
): Promise<void> {
  try {
    await flush();
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    // A full disk names the file being written, not Node's bare "ENOSPC: …, write" (disk-full.ts).
    throw asDiskFull(error, path);
  }
  if (options.syncDirectory) await syncDirectory(dirname(path));
}

export interface AtomicStream {
  /** The temp file beside the target (`.NAME.RANDOM.tmp`) that becomes it at commit. */
  tempPath: string;
  /** The temp file's stream: write to it and end it (or pipe into it, which ends it). */
  stream: Writable;
  /** Once the stream has ended: waits for it to close, flushes the file, renames it over the target. */
  commit(): Promise<void>;
  /** Stops writing and removes the temp file; the target is left as it was. */
  abandon(): Promise<void>;
}

/**
 * A stream to a temp file beside `path` that becomes `path` at commit, as writeFileAtomic does for a
 * whole file. Rejects when the temp file cannot be created (a missing folder, no permission).
 */
export async function openAtomicStream(
  path: string,
  options: AtomicWriteOptions = {},
): Promise<AtomicStream> {
  if (options.makeDirectory) await mkdir(dirname(path), { recursive: true });
  const temp = tempPathFor(path);
  const stream = createWriteStream(temp, options.mode === undefined ? {} : { mode: options.mode });
  await new Promise<void>((resolve, reject) => {
    stream.once('open', () => resolve());
    stream.once('error', reject);
  });
  const closed = new Promise<void>((resolve, reject) => {
    stream.once('close', resolve);
    stream.once('error', reject);
  });
  closed.catch(() => {});
  const fd = (stream as unknown as { fd: number | null }).fd;
  const touching =
    options.keepFreshMs && fd !== null
      ? setInterval(() => {
          const now = new Date();
          // Best effort: a touch that fails only makes a later run leave this file alone for longer.
          futimes(fd, now, now, () => {});
        }, options.keepFreshMs)
      : null;
  touching?.unref();
  void closed.finally(() => clearInterval(touching ?? undefined)).catch(() => {});
  return {
    tempPath: temp,
    stream,
    async commit() {
      await settle(temp, path, options, async () => {
        await closed;
        const handle = await open(temp, 'r+');
        try {
          await handle.sync();
        } finally {
          await handle.close();
        }
      });
    },
    async abandon() {
      stream.destroy();
      await closed.catch(() => {});
      await rm(temp, { force: true });
    },
  };
}

async function syncDirectory(folder: string): Promise<void> {
  let handle;
  try {
    handle = await open(folder, 'r');
    await handle.sync();
  } catch {
    // Windows cannot open a folder for flushing; the file itself is flushed already.
  } finally {
    await handle?.close();
  }
}
