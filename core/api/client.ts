/**
 * The Trackops case-request API client (seed: case-requests-api.txt; API-NOTES). One per connection:
 * Basic auth as Trackops does it, JSON bodies nested under `casefile_request`, every request paced by
 * the connection's pacer, answers read tolerantly (API-NOTES "Assumed" shapes), failures as typed errors.
 */
import type { AccountReference } from '../account/reference.ts';
import type { Pacer } from '../pace/pacer.ts';
import { InputError } from '../errors.ts';
import { BadResponseError } from './errors.ts';
import { displayUrl } from './redact.ts';
import { createHttp, type ApiEvent, type Http, type WriteHttpAnswer } from './http.ts';
import { emptyReference, toCaseRequestRecord, toRecordCount, toReferenceItem } from './normalize.ts';
import type { CaseRequestRecord, ConnectionSettings, TrackopsApi, WriteAnswer } from './types.ts';

export type { ApiEvent } from './http.ts';

export interface ApiOptions {
  /** Shared by every caller of this connection; default: 1 request/s, 1 in flight (API-NOTES). */
  pacer?: Pacer;
  /** Per attempt; default 30 s. */
  timeoutMs?: number;
  onEvent?: (event: ApiEvent) => void;
  fetch?: typeof fetch;
}

/** API-NOTES "Assumed" reference paths, relative to the base URL; each overridable per connection. */
export const DEFAULT_REFERENCE_PATHS: Record<keyof AccountReference, string> = {
  case_types: 'case/types',
  case_regions: 'case/regions',
  case_services: 'case/services',
  case_flags: 'case/flags',
  referral_sources: 'referral/sources',
  company_locations: 'company/locations',
  subject_types: 'subject/types',
  fields: 'fields',
};

/** API-NOTES "Assumed": maximum per_page. A page shorter than per_page is the last (Known). */
export const MAX_PER_PAGE = 100;

export function createTrackopsApi(settings: ConnectionSettings, options: ApiOptions = {}): TrackopsApi {
  const http = createHttp({
    baseUrl: checkedBaseUrl(settings.baseUrl),
    user: settings.user,
    token: settings.token,
    ...options,
  });
  const referencePaths = { ...DEFAULT_REFERENCE_PATHS, ...settings.referencePaths };

  return {
    async listCaseRequests(filters, page, signal) {
      const query = queryString({
        ...filters,
        page: page.page,
        per_page: page.perPage,
        dir: page.dir ?? 'asc',
      });
      const path = `case/requests?${query}`;
      const raw = await http.call('GET', path, undefined, signal);
      return recordsOf(raw, 'GET', path);
    },
    async countCaseRequests(filters, perPage, signal) {
      const path = `case/requests?${queryString({ ...filters, per_page: perPage, mode: 'count' })}`;
      const raw = await http.call('GET', path, undefined, signal);
      const count = toRecordCount(raw);
      if (!count) throw badBody('GET', path, raw, 'a {"record_count", "page_count"} object');
      return count;
    },
    async getCaseRequest(id, signal) {
      const path = `case/requests/${encodeURIComponent(String(id))}`;
      return recordOf(await http.call('GET', path, undefined, signal), 'GET', path);
    },
    async createCaseRequest(body, signal) {
      return writeAnswerOf(await http.write('POST', 'case/requests', { casefile_request: body }, signal));
    },
    async updateCaseRequest(id, body, signal) {
      const path = `case/requests/${encodeURIComponent(String(id))}`;
      return writeAnswerOf(await http.write('PUT', path, { casefile_request: body }, signal));
    },
    async getReference(signal) {
      const reference = emptyReference();
      for (const key of Object.keys(DEFAULT_REFERENCE_PATHS) as (keyof AccountReference)[]) {
        const items = await listAll(http, referencePaths[key], signal);
        (reference[key] as unknown[]) = items;
      }
      return reference;
    },
  };
}

/** Every page of a reference list, per_page=100, until a short page. */
async function listAll(http: Http, basePath: string, signal?: AbortSignal): Promise<unknown[]> {
  const items: unknown[] = [];
  for (let page = 1; ; page++) {
    const path = `${basePath.replace(/^\//, '')}?${queryString({ page, per_page: MAX_PER_PAGE })}`;
    const raw = await http.call('GET', path, undefined, signal);
    if (!Array.isArray(raw)) throw badBody('GET', path, raw, 'a JSON array');
    for (const entry of raw) {
      const item = toReferenceItem(entry);
      if (item) items.push(item);
    }
    if (raw.length < MAX_PER_PAGE) return items;
  }
}

function recordsOf(raw: unknown, method: string, path: string): CaseRequestRecord[] {
  if (!Array.isArray(raw)) throw badBody(method, path, raw, 'a JSON array of case requests');
  return raw.map((entry) => {
    const record = toCaseRequestRecord(entry);
    if (!record) throw badBody(method, path, entry, 'case requests with an id');
    return record;
  });
}

/** A 2xx to a write is a write that happened: an unreadable body only means the record is not known. */
function writeAnswerOf(answer: WriteHttpAnswer): WriteAnswer {
  const record = toCaseRequestRecord(answer.body);
  if (record) return { status: answer.status, record };
  return { status: answer.status, record: null, unreadable: answer.text || '(no body)' };
}

function recordOf(raw: unknown, method: string, path: string): CaseRequestRecord {
  const record = toCaseRequestRecord(raw);
  if (!record) throw badBody(method, path, raw, 'a case request with an id');
  return record;
}

function badBody(method: string, path: string, raw: unknown, expected: string): BadResponseError {
  const text = JSON.stringify(raw) ?? String(raw);
  const shown = text.length > 300 ? `${text.slice(0, 300)}…` : text;
  return new BadResponseError(
    `${method} ${path}: expected ${expected}, got ${shown}`,
    { method, path },
    shown,
  );
}

function queryString(params: Record<string, string | number | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== '') search.set(key, String(value));
  }
  return search.toString();
}

/** HTTPS only (API-NOTES Known), except to loopback where the sandbox runs. Trailing slash for ky's prefix. */
function checkedBaseUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new InputError(
      'bad_url',
      `API base URL ${displayUrl(raw)}; expected e.g. https://acme.viewcases.com/api/v1`,
    );
  }
  const host = url.hostname;
  const loopback = host === 'localhost' || host === '[::1]' || /^127\./.test(host);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) {
    throw new InputError(
      'bad_url',
      `API base URL '${displayUrl(raw)}' must use https:// (plain http:// only to this machine)`,
    );
  }
  return url.toString().replace(/\/+$/, '') + '/';
}
