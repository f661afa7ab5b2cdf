/**
 * Which account a round-trip file came from, against the account it is being imported into. A
 * round-trip row is an update by `id`, and ids are only meaningful in the account that gave them: in
 * another account (a staging copy, the practice sandbox, a sister company's account) request 5 is a
 * different claim, and the conflict check (requests updated since the export) would ask the wrong
 * account and find nothing (report 4, item 2). So the file's account is compared before anything is
 * sent, and a file from another account is refused, naming both.
 *
 * The file keeps the connection's label as it was at export time (round-trip-meta.ts, `account`):
 * `URL as user`, or `built-in sandbox at URL`. "The same account" is the same account key
 * (api/account-key.ts: the API base normalised, this machine's loopback names as one); the user is not
 * compared (a colleague exporting and a clerk importing is the round trip's normal use). The built-in
 * sandbox is one practice account whatever port it was given this time, so it is compared as "the
 * built-in sandbox".
 */
import { accountKey } from '../api/account-key.ts';
import { InputError } from '../errors.ts';

/**
 * The account in words for a message: the address as it was given, without its user, credentials or
 * query (the key would say `localhost` where the clerk typed `127.0.0.1`).
 */
function accountWords(label: string): string {
  const key = accountKey(label);
  if (key === null) return `"${label.trim()}"`;
  if (key === 'built-in sandbox') return key;
  const parsed = new URL(label.trim().split(/\s+as\s+/)[0]!);
  return `${parsed.protocol}//${parsed.host}${parsed.pathname.replace(/\/+$/, '')}`;
}

/**
 * Refuses (InputError `round_trip_other_account`) a round-trip file exported from another account than
 * the connection's. A file that names no account it can be compared by (an old or hand-made one) is
 * refused too: its ids cannot be known to be this account's.
 */
export function checkRoundTripAccount(fileName: string, exportedFrom: string, connectionLabel: string): void {
  const file = accountKey(exportedFrom);
  const connected = accountKey(connectionLabel);
  if (file !== null && file === connected) return;
  const what =
    file === null
      ? `${fileName}: its round-trip data does not say which account it was exported from (it says ${exportedFrom.trim() ? `"${exportedFrom.trim()}"` : 'nothing'})`
      : `${fileName} was exported from ${accountWords(exportedFrom)}, not from ${accountWords(connectionLabel)}, the account this import is connected to`;
  throw new InputError(
    'round_trip_other_account',
    `${what}. A round trip updates requests by their id, and ids name other requests in another account, so nothing was sent. ` +
      'Connect to the account the file came from, or, to change these requests in this account, export them from this account and edit that file.',
  );
}
