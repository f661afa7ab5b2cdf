/**
 * Where this user's imports into an account kept their journals, wherever they are (explore 17: a first
 * import with --journal journals/monday.jsonl, then the fixed file imported with the default journal:
 * nothing looked in journals/, and every row without a claim number was created again; explore 21: the
 * CLI and the desktop app, each reading only its own journals, created every such row twice when one
 * person used the command line and another the app). One small file per account (by a hash of its
 * address, never the address itself) in `journal-lists` beside the folder the run locks use (the CLI and
 * the app share that folder, and so this one), one journal path per line. Read by earlierCreates beside
 * the folders it searches. A path whose file is gone is said by the import once (explore 52 item 2: a
 * deleted journal was passed over in silence, and the rows it had created were created again), then
 * forgotten (forgetJournals): the list is a memory aid, and a journal deleted on purpose is not named
 * at every later import. Where the lists' folder cannot be made, the CLI keeps the list beside the
 * input file instead (JournalListPlace), and reads both.
 */
import { appendFile, mkdir, readFile } from 'node:fs/promises';
import { writeFileAtomic } from '../files/atomic-write.ts';
import { dirname, join } from 'node:path';
import { accountKeySpellings } from '../api/account-key.ts';
import { sha256 } from './journal.ts';

/** The lists' folder for the run locks' folder `runLocksDir`: beside it, as it holds only live locks. */
export function journalListsFolder(runLocksDir: string): string {
  return join(dirname(runLocksDir), 'journal-lists');
}

/**
 * Where an account's list of journals is kept: the lists' folder (a path), or a hidden file beside the
 * input file (explore 59 item 1: a service account whose home cannot be written lost every list, and
 * the same file imported again with its results in another folder created its keyless rows twice; the
 * run lock already falls back beside the file, so the list goes where the lock goes, and a later
 * import of the file reads it there).
 */
export type JournalListPlace = string | { besideFile: string };

/** The list's file for `account` in `place`. */
export function journalListPath(account: string, place: JournalListPlace): string {
  const name = sha256(account).slice(0, 32);
  return typeof place === 'string'
    ? join(place, `${name}.txt`)
    : join(dirname(place.besideFile), `.trackops-journals-${name}.txt`);
}

/**
 * Adds `journal` (an absolute path) to the account's list in `place`. Null when it is on the list, else
 * why it could not be written (an error code, e.g. ENOTDIR): the caller says what that loses.
 */
export async function rememberJournal(
  journal: string,
  account: string,
  place: JournalListPlace,
): Promise<string | null> {
  if ((await knownJournals(account, [place])).includes(journal)) return null;
  const path = journalListPath(account, place);
  return mkdir(dirname(path), { recursive: true })
    .then(() => appendFile(path, `${journal}\n`))
    .then(
      () => null,
      (error: unknown) => reasonOf(error),
    );
}

/** A list that exists and could not be read, and why. */
export interface UnreadList {
  path: string;
  reason: string;
}

/**
 * The journals remembered for the account (absolute paths) in every place given, in the order they were
 * first written; with those an earlier version remembered under another spelling of the account's
 * address (a list is named by a hash of the account: api/account-key.ts accountKeySpellings). `unread`:
 * lists that are there but cannot be read (a list that was never made is not one).
 */
export async function readJournalLists(
  account: string,
  places: readonly JournalListPlace[],
): Promise<{ journals: string[]; unread: UnreadList[] }> {
  const lines: string[] = [];
  const unread: UnreadList[] = [];
  for (const place of places)
    for (const spelling of accountKeySpellings(account)) {
      const path = journalListPath(spelling, place);
      const text = await readFile(path, 'utf8').catch((error: unknown) => {
        const code = (error as NodeJS.ErrnoException).code;
        // Never made (or its folder never could be): nothing was remembered there.
        if (code !== 'ENOENT' && code !== 'ENOTDIR') unread.push({ path, reason: reasonOf(error) });
        return '';
      });
      lines.push(...text.split('\n').filter((line) => line.trim() !== ''));
    }
  return { journals: [...new Set(lines)], unread };
}

/** The journals remembered for the account (readJournalLists), in `lists` (a place or several). */
export async function knownJournals(
  account: string,
  lists: JournalListPlace | readonly JournalListPlace[],
): Promise<string[]> {
  const places = Array.isArray(lists) ? (lists as readonly JournalListPlace[]) : [lists as JournalListPlace];
  return (await readJournalLists(account, places)).journals;
}

/** Takes `journals` off the account's list in `place` (every spelling of it); a list that cannot be written keeps them. */
export async function forgetJournals(
  journals: readonly string[],
  account: string,
  place: JournalListPlace,
): Promise<void> {
  if (journals.length === 0) return;
  const forget = new Set(journals);
  for (const spelling of accountKeySpellings(account)) {
    const path = journalListPath(spelling, place);
    const text = await readFile(path, 'utf8').catch(() => null);
    if (text === null) continue;
    const lines = text.split('\n').filter((line) => line.trim() !== '');
    const kept = lines.filter((line) => !forget.has(line));
    if (kept.length === lines.length) continue;
    await writeFileAtomic(path, kept.map((line) => `${line}\n`).join('')).catch(() => undefined);
  }
}

function reasonOf(error: unknown): string {
  return (error as NodeJS.ErrnoException).code ?? (error as Error).message;
}
