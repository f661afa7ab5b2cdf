/**
 * The case requests whose key equals a value exactly, found through a list filter that the server may
 * apply loosely (a `LIKE '%x%'`, case-insensitive) or not at all (API-NOTES Tolerance: nothing
 * published says how a filter matches). A match found by a filter is checked for exact equality
 * before anyone acts on it, and "none" is only believed from a listing that is evidently complete.
 *
 * Cheap in the usual case (one request): the first page is asked with `per_page=2`, a size no server
 * caps below, so a page shorter than that is the last (API-NOTES Known) and, when everything on it
 * matches exactly, the filter evidently works. Otherwise (two matches or more, or records that do not
 * match: a loose filter) the whole filtered listing is read and checked against the server's count.
 */
import { listAllCaseRequests } from './list-all.ts';
import type { CaseRequestFilters, CaseRequestRecord, TrackopsApi } from './types.ts';

/** Page size of the first probe: small enough that no server caps it, big enough to see "several". */
export const PROBE_PAGE_SIZE = 2;

export interface ExactMatches {
  records: CaseRequestRecord[];
  /** Records the server's filter returned that do not match exactly (0 when the filter is exact). */
  loose: number;
  /**
   * Those records themselves: not acted on, but a caller may say what they are (a key differing only
   * in letter case is a possible duplicate: validate/find-existing.ts). No request is made for them.
   */
  others: CaseRequestRecord[];
  requests: number;
}

export async function findExactMatches(
  api: Pick<TrackopsApi, 'listCaseRequests' | 'countCaseRequests'>,
  filters: CaseRequestFilters,
  matches: (record: CaseRequestRecord) => boolean,
  signal?: AbortSignal,
): Promise<ExactMatches> {
  const first = await api.listCaseRequests(filters, { page: 1, perPage: PROBE_PAGE_SIZE }, signal);
  const exact = first.filter(matches);
  if (first.length < PROBE_PAGE_SIZE && exact.length === first.length)
    return { records: exact, loose: 0, others: [], requests: 1 };
  let pages = 0;
  const all = await listAllCaseRequests(api, filters, {
    ...(signal ? { signal } : {}),
    // The counts it asked besides its first (a pin's, a recount) are requests too.
    onProgress: (progress) => (pages = progress.pages + (progress.countsAsked ?? 0)),
  });
  const requests = 2 + pages; // the probe, the count, the pages (and any further count)
  const records = all.filter(matches);
  const others = all.filter((record) => !matches(record));
  return { records, loose: others.length, others, requests };
}

/**
 * A key as a server with a case-insensitive collation (MySQL's default) may compare it: letters in one
 * case, white space runs as one space, none around. A key of digits only loses its leading zeros too:
 * Excel and LibreOffice turn a claim typed 0046001 into the number 46001 when a sheet is opened and
 * saved again ("General" cells), so 46001 in a file may well be the account's 0046001. Never used to
 * pick a request, only to say that one the server listed differs from the row's key in nothing else.
 */
export function nearKey(value: unknown): string {
  if (value === null || value === undefined) return '';
  const spaced = String(value).trim().replace(/\s+/g, ' ').toLowerCase();
  return /^\d+$/.test(spaced) ? spaced.replace(/^0+(?=\d)/, '') : spaced;
}

/** Exact equality of a key as the server returns it and as the row gives it (white space around ignored). */
export function keyEquals(value: unknown, wanted: string): boolean {
  if (value === null || value === undefined) return false;
  return String(value).trim() === wanted.trim();
}
