/**
 * Every case request a filter matches, page by page, complete only when the server's own count is
 * reached (API-NOTES Tolerance: "a listing is complete only when the server's own count says so").
 *
 * Why not "stop at the first short page" (Known) alone: a server that caps `per_page` below what we ask
 * answers 25 records to a request for 100, and that first page looks like the last. So the count comes
 * first (`mode=count`), the page size is whatever the server really returned, later pages are asked
 * with that size (so our page numbers and the server's agree), and a listing that ends before the count
 * is an error that says so: an export or a reconcile never works from a short list without a word.
 */
import { BadResponseError } from './errors.ts';
import type { CaseRequestFilters, CaseRequestRecord, TrackopsApi } from './types.ts';

/** API-NOTES "Assumed": the largest page asked for. The server may give fewer. */
export const LIST_PAGE_SIZE = 100;

export interface ListingProgress {
  /** The server's count of matching requests when the listing began. */
  expected: number;
  /** Distinct requests received so far. */
  received: number;
  /** Pages asked for so far (the count request not included). */
  pages: number;
  /** The page size the server really gives (may be below what was asked). */
  pageSize: number;
}

export interface ListAllOptions {
  signal?: AbortSignal;
  /** Page size to ask for; default LIST_PAGE_SIZE. */
  perPage?: number;
  dir?: 'asc' | 'desc';
  /** The server's count for these filters when the caller has just asked it (spares a request). */
  knownCount?: number;
  /** Called once the count is known, and after every page. */
  onProgress?: (progress: ListingProgress) => void;
}

/** A listing that could not be completed: the server's pages and its count disagree. */
export class IncompleteListingError extends BadResponseError {
  readonly expected: number;
  readonly received: number;

  constructor(message: string, path: string, expected: number, received: number) {
    super(message, { method: 'GET', path }, '');
    this.expected = expected;
    this.received = received;
  }
}

/**
 * Yields the records page by page (each page's new records; duplicates across pages dropped), after
 * checking each page against the count. Throws IncompleteListingError when the pages end short of it.
 */
export async function* listEveryCaseRequest(
  api: Pick<TrackopsApi, 'listCaseRequests' | 'countCaseRequests'>,
  filters: CaseRequestFilters,
  options: ListAllOptions = {},
): AsyncGenerator<CaseRequestRecord[]> {
  const asked = options.perPage ?? LIST_PAGE_SIZE;
  const dir = options.dir ?? 'asc';
  const expected =
    options.knownCount ?? (await api.countCaseRequests(filters, asked, options.signal)).record_count;
  const seen = new Set<number>();
  const progress: ListingProgress = { expected, received: 0, pages: 0, pageSize: asked };
  options.onProgress?.({ ...progress });
  const where = describe(filters);
  let perPage = asked;
  for (let page = 1; seen.size < expected || page === 1; page++) {
    const records = await api.listCaseRequests(filters, { page, perPage, dir }, options.signal);
    progress.pages += 1;
    const fresh = records.filter((record) => !seen.has(record.id));
    for (const record of fresh) seen.add(record.id);
    progress.received = seen.size;
    if (page === 1 && records.length < perPage && records.length < expected) {
      // The server capped the page below what we asked: ask every later page with the size it gives,
      // so page N means the same records to both sides.
      perPage = Math.max(1, records.length);
    }
    progress.pageSize = perPage;
    options.onProgress?.({ ...progress });
    if (fresh.length > 0) yield fresh;
    if (seen.size >= expected) return;
    if (records.length === 0 || fresh.length === 0) {
      throw new IncompleteListingError(
        `The server counted ${expected} case request${expected === 1 ? '' : 's'} ${where}, but its pages ` +
          `ended after ${seen.size} (page ${page} ${records.length === 0 ? 'was empty' : 'repeated earlier records'}). ` +
          `Nothing was left out silently: run it again, and if it persists the server's paging ` +
          `does not work as expected (run trackops-bulk check).`,
        `case/requests?page=${page}&per_page=${perPage}`,
        expected,
        seen.size,
      );
    }
  }
}

/** Every matching record in one array (for listings small enough to hold). */
export async function listAllCaseRequests(
  api: Pick<TrackopsApi, 'listCaseRequests' | 'countCaseRequests'>,
  filters: CaseRequestFilters,
  options: ListAllOptions = {},
): Promise<CaseRequestRecord[]> {
  const all: CaseRequestRecord[] = [];
  for await (const page of listEveryCaseRequest(api, filters, options)) all.push(...page);
  return all;
}

function describe(filters: CaseRequestFilters): string {
  const parts = Object.entries(filters)
    .filter(([, value]) => value !== undefined && value !== '')
    .map(([key, value]) => `${key}=${String(value)}`);
  return parts.length ? `for ${parts.join(', ')}` : 'in the account';
}
