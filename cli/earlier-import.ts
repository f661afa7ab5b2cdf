/**
 * What an earlier `import` of this file wrote, for `validate`: the journal an import of it with this
 * mapping keeps (beside the file by default, as import writes it without --results; or --journal), read
 * without a request. Its created rows are reported as already sent, not as duplicates to fix.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { access } from 'node:fs/promises';
import { basename } from 'node:path';
import { bindImport, importMode } from '../core/batch/bind-import.ts';
import { createdByJournal, type CreatedEarlier } from '../core/batch/created-earlier.ts';
import { isOtherAccount } from '../core/batch/journal.ts';
import { readJournalHeader } from '../core/batch/journal-read.ts';
import type { ImportMode } from '../core/validate/types.ts';
import type { Mapping } from '../core/mapping/schema.ts';
import { withReadFlags } from './read-options.ts';

/** sha256 of a file's bytes: the journal binding's `fileHash`, and the run lock's (run-lock.ts). */
export async function hashFile(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/**
 * The journal binding an import of the file at `path` uses: `mapping` is the one it sends with (its
 * mode set, the read flags applied). One function for import and validate, so that validate finds the
 * very journal import wrote. `fileHash`: the bytes' hash when the caller read them already (import
 * hashes the reads it makes: file-still-written.ts).
 */
export async function importBinding(path: string, mapping: Mapping, mode: ImportMode, fileHash?: string) {
  return bindImport({ file: basename(path), fileHash: fileHash ?? (await hashFile(path)), mapping, mode });
}

/**
 * Row → what the import journalled at `journalPath` created, when that journal was written for this
 * file (its bytes), this mapping (as import binds it: the mapping's mode, the read flags) and mode,
 * into `account` (the connected one, as journals record it). `mismatch` says why a journal that is
 * there is not read row by row (another account, another file or an earlier version of this one,
 * another mapping or mode); validate says what it is used for then.
 */
export async function createdByEarlierImport(
  path: string,
  journalPath: string,
  loaded: Mapping,
  readFlags: { encoding?: string | undefined; delimiter?: string | undefined },
  account: string,
): Promise<{ created: Map<number, CreatedEarlier>; mismatch: string | null }> {
  const none = { created: new Map<number, CreatedEarlier>(), mismatch: null };
  if (
    !(await access(journalPath).then(
      () => true,
      () => false,
    ))
  )
    return none;
  const header = await readJournalHeader(journalPath);
  if (!header) return { ...none, mismatch: 'it is not a trackops-bulk journal' };
  // Explore: the same file imported into a second office's account was checked there as "already sent"
  // by the first office's import, whose journal is beside the file; what it created is not in this one.
  if (isOtherAccount(header.account, account))
    return { ...none, mismatch: `it was written by an import into another account (${header.account})` };
  const mode = importMode(loaded);
  // As import binds its journal (cli/commands/import.ts): the mapping with its mode, then the read flags.
  const { binding } = await importBinding(path, withReadFlags({ ...loaded, mode }, readFlags), mode);
  // Explore 56 item 3: the same name with other bytes is this file before a change (a cell fixed), not
  // "another file" (which named this very one).
  if (header.fileHash !== binding.fileHash)
    return {
      ...none,
      mismatch:
        header.file === basename(path)
          ? `it was written for ${header.file} before the file was changed (its bytes differ)`
          : `it was written for another file (${header.file})`,
    };
  if (header.mappingHash !== binding.mappingHash || header.mode !== binding.mode)
    return { ...none, mismatch: 'it was written for another mapping or mode' };
  return { created: await createdByJournal(journalPath, binding), mismatch: null };
}
