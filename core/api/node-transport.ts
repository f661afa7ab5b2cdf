/**
 * The default transport: node:http / node:https with a keep-alive agent, no web streams.
 *
 * Why not the platform's fetch (issue 13, docs/benchmarks.md): profiled on the bench's import child
 * (2,000 rows at 1,000/s), undici and its web streams were ≈ 7.7 s of ≈ 15.5 s of the main thread's
 * CPU, every body a `ReadableStream` (in Node 20 each pays `makeTransferable`), the largest single
 * cost of an import per row. An answer here is a few Buffers joined and decoded once.
 *
 * What it keeps from fetch, so that http.ts's rules hold unchanged:
 * - errors carry the system's code (ECONNREFUSED, ENOTFOUND, EAI_AGAIN: nothing left this machine;
 *   ECONNRESET, "socket hang up": the request may have been received), an invalid URL throws
 *   ERR_INVALID_URL before anything is sent, a timeout is a `TimeoutError` and covers the body;
 * - the answer's body is decoded by its Content-Type's charset, UTF-8 when it names none (a BOM
 *   dropped, bad bytes as U+FFFD; transport.ts `decodeBody`), after gzip, deflate or br, which it asks
 *   for as fetch did; no size cap (fetch had none either);
 * - no proxy: Node 20's fetch ignores HTTP(S)_PROXY as well, so nothing is lost.
 * What it does not: follow redirects. The API has no reason to redirect, and fetch turned a POST
 * answered 301/302 into a GET whose 2xx would have been taken for the create's; a 3xx is now an
 * unexpected answer, said as such.
 *
 * Keep-alive and doubt: a reused socket the server closed while idle fails with ECONNRESET or "socket
 * hang up" once written to. Node's agent says the socket was reused (`reusedSocket`), not whether the
 * server read the request, so a POST that fails this way stays "may have been received" and the
 * journal reconciles it (docs/import.md); GET and PUT are retried by http.ts as for any reset.
 */
import http from 'node:http';
import https from 'node:https';
import zlib from 'node:zlib';
import type { Transform } from 'node:stream';
import { answeredWith, decodeBody, looksGzipped, type Transport, type TransportAnswer } from './transport.ts';

// One pool per process, as fetch had (its global dispatcher). Idle sockets are unref'd by the agent,
// so they never keep a finished command alive. A socket idle for 4 s is closed by us (undici's default
// too), before a server's idle timeout (5 s is Node's and common) can close it as a request goes out
// on it, the race that leaves a POST in doubt. It does not limit a request in flight (http.ts's does).
const IDLE_MS = 4_000;
const agents = {
  'http:': new http.Agent({ keepAlive: true, timeout: IDLE_MS }),
  'https:': new https.Agent({ keepAlive: true, timeout: IDLE_MS }),
};

export function nodeTransport(): Transport {
  return ({ method, url, headers, body, timeoutMs, signal }) =>
    new Promise<TransportAnswer>((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason);
      // Throws TypeError ERR_INVALID_URL: refused before anything was sent.
      const target = new URL(url);
      const protocol = target.protocol;
      if (protocol !== 'http:' && protocol !== 'https:') {
        return reject(
          Object.assign(new TypeError(`unsupported protocol ${protocol}`), { code: 'ERR_INVALID_PROTOCOL' }),
        );
      }
      const outgoing: Record<string, string | number> = {
        ...headers,
        'Accept-Encoding': 'gzip, deflate, br',
      };
      if (body !== undefined) outgoing['Content-Length'] = Buffer.byteLength(body);

      let settled = false;
      // Set once the status line came: an exchange cut after it was answered (transport.ts answeredWith).
      let answered: number | undefined;
      const settle = (error: unknown, answer?: TransportAnswer) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        if (answer) resolve(answer);
        else {
          reject(signal?.aborted || answered === undefined ? error : answeredWith(error, answered));
          request.destroy();
        }
      };
      const onAbort = () => settle(signal!.reason);
      const timer = setTimeout(
        () => settle(new DOMException('the request timed out', 'TimeoutError')),
        timeoutMs,
      );
      signal?.addEventListener('abort', onAbort, { once: true });

      const lib = protocol === 'https:' ? https : http;
      const request = lib.request(target, { method, headers: outgoing, agent: agents[protocol] });
      request.on('error', (error) => settle(error));
      request.on('response', (response) => {
        answered = response.statusCode;
        const decoded = decoder(response.headers['content-encoding']);
        const source = decoded ? response.pipe(decoded) : response;
        const chunks: Buffer[] = [];
        source.on('data', (chunk: Buffer) => chunks.push(chunk));
        source.on('error', (error) => settle(error));
        response.on('error', (error) => settle(error));
        // The socket closed before the whole body came: the answer is lost, as a reset is.
        response.on('close', () => {
          if (!response.complete) settle(Object.assign(new Error('aborted'), { code: 'ECONNRESET' }));
        });
        source.on('end', () =>
          settle(undefined, {
            status: response.statusCode ?? 0,
            statusText: response.statusMessage ?? '',
            headers: response.headers,
            ...decodeBody(
              unlabelledGunzip(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks), decoded),
              response.headers['content-type'],
            ),
          }),
        );
      });
      request.end(body);
    });
}

/**
 * A body compressed without saying so (gzip's magic bytes, no Content-Encoding: a proxy that compresses
 * and forgets the header) is decompressed when it inflates cleanly: it is then the answer as sent. One
 * that does not is left as it came, and decodeBody says what it is rather than show its bytes.
 */
function unlabelledGunzip(bytes: Buffer, decoded: Transform | undefined): Buffer {
  if (decoded || !looksGzipped(bytes)) return bytes;
  try {
    return zlib.gunzipSync(bytes);
  } catch {
    return bytes;
  }
}

function decoder(encoding: string | undefined): Transform | undefined {
  switch (encoding?.trim().toLowerCase()) {
    case 'gzip':
    case 'x-gzip':
      return zlib.createGunzip();
    case 'deflate':
      return zlib.createInflate();
    case 'br':
      return zlib.createBrotliDecompress();
    default:
      return undefined;
  }
}
