/**
 * A nightly import stopped by the scheduler's time limit, then the next night's file under the same
 * name (explore 59 item 2): the new run set the stopped run's journal and results aside saying only
 * "N rows written", and nothing said that rows of it never reached Trackops, nor how to send them (its
 * "--resume" is refused: the file has changed). What is set aside is read for the rows that run left:
 * the results file lists them `skipped` without a request (the journal cannot say: it records only the
 * rows that were sent, and its header holds no row total), the journal its rows in doubt. Said as a
 * warning on stderr, and under `--json` as `earlier_run_unfinished`, so that a script can alert.
 */
import { relative } from 'node:path';
import type { KeptEarlierRun } from '../core/batch/journal.ts';
import type { EarlierRunFile } from './earlier-run-file.ts';

export interface EarlierRunUnfinished {
  /** That run's file, as it was given. */
  file: string;
  started_at: string;
  /** Where its journal and results were kept (null: none was kept). */
  journal: string | null;
  results: string | null;
  /** Rows it never sent (its results' `skipped` rows without a request; in doubt ones included). */
  unsent: number;
  /** Rows it sent without an answer: whether Trackops holds them is not known. */
  in_doubt: number;
  /** The command that sends the rows it left (null: no results file to send them from). */
  send_with: string | null;
}

/**
 * What a run set aside says of the run it belonged to, or null when that run settled every row. The
 * way to send its rows (explore 62 item 2: a `.json` results file was offered to import, which reads
 * only sheets): its own --resume when its file is there as it was (`resumeWith`), else its kept results
 * when import can read them (a CSV or workbook: its rows written are skipped), else none.
 */
export function earlierRunUnfinished(options: {
  journal: KeptEarlierRun | null;
  results: { keptAs: string; unsent: number } | null;
  resumeWith: string | null;
  sendWith: (keptResults: string) => string;
}): EarlierRunUnfinished | null {
  const { journal, results } = options;
  const unsent = results?.unsent ?? 0;
  const inDoubt = journal?.inDoubt ?? 0;
  if (unsent === 0 && inDoubt === 0) return null;
  const importable = results !== null && !/\.json$/i.test(results.keptAs);
  return {
    file: journal?.header.file ?? '',
    started_at: journal?.header.startedAt ?? '',
    journal: journal?.keptAs ?? null,
    results: results?.keptAs ?? null,
    unsent: Math.max(unsent, inDoubt),
    in_doubt: inDoubt,
    send_with:
      options.resumeWith ?? (results && importable && unsent > 0 ? options.sendWith(results.keptAs) : null),
  };
}

/**
 * The warning, in one line a cron mail shows. `file`: that run's file as it is now (null: no journal
 * was kept, only results), which says whether its own --resume finishes it, and if not, why.
 */
export function earlierRunUnfinishedWords(
  earlier: EarlierRunUnfinished,
  file: EarlierRunFile | null,
  cwd: string,
): string {
  const shown = (path: string) => relative(cwd, path) || path;
  const count = (n: number) => (n === 1 ? '1 row' : `${n} rows`);
  const run = earlier.file
    ? `the earlier import of ${earlier.file}${earlier.started_at ? ` (started ${earlier.started_at.slice(0, 16).replace('T', ' ')} UTC)` : ''}`
    : 'the earlier import whose results were kept';
  const doubt =
    earlier.in_doubt > 0
      ? `${count(earlier.in_doubt)} sent without an answer (whether Trackops holds ${earlier.in_doubt === 1 ? 'it' : 'them'} is not known)`
      : '';
  const what = earlier.results
    ? `${count(earlier.unsent)} of it ${earlier.unsent === 1 ? 'was' : 'were'} not written to Trackops${doubt ? `, ${doubt}` : ''}`
    : doubt;
  const them = earlier.unsent === 1 ? 'it' : 'them';
  if (file?.state === 'resumable' && earlier.send_with)
    return (
      `warning: ${run} did not finish: ${what}. ${shown(file.path)} is as that run read it, so its --resume ` +
      `finishes it: ${earlier.send_with} (the rows it wrote are not sent again; ${earlier.in_doubt > 0 ? 'rows in doubt are looked for first' : 'its results are written whole'})`
    );
  const why =
    file === null
      ? null
      : file.state === 'changed'
        ? `${shown(file.path)} has changed since`
        : file.state === 'not_found'
          ? `${earlier.file} is not in ${file.looked.map(shown).join(' or ')}`
          : `its mapping or mode differs from this run's`;
  const way = earlier.send_with
    ? `send ${them} with: ${earlier.send_with} (the rows it wrote are not sent again)`
    : earlier.results && earlier.unsent > 0
      ? `its results ${shown(earlier.results)} list ${them} as not sent (import reads sheets, not a .json results file): ` +
        `put ${them} in a sheet of ${earlier.unsent === 1 ? 'its' : 'their'} own and import it${earlier.journal ? `; its journal ${shown(earlier.journal)} records the rows it wrote` : ''}`
      : `its journal${earlier.journal ? ` ${shown(earlier.journal)}` : ''} names ${them}: check ${them} in Trackops`;
  // No journal of it set aside here (only its results): whether its --resume could is not known here.
  if (why === null) return `warning: ${run} did not finish: ${what}; ${way}`;
  return `warning: ${run} did not finish: ${what}. Its --resume cannot send ${them}, as ${why}; ${way}`;
}
