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

/** The tool's folder in the user's data folder (see the top of this file); other state kept there too. */
export function userDataFolder(
  env: NodeJS.ProcessEnv,
  platform: NodeJS.Platform = process.platform,
  home: string = homedir(),
): string {
  if (platform === 'win32') return join(env.APPDATA ?? join(home, 'AppData', 'Roaming'), 'trackops-bulk');
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', 'trackops-bulk');
  return join(env.XDG_DATA_HOME || join(home, '.local', 'share'), 'trackops-bulk');
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

/** Deletes the account file; answers whether there was one. */
export async function resetSandboxData(path: string): Promise<boolean> {
  const existed = await stat(path).then(
    () => true,
    () => false,
  );
  await rm(path, { force: true });
  return existed;
}

export function firstUseNote(path: string): string {
  return (
    `The built-in sandbox keeps its practice account in ${path} between commands ` +
    `(start afresh with: trackops-bulk sandbox --reset).`
  );
}
