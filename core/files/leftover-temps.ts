/**
 * A run killed while writing atomically (SIGKILL, a power cut) leaves its temp file beside the target:
 * `.NAME.RANDOM.tmp` (atomic-write.ts), empty or half written. The next run writing the same target
 * removes such files, and only those: the exact naming of that target's temp files, and only when
 * untouched for STALE_AFTER_MS before this run's own temp file was made. A run still writing touches
 * its temp file every KEEP_FRESH_MS (openAtomicStream's keepFreshMs), so a concurrent export to the
 * same file (a scheduled one that overlaps the last) never loses its file; one touched recently is
 * left and named instead. Times are compared with our own temp file's time as the file system set it,
 * so a folder shared between machines whose clocks differ is judged by one clock.
 */
import { readdir, rm, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

export const KEEP_FRESH_MS = 60_000;
export const STALE_AFTER_MS = 5 * KEEP_FRESH_MS;

export interface LeftoverTemps {
  /** File names removed (in the target's folder). */
  removed: string[];
  /** Temp files of this target touched too recently to be a killed run's: maybe still in use. */
  kept: string[];
}

/** Removes the stale temp files of `target`, never `ownTemp` (this run's). Failures only keep a file. */
export async function removeLeftoverTemps(target: string, ownTemp: string): Promise<LeftoverTemps> {
  const folder = dirname(target);
  const pattern = new RegExp(`^\\.${escapeRegExp(basename(target))}\\.[0-9a-f]{8}\\.tmp$`);
  const result: LeftoverTemps = { removed: [], kept: [] };
  let names: string[];
  let reference: number;
  try {
    names = await readdir(folder);
    reference = (await stat(ownTemp)).mtimeMs;
  } catch {
    return result;
  }
  for (const name of names.sort()) {
    const path = join(folder, name);
    if (!pattern.test(name) || path === ownTemp) continue;
    try {
      const info = await stat(path);
      if (!info.isFile()) continue;
      if (info.mtimeMs > reference - STALE_AFTER_MS) {
        result.kept.push(name);
        continue;
      }
      await rm(path);
      result.removed.push(name);
    } catch {
      // Gone meanwhile, or not ours to remove: left as it is.
    }
  }
  return result;
}

/** The leftovers in words, for the notes beside the file (none: nothing said). */
export function leftoverTempWords(target: string, leftovers: LeftoverTemps): string[] {
  const folder = dirname(target);
  const list = (names: string[]) => names.join(', ');
  const lines: string[] = [];
  if (leftovers.removed.length > 0)
    lines.push(
      `removed ${leftovers.removed.length === 1 ? 'a temporary file' : `${leftovers.removed.length} temporary files`} ` +
        `that an earlier export to this file left in ${folder} when it was stopped before finishing: ${list(leftovers.removed)}`,
    );
  if (leftovers.kept.length > 0)
    lines.push(
      `left ${list(leftovers.kept)} in ${folder}: a temporary file of another export to this file, changed in the last ` +
        `${STALE_AFTER_MS / 60_000} minutes, so it may still be running; delete it once no export to this file runs`,
    );
  return lines;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
