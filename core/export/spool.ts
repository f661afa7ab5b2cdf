/**
 * The export's first pass: page through the list endpoint (`mode=count` first, then pages of 100, the
 * assumed maximum, or of whatever size the server really gives) while counting what the columns must
 * make room for (subject slots, custom fields, case types); the second pass replays the records in
 * order. The listing is complete only at the server's own count (api/list-all.ts): an export that
 * comes up short fails with a message saying so, never a short file.
 *
 * The first records stay in memory, up to a budget in JSON bytes (estimated from the first page). What
 * does not fit goes to a temporary folder, deleted when the export ends, so memory stays bounded however
 * many requests there are:
 * - for XLSX, as NDJSON records, written a chunk at a time and read back in large chunks (the XLSX
 *   writer needs typed cells, and its own cost hides the spool's);
 * - for CSV, as the CSV lines they become (csv-row-spool.ts), when the caller passes `csvColumns`:
 *   no JSON is written or parsed at all.
 * Measured (docs/benchmarks.md, finding 2): per-record writes with their drains, `readline`, and then
 * `JSON.stringify`/`JSON.parse` of the spooled records were in turn most of the export's own cost.
 */
import { createReadStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  beyondCountWords,
  listedTwiceWords,
  listEveryCaseRequest,
  type ListingProgress,
} from '../api/list-all.ts';
import type { CaseRequestFilters, CaseRequestRecord, TrackopsApi } from '../api/types.ts';
import { CsvRowSpool, type CsvTailChunk } from './csv-row-spool.ts';
import { FilterChecker, type FilterCheck, type FilterIdNames } from './filter-check.ts';
import { addToStats } from './record-values.ts';
import { SPOOL_CHUNK, SpoolFile } from './spool-file.ts';
import { emptyStats, type ExportColumn, type ExportStats } from './types.ts';

/** API-NOTES "Assumed": per_page maximum 100. A page shorter than per_page is the last (Known). */
export const EXPORT_PAGE_SIZE = 100;

export const EXPAND_FIELD_VALUES = { expand_field_values: 1 } as const;

/**
 * JSON bytes of records kept in memory before spooling. Parsed objects take a few times their JSON
 * size on the heap, so this keeps the export's resident data around 100 MB at most.
 */
export const IN_MEMORY_BUDGET = 64 * 1024 * 1024;

export interface Spool {
  stats: ExportStats;
  total: number;
  /** In words, when the list held more requests than the server counted (list-all.ts); else null. */
  beyondCount: string | null;
  /** In words, requests a page of the list gave more than once (each is in the file once); else null. */
  listedTwice: string | null;
  /**
   * The listed records checked against the filters (filter-check.ts): `total` is what matched, the
   * server's count is of what it listed. Null when no filter was given.
   */
  filterCheck: FilterCheck | null;
  /**
   * The records in order: all of them, or with `csvColumns` only those held in memory, the rest
   * following as `csvTail`.
   */
  records(): AsyncIterable<CaseRequestRecord>;
  /** With `csvColumns`: the records after `records()` as CSV lines for the final columns; else nothing. */
  csvTail(columns: ExportColumn[], signal?: AbortSignal): AsyncIterable<CsvTailChunk>;
  remove(): Promise<void>;
}

export async function spoolRecords(options: {
  api: Pick<TrackopsApi, 'listCaseRequests' | 'countCaseRequests' | 'serverClock' | 'words'>;
  filters: CaseRequestFilters;
  signal?: AbortSignal;
  tempDir?: string;
  /** JSON bytes kept in memory before spooling to disk (default IN_MEMORY_BUDGET; 0 spools all). */
  inMemoryBytes?: number;
  /** A CSV export's columns for the statistics so far: spool rows as CSV lines, not records. */
  csvColumns?: (stats: ExportStats) => ExportColumn[];
  onCount?: (total: number) => void;
  /** The account's names for filter ids (case regions), for the filter check's words. */
  filterNames?: FilterIdNames;
  /** Requests listed so far (before the filter check: progress against the server's count). */
  onRecords?: (done: number) => void;
}): Promise<Spool> {
  const { api, filters, signal } = options;
  const budget = options.inMemoryBytes ?? IN_MEMORY_BUDGET;
  // API-NOTES Known: without expand_field_values=1 composite values (NAME, ADDRESS) may come back
  // flattened to one string, which cannot be split into the parts the columns need. Not a filter of
  // the seed, so it rides along with the filters (the client passes unknown keys through).
  const expanded: CaseRequestFilters = { ...filters, ...EXPAND_FIELD_VALUES };
  const stats = emptyStats();
  // Checked before anything counts a record: the columns fit the records the file holds.
  const checker = new FilterChecker(filters, options.filterNames);
  let listed = 0;
  const held: CaseRequestRecord[] = [];
  let heldLimit: number | null = null;
  let dir: string | null = null;
  let recordFile: SpoolFile | null = null;
  let rowSpool: CsvRowSpool | null = null;
  let last: ListingProgress | null = null;
  const remove = async () => {
    await recordFile?.discard();
    await rowSpool?.discard();
    if (dir) await rm(dir, { recursive: true, force: true });
  };
  try {
    const listing = listEveryCaseRequest(api, expanded, {
      perPage: EXPORT_PAGE_SIZE,
      dir: 'asc',
      // Pinned by list-all.ts once its count shows it longer than one page, then what came since: a
      // request that leaves the list while a busy account is read can no longer be balanced by one that
      // arrives, leaving a third out (explore 53 item 2). One page is one answer: the count and the page.
      ...(signal ? { signal } : {}),
      onProgress: (progress) => {
        if (!last) options.onCount?.(progress.expected);
        last = progress;
      },
    });
    for await (const records of listing) {
      signal?.throwIfAborted();
      heldLimit ??= recordsWithin(budget, records);
      for (const record of records) {
        listed += 1;
        if (!checker.keeps(record)) continue;
        const grew = addToStats(stats, record);
        if (held.length < heldLimit) {
          held.push(record);
          continue;
        }
        dir ??= await mkdtemp(join(options.tempDir ?? tmpdir(), 'trackops-export-'));
        if (options.csvColumns) {
          rowSpool ??= new CsvRowSpool(dir, options.csvColumns);
          await rowSpool.add(record, stats, grew);
        } else {
          recordFile ??= await SpoolFile.create(join(dir, 'records.ndjson'));
          await recordFile.append(JSON.stringify(record) + '\n');
        }
      }
      options.onRecords?.(listed);
    }
    await recordFile?.close();
    await rowSpool?.finish();
  } catch (error) {
    await remove();
    throw error;
  }
  // Set in the listing's callback: not narrowed to null.
  const lastProgress = last as ListingProgress | null;
  const recordPath = recordFile?.path ?? null;
  const rows = rowSpool;
  return {
    stats,
    total: stats.records,
    beyondCount: lastProgress ? beyondCountWords(lastProgress, 'read', api.words) : null,
    listedTwice: listedTwiceWords(lastProgress?.listedTwice, 'written'),
    filterCheck: checker.result(),
    remove,
    async *records() {
      yield* held;
      if (recordPath) yield* spooled(recordPath);
    },
    async *csvTail(columns, tailSignal) {
      if (rows) yield* rows.lines(columns, tailSignal);
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
  const input = createReadStream(path, { encoding: 'utf8', highWaterMark: SPOOL_CHUNK });
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
