/**
 * Which account an API base address names, as one comparable key: what journals record (their header's
 * `account`), what the journal lists and run locks are keyed by, and what a round-trip file is compared
 * by. The same account typed two ways must be one key, or the safety checks for one account (one run of
 * a file at a time, what earlier imports created, which requests this machine created) each see two
 * accounts and let the same rows be created twice (explore 30 item 1: `http://localhost:PORT` and
 * `http://127.0.0.1:PORT` imported the same rows twice).
 *
 * Normalised: scheme and host in lower case, the default port dropped, trailing slashes, user info,
 * query and fragment left out (so a token pasted into an address never reaches a key), and this
 * machine's loopback names (`localhost`, `127.0.0.1`, `[::1]`) taken as one host, `localhost`: a
 * sandbox on this computer answers to all three, and one port on one machine is one server. Another
 * `127.x.y.z` stays its own (a server bound to that address only). The port of a loopback address is
 * kept: two local sandboxes on two ports are two accounts. The path's letter case is kept (a server
 * may tell paths apart by case).
 */

const SANDBOX_PREFIX = 'built-in sandbox at ';
/** The one name of this machine in a key; and the other names it stands for. */
const LOOPBACK = 'localhost';
const LOOPBACK_NAMES = ['localhost', '127.0.0.1', '[::1]'];

/**
 * The account part of an address or a connection label (`URL as user`, a round-trip file's `account`
 * entry), comparable; null when it is not an http(s) address. `built-in sandbox at URL` (the practice
 * account, whose port changes at each start) is `built-in sandbox`.
 */
export function accountKey(label: string): string | null {
  const text = label.trim();
  if (text.startsWith(SANDBOX_PREFIX)) return 'built-in sandbox';
  const address = text.split(/\s+as\s+/)[0] ?? '';
  let parsed: URL;
  try {
    parsed = new URL(address);
  } catch {
    return null;
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return null;
  // URL has already put the scheme and host in lower case and dropped a default port.
  const host = LOOPBACK_NAMES.includes(parsed.hostname) ? LOOPBACK : parsed.hostname;
  const port = parsed.port ? `:${parsed.port}` : '';
  return `${parsed.protocol}//${host}${port}${parsed.pathname.replace(/\/+$/, '')}`;
}

/**
 * An account as a journal records it, in today's key: an address recorded by an earlier version (the
 * loopback name as typed) becomes its key; anything else (the built-in sandbox by its data file) is
 * kept as it is.
 */
export function recordedAccountKey(recorded: string): string {
  if (recorded.startsWith('built-in sandbox')) return recorded;
  return accountKey(recorded) ?? recorded;
}

/**
 * Every spelling a key may have been recorded under by earlier versions, the key first: journal lists
 * are files named by a hash of the account, so a list written under `http://127.0.0.1:PORT/…` is found
 * only by that spelling. Only the loopback names ever differed (host case, default port and trailing
 * slash were already normalised).
 */
export function accountKeySpellings(key: string): string[] {
  let parsed: URL;
  try {
    parsed = new URL(key);
  } catch {
    return [key];
  }
  if (parsed.hostname !== LOOPBACK) return [key];
  const rest = key.slice(`${parsed.protocol}//${LOOPBACK}`.length);
  return [
    key,
    ...LOOPBACK_NAMES.filter((name) => name !== LOOPBACK).map((name) => `${parsed.protocol}//${name}${rest}`),
  ];
}

/** Whether a journal's recorded account (absent in journals written before they recorded it) is `account`. */
export function isAccount(recorded: string | undefined, account: string): boolean {
  return recorded !== undefined && recordedAccountKey(recorded) === recordedAccountKey(account);
}
