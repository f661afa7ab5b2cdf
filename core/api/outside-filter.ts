/**
 * A listing one page holds is never pinned (list-all.ts), so a time filter its server ignores was
 * never seen there: the page held requests plainly outside what was asked, which every search passes
 * over or takes for what they are, and nothing was said (a pinned listing says it: PinnedListing.ignored).
 * Found here in the records of that one answer, with a minute's slack, as a pinned listing allows
 * (pastBoundsMinute: a server that reads its filters to the minute keeps to them, only coarser).
 */
import { filterMillis, pastBoundsMinute, pinnedMillis } from './listing-pin.ts';
import type { IgnoredPin } from './listing-pin.ts';
import type { CaseRequestFilters, CaseRequestRecord } from './types.ts';
import { STAMPED_FILTERS } from './count-ignored-filter.ts';

/** A filter of a one-page listing its server seems to ignore: the record that showed it, and what was asked. */
export interface IgnoredFilter extends IgnoredPin {
  /** Which stamp the filter bounds. */
  field: 'created' | 'updated';
  /** The filter's value as asked. */
  bound: string;
}

/**
 * The first record of `records` outside one of `filters`' time filters by more than its minute, with
 * that filter; null when every record keeps to them (or carries no stamp the tool can read).
 */
export function recordOutsideFilters(
  records: readonly CaseRequestRecord[],
  filters: CaseRequestFilters,
): IgnoredFilter | null {
  for (const filter of STAMPED_FILTERS) {
    const value = filters[filter];
    if (typeof value !== 'string' || value === '') continue;
    const upper = filter === 'created_to_system' || filter === 'updated_to';
    const boundMillis = filterMillis(value, upper ? 'end' : 'start');
    if (boundMillis === null) continue;
    const field = filter.startsWith('created') ? 'created' : 'updated';
    const outside = records.find((record) =>
      pastBoundsMinute(pinnedMillis(record, { field }), { boundMillis }, upper ? 'after' : 'before'),
    );
    if (!outside) continue;
    const number = outside.case_request_number;
    return {
      id: outside.id,
      ...(typeof number === 'string' && number !== '' ? { number } : {}),
      at: String(field === 'created' ? outside.created_at : outside.updated_at),
      filter,
      field,
      bound: value,
    };
  }
  return null;
}
