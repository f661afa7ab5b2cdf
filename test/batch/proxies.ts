/**
 * Real HTTP proxies in front of the sandbox, for what the sandbox itself does not do:
 * - an outage: the answer to the Nth create is dropped after the sandbox stored it, then every
 *   connection is refused (the port stops listening) until the test ends the outage;
 * - an echoing gateway: some answers are error pages that echo the request's headers (the credential
 *   among them), as debug pages and some gateways do;
 * - a loose list filter: a filter the server ignores, so a probe lists the whole account;
 * - a server that ignores a parameter of every write: it is taken out of the body before the sandbox
 *   sees it, so the request is stored (and answered) without it;
 * - a server that answers every create with a request it already holds (one that de-duplicates on
 *   its own), creating nothing;
 * - a list that leaves a member out of every record (custom fields returned only one by one);
 * - paging that is not what we assume: pages capped below what is asked, a `mode=count` that is off
 *   by some records, a `page` parameter ignored or numbered from 0 (on case requests, or every list),
 *   or requests added by a colleague while the list is read;
 * - a slow server: a create waits in its queue, then is stored and answered, whether or not the client
 *   still waits (as PHP-FPM or a queued worker does not notice the client hanging up);
 * - lists that lag writes (a read replica, a search index), with the answers to the first creates
 *   dropped after they were stored;
 * - a sign-in gateway whose session expires mid-run: it answers in place, 200 text/html, its login page;
 * - an update answered with another request's record;
 * - a PHP-like echoing server: the credential json_encode'd in bodies, or in a reason phrase;
 * - a server that answers in ISO-8859-1 (or a charset no decoder knows) and says so in its Content-Type;
 * - a server that asks for long waits (Retry-After of an hour) or answers listings slowly;
 * - a server that refuses a list filter (400, as one that does not know `created_from_system` would);
 * - an account that does not serve a reference list where we assume it (a bare 404);
 * - a slow account: its case-request listings and counts held until the test lets them through;
 * - a slow account's lists (case types, regions, fields…) held while the test holds them, as a dry run
 *   or a send reads them first;
 * - a write carried out and answered 2xx, whose answer is cut mid-body (a reset after the status line);
 * - a create answered with another request's id and number, while the server stored a new one;
 * - a server that refuses writes to some requests with 403 (no permission on that record);
 * - a create lost on the way: the Nth POST never reaches the sandbox and is never answered;
 * - creates held on the way from the Nth until the test lets them through (a run kept going at a point);
 * - a list whose pages give their first request twice (a JOIN on the server), counts untouched;
 * - a `client` filter that means the root client, on records whose client_id is the client location;
 * - reference items with members the sandbox does not send (`"is_active": false` on a retired region).
 */
import {
  createServer,
  request as httpRequest,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export interface RunningProxy {
  /** The proxy's API base (same path as the sandbox's). */
  baseUrl: string;
  close(): Promise<void>;
}

/** A whole answer of the sandbox behind a proxy. */
export interface Forwarded {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

/** Sends `request` on to `upstream` with `body` (or to another path, by another method), read whole. */
export function forwardTo(
  upstream: URL,
  request: IncomingMessage,
  body: Buffer,
  path = request.url ?? '/',
  method = request.method,
): Promise<Forwarded> {
  return new Promise((resolve, reject) => {
    const out = httpRequest(
      {
        host: upstream.hostname,
        port: upstream.port,
        method,
        path,
        headers: { ...request.headers, host: upstream.host, 'content-length': String(body.length) },
      },
      (answer) => {
        const parts: Buffer[] = [];
        answer.on('data', (chunk: Buffer) => parts.push(chunk));
        answer.on('end', () =>
          resolve({
            status: answer.statusCode ?? 502,
            headers: answer.headers as Record<string, string>,
            body: Buffer.concat(parts),
          }),
        );
      },
    );
    out.on('error', reject);
    out.end(body);
  });
}

export type Handler = (
  request: IncomingMessage,
  response: ServerResponse,
  body: Buffer,
  forward: (
    path?: string,
    body?: Buffer,
    method?: string,
  ) => Promise<{ status: number; headers: Record<string, string>; body: Buffer }>,
) => Promise<void>;

export async function startProxy(
  target: string,
  handle: Handler,
): Promise<{ server: Server; port: number; sockets: Set<Socket>; baseUrl: string }> {
  const upstream = new URL(target);
  const sockets = new Set<Socket>();
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks);
      const forward = (path = request.url ?? '/', sent: Buffer = body, method = request.method) =>
        forwardTo(upstream, request, sent, path, method);
      handle(request, response, body, forward).catch(() => response.socket?.destroy());
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { server, port, sockets, baseUrl: `http://127.0.0.1:${port}${upstream.pathname}` };
}

/** Ends a proxy: its open connections first, so close() does not wait for idle keep-alive sockets. */
async function closeProxy(proxy: { server: Server; sockets: Set<Socket> }): Promise<void> {
  for (const socket of proxy.sockets) socket.destroy();
  await new Promise((resolve) => proxy.server.close(resolve));
}

/** A proxy as the tests hold it: where to point the client, and how to end it. */
export function running(proxy: { server: Server; sockets: Set<Socket>; baseUrl: string }): RunningProxy {
  return { baseUrl: proxy.baseUrl, close: () => closeProxy(proxy) };
}

export function pass(
  response: ServerResponse,
  answer: { status: number; headers: Record<string, string>; body: Buffer },
) {
  const headers = { ...answer.headers };
  delete headers['transfer-encoding'];
  headers['content-length'] = String(answer.body.length);
  response.writeHead(answer.status, headers);
  response.end(answer.body);
}

export interface OutageProxy extends RunningProxy {
  /** True once the create's answer was dropped and the port stopped listening. */
  readonly down: boolean;
  /** Ends the outage: listens again on the same port. */
  recover(): Promise<void>;
}

/** Drops the answer to the `dropCreate`-th POST after the sandbox stored it, then refuses connections. */
export async function startOutageProxy(target: string, dropCreate: number): Promise<OutageProxy> {
  let creates = 0;
  let down = false;
  const proxy = await startProxy(target, async (request, response, _body, forward) => {
    const answer = await forward();
    if (
      request.method === 'POST' &&
      /\/case\/requests$/.test(request.url ?? '') &&
      ++creates === dropCreate
    ) {
      // Stored upstream; the answer never arrives, and the server goes away.
      down = true;
      proxy.server.close();
      for (const socket of proxy.sockets) socket.destroy();
      return;
    }
    pass(response, answer);
  });
  return {
    baseUrl: proxy.baseUrl,
    get down() {
      return down;
    },
    async recover() {
      await new Promise<void>((resolve) => proxy.server.listen(proxy.port, '127.0.0.1', resolve));
      down = false;
    },
    close: () => closeProxy(proxy),
  };
}

export interface EchoProxy extends RunningProxy {
  /** How many echoing error pages were served. */
  readonly echoed: number;
}

/**
 * Answers some requests with error pages that echo the request's headers (Authorization included),
 * in the forms gateways use: a JSON 422 with a debug block, an HTML 400, an HTML 500 debug page (with
 * the decoded credentials as such a page would show them), and a 400 to list requests (`echoLists`).
 * A create goes to the echo when its claim number's last digit says so: 1 → 422, 2 → 400, 3 → 500.
 */
export async function startEchoProxy(
  target: string,
  options: { echoLists?: boolean } = {},
): Promise<EchoProxy> {
  let echoed = 0;
  const proxy = await startProxy(target, async (request, response, body, forward) => {
    const authorization = request.headers.authorization ?? '';
    const decoded = Buffer.from(authorization.replace(/^Basic /, ''), 'base64').toString('utf8');
    const headerDump = Object.entries(request.headers)
      .map(([name, value]) => `${name}: ${String(value)}`)
      .join('\n');
    const send = (status: number, type: string, text: string) => {
      echoed += 1;
      response.writeHead(status, { 'content-type': type, 'content-length': Buffer.byteLength(text) });
      response.end(text);
    };
    const url = request.url ?? '';
    if (request.method === 'POST' && /\/case\/requests$/.test(url)) {
      const claim = /"reference_value_1":"[^"]*?(\d)"/.exec(body.toString('utf8'))?.[1];
      if (claim === '1')
        return send(
          422,
          'application/json',
          JSON.stringify({
            message: `Validation failed for request with Authorization ${authorization}`,
            errors: { 'client.name': [`rejected (sent by ${decoded})`] },
            debug: { headers: request.headers },
          }),
        );
      if (claim === '2')
        return send(
          400,
          'text/html',
          `<html><body><h1>400 Bad Request</h1><pre>${headerDump}</pre></body></html>`,
        );
      if (claim === '3')
        return send(
          500,
          'text/html',
          `<html><body><h1>Internal error</h1><pre>${headerDump}\ncredentials: ${decoded}</pre></body></html>`,
        );
    }
    if (
      options.echoLists &&
      request.method === 'GET' &&
      /\/case\/requests\?/.test(url) &&
      !/mode=count/.test(url)
    ) {
      return send(
        400,
        'text/plain',
        `Bad request from ${decoded} (Authorization: ${authorization}). Request headers were:\n${headerDump}`,
      );
    }
    pass(response, await forward());
  });
  return {
    baseUrl: proxy.baseUrl,
    get echoed() {
      return echoed;
    },
    close: () => closeProxy(proxy),
  };
}

