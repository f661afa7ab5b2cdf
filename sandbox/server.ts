/**
 * The HTTP server: each request passes the rate limit, then the fault plan (latency, injected 429/5xx),
 * then auth, then its route; a committed write is persisted before it is answered, and a drop-after-commit
 * fault destroys the socket after that instead of answering. Dialects (sandbox/dialects/) change the
 * request before its route and every answer just before it is sent, injected faults' answers included.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { authenticate, FORBIDDEN_MESSAGE, UNAUTHENTICATED_MESSAGE } from './auth.ts';
import type { DialectRequest, DialectSet } from './dialects/index.ts';
import type { FaultPlan } from './faults.ts';
import { readBody, sendJson, type JsonAnswer } from './http-io.ts';
import type { AccountFileWriter } from './persist.ts';
import type { TokenBucket } from './rate-limit.ts';
import { API_PREFIX, route } from './routes.ts';
import type { FaultEvent, RequestLogEntry, SandboxStats } from './stats.ts';
import type { AccountStore } from './store.ts';

export interface ServerParts {
  store: AccountStore;
  bucket: TokenBucket;
  faults: FaultPlan | null;
  writer: AccountFileWriter | null;
  stats: SandboxStats;
  faultLog: FaultEvent[];
  dialects: DialectSet;
  /** The server's clock (tests may fix it, so that timestamps repeat). */
  now: () => Date;
  onRequest?: ((entry: RequestLogEntry) => void) | undefined;
}

export function createSandboxServer(parts: ServerParts): Server {
  return createServer((request, response) => {
    const started = performance.now();
    if (parts.onRequest) {
      const onRequest = parts.onRequest;
      response.once('close', () => {
        onRequest({
          method: request.method ?? 'GET',
          // The path and query only: credentials travel in a header and are never part of this entry.
          url: request.url ?? '/',
          status: response.headersSent ? response.statusCode : 'dropped',
          ms: Math.round(performance.now() - started),
        });
      });
    }
    handle(parts, request, response).catch((error: unknown) => {
      // A bug or a failed --data write: answer 500 rather than hang the client.
      if (!response.headersSent) {
        answer(
          parts,
          response,
          parts.dialects.answer(
            { status: 500, body: { message: `Sandbox internal error: ${(error as Error).message}` } },
            bareRequest(request),
            parts.store.account,
          ),
        );
      } else {
        response.destroy();
      }
    });
  });
}

function answer(parts: ServerParts, response: ServerResponse, json: JsonAnswer): void {
  const key = String(json.status);
  parts.stats.byStatus[key] = (parts.stats.byStatus[key] ?? 0) + 1;
  if (json.status === 429) parts.stats.throttled += 1;
  // A real server's Date header and its records' timestamps come from one clock; tests that set the
  // sandbox's clock (a server minutes ahead of the client) get both, as the client observes a real one
  // (core/api/server-clock.ts). A dialect's own Date header, if any, wins.
  if (!response.hasHeader('date')) response.setHeader('Date', parts.now().toUTCString());
  sendJson(response, json);
}

async function handle(parts: ServerParts, request: IncomingMessage, response: ServerResponse): Promise<void> {
  const { stats } = parts;
  stats.requests += 1;
  const sequence = stats.requests;
  const method = request.method ?? 'GET';
  const url = new URL(request.url ?? '/', 'http://sandbox.invalid');
  // Drawn on arrival, before any await, so the fault sequence follows the request sequence.
  const draw = parts.faults?.next() ?? null;
  const logFault = (kind: FaultEvent['kind'], status?: number): void => {
    parts.faultLog.push({
      request: sequence,
      method,
      path: url.pathname,
      kind,
      ...(status ? { status } : {}),
    });
  };

  const slot = parts.bucket.take(Date.now());
  if (!slot.ok) {
    return answer(parts, response, {
      status: 429,
      body: {
        message: `Too many requests: the sandbox's rate limit is exceeded. Retry after ${slot.retryAfterSeconds} s.`,
      },
      headers: { 'Retry-After': String(slot.retryAfterSeconds) },
    });
  }
  if (draw && draw.latencyMs > 0) {
    stats.faults.latency += 1;
    await sleep(draw.latencyMs);
  }
  if (draw?.throttle) {
    stats.faults.throttle += 1;
    logFault('throttle', 429);
    return answer(parts, response, {
      status: 429,
      body: { message: 'Too many requests (injected throttle fault). Retry after 1 s.' },
      headers: { 'Retry-After': '1' },
    });
  }
  if (draw?.errorStatus) {
    stats.faults.error5xx += 1;
    logFault('error5xx', draw.errorStatus);
    const fault: JsonAnswer = {
      status: draw.errorStatus,
      body: { message: `Server error (injected ${draw.errorStatus} fault).` },
      headers: draw.errorStatus === 503 ? { 'Retry-After': '1' } : {},
    };
    return answer(parts, response, parts.dialects.answer(fault, bareRequest(request), parts.store.account));
  }

  const auth = authenticate(request.headers.authorization, parts.store.account.credentials);
  if (!auth.ok) {
    return answer(
      parts,
      response,
      auth.status === 403
        ? { status: 403, body: { message: FORBIDDEN_MESSAGE } }
        : {
            status: 401,
            body: { message: UNAUTHENTICATED_MESSAGE },
            headers: { 'WWW-Authenticate': 'Basic realm="Trackops API"' },
          },
    );
  }
  if (url.pathname !== API_PREFIX && !url.pathname.startsWith(`${API_PREFIX}/`)) {
    return answer(parts, response, {
      status: 404,
      body: { message: `No such endpoint: ${url.pathname}; the API lives under ${API_PREFIX}.` },
    });
  }
  const path = url.pathname.slice(API_PREFIX.length).replace(/^\/+|\/+$/g, '');
  const spoken: DialectRequest = { method, path, params: url.searchParams, textFilter: 'exact' };
  const early = parts.dialects.request(spoken, parts.store.account);
  if (early) return answer(parts, response, parts.dialects.answer(early, spoken, parts.store.account));
  const result = await route({ ...spoken, readBody: () => readBody(request) }, parts.store, parts.now);
  if (result.committed) {
    stats.writesCommitted += 1;
    await parts.writer?.save();
    if (draw?.dropAfterCommit) {
      stats.faults.dropAfterCommit += 1;
      logFault('drop-after-commit');
      request.socket.destroy();
      return;
    }
  }
  answer(parts, response, parts.dialects.answer(result.answer, spoken, parts.store.account, result.meta));
}

/** For answers given before a request is routed (faults, internal errors): only its method and path. */
function bareRequest(request: IncomingMessage): DialectRequest {
  const url = new URL(request.url ?? '/', 'http://sandbox.invalid');
  const path = url.pathname.slice(API_PREFIX.length).replace(/^\/+|\/+$/g, '');
  return { method: request.method ?? 'GET', path, params: url.searchParams, textFilter: 'exact' };
}
