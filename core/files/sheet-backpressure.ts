/**
 * Backpressure for exceljs's streaming WorkbookWriter. Each sheet's XML goes through exceljs's StreamBuf
 * into archiver's deflate stream, and StreamBuf ignores what `write()` answers: a producer faster than
 * deflate piles the uncompressed XML up in memory (measured on exports: 240 MB of buffers for 100k
 * rows, 10 MB with this wait; on a 100,000-row validation report, 110 MB growing with the rows). So
 * writers of long sheets wait here every so many rows until deflate has caught up.
 *
 * The sheet's stream and its pipe are exceljs internals (4.4.0), read defensively: if they are not
 * there, rows are still written, only without this throttle.
 */

/** How many rows a writer commits between two waits: often enough to keep the backlog to a few MB. */
export const ROWS_BETWEEN_WAITS = 100;

/** Resolves once the zip has taken in what `sheet` (an exceljs streamed worksheet) has written so far. */
export async function sheetDrained(sheet: unknown): Promise<void> {
  const internal = sheet as { _stream?: { pipes?: unknown[] } } | null;
  const pipe = internal?._stream?.pipes?.[0] as
    | { _writableState?: { needDrain?: boolean }; once?: (event: string, listener: () => void) => void }
    | undefined;
  if (pipe?._writableState?.needDrain && pipe.once) {
    await new Promise<void>((resolve) => pipe.once!('drain', resolve));
  }
}
