/**
 * explore63 #3: `revert --results X` replaced X whatever it held. A clerk who kept the habitual name
 * (`--results results.csv`, the import's own results: the list of failed rows to fix and send) or slipped
 * on the tab key (the referral file the import read, its mapping) lost that file without a word. The
 * files the import read and wrote are named by its journal (`file`, and the results beside the journal,
 * `OUT.journal.jsonl` for `--results OUT.csv`): refused by path as the import refuses its own inputs
 * (paths.ts). A file under another name is told by what it holds: only a revert's own results (or an
 * empty file) may be replaced, as re-running a revert, or its dry run first, writes the same file again.
 */
import { open, readFile, stat } from 'node:fs/promises';
import { basename, dirname, extname, resolve } from 'node:path';
import { REVERT_RESULT_COLUMNS } from '../core/batch/revert-results.ts';
import type { JournalHeader } from '../core/batch/journal-types.ts';
import { hashFile } from './earlier-import.ts';
import type { ReadFile } from './paths.ts';

/** `results.journal.jsonl` → `results`: the name the import's outputs were given. */
export function importStem(journalPath: string): string {
  return journalPath.replace(/(\.journal)?(\.jsonl)?$/i, '');
}

/**
 * The files of the import a journal records that a revert must never write over: the file it read
 * (its name as the import was given it, from the journal's folder or this one) and the results beside
 * the journal. Files that do not exist are left out: nothing to lose there.
 */
export async function importFilesOf(
  journalPath: string,
  header: Pick<JournalHeader, 'file'>,
  cwd: string,
): Promise<ReadFile[]> {
  const candidates: ReadFile[] = [
    ...[dirname(journalPath), cwd].map((folder) => ({
      path: resolve(folder, header.file),
      role: `the file the import being reverted read (${header.file})`,
      shown: header.file,
    })),
    ...(/\.journal\.jsonl$/i.test(journalPath)
      ? ['.csv', '.json', '.xlsx'].map((extension) => ({
          path: `${importStem(journalPath)}${extension}`,
          role: 'the results file of the import being reverted',
          shown: basename(`${importStem(journalPath)}${extension}`),
        }))
      : []),
  ];
  const there = await Promise.all(
    candidates.map((one) =>
      stat(one.path).then(
        (info) => info.isFile(),
        () => false,
      ),
    ),
  );
  return candidates.filter((_, index) => there[index]);
}

/**
 * What the file at `path` holds when it is not a revert's results, in words that finish "--results 'x'
 * is …"; null when it may be replaced (missing, empty, or a revert's results).
 */
export async function notRevertResults(
  path: string,
  header: Pick<JournalHeader, 'file' | 'fileHash'>,
): Promise<string | null> {
  const info = await stat(path).catch(() => null);
  if (!info?.isFile() || info.size === 0) return null;
  if ((await hashFile(path)) === header.fileHash)
    return `the file the import being reverted read (${header.file}), under another name`;
  if (extname(path).toLowerCase() === '.json') return jsonKind(await readFile(path, 'utf8'));
  const first = (await firstLine(path)).replace(/^\uFEFF/, '');
  const columns = first.split(',').map((cell) => cell.trim().replace(/^"|"$/g, '').toLowerCase());
  if (columns[0] === REVERT_RESULT_COLUMNS[0] && columns[1] === REVERT_RESULT_COLUMNS[1]) return null;
  if (columns.includes('_status')) return "an import's results file (its _status column)";
  return "a file that is not a revert's results (it holds other data: a referral file?)";
}

function jsonKind(text: string): string | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch {
    return "a file that is not a revert's results (it does not read as JSON)";
  }
  const object =
    parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : {};
  // A revert's results (core revert-results.ts): the journal undone, the summary and a line per request.
  if (typeof object.journal === 'string' && 'summary' in object && Array.isArray(object.rows)) return null;
  if (Array.isArray(object.columns)) return 'a mapping (its "columns" say what each column goes to)';
  if (Array.isArray(object.rows)) return "an import's results file";
  return "a file that is not a revert's results (it holds other data)";
}

/** The first line of a file (up to 64 KiB): a CSV's header row. */
async function firstLine(path: string): Promise<string> {
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(65536);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    return buffer.subarray(0, bytesRead).toString('utf8').split(/\r?\n/)[0] ?? '';
  } finally {
    await handle.close();
  }
}
