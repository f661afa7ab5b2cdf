/**
 * Reference lists may be capped below the page asked for and have no count (API-NOTES Tolerance,
 * "Paging"): a short first page is followed with the size it showed until a shorter or empty page,
 * what is learnt spares later lists the extra request, and a server that ignores paging ends at once.
 */
import { describe, expect, it } from 'vitest';
import { CLI_CONNECTION_WORDS } from '../../cli/connection-words.ts';
import { newPageSizeMemory, readReferencePages } from '../../core/api/reference-pages.ts';

function list(total: number, behaviour: { cap?: number; ignorePaging?: boolean; fromZero?: boolean } = {}) {
  const items = Array.from({ length: total }, (_, index) => ({ id: index + 1, name: `Item ${index + 1}` }));
  const asked: string[] = [];
  const fetchPage = async (page: number, perPage: number) => {
    asked.push(`${page}x${perPage}`);
    if (behaviour.ignorePaging) return items;
    const size = Math.min(perPage, behaviour.cap ?? Infinity);
    // A server numbering from 0 answers page N with what one numbering from 1 gives as page N + 1; the
    // other answers page 0 with nothing.
    const at = behaviour.fromZero ? page : page - 1;
    return { data: at < 0 ? [] : items.slice(at * size, (at + 1) * size) };
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
    CLI_CONNECTION_WORDS,
  );

describe('reading a reference list whose pages may be capped', () => {
  it('a server capping at 25 still gives all 35 fields, then the size is known', async () => {
    const memory = newPageSizeMemory();
    const server = list(35, { cap: 25 });
    expect((await read(server, memory)).items).toHaveLength(35);
    // The cap followed, page 0 is asked once (a server numbering from 0 would look the same so far).
    expect(server.asked).toEqual(['1x100', '2x25', '0x25']);
    expect(memory.known).toBe(25);
    expect(memory.firstPage).toBe(1);
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
    // Page 0 too: a server numbering from 0 repeats itself at the end of a list in the same way.
    expect(server.asked).toEqual(['1x100', '2x30', '0x30']);
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
      CLI_CONNECTION_WORDS,
    );
    expect(read.items).toHaveLength(2);
    expect(asked).toBe(3);
  });

  it('a page size found by check is asked for at once', async () => {
    const server = list(60, { cap: 25 });
    expect((await read(server, newPageSizeMemory(25))).items).toHaveLength(60);
    // Page 0 once, before the second page: a list longer than a page is where numbering from 0 hides.
    expect(server.asked).toEqual(['1x25', '0x25', '2x25', '3x25']);
  });
});

describe('a page size a profile recorded (a hint)', () => {
  it('rule: a server that lowered its cap since is followed past the short page, and that is said once', async () => {
    const memory = newPageSizeMemory(null, 25);
    const fields = list(35, { cap: 10 });
    const read35 = await read(fields, memory);
    expect(read35.items).toHaveLength(35);
    expect(read35.pageSizeChanged).toMatch(/says Trackops gives pages of 25, but it now gives pages of 10/);
    expect(fields.asked).toEqual(['1x25', '2x10', '0x10', '3x10', '4x10']);
    // Learnt: the next list asks pages of 10 and says nothing again.
    const types = list(12, { cap: 10 });
    const read12 = await read(types, memory);
    expect(read12.items).toHaveLength(12);
    expect(read12.pageSizeChanged).toBeUndefined();
    expect(types.asked).toEqual(['1x10', '2x10']);
  });

  it('rule: a full page of the hinted size proves it: no request more than with a known size', async () => {
    const memory = newPageSizeMemory(null, 25);
    const server = list(60, { cap: 25 });
    const listed = await read(server, memory);
    expect(listed.items).toHaveLength(60);
    expect(listed.pageSizeChanged).toBeUndefined();
    expect(server.asked).toEqual(['1x25', '0x25', '2x25', '3x25']);
    const regions = list(6, { cap: 25 });
    await read(regions, memory);
    expect(regions.asked).toEqual(['1x25']);
  });

  it('a short first list before any proof costs the one request a connection without a profile pays', async () => {
    const memory = newPageSizeMemory(null, 25);
    const regions = list(6, { cap: 25 });
    expect((await read(regions, memory)).items).toHaveLength(6);
    expect(regions.asked).toEqual(['1x25', '2x6']);
  });
});

describe('reading a reference list from a server that numbers its pages from 0', () => {
  it('rule: a list of one page (page 1 empty) is read from page 0 and said so; later lists ask no page 0', async () => {
    const memory = newPageSizeMemory();
    const regions = list(6, { fromZero: true });
    const listed = await read(regions, memory);
    expect(listed.items.map((item) => (item as { id: number }).id)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(listed.fromZero).toMatch(/^Trackops numbers its pages from 0/);
    expect(listed.cutShort).toBeUndefined();
    // Page 1 empty, page 0 asked (holding the list), then read again from page 0 on (its page size
    // unknown, the first list asks the page after a short one as ever: here page 1 of 6).
    expect(regions.asked).toEqual(['1x100', '0x100', '0x100', '1x6']);
    const types = list(3, { fromZero: true });
    expect((await read(types, memory)).items).toHaveLength(3);
    expect(types.asked).toEqual(['0x100']);
  });

  it('rule: a capped list longer than a page is read whole from page 0, not without its first page', async () => {
    const fields = list(35, { cap: 25, fromZero: true });
    const listed = await read(fields);
    expect(listed.items.map((item) => (item as { id: number }).id)).toEqual(
      Array.from({ length: 35 }, (_, index) => index + 1),
    );
    expect(listed.fromZero).toBeDefined();
  });

  it('a server numbering from 1 whose lists fit on one page is asked no page 0', async () => {
    const memory = newPageSizeMemory(25);
    const regions = list(6);
    const listed = await read(regions, memory);
    expect(regions.asked).toEqual(['1x25']);
    expect(listed.fromZero).toBeUndefined();
  });
});
