/**
 * The CLI's side of core's journal lists (core/batch/journal-registry.ts): the lists beside the run
 * locks' folder this process uses (TRACKOPS_RUN_LOCKS moves both), shared with the desktop app.
 */
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import {
  earlierCreates,
  journalPaths,
  runningImportsOf,
  journalListsFolder,
  knownJournals,
  rememberJournal as remember,
  forgetJournals as forget,
  runLockName,
  runLocksFolder,
  startingImportOf,
  type EarlierCreates,
  type RunKey,
  type RunningImport,
} from '../core/index.ts';
import { thisProcess } from './journal-owner.ts';

function listsFolder(env: NodeJS.ProcessEnv, cwd: string): string {
  return journalListsFolder(runLocksFolder({ env, platform: process.platform, home: homedir(), cwd }));
}

/** Adds `journal` to the account's list; a folder that cannot be written only loses the remembering. */
export async function rememberJournal(
  journal: string,
  account: string,
  env: NodeJS.ProcessEnv,
  cwd: string,
): Promise<void> {
  await remember(journal, account, listsFolder(env, cwd));
}

/** Takes journals that are gone off the account's list, once said (core's forgetJournals). */
export async function forgetJournals(
  journals: readonly string[],
  account: string,
  env: NodeJS.ProcessEnv,
  cwd: string,
): Promise<void> {
  await forget(journals, account, listsFolder(env, cwd));
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
    paths: await knownJournals(options.account, listsFolder(options.env, options.cwd)),
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
  runLock?: { key: RunKey; inputPath: string; file: string };
}): Promise<RunningImport[]> {
  const known = await knownJournals(options.account, listsFolder(options.env, options.cwd));
  const running = await runningImportsOf({
    journals: await journalPaths([...new Set(options.folders)], known, options.except),
    account: options.account,
    contents: options.contents,
    owner: thisProcess(),
  });
  if (!options.runLock) return running;
  const { key, inputPath, file } = options.runLock;
  const folders = [
    runLocksFolder({ env: options.env, platform: process.platform, home: homedir(), cwd: options.cwd }),
    dirname(inputPath),
  ];
  const starting = await startingImportOf({
    locks: folders.map((folder) => join(folder, runLockName(key))),
    known: running,
    owner: thisProcess(),
    file,
  });
  return starting ? [...running, starting] : running;
}
