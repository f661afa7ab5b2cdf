/**
 * A TLS certificate this computer does not trust, said as what it is (explore 51 item 7): not "got no
 * answer (DEPTH_ZERO_SELF_SIGNED_CERT)" tried five times, but which address, what is wrong with its
 * certificate (who issued it, when it expired, which name it was made for) and what to do. Firms whose
 * network inspects HTTPS (Zscaler, a company proxy) or whose gateway has its own certificate meet this
 * on the first request. The handshake fails before the request is written, so nothing reached
 * Trackops, and the same certificate is refused the same way however often it is tried.
 */
import { CertificateError, type ApiErrorContext } from './errors.ts';
import type { PeerCertificate } from './peer-certificate.ts';
import type { ConnectionWords } from './connection-words.ts';
import { capitalised } from '../problems/ways-out.ts';
import type { Redactor } from './redact.ts';

type RefusalKind = 'self_signed' | 'unknown_issuer' | 'expired' | 'not_yet_valid' | 'other_name' | 'other';

/** Node's (OpenSSL's) codes for a certificate it refused, by what the person can do about each. */
const KINDS: Record<string, RefusalKind> = {
  DEPTH_ZERO_SELF_SIGNED_CERT: 'self_signed',
  SELF_SIGNED_CERT_IN_CHAIN: 'unknown_issuer',
  UNABLE_TO_GET_ISSUER_CERT: 'unknown_issuer',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'unknown_issuer',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'unknown_issuer',
  CERT_UNTRUSTED: 'unknown_issuer',
  INVALID_CA: 'unknown_issuer',
  CERT_HAS_EXPIRED: 'expired',
  CERT_NOT_YET_VALID: 'not_yet_valid',
  ERR_TLS_CERT_ALTNAME_INVALID: 'other_name',
  HOSTNAME_MISMATCH: 'other_name',
  CERT_REVOKED: 'other',
  CERT_REJECTED: 'other',
  CERT_SIGNATURE_FAILURE: 'other',
  UNABLE_TO_DECRYPT_CERT_SIGNATURE: 'other',
  UNABLE_TO_DECODE_ISSUER_PUBLIC_KEY: 'other',
  CERT_CHAIN_TOO_LONG: 'other',
  PATH_LENGTH_EXCEEDED: 'other',
  INVALID_PURPOSE: 'other',
  ERROR_IN_CERT_NOT_BEFORE_FIELD: 'other',
  ERROR_IN_CERT_NOT_AFTER_FIELD: 'other',
};

/** The code of a certificate refusal under `error` (Node puts it on the error or a cause), else undefined. */
export function certificateRefusalCode(error: unknown): string | undefined {
  for (let current = error, depth = 0; current && depth < 5; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && code in KINDS) return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/**
 * The refusal of `url`'s certificate as a CertificateError; `certificate` is what a look of its own
 * read of it (peer-certificate.ts), null when it could not, and the words then say less, never guess.
 */
export function certificateRefusal(
  code: string,
  url: string,
  certificate: PeerCertificate | null,
  context: ApiErrorContext,
  scrub: Redactor,
  words: ConnectionWords,
  now: Date = new Date(),
): CertificateError {
  const target = new URL(url);
  const kind = KINDS[code] ?? 'other';
  const issuer = certificate?.selfSigned ? null : (certificate?.issuer ?? null);
  const message =
    `${context.method} ${context.path}: this computer does not trust the certificate ${target.host} answered with, ` +
    `so the request was not sent (nothing reached Trackops): ${why(kind, target.hostname, certificate, now)} (${code}). ` +
    whatToDo(kind, target.host, words);
  return new CertificateError(
    scrub(message),
    context,
    target.host,
    code,
    issuer === null ? null : scrub(issuer),
  );
}

function why(kind: RefusalKind, hostname: string, certificate: PeerCertificate | null, now: Date): string {
  const issuedTo = certificate?.subject ? ` "${certificate.subject}"` : '';
  const issuedBy = certificate?.issuer && !certificate.selfSigned ? ` by "${certificate.issuer}"` : '';
  switch (kind) {
    case 'self_signed':
      return `it is self-signed: issued${issuedTo ? ` to${issuedTo}` : ''} by its own server, not by an authority this computer knows`;
    case 'unknown_issuer':
      // A guess, and said as one: the code says only that the issuer is unknown here.
      return (
        `it was issued${issuedTo ? ` to${issuedTo}` : ''}${issuedBy ? `${issuedBy}, an authority` : ' by an authority'} this computer does not know; ` +
        `most often that is a company network that inspects HTTPS (a proxy such as Zscaler, or a firewall) answering in Trackops' place`
      );
    case 'expired':
      return `it expired${certificate?.validTo ? ` on ${dayOf(certificate.validTo)}` : ''}${issuedTo ? ` (issued to${issuedTo}${issuedBy})` : ''}, and this computer's date is ${dayOf(now)}`;
    case 'not_yet_valid':
      return `it is not valid yet${certificate?.validFrom ? ` (from ${dayOf(certificate.validFrom)})` : ''}, and this computer's date is ${dayOf(now)}`;
    case 'other_name': {
      const names = certificate?.names.length
        ? certificate.names
        : certificate?.subject
          ? [certificate.subject]
          : [];
      return `it was made for ${names.length ? names.join(', ') : 'another name'}, not for ${hostname}${issuedBy ? ` (issued${issuedBy})` : ''}`;
    }
    case 'other':
      return `this computer refused it${issuedTo ? ` (issued to${issuedTo}${issuedBy})` : ''}`;
  }
}

function whatToDo(kind: RefusalKind, host: string, words: ConnectionWords): string {
  const again = 'Trying again as it is gets the same refusal.';
  switch (kind) {
    case 'self_signed':
    case 'unknown_issuer':
      return (
        'If your company inspects HTTPS or reaches Trackops through a gateway of its own, ask IT for its root certificate ' +
        '(a .pem file) and set the environment variable NODE_EXTRA_CA_CERTS to that file before starting trackops-bulk ' +
        `(the command or the app); if it does not, ask IT what is answering for ${host} before sending anything. ${again}`
      );
    case 'expired':
    case 'not_yet_valid':
      return `If this computer's date is wrong, correct it; if it is right, whoever runs ${host} (Trackops, or your company's gateway or proxy) must renew the certificate. ${again}`;
    case 'other_name':
      return `${capitalised(words.checkAddress())}; if it is right, something between this computer and Trackops (a company proxy) answers for it: ask IT. ${again}`;
    case 'other':
      return `Ask IT what is answering for ${host}. ${again}`;
  }
}

function dayOf(date: Date): string {
  return date.toISOString().slice(0, 10);
}
