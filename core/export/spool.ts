/**
 * The export's first pass: page through the list endpoint (`mode=count` first for a progress total,
 * then pages of 100, the assumed maximum) while counting what the columns must make room for (subject
 * slots, custom fields, case types); the second pass replays the records in order.
 *
 * The first records stay in memory, up to a budget in JSON bytes (estimated from the first page); only
 * the records past it go to a temporary NDJSON file, one write per page, read back in large chunks.
 * Measured (docs/benchmarks.md, finding 2): per-record writes with their drains, and `readline`, were
 * most of the export's own cost, so an export of a few tens of thousands of requests now never touches
 * the disk, and a larger one writes and parses only what did not fit. Memory stays bounded however many
 * requests there are; the file is deleted when the export ends.
 */
import { createReadStream } from 'node:fs';
import { mkdtemp, open, rm, type FileHandle } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CaseRequestFilters, CaseRequestRecord, TrackopsApi } from '../api/types.ts';
import { addToStats } from './record-values.ts';
import { emptyStats, type ExportStats } from './types.ts';

/** API-NOTES "Assumed": per_page maximum 100. A page shorter than per_page is the last (Known). */
export const EXPORT_PAGE_SIZE = 100;

export const EXPAND_FIELD_VALUES = { expand_field_values: 1 } as const;

/**
 * JSON bytes of records kept in memory before spooling. Parsed objects take a few times their JSON
 * size on the heap, so this keeps the export's resident data around 100 MB at most.
 */
export const IN_MEMORY_BUDGET = 64 * 1024 * 1024;

/** Chunk size for writing and reading the spool: large writes and reads, few event-loop turns. */
const CHUNK = 1024 * 1024;

export interface Spool {
  stats: ExportStats;
  total: number;
  records(): AsyncIterable<CaseRequestRecord>;
  remove(): Promise<void>;
}

export async function spoolRecords(options: {
  api: Pick<TrackopsApi, 'listCaseRequests' | 'countCaseRequests'>;
  filters: CaseRequestFilters;
  signal?: AbortSignal;
  tempDir?: string;
  /** JSON bytes kept in memory before spooling to disk (default IN_MEMORY_BUDGET; 0 spools all). */
  inMemoryBytes?: number;
  onCount?: (total: number) => void;
  onRecords?: (done: number) => void;
}): Promise<Spool> {
  const { api, filters, signal } = options;
  const budget = options.inMemoryBytes ?? IN_MEMORY_BUDGET;
  const count = await api.countCaseRequests(filters, EXPORT_PAGE_SIZE, signal);
  options.onCount?.(count.record_count);
  // API-NOTES Known: without expand_field_values=1 composite values (NAME, ADDRESS) may come back
  // flattened to one string, which cannot be split into the parts the columns need. Not a filter of
  // the seed, so it rides along with the filters (the client passes unknown keys through).
  const expanded: CaseRequestFilters = { ...filters, ...EXPAND_FIELD_VALUES };
  const stats = emptyStats();
  const held: CaseRequestRecord[] = [];
  let heldLimit: number | null = null;
  let file: { dir: string; path: string; handle: FileHandle } | null = null;
  // Text waiting to be written, and the one write in flight: the next pages are fetched and
  // serialised while the disk takes the previous chunk.
  let pending = '';
  let writing: Promise<unknown> = Promise.resolve();
  const remove = async () => {
    await writing.catch(() => {});
    await file?.handle.close().catch(() => {});
    if (file) await rm(file.dir, { recursive: true, force: true });
  };
  try {
    for (let page = 1; ; page++) {
      signal?.throwIfAborted();
      const records = await api.listCaseRequests(
        expanded,
        { page, perPage: EXPORT_PAGE_SIZE, dir: 'asc' },
        signal,
      );
      for (const record of records) addToStats(stats, record);
      heldLimit ??= recordsWithin(budget, records);
      const fit = Math.max(0, Math.min(records.length, heldLimit - held.length));
      for (let index = 0; index < fit; index++) held.push(records[index] as CaseRequestRecord);
      if (fit < records.length) {
        if (!file) {
          const dir = await mkdtemp(join(options.tempDir ?? tmpdir(), 'trackops-export-'));
          const path = join(dir, 'records.ndjson');
          file = { dir, path, handle: await open(path, 'a') };
        }
        for (let index = fit; index < records.length; index++)
          pending += JSON.stringify(records[index]) + '\n';
      }
      const last = records.length < EXPORT_PAGE_SIZE;
      if (file && (pending.length >= CHUNK || (last && pending))) {
        await writing;
        // appendFile writes all of the text (write() may stop short); the catch only keeps a failure
        // from being "unhandled" while a page is fetched: it is awaited, and thrown, right after.
        writing = file.handle.appendFile(pending, 'utf8');
        writing.catch(() => {});
        pending = '';
      }
      options.onRecords?.(stats.records);
      if (last) break;
    }
    await writing;
    await file?.handle.close();
  } catch (error) {
    await remove();
    throw error;
  }
  const path = file?.path ?? null;
  return {
    stats,
    total: stats.records,
    remove,
    async *records() {
      yield* held;
      if (path) yield* spooled(path);
    },
  };
}

/** How many records of about the first page's size fit the budget (at least one page's worth if any). */
function recordsWithin(budget: number, page: CaseRequestRecord[]): number {
  if (budget <= 0 || page.length === 0) return 0;
  let bytes = 0;
  for (const record of page) bytes += JSON.stringify(record).length;
  return Math.max(1, Math.floor(budget / Math.max(1, bytes / page.length)));
}

async function* spooled(path: string): AsyncIterable<CaseRequestRecord> {
  const input = createReadStream(path, { encoding: 'utf8', highWaterMark: CHUNK });
  try {
    let rest = '';
    for await (const chunk of input as AsyncIterable<string>) {
      const text = rest + chunk;
      let start = 0;
      for (let end = text.indexOf('\n'); end !== -1; end = text.indexOf('\n', start)) {
        if (end > start) yield JSON.parse(text.slice(start, end)) as CaseRequestRecord;
        start = end + 1;
      }
      rest = text.slice(start);
    }
    if (rest) yield JSON.parse(rest) as CaseRequestRecord;
  } finally {
    // A reader that stops early (the width sample) must not leave the file open.
    input.destroy();
  }
}
