/**
 * The credential never reaches text we keep (issue 17: a gateway's error page that echoed the request's
 * headers put the Basic-auth value into the results file, the journal and stderr). Every text built
 * from what a server said is scrubbed of the token in each form it can take there:
 * - the token itself (and URL-encoded, as a query or a URL echoes it);
 * - the Basic-auth pair as typed, `user/token:TOKEN` (API-NOTES Known: the user name is `{user}/token`);
 * - that pair in base64, as the Authorization header carries it (padded or not, or URL-safe).
 * A URL is shown without its user info and with query values hidden (`displayUrl`).
 */

export const REDACTED = '[redacted]';

/** A bare token shorter than this is not searched for alone (it would blank ordinary words). */
const MIN_BARE_TOKEN = 6;

export interface Secrets {
  user: string;
  token: string;
}

export type Redactor = (text: string) => string;

export function createRedactor(secrets: Secrets | Secrets[]): Redactor {
  const forms = new Set<string>();
  for (const { user, token } of Array.isArray(secrets) ? secrets : [secrets]) {
    if (!token) continue;
    const pairs = [`${user}/token:${token}`, `${user}:${token}`];
    for (const pair of pairs) {
      forms.add(pair);
      const encoded = base64(pair);
      forms.add(encoded);
      forms.add(encoded.replace(/=+$/, ''));
      forms.add(encoded.replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, ''));
      forms.add(encodeURIComponent(pair));
    }
    if (token.length >= MIN_BARE_TOKEN) {
      forms.add(token);
      forms.add(encodeURIComponent(token));
    }
  }
  // Longest first: the pair goes before the token inside it, so nothing of it is left behind.
  const ordered = [...forms].filter((form) => form.length > 0).sort((a, b) => b.length - a.length);
  if (ordered.length === 0) return (text) => text;
  const pattern = new RegExp(ordered.map(escapeRegExp).join('|'), 'g');
  return (text) => (typeof text === 'string' ? text.replace(pattern, REDACTED) : text);
}

/** `https://user:pw@host/api/v1?token=x` → `https://host/api/v1?token=…`: safe to print. */
export function displayUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return '(not a URL; not shown, in case it is a secret)';
  }
  url.username = '';
  url.password = '';
  url.hash = '';
  for (const key of [...url.searchParams.keys()]) url.searchParams.set(key, '…');
  return url.toString();
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function base64(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}
