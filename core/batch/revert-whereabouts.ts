/**
 * Where a revert of an import keeps its journal, written beside the import's journal when that revert
 * journal is in another folder (`revert --revert-journal OTHER/undo.jsonl`). The import's --resume looks
 * for its undo beside its own journal (undone-import.ts); a revert journal elsewhere was not found, and
 * the --resume then sent the rows the undone import never reached, on top of the undo. This record is
 * how it finds it, with no request to Trackops.
 *
 * The record only says where to look: the revert journal it names still decides (its header binds it
 * to the import run), so a record left by a revert that sent nothing (its journal removed) or pointing
 * at a journal since deleted or moved counts for nothing, as a deleted revert journal beside it would.
 * A `.json` file, not `.jsonl`: the journal scans of a folder (earlier imports, own writes) pass it over.
 */
import { readFile } from 'node:fs/promises';
import { basename, dirname, resolve } from 'node:path';
import { InputError } from '../errors.ts';
import { writeFileAtomic } from '../files/atomic-write.ts';

interface WhereaboutsFile {
  version: 1;
  /** For whoever opens the file: what it is for. */
  about: string;
  /** The revert journals of this import kept in other folders, absolute. */
  revertJournals: string[];
}

/** `r.journal.jsonl` → `r.journal.reverts.json`, beside it. */
export function revertWhereaboutsPath(importJournal: string): string {
  return resolve(importJournal).replace(/(\.jsonl)?$/i, '.reverts.json');
}

/**
 * The revert journals in other folders a revert recorded for `importJournal`; none when there is no
 * record (no file of that name). A record that is there but cannot be read (damaged, cut short, not this file's shape) is
 * refused, never read as "none": the import's --resume would then send the rows of an import that was
 * undone, and a revert recording itself would overwrite the others it names.
 */
export async function recordedRevertJournals(importJournal: string): Promise<string[]> {
  const path = revertWhereaboutsPath(importJournal);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    // Nothing there, or a folder by that name: no record was ever written (a revert then finds that it
    // cannot write one, and says so).
    const code = (error as { code?: unknown }).code;
    if (code === 'ENOENT' || code === 'EISDIR') return [];
    throw unreadableRecord(path, (error as Error).message, error);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw unreadableRecord(path, `not JSON: ${(error as Error).message}`, error);
  }
  const journals = (parsed as Partial<WhereaboutsFile> | null)?.revertJournals;
  if (!Array.isArray(journals) || !journals.every((journal) => typeof journal === 'string'))
    throw unreadableRecord(path, 'it holds no list of revert journals ("revertJournals")');
  return journals;
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
  const known = await recordedRevertJournals(importJournal);
  if (known.includes(revert)) return path;
  const record: WhereaboutsFile = {
    version: 1,
    about:
      "Reverts of the import whose journal is beside this file, kept in other folders: its --resume reads this to know it was undone (trackops-bulk's revert writes it; do not delete it while those revert journals are kept).",
    revertJournals: [...known, revert],
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
