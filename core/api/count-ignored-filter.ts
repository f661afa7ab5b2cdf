/**
 * A server whose count ignores a time filter its list keeps to (a count from another query, a cache
 * keyed without the filter): asked for the requests entered since a time, it counts the whole account
 * while its pages give the few asked for, so every reading of the list ends short of the count, and a
 * listing held to that count (list-all.ts) was refused every time: a resume that had to search for its
 * create in doubt could never finish, and an export whose pin (`created_to_system`) the count ignored
 * was refused once a request had been entered in the last minutes.
 *
 * Found only where a listing would be refused anyway (its pages short of its count twice): one count
 * without each of its time filters, in turn, until one counts as many as with it. The list is then read
 * without that filter, whole against the count the server gives for it (one it honours, or that reading
 * is refused too), and the filter is kept here by the records' own stamps. A server whose count keeps to
 * its filters never comes this way: not a request more.
 */
import { filterMillis, pinnedMillis } from './listing-pin.ts';
import type { CaseRequestFilters, CaseRequestRecord } from './types.ts';
import { plural } from './plural.ts';
import { thousands } from '../thousands.ts';

/** The time filters a record's own stamps can be held to (created_at, updated_at), probed in this order. */
export const STAMPED_FILTERS = [
  'created_from_system',
  'created_to_system',
  'updated_from',
  'updated_to',
] as const;
export type StampedFilter = (typeof STAMPED_FILTERS)[number];

/** A filter the server's count ignored while its list kept to it, and what the listing did instead. */
export interface CountIgnoredFilter {
  filter: StampedFilter;
  /** The filter's value as asked ("2026-12-07 04:37:56"). */
  value: string;
  /** The server's count with the filter, and as many without it. */
  counted: number;
  /** What its pages gave with the filter, short of that count. */
  listed: number;
  /**
   * True when the caller asked for that filter too: its own value was kept by the records' stamps (also
   * where the pin's bound stood in its place). False when it was the pin's bound alone (listing-pin.ts),
   * whose requests beyond it are part of the listing all the same.
   */
  keptByTool: boolean;
}

/** The filters of `partFilters` the probe may drop, in the order it tries them. */
export function stampedFiltersOf(partFilters: CaseRequestFilters): StampedFilter[] {
  return STAMPED_FILTERS.filter((name) => typeof partFilters[name] === 'string' && partFilters[name] !== '');
}

/**
 * Whether `record` keeps to `filter` = `value` by its own stamp (created_at for created_*, updated_at
 * for updated_*), as the sandbox and the seed read a filter (UTC; a date alone its whole day). Null when
 * the record carries no stamp the tool can read, or the value cannot be read: the filter cannot be kept.
 */
export function keepsToFilter(
  record: CaseRequestRecord,
  filter: StampedFilter,
  value: string,
): boolean | null {
  const at = pinnedMillis(record, { field: filter.startsWith('created') ? 'created' : 'updated' });
  const to = filter.endsWith('_to') || filter === 'created_to_system';
  const bound = filterMillis(value, to ? 'end' : 'start');
  if (at === null || bound === null) return null;
  return to ? at <= bound : at >= bound;
}

/** "entered from 2026-12-07 04:37:56 on", "changed up to 2026-12-07 04:37:56". */
function askedWords(filter: StampedFilter, value: string): string {
  const entered = filter.startsWith('created') ? 'entered' : 'changed';
  return filter.endsWith('_to') || filter === 'created_to_system'
    ? `${entered} up to ${value}`
    : `${entered} from ${value} on`;
}

/**
 * In words, what the server did: "Trackops counted 150 case requests when asked only for requests
 * entered from … on (created_from_system, UTC), as many as without that filter, while its list gave 0:
 * its count seems to ignore that filter". For a listing's note and a refusal alike.
 */
export function countIgnoredWords(
  ignored: Pick<CountIgnoredFilter, 'filter' | 'value' | 'counted' | 'listed'>,
): string {
  return (
    `Trackops counted ${plural(ignored.counted, 'request')} when asked only for requests ${askedWords(ignored.filter, ignored.value)} ` +
    `(${ignored.filter}, UTC), as many as without that filter, while its list gave ` +
    `${thousands(ignored.listed)}: its count seems to ignore that filter`
  );
}

/**
 * In words, a listing read without a filter its count ignored (countIgnoredWords, then what was done):
 * for an export's notes, a dry run's and the searches' of a run. `done` says what was done with every
 * request ("read", "checked"); a listing that broke off while reading (a page refused, the connection
 * lost; the error is said with the stop) is never said to have read the list whole.
 */
export function countIgnoredListingWords(
  ignored: CountIgnoredFilter,
  done: string,
  brokeOff = false,
): string {
  const kept = ignored.keptByTool ? ', the tool keeping that filter itself' : '';
  const what = brokeOff
    ? `was being read whole against that count${kept}; that reading broke off, so the list was not read whole. `
    : `was read whole against that count${kept}: every request it holds was ${done}, nothing was left out for it. `;
  return `${countIgnoredWords(ignored)}, so the list without it ${what}Tell whoever runs Trackops that its count ignores this filter`;
}
