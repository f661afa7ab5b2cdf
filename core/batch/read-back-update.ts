import type { CaseRequestRecord, CaseRequestUpdateBody, TrackopsApi } from '../api/types.ts';
import type { TargetWordsContext } from '../mapping/target-words.ts';
import { fieldChanges, type FieldChange } from '../validate/field-changes.ts';
import { requestName } from './record-identity.ts';
import { reasonOf } from './search-failed.ts';

/** What one read of an updated request showed: the fields it does not hold as sent, or why it could not be read. */
export type ReadBack =
  { now: CaseRequestRecord; name: string; missing: FieldChange[] } | { now: null; name: string; why: string };

/**
 * One read of request `id` after an update whose answer did not show it done (a body that says it failed,
 * said-failed.ts; a body that is not the record, unconfirmed-write.ts): which of `body`'s values it does
 * not hold. A read that fails is said, never taken for "not held" (only a stop of the run throws).
 */
export async function readBackUpdate(
  api: TrackopsApi,
  id: number,
  body: CaseRequestUpdateBody,
  words: TargetWordsContext,
  signal?: AbortSignal,
): Promise<ReadBack> {
  try {
    const now = await api.getCaseRequest(id, signal);
    return { now, name: requestName(now), missing: fieldChanges(body, now, words) };
  } catch (error) {
    if (signal?.aborted) throw error;
    return { now: null, name: requestName({ id }), why: `reading it back failed: ${reasonOf(error)}` };
  }
}
