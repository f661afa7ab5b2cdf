/**
 * Dialects that change how requests are served (API-NOTES Tolerance, "Paging" and "Reference paths"):
 * a page size capped below what is asked, reference paths the account lacks, list filters that match
 * loosely or not at all.
 */
import type { Dialect } from './types.ts';
import { referenceKindAt } from '../reference-routes.ts';

const CAP = 25;

/** The server's own maximum is lower than we assumed (100) and it cuts without a word. */
export const cap25: Dialect = {
  name: 'cap-25',
  summary: `per_page silently capped at ${CAP} on every list (case requests and reference lists)`,
  request: (request, account) => {
    if (request.method !== 'GET') return;
    const isList =
      request.path === 'case/requests' || request.path === 'cases' || referenceKindAt(request.path, account);
    if (!isList) return;
    const asked = Number(request.params.get('per_page') ?? CAP);
    request.params.set('per_page', String(Math.min(CAP, Number.isFinite(asked) && asked > 0 ? asked : CAP)));
  },
};

/** Our reference paths are guesses: an account may not serve referral sources or company locations there. */
export const missingReference: Dialect = {
  name: 'missing-reference',
  summary: 'GET referral/sources and company/locations answer 404',
  request: (request) => {
    if (request.path === 'referral/sources' || request.path === 'company/locations')
      return {
        status: 404,
        body: { message: `No such endpoint: ${request.method} /api/v1/${request.path}` },
      };
  },
};

/** A filter implemented as SQL `LIKE '%value%'`, case-insensitive: a superset of the exact matches. */
export const fuzzyFilters: Dialect = {
  name: 'fuzzy-filters',
  summary:
    'reference_value_1..3 and case_request_number filters match any request containing the value, any case',
  request: (request) => {
    request.textFilter = 'contains';
  },
};

/** A server that does not support a filter ignores it, as unknown query parameters usually are. */
export const ignoredFilters: Dialect = {
  name: 'ignored-filters',
  summary: 'id, reference_value_1..3 and case_request_number filters ignored: every request is listed',
  request: (request) => {
    request.textFilter = 'ignored';
  },
};
