/**
 * `--resume` never starts over silently (issue 16; CONTRACTS: "`--resume` when there is no journal to
 * resume is refused (exit 2) with the command that would resume the run it probably meant"), and every
 * message that asks for a resume names the exact command.
 *
 * The journal's default place is beside --results, else beside the file (CONTRACTS section 1), so a
 * resume given another --results than the first run looks elsewhere: the journal of a run is found by
 * what it is bound to (the file's content hash, the mapping, the mode) among the `.jsonl` files of every
 * folder one could have been written to for this file: the file's, the results', the working folder.
 */
import { readdir, stat } from 'node:fs/promises';
import { basename, dirname, extname, join, relative, resolve } from 'node:path';
import { createdInResults } from '../core/report/results-created.ts';
import { readJournalHeader } from '../core/batch/journal-read.ts';
import { unfinishedResultsPath } from '../core/report/results-writer.ts';
import type { JournalBinding } from '../core/batch/journal-types.ts';
import type { ConnectionFlags } from './connection.ts';
import type { SentRowsNow } from './sent-rows-now.ts';
import { UsageError } from './usage-error.ts';

/**
 * The command line of this import as the user typed it, minus what a resume must not repeat: every
 * option that changes what is read, checked or sent, or how safely (explore 26 item 3: a resume printed
 * without --reference-path refused every row left, and without --recheck-after or --timeout it looked
 * for a lost create too soon on an account that lags, the duplicate those settings were given to
 * prevent). Left out: --limit (a resume sends the rest, as its help says), --json (output only), and
 * the token (said as YOUR_TOKEN).
 */
export interface ImportCommandLine {
  file: string;
  mapping?: string | undefined;
  mode?: string | undefined;
  results?: string | undefined;
  sheet?: string | undefined;
  encoding?: string | undefined;
  delimiter?: string | undefined;
  force?: boolean | undefined;
  recheckAfter?: string | undefined;
  rate?: string | undefined;
  concurrency?: string | undefined;
  connection: ConnectionFlags;
}

/** The journal's default place: beside the results file, else beside the file (CONTRACTS section 1). */
export function defaultJournalPath(beside: string): string {
  return join(dirname(beside), `${basename(beside, extname(beside))}.journal.jsonl`);
}

/** `trackops-bulk import … --resume [--journal J]`, quoted for a POSIX shell; never the token itself. */
export function resumeCommand(line: ImportCommandLine, journal: string | null, cwd: string): string {
  const args = ['trackops-bulk', 'import', line.file];
  const add = (flag: string, value: string | undefined) => {
    if (value !== undefined) args.push(flag, value);
  };
  add('--mapping', line.mapping);
  add('--mode', line.mode);
  add('--sheet', line.sheet);
  // The journal is bound to the mapping as read with these: without them the resume reads another file.
  add('--encoding', line.encoding);
  add('--delimiter', line.delimiter);
  add('--results', line.results);
  add('--rate', line.rate);
  add('--concurrency', line.concurrency);
  if (line.force) args.push('--force');
  add('--recheck-after', line.recheckAfter);
  args.push('--resume');
  if (journal !== null) add('--journal', shortPath(journal, cwd));
  return withConnection(args, line.connection);
}

/**
 * How the run read its file, for reading a results file of it back (sendRestCommand): the sheet the
 * rows came from (null for delimited text), and whether the mapping (or --encoding/--delimiter) sets the
 * text's encoding or delimiter.
 */
export interface RunRead {
  sheet: string | null;
  textSettings: boolean;
}

/**
 * The import of an earlier run's results file, kept aside (explore 59 item 2): the rows that run never
 * sent, when its file has changed since and its --resume is refused. The results file holds every row
 * of that file with its `_status`: an import of it skips the rows written (earlier-results.ts) and sends
 * the rest. Not this run's --results (that would overwrite them).
 *
 * The options that shape the read are those that read the results file as this tool wrote it, which is
 * not always the run's (explore 59): an .xlsx results file holds the rows under the sheet's name (a
 * delimited file's under "Rows"), so `--sheet` names it, or the mapping's "source" sheet would be looked
 * for; a .csv results file is always UTF-8 with commas, so the run's encoding and delimiter would
 * misread it: when the run set them (by flag or in the mapping), the command sets them back.
 */
