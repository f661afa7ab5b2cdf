/**
 * Where this user's imports into an account kept their journals, wherever --journal put them (explore
 * 17: a first import with --journal journals/monday.jsonl, then the fixed file imported with the default
 * journal: nothing looked in journals/, and every row without a claim number was created again). One
 * small file per account (by a hash of its address, never the address itself) in `journal-lists` beside
 * the folder the run locks use (TRACKOPS_RUN_LOCKS moves both), one journal path per line. Read by core's
 * earlierCreates beside the folders it searches; a path whose file is gone is passed over.
 */
import { appendFile, mkdir, readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { earlierCreates, runLocksFolder, sha256, type EarlierCreates } from '../core/index.ts';

function registryPath(account: string, env: NodeJS.ProcessEnv, cwd: string): string {
  // Beside the run locks' folder, not in it: that folder holds only the locks of runs going on.
  const locks = runLocksFolder({ env, platform: process.platform, home: homedir(), cwd });
  return join(dirname(locks), 'journal-lists', `${sha256(account).slice(0, 32)}.txt`);
}

/** Adds `journal` to the account's list; a folder that cannot be written only loses the remembering. */
export async function rememberJournal(
  journal: string,
  account: string,
  env: NodeJS.ProcessEnv,
  cwd: string,
): Promise<void> {
  const path = registryPath(account, env, cwd);
  if ((await knownJournals(account, env, cwd)).includes(journal)) return;
  await mkdir(join(path, '..'), { recursive: true })
    .then(() => appendFile(path, `${journal}\n`))
    .catch(() => undefined);
}

/** The journals remembered for the account (absolute paths), in the order they were first written. */
export async function knownJournals(account: string, env: NodeJS.ProcessEnv, cwd: string): Promise<string[]> {
  const text = await readFile(registryPath(account, env, cwd), 'utf8').catch(() => '');
  return [...new Set(text.split('\n').filter((line) => line.trim() !== ''))];
}

/**
 * What earlier imports into `account` created (core's earlierCreates), from the journals in `folders`
 * and those this user's imports remembered, except the run's own journal: import and validate look in
 * the same places.
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
    paths: await knownJournals(options.account, options.env, options.cwd),
    account: options.account,
    except: options.except,
  });
}
