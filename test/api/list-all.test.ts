import { describe, expect, it } from 'vitest';
import {
  beyondCountWords,
  IncompleteListingError,
  listAllCaseRequests,
  type ListingProgress,
} from '../../core/api/list-all.ts';
import type { CaseRequestRecord, TrackopsApi } from '../../core/api/types.ts';

type Lister = Pick<TrackopsApi, 'listCaseRequests' | 'countCaseRequests'>;

/** A server that holds `total` records and pages them its own way (the ways a real one might). */
function server(
  total: number,
  behaviour: { cap?: number; ignorePage?: boolean; loseAfter?: number; countDelta?: number } = {},
): Lister & { asked: { page: number; perPage: number }[] } {
  const records: CaseRequestRecord[] = Array.from({ length: total }, (_, index) => ({ id: index + 1 }));
  const asked: { page: number; perPage: number }[] = [];
  return {
    asked,
    async countCaseRequests(_filters, perPage) {
      const counted = total + (behaviour.countDelta ?? 0);
      return { record_count: counted, page_count: Math.ceil(counted / perPage) };
    },
    async listCaseRequests(_filters, page) {
      asked.push({ page: page.page, perPage: page.perPage });
      const size = Math.min(page.perPage, behaviour.cap ?? Infinity);
      const start = behaviour.ignorePage ? 0 : (page.page - 1) * size;
      const held = behaviour.loseAfter === undefined ? records : records.slice(0, behaviour.loseAfter);
      return held.slice(start, start + size);
    },
  };
}

