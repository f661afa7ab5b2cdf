/**
 * What the searches a run makes while it sends met in their listings (list-all.ts ListingProgress): a
 * filter Trackops ignored, a list that moved or ended short and was read again, requests a page gave
 * twice, requests stamped after the server's clock. A dry run and an export say these of their one
 * listing; the searches of a send (a lost create's reconcile, the resume's sweep, the look for keys
 * being added, revert's check, the check for changes while sending) said nothing, and since a listing
 * whose server ignores `created_from_system` reads the whole list the server gives instead, a search
 * could take minutes on a large account without a word. The run keeps one tally of them all and says
 * it once in its summary (searchNotesWords), not once per search: a reconcile may run for many rows.
 */
import {
  listEveryCaseRequest,
  type ListAllOptions,
  type ListingApi,
  type ListingProgress,
} from '../api/list-all.ts';
import type { CaseRequestFilters, CaseRequestRecord } from '../api/types.ts';
import { searchNotesWords, type SearchTally, type SendSearch } from './searches-met-words.ts';

export type { SendSearch } from './searches-met-words.ts';

export class SearchesMet {
  readonly #tallies = new Map<SendSearch, SearchTally>();

  /**
   * A listing of `search` ended (whole, or cut short by an error: `brokeOff`): what it met, from its
   * last progress. One that broke off is never said to have read its list whole.
   */
  heard(search: SendSearch, progress: ListingProgress, brokeOff = false): void {
    const tally = this.#tally(search);
    tally.searches += 1;
    tally.listings.push(progress);
    if (brokeOff) tally.brokeOff.add(progress);
  }

  /**
   * Requests `search` asked by key instead of reading on past a filter Trackops ignored (the check for
   * changes while sending: stored-requests.ts), said with that filter.
   */
  lookedUpInstead(search: SendSearch, requests: number): void {
    this.#tally(search).lookUps += requests;
  }

  /**
   * A note of `search` in its own words (each said once): what a search could not tell from what the
   * listings gave (keys-being-added.ts: records without created_at).
   */
  said(search: SendSearch, note: string): void {
    const tally = this.#tally(search);
    if (!tally.said.includes(note)) tally.said.push(note);
  }

  /** The run's notes, one per kind of search that met anything (none against a server as expected). */
  notes(): string[] {
    return searchNotesWords(this.#tallies);
  }

  #tally(search: SendSearch): SearchTally {
    let tally = this.#tallies.get(search);
    if (!tally)
      this.#tallies.set(
        search,
        (tally = { searches: 0, listings: [], brokeOff: new Set(), lookUps: 0, said: [] }),
      );
    return tally;
  }
}

/**
 * listEveryCaseRequest, its last progress handed to `met` as `search`'s when it ends (read whole, or
 * stopped by an error or the caller): no request more than the listing's own.
 */
export async function* listHeard(
  api: ListingApi,
  filters: CaseRequestFilters,
  options: ListAllOptions,
  met: SearchesMet | undefined,
  search: SendSearch,
): AsyncGenerator<CaseRequestRecord[]> {
  let last: ListingProgress | null = null;
  const listing = listEveryCaseRequest(api, filters, {
    ...options,
    onProgress: (progress) => {
      last = progress;
      options.onProgress?.(progress);
    },
  });
  // An error of the listing itself (a page refused, the connection lost): its reading broke off. A
  // caller that stops reading once it has what it looks for is not one.
  let brokeOff = false;
  try {
    yield* listing;
  } catch (error) {
    brokeOff = true;
    throw error;
  } finally {
    if (last) met?.heard(search, last, brokeOff);
  }
}
