/**
 * HTTP Basic auth as Trackops does it (API-NOTES Known): the user name is the literal `{username}/token`,
 * the password is the API token. Anything else, including no header at all, is a 401; a known user
 * without API access is a 403 (API-NOTES "Assumed": 403 "API access not enabled").
 */
import { timingSafeEqual } from 'node:crypto';
import type { AccountFile } from './account-schema.ts';

export type AuthOutcome = { ok: true; username: string } | { ok: false; status: 401 | 403 };

/** 401 for missing or wrong credentials; 403 for a right one whose user has no API access. */
export function authenticate(
  header: string | undefined,
  credentials: AccountFile['credentials'],
): AuthOutcome {
  const match = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header ?? '');
  if (!match?.[1]) return { ok: false, status: 401 };
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return { ok: false, status: 401 };
  const user = decoded.slice(0, colon);
  const password = decoded.slice(colon + 1);
  const found = credentials.find(
    (credential) => `${credential.username}/token` === user && sameSecret(credential.token, password),
  );
  if (!found) return { ok: false, status: 401 };
  return found.api_access === false ? { ok: false, status: 403 } : { ok: true, username: found.username };
}

function sameSecret(expected: string, given: string): boolean {
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}

export const UNAUTHENTICATED_MESSAGE =
  'Unauthenticated: send HTTP Basic auth with the user name "{username}/token" and the company API token as the password.';

export const FORBIDDEN_MESSAGE =
  'API access is not enabled for this user: the API is for active Full Access employees; ask an administrator.';
