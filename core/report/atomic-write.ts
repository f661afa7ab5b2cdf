/**
 * Whole-file writes that never leave a half-written report behind (STYLE: writes are atomic): write
 * a temporary file beside the target, flush it, then rename it over the target. A crash leaves either
 * the old file or the new one, plus at worst a stray dot-file ending in `.tmp`.
 */
import { open, rename, rm } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { basename, dirname, join } from 'node:path';

export function tempPathFor(path: string): string {
  return join(dirname(path), `.${basename(path)}.${randomBytes(4).toString('hex')}.tmp`);
}

/** Writes `content` to a temp file beside `path`, flushes it, and renames it over `path`. */
export async function writeFileAtomic(path: string, content: string | Uint8Array): Promise<void> {
  const temp = tempPathFor(path);
  try {
    const handle = await open(temp, 'w');
    try {
      await handle.writeFile(content);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}
