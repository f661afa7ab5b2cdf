/**
 * HTTP Basic auth as Trackops does it (API-NOTES Known): the user name is the literal `{username}/token`,
 * the password is the API token. Anything else, including no header at all, is a 401.
 */
import { timingSafeEqual } from 'node:crypto';
import type { AccountFile } from './account-schema.ts';

/** The authenticated user name, or null. */
export function authenticate(
  header: string | undefined,
  credentials: AccountFile['credentials'],
): string | null {
  const match = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header ?? '');
  if (!match?.[1]) return null;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return null;
  const user = decoded.slice(0, colon);
  const password = decoded.slice(colon + 1);
  const found = credentials.find(
    (credential) => `${credential.username}/token` === user && sameSecret(credential.token, password),
  );
  return found ? found.username : null;
}

function sameSecret(expected: string, given: string): boolean {
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}

export const UNAUTHENTICATED_MESSAGE =
  'Unauthenticated: send HTTP Basic auth with the user name "{username}/token" and the company API token as the password.';