/**
 * An echoing server written in PHP, or a gateway that echoes in its reason phrase: what it says of the
 * credential is escaped the way such servers escape it. json_encode writes "/" as "\\/", so a token with
 * a "/" comes back as `Zx9\\/Qa7`, which a search for the token as it is does not find. Creates go to
 * the echo by their claim number's last digit: 1 → 422 whose message and field error quote the decoded
 * Basic pair (json_encode'd); 2 → 500 whose body quotes the pair and the Authorization header
 * (json_encode'd); 3 → 502 with an empty body and a reason phrase quoting the Authorization header.
 * With `lists`, every listing is answered the same way instead: `'json'` a 401 json_encode'd body,
 * `'reason'` a 403 with no body and the reason phrase above (refused, so not retried).
 */
export async function startPhpEchoProxy(
  target: string,
  options: { lists?: 'json' | 'reason' } = {},
): Promise<EchoProxy> {
  let echoed = 0;
  const phpJson = (value: unknown) => JSON.stringify(value).replace(/\//g, '\\/');
  const proxy = await startProxy(target, async (request, response, body, forward) => {
    const authorization = request.headers.authorization ?? '';
    const pair = Buffer.from(authorization.replace(/^Basic /, ''), 'base64').toString('utf8');
    const json = (status: number, value: unknown) => {
      echoed += 1;
      const text = phpJson(value);
      response.writeHead(status, {
        'content-type': 'application/json',
        'content-length': Buffer.byteLength(text),
      });
      response.end(text);
    };
    const reason = (status: number, words: string) => {
      echoed += 1;
      response.writeHead(status, `${words} (upstream refused ${authorization})`, { 'content-length': 0 });
      response.end();
    };
    const url = request.url ?? '';
    if (request.method === 'POST' && /\/case\/requests$/.test(url)) {
      const claim = /"reference_value_1":"[^"]*?(\d)"/.exec(body.toString('utf8'))?.[1];
      if (claim === '1')
        return json(422, {
          message: `Validation failed for user ${pair}`,
          errors: { 'client.name': [`rejected for ${pair}`] },
        });
      if (claim === '2')
        return json(500, {
          message: `Internal error while authenticating ${pair}`,
          debug: { headers: { Authorization: authorization } },
        });
      if (claim === '3') return reason(502, 'Bad Gateway');
    }
    if (options.lists && request.method === 'GET' && /\/case\/requests\?/.test(url)) {
      if (options.lists === 'json')
        return json(401, {
          message: `Could not authenticate ${pair}`,
          debug: { headers: { Authorization: authorization } },
        });
      return reason(403, 'Forbidden');
    }
    pass(response, await forward());
  });
  return {
    baseUrl: proxy.baseUrl,
    get echoed() {
      return echoed;
    },
    close: () => closeProxy(proxy),
  };
}

/**
 * A server that answers in another character set and says so: every JSON answer re-encoded from UTF-8
 * to ISO-8859-1 (a character outside it becomes "?", as a latin1 MySQL connection does) with
 * `Content-Type: application/json; charset=CHARSET`, as an older PHP/MySQL stack answers. Requests
 * pass unchanged. A charset no decoder knows gets the same latin1 bytes.
 */
export async function startCharsetProxy(target: string, charset = 'ISO-8859-1'): Promise<RunningProxy> {
  const proxy = await startProxy(target, async (_request, response, _body, forward) => {
    const answer = await forward();
    if (!/json/i.test(answer.headers['content-type'] ?? '')) return pass(response, answer);
    const text = answer.body.toString('utf8').replace(/[^\x20-\xff\n\r\t]/g, '?');
    pass(response, {
      ...answer,
      headers: { ...answer.headers, 'content-type': `application/json; charset=${charset}` },
      body: Buffer.from(text, 'latin1'),
    });
  });
  return running(proxy);
}

/**
 * A server that asks for long waits or answers slowly. `throttle`: creates (`'POST'`) or listings
 * (`'GET'`) answered `status` with `Retry-After: seconds`, every time. `slowListings`: the first
 * `count` listings answered only after `ms` (the client's timeout gives up on them first).
 */
export async function startSlowProxy(
  target: string,
  options: {
    throttle?: { method: 'POST' | 'GET'; status: 429 | 503; seconds: number };
    slowListings?: { count: number; ms: number };
  },
): Promise<RunningProxy & { readonly listings: number }> {
  let listings = 0;
  const proxy = await startProxy(target, async (request, response, _body, forward) => {
    const listing = request.method === 'GET' && /\/case\/requests\?/.test(request.url ?? '');
    if (listing) listings += 1;
    const throttle = options.throttle;
    if (throttle && (throttle.method === 'POST' ? request.method === 'POST' : listing)) {
      response.writeHead(throttle.status, {
        'content-type': 'application/json',
        'retry-after': String(throttle.seconds),
      });
      return void response.end('{"message":"Too Many Requests"}');
    }
    const slow = options.slowListings;
    if (slow && listing && listings <= slow.count)
      await new Promise((resolve) => setTimeout(resolve, slow.ms));
    if (response.destroyed) return;
    pass(response, await forward());
  });
  return {
    ...running(proxy),
    get listings() {
      return listings;
    },
  };
}

