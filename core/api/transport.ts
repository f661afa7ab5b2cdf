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
  /** The body decoded as UTF-8 (after any content-encoding), whole. */
  text: string;
}

/**
 * Rejects with what the network said (an error whose `code`, or a cause's, says why: ECONNREFUSED…),
 * a `TimeoutError`, or the signal's reason; http.ts turns these into NetworkErrors.
 */
export type Transport = (request: TransportRequest) => Promise<TransportAnswer>;

/** A header of an answer by name, case-insensitive; several values joined as fetch joins them. */
export function headerOf(answer: TransportAnswer, name: string): string | undefined {
  const value = answer.headers[name.toLowerCase()];
  return Array.isArray(value) ? value.join(', ') : value;
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
      const text = await response.text();
      const answerHeaders: Record<string, string> = {};
      response.headers.forEach((value, name) => {
        answerHeaders[name.toLowerCase()] = value;
      });
      return { status: response.status, statusText: response.statusText, headers: answerHeaders, text };
    } finally {
      clearTimeout(timeout);
    }
  };
}
