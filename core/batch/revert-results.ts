/**
 * A revert's results file (issue 18), in the import results' forms (CONTRACTS section 3) where they
 * fit: `.json` is `{ journal, dryRun, summary, check, rows }`, one row per request of the import (its
 * sheet row number, `status`, `id`, `case_request_number`, the fields put back as `old → new`, the
 * conflicts as `ours / current`, a message); `.csv` is the same one line per request, UTF-8 with a BOM
 * and CRLF (as the import's), formula-like text neutralised by the shared CSV writer. No `.xlsx`: a
 * revert has no source sheet to copy.
 */
import { csvLine } from '../files/csv-writer.ts';
import { writeFileAtomic } from '../files/atomic-write.ts';
import type { RevertCheckCost } from './revert-check.ts';
import type { RevertRowResult, RevertSummary } from './revert-run.ts';

export interface RevertResults {
  /** The import journal undone (as the user named it). */
  journal: string;
  dryRun: boolean;
  summary: Omit<RevertSummary, 'searchNotes'> & { requests?: number; seconds?: number };
  check: RevertCheckCost | null;
  rows: RevertRowResult[];
}

export const REVERT_RESULT_COLUMNS = [
  '_row',
  '_status',
  '_id',
  '_case_request_number',
  '_changes',
  '_conflicts',
  '_before_import',
  '_message',
] as const;

export function revertResultsFormatOf(path: string): 'json' | 'csv' | null {
  const match = /\.(json|csv)$/i.exec(path);
  return match ? (match[1]!.toLowerCase() as 'json' | 'csv') : null;
}

export async function writeRevertResults(path: string, results: RevertResults): Promise<void> {
  const format = revertResultsFormatOf(path);
  if (format === 'json') {
    await writeFileAtomic(path, JSON.stringify(results, null, 2) + '\n');
    return;
  }
  if (format !== 'csv') throw new Error(`writeRevertResults: ${path} is neither .json nor .csv`);
  const lines = ['\uFEFF' + csvLine([...REVERT_RESULT_COLUMNS])];
  for (const row of results.rows) {
    lines.push(
      csvLine([
        row.row,
        row.status,
        row.id ?? '',
        row.case_request_number ?? '',
        row.changes.map((change) => `${change.label}: '${change.old}' → '${change.new}'`).join('; '),
        (row.conflicts ?? [])
          .map((field) => `${field.label}: ours '${field.ours}', now '${field.current}'`)
          .join('; '),
        (row.byHand ?? [])
          .map((field) => `${field.label}: now '${field.now}', before '${field.before}'`)
          .join('; '),
        row.message ?? '',
      ]),
    );
  }
  await writeFileAtomic(path, lines.join(''));
}
