/**
 * What the import says when the account's list of journals (journal-registry.ts) could not be kept
 * where every import of this user keeps it, or cannot be read (explore 59 item 1: a scheduled import
 * under a service account whose home cannot be written said only that its lock moved, and the same
 * file imported again with its results in another folder created every row without a claim number a
 * second time). Said on stderr before anything is sent, under --json too: a cron mail shows it.
 */
import { RUN_LOCKS_ENV } from '../core/batch/run-lock-folder.ts';
import type { UnreadList } from '../core/batch/journal-registry.ts';
import type { Remembered } from './journal-registry.ts';

/** The variable that moves the user's data folder on this platform (core's userDataFolder). */
function dataFolderVariable(platform: string): string {
  if (platform === 'win32') return 'APPDATA';
  if (platform === 'darwin') return 'HOME';
  return 'XDG_DATA_HOME';
}

function whatToSet(platform: string): string {
  return `set ${RUN_LOCKS_ENV} (or ${dataFolderVariable(platform)}, which moves the tool's data folder) to a folder this account can write`;
}

/** The line for where this import was remembered; null when it went where it always goes. */
export function rememberedLine(remembered: Remembered, file: string, platform: string): string | null {
  if (remembered.kept === 'lists') return null;
  if (remembered.kept === 'beside')
    return (
      `note: the list of this account's journals cannot be kept in ${remembered.folder} (${remembered.why}), so this import is remembered in ${remembered.list} beside ${file} instead: ` +
      `a later import of ${file} from that folder knows what this one created whatever folder its results go to; a copy of the file imported from another folder would not. ` +
      `To keep it with this user's other imports, ${whatToSet(platform)}`
    );
  return (
    `warning: this import cannot be remembered: the list of this account's journals cannot be written in ${remembered.folder} (${remembered.why}) nor beside ${file} (${remembered.list}: ${remembered.besideWhy}). ` +
    `An import of ${file} run again with its results or journal in another folder would not know what this one creates, and would create its rows without a claim number a second time; ` +
    `and an earlier import of it is known here only if its journal is beside the file, beside the results or in the working folder. ` +
    `Before the next import, ${whatToSet(platform)}, or keep every import of this file's results in one folder`
  );
}

/** The line for a list that is there but cannot be read: the imports it names are not known. */
export function unreadListLine(list: UnreadList): string {
  return (
    `warning: the list of journals kept by earlier imports into this account, ${list.path}, cannot be read (${list.reason}): ` +
    `what those imports created is not known, so rows of this file they created without a claim number would be created again. ` +
    `Stop now (Ctrl-C) and make the list readable by this account, unless this file was never imported before`
  );
}
