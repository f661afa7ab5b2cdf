/**
 * What the dry run's Status column says about a row. A problem of the mapping (scope "mapping") is the
 * same in every row it touches: it is shown once above the grid, so a row names only its own cells'
 * problems and points up for the rest. A row left out says by which rule.
 */
import type { GridProblem, GridRow } from '../../../main/bridge/contract.ts';
import { localTimeWords, type ScreenClock } from '../../../main/bridge/local-time.ts';

/** The row's own problems: those of its cells, not of the mapping. */
export function cellProblems(row: GridRow | undefined): GridProblem[] {
  // A row this file's earlier send created holds no error to fix (its duplicate is that send's request).
  if (row?.sentEarlier) return [];
  return (row?.problems ?? []).filter((problem) => problem.scope !== 'mapping');
}

export function hasMappingProblem(row: GridRow): boolean {
  return row.problems.some((problem) => problem.scope === 'mapping');
}

/**
 * A row this file's earlier send created (its journal says so): "Already in Trackops: your earlier
 * send of forty.csv at 21:05 created it as REQ-00037. Nothing to do: …".
 */
export function sentEarlierText(row: GridRow, clock: ScreenClock = {}): string | null {
  const sent = row.sentEarlier;
  if (!sent) return null;
  // The formatter main's refusal of a fix uses too, with this screen's clock (local-time.ts).
  const when = sent.at ? ` on ${localTimeWords(sent.at, clock)}` : '';
  const as = sent.caseRequestNumber ?? (sent.id === null ? null : `id ${sent.id}`);
  // Sent with a fix typed in the app: the file still holds the old value, said so (explore 11 item 3).
  const differs = sent.fileDiffers ? ` Note: ${sent.fileDiffers}.` : '';
  return `Already in Trackops: your earlier send of ${sent.file}${when} created it${as ? ` as ${as}` : ''}. Nothing to do: it is not sent again. Leave it as it is; changing its values here would create it a second time.${differs}`;
}

/**
 * A row of a results file fed back in that an earlier run wrote (its `_status` / `_id` columns; the
 * CLI's `already_done`): the words of its note, which the send's results give it too.
 */
export function alreadyDoneText(row: GridRow): string | null {
  if (row.action !== 'already_done') return null;
  const note = row.notes?.find((one) => one.code === 'already_done');
  return `Already done: ${note?.message ?? 'an earlier run wrote it; an import of this file does not send it again'}.`;
}

/** "Left out", "2 errors", "See above" (only the mapping's problem), "Create" / "Update #12" / "No change", or "OK". */
export function statusText(row: GridRow): string {
  if (row.status === 'skipped') return 'Left out';
  if (row.sentEarlier) return 'Already sent';
  if (row.status === 'valid' && row.action === 'already_done') return 'Already done';
  if (row.status === 'invalid') {
    const own = cellProblems(row).length;
    if (own === 0) return 'See above';
    return `${own} error${own === 1 ? '' : 's'}`;
  }
  const noted = row.notes?.length ? ' (note)' : '';
  if (row.action === 'create') return `Create${noted}`;
  if (row.action === 'update') return `${row.targetId ? `Update #${row.targetId}` : 'Update'}${noted}`;
  if (row.action === 'unchanged') return 'No change';
  return `OK${noted}`;
}

/**
 * Why a row is left out, in the clerk's words: core's reason ("left out: its first cell 'TOTAL' starts
 * with "TOTAL" (skip.whenFirstCellStartsWith)", as the reports say it) without the mapping file's key
 * names, which the app's screens do not show.
 */
export function leftOutReason(row: GridRow): string {
  if (row.skipped?.rule === 'rows') return 'you left it out of this import';
  return (row.skipped?.reason ?? 'by the mapping')
    .replace(/^left out: /, '')
    .replace(/ \(skip\.\w+\)$/, '')
    .replace(/; skip\.\w+\)$/, ')');
}

/** The Status cell's tooltip: why the row is left out, or its own problems (and a pointer up). */
export function statusTitle(row: GridRow): string | undefined {
  if (row.status === 'skipped') return `Left out: ${leftOutReason(row)}`;
  const sent = sentEarlierText(row);
  if (sent) return sent;
  const done = row.status === 'valid' ? alreadyDoneText(row) : null;
  if (done) return done;
  const lines = cellProblems(row).map((problem) => problem.message);
  if (hasMappingProblem(row)) lines.push('… and the problem of the mapping shown above the rows');
  for (const note of row.notes ?? []) lines.push(`Note: ${note.message}`);
  return lines.length ? lines.join('\n') : undefined;
}
