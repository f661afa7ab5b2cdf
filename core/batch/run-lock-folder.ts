/**
 * Where the locks of running imports live (run-lock.ts), decided once for every host: the CLI and the
 * desktop app must look in the same folder, or a CLI import and an app send of the same file into one
 * account would each take "the" lock and both send every row.
 *
 * The tool's folder in the user's data folder:
 *
 *   Linux    $XDG_DATA_HOME/trackops-bulk/ (default ~/.local/share/trackops-bulk/)
 *   macOS    ~/Library/Application Support/trackops-bulk/
 *   Windows  %APPDATA%\trackops-bulk\
 *
 * and in it `run-locks/`; TRACKOPS_RUN_LOCKS chooses another folder. Pure: the host passes its
 * environment, platform, home and working folder (core reads no process state).
 */
import { join, resolve } from 'node:path';

export const RUN_LOCKS_ENV = 'TRACKOPS_RUN_LOCKS';

/** What a host knows of where it runs. */
export interface HostPlace {
  env: Readonly<Record<string, string | undefined>>;
  /** `process.platform`: 'win32', 'darwin', 'linux', … */
  platform: string;
  home: string;
}

/** The tool's folder in the user's data folder (see the top of this file); other state is kept there too. */
export function userDataFolder({ env, platform, home }: HostPlace): string {
  if (platform === 'win32') return join(env.APPDATA ?? join(home, 'AppData', 'Roaming'), 'trackops-bulk');
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', 'trackops-bulk');
  return join(env.XDG_DATA_HOME || join(home, '.local', 'share'), 'trackops-bulk');
}

/** The folder of the import locks: TRACKOPS_RUN_LOCKS (relative to `cwd`), else `run-locks` in the data folder. */
export function runLocksFolder(place: HostPlace & { cwd: string }): string {
  const chosen = place.env[RUN_LOCKS_ENV];
  return chosen ? resolve(place.cwd, chosen) : join(userDataFolder(place), 'run-locks');
}
