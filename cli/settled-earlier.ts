/**
 * What a resumed run's journal says its earlier run settled, read when the journal opens: so that a
 * run stopped on a failure (whose summary is made from the rows its results were given, not the
 * runner's) says `settled_earlier` / `created_now` / `updated_now` as a finished one does (explore 59:
 * a resumed run stopped after every row was written printed no `created_now`, and a script read none).
 */
import type { Journal } from '../core/batch/journal.ts';

export interface SettledEarlier {
  rows: number;
  created: number;
  updated: number;
}

/** Null for a run that is not a resume (its JSON has none of these keys). */
export function settledEarlierOf(journal: Journal): SettledEarlier | null {
  if (!journal.resumed) return null;
  let created = 0;
  let updated = 0;
  for (const line of journal.state.finished.values()) {
    if (line.status === 'created') created += 1;
    if (line.status === 'updated') updated += 1;
  }
  return { rows: journal.state.finished.size, created, updated };
}

/** The keys a resumed run's JSON carries, from the counts of the rows its results were given. */
export function resumedKeys(
  earlier: SettledEarlier | null,
  counts: { created: number; updated: number },
  foundWithoutJournal: number,
): Record<string, number> {
  if (!earlier) return foundWithoutJournal ? { found_without_journal: foundWithoutJournal } : {};
  return {
    settled_earlier: earlier.rows,
    created_now: Math.max(0, counts.created - earlier.created),
    updated_now: Math.max(0, counts.updated - earlier.updated),
    found_without_journal: foundWithoutJournal,
  };
}
