/**
 * Reference lists may be capped below the page asked for and have no count (API-NOTES Tolerance,
 * "Paging"): a short first page is followed with the size it showed until a shorter or empty page,
 * what is learnt spares later lists the extra request, and a server that ignores paging ends at once.
 */
import { describe, expect, it } from 'vitest';
import { newPageSizeMemory, readReferencePages } from '../../core/api/reference-pages.ts';

function list(total: number, behaviour: { cap?: number; ignorePaging?: boolean } = {}) {
  const items = Array.from({ length: total }, (_, index) => ({ id: index + 1, name: `Item ${index + 1}` }));
  const asked: string[] = [];
  const fetchPage = async (page: number, perPage: number) => {
    asked.push(`${page}x${perPage}`);
    if (behaviour.ignorePaging) return items;
    const size = Math.min(perPage, behaviour.cap ?? Infinity);
    return { data: items.slice((page - 1) * size, page * size) };
  };
  return { fetchPage, asked };
}

const read = (server: ReturnType<typeof list>, memory = newPageSizeMemory()) =>
  readReferencePages(
    server.fetchPage,
    100,
    memory,
    () => new Error('not a list'),
    (item) => (item as { id: number }).id,
  );

describe('reading a reference list whose pages may be capped', () => {
  it('a server capping at 25 still gives all 35 fields, then the size is known', async () => {
    const memory = newPageSizeMemory();
    const server = list(35, { cap: 25 });
    expect((await read(server, memory)).items).toHaveLength(35);
    expect(server.asked).toEqual(['1x100', '2x25']);
    expect(memory.known).toBe(25);
    // The next list shorter than the known size ends on its first page.
    const regions = list(6, { cap: 25 });
    expect((await read(regions, memory)).items).toHaveLength(6);
    expect(regions.asked).toEqual(['1x25']);
  });

  it('a short first page of an uncapped server costs one request more, once per connection', async () => {
    const memory = newPageSizeMemory();
    const fields = list(35);
    expect((await read(fields, memory)).items).toHaveLength(35);
    expect(fields.asked).toEqual(['1x100', '2x35']);
    expect(memory).toEqual({ known: null, atLeast: 35 });
    const regions = list(6);
    await read(regions, memory);
    expect(regions.asked).toEqual(['1x100']);
  });

  it('a cap below a short list (5 of 6 regions) is followed, not taken for the end', async () => {
    const server = list(6, { cap: 5 });
    expect((await read(server)).items.map((item) => (item as { id: number }).id)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('a server that ignores paging answers the whole list every time: ends at the page bringing nothing new', async () => {
    const server = list(30, { ignorePaging: true });
    const listed = await read(server);
    expect(listed.items).toHaveLength(30);
    expect(server.asked).toEqual(['1x100', '2x30']);
    // Page 2 repeating page 1 cannot tell a whole list from a cap: the list is said to be maybe cut short.
    expect(listed.cutShort).toBe(
      'Trackops answered page 2 with items of page 1 again (it seems to ignore the page number), so items past the first 30 could not be read',
    );
  });

  it('an empty page 2 ends a whole list: nothing is said', async () => {
    const listed = await read(list(35));
    expect(listed.items).toHaveLength(35);
    expect(listed.cutShort).toBeUndefined();
  });

  it('items the reader cannot key by id (wrapped, or without one) still end a list that ignores paging', async () => {
    const items = [{ CaseType: { id: 1 } }, { CaseType: { id: 2 } }];
    let asked = 0;
    const read = await readReferencePages(
      async () => {
        asked += 1;
        return items.map((item) => structuredClone(item));
      },
      100,
      newPageSizeMemory(),
      () => new Error('not a list'),
      () => undefined,
    );
    expect(read.items).toHaveLength(2);
    expect(asked).toBe(2);
  });

  it('a page size found by check is asked for at once', async () => {
    const server = list(60, { cap: 25 });
    expect((await read(server, newPageSizeMemory(25))).items).toHaveLength(60);
    expect(server.asked).toEqual(['1x25', '2x25', '3x25']);
  });
});