/** Drops `filter` from list and count queries: a server that ignores it answers with every request. */
export async function startLooseFilterProxy(target: string, filter: string): Promise<RunningProxy> {
  const proxy = await startProxy(target, async (request, response, _body, forward) => {
    const url = new URL(request.url ?? '/', 'http://x');
    if (request.method === 'GET' && url.pathname.endsWith('/case/requests')) url.searchParams.delete(filter);
    pass(response, await forward(url.pathname + url.search));
  });
  return running(proxy);
}

/**
 * A server that reads its time filters to the minute (the seconds the client sends are dropped, as a
 * `DATETIME` compared at minute precision is): a `*_to` takes in the whole of its minute, a `*_from`
 * the whole of its own, in lists and counts alike.
 */
export async function startMinuteFilterProxy(target: string): Promise<RunningProxy> {
  const proxy = await startProxy(target, async (request, response, _body, forward) => {
    const url = new URL(request.url ?? '/', 'http://x');
    if (request.method === 'GET' && url.pathname.endsWith('/case/requests'))
      for (const name of ['created_from_system', 'created_to_system', 'updated_from', 'updated_to']) {
        const value = url.searchParams.get(name);
        const minute = value === null ? null : /^(\d{4}-\d{2}-\d{2} \d{2}:\d{2}):\d{2}$/.exec(value.trim());
        if (minute) url.searchParams.set(name, minute[1]!);
      }
    pass(response, await forward(url.pathname + url.search));
  });
  return running(proxy);
}

/**
 * Drops `filter` from case-request counts (`mode=count`) only: a server whose count ignores a filter
 * its list keeps to (a count from another query, a cache keyed without it), so the two disagree.
 */
export async function startCountIgnoresFilterProxy(target: string, filter: string): Promise<RunningProxy> {
  const proxy = await startProxy(target, async (request, response, _body, forward) => {
    const url = new URL(request.url ?? '/', 'http://x');
    const counting = url.searchParams.get('mode') === 'count';
    if (request.method === 'GET' && url.pathname.endsWith('/case/requests') && counting)
      url.searchParams.delete(filter);
    pass(response, await forward(url.pathname + url.search));
  });
  return running(proxy);
}

/** Answers 400 to every case-request listing that uses `filter`, while `refusing()` says so. */
export async function startRefusedFilterProxy(
  target: string,
  filter: string,
  refusing: () => boolean = () => true,
): Promise<RunningProxy> {
  const proxy = await startProxy(target, async (request, response, _body, forward) => {
    const url = new URL(request.url ?? '/', 'http://x');
    const listing = request.method === 'GET' && url.pathname.endsWith('/case/requests');
    if (!listing || !url.searchParams.has(filter) || !refusing()) return pass(response, await forward());
    response.writeHead(400, { 'content-type': 'application/json' });
    response.end(JSON.stringify({ message: `Unknown filter: ${filter}` }));
  });
  return running(proxy);
}

/**
 * Answers every create with `status` and the JSON `body`, and stores nothing: a refusal of the data, or
 * (a 2xx) a create accepted into a queue and not yet stored.
 */
export async function startRefusingCreateProxy(
  target: string,
  body: unknown,
  status = 422,
): Promise<RunningProxy> {
  const proxy = await startProxy(target, async (request, response, _body, forward) => {
    if (!isCreate(request)) return pass(response, await forward());
    response.writeHead(status, { 'content-type': 'application/json' });
    response.end(JSON.stringify(body));
  });
  return running(proxy);
}

/**
 * nginx in front of the API with small limits (`client_max_body_size`, `large_client_header_buffers`):
 * a request whose body is over `bodyBytes` is answered 413, one whose address is over `urlChars` 414,
 * each with nginx's own HTML page; neither reaches the API.
 */
export async function startSizeLimitProxy(
  target: string,
  limits: { bodyBytes?: number; urlChars?: number },
): Promise<RunningProxy & { readonly refused: number }> {
  let refused = 0;
  const page = (title: string) =>
    `<html>\r\n<head><title>${title}</title></head>\r\n<body>\r\n<center><h1>${title}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n`;
  const proxy = await startProxy(target, async (request, response, body, forward) => {
    const status =
      limits.urlChars !== undefined && (request.url ?? '').length > limits.urlChars
        ? 414
        : limits.bodyBytes !== undefined && body.length > limits.bodyBytes
          ? 413
          : null;
    if (status === null) return pass(response, await forward());
    refused += 1;
    response.writeHead(status, { 'content-type': 'text/html' });
    response.end(page(status === 413 ? '413 Request Entity Too Large' : '414 Request-URI Too Large'));
  });
  return {
    ...running(proxy),
    get refused() {
      return refused;
    },
  };
}

/** Answers a bare 404 (HTML, as a real server's unknown path) to every read of `path` (e.g. `case/regions`). */
export async function startMissingListProxy(target: string, path: string): Promise<RunningProxy> {
  const proxy = await startProxy(target, async (request, response, _body, forward) => {
    const url = new URL(request.url ?? '/', 'http://x');
    if (request.method !== 'GET' || !url.pathname.endsWith(`/${path}`))
      return pass(response, await forward());
    response.writeHead(404, { 'content-type': 'text/html' });
    response.end('<h1>Not Found</h1>');
  });
  return running(proxy);
}

/**
 * An account that serves a reference list under another path: reads of `path` (e.g. `case/regions`)
 * answer a bare 404, and reads of `movedTo` (e.g. `regions`) get what the sandbox serves at `path`.
 */
export async function startMovedListProxy(
  target: string,
  path: string,
  movedTo: string,
): Promise<RunningProxy> {
  const base = new URL(target).pathname.replace(/\/$/, '');
  const proxy = await startProxy(target, async (request, response, _body, forward) => {
    const url = new URL(request.url ?? '/', 'http://x');
    if (request.method === 'GET' && url.pathname === `${base}/${path}`) {
      response.writeHead(404, { 'content-type': 'text/html' });
      response.end('<h1>Not Found</h1>');
      return;
    }
    if (request.method === 'GET' && url.pathname === `${base}/${movedTo}`)
      return pass(response, await forward(`${base}/${path}${url.search}`));
    pass(response, await forward());
  });
  return running(proxy);
}

export interface HoldingProxy extends RunningProxy {
  /** Listings held now. */
  readonly held: number;
  /** Lets every held listing (and every later one) through. */
  release(): void;
}

/** Holds every case-request listing (and count) until release(): a dry run stays running meanwhile. */
export async function startHoldingListProxy(target: string): Promise<HoldingProxy> {
  const waiting: (() => void)[] = [];
  let released = false;
  const proxy = await startProxy(target, async (request, response, _body, forward) => {
    const url = new URL(request.url ?? '/', 'http://x');
    if (!released && request.method === 'GET' && url.pathname.endsWith('/case/requests'))
      await new Promise<void>((resolve) => waiting.push(resolve));
    pass(response, await forward());
  });
  return {
    ...running(proxy),
    get held() {
      return waiting.length;
    },
    release() {
      released = true;
      for (const resolve of waiting.splice(0)) resolve();
    },
  };
}

export interface HoldingListsProxy extends RunningProxy {
  /** Reads of the account's lists held now. */
  readonly held: number;
  /** Holds every later read of the account's lists until release(). */
  hold(): void;
  /** Lets the held reads through, and every later one until hold() again. */
  release(): void;
}

