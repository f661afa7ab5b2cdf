/** Writes are atomic (STYLE.md): a temp file beside the target, flushed, then renamed over it. */
import { readFile } from 'node:fs/promises';
import { writeFileAtomic as writeAtomic } from '../../core/index.ts';

/** A settings file, made private (0600) by default, its folder made when missing. */
export async function writeFileAtomic(path: string, text: string, mode = 0o600): Promise<void> {
  await writeAtomic(path, text, { mode, makeDirectory: true });
}

/** The file's JSON, or null when it does not exist yet. */
export async function readJsonFile(path: string): Promise<unknown> {
  try {
    return JSON.parse(await readFile(path, 'utf8')) as unknown;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}
