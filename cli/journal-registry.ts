/**
 * The CLI's side of core's journal lists (core/batch/journal-registry.ts): the lists beside the run
 * locks' folder this process uses (TRACKOPS_RUN_LOCKS moves both), shared with the desktop app. Where
 * that folder cannot be made (a service account whose home cannot be written: explore 59 item 1), the
 * list is kept beside the input file, where the run lock goes then (run-lock.ts); both are always read,
 * so a later import of the file finds the journal whichever place took it.
 */
import { dirname, join } from 'node:path';
import { earlierCreates, type EarlierCreates } from '../core/batch/earlier-creates.ts';
import {
  journalPaths,
  runningImportsOf,
  startingImportOf,
  type RunningImport,
} from '../core/batch/running-imports.ts';
import {
  journalListPath,
  journalListsFolder,
  readJournalLists,
  rememberJournal as remember,
  forgetJournals as forget,
  type JournalListPlace,
  type UnreadList,
} from '../core/batch/journal-registry.ts';
import { runLockName, type RunKey } from '../core/batch/run-lock.ts';
import { thisProcess } from './journal-owner.ts';
import { cliRunLocksFolder } from './run-lock.ts';

function listsFolder(env: NodeJS.ProcessEnv, cwd: string): string {
  return journalListsFolder(cliRunLocksFolder(env, cwd));
}

/** Every place an import of `file` reads the account's journals from: the lists' folder, then beside the file. */
function listPlaces(env: NodeJS.ProcessEnv, cwd: string, file: string): JournalListPlace[] {
  return [listsFolder(env, cwd), { besideFile: file }];
}

/** Where rememberJournal kept the journal: `beside` the file when the lists' folder refused it. */
export type Remembered =
  | { kept: 'lists' }
  | { kept: 'beside'; folder: string; why: string; list: string }
  | { kept: null; folder: string; why: string; list: string; besideWhy: string };

/**
 * Adds `journal` to the account's list in the lists' folder, or, when that cannot be written, in the
 * list beside `file` (the input file); says which, and why the other refused, for the import to say.
 */
export async function rememberJournal(
  journal: string,
  account: string,
  env: NodeJS.ProcessEnv,
  cwd: string,
  file: string,
): Promise<Remembered> {
  const folder = listsFolder(env, cwd);
  const why = await remember(journal, account, folder);
  if (why === null) return { kept: 'lists' };
  const beside: JournalListPlace = { besideFile: file };
  const list = journalListPath(account, beside);
  const besideWhy = await remember(journal, account, beside);
  return besideWhy === null
    ? { kept: 'beside', folder, why, list }
    : { kept: null, folder, why, list, besideWhy };
}

/** Takes journals that are gone off the account's lists (both places), once said (core's forgetJournals). */
export async function forgetJournals(
  journals: readonly string[],
  account: string,
  env: NodeJS.ProcessEnv,
  cwd: string,
  file: string,
): Promise<void> {
  for (const place of listPlaces(env, cwd, file)) await forget(journals, account, place);
}

/** The account's lists that are there and cannot be read: what earlier imports they name is not known. */
export async function unreadJournalLists(
  account: string,
  env: NodeJS.ProcessEnv,
  cwd: string,
  file: string,
): Promise<UnreadList[]> {
  return (await readJournalLists(account, listPlaces(env, cwd, file))).unread;
}

/**
 * What earlier imports into `account` created (core's earlierCreates), from the journals in `folders`
 * and those remembered for the account (this user's CLI imports and the app's sends), except the run's
 * own journal: import and validate look in the same places.
 */
export async function createdByEarlierImports(options: {
  account: string;
  folders: string[];
  except: string | null;
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** The file being checked. */
  file: string;
  /** Its bytes' hash (the journal binding's), when known. */
  fileHash?: string;
}): Promise<EarlierCreates> {
  return earlierCreates({
    folders: [...new Set(options.folders)],
    paths: (await readJournalLists(options.account, listPlaces(options.env, options.cwd, options.file)))
      .journals,
    account: options.account,
    except: options.except,
    file: options.file,
    ...(options.fileHash === undefined ? {} : { fileHash: options.fileHash }),
  });
}

/**
 * The imports of these rows (by content) into `account` running now (core's runningImportsOf), from
 * the same journals createdByEarlierImports reads, listed again at each call: a run that began since
 * is seen too. With `runLock` (validate), an import of this very file that holds its run lock is one
 * too, though it is still starting and its journal holds no create yet (core's startingImportOf): in
 * the folder every import of this user keeps them, or beside the file when that cannot be made
 * (run-lock.ts lockImportRun).
 */
export async function importsRunningNow(options: {
  account: string;
  folders: string[];
  except: string | null;
  env: NodeJS.ProcessEnv;
  cwd: string;
  contents: ReadonlySet<string>;
  /** The file being checked (its list beside it is read too). */
  inputPath: string;
  runLock?: { key: RunKey; inputPath: string; file: string };
}): Promise<RunningImport[]> {
  const places = listPlaces(options.env, options.cwd, options.inputPath);
  const known = (await readJournalLists(options.account, places)).journals;
  const running = await runningImportsOf({
    journals: await journalPaths([...new Set(options.folders)], known, options.except),
    account: options.account,
    contents: options.contents,
    owner: thisProcess(),
  });
  if (!options.runLock) return running;
  const { key, inputPath, file } = options.runLock;
  const folders = [cliRunLocksFolder(options.env, options.cwd), dirname(inputPath)];
  const starting = await startingImportOf({
    locks: folders.map((folder) => join(folder, runLockName(key))),
    known: running,
    owner: thisProcess(),
    file,
  });
  return starting ? [...running, starting] : running;
}
