/**
 * Where `--sandbox` keeps its practice account between commands (issue 16 point 12): `import --sandbox`
 * then `export --sandbox` must find what was imported. The account is a sandbox `--data` file in the
 * user's data folder, created from the demo account on first use:
 *
 *   Linux    $XDG_DATA_HOME/trackops-bulk/sandbox-account.json (default ~/.local/share/…)
 *   macOS    ~/Library/Application Support/trackops-bulk/sandbox-account.json
 *   Windows  %APPDATA%\trackops-bulk\sandbox-account.json
 *
 * `--sandbox-data FILE` or TRACKOPS_SANDBOX_DATA chooses another file (tests always do: they never
 * write to the real home folder). `trackops-bulk sandbox --reset` deletes it, so the next `--sandbox`
 * starts from the demo account again. The desktop app keeps its own sandbox in its user-data folder.
 */
import { mkdir, rm, stat } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { userDataFolder as coreUserDataFolder } from '../core/batch/run-lock-folder.ts';
import { UsageError } from './usage-error.ts';

export const SANDBOX_DATA_ENV = 'TRACKOPS_SANDBOX_DATA';
const FILE_NAME = 'sandbox-account.json';

/** The account file `--sandbox` uses: the flag, else the environment variable, else the user's data folder. */
export function sandboxDataPath(
  flag: string | undefined,
  env: NodeJS.ProcessEnv,
  platform: NodeJS.Platform = process.platform,
  home: string = homedir(),
): string {
  const chosen = flag ?? env[SANDBOX_DATA_ENV];
  if (chosen) return resolve(chosen);
  return join(userDataFolder(env, platform, home), FILE_NAME);
}

/** The tool's folder in the user's data folder (core's, shared with the desktop app's send locks). */
export function userDataFolder(
  env: NodeJS.ProcessEnv,
  platform: NodeJS.Platform = process.platform,
  home: string = homedir(),
): string {
  return coreUserDataFolder({ env, platform, home });
}

/** Makes the folder for the account file; answers whether the file is new (first use: say where it lives). */
export async function prepareSandboxData(path: string): Promise<{ firstUse: boolean }> {
  await mkdir(dirname(path), { recursive: true });
  const exists = await stat(path).then(
    () => true,
    () => false,
  );
  return { firstUse: !exists };
}

/**
 * What to do when the `--sandbox` account file is not an account, naming the way it was chosen
 * (the flag, the environment variable, or the default place).
 */
export function sandboxDataRemedy(flag: string | undefined, env: NodeJS.ProcessEnv): string {
  return flag === undefined && env[SANDBOX_DATA_ENV]
    ? `fix it, or set ${SANDBOX_DATA_ENV} to a new file`
    : 'fix it, or give --sandbox-data a new file';
}

/**
 * Deletes the account file; answers whether there was one. Only a file that reads as a sandbox account is
 * deleted: a flag or variable pointing at a referral sheet or a mapping must not cost the user that file.
 */
export async function resetSandboxData(path: string, command = 'sandbox --reset'): Promise<boolean> {
  const { readAccountFile, changeLogPath, AccountFileError } = await import('../sandbox/index.ts');
  const kept = 'it is not a sandbox account, so it was not deleted';
  let account;
  try {
    account = await readAccountFile(path, kept);
  } catch (error) {
    if (!(error instanceof AccountFileError)) throw error;
    const reason = error.message.split('\n')[0]!.replace(/:$/, '');
    throw new UsageError(
      `${command}: ${reason.endsWith(kept) ? reason : `${reason}; ${kept}`}. ` +
        'Name the sandbox account file, or a file not there yet (a damaged account you may delete yourself)',
    );
  }
  // The change log a killed sandbox left goes too: replayed onto a fresh account it would bring the old
  // requests back.
  await rm(changeLogPath(path), { force: true });
  if (account === null) return false;
  await rm(path, { force: true });
  return true;
}

export function firstUseNote(path: string): string {
  return (
    `The built-in sandbox keeps its practice account in ${path} between commands ` +
    `(start afresh with: trackops-bulk sandbox --reset).`
  );
}