export function sendRestCommand(
  line: ImportCommandLine,
  keptResults: string,
  cwd: string,
  read: RunRead,
): string {
  const args = ['trackops-bulk', 'import', shortPath(keptResults, cwd)];
  const add = (flag: string, value: string | undefined) => {
    if (value !== undefined) args.push(flag, value);
  };
  add('--mapping', line.mapping);
  add('--mode', line.mode);
  const kind = extname(keptResults).toLowerCase();
  if (kind === '.xlsx') add('--sheet', read.sheet ?? 'Rows');
  if (kind === '.csv' && read.textSettings) args.push('--encoding', 'utf-8', '--delimiter', ',');
  add('--rate', line.rate);
  add('--concurrency', line.concurrency);
  return withConnection(args, line.connection);
}

/**
 * The revert as it was started (explore 30 item 5: its resume command was printed without --profile,
 * the URL, --timeout…, so it went to the default account or waited as a fresh run would): every option
 * that says where it writes and how, `--resume` when it finishes a stopped one. Left out: --dry-run (a
 * preview is not stopped), --json (output only), and the token (said as YOUR_TOKEN).
 */
export interface RevertCommandLine {
  journal: string;
  revertJournal?: string | undefined;
  results?: string | undefined;
  rate?: string | undefined;
  concurrency?: string | undefined;
  connection: ConnectionFlags;
}

/** `trackops-bulk revert --journal J … [--resume]`, quoted for a POSIX shell; never the token itself. */
export function revertCommand(line: RevertCommandLine, resume: boolean): string {
  const args = ['trackops-bulk', 'revert', '--journal', line.journal];
  const add = (flag: string, value: string | undefined) => {
    if (value !== undefined) args.push(flag, value);
  };
  add('--revert-journal', line.revertJournal);
  add('--results', line.results);
  add('--rate', line.rate);
  add('--concurrency', line.concurrency);
  if (resume) args.push('--resume');
  return withConnection(args, line.connection);
}

/** The command's words with the connection it used (never the token: YOUR_TOKEN stands for it). */
function withConnection(args: string[], connection: ConnectionFlags): string {
  const add = (flag: string, value: string | undefined) => {
    if (value !== undefined) args.push(flag, value);
  };
  if (connection.sandbox) args.push('--sandbox');
  // The practice account the run went into (explore 17: a resume without it went into the default one).
  if (connection.sandbox) add('--sandbox-data', connection['sandbox-data']);
  add('--url', connection.url);
  add('--user', connection.user);
  // Where the account serves its lists, and how long it takes to answer: the rows left are checked
  // and sent as the first ones were.
  add('--profile', connection.profile);
  for (const path of connection['reference-path'] ?? []) add('--reference-path', path);
  add('--timeout', connection.timeout);
  if (connection['require-client-address']) args.push('--require-client-address');
  if (connection['require-client-phone']) args.push('--require-client-phone');
  const text = args.map(quote).join(' ');
  return connection.token ? `${text} --token YOUR_TOKEN` : text;
}

/** The same command without --resume: what starts the run afresh. */
export function startCommand(line: ImportCommandLine, cwd: string): string {
  return resumeCommand(line, null, cwd).replace(' --resume', '');
}

/**
 * The journal a `--resume` continues: `journalPath` when it holds a run; else, when no --journal was
 * given, the one journal elsewhere bound to this file, mapping and mode. Anything else is refused
 * (exit 2) with the command to run. A journal of this very run whose file was only saved again
 * (its bytes changed, the mapping and mode the same) is refused saying so, whether the rows the run
 * sent are still in the file (`sameRows`), and the safe way on, in that order (explore 26 item 4).
 */
