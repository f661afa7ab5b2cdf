import type { CaseRequestCreateBody } from '../api/types.ts';
import type { ImportMode, RowOutcome } from '../validate/types.ts';
import { contentOf } from './fingerprint.ts';

/**
 * Whether a row's body would be POSTed: create mode, or an upsert row without a match value that the
 * plan did not find (an update is never a create). Whether it is sent is the run's to say (its journal,
 * earlier imports); this is what the row asks for.
 */
export function wouldCreate(outcome: RowOutcome, mode: ImportMode): boolean {
  if (!outcome.body) return false;
  return mode === 'create' || (mode === 'upsert' && !outcome.matchValue && outcome.action !== 'update');
}

/** The content (fingerprint.ts contentOf) a row would be created with; null when it would not create. */
export function createdContentOf(outcome: RowOutcome, mode: ImportMode): string | null {
  return wouldCreate(outcome, mode) ? contentOf(outcome.body as CaseRequestCreateBody) : null;
}