/**
 * Holds reads of the account's lists (every GET but case requests) while held: the reads a dry run and
 * a send make before anything else, kept going until the test lets them through (late by construction).
 */
export async function startHoldingListsProxy(target: string): Promise<HoldingListsProxy> {
  const waiting: (() => void)[] = [];
  let holding = false;
  const proxy = await startProxy(target, async (request, response, _body, forward) => {
    const url = new URL(request.url ?? '/', 'http://x');
    if (holding && request.method === 'GET' && !url.pathname.includes('/case/requests'))
      await new Promise<void>((resolve) => waiting.push(resolve));
    pass(response, await forward());
  });
  return {
    ...running(proxy),
    get held() {
      return waiting.length;
    },
    hold() {
      holding = true;
    },
    release() {
      holding = false;
      for (const resolve of waiting.splice(0)) resolve();
    },
  };
}

export interface SwallowingProxy extends RunningProxy {
  /** Resolves once the swallowed create has arrived (the client now waits for an answer that never comes). */
  readonly swallowed: Promise<void>;
}

/** The `nth` create (POST) is swallowed: never forwarded, never answered; every other request passes. */
export async function startSwallowingCreateProxy(target: string, nth: number): Promise<SwallowingProxy> {
  let creates = 0;
  let arrived: () => void = () => {};
  const swallowed = new Promise<void>((resolve) => (arrived = resolve));
  const proxy = await startProxy(target, async (request, response, _body, forward) => {
    if (request.method === 'POST' && /\/case\/requests$/.test(request.url ?? '') && ++creates === nth) {
      arrived();
      return;
    }
    pass(response, await forward());
  });
  return { ...running(proxy), swallowed };
}

/** Takes `field` out of every create and update body (top level, or under one wrapper key) before the sandbox sees it. */
export async function startIgnoringProxy(target: string, field: string): Promise<RunningProxy> {
  const proxy = await startProxy(target, async (request, response, body, forward) => {
    const write = request.method === 'POST' || request.method === 'PUT';
    if (!write || !/\/case\/requests(\/\d+)?$/.test(request.url ?? ''))
      return pass(response, await forward());
    const parsed = JSON.parse(body.toString('utf8')) as Record<string, Record<string, unknown>>;
    for (const holder of [parsed, ...Object.values(parsed)])
      if (holder && typeof holder === 'object') delete holder[field];
    pass(response, await forward(undefined, Buffer.from(JSON.stringify(parsed))));
  });
  return running(proxy);
}

/** Answers every create with request `id` as the sandbox holds it (201), storing nothing. */
export async function startExistingAnswerProxy(target: string, id: number): Promise<RunningProxy> {
  const proxy = await startProxy(target, async (request, response, _body, forward) => {
    if (request.method !== 'POST' || !/\/case\/requests$/.test(request.url ?? ''))
      return pass(response, await forward());
    const path = (request.url ?? '').replace(/\/case\/requests$/, `/case/requests/${id}`);
    const existing = await forward(path, Buffer.alloc(0), 'GET');
    pass(response, { ...existing, status: 201 });
  });
  return running(proxy);
}

/** Takes `member` out of every record of the case-request list answers (a bare array, as the sandbox answers). */
export async function startStrippingListProxy(target: string, member: string): Promise<RunningProxy> {
  const proxy = await startProxy(target, async (request, response, _body, forward) => {
    const url = new URL(request.url ?? '/', 'http://x');
    const answer = await forward();
    const list =
      request.method === 'GET' && url.pathname.endsWith('/case/requests') && !url.searchParams.has('mode');
    if (!list || answer.status !== 200) return pass(response, answer);
    const records = JSON.parse(answer.body.toString('utf8')) as Record<string, unknown>[];
    for (const record of records) delete record[member];
    pass(response, { ...answer, body: Buffer.from(JSON.stringify(records)) });
  });
  return running(proxy);
}

export interface PagingProxy extends RunningProxy {
  /** The `page` of every list request (not counts) to case requests, in order, as the client asked. */
  readonly casePages: number[];
}

export interface PagingQuirks {
  /** The largest page the proxy lets through (per_page above it is cut to it, said nowhere). */
  cap: number;
  /** Added to `record_count` of every case-request `mode=count` (a count from a lagging replica). */
  countDelta?: number;
  /** `ignored`: every page is the first; `zero-based`: the client's page N is the server's page N+1. */
  pages?: 'ignored' | 'zero-based';
  /** `unsupported`: `mode=count` is dropped, as a server without a count mode would: it answers a page. */
  count?: 'unsupported';
  /** The lists the quirks apply to: case requests (default), the reference lists and fields, or both. */
  lists?: 'case-requests' | 'reference' | 'every';
  /** Awaited before a case-request page is forwarded (a colleague adding requests mid-listing). */
  beforePage?: (page: number) => Promise<void>;
}

/** Lists paged otherwise than assumed (see PagingQuirks), in front of a sandbox that pages as assumed. */
export async function startPagingProxy(target: string, quirks: PagingQuirks): Promise<PagingProxy> {
  const casePages: number[] = [];
  const proxy = await startProxy(target, async (request, response, _body, forward) => {
    const url = new URL(request.url ?? '/', 'http://x');
    const cases = url.pathname.endsWith('/case/requests');
    const lists = quirks.lists ?? 'case-requests';
    const applies = lists === 'every' || (cases ? lists === 'case-requests' : lists === 'reference');
    if (request.method !== 'GET' || !url.searchParams.has('per_page') || !applies)
      return pass(response, await forward());
    const perPage = Number(url.searchParams.get('per_page'));
    if (perPage > quirks.cap) url.searchParams.set('per_page', String(quirks.cap));
    if (quirks.count === 'unsupported') url.searchParams.delete('mode');
    const counting = url.searchParams.get('mode') === 'count';
    if (!counting) {
      const page = Number(url.searchParams.get('page') ?? '1');
      if (cases) casePages.push(page);
      if (cases) await quirks.beforePage?.(page);
      if (quirks.pages === 'ignored') url.searchParams.set('page', '1');
      if (quirks.pages === 'zero-based') url.searchParams.set('page', String(page + 1));
    }
    const answer = await forward(url.pathname + url.search);
    if (!counting || !cases || !quirks.countDelta || answer.status !== 200) return pass(response, answer);
    const count = JSON.parse(answer.body.toString('utf8')) as { record_count: number };
    const recordCount = Math.max(0, count.record_count + quirks.countDelta);
    const said = { record_count: recordCount, page_count: Math.ceil(recordCount / quirks.cap) };
    pass(response, { ...answer, body: Buffer.from(JSON.stringify(said)) });
  });
  return {
    baseUrl: proxy.baseUrl,
    get casePages() {
      return casePages;
    },
    close: () => closeProxy(proxy),
  };
}

const CREATE = /\/case\/requests$/;

function isCreate(request: IncomingMessage): boolean {
  return request.method === 'POST' && CREATE.test((request.url ?? '').split('?')[0]!);
}

export interface SlowCreateProxy extends RunningProxy {
  /** Creates received, and stored upstream (each after the delay). */
  readonly received: number;
  readonly stored: number;
  /** Settles once every create received so far has been stored upstream. */
  idle(): Promise<void>;
}

