/** What a route gets and gives: a request below `/api/v1`, and a JSON answer plus whether a write committed. */
import type { JsonAnswer } from './http-io.ts';

export const API_PREFIX = '/api/v1';

export interface RouteRequest {
  method: string;
  /** Path below /api/v1, without leading or trailing slashes, e.g. "case/requests/12". */
  path: string;
  params: URLSearchParams;
  readBody: () => Promise<{ ok: true; text: string } | { ok: false; answer: JsonAnswer }>;
  /** How text filters match (a dialect may loosen them); default exact, as the sandbox assumes. */
  textFilter?: TextFilterMatch;
}

/** `contains`: case-insensitive substring (SQL `LIKE '%x%'`); `ignored`: the filter has no effect. */
export type TextFilterMatch = 'exact' | 'contains' | 'ignored';

/** What a list answer held, for dialects that add paging metadata. */
export interface ListMeta {
  total: number;
  page: number;
  perPage: number;
  pageCount: number;
}

export interface RouteResult {
  answer: JsonAnswer;
  /** A create or update was stored: the server persists it before answering (or dropping). */
  committed: boolean;
  /** For list answers: the whole listing's size and the page given. */
  meta?: ListMeta;
}

export function reply(status: number, body: unknown, committed = false): RouteResult {
  return { answer: { status, body }, committed };
}

export function unprocessable(message: string, errors: Record<string, string[]>): RouteResult {
  return reply(422, { message, errors });
}

export function notFound(message: string): RouteResult {
  return reply(404, { message });
}

export function methodNotAllowed(method: string, path: string, allowed: string): RouteResult {
  return {
    answer: {
      status: 405,
      body: { message: `${method} is not supported on ${API_PREFIX}/${path}; use ${allowed}.` },
      headers: { Allow: allowed },
    },
    committed: false,
  };
}
