/**
 * The CSV export's spool: records past the in-memory budget are written as the CSV lines they will
 * become, as they arrive, instead of as JSON to be parsed and rendered after the last page. Serialising
 * and parsing the records was the whole gap between the CSV export and papaparse's unparse
 * (docs/benchmarks.md, finding 2); this way a spooled row costs what a held one does, plus a file copy.
 *
 * The columns are final only after the last record, but they only ever grow: a column exists because
 * some record has a case type, field, subject slot or reference value, and `addToStats` reports when a
 * record brings a new one. Rows are therefore written in segments, one file per column set. A segment
 * whose columns (by key) are the final ones is copied as it is; an older one is read back and each row
 * spread onto the final columns, the new ones empty (the rows in it had no value for them, or the
 * columns would have grown before them).
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { fileSource } from '../read/byte-sources.ts';
import { delimitedRows } from '../read/delimited-rows.ts';
import type { CaseRequestRecord } from '../api/types.ts';
import { csvRecordLine, quote } from '../files/csv-writer.ts';
import { SPOOL_CHUNK, SpoolFile } from './spool-file.ts';
import type { ExportColumn, ExportStats } from './types.ts';

interface Segment {
  file: SpoolFile;
  keys: string[];
  rows: number;
}

/**
 * A piece of the spooled CSV: the file's own UTF-8 bytes when its columns are the final ones (copied
 * without decoding and encoding them again), or rows spread onto the final columns as text; with how
 * many spooled rows are written once it is (for progress).
 */
export type CsvTailChunk = { bytes: Uint8Array; rowsDone: number } | { text: string; rowsDone: number };

export class CsvRowSpool {
  private readonly dir: string;
  private readonly columnsFor: (stats: ExportStats) => ExportColumn[];
  private readonly segments: Segment[] = [];
  private columns: ExportColumn[] = [];

  constructor(dir: string, columnsFor: (stats: ExportStats) => ExportColumn[]) {
    this.dir = dir;
    this.columnsFor = columnsFor;
  }

  /** A record already counted into `stats`; `grew` is what that count returned. */
  async add(record: CaseRequestRecord, stats: ExportStats, grew: boolean): Promise<void> {
    let segment = this.segments.at(-1);
    if (!segment || grew) {
      const columns = this.columnsFor(stats);
      const keys = columns.map((column) => column.key);
      if (!segment || !sameKeys(keys, segment.keys)) {
        await segment?.file.close();
        const file = await SpoolFile.create(join(this.dir, `rows-${this.segments.length + 1}.csv`));
        segment = { file, keys, rows: 0 };
        this.segments.push(segment);
      }
      this.columns = columns;
    }
    segment.rows += 1;
    await segment.file.append(csvRecordLine(this.columns, record));
  }

  async finish(): Promise<void> {
    await this.segments.at(-1)?.file.close();
  }

  async discard(): Promise<void> {
    for (const segment of this.segments) await segment.file.discard();
  }

  /** The spooled rows as CSV for the final columns, in the order the records came. */
  async *lines(final: ExportColumn[], signal?: AbortSignal): AsyncIterable<CsvTailChunk> {
    const finalKeys = final.map((column) => column.key);
    let before = 0;
    for (const segment of this.segments) {
      signal?.throwIfAborted();
      if (sameKeys(segment.keys, finalKeys)) {
        const size = Math.max(1, (await stat(segment.file.path)).size);
        let read = 0;
        for await (const bytes of fileBytes(segment.file.path)) {
          read += bytes.length;
          yield { bytes, rowsDone: before + Math.floor((segment.rows * read) / size) };
        }
      } else {
        for await (const { text, rows } of spreadRows(segment, finalKeys, signal))
          yield { text, rowsDone: before + rows };
      }
      before += segment.rows;
    }
  }
}

function sameKeys(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((key, index) => key === b[index]);
}

async function* fileBytes(path: string): AsyncIterable<Uint8Array> {
  const input = createReadStream(path, { highWaterMark: SPOOL_CHUNK });
  try {
    yield* input as AsyncIterable<Buffer>;
  } finally {
    input.destroy();
  }
}

/** Rows written with fewer columns, spread onto the final ones (the text is already formula-guarded). */
async function* spreadRows(
  segment: Segment,
  finalKeys: string[],
  signal?: AbortSignal,
): AsyncIterable<{ text: string; rows: number }> {
  const from = finalKeys.map((key) => segment.keys.indexOf(key));
  const lost = segment.keys.filter((key) => !finalKeys.includes(key));
  if (lost.length) {
    // Cannot happen while columns only grow; refuse rather than drop a value without a word.
    throw new Error(`export columns shrank while spooling (${lost.join(', ')}): nothing was written`);
  }
  const layout = { encoding: 'utf-8', delimiter: ',', newline: '\r\n' as const };
  let text = '';
  let rows = 0;
  for await (const { cells } of delimitedRows(fileSource(segment.file.path), layout, signal)) {
    const fields = from.map((index) => (index === -1 ? '' : quote((cells[index] as string | null) ?? '')));
    text += fields.join(',') + '\r\n';
    rows += 1;
    if (text.length >= SPOOL_CHUNK) {
      yield { text, rows };
      text = '';
    }
  }
  if (text) yield { text, rows };
}