/** Holds every create `delayMs` before it is stored and answered (to a client that may be gone by then). */
export async function startSlowCreateProxy(target: string, delayMs: number): Promise<SlowCreateProxy> {
  let received = 0;
  let stored = 0;
  const pending = new Set<Promise<void>>();
  const proxy = await startProxy(target, async (request, response, _body, forward) => {
    if (!isCreate(request)) return pass(response, await forward());
    received += 1;
    const work = (async () => {
      await new Promise((resolve) => setTimeout(resolve, delayMs));
      const answer = await forward();
      stored += 1;
      if (!response.destroyed && !response.socket?.destroyed) pass(response, answer);
    })();
    pending.add(work);
    await work.finally(() => pending.delete(work));
  });
  return {
    baseUrl: proxy.baseUrl,
    get received() {
      return received;
    },
    get stored() {
      return stored;
    },
    async idle() {
      await Promise.all([...pending]);
    },
    close: () => closeProxy(proxy),
  };
}

export interface LaggingListProxy extends RunningProxy {
  /** Creates received (every one is stored upstream). */
  readonly received: number;
}

/**
 * Lists and counts of case requests, and a request by id, leave out what was created less than `lagMs`
 * ago (reads from a replica that lags the primary); the answers to the first `dropCreates` creates are
 * dropped after they were stored (a balancer's timeout, a worker restarted after commit).
 */
export async function startLaggingListProxy(
  target: string,
  options: { lagMs: number; dropCreates: number },
): Promise<LaggingListProxy> {
  let received = 0;
  let drops = options.dropCreates;
  const createdAt = new Map<number, number>();
  const hidden = () =>
    new Set([...createdAt].filter(([, at]) => Date.now() - at < options.lagMs).map(([id]) => id));
  const proxy = await startProxy(target, async (request, response, _body, forward) => {
    const url = new URL(request.url ?? '/', 'http://x');
    if (isCreate(request)) {
      received += 1;
      const answer = await forward();
      const id = (JSON.parse(answer.body.toString('utf8')) as { id?: number }).id;
      if (typeof id === 'number') createdAt.set(id, Date.now());
      if (drops > 0) {
        drops -= 1;
        response.socket?.destroy();
        return;
      }
      return pass(response, answer);
    }
    const unseen = hidden();
    const single = /\/case\/requests\/(\d+)$/.exec(url.pathname);
    if (request.method !== 'GET' || unseen.size === 0 || !/\/case\/requests(\/\d+)?$/.test(url.pathname))
      return pass(response, await forward());
    const json = (status: number, value: unknown) =>
      pass(response, {
        status,
        headers: { 'content-type': 'application/json' },
        body: Buffer.from(JSON.stringify(value)),
      });
    if (single) {
      if (unseen.has(Number(single[1]))) return json(404, { message: 'Not found' });
      return pass(response, await forward());
    }
    // What the replica holds: every match from the primary, less what it has not got yet, paged here.
    const query = new URLSearchParams(url.searchParams);
    const counting = query.get('mode') === 'count';
    const page = Number(query.get('page') ?? 1);
    const perPage = Math.min(100, Number(query.get('per_page') ?? 25));
    query.delete('mode');
    query.set('per_page', '100');
    const all: { id: number }[] = [];
    for (let at = 1; ; at++) {
      query.set('page', String(at));
      const answer = await forward(`${url.pathname}?${query}`, Buffer.alloc(0), 'GET');
      const records = JSON.parse(answer.body.toString('utf8')) as { id: number }[];
      all.push(...records);
      if (records.length < 100) break;
    }
    const seen = all.filter((record) => !unseen.has(record.id));
    if (counting)
      return json(200, { record_count: seen.length, page_count: Math.ceil(seen.length / perPage) });
    return json(200, seen.slice((page - 1) * perPage, page * perPage));
  });
  return {
    baseUrl: proxy.baseUrl,
    get received() {
      return received;
    },
    close: () => closeProxy(proxy),
  };
}

/**
 * A list that moves while it is read (a colleague adds a request in front of where the reading is):
 * pages of `cap`; each listing, begun by its count, finds the next of `inserted` not there yet, and it
 * is added (shown from then on) once that listing's page 1 was served. Page 2 then begins with page 1's
 * last request again, and the added one is on no page of that reading. Paged here from the sandbox's
 * whole list (read with `per_page=100`), like a server sorted by something other than the id would.
 */
export async function startShiftingListProxy(
  target: string,
  options: { cap: number; inserted: number[] },
): Promise<PagingProxy> {
  const hidden = new Set(options.inserted);
  const casePages: number[] = [];
  let pending: number | undefined;
  const proxy = await startProxy(target, async (request, response, _body, forward) => {
    const url = new URL(request.url ?? '/', 'http://x');
    if (request.method !== 'GET' || !url.pathname.endsWith('/case/requests'))
      return pass(response, await forward());
    const query = new URLSearchParams(url.searchParams);
    const counting = query.get('mode') === 'count';
    const page = Number(query.get('page') ?? 1);
    const perPage = Math.min(options.cap, Number(query.get('per_page') ?? 25));
    query.delete('mode');
    query.set('per_page', '100');
    const all: { id: number }[] = [];
    for (let at = 1; ; at++) {
      query.set('page', String(at));
      const answer = await forward(`${url.pathname}?${query}`, Buffer.alloc(0), 'GET');
      const records = JSON.parse(answer.body.toString('utf8')) as { id: number }[];
      all.push(...records);
      if (records.length < 100) break;
    }
    const held = all.filter((record) => !hidden.has(record.id));
    const json = (value: unknown) =>
      pass(response, {
        status: 200,
        headers: { 'content-type': 'application/json' },
        body: Buffer.from(JSON.stringify(value)),
      });
    if (counting) {
      pending = [...hidden][0];
      return json({ record_count: held.length, page_count: Math.ceil(held.length / perPage) });
    }
    casePages.push(page);
    if (page === 1 && pending !== undefined) hidden.delete(pending);
    return json(held.slice((page - 1) * perPage, page * perPage));
  });
  return {
    baseUrl: proxy.baseUrl,
    get casePages() {
      return casePages;
    },
    close: () => closeProxy(proxy),
  };
}

export const LOGIN_PAGE =
  '<!DOCTYPE html><html><head><title>Sign in - Acme SSO</title></head><body><form method="post" action="/login">' +
  '<input name="username"><input type="password" name="password"><button>Sign in</button></form></body></html>';

/**
 * A maintenance notice served 200 in place of the API (a "maintenance mode" middleware), its footer
 * linking the customer login: not a sign-in page, for all its "login".
 */
export const MAINTENANCE_PAGE =
  '<!DOCTYPE html><html><head><title>Down for maintenance</title></head><body><h1>We are down for maintenance</h1>' +
  '<p>Trackops will be back at 02:00 UTC.</p><footer><a href="/customer/login">Customer login</a></footer></body></html>';

export interface LoginPageProxy extends RunningProxy {
  /** Writes that reached the gateway, and pages it served in place of the API. */
  readonly writes: number;
  readonly pages: number;
  /** Signs in again: from now on everything goes through to the API. */
  signIn(): void;
  /** Once expired, only requests whose path and query match get the page (default: every request). */
  pagesFor: RegExp;
}

