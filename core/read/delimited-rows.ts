/**
 * Records of a delimited text file as a stream, parsed chunk by chunk with Papa Parse's own parser
 * (the same loop its streaming API runs): the unfinished record at the end of a chunk is carried into
 * the next, so quoted fields may hold delimiters, quotes and line breaks across chunk boundaries.
 */
import Papa from 'papaparse';
import type { ByteSource, Cell, SourceRow } from './types.ts';
import { decodedChunks } from './text-encoding.ts';
import type { LineBreak } from './delimited-layout.ts';

export interface DelimitedLayout {
  encoding: string;
  delimiter: string;
  newline: LineBreak;
  /** The file starts with Excel's "sep=X" line, which Excel does not show as a row. */
  skipSeparatorHint?: boolean;
}

function toCells(fields: string[]): Cell[] {
  const cells: Cell[] = new Array(fields.length);
  for (let index = 0; index < fields.length; index++) {
    const field = fields[index] as string;
    cells[index] = field === '' ? null : field;
  }
  return cells;
}

/** Every record with its 1-based number: the row a person sees when the file is opened in Excel. */
export async function* delimitedRows(
  source: ByteSource,
  layout: DelimitedLayout,
  signal?: AbortSignal,
): AsyncGenerator<SourceRow> {
  for await (const batch of delimitedRowBatches(source, layout, signal)) yield* batch;
}

/**
 * The same records in arrays, one per decoded chunk: a consumer that handles rows synchronously
 * (validation) awaits once per chunk instead of once per row and per generator in between.
 */
export async function* delimitedRowBatches(
  source: ByteSource,
  layout: DelimitedLayout,
  signal?: AbortSignal,
): AsyncGenerator<SourceRow[]> {
  const parser = new Papa.Parser({ delimiter: layout.delimiter, newline: layout.newline, quoteChar: '"' });
  let carried = '';
  let rowNumber = 0;
  let skipHint = layout.skipSeparatorHint === true;
  const chunks = decodedChunks(source, layout.encoding);
  for (let done = false; !done;) {
    signal?.throwIfAborted();
    const next = await chunks.next();
    done = next.done === true;
    const text = done ? carried : carried + next.value;
    if (done && text === '') break;
    const parsed = parser.parse(text, 0, !done) as { data: string[][]; meta: { cursor: number } };
    carried = done ? '' : text.slice(parsed.meta.cursor);
    const batch: SourceRow[] = [];
    for (const fields of parsed.data) {
      if (skipHint) {
        skipHint = false;
        continue;
      }
      rowNumber++;
      batch.push({ row: rowNumber, cells: toCells(fields) });
    }
    if (batch.length > 0) yield batch;
  }
}
