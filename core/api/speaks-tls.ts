/**
 * Whether a port reached by plain http:// is a TLS listener (an https:// server's port given with
 * http://): such a listener takes the request's first bytes for a broken handshake and drops the
 * connection, which the client hears as a reset or a hang-up, as it hears any server that went away.
 * Only a handshake of its own tells them apart: this look sends a TLS hello and nothing else (no
 * request, no Authorization) and closes as soon as the handshake is answered, trusted or not.
 */
import { isIP } from 'node:net';
import tls from 'node:tls';

/** The longest this look may take: it only replaces a failure already certain with better words. */
const LOOK_MS = 5_000;

/**
 * The exchange was cut as a TLS listener cuts plain HTTP: reset, hung up, or answered with bytes that
 * are not HTTP (a TLS alert read as a status line). Not a refusal or a timeout: a TLS listener answers.
 */
export function cutLikeTlsListener(error: unknown): boolean {
  for (let current = error, depth = 0; current && depth < 5; depth++) {
    const { code, message } = current as { code?: unknown; message?: unknown };
    if (code === 'ECONNRESET' || code === 'EPIPE') return true;
    if (typeof code === 'string' && code.startsWith('HPE_')) return true;
    if (typeof message === 'string' && /socket hang up/i.test(message)) return true;
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}

/** True when `baseUrl`'s host and port complete a TLS handshake; false when not, or not within the look. */
export function speaksTls(baseUrl: string, timeoutMs: number, signal?: AbortSignal): Promise<boolean> {
  const target = new URL(baseUrl);
  const host = target.hostname.replace(/^\[|\]$/g, '');
  return new Promise((resolve) => {
    // Not trusted on purpose: a self-signed gateway's handshake says as much as a trusted one's. An IP
    // address is no server name (Node warns when one is given as such).
    const socket = tls.connect({
      host,
      port: Number(target.port || (target.protocol === 'https:' ? 443 : 80)),
      ...(isIP(host) ? {} : { servername: host }),
      rejectUnauthorized: false,
    });
    const done = (answered: boolean) => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      socket.destroy();
      resolve(answered);
    };
    const onAbort = () => done(false);
    const timer = setTimeout(onAbort, Math.min(timeoutMs, LOOK_MS));
    signal?.addEventListener('abort', onAbort, { once: true });
    socket.once('secureConnect', () => done(true));
    socket.once('error', () => done(false));
  });
}