/**
 * A sign-in gateway whose session expires after `writesThrough` writes went through: from then on it
 * answers every request itself, 200 text/html with its login page, and nothing reaches the API. With
 * `forwardFirst`, the write that meets the expiry reaches the API first (the gateway's page replaces
 * its answer), so it is stored although the client sees only the page. `page` serves another page
 * than the login page (MAINTENANCE_PAGE: a server gone into maintenance the same way).
 */
export async function startLoginPageProxy(
  target: string,
  options: { writesThrough: number; forwardFirst?: boolean; page?: string },
): Promise<LoginPageProxy> {
  const page = options.page ?? LOGIN_PAGE;
  let writes = 0;
  let pages = 0;
  let signedIn = true;
  let expired = false;
  let pagesFor = /./;
  const proxy = await startProxy(target, async (request, response, _body, forward) => {
    const write = request.method === 'POST' || request.method === 'PUT';
    if (write) writes += 1;
    if (!expired && write && writes > options.writesThrough) {
      expired = true;
      signedIn = false;
      if (options.forwardFirst) await forward();
    } else if (signedIn || !pagesFor.test(request.url ?? '')) {
      return pass(response, await forward());
    }
    pages += 1;
    response.writeHead(200, {
      'content-type': 'text/html; charset=utf-8',
      'content-length': Buffer.byteLength(page),
    });
    response.end(page);
  });
  return {
    baseUrl: proxy.baseUrl,
    get writes() {
      return writes;
    },
    get pages() {
      return pages;
    },
    signIn() {
      signedIn = true;
    },
    get pagesFor() {
      return pagesFor;
    },
    set pagesFor(pattern: RegExp) {
      pagesFor = pattern;
    },
    close: () => closeProxy(proxy),
  };
}

/** Answers every update (stored upstream) with request `otherId` as the sandbox holds it. */
export async function startOtherRecordProxy(target: string, otherId: number): Promise<RunningProxy> {
  const proxy = await startProxy(target, async (request, response, _body, forward) => {
    const answer = await forward();
    if (request.method !== 'PUT' || answer.status !== 200) return pass(response, answer);
    const path = (request.url ?? '').replace(/\/case\/requests\/\d+$/, `/case/requests/${otherId}`);
    pass(response, await forward(path, Buffer.alloc(0), 'GET'));
  });
  return running(proxy);
}

/** Answers the first create 500 itself (it never reaches the API); every later request goes through. */
export async function startFailFirstCreateProxy(target: string): Promise<RunningProxy> {
  let failed = false;
  const proxy = await startProxy(target, async (request, response, _body, forward) => {
    if (!isCreate(request) || failed) return pass(response, await forward());
    failed = true;
    const body = Buffer.from(JSON.stringify({ message: 'Internal Server Error' }));
    pass(response, { status: 500, headers: { 'content-type': 'application/json' }, body });
  });
  return running(proxy);
}

export interface OddRecordProxy extends RunningProxy {
  /** Paths of the updates (PUT) that went through, in order. */
  readonly puts: string[];
}

/**
 * Rewrites every case-request record the sandbox answers to a GET (lists and single reads, not
 * `mode=count`) with `change`: values of types the sandbox never stores (`"client": null`, a budget
 * written " 1 500 ", `"custom_fields": null`), as a server that does not join a table or formats its
 * numbers may. Counts the updates it passes on.
 */
export async function startOddRecordProxy(
  target: string,
  change: (record: Record<string, unknown>) => void,
): Promise<OddRecordProxy> {
  const puts: string[] = [];
  const proxy = await startProxy(target, async (request, response, _body, forward) => {
    const url = new URL(request.url ?? '/', 'http://x');
    if (request.method === 'PUT') puts.push(url.pathname);
    const answer = await forward();
    const read =
      request.method === 'GET' &&
      /\/case\/requests(\/\d+)?$/.test(url.pathname) &&
      url.searchParams.get('mode') !== 'count';
    if (!read || answer.status !== 200) return pass(response, answer);
    const parsed = JSON.parse(answer.body.toString('utf8')) as unknown;
    const records = (Array.isArray(parsed) ? parsed : [parsed]) as Record<string, unknown>[];
    for (const record of records) if (record && typeof record === 'object') change(record);
    pass(response, { ...answer, body: Buffer.from(JSON.stringify(parsed)) });
  });
  return { ...running(proxy), puts };
}

/** What a proxy answers to every reference list in place of the API's JSON. */
export type ReferenceBodyMode =
  'login-page' | 'php-warnings' | 'gzip-unlabelled' | 'gzip-broken' | 'not-a-list';

/**
 * Answers every reference-data list (anything but case requests) 200 with a body that is not the API's
 * JSON as it came: a sign-in page, PHP warnings printed before the JSON, or the JSON gzipped without a
 * Content-Encoding header (a proxy that compresses and forgets to say so), whole or cut short; or JSON
 * that is not a list.
 */
export async function startReferenceBodyProxy(
  target: string,
  mode: ReferenceBodyMode,
): Promise<RunningProxy> {
  const { gzipSync } = await import('node:zlib');
  const proxy = await startProxy(target, async (request, response, _body, forward) => {
    const answer = await forward();
    const url = new URL(request.url ?? '/', 'http://x');
    if (request.method !== 'GET' || /\/case\/requests/.test(url.pathname) || answer.status !== 200)
      return pass(response, answer);
    const json = 'application/json';
    const bodies: Record<ReferenceBodyMode, () => { type: string; body: Buffer }> = {
      'login-page': () => ({ type: 'text/html', body: Buffer.from(LOGIN_PAGE) }),
      'php-warnings': () => ({
        type: json,
        body: Buffer.concat([
          Buffer.from(
            '<br />\n<b>Warning</b>:  Undefined array key "per_page" in <b>/var/www/api/list.php</b> on line <b>42</b><br />\n',
          ),
          answer.body,
        ]),
      }),
      'gzip-unlabelled': () => ({ type: json, body: gzipSync(answer.body) }),
      'gzip-broken': () => ({ type: json, body: gzipSync(answer.body).subarray(0, 20) }),
      'not-a-list': () => ({ type: json, body: Buffer.from('{"status":"maintenance"}') }),
    };
    const { type, body } = bodies[mode]();
    pass(response, { status: 200, headers: { 'content-type': type }, body });
  });
  return running(proxy);
}

/** Resets the connection of every create before it reaches the API: a path to Trackops that is down for writes. */
export async function startResettingCreateProxy(
  target: string,
): Promise<RunningProxy & { readonly resets: number }> {
  let resets = 0;
  const proxy = await startProxy(target, async (request, response, _body, forward) => {
    if (!isCreate(request)) return pass(response, await forward());
    resets += 1;
    request.socket.destroy();
  });
  return {
    ...running(proxy),
    get resets() {
      return resets;
    },
  };
}

/** Answers every create 503 with a Retry-After of `seconds`, storing nothing (a server down for an hour). */
export async function startUnavailableCreateProxy(
  target: string,
  seconds: number,
): Promise<RunningProxy & { readonly creates: number }> {
  let creates = 0;
  const proxy = await startProxy(target, async (request, response, _body, forward) => {
    if (!isCreate(request)) return pass(response, await forward());
    creates += 1;
    const body = Buffer.from(JSON.stringify({ message: 'Service Unavailable' }));
    pass(response, {
      status: 503,
      headers: { 'content-type': 'application/json', 'retry-after': String(seconds) },
      body,
    });
  });
  return {
    ...running(proxy),
    get creates() {
      return creates;
    },
  };
}

