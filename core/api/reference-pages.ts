/**
 * Every page of one reference list (case types, regions, fields, …). These lists may have no count
 * mode, and a server may cap `per_page` below what we ask (API-NOTES Tolerance, "Paging"), so a page
 * shorter than asked is not proof of the end: it may be the cap. Rule: a page shorter than the
 * server's page size is the last; while that size is unknown, a short first page is followed by one
 * more page asked with the size it showed (so page numbers agree), and the list ends at an empty page,
 * a page shorter than that size, or a page that brings nothing new (a server that ignores paging).
 * What a connection learns about the page size is kept, so only its first list pays the extra request.
 *
 * A page size recorded by `check` (a profile) is a hint, not a fact: it is asked for at once, but the
 * server may have lowered its cap since (explore 14 item 2: a profile of 25, a server now giving 10, the
 * fields cut to 10 of 35 without a word). A full page of the hinted size proves it (nothing more is
 * asked, the normal path); a short first page is followed as when the size is unknown, and a cap found
 * below the hint is said (`pageSizeChanged`), with what to do.
 *
 * A page after the first that brings only items already read (a server that ignores `page` answers
 * page 1 again) ends the list too, but the list is then not known to be whole: items past the first
 * page may exist and could not be read. That is said (`cutShort`), never taken as the whole list
 * (explored: fields cut to 25 of 35, validate then told a clerk to "fix the mapping" for a field the
 * account has). An empty page is the end of a whole list.
 *
 * A server that numbers its pages from 0 answers our page 1 with its second page: a list of one page
 * came back empty, a longer one without its first page, and nothing said so (case-request listings
 * catch it against their count; these lists have none). Page 0 is asked, once per connection, only
 * where that can be told without costing the normal path a request: when page 1 is empty, and before
 * a second page is read (a list longer than one page, or a page cut by the server's cap). Page 0
 * holding items page 1 lacks means pages are numbered from 0: the list is read again from page 0 and
 * that is said (`fromZero`); page 0 empty, the same as page 1, or refused means pages start at 1.
 */
import { BadResponseError, NotFoundError, ValidationError } from './errors.ts';
import { unwrapList } from './read-shapes.ts';
import type { ConnectionWords } from './connection-words.ts';
import { capitalised } from '../problems/ways-out.ts';

/** What one connection knows about the server's page size. */
export interface PageSizeMemory {
  /** The server's largest page, when seen (a profile from `check`, or a capped page followed). */
  known: number | null;
  /** The server gave a whole list of this many in one page: its page size is at least this. */
  atLeast: number;
  /** The number of the server's first page, once page 0 was asked (see above); unknown until then. */
  firstPage?: 0 | 1;
  /** A page size recorded earlier (a profile from `check`): asked for, believed once a page proves it. */
  hint?: number;
  /** The server gave pages shorter than the hint: it lowered its cap since (said once, see above). */
  hintContradicted?: { recorded: number; now: number };
}

/** `known`: a size proved on this connection; `hint`: one recorded earlier (a profile), to be proved. */
export function newPageSizeMemory(known: number | null = null, hint?: number): PageSizeMemory {
  return { known, atLeast: known ?? 0, ...(hint ? { hint } : {}) };
}

/** What a list's pages showed of a hinted page size the server no longer gives, in words. */
export function pageSizeChangedWords(
  changed: { recorded: number; now: number },
  words: ConnectionWords,
): string {
  return (
    `the account profile (written by ${words.checkName()}) says Trackops gives pages of ${changed.recorded}, ` +
    `but it now gives pages of ${changed.now}: the lists were read whole with pages of ${changed.now}. ` +
    `${capitalised(words.runCheck())} again to update the profile`
  );
}

