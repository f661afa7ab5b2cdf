/**
 * Where `export --since-last` keeps the time of each such export (core/export/since-last.ts has the
 * format and the rules). One small versioned JSON file, kept with the connection:
 *
 *   --profile FILE given   beside it: acme.json → acme.export-history.json (the profile is the
 *                          connection's own file, so its history travels with it)
 *   else                   TRACKOPS_EXPORT_HISTORY when set, else export-history.json in the user's data
 *                          folder, the same folder as the --sandbox account (cli/sandbox-data.ts)
 *
 * One file holds every connection, preset and filter set: entries are keyed by them.
 */
import { mkdir, readFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { emptyExportHistory, parseExportHistory, type ExportHistory } from '../core/export/since-last.ts';
import { writeFileAtomic } from '../core/files/atomic-write.ts';
import { userDataFolder } from './sandbox-data.ts';
import { UsageError } from './usage-error.ts';

export const EXPORT_HISTORY_ENV = 'TRACKOPS_EXPORT_HISTORY';
const FILE_NAME = 'export-history.json';

export function exportHistoryPath(profile: string | undefined, cwd: string, env: NodeJS.ProcessEnv): string {
  if (profile) {
    const path = resolve(cwd, profile);
    return join(dirname(path), `${basename(path).replace(/\.json$/i, '')}.${FILE_NAME}`);
  }
  const chosen = env[EXPORT_HISTORY_ENV];
  if (chosen) return resolve(cwd, chosen);
  return join(userDataFolder(env), FILE_NAME);
}

/** The history in `path`; none yet is an empty one. A damaged file is refused (exit 2) naming it. */
export async function readExportHistory(path: string): Promise<ExportHistory> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    // ENOTDIR: a part of the path is a file (HOME set to a file, as for some service accounts), so no
    // history can be there: none yet, as for a folder that does not exist; keeping it is said after.
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return emptyExportHistory();
    throw new UsageError(
      `export: cannot read ${path} (${(error as NodeJS.ErrnoException).code ?? error}), where --since-last keeps the time of each export`,
    );
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new UsageError(
      `export: ${path} (where --since-last keeps the time of each export) is not JSON; rename or delete it: the next --since-last export then exports everything again`,
    );
  }
  return parseExportHistory(raw, path);
}

export async function saveExportHistory(path: string, history: ExportHistory): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await writeFileAtomic(path, JSON.stringify(history, null, 2) + '\n');
}