/** Answers the first GET 429 with `Retry-After: seconds` itself (it never reaches the API); the rest go through. */
export async function startThrottleOnceProxy(target: string, seconds: number): Promise<RunningProxy> {
  let throttled = false;
  const proxy = await startProxy(target, async (request, response, _body, forward) => {
    if (request.method !== 'GET' || throttled) return pass(response, await forward());
    throttled = true;
    const body = Buffer.from(JSON.stringify({ message: 'Too Many Requests' }));
    pass(response, {
      status: 429,
      headers: { 'content-type': 'application/json', 'retry-after': String(seconds) },
      body,
    });
  });
  return running(proxy);
}

/**
 * A server whose list filter on `filter` compares case-insensitively and with white space runs as one
 * (a MySQL default collation): list and count queries with it are answered from the whole account,
 * read through the sandbox 100 at a time, filtered so. Other queries pass unchanged.
 */
export async function startCaseInsensitiveFilterProxy(target: string, filter: string): Promise<RunningProxy> {
  const loose = (value: unknown) =>
    String(value ?? '')
      .trim()
      .replace(/\s+/g, ' ')
      .toLowerCase();
  const proxy = await startProxy(target, async (request, response, _body, forward) => {
    const url = new URL(request.url ?? '/', 'http://x');
    const wanted = url.searchParams.get(filter);
    if (request.method !== 'GET' || !url.pathname.endsWith('/case/requests') || wanted === null)
      return pass(response, await forward());
    const count = url.searchParams.get('mode') === 'count';
    const page = Number(url.searchParams.get('page') ?? 1);
    const perPage = Number(url.searchParams.get('per_page') ?? 25);
    for (const name of [filter, 'mode', 'page', 'per_page']) url.searchParams.delete(name);
    const all: Record<string, unknown>[] = [];
    for (let at = 1; ; at++) {
      const answer = await forward(`${url.pathname}?${url.searchParams}&page=${at}&per_page=100`);
      const records = JSON.parse(answer.body.toString('utf8')) as Record<string, unknown>[];
      all.push(...records);
      if (records.length < 100) break;
    }
    const found = all.filter((record) => loose(record[filter]) === loose(wanted));
    const body = count
      ? { record_count: found.length, page_count: Math.ceil(found.length / perPage) }
      : found.slice((page - 1) * perPage, page * perPage);
    pass(response, {
      status: 200,
      headers: { 'content-type': 'application/json' },
      body: Buffer.from(JSON.stringify(body)),
    });
  });
  return running(proxy);
}

/**
 * Lets every update (PUT) reach the sandbox, which stores it, then never answers it (held until the
 * proxy closes): a write that landed while its answer is still on its way, for a test to kill the
 * client then. Everything else passes.
 */
export async function startHeldUpdateAnswerProxy(
  target: string,
): Promise<RunningProxy & { held(): string[] }> {
  const held: string[] = [];
  const proxy = await startProxy(target, async (request, response, _body, forward) => {
    const answer = await forward();
    if (request.method === 'PUT' && /\/case\/requests\/\d+$/.test(request.url ?? '')) {
      held.push(request.url ?? '');
      return;
    }
    pass(response, answer);
  });
  return { ...running(proxy), held: () => [...held] };
}

export interface WriteLogProxy extends RunningProxy {
  /** Every POST and PUT as it went to the sandbox: method, path and the JSON body. */
  readonly writes: { method: string; path: string; body: unknown }[];
}

/**
 * Passes everything through and logs each write's body, so a test can hold what was sent against what
 * the dry run's preview said. With `missing`, GETs whose path matches it are answered 404 (a reference
 * list this account does not have: its checks are lost, API-NOTES Tolerance).
 */
export async function startWriteLogProxy(
  target: string,
  options: { missing?: RegExp } = {},
): Promise<WriteLogProxy> {
  const writes: { method: string; path: string; body: unknown }[] = [];
  const proxy = await startProxy(target, async (request, response, body, forward) => {
    const url = new URL(request.url ?? '/', 'http://x');
    if (request.method === 'GET' && options.missing?.test(url.pathname)) {
      const text = JSON.stringify({ message: 'Not Found' });
      response.writeHead(404, {
        'content-type': 'application/json',
        'content-length': Buffer.byteLength(text),
      });
      return void response.end(text);
    }
    if (request.method === 'POST' || request.method === 'PUT')
      writes.push({
        method: request.method,
        path: url.pathname,
        body: JSON.parse(body.toString('utf8')) as unknown,
      });
    pass(response, await forward());
  });
  return { ...running(proxy), writes };
}

/**
 * Every `method` write to case requests is passed to the sandbox (carried out there), then answered with
 * its status line, headers and the first bytes of its body, and the connection reset: a 2xx whose
 * answer was cut. Counts the writes that reached the sandbox.
 */
export async function startCutAnswerProxy(
  target: string,
  method: 'POST' | 'PUT',
): Promise<RunningProxy & { readonly writes: number }> {
  let writes = 0;
  const proxy = await startProxy(target, async (request, response, _body, forward) => {
    if (request.method !== method || !/\/case\/requests(\/\d+)?$/.test(request.url ?? ''))
      return pass(response, await forward());
    writes += 1;
    const answer = await forward();
    response.writeHead(answer.status, {
      'content-type': 'application/json',
      'content-length': String(answer.body.length + 100),
    });
    response.write(answer.body.subarray(0, 20));
    setTimeout(() => response.socket?.destroy(), 20);
  });
  return {
    ...running(proxy),
    get writes() {
      return writes;
    },
  };
}

/**
 * Every create is passed to the sandbox (stored there as a new request), and its answer given the id and
 * number of request `id`, one the account already held: the create answered with another request.
 */
export async function startOtherIdCreateProxy(target: string, id: number): Promise<RunningProxy> {
  const proxy = await startProxy(target, async (request, response, _body, forward) => {
    if (request.method !== 'POST' || !/\/case\/requests$/.test(request.url ?? ''))
      return pass(response, await forward());
    const answer = await forward();
    const path = (request.url ?? '').replace(/\/case\/requests$/, `/case/requests/${id}`);
    const existing = JSON.parse(
      (await forward(path, Buffer.alloc(0), 'GET')).body.toString('utf8'),
    ) as Record<string, unknown>;
    const record = JSON.parse(answer.body.toString('utf8')) as Record<string, unknown>;
    record.id = existing.id;
    record.case_request_number = existing.case_request_number;
    pass(response, { ...answer, body: Buffer.from(JSON.stringify(record)) });
  });
  return running(proxy);
}

/**
 * Answers `403 {"message": …}` to the case-request writes `refuses(method, path)` picks (a record the
 * user may not edit, or every write), doing nothing; everything else passes. Counts the writes it saw.
 */
export async function startForbiddingProxy(
  target: string,
  refuses: (method: string, path: string) => boolean,
): Promise<RunningProxy & { readonly writes: string[] }> {
  const writes: string[] = [];
  const proxy = await startProxy(target, async (request, response, _body, forward) => {
    const path = request.url ?? '';
    const method = request.method ?? 'GET';
    if ((method === 'POST' || method === 'PUT') && /\/case\/requests(\/\d+)?$/.test(path)) {
      writes.push(`${method} ${path.replace(/^.*\/case\//, 'case/')}`);
      if (refuses(method, path)) {
        response.writeHead(403, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ message: 'You do not have permission to edit this case request.' }));
        return;
      }
    }
    pass(response, await forward());
  });
  return {
    ...running(proxy),
    get writes() {
      return writes;
    },
  };
}

