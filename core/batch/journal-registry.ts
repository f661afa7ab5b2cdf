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
 * at every later import.
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

function listPath(account: string, listsDir: string): string {
  return join(listsDir, `${sha256(account).slice(0, 32)}.txt`);
}

/** Adds `journal` (an absolute path) to the account's list; a folder that cannot be written only loses the remembering. */
export async function rememberJournal(journal: string, account: string, listsDir: string): Promise<void> {
  if ((await knownJournals(account, listsDir)).includes(journal)) return;
  await mkdir(listsDir, { recursive: true })
    .then(() => appendFile(listPath(account, listsDir), `${journal}\n`))
    .catch(() => undefined);
}

/**
 * The journals remembered for the account (absolute paths), in the order they were first written; with
 * those an earlier version remembered under another spelling of the account's address (a list is named
 * by a hash of the account: api/account-key.ts accountKeySpellings).
 */
export async function knownJournals(account: string, listsDir: string): Promise<string[]> {
  const lines: string[] = [];
  for (const spelling of accountKeySpellings(account)) {
    const text = await readFile(listPath(spelling, listsDir), 'utf8').catch(() => '');
    lines.push(...text.split('\n').filter((line) => line.trim() !== ''));
  }
  return [...new Set(lines)];
}

/** Takes `journals` off the account's list (every spelling of it); a list that cannot be written keeps them. */
export async function forgetJournals(
  journals: readonly string[],
  account: string,
  listsDir: string,
): Promise<void> {
  if (journals.length === 0) return;
  const forget = new Set(journals);
  for (const spelling of accountKeySpellings(account)) {
    const path = listPath(spelling, listsDir);
    const text = await readFile(path, 'utf8').catch(() => null);
    if (text === null) continue;
    const lines = text.split('\n').filter((line) => line.trim() !== '');
    const kept = lines.filter((line) => !forget.has(line));
    if (kept.length === lines.length) continue;
    await writeFileAtomic(path, kept.map((line) => `${line}\n`).join('')).catch(() => undefined);
  }
}
