/**
 * Before an import starts over with `--results OUT` (explore 52 item 2): an OUT an earlier import wrote,
 * listing rows it created, is what is left when that import's journal is gone. A trial's rows created
 * again, because the journal was deleted and the run started from the beginning, is what this prevents:
 * - rows OUT lists as created that no journal of the account records (none of the journals an import
 *   reads knows their requests) refuse the run before anything is sent, naming them and the ways on;
 * - otherwise OUT, listing created rows, is kept beside under a new name, never deleted; so is the
 *   `OUT.unfinished.csv` a run killed outright left (explore 52 item 4).
 */
import { basename, dirname, join } from 'node:path';
import { InputError } from '../core/errors.ts';
import { createdInResults } from '../core/report/results-created.ts';
import { keepEarlierResults, keepEarlierUnfinished } from '../core/report/results-kept-aside.ts';
import { unfinishedResultsPath } from '../core/report/results-writer.ts';
import type { EarlierCreates } from '../core/batch/earlier-creates.ts';
import type { CreatedEarlier } from '../core/batch/created-earlier.ts';
import { defaultJournalPath } from './resume-command.ts';

export async function checkEarlierResults(options: {
  resultsPath: string;
  /** What the account's journals record as created (null: rows are not matched to earlier creates). */
  createdBefore: EarlierCreates | null;
  /**
   * What the run whose journal was just kept aside created, when it was a run into another account:
   * rows OUT lists as that run's creates (the same row, the same request) are its results, whose
   * journal is kept, not gone (the same file imported into a second office's account).
   */
  keptRun?: ReadonlyMap<number, CreatedEarlier>;
  shown: (path: string) => string;
}): Promise<{ notices: string[]; kept: { keptAs: string; created: number; unsent: number } | null }> {
  const { resultsPath, createdBefore, keptRun, shown } = options;
  const keptRunCreated = (row: { row: number; id: number | null }) =>
    row.id !== null && keptRun?.get(row.row)?.id === row.id;
  const unfinished = resultsPath.toLowerCase().endsWith('.csv') ? unfinishedResultsPath(resultsPath) : null;
  if (createdBefore) {
    for (const path of [resultsPath, ...(unfinished ? [unfinished] : [])]) {
      const created = (await createdInResults(path)) ?? [];
      const unknown = created.filter(
        (row) => (row.id === null || !createdBefore.ids.has(row.id)) && !keptRunCreated(row),
      );
      if (unknown.length > 0)
        throw new InputError('results_without_journal', refusal(path, unknown, resultsPath, shown));
    }
  }
  const notices: string[] = [];
  // A run killed outright left its unfinished results: no live run holds them (this run holds the
  // results' lock), so they are kept aside, never truncated (explore 52 item 4).
  const unfinishedKept = unfinished ? await keepEarlierUnfinished(unfinished) : null;
  if (unfinished && unfinishedKept)
    notices.push(
      `${shown(unfinished)} held the rows a stopped import had settled; it was kept as ${shown(unfinishedKept)}`,
    );
  const kept = await keepEarlierResults(resultsPath);
  if (kept)
    notices.push(
      `${shown(resultsPath)} held the results of an earlier import (${kept.created} ${kept.created === 1 ? 'row' : 'rows'} created); it was kept as ${shown(kept.keptAs)}, and this run writes its own`,
    );
  return { notices, kept };
}

function refusal(
  path: string,
  rows: { row: number; id: number | null; caseRequestNumber: string | null }[],
  resultsPath: string,
  shown: (path: string) => string,
): string {
  const listed = rows
    .slice(0, 10)
    .map(
      ({ row, id, caseRequestNumber }) =>
        `row ${row}${caseRequestNumber ? `: ${caseRequestNumber}` : id !== null ? `: id ${id}` : ''}`,
    )
    .join(', ');
  const more = rows.length > 10 ? `, and ${rows.length - 10} more` : '';
  const journal = defaultJournalPath(resultsPath);
  const aside = join(dirname(path), `earlier-${basename(path)}`);
  return (
    `import: ${shown(path)} lists ${rows.length === 1 ? '1 row' : `${rows.length} rows`} an earlier import created (${listed}${more}), ` +
    `and no journal of this account records ${rows.length === 1 ? 'it' : 'them'}: the journal that did (by default ${shown(journal)}) is gone. ` +
    'An import knows the rows it created earlier by that journal; without it, a row with no claim number that Trackops holds would be created a second time. Nothing was sent. ' +
    'Put the journal back (from the recycle bin or a backup) and run the same command again. ' +
    `Or take those rows out of the file, move ${shown(path)} away (to ${shown(aside)}, say) and run again. ` +
    'If those requests were created in another account (a practice one), give this run another --results'
  );
}
