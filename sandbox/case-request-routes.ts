/**
 * The seed's four case-request endpoints: list (with every filter, paging and `mode=count`), get, create
 * (POST, 201) and update (PUT, 200). Records are presented flattened unless `expand_field_values=1`.
 */
import { parseJsonBody, type JsonAnswer } from './http-io.ts';
import { isTruthy, parseListQuery, runListQuery } from './list-query.ts';
import { presentRecord } from './present.ts';
import { notFound, reply, unprocessable, type RouteRequest, type RouteResult } from './route-types.ts';
import type { AccountStore } from './store.ts';
import { validateCreate, validateUpdate } from './validate-write.ts';

/** `alsoAccepted`: parameters of the route that reached this list (`cases?is_request=true`). */
export function listCaseRequests(
  request: RouteRequest,
  store: AccountStore,
  alsoAccepted: readonly string[] = [],
): RouteResult {
  const parsed = parseListQuery(request.params, request.textFilter, alsoAccepted);
  if (!parsed.ok) return unprocessable(parsed.problems.summary(), parsed.problems.errors);
  const answer = runListQuery(store.account.case_requests, parsed.query);
  if (parsed.query.countOnly) {
    return reply(200, { record_count: answer.recordCount, page_count: answer.pageCount });
  }
  return {
    ...reply(
      200,
      answer.records.map((record) => presentRecord(record, store.account, parsed.query.expand)),
    ),
    meta: {
      total: answer.recordCount,
      page: parsed.query.page,
      perPage: parsed.query.perPage,
      pageCount: answer.pageCount,
    },
  };
}

export async function createCaseRequest(
  request: RouteRequest,
  store: AccountStore,
  now: () => Date,
): Promise<RouteResult> {
  const body = await readJson(request);
  if (!body.ok) return { answer: body.answer, committed: false };
  const check = validateCreate(body.value, store.account);
  if (!check.ok) return unprocessable(check.message, check.errors);
  const record = store.create(check.value, now());
  return reply(201, presentRecord(record, store.account, expands(request)), true);
}

export async function caseRequestById(
  request: RouteRequest,
  rawId: string,
  store: AccountStore,
  now: () => Date,
): Promise<RouteResult> {
  const record = /^\d+$/.test(rawId) ? store.find(Number(rawId)) : undefined;
  if (!record) return notFound(`No case request with id ${rawId}.`);
  if (request.method === 'GET') return reply(200, presentRecord(record, store.account, expands(request)));
  const body = await readJson(request);
  if (!body.ok) return { answer: body.answer, committed: false };
  const check = validateUpdate(body.value, record, store.account);
  if (!check.ok) return unprocessable(check.message, check.errors);
  store.update(record, check.value, now());
  return reply(200, presentRecord(record, store.account, expands(request)), true);
}

function expands(request: RouteRequest): boolean {
  return isTruthy(request.params.get('expand_field_values'));
}

async function readJson(
  request: RouteRequest,
): Promise<{ ok: true; value: unknown } | { ok: false; answer: JsonAnswer }> {
  const read = await request.readBody();
  if (!read.ok) return read;
  return parseJsonBody(read.text);
}