export interface ReferencePage {
  /** The list's items as they came (the caller reads each). */
  items: unknown[];
  requests: number;
  /**
   * In words, why the list may hold more than `items` (a later page repeated earlier items: the server
   * seems to ignore `page`); absent when the list ended on a short or empty page.
   */
  cutShort?: string;
  /** In words, when the server numbers its pages from 0 and the list was read from its page 0. */
  fromZero?: string;
  /** In words, when this list found the server's pages shorter than the hinted size (PageSizeMemory.hint). */
  pageSizeChanged?: string;
}

/** What the list's pages showed, said once per list read from page 0. */
function fromZeroWords(words: ConnectionWords): string {
  return (
    'Trackops numbers its pages from 0 (its page 1 is the second page: page 0 held items page 1 did not), ' +
    'so this list was read from page 0; case-request listings of this account may stop with an error ' +
    `(${words.runCheck()})`
  );
}

type FetchPage = (page: number, perPage: number) => Promise<unknown>;

function repeatedWords(page: number, count: number): string {
  return (
    `Trackops answered page ${page} with items of page ${page - 1} again (it seems to ignore the page number), ` +
    `so items past the first ${count} could not be read`
  );
}

/**
 * `fetchPage(page, perPage)` returns the parsed body of one page; throws what the client throws.
 * `unreadable(raw)` builds the error for an answer that is not a list.
 */
export async function readReferencePages(
  fetchPage: FetchPage,
  asked: number,
  memory: PageSizeMemory,
  unreadable: (raw: unknown) => Error,
  idOf: (item: unknown) => unknown,
  /** The host's words for the connection's check, named in what the pages showed. */
  words: ConnectionWords,
): Promise<ReferencePage> {
  // An item without an id is known by its content, so a server repeating it still ends the list.
  const keyOf = (item: unknown): unknown => idOf(item) ?? JSON.stringify(item);
  const fromZero: FetchPage = (page, perPage) => fetchPage(page - 1, perPage);
  // Read from page 0, where the numbering is known to start there (asks no page 0 of its own).
  const readFromZero = async (before: number): Promise<ReferencePage> => {
    const read = await readPages(fromZero, asked, memory, unreadable, keyOf, null);
    if ('fromZeroAfter' in read) throw new Error('readPages asked page 0 without a probe');
    return { ...read, requests: read.requests + before, fromZero: fromZeroWords(words) };
  };
  if (memory.firstPage === 0) return readFromZero(0);
  let probes = 0;
  // Page 0, asked once per connection: does it hold items page 1 (`page1`) does not?
  const probe = async (page1: unknown[], perPage: number): Promise<boolean> => {
    probes += 1;
    let raw: unknown;
    try {
      raw = await fetchPage(0, perPage);
    } catch (error) {
      // A server that refuses page 0 numbers its pages from 1. Anything else still stops the read.
      if (
        error instanceof NotFoundError ||
        error instanceof ValidationError ||
        error instanceof BadResponseError
      ) {
        if (page1.length > 0) memory.firstPage = 1;
        return false;
      }
      throw error;
    }
    const page0 = unwrapList(raw)?.value ?? [];
    const onPage1 = new Set(page1.map(keyOf));
    if (page0.some((item) => !onPage1.has(keyOf(item)))) {
      memory.firstPage = 0;
      return true;
    }
    // Both empty: an empty list, which says nothing about the numbering.
    if (page1.length > 0) memory.firstPage = 1;
    return false;
  };
  const contradictedBefore = memory.hintContradicted;
  const read = await readPages(fetchPage, asked, memory, unreadable, keyOf, probe);
  if ('fromZeroAfter' in read) return readFromZero(read.fromZeroAfter + probes);
  const changed =
    memory.hintContradicted && !contradictedBefore
      ? { pageSizeChanged: pageSizeChangedWords(memory.hintContradicted, words) }
      : {};
  return { ...read, requests: read.requests + probes, ...changed };
}

/**
 * The pages of one list from the first, as numbered by `fetchPage`. `probe`, while the numbering is
 * unknown, asks page 0 where that costs the normal path nothing; `fromZeroAfter` (the requests made)
 * when pages start there.
 */
