/**
 * Dispatch of requests below `/api/v1`: the case-request endpoints of the seed, `cases?is_request=true`,
 * reference data and fields (API-NOTES). Anything else is a 404 JSON answer; a wrong method a 405.
 */
import { caseRequestById, createCaseRequest, listCaseRequests } from './case-request-routes.ts';
import { isTruthy } from './list-query.ts';
import { listReference, referenceKindAt } from './reference-routes.ts';
import {
  API_PREFIX,
  methodNotAllowed,
  notFound,
  reply,
  type RouteRequest,
  type RouteResult,
} from './route-types.ts';
import type { AccountStore } from './store.ts';

export { API_PREFIX };
export type { RouteRequest, RouteResult };

export async function route(
  request: RouteRequest,
  store: AccountStore,
  now: () => Date,
): Promise<RouteResult> {
  const { method, path, params } = request;

  if (path === 'case/requests') {
    if (method === 'GET') return listCaseRequests(request, store);
    if (method === 'POST') return createCaseRequest(request, store, now);
    return methodNotAllowed(method, path, 'GET, POST');
  }

  const single = /^case\/requests\/([^/]+)$/.exec(path);
  if (single?.[1] !== undefined) {
    if (method !== 'GET' && method !== 'PUT') return methodNotAllowed(method, path, 'GET, PUT');
    return caseRequestById(request, single[1], store, now);
  }

  // API-NOTES Known: case requests are stored like cases, so `cases?is_request=true` lists them too.
  // The sandbox holds no other cases, and says so rather than answering an empty list.
  if (path === 'cases') {
    if (method !== 'GET') return methodNotAllowed(method, path, 'GET');
    if (isTruthy(params.get('is_request'))) return listCaseRequests(request, store, ['is_request']);
    return notFound(
      `The sandbox holds case requests only: list them at ${API_PREFIX}/case/requests or ${API_PREFIX}/cases?is_request=true.`,
    );
  }

  const fieldMatch = /^fields\/([^/]+)$/.exec(path);
  if (fieldMatch?.[1] !== undefined) {
    if (method !== 'GET') return methodNotAllowed(method, path, 'GET');
    const field = store.account.fields.find((candidate) => String(candidate.id) === fieldMatch[1]);
    return field ? reply(200, structuredClone(field)) : notFound(`No field with id ${fieldMatch[1]}.`);
  }

  const kind = referenceKindAt(path, store.account);
  if (kind) {
    if (method !== 'GET') return methodNotAllowed(method, path, 'GET');
    return { ...listReference(store.account[kind], params, kind === 'fields'), committed: false };
  }
  return notFound(`No such endpoint: ${method} ${API_PREFIX}/${path}`);
}
