/**
 * The API base a person types is often the address they log in at (`https://acme.viewcases.com`),
 * without `/api/v1`. API-NOTES Known: every account's API is at `https://{subdomain}.viewcases.com/api/v1/…`.
 * A real server answers such a mistake with a bare 404 (only our sandbox explains it), so the hint is
 * ours: when the base has no path at all, and when the first request of a connection is answered 404.
 */
import type { AccountReference, ReferenceKind } from '../account/reference.ts';
import { DEFAULT_REFERENCE_PATHS } from './reference-paths.ts';
import { NotFoundError } from './errors.ts';
import { displayUrl } from './redact.ts';
import type { ConnectionWords } from './connection-words.ts';

const API_PATH = '/api/v1';

/** "the API base usually ends in /api/v1: try …", or null when the base already ends that way. */
export function apiBaseHint(baseUrl: string): string | null {
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    return null;
  }
  const path = url.pathname.replace(/\/+$/, '');
  if (path.endsWith(API_PATH)) return null;
  const suggestion = `${url.origin}${path}${API_PATH}`;
  return `the API base usually ends in ${API_PATH}: try ${suggestion}`;
}

/** Whether the base names no path at all (`https://acme.viewcases.com` or with a lone `/`). */
export function hasNoPath(baseUrl: string): boolean {
  try {
    return new URL(baseUrl).pathname.replace(/\/+$/, '') === '';
  } catch {
    return false;
  }
}

/** A 404 on a connection's first request, with the hint added when the base does not end in /api/v1. */
export function withApiBaseHint(error: unknown, baseUrl: string): unknown {
  const hint = error instanceof NotFoundError ? apiBaseHint(baseUrl) : null;
  if (!hint || !(error instanceof NotFoundError)) return error;
  return new NotFoundError(error.code, `${error.message.replace(/\s+$/, '')} (${hint})`, {
    method: error.method,
    path: error.path,
    ...(error.status !== undefined ? { status: error.status } : {}),
    cause: error,
  });
}

/**
 * Every reference list answered 404: one missing list is an account that differs (its checks are
 * turned off, API-NOTES Tolerance), but all of them missing is a wrong address. An error with the hint
 * when the base does not end in /api/v1, else one that says nothing answered there; null otherwise.
 */
export function wrongAddressError(
  reference: AccountReference,
  baseUrl: string,
  words: Pick<ConnectionWords, 'runCheck'>,
): NotFoundError | null {
  const kinds = Object.keys(DEFAULT_REFERENCE_PATHS) as ReferenceKind[];
  const reasons = reference.unavailable ?? {};
  if (!kinds.every((kind) => /\b404\b/.test(reasons[kind] ?? ''))) return null;
  const hint = apiBaseHint(baseUrl);
  return new NotFoundError(
    'api_not_found',
    `${displayUrl(baseUrl)} answered 404 (not found) to every reference list (${kinds.map((kind) => DEFAULT_REFERENCE_PATHS[kind]).join(', ')}): ${hint ?? `check the address, and ${words.runCheck()}`}`,
    { method: 'GET', path: DEFAULT_REFERENCE_PATHS.case_types, status: 404 },
  );
}
