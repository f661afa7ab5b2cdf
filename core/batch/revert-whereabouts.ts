/**
 * Where a revert of an import keeps its journal, written beside the import's journal when that revert
 * journal is in another folder (`revert --revert-journal OTHER/undo.jsonl`). The import's --resume looks
 * for its undo beside its own journal (undone-import.ts); a revert journal elsewhere was not found, and
 * the --resume then sent the rows the undone import never reached, on top of the undo. This record is
 * how it finds it, with no request to Trackops.
 *
 * The record only says where to look: the revert journal it names still decides (its header binds it
 * to the import run), so a record left by a revert that sent nothing (its journal removed) or pointing
 * at a journal since deleted, or moved apart from this record's folder, counts for nothing, as a deleted
 * revert journal beside it would. A `.json` file, not `.jsonl`: the journal scans of a folder (earlier
 * imports, own writes) pass it over.
 *
 * Each revert journal is kept twice: by its absolute path (`revertJournals`, as records have always
 * been written, so that those already written read as before) and by its path from the record's own
 * folder (`revertJournalsFromHere`). A clerk who moves or copies the whole working folder (a synced
 * drive mounted elsewhere, a folder renamed, a project copied to another computer) leaves absolute paths
 * that point nowhere, or at the original left behind: the import's --resume then read "not undone" and
 * sent the rows the undone import never reached, on top of the undo. The relative path moves with the
 * folder. Readers look at both: an extra candidate costs one header read and cannot mislead, since the
 * revert journal's header still decides whether it undid this import run (undone-import.ts).
 */
import { readFile } from 'node:fs/promises';
import { basename, dirname, relative, resolve, sep } from 'node:path';
import { InputError } from '../errors.ts';
import { writeFileAtomic } from '../files/atomic-write.ts';

interface WhereaboutsFile {
  version: 1;
  /** For whoever opens the file: what it is for. */
  about: string;
  /** The revert journals of this import kept in other folders, absolute. */
  revertJournals: string[];
  /**
   * The same journals from this file's folder, `/`-separated (read on any system: a synced folder may
   * be opened on another). Absent in records written before it was kept.
   */
  revertJournalsFromHere?: string[];
}

/** `r.journal.jsonl` → `r.journal.reverts.json`, beside it. */
export function revertWhereaboutsPath(importJournal: string): string {
  return resolve(importJournal).replace(/(\.jsonl)?$/i, '.reverts.json');
}

/**
 * The revert journals in other folders a revert recorded for `importJournal`, where they may be: each
 * by its path from the record's folder as it is now (first: the folder may have moved, or been copied
 * with the old one left behind), then by its absolute path; none when there is no record (no file of
 * that name). A record that is there but cannot be read (damaged, cut short, not this file's shape) is
 * refused, never read as "none": the import's --resume would then send the rows of an import that was
 * undone, and a revert recording itself would overwrite the others it names.
 */
export async function recordedRevertJournals(importJournal: string): Promise<string[]> {
  const record = await readRecord(revertWhereaboutsPath(importJournal));
  if (!record) return [];
  const here = dirname(revertWhereaboutsPath(importJournal));
  const fromHere = (record.revertJournalsFromHere ?? []).map((path) => resolve(here, path));
  return [...new Set([...fromHere, ...record.revertJournals])];
}

/** The record at `path` as written; null when there is none. */
async function readRecord(path: string): Promise<WhereaboutsFile | null> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    // Nothing there, or a folder by that name: no record was ever written (a revert then finds that it
    // cannot write one, and says so).
    const code = (error as { code?: unknown }).code;
    if (code === 'ENOENT' || code === 'EISDIR') return null;
    throw unreadableRecord(path, (error as Error).message, error);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw unreadableRecord(path, `not JSON: ${(error as Error).message}`, error);
  }
  const record = parsed as Partial<WhereaboutsFile> | null;
  if (!isPathList(record?.revertJournals))
    throw unreadableRecord(path, 'it holds no list of revert journals ("revertJournals")');
  if (record.revertJournalsFromHere !== undefined && !isPathList(record.revertJournalsFromHere))
    throw unreadableRecord(path, 'its "revertJournalsFromHere" is not a list of paths');
  return record as WhereaboutsFile;
}

function isPathList(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((path) => typeof path === 'string');
}

function unreadableRecord(path: string, why: string, cause?: unknown): InputError {
  return new InputError(
    'revert_record_unreadable',
    `${path} records where this import's reverts keep their journals in other folders, and cannot be read (${why}). ` +
      'Until it can, whether the import was undone is not known, so it is neither finished nor undone again: ' +
      'restore it from a copy; or, if no revert of this import kept its journal in another folder, remove it',
    cause === undefined ? undefined : { cause },
  );
}

/**
 * Before a revert of `importJournal` starts with its journal at `revertJournal`: when that is in another
 * folder, records it beside the import's journal, and returns the record's path (null: beside, nothing
 * to record). When the record cannot be written the revert must not start (its import's --resume would
 * not know it was undone): an InputError says where and what to do.
 */
export async function recordRevertWhereabouts(
  importJournal: string,
  revertJournal: string,
): Promise<string | null> {
  const revert = resolve(revertJournal);
  if (dirname(revert) === dirname(resolve(importJournal))) return null;
  const path = revertWhereaboutsPath(importJournal);
  const known = await readRecord(path);
  const absolute = known?.revertJournals ?? [];
  const fromHere = known?.revertJournalsFromHere ?? [];
  const revertFromHere = relative(dirname(path), revert).split(sep).join('/');
  // Both already there: nothing to write. A record written before the relative path was kept gains it
  // here (a revert resumed), its other journals left as they were written.
  if (absolute.includes(revert) && fromHere.includes(revertFromHere)) return path;
  const record: WhereaboutsFile = {
    version: 1,
    about:
      "Reverts of the import whose journal is beside this file, kept in other folders: its --resume reads this to know it was undone (trackops-bulk's revert writes it; do not delete it while those revert journals are kept).",
    revertJournals: absolute.includes(revert) ? absolute : [...absolute, revert],
    revertJournalsFromHere: fromHere.includes(revertFromHere) ? fromHere : [...fromHere, revertFromHere],
  };
  try {
    await writeFileAtomic(path, JSON.stringify(record, null, 2) + '\n');
    return path;
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    throw new InputError(
      'revert_unrecorded',
      `revert: cannot record, in ${dirname(path)}, that this revert started and where its journal is (${basename(path)}: ${typeof code === 'string' ? code : (error as Error).message}): without it the import's --resume would not know it was undone, and would send the rows it had not written on top of the undo. Nothing was sent. Make that folder writable (${basename(path)} a file there it can replace), or keep the revert journal beside the import: without --revert-journal, or with one in that folder`,
      { cause: error },
    );
  }
}
