/**
 * The wait for the zip (core/files/sheet-backpressure.ts) that keeps exceljs's streaming writer from
 * piling a sheet's XML up in memory: the export and the streamed reports and results rely on it, and it
 * reads exceljs internals, so this proves they are still there (an exceljs upgrade that moved them would
 * let a long sheet grow in memory again, silently) and that waiting bounds what is held.
 */
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { loadExcelJS } from '../../core/lazy-libraries.ts';
import { ROWS_BETWEEN_WAITS, sheetDrained } from '../../core/files/sheet-backpressure.ts';

/** An output slower than deflate (each chunk taken a turn of the event loop later), counting bytes. */
function slowOutput(): { stream: Writable; bytes: () => number } {
  let bytes = 0;
  const stream = new Writable({
    highWaterMark: 16 * 1024,
    write(chunk: Buffer, _encoding, done) {
      bytes += chunk.length;
      setImmediate(done);
    },
  });
  return { stream, bytes: () => bytes };
}

describe('sheetDrained', () => {
  it('holds a long sheet to a bounded backlog of XML when its writer waits every few rows', async () => {
    const { stream: excel } = await loadExcelJS();
    const output = slowOutput();
    const finished = new Promise((resolve) => output.stream.once('finish', resolve));
    const workbook = new excel.xlsx.WorkbookWriter({ stream: output.stream, useStyles: true });
    const sheet = workbook.addWorksheet('Rows');
    // Text deflate cannot shrink to nothing: each row about 1.5 KB of XML, 6 MB for the sheet.
    const cells = (row: number) =>
      Array.from(
        { length: 30 },
        (_, column) => `r${row}c${column}-${((row * 7919 + column) % 65521).toString(36)}`,
      );
    let largestBacklog = 0;
    const rows = 4000;
    for (let row = 1; row <= rows; row++) {
      sheet.addRow(cells(row)).commit();
      if (row % ROWS_BETWEEN_WAITS !== 0) continue;
      await sheetDrained(sheet);
      const internal = sheet as unknown as {
        _stream?: { pipes?: { _writableState?: { length?: number; needDrain?: boolean } }[] };
      };
      const state = internal._stream?.pipes?.[0]?._writableState;
      // The internals the wait reads: if they are gone, the wait does nothing.
      expect(state?.needDrain).toBeTypeOf('boolean');
      largestBacklog = Math.max(largestBacklog, state!.length!);
    }
    sheet.commit();
    await workbook.commit();
    await finished;
    expect(output.bytes()).toBeGreaterThan(0);
    // At most about one wait's rows (100 × 1.5 KB) and a 64 KB batch beyond the pipe's mark (measured
    // 128-192 KB); without the wait the backlog grew with the sheet (5.4 MB at its end).
    expect(largestBacklog).toBeLessThan(1024 * 1024);
  });
});
