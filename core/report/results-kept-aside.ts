/**
 * An earlier import's results file that lists created rows is never deleted by the next run given the
 * same `--results` (explore 52 item 2: a trial's `res.csv`, the one record of what it created once its
 * journal was deleted, was removed by the run that then created those rows again). It is kept beside,
 * named after when it was last written (`res.2026-12-05T08-32-06Z.csv`), as a replaced journal is.
 */
import { rename, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { rowsInResults } from './results-created.ts';

/**
 * The name it was kept under, how many created rows it lists and how many it lists as never sent
 * (a stopped run's rest: said by the import, explore 59 item 2), or null when nothing was kept.
 */
export async function keepEarlierResults(
  path: string,
): Promise<{ keptAs: string; created: number; unsent: number } | null> {
  const rows = await rowsInResults(path);
  if (!rows || rows.created.length === 0) return null;
  const written = (await stat(path)).mtime.toISOString();
  const keptAs = await freeName(path, written);
  await rename(path, keptAs);
  return { keptAs, created: rows.created.length, unsent: rows.unsent.length };
}

/**
 * The `OUT.unfinished.csv` a run killed outright left (the rows it settled, "still usable"): a later
 * run given the same `--results` kept it only to truncate it (explore 52 item 4). Kept beside under a
 * name of its own, as the results of a finished run are; its name, or null when there was none.
 */
export async function keepEarlierUnfinished(unfinished: string): Promise<string | null> {
  const there = await stat(unfinished).catch(() => null);
  if (!there?.isFile()) return null;
  const keptAs = await freeName(unfinished, there.mtime.toISOString());
  await rename(unfinished, keptAs);
  return keptAs;
}

/** `res.csv` → `res.2026-12-05T08-32-06Z.csv` (then `…-2.csv`): not yet taken. */
async function freeName(path: string, at: string): Promise<string> {
  const dot = path.lastIndexOf('.');
  const extension = path.slice(dot);
  const stamp = at.replace(/\.\d+Z$/, 'Z').replace(/:/g, '-');
  // A results name may use nearly all of the 255 bytes a name may have: the stem gives way to the stamp.
  const folder = dirname(path);
  let stem = basename(path.slice(0, dot));
  // By whole characters: half of an emoji is not a name the file system would show as the user's.
  while (Buffer.byteLength(`${stem}.${stamp}-99${extension}`) > 255)
    stem = Array.from(stem).slice(0, -1).join('');
  for (let n = 1; ; n++) {
    const candidate = join(folder, `${stem}.${stamp}${n === 1 ? '' : `-${n}`}${extension}`);
    if ((await stat(candidate).catch(() => null)) === null) return candidate;
  }
}