async function readPages(
  fetchPage: FetchPage,
  asked: number,
  memory: PageSizeMemory,
  unreadable: (raw: unknown) => Error,
  keyOf: (item: unknown) => unknown,
  probe: ((page1: unknown[], perPage: number) => Promise<boolean>) | null,
): Promise<ReferencePage | { fromZeroAfter: number }> {
  // Page 0 is asked at most once per connection: not once the numbering is known.
  const fromZero = async (page1: unknown[]): Promise<boolean> =>
    probe !== null && memory.firstPage === undefined && (await probe(page1, perPage));
  let page1: unknown[] = [];
  const items: unknown[] = [];
  const seen = new Set<unknown>();
  let perPage = memory.known ?? memory.hint ?? asked;
  let requests = 0;
  for (let page = 1; ; page++) {
    const raw = await fetchPage(page, perPage);
    requests += 1;
    const list = unwrapList(raw)?.value;
    if (!list) throw unreadable(raw);
    const fresh = list.filter((item) => {
      const id = keyOf(item);
      if (seen.has(id)) return false;
      seen.add(id);
      return true;
    });
    items.push(...fresh);
    if (page === 1) page1 = list;
    // An empty first page, or a list about to be read past its first page: is page 0 the first?
    if (page === 1 && (list.length === 0 || list.length >= perPage) && (await fromZero(list)))
      return { fromZeroAfter: requests };
    // A page repeating earlier items: a server ignoring `page`, or one numbering from 0 at its end.
    if (list.length > 0 && fresh.length === 0 && page > 1) {
      if (await fromZero(page1)) return { fromZeroAfter: requests };
      return { items, requests, cutShort: repeatedWords(page, items.length) };
    }
    if (list.length === 0 || fresh.length === 0) break;
    if (list.length >= perPage) {
      // A full page of the hinted size proves it: later short pages are ends, as with a known size.
      if (memory.known === null && memory.hint === perPage) memory.known = perPage;
      continue;
    }
    // Shorter than asked: the end, unless the server's page size is this length (a cap).
    const sizeKnown = memory.known !== null || list.length < memory.atLeast;
    if (sizeKnown || page > 1) {
      if (page === 1) memory.atLeast = Math.max(memory.atLeast, list.length);
      break;
    }
    perPage = list.length;
    const next = await fetchPage(2, perPage);
    requests += 1;
    const more = unwrapList(next)?.value;
    if (!more) throw unreadable(next);
    const fresher = more.filter((item) => !seen.has(keyOf(item)));
    // Page 2 repeating page 1: the first page may have been a cap, and the server cannot be asked past it.
    if (more.length > 0 && fresher.length === 0) {
      // As page 2 of a server numbering from 0 does when page 1 was its last.
      if (await fromZero(list)) return { fromZeroAfter: requests };
      // Its page size is at least what it gave in one page: a shorter list later is whole on its first page.
      memory.atLeast = Math.max(memory.atLeast, list.length);
      return { items, requests, cutShort: repeatedWords(2, items.length) };
    }
    if (fresher.length === 0) {
      // The first page was the whole list: the server's page size is at least its length.
      memory.atLeast = Math.max(memory.atLeast, list.length);
      break;
    }
    // It was a cap: the server gives pages of `perPage`; read on with that size. Page 2 of a server
    // numbering from 0 brings new items too: is page 0 the first?
    memory.known = perPage;
    if (memory.hint !== undefined && perPage < memory.hint)
      memory.hintContradicted = { recorded: memory.hint, now: perPage };
    if (await fromZero(list)) return { fromZeroAfter: requests };
    for (const item of fresher) seen.add(keyOf(item));
    items.push(...fresher);
    if (more.length < perPage) break;
    page = 2;
  }
  return { items, requests };
}
