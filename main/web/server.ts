/**
 * Browser mode: the same bridge handlers behind a loopback-only HTTP server, so the renderer can be
 * driven in a real browser where Electron cannot run. Guards, in order: bound to 127.0.0.1 only; the
 * Host header must name this server (no DNS rebinding); every bridge call carries the per-launch
 * secret in `X-Trackops-Secret`; cross-origin callers are refused. The built renderer is served
 * without the secret (it holds no data) with the same CSP as the desktop window.
 *
 * POST /bridge/<verb>  JSON payload → JSON BridgeResult
 * GET  /bridge/events  text/event-stream of ProgressEvent (read with fetch, since EventSource cannot send headers);
 *                      `?after=N` first replays the kept events numbered above N (a stream reconnecting)
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, sep } from 'node:path';
import type { Dispatch } from '../bridge/dispatch.ts';
import { CONTENT_SECURITY_POLICY } from '../security.ts';
import type { ProgressHub } from '../session/progress-hub.ts';

export const SECRET_HEADER = 'x-trackops-secret';
/** Uploads arrive base64 in JSON; 300 MB covers the 200 MB file limit of the contract. */
const MAX_BODY_BYTES = 300 * 1024 * 1024;

const MIME_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
};

/**
 * A file the renderer build named by its content (vite: `assets/<name>-<8-character hash>.<ext>`): a
 * new build gives changed content a new name, so the browser may keep it for good and a reload reuses
 * the 500 kB bundle instead of fetching and compiling it again. index.html (which names the build's
 * files) and every file without a hash (favicon.svg) are fetched afresh each time.
 */
const CONTENT_HASHED = /^assets\/[^/]+-[A-Za-z0-9_-]{8}\.[a-z0-9]+$/;
const KEPT_FOR_GOOD = 'public, max-age=31536000, immutable';

export interface WebServerOptions {
  port?: number;
  dispatch: Dispatch;
  hub: ProgressHub;
  /** The built renderer (vite's outDir). */
  staticDir: string;
  /** Tests may fix it; otherwise 32 random bytes per launch. */
  secret?: string;
}

export interface RunningWebServer {
  origin: string;
  /** The one link to open: the secret travels in the fragment, which browsers never send to a server. */
  openUrl: string;
  close(): Promise<void>;
}

