/**
 * Every file path a user gives is checked before any work starts (issue 17: `--results` in a missing
 * folder or `--journal /etc` ended in a stack trace after the file was read and the account asked):
 * the folder exists and is writable, and the path is not a folder where a file is wanted. One line,
 * exit 2 (UsageError), naming the command, the flag and the path.
 */
import { constants } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { UsageError } from './usage-error.ts';

/** A file the command will write (it may exist already: it is replaced). */
export async function checkOutputFile(command: string, flag: string, path: string): Promise<void> {
  const info = await stat(path).catch(() => null);
  if (info?.isDirectory()) {
    throw new UsageError(`${command}: ${flag} '${path}' is a folder; give a file name inside it`);
  }
  const folder = dirname(path);
  const folderInfo = await stat(folder).catch(() => null);
  if (!folderInfo) throw new UsageError(`${command}: ${flag} '${path}': the folder ${folder} does not exist`);
  if (!folderInfo.isDirectory())
    throw new UsageError(`${command}: ${flag} '${path}': ${folder} is a file, not a folder`);
  if (!(await allowed(folder, constants.W_OK | constants.X_OK)))
    throw new UsageError(
      `${command}: ${flag} '${path}': the folder ${folder} is not writable; choose another place`,
    );
  if (info && !(await allowed(path, constants.W_OK)))
    throw new UsageError(`${command}: ${flag} '${path}' exists and cannot be overwritten (read-only)`);
}

/** A file the command will read. */
export async function checkInputFile(command: string, flag: string, path: string): Promise<void> {
  const info = await stat(path).catch(() => null);
  const what = flag ? `${flag} '${path}'` : `'${path}'`;
  if (!info) {
    const folder = dirname(path);
    const folderThere = await stat(folder).then(
      (s) => s.isDirectory(),
      () => false,
    );
    throw new UsageError(
      `${command}: ${what} does not exist${folderThere ? '' : ` (nor does the folder ${folder})`}`,
    );
  }
  if (info.isDirectory()) throw new UsageError(`${command}: ${what} is a folder; give a file`);
  if (!(await allowed(path, constants.R_OK)))
    throw new UsageError(`${command}: ${what} cannot be read (permission denied)`);
}

async function allowed(path: string, mode: number): Promise<boolean> {
  return access(path, mode).then(
    () => true,
    () => false,
  );
}
