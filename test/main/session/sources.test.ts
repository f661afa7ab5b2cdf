/**
 * The app's open files (main/session/sources.ts, issue 13): one read of a sheet serves the preview, the
 * mapping's sample and every dry run, even passes begun while that read is still going, and a read
 * that keeps nothing (a sheet too large to keep) still gives every row exactly once.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeXlsx } from '../../../bench/generate.ts';
import { bytesSource, cellText, openSheet, type SheetSource } from '../../../core/index.ts';
import { SourceRegistry } from '../../../main/session/sources.ts';

const ROWS = 3000;
let dir = '';
let bytes: Uint8Array;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'trackops-sources-'));
  // exceljs's streaming writer, shared strings: the bench's referral layout (bench/generate.ts).
  await writeXlsx(join(dir, 'referrals.xlsx'), ROWS);
  bytes = await readFile(join(dir, 'referrals.xlsx'));
}, 60_000);
afterAll(() => rm(dir, { recursive: true, force: true }));

async function everyRow(sheet: SheetSource): Promise<{ row: number; cells: string[] }[]> {
  const rows: { row: number; cells: string[] }[] = [];
  for await (const batch of sheet.rowBatches())
    for (const row of batch) rows.push({ row: row.row, cells: row.cells.map(cellText) });
  return rows;
}

describe('a sheet read once for every pass', () => {
  it('passes begun before, during and after the first read give the rows a fresh read gives', async () => {
    const direct = await everyRow(await openSheet(bytesSource('referrals.xlsx', bytes)));
    expect(direct).toHaveLength(ROWS);
    for (const cachedCells of [4_000_000, 20_000]) {
      // 20,000 cells (500 rows): the read stops keeping rows after the first batches, and every pass, even one
      // that has already given rows from memory, goes on from the file after the last row it gave.
      const sources = new SourceRegistry({ cachedCells });
      const { sourceId } = await sources.open('referrals.xlsx', bytes);
      const sheet = await sources.sheet(sourceId);
      const [first, second] = await Promise.all([everyRow(sheet), everyRow(sheet)]);
      const third = await everyRow(sheet);
      expect(first).toEqual(direct);
      expect(second).toEqual(direct);
      expect(third).toEqual(direct);
      expect(sheet.blankRowsSkipped()).toBe(0);
    }
  }, 60_000);

  it('the read leaves the app free to answer while it goes (bytes in memory never make it wait)', async () => {
    // Delimited text in memory is read without a single wait of its own (an XLSX waits on inflating).
    const lines = ['Claim Number,Claimant Last Name'];
    for (let index = 1; index <= 20_000; index++) lines.push(`CLM-${index},Smith${index}`);
    // A slice of no time: the read lets the app answer after every batch, however fast it reads here.
    const sources = new SourceRegistry({ readSliceMs: 0 });
    const { sourceId } = await sources.open('referrals.csv', Buffer.from(lines.join('\r\n')));
    // A task queued now runs between two slices of the read, not after its last row.
    await new Promise((resolve) => setImmediate(resolve));
    await expect(sources.isRead(sourceId)).resolves.toBe(false);
    await everyRow(await sources.sheet(sourceId));
    await expect(sources.isRead(sourceId)).resolves.toBe(true);
  }, 60_000);

  it('the file step gets the preview with the file, the same previewSheet gives', async () => {
    const sources = new SourceRegistry();
    const opened = await sources.open('referrals.xlsx', bytes);
    const again = await sources.preview(opened.sourceId, { sheet: opened.chosenSheet! });
    expect(opened.preview).toEqual(again);
    expect(again.headerRow).toBe(1);
    expect(again.rows.map((row) => row.row)).toEqual(Array.from({ length: 20 }, (_, index) => index + 2));
    // Header in row 1: the top of the sheet is that header and the first data rows.
    expect(again.topRows[0]).toEqual({ row: 1, cells: again.headers });
    expect(again.topRows.slice(1)).toEqual(again.rows.slice(0, 11));
  }, 60_000);
});
