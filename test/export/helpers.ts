/**
 * Test helpers for the export tests. `recordsApi` serves a fixed list of records through the
 * list/count operations (paged exactly as the API pages) for the writer tests that need hand-made
 * values (formula-like text, leading zeros); filter behaviour is tested against the sandbox over HTTP.
 */
import { readFile } from 'node:fs/promises';
import { createReadStream } from 'node:fs';
import { basename } from 'node:path';
import type { AccountReference, ByteSource, CaseRequestRecord, TrackopsApi } from '../../core/index.ts';

export const DEMO_ACCOUNT = new URL('../../samples/demo-account.json', import.meta.url);

export async function demoAccount(): Promise<AccountReference & { case_requests: CaseRequestRecord[] }> {
  return JSON.parse(await readFile(DEMO_ACCOUNT, 'utf8'));
}

export function recordsApi(records: CaseRequestRecord[]): Pick<
  TrackopsApi,
  'listCaseRequests' | 'countCaseRequests'
> & {
  calls: string[];
} {
  const calls: string[] = [];
  return {
    calls,
    async countCaseRequests(_filters, perPage) {
      calls.push(`count per_page=${perPage}`);
      return { record_count: records.length, page_count: Math.ceil(records.length / perPage) };
    },
    async listCaseRequests(_filters, page) {
      calls.push(`page=${page.page} per_page=${page.perPage}`);
      return structuredClone(records.slice((page.page - 1) * page.perPage, page.page * page.perPage));
    },
  };
}

export function fileSource(path: string): ByteSource {
  return { name: basename(path), open: () => createReadStream(path) as AsyncIterable<Uint8Array> };
}
