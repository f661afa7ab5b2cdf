/**
 * The one check of an API base address, shared by the CLI's --url and the app's connection form (and
 * applied again when a client is made): HTTPS only except to this machine (API-NOTES Known), a path
 * (the API lives under /api/v1), and no user name, password, query or fragment. An address pasted from
 * an API tool often carries the token (`https://user:TOKEN@host/…`, `…?api_token=TOKEN`); kept as typed,
 * it would reach the screen, the saved profiles and every exported file's info sheet (issue 17, tester
 * 4's item 3). The problem is data: each host words it for its own boxes or flags, and shows the
 * address only through `displayUrl`.
 */
import { apiBaseHint, hasNoPath } from './base-url-hint.ts';
import { displayUrl } from './redact.ts';

export type BaseUrlProblemCode =
  /** Not an address at all: not shown, in case it is a secret. */
  | 'not_url'
  /** A user name or password in it (`https://user:TOKEN@host/…`). */
  | 'credentials'
  /** A query or fragment (`…?api_token=TOKEN`): an API base has none. */
  | 'query'
  /** Plain http:// to another computer. */
  | 'plain_http'
  /** Neither http:// nor https://: not shown, in case it is a secret. */
  | 'scheme'
  /** A bare host: the login address, not the API. */
  | 'no_path';

export type BaseUrlCheck =
  | { ok: true; baseUrl: string }
  | {
      ok: false;
      code: BaseUrlProblemCode;
      /** The address safe to show (no user info, query values hidden), or null when it is not shown at all. */
      shown: string | null;
      /** The address to use instead, when one can be told: without the credentials and query, or with /api/v1. */
      suggestion: string | null;
      /** For `no_path`: "the API base usually ends in /api/v1: try …". */
      hint?: string;
    };

/** Checks a typed API base; on success the address without a trailing slash. */
export function checkApiBaseUrl(raw: string): BaseUrlCheck {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    return { ok: false, code: 'not_url', shown: null, suggestion: null };
  }
  if (url.username || url.password || url.search || url.hash) {
    return {
      ok: false,
      code: url.username || url.password ? 'credentials' : 'query',
      shown: displayUrl(url.toString()),
      suggestion: strippedBaseUrl(url),
    };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    return { ok: false, code: 'scheme', shown: null, suggestion: null };
  if (url.protocol === 'http:' && !isLoopback(url.hostname)) {
    return { ok: false, code: 'plain_http', shown: displayUrl(url.toString()), suggestion: null };
  }
  // API-NOTES Known: the API lives under /api/v1; a bare host is the login address, and a real server
  // would answer it with a 404 that says nothing.
  if (hasNoPath(url.toString())) {
    const hint = apiBaseHint(url.toString()) ?? '';
    return {
      ok: false,
      code: 'no_path',
      shown: displayUrl(url.toString()),
      suggestion: `${url.origin}/api/v1`,
      hint,
    };
  }
  return { ok: true, baseUrl: url.toString().replace(/\/+$/, '') };
}

/** Whether an address holds a user name, password, query or fragment (that may carry a secret). */
export function holdsSecretParts(raw: string): boolean {
  try {
    const url = new URL(raw.trim());
    return Boolean(url.username || url.password || url.search || url.hash);
  } catch {
    return false;
  }
}

/** Plain http is allowed only to this machine (a local sandbox). */
export function isLoopback(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '[::1]' || hostname.startsWith('127.');
}

/** The address without its user info, query and fragment: the API base it most likely meant. */
function strippedBaseUrl(url: URL): string | null {
  const clean = new URL(url.toString());
  clean.username = '';
  clean.password = '';
  clean.search = '';
  clean.hash = '';
  if (clean.protocol !== 'https:' && !(clean.protocol === 'http:' && isLoopback(clean.hostname))) return null;
  return clean.toString().replace(/\/+$/, '');
}
