/**
 * What core/api/http.ts needs from the network: one request out, one whole answer back. The retry loop,
 * pacing, error classification and redaction stay in http.ts; a transport only sends and reads.
 *
 * Two exist: core/api/node-transport.ts (node:http/https, the default, chosen for CPU: see there) and
 * `fetchTransport` below, over any `fetch`, which tests inject to script answers.
 */

export interface TransportRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  /** JSON text, or undefined for no body. */
  body: string | undefined;
  /** Covers the whole exchange, reading the answer's body included; then a `TimeoutError` DOMException. */
  timeoutMs: number;
  /** When it aborts, the exchange is given up and rejected with the signal's reason. */
  signal: AbortSignal | undefined;
}

export interface TransportAnswer {
  status: number;
  statusText: string;
  /** Header names in lower case (as node:http gives them). */
  headers: Record<string, string | string[] | undefined>;
  /** The body (after any content-encoding), whole, decoded by the charset its Content-Type names (`decodeBody`). */
  text: string;
  /** The charset the Content-Type names when TextDecoder does not know it: `text` is then empty, never guessed. */
  unknownCharset?: string;
  /**
   * The body began with gzip's magic bytes (1f 8b) though no Content-Encoding said so, and could not be
   * decompressed here: `text` is then empty (its bytes are never shown as text).
   */
  unlabelledGzip?: true;
}

/** Whether `bytes` begin as a gzip stream does (RFC 1952: 1f 8b). */
export function looksGzipped(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/**
 * Rejects with what the network said (an error whose `code`, or a cause's, says why: ECONNREFUSED…),
 * a `TimeoutError`, or the signal's reason; http.ts turns these into NetworkErrors.
 */
export type Transport = (request: TransportRequest) => Promise<TransportAnswer>;

/**
 * An exchange that failed after its status line came (the body cut by a reset, or not whole within the
 * timeout): the error as the network gave it, marked with the status the server had answered. A write
 * answered 2xx so was carried out (http.ts never sends it again), and "no answer" would be untrue.
 */
export function answeredWith(error: unknown, status: number): unknown {
  if (error === null || typeof error !== 'object') return error;
  return Object.assign(error, { answeredStatus: status });
}

/** The status an exchange was answered with before it failed (answeredWith), if any. */
export function answeredStatusOf(error: unknown): number | undefined {
  const status = (error as { answeredStatus?: unknown } | null)?.answeredStatus;
  return typeof status === 'number' ? status : undefined;
}

/** A header of an answer by name, case-insensitive; several values joined as fetch joins them. */
export function headerOf(answer: TransportAnswer, name: string): string | undefined {
  const value = answer.headers[name.toLowerCase()];
  return Array.isArray(value) ? value.join(', ') : value;
}

/**
 * The body's text, decoded by the charset its Content-Type names (WHATWG labels, as TextDecoder knows
 * them: `iso-8859-1` and `latin1` mean windows-1252 there), UTF-8 when it names none (JSON's own
 * default). An older PHP/MySQL stack answers `application/json; charset=ISO-8859-1`: read as UTF-8, its
 * "Société" became "Soci\uFFFDt\uFFFD", and an update sending the client object back whole stored the
 * misread name. A charset TextDecoder does not know is said, never guessed at.
 */
export function decodeBody(
  bytes: Uint8Array,
  contentType: string | undefined,
): { text: string; unknownCharset?: string; unlabelledGzip?: true } {
  // A transport that could decompress it has done so (node-transport.ts); compressed bytes are not text.
  if (looksGzipped(bytes)) return { text: '', unlabelledGzip: true };
  const label = /;\s*charset\s*=\s*"?([^";\s]+)"?/i.exec(contentType ?? '')?.[1];
  if (label === undefined) return { text: utf8.decode(bytes) };
  let decoder;
  try {
    decoder = new TextDecoder(label);
  } catch {
    // A RangeError: TextDecoder knows no such label.
    return { text: '', unknownCharset: label };
  }
  const text = decoder.decode(bytes);
  return { text: decoder.encoding === 'windows-1252' ? text.replace(/[\u0080-\u009f]/g, cp1252) : text };
}

const utf8 = new TextDecoder('utf-8');

/**
 * Bytes 0x80–0x9F as windows-1252 has them (WHATWG index-windows-1252: "€", "‚", "ƒ", … "Ÿ"; five
 * stay as they are). Node 20.18.3 and later decode them as ISO-8859-1's control characters
 * (nodejs/node#60888), so "€" arrived as U+0080; where TextDecoder is right this changes nothing.
 */
const CP1252_80_9F =
  '\u20ac\u0081\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u008d\u017d\u008f' +
  '\u0090\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u009d\u017e\u0178';

function cp1252(character: string): string {
  return CP1252_80_9F[character.charCodeAt(0) - 0x80]!;
}

/** The same exchange over a `fetch` (tests script answers this way; any fetch-compatible function works). */
export function fetchTransport(fetchOnce: typeof fetch): Transport {
  return async ({ method, url, headers, body, timeoutMs, signal }) => {
    const timer = new AbortController();
    const timeout = setTimeout(
      () => timer.abort(new DOMException('the request timed out', 'TimeoutError')),
      timeoutMs,
    );
    try {
      const response = await fetchOnce(url, {
        method,
        headers,
        ...(body === undefined ? {} : { body }),
        signal: signal ? AbortSignal.any([signal, timer.signal]) : timer.signal,
      });
      // The timeout covers reading the answer too: a server that stalls mid-body is given up on.
      let bytes: Uint8Array;
      try {
        bytes = new Uint8Array(await response.arrayBuffer());
      } catch (error) {
        throw signal?.aborted ? error : answeredWith(error, response.status);
      }
      const answerHeaders: Record<string, string> = {};
      response.headers.forEach((value, name) => {
        answerHeaders[name.toLowerCase()] = value;
      });
      return {
        status: response.status,
        statusText: response.statusText,
        headers: answerHeaders,
        ...decodeBody(bytes, answerHeaders['content-type']),
      };
    } finally {
      clearTimeout(timeout);
    }
  };
}