export async function journalToResume(options: {
  journalPath: string;
  explicit: boolean;
  binding: JournalBinding;
  file: string;
  results: string | null;
  cwd: string;
  line: ImportCommandLine;
  /** Whether the rows the journal's run sent are in the file now, by content (cli/sent-rows-now.ts). */
  sameRows: (journal: string) => Promise<SentRowsNow>;
}): Promise<{ path: string; notice: string | null }> {
  const { journalPath, binding, line, cwd } = options;
  const there = await readJournalHeader(journalPath);
  const differs = there ? bindingDifferences(there, binding) : [];
  // The same file saved again: its name and everything but its bytes the same (a file of another name
  // is another file, said by the journal's own check).
  const onlyTheBytes =
    there !== null && there.file === binding.file && differs.length === 1 && differs[0] === 'file';
  if (options.explicit) {
    // Given by name: resumed, so that the journal's own check says what else is wrong with it (another
    // mapping, account or kind; unreadable), except a file that was only saved again, said here.
    if (onlyTheBytes) throw new UsageError(await changedFileWords(options, there));
    if (await holdsRun(journalPath)) return { path: journalPath, notice: null };
  } else if (there && differs.length === 0) return { path: journalPath, notice: null };
  // Unreadable (no header): resumed as it is, so that the resume says what is wrong with it.
  else if (!there && (await holdsRun(journalPath))) return { path: journalPath, notice: null };
  // At the default place, another run's journal is not this run's (an import without --resume kept
  // this run's aside when it started over there): the folders are searched as when there is none.
  const places = new Set([
    dirname(options.file),
    cwd,
    ...(options.results ? [dirname(options.results)] : []),
  ]);
  const found = await findJournals([...places], binding);
  const same = found.filter((candidate) => candidate.same && candidate.path !== journalPath);
  if (!options.explicit && same.length === 1) {
    const path = same[0]!.path;
    return { path, notice: `resuming the journal of this file and mapping found at ${path}` };
  }
  if (onlyTheBytes && same.length === 0) throw new UsageError(await changedFileWords(options, there));
  const where = options.explicit ? `--journal ${journalPath}` : `the default place, ${journalPath}`;
  // Explore 17: the journal there may be this file's before it was changed: said so, not "no journal";
  // explore 26 item 4: which part of what it is bound to differs, not "content, mapping or mode".
  const lines = [
    there && !options.explicit
      ? `import: --resume: the journal at ${where} is of another run: ${
          differs[0] === 'kind'
            ? `a revert of ${there.file}`
            : `an import of ${there.file} ${differs.map((which) => DIFFERS[which as Exclude<BindingPart, 'kind'>]).join(', ')}`
        }; nothing was sent.`
      : `import: --resume: there is no journal to resume at ${where}; nothing was sent.`,
  ];
  if (same.length > 0) {
    lines.push('Journals of this file and mapping were found; resume one of them with:');
    for (const candidate of same) lines.push(`  ${resumeCommand(line, candidate.path, cwd)}`);
  } else {
    const others = found.filter((candidate) => !candidate.same);
    for (const other of others)
      lines.push(`(${other.path} is a journal of this file, written with another mapping or mode.)`);
    lines.push(
      `No journal of this file and mapping was found in ${[...places].join(', ')}. If the run is elsewhere, resume it with:`,
      `  ${resumeCommand(line, '<that journal>', cwd)}`,
      // Explore 52 item 2: only what a journal records is known (the claim was made of a deleted one).
      'To start the run from the beginning instead (rows that journals of earlier imports into this account record as created, and rows whose key Trackops holds, are not sent again):',
      `  ${startCommand(line, cwd)}`,
      ...(await createdListedWords(options.results, cwd)),
    );
  }
  throw new UsageError(lines.join('\n'));
}

type BindingPart = 'file' | 'mapping' | 'mode' | 'kind';

const DIFFERS: Record<Exclude<BindingPart, 'kind'>, string> = {
  file: 'of other file content (the file changed since, or another file of that name)',
  mapping: 'written with another mapping (or other --encoding or --delimiter)',
  mode: 'in another mode',
};

/** Which parts of what a journal is bound to (journal-types.ts JournalBinding) differ from this run's. */
function bindingDifferences(header: JournalBinding, binding: JournalBinding): BindingPart[] {
  if (header.kind === 'revert') return ['kind'];
  const parts: BindingPart[] = [];
  if (header.fileHash !== binding.fileHash) parts.push('file');
  if (header.mappingHash !== binding.mappingHash) parts.push('mapping');
  if (header.mode !== binding.mode) parts.push('mode');
  return parts;
}

/**
 * The refusal of a resume whose file was saved again: which part of the binding differs (the bytes,
 * and why they change without an edit), whether the rows the run sent are still in the file (by
 * content), and the safe way on, which is the run from the beginning: it finds what this run created
 * by content (earlier-creates.ts), looks for a create in doubt before sending its row, and keeps this
 * journal aside. Resuming instead would make the journal vouch for rows it was not bound to.
 */
