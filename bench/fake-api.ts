/**
 * An in-memory API holding `count` case requests, made from the demo account's 36 by varying ids and
 * numbers, so an export measures our writer, not a network. Pages are built on demand: a million
 * records never sit in memory at once.
 */
import { readFileSync } from 'node:fs';
import type { AccountReference, CaseRequestRecord, TrackopsApi } from '../core/index.ts';

const DEMO = new URL('../samples/demo-account.json', import.meta.url).pathname;

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
