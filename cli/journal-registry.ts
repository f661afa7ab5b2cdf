/**
 * The CLI's side of core's journal lists (core/batch/journal-registry.ts): the lists beside the run
 * locks' folder this process uses (TRACKOPS_RUN_LOCKS moves both), shared with the desktop app.
 */
import { homedir } from 'node:os';
import {
  earlierCreates,
  journalPaths,
  runningImportsOf,
  journalListsFolder,
  knownJournals,
  rememberJournal as remember,
  runLocksFolder,
  type EarlierCreates,
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
}): Promise<EarlierCreates> {
  return earlierCreates({
    folders: [...new Set(options.folders)],
    paths: await knownJournals(options.account, listsFolder(options.env, options.cwd)),
    account: options.account,
    except: options.except,
  });
}

/**
 * The imports of these rows (by content) into `account` running now (core's runningImportsOf), from
 * the same journals createdByEarlierImports reads, listed again at each call: a run that began since
 * is seen too.
 */
export async function importsRunningNow(options: {
  account: string;
  folders: string[];
  except: string | null;
  env: NodeJS.ProcessEnv;
  cwd: string;
  contents: ReadonlySet<string>;
}): Promise<RunningImport[]> {
  const known = await knownJournals(options.account, listsFolder(options.env, options.cwd));
  return runningImportsOf({
    journals: await journalPaths([...new Set(options.folders)], known, options.except),
    account: options.account,
    contents: options.contents,
    owner: thisProcess(),
  });
}
