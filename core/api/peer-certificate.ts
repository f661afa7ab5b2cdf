/**
 * What certificate an HTTPS address presents, read by a TLS handshake of its own that sends nothing
 * (no request, no Authorization): asked only after this computer refused that certificate, so the
 * refusal can name who issued it (a company proxy that inspects HTTPS issues its own: "Zscaler Root
 * CA") and until when it was valid. The refused exchange itself cannot tell: Node drops the socket, and
 * its certificate with it, before the error is heard.
 */
import { isIP } from 'node:net';
import tls from 'node:tls';

export interface PeerCertificate {
  /** The name it was issued to (its subject's CN, else its organisation). */
  subject: string | null;
  /** Who issued it (the issuer's CN, else its organisation). */
  issuer: string | null;
  /** Issued by itself (subject and issuer the same). */
  selfSigned: boolean;
  /** The DNS names and addresses it is valid for (its subjectAltName), as listed. */
  names: string[];
  validFrom: Date | null;
  validTo: Date | null;
}

/** The longest this look may take: it only adds words to a refusal already certain. */
const LOOK_MS = 5_000;

/** The certificate `url`'s host presents, or null when none could be read (the look failed or took too long). */
export function readPeerCertificate(
  url: string,
  timeoutMs: number,
  signal?: AbortSignal,
): Promise<PeerCertificate | null> {
  let target: URL;
  try {
    target = new URL(url);
  } catch {
    return Promise.resolve(null);
  }
  if (target.protocol !== 'https:') return Promise.resolve(null);
  const host = target.hostname.replace(/^\[|\]$/g, '');
  return new Promise((resolve) => {
    // Not trusted on purpose: only read, then closed before a byte of HTTP is written. An IP address is
    // not a server name (Node warns when one is given as such), as https.request leaves it out too.
    const socket = tls.connect({
      host,
      port: Number(target.port || 443),
      ...(isIP(host) ? {} : { servername: host }),
      rejectUnauthorized: false,
    });
    const done = (certificate: PeerCertificate | null) => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      socket.destroy();
      resolve(certificate);
    };
    const onAbort = () => done(null);
    const timer = setTimeout(onAbort, Math.min(timeoutMs, LOOK_MS));
    signal?.addEventListener('abort', onAbort, { once: true });
    socket.once('secureConnect', () => done(described(socket.getPeerCertificate())));
    socket.once('error', () => done(null));
  });
}

function described(raw: tls.PeerCertificate): PeerCertificate | null {
  if (!raw || Object.keys(raw).length === 0) return null;
  const subject = nameOf(raw.subject);
  const issuer = nameOf(raw.issuer);
  return {
    subject,
    issuer,
    selfSigned: subject !== null && JSON.stringify(raw.subject) === JSON.stringify(raw.issuer),
    names: (raw.subjectaltname ?? '')
      .split(',')
      .map((name) => name.trim().replace(/^(DNS|IP Address):/, ''))
      .filter(Boolean),
    validFrom: dateOf(raw.valid_from),
    validTo: dateOf(raw.valid_to),
  };
}

function nameOf(name: tls.Certificate | undefined): string | null {
  const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);
  return first(name?.CN) ?? first(name?.O) ?? null;
}

function dateOf(text: string | undefined): Date | null {
  const date = text ? new Date(text) : null;
  return date && !Number.isNaN(date.getTime()) ? date : null;
}
