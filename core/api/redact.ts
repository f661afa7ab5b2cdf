/**
 * The credential never reaches text we keep (issue 17: a gateway's error page that echoed the request's
 * headers put the Basic-auth value into the results file, the journal and stderr). Every text built
 * from what a server said is scrubbed of the token in each form it can take there:
 * - the token itself;
 * - the Basic-auth pair as the client sends it, `user/token:TOKEN` (API-NOTES Known: the user name is
 *   `{user}/token`, see http.ts), and `user:TOKEN`;
 * - that pair in base64, as the Authorization header carries it (padded or not, or URL-safe);
 * and each of these however a server escaped it on the way back: JSON-escaped (PHP's json_encode writes
 * "/" as "\/", any encoder may write a character as \uXXXX, and JSON inside a JSON string doubles the
 * backslash), URL-encoded (%2F, %2f) or HTML-escaped (`&#x2F;`, `&#47;`, `&sol;`), mixed freely. The
 * text is scrubbed as it came, before it is parsed, so the parsed strings (an error's message, a
 * field's words) are clean too.
 * Each form is searched for with the token (and the user) as given and with its surrounding white space
 * trimmed (explore 51): a token pasted with a trailing space or read from a Windows .env with a "\r"
 * reaches a gateway that trims the credentials it is given, and that gateway quotes back the trimmed
 * token, which a search for the exact value given did not find.
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
  for (const secret of Array.isArray(secrets) ? secrets : [secrets]) {
    if (!secret.token) continue;
    for (const { user, token } of spellings(secret)) {
      for (const pair of [`${user}/token:${token}`, `${user}:${token}`]) {
        forms.add(pair);
        const encoded = base64(pair);
        forms.add(encoded);
        forms.add(encoded.replace(/=+$/, ''));
        forms.add(encoded.replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, ''));
      }
      if (token.length >= MIN_BARE_TOKEN) forms.add(token);
    }
  }
  // Longest first: the pair goes before the token inside it, so nothing of it is left behind.
  const ordered = [...forms].filter((form) => form.length > 0).sort((a, b) => b.length - a.length);
  if (ordered.length === 0) return (text) => text;
  const pattern = new RegExp(ordered.map(escapedAnyWay).join('|'), 'g');
  return (text) => (typeof text === 'string' ? text.replace(pattern, REDACTED) : text);
}

/** `value` with every string in it (object keys too) scrubbed: for results built from a server's words. */
export function scrubEveryText<T>(value: T, scrub: Redactor): T {
  if (typeof value === 'string') return scrub(value) as T;
  if (Array.isArray(value)) return value.map((item: unknown) => scrubEveryText(item, scrub)) as T;
  if (value !== null && typeof value === 'object')
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [scrub(key), scrubEveryText(item, scrub)]),
    ) as T;
  return value;
}

/** The credentials as given and trimmed, each user with each token (the same pair once). */
function spellings({ user, token }: Secrets): Secrets[] {
  const users = new Set([user, user.trim()]);
  const tokens = new Set([token, token.trim()].filter((form) => form !== ''));
  return [...users].flatMap((name) => [...tokens].map((value) => ({ user: name, token: value })));
}

/** A pattern matching `form` with each of its characters as is, JSON-escaped or URL-encoded. */
function escapedAnyWay(form: string): string {
  let pattern = '';
  for (const character of form) {
    const ways = [escapeRegExp(character)];
    // JSON: \uXXXX per UTF-16 unit (hex in either case); "/", "\" and '"' after a backslash. One or
    // more backslashes, for JSON kept as a string inside JSON (a debug block quoting a request).
    let units = '';
    for (let i = 0; i < character.length; i++)
      units += `\\\\+u${anyCaseHex(character.charCodeAt(i).toString(16).padStart(4, '0'))}`;
    ways.push(units);
    if ('/\\"'.includes(character)) ways.push(`\\\\+${escapeRegExp(character)}`);
    // URL: each UTF-8 byte as %XX (either case); a space may also be a "+".
    let bytes = '';
    for (const byte of new TextEncoder().encode(character))
      bytes += `%${anyCaseHex(byte.toString(16).padStart(2, '0'))}`;
    ways.push(bytes);
    if (character === ' ') ways.push('\\+');
    // HTML: a numeric character reference, hex or decimal (leading zeros allowed), or a named one for
    // the characters an escaping page names (an error page may escape every "/", "=" and "+").
    const code = character.codePointAt(0)!;
    ways.push(`&#[xX]0*${anyCaseHex(code.toString(16))};`, `&#0*${code};`);
    for (const name of HTML_NAMES[character] ?? []) ways.push(`&${name};`);
    pattern += `(?:${ways.join('|')})`;
  }
  return pattern;
}

/** The named HTML references of the characters a token, a user name or base64 may hold. */
const HTML_NAMES: Record<string, string[]> = {
  '/': ['sol'],
  '=': ['equals'],
  '+': ['plus'],
  ':': ['colon'],
  '&': ['amp', 'AMP'],
  '"': ['quot', 'QUOT'],
  "'": ['apos'],
  '<': ['lt', 'LT'],
  '>': ['gt', 'GT'],
  '.': ['period'],
  _: ['lowbar', 'UnderBar'],
  '-': ['hyphen', 'dash'],
  '!': ['excl'],
  '@': ['commat'],
  '#': ['num'],
  '%': ['percnt'],
  $: ['dollar'],
  '~': ['tilde'],
  ' ': ['nbsp'],
};

function anyCaseHex(hex: string): string {
  return hex.replace(/[a-f]/gi, (digit) => `[${digit.toLowerCase()}${digit.toUpperCase()}]`);
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
  // URL serialising writes the "…" as %E2%80%A6: shown as the reader should see it.
  return url.toString().replaceAll('%E2%80%A6', '…');
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
