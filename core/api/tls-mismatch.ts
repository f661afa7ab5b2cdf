/**
 * `https://` to a port that answers plain HTTP (explore 62 item 4): a typo of the scheme, or the port of
 * an internal server's plain listener. The server did answer, without TLS: not a network fault, so it is
 * never tried again (five attempts over 15 s said "got no answer (EPROTO)" and the app blamed the
 * internet connection) and it stops a run, as a refused certificate does. The TLS handshake failed
 * before the request was written, so nothing reached Trackops and a create so refused is not in doubt.
 *
 * The reverse (`http://` to a TLS port): a TLS listener drops plain HTTP without a byte, as any reset
 * looks ("got no answer (ECONNRESET)", five tries, and a create left in doubt), so a handshake of its
 * own to the port tells them apart (speaks-tls.ts), once per connection and only for http://, which is
 * accepted only to this computer (base-url.ts). Said as what it is, with the https:// address to give;
 * the TLS listener read no request, so nothing reached Trackops here either.
 */
import { isLoopback } from './base-url.ts';
import type { ConnectionWords } from './connection-words.ts';
import { SchemeMismatchError, type ApiErrorContext } from './errors.ts';
import { capitalised } from '../problems/ways-out.ts';
import type { Redactor } from './redact.ts';

/**
 * OpenSSL read the first bytes of the answer as a TLS record and found none: "wrong version number" is
 * what an HTTP status line ("HTTP/1.1 400", the server's answer to TLS bytes it took for a request) reads
 * as. Other TLS failures (a handshake the server refused) are not this.
 */
export function answeredWithoutTls(error: unknown): boolean {
  for (let current = error, depth = 0; current && depth < 5; depth++) {
    const { code, message } = current as { code?: unknown; message?: unknown };
    if (code === 'ERR_SSL_WRONG_VERSION_NUMBER') return true;
    if (code === 'EPROTO' && typeof message === 'string' && /wrong version number/i.test(message))
      return true;
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}

/** `baseUrl`, given as https://, reached a port that answered without TLS. */
export function schemeMismatch(
  baseUrl: string,
  context: ApiErrorContext,
  scrub: Redactor,
  words: ConnectionWords,
): SchemeMismatchError {
  const target = new URL(baseUrl);
  const host = target.port ? target.host : `${target.host}:443`;
  const plain = `http://${target.host}${target.pathname.replace(/\/+$/, '')}`;
  // Plain http:// is refused except to this computer (base-url.ts): a token sent unencrypted over a
  // network can be read on the way. So only a loopback address is offered http://.
  const fix = isLoopback(target.hostname)
    ? `the address should start with http:// (${plain}) if this is a server on this computer, or the port is the wrong one`
    : 'the port is most likely the wrong one (HTTPS is usually port 443; plain http:// is refused for an address off this computer, as it would send the token unencrypted)';
  const message =
    `${context.method} ${context.path}: the server at ${host} answered without TLS (encryption), most likely in plain HTTP, ` +
    `though the address starts with https://, so the request was not sent (nothing reached Trackops): ${fix}. ` +
    `${capitalised(words.checkAddress())}. Trying again as it is gets the same answer.`;
  return new SchemeMismatchError(scrub(message), context, target.host);
}

/** `baseUrl`, given as http://, reached a port that answered in TLS (speaks-tls.ts). */
export function answeredInTls(
  baseUrl: string,
  context: ApiErrorContext,
  scrub: Redactor,
  words: ConnectionWords,
): SchemeMismatchError {
  const target = new URL(baseUrl);
  const host = target.port ? target.host : `${target.host}:80`;
  const secure = `https://${host}${target.pathname.replace(/\/+$/, '')}`;
  const message =
    `${context.method} ${context.path}: the server at ${host} answered in TLS (encryption), as an https:// server does, ` +
    `though the address starts with http://, so it read no request (nothing reached Trackops): use https:// (${secure}). ` +
    `${capitalised(words.checkAddress())}. Trying again as it is gets the same answer.`;
  return new SchemeMismatchError(scrub(message), context, host);
}
