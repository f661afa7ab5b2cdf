/**
 * The export's first pass: page through the list endpoint (`mode=count` first for a progress total,
 * then pages of 100, the assumed maximum) and spool each record to a temporary NDJSON file while
 * counting what the columns must make room for (subject slots, custom fields, case types). The second
 * pass reads the spool back line by line. Memory stays bounded however many requests there are; the
 * price is a temporary file about the size of the JSON the API sent, deleted when the export ends.
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { CaseRequestFilters, CaseRequestRecord, TrackopsApi } from '../api/types.ts';
import { addToStats } from './record-values.ts';
import { emptyStats, type ExportStats } from './types.ts';

/** API-NOTES "Assumed": per_page maximum 100. A page shorter than per_page is the last (Known). */
export const EXPORT_PAGE_SIZE = 100;

export const EXPAND_FIELD_VALUES = { expand_field_values: 1 } as const;

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
  onCount?: (total: number) => void;
  onRecords?: (done: number) => void;
}): Promise<Spool> {
  const { api, filters, signal } = options;
  const count = await api.countCaseRequests(filters, EXPORT_PAGE_SIZE, signal);
  options.onCount?.(count.record_count);
  // API-NOTES Known: without expand_field_values=1 composite values (NAME, ADDRESS) may come back
  // flattened to one string, which cannot be split into the parts the columns need. Not a filter of
  // the seed, so it rides along with the filters (the client passes unknown keys through).
  const expanded: CaseRequestFilters = { ...filters, ...EXPAND_FIELD_VALUES };
  const dir = await mkdtemp(join(options.tempDir ?? tmpdir(), 'trackops-export-'));
  const path = join(dir, 'records.ndjson');
  const remove = () => rm(dir, { recursive: true, force: true });
  const stats = emptyStats();
  try {
    const file = createWriteStream(path, { encoding: 'utf8' });
    const failed = new Promise<never>((_, reject) => file.once('error', reject));
    failed.catch(() => {});
    for (let page = 1; ; page++) {
      signal?.throwIfAborted();
      const records = await api.listCaseRequests(
        expanded,
        { page, perPage: EXPORT_PAGE_SIZE, dir: 'asc' },
        signal,
      );
      for (const record of records) {
        addToStats(stats, record);
        if (!file.write(JSON.stringify(record) + '\n')) {
          await Promise.race([new Promise<void>((resolve) => file.once('drain', () => resolve())), failed]);
        }
      }
      options.onRecords?.(stats.records);
      if (records.length < EXPORT_PAGE_SIZE) break;
    }
    await Promise.race([new Promise<void>((resolve) => file.end(() => resolve())), failed]);
  } catch (error) {
    await remove();
    throw error;
  }
  return {
    stats,
    total: stats.records,
    remove,
    async *records() {
      const input = createReadStream(path, { encoding: 'utf8' });
      const lines = createInterface({ input, crlfDelay: Infinity });
      try {
        for await (const line of lines) {
          if (line) yield JSON.parse(line) as CaseRequestRecord;
        }
      } finally {
        // A reader that stops early (the width sample) must not leave the file open.
        lines.close();
        input.destroy();
      }
    },
  };
}