export async function startWebServer(options: WebServerOptions): Promise<RunningWebServer> {
  const secret = options.secret ?? randomBytes(32).toString('hex');
  const expected = Buffer.from(secret);
  let origin = '';
  const streams = new Set<ServerResponse>();

  const hasSecret = (request: IncomingMessage) => {
    const given = Buffer.from(String(request.headers[SECRET_HEADER] ?? ''));
    return given.length === expected.length && timingSafeEqual(given, expected);
  };

  const server = createServer((request, response) => {
    void handle(request, response).catch(() => {
      if (!response.headersSent)
        sendJson(response, 500, { ok: false, error: { code: 'internal', message: 'Server error' } });
      else response.end();
    });
  });

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const host = request.headers.host ?? '';
    if (host !== new URL(origin).host && host !== `localhost:${new URL(origin).port}`) {
      return sendText(response, 421, 'Wrong host');
    }
    const path = new URL(request.url ?? '/', origin).pathname;
    if (path.startsWith('/bridge/')) {
      const callerOrigin = request.headers.origin;
      if (
        callerOrigin !== undefined &&
        callerOrigin !== origin &&
        callerOrigin !== `http://localhost:${new URL(origin).port}`
      ) {
        return sendJson(response, 403, {
          ok: false,
          error: { code: 'untrusted_sender', message: 'Cross-origin call refused.' },
        });
      }
      if (!hasSecret(request)) {
        return sendJson(response, 401, {
          ok: false,
          error: {
            code: 'untrusted_sender',
            message: 'Missing or wrong secret: open the link the app printed.',
          },
        });
      }
      if (path === '/bridge/events' && request.method === 'GET')
        return openEventStream(response, new URL(request.url ?? '/', origin).searchParams.get('after'));
      if (request.method !== 'POST') return sendText(response, 405, 'POST only');
      const body = await readBody(request);
      if (body === null) {
        return sendJson(response, 413, {
          ok: false,
          error: { code: 'too_large', message: 'That file is larger than 200 MB.' },
        });
      }
      let payload: unknown;
      try {
        payload = body.length === 0 ? {} : JSON.parse(body.toString('utf8'));
      } catch {
        return sendJson(response, 400, {
          ok: false,
          error: { code: 'bad_payload', message: 'The request body is not JSON.' },
        });
      }
      const verb = decodedPath(path.slice('/bridge/'.length));
      if (verb === null) return sendBadEscape(response, true);
      // The secret proved the caller is the page we served; dispatch sees it as our own origin.
      return sendJson(response, 200, await options.dispatch(verb, payload, origin + '/'));
    }
    if (request.method !== 'GET' && request.method !== 'HEAD') return sendText(response, 405, 'GET only');
    const relative = path === '/' ? 'index.html' : decodedPath(path)?.replace(/^\/+/, '');
    if (relative === undefined) return sendBadEscape(response, false);
    return serveStatic(relative, response);
  }

  /**
   * Each event goes out with its number as the SSE `id`, and every connection is first told the number
   * reached (`id:` alone). A reconnection (`after`) then gets what it missed, in order, before anything
   * new: all written in this one turn, so none can slip between.
   */
  function openEventStream(response: ServerResponse, after: string | null): void {
    response.writeHead(200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
    });
    const send = (event: { seq: number }) =>
      response.write(`id: ${event.seq}\ndata: ${JSON.stringify(event)}\n\n`);
    const from = after !== null && /^\d{1,15}$/.test(after) ? Number(after) : null;
    response.write(`: connected\nid: ${options.hub.seq}\n\n`);
    // Away longer than the hub keeps (1,000 events: a laptop asleep through a fast send), the oldest
    // missed are gone; the kept ones still end with each run's last state, which is what a screen shows.
    if (from !== null) for (const event of options.hub.since(from)) send(event);
    streams.add(response);
    const unsubscribe = options.hub.subscribe(send);
    response.on('close', () => {
      unsubscribe();
      streams.delete(response);
    });
  }

  async function serveStatic(relative: string, response: ServerResponse): Promise<void> {
    const file = normalize(join(options.staticDir, relative));
    if (!file.startsWith(normalize(options.staticDir) + sep)) return sendText(response, 404, 'Not found');
    let content: Buffer;
    try {
      content = await readFile(file);
    } catch {
      return sendText(response, 404, 'Not found');
    }
    response.writeHead(200, {
      'Content-Type': MIME_TYPES[extname(file)] ?? 'application/octet-stream',
      'Content-Security-Policy': CONTENT_SECURITY_POLICY,
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'no-referrer',
      'Cache-Control': CONTENT_HASHED.test(relative) ? KEPT_FOR_GOOD : 'no-store',
    });
    response.end(content);
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  origin = `http://127.0.0.1:${port}`;
  return {
    origin,
    openUrl: `${origin}/#secret=${secret}`,
    close: async () => {
      for (const stream of streams) stream.end();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
    },
  };
}

async function readBody(request: IncomingMessage): Promise<Buffer | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) return null;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

function sendJson(response: ServerResponse, status: number, value: unknown): void {
  response.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
  });
  response.end(JSON.stringify(value));
}

/** A path's %-escapes decoded, or null when one is malformed (`%zz`, a cut UTF-8 sequence). */
function decodedPath(path: string): string | null {
  try {
    return decodeURIComponent(path);
  } catch {
    return null;
  }
}

/** A malformed %-escape is the caller's mistake (400), never a server error. */
function sendBadEscape(response: ServerResponse, bridge: boolean): void {
  const message = 'The address has a malformed %-escape.';
  if (bridge) sendJson(response, 400, { ok: false, error: { code: 'bad_request', message } });
  else sendText(response, 400, message);
}

function sendText(response: ServerResponse, status: number, text: string): void {
  response.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8' });
  response.end(text);
}
