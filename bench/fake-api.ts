/**
 * An in-memory API holding `count` case requests, made from the demo account's 36 by varying ids and
 * numbers, so an export measures our writer, not a network. Pages are built on demand: a million
 * records never sit in memory at once.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AccountReference, CaseRequestRecord, TrackopsApi } from '../core/index.ts';

/**
 * samples/demo-account.json, found from this module's place: bench/ when run through tsx, or
 * node_modules/.cache/trackops-bulk-bench/ when bundled into a compiled child (measurements.ts).
 */
function demoPath(): string {
  for (let dir = dirname(fileURLToPath(import.meta.url)); ; dir = dirname(dir)) {
    const candidate = join(dir, 'samples', 'demo-account.json');
    if (existsSync(candidate)) return candidate;
    if (dirname(dir) === dir) throw new Error(`bench: no samples/demo-account.json above ${import.meta.url}`);
  }
}

const DEMO = demoPath();

export function demoAccount(): AccountReference & { case_requests: CaseRequestRecord[]; settings: never } {
  return JSON.parse(readFileSync(DEMO, 'utf8'));
}

export function fakeApi(count: number): Pick<TrackopsApi, 'listCaseRequests' | 'countCaseRequests'> {
  const templates = demoAccount().case_requests;
  const record = (index: number): CaseRequestRecord => {
    const template = templates[index % templates.length]!;
    const id = index + 1;
    return {
      // Shallow: the export serialises each record as it spools it, so sharing nested objects is safe
      // and the API's own cost stays out of the figure (a real one would parse JSON instead).
      ...template,
      id,
      case_request_number: `REQ-${String(id).padStart(7, '0')}`,
      series_number: id,
      reference_value_1: `CLM-${String(id).padStart(7, '0')}`,
    };
  };
  return {
    async countCaseRequests(_filters, perPage) {
      return { record_count: count, page_count: Math.ceil(count / perPage) };
    },
    async listCaseRequests(_filters, page) {
      const start = (page.page - 1) * page.perPage;
      const end = Math.min(count, start + page.perPage);
      const records: CaseRequestRecord[] = [];
      for (let index = start; index < end; index++) records.push(record(index));
      return records;
    },
  };
}
