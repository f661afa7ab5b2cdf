/**
 * Which journal a send of a file with a mapping uses. The first send's journal is named by the file's
 * content and the mapping (core's bindImport) and by the account it goes to, so that sending them again
 * to that account finishes that send, or says "Nothing left to send", and sending them to another
 * account (a firm's second office) is a send of its own (explore: named by file and mapping only, the
 * second account's send resumed the first's journal, or was refused in the command line's words, and
 * the second account was offered to finish the first's trial). Once that send was undone ("Undo this
 * import"), its journal is never finished (core's undone-import.ts): sending the file again is then
 * refused, and the clerk is offered to send it as a new import, as the CLI's `import` with another
 * --journal does (explore: the app had no way to send a file again after its undo, and told the clerk
 * to use the command line). A new import gets the next journal of the chain
 * (`<name>.again-2.journal.jsonl`, -3, …), found again by every later send of the same file and
 * mapping into the account, so that it is finished, said done, or undone in turn like the first.
 */
import { access } from 'node:fs/promises';
import { join } from 'node:path';
import {
  isOtherAccount,
  journalAccountIdentity,
  readJournalHeader,
  revertOfImport,
  sha256,
} from '../../core/index.ts';

/**
 * `abc-def.journal.jsonl` (core's name, by file and mapping) as the journal of a send to `account` (as
 * journals record it): `abc-def-<account's hash>.journal.jsonl`, the account hashed as a resume tells
 * accounts apart (core's journalAccountIdentity: a real account by host name). So a profile whose port
 * changed (a proxy put in front of the account) still finds, and finishes, the send it began: named by
 * the whole address, its rows without a key would have been created a second time by a fresh journal.
 * Earlier versions named it by file and mapping only: such a journal whose header records this account
 * keeps its name, so that its send is still found, finished or undone; one of another account (or that
 * records none) is not this account's.
 */
async function accountJournalName(
  journalDir: string,
  journalName: string,
  account: string | undefined,
): Promise<string> {
  // A send that names no account (none of the app's: a host that records none) keeps core's name.
  if (account === undefined) return journalName;
  const older = await readJournalHeader(join(journalDir, journalName));
  if (older?.account !== undefined && !isOtherAccount(older.account, account)) return journalName;
  const accountHash = sha256(journalAccountIdentity(account)).slice(0, 16);
  return journalName.replace(/\.journal\.jsonl$/, `-${accountHash}.journal.jsonl`);
}

/** `abc-def.journal.jsonl`, 3 → `abc-def.again-3.journal.jsonl`. */
function againName(journalName: string, attempt: number): string {
  return attempt === 1
    ? journalName
    : journalName.replace(/\.journal\.jsonl$/, `.again-${attempt}.journal.jsonl`);
}

const exists = (path: string) =>
  access(path).then(
    () => true,
    () => false,
  );

/**
 * The journal of the latest send of this chain into `account`: the first that was not undone (or that
 * is not there yet). When every one there was undone, the last of them (opening it refuses the send,
 * naming the undo) unless `newImport`: then the next name, a new import the clerk asked for after that
 * refusal.
 */
export async function sendJournalPath(
  journalDir: string,
  fileJournalName: string,
  account: string | undefined,
  newImport: boolean,
): Promise<string> {
  const journalName = await accountJournalName(journalDir, fileJournalName, account);
  for (let attempt = 1; ; attempt += 1) {
    const path = join(journalDir, againName(journalName, attempt));
    const header = await readJournalHeader(path);
    // Not there, or not read as a journal: opening it starts it, or refuses it in core's words.
    if (!header || !(await revertOfImport(path, header))) return path;
    const next = join(journalDir, againName(journalName, attempt + 1));
    if (!newImport && !(await exists(next))) return path;
  }
}