describe('listing every case request: complete only when the server count is reached', () => {
  it('a server that caps per_page at 25 still gives all 60 records (later pages asked at 25)', async () => {
    const api = server(60, { cap: 25 });
    const progress: ListingProgress[] = [];
    const all = await listAllCaseRequests(api, {}, { onProgress: (p) => progress.push(p) });
    expect(all.map((record) => record.id)).toEqual(Array.from({ length: 60 }, (_, index) => index + 1));
    expect(api.asked).toEqual([
      { page: 1, perPage: 100 },
      { page: 2, perPage: 25 },
      { page: 3, perPage: 25 },
    ]);
    expect(progress.at(-1)).toEqual({ expected: 60, received: 60, pages: 3, pageSize: 25 });
  });

  it('an uncapped server is listed in full pages, and a short last page ends it', async () => {
    const api = server(230);
    const all = await listAllCaseRequests(api, {});
    expect(all).toHaveLength(230);
    expect(api.asked.map((asked) => asked.page)).toEqual([1, 2, 3]);
  });

  it('an empty account takes one count and one page', async () => {
    const api = server(0);
    expect(await listAllCaseRequests(api, {})).toEqual([]);
    expect(api.asked).toHaveLength(1);
  });

  it('pages that end before the count are read again once (a request may have left), then an error that says how many of how many', async () => {
    const api = server(60, { loseAfter: 40 });
    const error = await listAllCaseRequests(api, { created_from: '2026-01-01' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IncompleteListingError);
    expect((error as IncompleteListingError).expected).toBe(60);
    expect((error as IncompleteListingError).received).toBe(40);
    expect((error as Error).message).toBe(
      "Trackops's list for created_from=2026-01-01 could not be read whole, twice: the server counted 60 case " +
        'requests but its pages ended after 40, and reading it again from the start, the server counted 60 case ' +
        'requests but its pages ended after 40. Requests added or deleted while the list is read shift its pages, ' +
        'so a request can be on no page: nothing was left out silently. Run it again when fewer people are at work ' +
        "in Trackops; if it persists, the server's paging or its count does not work as expected (run trackops-bulk check).",
    );
    // Both readings: pages 1 (40 of 100 asked: the page size is then 40) and 2 (empty), twice.
    expect(api.asked.map((asked) => asked.page)).toEqual([1, 2, 1, 2]);
  });

  it('a server that ignores page (the same records again) is an error, not an endless loop', async () => {
    const api = server(60, { cap: 25, ignorePage: true });
    const error = await listAllCaseRequests(api, {}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IncompleteListingError);
    expect((error as Error).message).toContain('repeated earlier records');
    expect(api.asked).toHaveLength(2);
  });

  it('a count lower than the list, reached on a full page: read on to the short page, every record kept', async () => {
    const api = server(36, { cap: 10, countDelta: -10 });
    const progress: ListingProgress[] = [];
    const all = await listAllCaseRequests(api, {}, { onProgress: (p) => progress.push(p) });
    expect(all).toHaveLength(36);
    expect(api.asked.map((asked) => asked.page)).toEqual([1, 2, 3, 4]);
    expect(progress.at(-1)).toMatchObject({ expected: 26, received: 36 });
    expect(beyondCountWords(progress.at(-1)!)).toContain(
      'Trackops counted 26 case requests, but its list held 36',
    );
  });

  it('a count of 0 (lagging) on a server that caps its pages: the short first page is tested as a cap, and kept as one', async () => {
    // A short first page holding more than its count is a guess between a cap and a count that lags:
    // the page after it, asked at its size, came back full, so the cap stands and every record is read.
    const api = server(36, { cap: 10, countDelta: -36 });
    const all = await listAllCaseRequests(api, {});
    expect(all.map((record) => record.id)).toEqual(Array.from({ length: 36 }, (_, index) => index + 1));
    expect(api.asked).toEqual([
      { page: 1, perPage: 100 },
      { page: 2, perPage: 10 },
      { page: 3, perPage: 10 },
      { page: 4, perPage: 10 },
    ]);
  });

  it('a list that overran its count and then repeated itself cannot be read whole: an error', async () => {
    const api = server(36, { cap: 10, countDelta: -31, ignorePage: true });
    const error = await listAllCaseRequests(api, { expand_field_values: 1 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IncompleteListingError);
    expect((error as Error).message).toBe(
      'The server counted 5 case requests in the account, but its pages held more (10 so far), and then page 2 ' +
        'repeated earlier records (the server may ignore the page number): neither the count nor the pages say ' +
        "where the list ends, so it cannot be read whole. The server's count or its paging does not work as " +
        'expected (run trackops-bulk check).',
    );
  });

  it('a list past its count asks the count once more: one that now agrees means requests were added', async () => {
    // The first count was read before two requests were added (a colleague at work mid-listing).
    const api = server(38, { cap: 10 });
    let counts = 0;
    const count = api.countCaseRequests.bind(api);
    api.countCaseRequests = async (filters, perPage, signal) => {
      counts += 1;
      const answer = await count(filters, perPage, signal);
      return counts === 1 ? { record_count: 36, page_count: 4 } : answer;
    };
    const progress: ListingProgress[] = [];
    expect(await listAllCaseRequests(api, {}, { onProgress: (p) => progress.push(p) })).toHaveLength(38);
    expect(counts).toBe(2);
    expect(progress.at(-1)).toMatchObject({ expected: 36, received: 38, recount: 38 });
    expect(beyondCountWords(progress.at(-1)!)).toBe(
      '2 requests were added while the list was read; all were read',
    );
  });

  it('a re-count that fails leaves the list whole and says the reason is not known', async () => {
    const api = server(36, { cap: 10, countDelta: -10 });
    let counts = 0;
    const count = api.countCaseRequests.bind(api);
    api.countCaseRequests = async (filters, perPage, signal) => {
      if (++counts > 1) throw new Error('connection reset');
      return count(filters, perPage, signal);
    };
    const progress: ListingProgress[] = [];
    expect(await listAllCaseRequests(api, {}, { onProgress: (p) => progress.push(p) })).toHaveLength(36);
    expect(progress.at(-1)).toMatchObject({ received: 36, recount: null });
    expect(beyondCountWords(progress.at(-1)!)).toContain(
      'Asking the count again at the end failed, so whether requests were added while the list was read or the count is wrong is not known',
    );
  });

  it('a list that matches its count asks it no second time', async () => {
    const api = server(36, { cap: 10 });
    let counts = 0;
    const count = api.countCaseRequests.bind(api);
    api.countCaseRequests = async (filters, perPage, signal) => {
      counts += 1;
      return count(filters, perPage, signal);
    };
    await listAllCaseRequests(api, {});
    expect(counts).toBe(1);
  });
});

/**
 * A server whose list moves while it is read: each listing (begun by its count) has one request not
 * yet there; it is inserted in page 1's range once page 1 was served, so page 2 begins with page 1's
 * last record again and the new request is on no page of that reading.
 */
function shiftingServer(total: number, inserted: number[], cap: number) {
  const hidden = new Set(inserted);
  const asked: string[] = [];
  let pending: number | undefined;
  const api: Lister = {
    async countCaseRequests(_filters, perPage) {
      asked.push('count');
      pending = [...hidden][0];
      const counted = total - hidden.size;
      return { record_count: counted, page_count: Math.ceil(counted / perPage) };
    },
    async listCaseRequests(_filters, page) {
      asked.push(`page ${page.page}`);
      const size = Math.min(page.perPage, cap);
      const held = Array.from({ length: total }, (_, index) => ({ id: index + 1 })).filter(
        (record) => !hidden.has(record.id),
      );
      const answer = held.slice((page.page - 1) * size, page.page * size);
      if (page.page === 1 && pending !== undefined) hidden.delete(pending);
      return answer;
    },
  };
  return { api, asked };
}

describe('a list that moves while it is read (a page repeats what an earlier page gave)', () => {
  it('is counted and read again from the start: the request on no page of the first reading is listed', async () => {
    // 36 requests, request 5 inserted after page 1 was read: the first reading holds 35 distinct
    // requests for a count of 35, and request 5 on no page.
    const { api, asked } = shiftingServer(36, [5], 10);
    const progress: ListingProgress[] = [];
    const all = await listAllCaseRequests(api, {}, { onProgress: (p) => progress.push(p) });
    expect(all.map((record) => record.id).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 36 }, (_, index) => index + 1),
    );
    expect(new Set(all.map((record) => record.id)).size).toBe(36);
    expect(asked).toEqual([
      'count',
      ...['page 1', 'page 2', 'page 3', 'page 4'],
      'count',
      ...['page 1', 'page 2', 'page 3', 'page 4'],
    ]);
    expect(progress.at(-1)).toMatchObject({
      expected: 35,
      received: 36,
      recount: 36,
      moved: { page: 2, repeated: 1 },
    });
    expect(beyondCountWords(progress.at(-1)!)).toBe(
      "Trackops's list moved while it was read (page 2 repeated 1 request an earlier page gave: a request added " +
        'or deleted meanwhile shifts the pages and can leave one on no page), so it was read again from the start: ' +
        'Trackops counted 35 before and 36 after, and all 36 requests the two readings held were read',
    );
  });

  it('a list that moves on the second reading too is refused, saying so', async () => {
    const { api } = shiftingServer(36, [5, 6], 10);
    const error = await listAllCaseRequests(api, {}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IncompleteListingError);
    expect((error as Error).message).toBe(
      "Trackops's list in the account moved while it was read, twice: page 2 repeated 1 request an earlier page " +
        'gave, and reading it again from the start, page 2 repeated 1 request an earlier page gave. Requests added ' +
        'or deleted while the list is read shift its pages, so a request can be on no page: nothing was left out ' +
        "silently. Run it again when fewer people are at work in Trackops; if it persists, the server's paging " +
        'does not work as expected (run trackops-bulk check).',
    );
  });
});
