/**
 * Every page of one reference list (case types, regions, fields, …). These lists may have no count
 * mode, and a server may cap `per_page` below what we ask (API-NOTES Tolerance, "Paging"), so a page
 * shorter than asked is not proof of the end: it may be the cap. Rule: a page shorter than the
 * server's page size is the last; while that size is unknown, a short first page is followed by one
 * more page asked with the size it showed (so page numbers agree), and the list ends at an empty page,
 * a page shorter than that size, or a page that brings nothing new (a server that ignores paging).
 * What a connection learns about the page size is kept, so only its first list pays the extra request.
 *
 * A page after the first that brings only items already read (a server that ignores `page` answers
 * page 1 again) ends the list too, but the list is then not known to be whole: items past the first
 * page may exist and could not be read. That is said (`cutShort`), never taken as the whole list
 * (explored: fields cut to 25 of 35, validate then told a clerk to "fix the mapping" for a field the
 * account has). An empty page is the end of a whole list.
 */
import { unwrapList } from './read-shapes.ts';

/** What one connection knows about the server's page size. */
export interface PageSizeMemory {
  /** The server's largest page, when seen (a profile from `check`, or a capped page followed). */
  known: number | null;
  /** The server gave a whole list of this many in one page: its page size is at least this. */
  atLeast: number;
}

export function newPageSizeMemory(known: number | null = null): PageSizeMemory {
  return { known, atLeast: known ?? 0 };
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
}

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
  fetchPage: (page: number, perPage: number) => Promise<unknown>,
  asked: number,
  memory: PageSizeMemory,
  unreadable: (raw: unknown) => Error,
  idOf: (item: unknown) => unknown,
): Promise<ReferencePage> {
  const items: unknown[] = [];
  const seen = new Set<unknown>();
  // An item without an id is known by its content, so a server repeating it still ends the list.
  const keyOf = (item: unknown): unknown => idOf(item) ?? JSON.stringify(item);
  let perPage = memory.known ?? asked;
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
    if (list.length > 0 && fresh.length === 0 && page > 1)
      return { items, requests, cutShort: repeatedWords(page, items.length) };
    if (list.length === 0 || fresh.length === 0) break;
    if (list.length >= perPage) continue;
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
      // Its page size is at least what it gave in one page: a shorter list later is whole on its first page.
      memory.atLeast = Math.max(memory.atLeast, list.length);
      return { items, requests, cutShort: repeatedWords(2, items.length) };
    }
    if (fresher.length === 0) {
      // The first page was the whole list: the server's page size is at least its length.
      memory.atLeast = Math.max(memory.atLeast, list.length);
      break;
    }
    // It was a cap: the server gives pages of `perPage`; read on with that size.
    memory.known = perPage;
    for (const item of fresher) seen.add(keyOf(item));
    items.push(...fresher);
    if (more.length < perPage) break;
    page = 2;
  }
  return { items, requests };
}