export interface HeldCreateProxy extends RunningProxy {
  /** Resolves once the first held create has arrived (the client waits for its answer). */
  readonly holding: Promise<void>;
  /** Lets the held creates (and every later one) through to the sandbox. */
  release(): void;
}

/** Creates from the `from`-th on are held, not forwarded, until release(); every other request passes. */
export async function startHeldCreateProxy(target: string, from: number): Promise<HeldCreateProxy> {
  return startHeldWriteProxy(target, from, isCreate);
}

/** Holds every update (PUT of one request) from the `from`th on, until released, as startHeldCreateProxy holds creates. */
export async function startHeldUpdateProxy(target: string, from: number): Promise<HeldCreateProxy> {
  return startHeldWriteProxy(
    target,
    from,
    (request) => request.method === 'PUT' && /\/case\/requests\/\d+$/.test(request.url ?? ''),
  );
}

async function startHeldWriteProxy(
  target: string,
  from: number,
  isHeld: (request: IncomingMessage) => boolean,
): Promise<HeldCreateProxy> {
  let creates = 0;
  let released = false;
  let arrived: () => void = () => {};
  const holding = new Promise<void>((resolve) => (arrived = resolve));
  const waiting: (() => void)[] = [];
  const proxy = await startProxy(target, async (request, response, _body, forward) => {
    if (isHeld(request) && ++creates >= from && !released) {
      arrived();
      await new Promise<void>((resolve) => waiting.push(resolve));
    }
    pass(response, await forward());
  });
  return {
    ...running(proxy),
    holding,
    release() {
      released = true;
      for (const resolve of waiting.splice(0)) resolve();
    },
  };
}

/**
 * The first count of the account's requests (`mode=count`, what an import asks before it lists or
 * looks up the file's keys) is held, not forwarded, until release(): the import is still starting,
 * its run lock taken and nothing in its journal yet. Every other request passes, later counts too.
 */
export async function startHeldCountProxy(target: string): Promise<HeldCreateProxy> {
  let held = false;
  let released = false;
  let arrived: () => void = () => {};
  const holding = new Promise<void>((resolve) => (arrived = resolve));
  const waiting: (() => void)[] = [];
  const proxy = await startProxy(target, async (request, response, _body, forward) => {
    if (!held && !released && request.method === 'GET' && /[?&]mode=count/.test(request.url ?? '')) {
      held = true;
      arrived();
      await new Promise<void>((resolve) => waiting.push(resolve));
    }
    pass(response, await forward());
  });
  return {
    ...running(proxy),
    holding,
    release() {
      released = true;
      for (const resolve of waiting.splice(0)) resolve();
    },
  };
}

/**
 * Case-request lists whose every page gives its first record twice, side by side, as a server that
 * joins another table to its list does (one row per joined item); `mode=count` answers as it was.
 */
export async function startDoublingListProxy(target: string): Promise<RunningProxy> {
  const proxy = await startProxy(target, async (request, response, _body, forward) => {
    const url = new URL(request.url ?? '/', 'http://x');
    const answer = await forward();
    const listing =
      request.method === 'GET' &&
      url.pathname.endsWith('/case/requests') &&
      url.searchParams.get('mode') !== 'count';
    if (!listing || answer.status !== 200) return pass(response, answer);
    const records = JSON.parse(answer.body.toString('utf8')) as unknown[];
    const doubled = records.length > 0 ? [records[0], ...records] : records;
    pass(response, { ...answer, body: Buffer.from(JSON.stringify(doubled)) });
  });
  return running(proxy);
}

/**
 * A server whose `client` filter is the root client, as the seed documents it, while its records carry
 * in `client_id` what the seed's update table calls client_id, the client location: `client=ROOT` is
 * answered with the requests at `location` (the sandbox filters `client` on client_id itself).
 */
export async function startRootClientProxy(
  target: string,
  root: number,
  location: number,
): Promise<RunningProxy> {
  const proxy = await startProxy(target, async (request, response, _body, forward) => {
    const url = new URL(request.url ?? '/', 'http://x');
    if (request.method === 'GET' && url.searchParams.get('client') === String(root))
      url.searchParams.set('client', String(location));
    pass(response, await forward(url.pathname + url.search));
  });
  return running(proxy);
}

/**
 * Adds `members` to the items named `name` of the reference list at `path` ("case/regions"), as a
 * server that marks a retired region `"is_active": false` would (explore 54 item 5).
 */
export async function startItemMembersProxy(
  target: string,
  path: string,
  name: string,
  members: Record<string, unknown>,
): Promise<RunningProxy> {
  const proxy = await startProxy(target, async (request, response, _body, forward) => {
    const url = new URL(request.url ?? '/', 'http://x');
    const answer = await forward();
    const list =
      request.method === 'GET' && url.pathname.endsWith(`/${path}`) && !url.searchParams.has('mode');
    if (!list || answer.status !== 200) return pass(response, answer);
    const items = JSON.parse(answer.body.toString('utf8')) as Record<string, unknown>[];
    for (const item of items) if (item.name === name) Object.assign(item, members);
    pass(response, { ...answer, body: Buffer.from(JSON.stringify(items)) });
  });
  return running(proxy);
}

/** The system time filters and stamps a local-time server reads and writes in its own zone. */
const SYSTEM_FILTERS = ['created_from_system', 'created_to_system', 'updated_from', 'updated_to'];
const STAMP = /"(created_at|updated_at)":"(\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2})"/g;

/** `text` ("YYYY-MM-DD HH:MM:SS", UTC) moved by `minutes`, in the same form. */
function shiftedStamp(text: string, minutes: number): string {
  const millis = Date.parse(`${text.replace(' ', 'T')}Z`) + minutes * 60_000;
  return new Date(millis).toISOString().slice(0, 19).replace('T', ' ');
}

/**
 * A server that stamps and filters in its local time without saying so (a PHP back end whose
 * `date_default_timezone_set` is the office's zone, against the API's "timestamps in UTC"): every
 * `created_at`/`updated_at` it answers is its local time, without a zone, and every system time filter it
 * is given is read as local time too. Its Date headers stay GMT, as HTTP has them. `offsetMinutes`:
 * the zone's offset from UTC (−300 for UTC−05:00).
 */
export async function startLocalTimeProxy(target: string, offsetMinutes: number): Promise<RunningProxy> {
  const proxy = await startProxy(target, async (request, response, body, forward) => {
    const url = new URL(request.url ?? '/', 'http://x');
    if (!url.pathname.includes('/case/requests')) return pass(response, await forward());
    for (const name of SYSTEM_FILTERS) {
      const value = url.searchParams.get(name);
      if (value !== null && /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/.test(value))
        url.searchParams.set(name, shiftedStamp(value, -offsetMinutes));
    }
    const answer = await forward(url.pathname + url.search, body);
    const text = answer.body
      .toString('utf8')
      .replace(
        STAMP,
        (_whole, key: string, stamp: string) => `"${key}":"${shiftedStamp(stamp, offsetMinutes)}"`,
      );
    pass(response, { ...answer, body: Buffer.from(text, 'utf8') });
  });
  return running(proxy);
}
