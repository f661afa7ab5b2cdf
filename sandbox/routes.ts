/**
 * The API's routes under `/api/v1` (seed: the four case-request endpoints; API-NOTES: reference data and
 * fields). A route answers JSON; a write also says it committed, so the server can persist it and, when a
 * drop-after-commit fault is due, destroy the connection after the commit instead of answering.
 */
import type { JsonAnswer } from './http-io.ts';
import { parseJsonBody } from './http-io.ts';
import { isTruthy, parseListQuery, runListQuery } from './list-query.ts';
import { presentRecord } from './present.ts';
import { listReference, REFERENCE_PATHS } from './reference-routes.ts';
import type { AccountStore } from './store.ts';
import { validateCreate, validateUpdate } from './validate-write.ts';

export const API_PREFIX = '/api/v1';

export interface RouteRequest {
  method: string;
  /** Path below /api/v1, without leading or trailing slashes, e.g. "case/requests/12". */
  path: string;
  params: URLSearchParams;
  readBody: () => Promise<{ ok: true; text: string } | { ok: false; answer: JsonAnswer }>;
}

export interface RouteResult {
  answer: JsonAnswer;
  committed: boolean;
}

const notFound = (what: string): RouteResult => ({
  answer: { status: 404, body: { message: what } },
  committed: false,
});
const methodNotAllowed = (method: string, path: string, allowed: string): RouteResult => ({
  answer: {
    status: 405,
    body: { message: `${method} is not supported on /api/v1/${path}; use ${allowed}.` },
    headers: { Allow: allowed },
  },
  committed: false,
});

export async function route(
  request: RouteRequest,
  store: AccountStore,
  now: () => Date,
): Promise<RouteResult> {
  const { method, path, params } = request;
  const expand = isTruthy(params.get('expand_field_values'));
  const present = (status: number, record: Parameters<typeof presentRecord>[0]): RouteResult => ({
    answer: { status, body: presentRecord(record, store.account, expand) },
    // Only successful creates and updates are presented through here.
    committed: true,
  });

  // API-NOTES Known: case requests are stored like cases, so `cases?is_request=true` lists them too.
  // The sandbox holds no other cases, and says so rather than answering an empty list.
  if (path === 'cases') {
    if (method !== 'GET') return methodNotAllowed(method, path, 'GET');
    if (!isTruthy(params.get('is_request'))) {
      return notFound(
        'The sandbox holds case requests only: list them at /api/v1/case/requests or /api/v1/cases?is_request=true.',
      );
    }
  }
  if (path === 'case/requests' || path === 'cases') {
    if (method === 'GET') {
      const parsed = parseListQuery(params);
      if (!parsed.ok) {
        return {
          answer: {
            status: 422,
            body: { message: parsed.problems.summary(), errors: parsed.problems.errors },
          },
          committed: false,
        };
      }
      const answer = runListQuery(store.account.case_requests, parsed.query);
      if (parsed.query.countOnly) {
        return {
          answer: { status: 200, body: { record_count: answer.recordCount, page_count: answer.pageCount } },
          committed: false,
        };
      }
      const body = answer.records.map((record) => presentRecord(record, store.account, parsed.query.expand));
      return { answer: { status: 200, body }, committed: false };
    }
    if (method === 'POST') {
      const body = await readJson(request);
      if (!body.ok) return { answer: body.answer, committed: false };
      const check = validateCreate(body.value, store.account);
      if (!check.ok)
        return {
          answer: { status: 422, body: { message: check.message, errors: check.errors } },
          committed: false,
        };
      return present(201, store.create(check.value, now()));
    }
    return methodNotAllowed(method, path, 'GET, POST');
  }

  const single = /^case\/requests\/([^/]+)$/.exec(path);
  if (single?.[1] !== undefined) {
    const id = /^\d+$/.test(single[1]) ? Number(single[1]) : NaN;
    const record = store.find(id);
    if (method !== 'GET' && method !== 'PUT') return methodNotAllowed(method, path, 'GET, PUT');
    if (!record) return notFound(`No case request with id ${single[1]}.`);
    if (method === 'GET')
      return {
        answer: { status: 200, body: presentRecord(record, store.account, expand) },
        committed: false,
      };
    const body = await readJson(request);
    if (!body.ok) return { answer: body.answer, committed: false };
    const check = validateUpdate(body.value, record, store.account);
    if (!check.ok)
      return {
        answer: { status: 422, body: { message: check.message, errors: check.errors } },
        committed: false,
      };
    return present(200, store.update(record, check.value, now()));
  }

  const fieldMatch = /^fields\/([^/]+)$/.exec(path);
  if (fieldMatch?.[1] !== undefined) {
    if (method !== 'GET') return methodNotAllowed(method, path, 'GET');
    const field = store.account.fields.find((candidate) => String(candidate.id) === fieldMatch[1]);
    return field
      ? { answer: { status: 200, body: structuredClone(field) }, committed: false }
      : notFound(`No field with id ${fieldMatch[1]}.`);
  }

  const reference = REFERENCE_PATHS[path];
  if (reference) {
    if (method !== 'GET') return methodNotAllowed(method, path, 'GET');
    return { answer: listReference(reference(store.account), params, path === 'fields'), committed: false };
  }
  return notFound(`No such endpoint: ${method} /api/v1/${path}`);
}

async function readJson(
  request: RouteRequest,
): Promise<{ ok: true; value: unknown } | { ok: false; answer: JsonAnswer }> {
  const read = await request.readBody();
  if (!read.ok) return read;
  return parseJsonBody(read.text);
}