async function changedFileWords(
  options: {
    journalPath: string;
    line: ImportCommandLine;
    cwd: string;
    sameRows: (journal: string) => Promise<SentRowsNow>;
  },
  header: JournalBinding,
): Promise<string> {
  const { journalPath, line, cwd } = options;
  return [
    `import: --resume: ${line.file} changed since this run began: its bytes are not those its journal (${journalPath}) was written for, ` +
      'while the mapping and mode are the same (a program that opens and saves a file, as Excel or LibreOffice do, writes other bytes even when nothing in it was changed). ' +
      "A journal is bound to the file's bytes, so the run cannot be resumed; nothing was sent.",
    sameRowsWords(await options.sameRows(journalPath), header.file),
    'The safe way on is to run it from the beginning, without --resume: rows this run created are known by their content ' +
      '(or by their key in Trackops) and not sent again, a create left in doubt is looked for in Trackops before its row is sent, ' +
      'and this journal is kept aside under a new name:',
    `  ${startCommand(line, cwd)}`,
  ].join('\n');
}

function sameRowsWords(found: SentRowsNow, file: string): string {
  if ('unchecked' in found)
    return `Whether its rows are the same was not checked: ${found.unchecked.replace(/\.$/, '')}.`;
  const { compared, differ, notCompared } = found;
  const notComparedWords = notCompared
    ? ` ${notCompared === 1 ? '1 row the run updated is' : `${notCompared} rows the run updated are`} not compared (its journal keeps the content of creates only).`
    : '';
  if (compared === 0) return notComparedWords.trim() || `The run had not sent any row of ${file} yet.`;
  if (differ.length === 0)
    return (
      `The rows the run sent are the same: ${compared === 1 ? 'the one row' : `each of the ${compared}`} is in the file now with the very values it sent (compared by content, not by bytes).` +
      notComparedWords
    );
  const one = differ.length === 1;
  return (
    `Not all the rows the run sent are the same: ${compared - differ.length} of the ${compared} are in the file now with the values it sent; ` +
    `${one ? `row ${differ[0]}` : `rows ${differ.join(', ')}`} (as the run numbered ${one ? 'it' : 'them'}) ${one ? 'is' : 'are'} not: changed or removed since. ` +
    `From the beginning, such a row is sent as the file holds it now unless Trackops holds its key: look for ${one ? 'its request' : 'their requests'} in Trackops first.` +
    notComparedWords
  );
}

/** A journal file with something in it. */
async function holdsRun(path: string): Promise<boolean> {
  const info = await stat(path).catch(() => null);
  return info !== null && info.isFile() && info.size > 0;
}

async function findJournals(
  folders: string[],
  binding: JournalBinding,
): Promise<{ path: string; same: boolean }[]> {
  const found: { path: string; same: boolean }[] = [];
  for (const folder of folders) {
    const names = await readdir(folder).catch(() => [] as string[]);
    for (const name of names) {
      if (!name.endsWith('.jsonl')) continue;
      const path = resolve(folder, name);
      const header = await readJournalHeader(path);
      if (!header || header.fileHash !== binding.fileHash) continue;
      const same = header.mappingHash === binding.mappingHash && header.mode === binding.mode;
      if (!found.some((known) => known.path === path)) found.push({ path, same });
    }
  }
  return found;
}

function shortPath(path: string, cwd: string): string {
  if (path.startsWith('<')) return path;
  const near = relative(cwd, path);
  return near && !near.startsWith('..') ? near : path;
}

function quote(arg: string): string {
  return /^[\w./:@%+=,-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}

/**
 * A results file at --results (or its unfinished copy) that lists created rows, when the resume finds
 * no journal (explore 52 item 2: the journal beside it deleted, the run started over, those rows
 * created again): said, as the start command then refuses while no journal records them.
 */
async function createdListedWords(results: string | null, cwd: string): Promise<string[]> {
  if (!results) return [];
  for (const path of [
    results,
    ...(results.toLowerCase().endsWith('.csv') ? [unfinishedResultsPath(results)] : []),
  ]) {
    const created = (await createdInResults(path)) ?? [];
    if (created.length === 0) continue;
    const shown = relative(cwd, path) || path;
    return [
      `${shown} lists ${created.length === 1 ? '1 row' : `${created.length} rows`} an earlier run created. If the journal that recorded ${created.length === 1 ? 'it' : 'them'} ` +
        `(${relative(cwd, defaultJournalPath(results)) || defaultJournalPath(results)} by default) was deleted, put it back (from the recycle bin or a backup) and resume: ` +
        'without it, rows with no claim number would be created again, and the run from the beginning is refused while no journal records them.',
    ];
  }
  return [];
}
