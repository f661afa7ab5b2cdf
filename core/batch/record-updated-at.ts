/**
 * A request's updated_at as a create's or update's journal outcome keeps it (issue 18): `revert`
 * compares it with the request's updated_at now to tell whether someone changed it since. `answer`: the
 * write's own answer gave it; `read`: a read or search after (or before) the write did. Every outcome
 * that saw the record keeps it, whether the answer came or a search found the request (explore 26
 * item 5: a create a resume found said "whether it was changed since is not known").
 */
import type { CaseRequestRecord } from '../api/types.ts';
import type { OutcomeLine } from './journal-types.ts';

export function updatedAtOf(
  record: CaseRequestRecord,
  from: 'answer' | 'read',
): Pick<OutcomeLine, 'updated_at' | 'updated_at_from'> {
  const value = record.updated_at;
  return value === undefined || value === null || value === ''
    ? {}
    : { updated_at: String(value), updated_at_from: from };
}
