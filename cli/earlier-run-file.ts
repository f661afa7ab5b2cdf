/**
 * The file of an earlier run whose journal this run set aside (another file given the same --results:
 * explore 62 item 2). Its --resume was said not to work "as its file has changed since" after comparing
 * that run's journal with THIS run's file; the earlier file is looked for as it is now instead, by its
 * name (journals keep the file's base name) where an import of it would have been run from: beside
 * this run's file, in the working folder, beside the journal. Found with the bytes the journal was
 * written for, and bound to this run's mapping and mode, its own --resume sends the rows it left.
 */
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { JournalBinding } from '../core/batch/journal-types.ts';
import type { KeptEarlierRun } from '../core/batch/journal.ts';
import { hashFile } from './earlier-import.ts';

export type EarlierRunFile =
  /** There with the journal's bytes, and this run's mapping and mode: its --resume finishes the run. */
  | { state: 'resumable'; path: string }
  /** There with the journal's bytes, but the journal was bound to another mapping or mode. */
  | { state: 'other_mapping'; path: string }
  /** There with other bytes (the next night's file under its name). */
  | { state: 'changed'; path: string }
  | { state: 'not_found'; looked: string[] };

export async function earlierRunFile(
  kept: KeptEarlierRun,
  binding: Pick<JournalBinding, 'mappingHash' | 'mode'>,
  folders: readonly string[],
): Promise<EarlierRunFile> {
  const looked = [...new Set(folders)];
  let changed: string | null = null;
  for (const folder of looked) {
    const path = join(folder, kept.header.file);
    if (!(await stat(path).catch(() => null))?.isFile()) continue;
    if ((await hashFile(path)) !== kept.header.fileHash) {
      changed ??= path;
      continue;
    }
    const bound =
      (kept.header.kind ?? 'import') === 'import' &&
      kept.header.mappingHash === binding.mappingHash &&
      kept.header.mode === binding.mode;
    return { state: bound ? 'resumable' : 'other_mapping', path };
  }
  return changed ? { state: 'changed', path: changed } : { state: 'not_found', looked };
}
