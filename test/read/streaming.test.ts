/**
 * Rows stream: a 100,000 × 40 file is read without holding it — each row arrives while only a few
 * chunks more than it have been read — and a read can be cancelled with an AbortSignal. (Memory over
 * time is measured by the benchmark, issue 8.)
 */
import { describe, expect, it } from 'vitest';
import { fileSource, openSheet, type ByteSource } from '../../core/index.ts';
import { allRows, fixture } from './helpers.ts';

/** A large CSV produced on the fly in chunks of 500 rows, counting the chunks handed out per open(). */
function generatedCsv(rows: number, columns: number): ByteSource & { chunksRead: () => number } {
  const encoder = new TextEncoder();
  let chunksRead = 0;
  return {
    name: 'generated.csv',
    chunksRead: () => chunksRead,
    async *open() {
      chunksRead = 0;
      yield encoder.encode(
        Array.from({ length: columns }, (_, index) => `Column ${index + 1}`).join(',') + '\r\n',
      );
      const batch: string[] = [];
      for (let row = 0; row < rows; row++) {
        const cells = [`C-${row}`, '"Müller, Jörg"', '2024-01-05'];
        for (let column = 3; column < columns; column++) cells.push(`value ${row % 97} of ${column}`);
        batch.push(cells.join(','));
        if (batch.length === 500) {
          chunksRead++;
          yield encoder.encode(batch.join('\r\n') + '\r\n');
          batch.length = 0;
        }
      }
      if (batch.length > 0) yield encoder.encode(batch.join('\r\n') + '\r\n');
    },
  };
}

describe('streaming', () => {
  it('reads 100,000 rows × 40 columns (~60 MB) while holding only a chunk or two ahead of the current row', async () => {
    const source = generatedCsv(100_000, 40);
    const sheet = await openSheet(source);
    expect(sheet.headers).toHaveLength(40);
    let count = 0;
    let furthestAhead = 0;
    for await (const row of sheet.rows()) {
      count++;
      // Row n (1-based data row) lives in chunk ceil(n / 500); the reader may have read a little past it.
      furthestAhead = Math.max(furthestAhead, source.chunksRead() - Math.ceil(count / 500));
      if (count === 1) expect(row.cells.slice(0, 3)).toEqual(['C-0', 'Müller, Jörg', '2024-01-05']);
    }
    expect(count).toBe(100_000);
    expect(source.chunksRead()).toBe(200);
    expect(furthestAhead).toBeLessThanOrEqual(2);
  });

  it('stops when the signal is aborted', async () => {
    const controller = new AbortController();
    const sheet = await openSheet(generatedCsv(100_000, 5), { signal: controller.signal });
    let count = 0;
    const reading = (async () => {
      for await (const _ of sheet.rows()) {
        if (++count === 1000) controller.abort();
      }
    })();
    await expect(reading).rejects.toThrow(/aborted/i);
    expect(count).toBeLessThan(100_000);
  });

  it("an open workbook's shared strings and formats are read once: a later pass reads only the sheet", async () => {
    const file = fileSource(fixture('libreoffice-referrals.xlsx'));
    let opens = 0;
    const counted: ByteSource = {
      name: file.name,
      open() {
        opens++;
        return file.open();
      },
    };
    const sheet = await openSheet(counted);
    const first = await allRows(sheet);
    const before = opens;
    const second = await allRows(sheet);
    expect(second).toEqual(first);
    expect(first.length).toBeGreaterThan(0);
    // One open of the file for the sheet's XML; the shared strings and styles are not read again.
    expect(opens - before).toBe(1);
  });
});
