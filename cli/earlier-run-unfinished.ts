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
import type { KeptEarlierRun } from '../core/index.ts';

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

/** What a run set aside says of the run it belonged to, or null when that run settled every row. */
export function earlierRunUnfinished(options: {
  journal: KeptEarlierRun | null;
  results: { keptAs: string; unsent: number } | null;
  sendWith: (keptResults: string) => string;
}): EarlierRunUnfinished | null {
  const { journal, results } = options;
  const unsent = results?.unsent ?? 0;
  const inDoubt = journal?.inDoubt ?? 0;
  if (unsent === 0 && inDoubt === 0) return null;
  return {
    file: journal?.header.file ?? '',
    started_at: journal?.header.startedAt ?? '',
    journal: journal?.keptAs ?? null,
    results: results?.keptAs ?? null,
    unsent: Math.max(unsent, inDoubt),
    in_doubt: inDoubt,
    send_with: results && unsent > 0 ? options.sendWith(results.keptAs) : null,
  };
}

/**
 * The warning, in one line a cron mail shows. `fileChanged`: the journal set aside was written for
 * other bytes of the file (else its mapping or mode differs): why its own --resume cannot finish it.
 */
export function earlierRunUnfinishedWords(
  earlier: EarlierRunUnfinished,
  fileChanged: boolean,
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
  const why = fileChanged ? 'its file has changed since' : "its mapping or mode differs from this run's";
  const way = earlier.send_with
    ? `send them with: ${earlier.send_with} (the rows it wrote are not sent again)`
    : `its journal${earlier.journal ? ` ${shown(earlier.journal)}` : ''} names them: check them in Trackops`;
  return `warning: ${run} did not finish: ${what}. Its --resume cannot send them, as ${why}; ${way}`;
}
