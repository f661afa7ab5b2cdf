/**
 * The node:http transport (core/api/node-transport.ts) behind createHttp, over real sockets on 127.0.0.1:
 * what reached the server and what did not, timeouts, aborts, keep-alive reuse, idle sockets closed by
 * the server, HTTPS, and what fetch used to do for us (gzip, UTF-8, headers by any case), and charsets.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import {
  createServer as createHttpServer,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import {
  createServer as createNetServer,
  type AddressInfo,
  type Server as NetServer,
  type Socket,
} from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import {
  AnswerCutError,
  ApiError,
  CertificateError,
  NetworkError,
  ThrottledError,
  writeMayHaveHappened,
} from '../../core/api/errors.ts';
import { createHttp } from '../../core/api/http.ts';
import { createPacer } from '../../core/pace/pacer.ts';
import { CLI_CONNECTION_WORDS } from '../../cli/connection-words.ts';

const fast = (concurrency = 4) => createPacer({ ratePerSecond: 1000, concurrency });
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

/** Listens on 127.0.0.1 and registers `close` for after the test; returns host:port. */
async function listen(server: NetServer, close: () => Promise<void>): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  closers.push(close);
  return `127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** An HTTP server that counts the sockets it was given and the requests it read whole. */
async function countingServer(
  handle: (request: IncomingMessage, response: ServerResponse, body: string) => void,
) {
  const seen = { sockets: 0, requests: [] as string[] };
  const server: Server = createHttpServer((request, response) => {
    let body = '';
    request.setEncoding('utf8');
    request.on('data', (chunk: string) => (body += chunk));
    request.on('end', () => {
      seen.requests.push(`${request.method} ${request.url}`);
      handle(request, response, body);
    });
  });
  server.on('connection', () => (seen.sockets += 1));
  const host = await listen(server, () => closeHttp(server));
  return { server, seen, baseUrl: `http://${host}/api/v1` };
}

function closeHttp(server: Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((resolve) => server.close(() => resolve()));
}

const json = (
  response: ServerResponse,
  status: number,
  value: unknown,
  headers: Record<string, string> = {},
) => {
  response.writeHead(status, { 'content-type': 'application/json', ...headers });
  response.end(JSON.stringify(value));
};

const client = (baseUrl: string, extra: Partial<Parameters<typeof createHttp>[0]> = {}) =>
  createHttp({
    words: CLI_CONNECTION_WORDS,
    baseUrl,
    user: 'ann',
    token: 'secret-token',
    pacer: fast(),
    ...extra,
  });

async function failure(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    (value) => {
      throw new Error(`expected a failure, got ${JSON.stringify(value)}`);
    },
    (error: unknown) => error,
  );
}

/** A raw TCP server: `onData` sees each socket's bytes and decides what happens to the socket. */
async function rawServer(onData: (socket: Socket, data: string, index: number) => void) {
  // The sockets that carried an HTTP request: after a reset, the client's TLS hello to learn whether
  // the port is an HTTPS server's (core/api/speaks-tls.ts) is a connection of its own, and no request.
  const sockets: Socket[] = [];
  const server = createNetServer((socket) => {
    socket.on('error', () => {});
    let index = -1;
    socket.on('data', (data) => {
      const text = data.toString('latin1');
      if (index === -1 && /^[A-Z]+ \S+ HTTP\/1\.1\r\n/.test(text)) index = sockets.push(socket) - 1;
      if (index === -1) return void socket.destroy();
      onData(socket, text, index);
    });
  });
  const close = () =>
    new Promise<void>((resolve) => {
      for (const socket of sockets) socket.destroy();
      server.close(() => resolve());
    });
  const host = await listen(server, close);
  return { sockets, baseUrl: `http://${host}/api/v1` };
}

describe('node:http transport: what reached the server', () => {
  it('a refused connection is "never sent" (a POST may then be sent again safely)', async () => {
    const probe = createNetServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const { port } = probe.address() as AddressInfo;
    await new Promise((resolve) => probe.close(resolve));
    const error = await failure(
      client(`http://127.0.0.1:${port}/api/v1`).write('POST', 'case/requests', { a: 1 }),
    );
    expect(error).toBeInstanceOf(NetworkError);
    expect((error as NetworkError).message).toMatch(/ECONNREFUSED/);
    expect((error as NetworkError).mayHaveReachedServer).toBe(false);
  });

  it('an invalid URL is "never sent"', async () => {
    const error = await failure(client('http://exa mple.com').write('POST', 'case/requests', { a: 1 }));
    expect(error).toBeInstanceOf(NetworkError);
    expect((error as NetworkError).mayHaveReachedServer).toBe(false);
  });

  it('a reset after the request was read is "may have been sent", and a POST is not sent again', async () => {
    const raw = await rawServer((socket) => socket.resetAndDestroy());
    const error = await failure(client(raw.baseUrl).write('POST', 'case/requests', { a: 1 }));
    expect(error).toBeInstanceOf(NetworkError);
    expect((error as NetworkError).message).toMatch(/ECONNRESET|socket hang up/);
    expect((error as NetworkError).mayHaveReachedServer).toBe(true);
    expect(raw.sockets).toHaveLength(1);
  });

  it('a socket closed with no answer is "may have been sent"; a GET is retried on a new socket', async () => {
    const raw = await rawServer((socket) => socket.end());
    const error = await failure(client(raw.baseUrl).write('POST', 'case/requests', { a: 1 }));
    expect((error as NetworkError).mayHaveReachedServer).toBe(true);
    expect(raw.sockets).toHaveLength(1);
    // A GET is retried: the second attempt gets a new socket (index 1), which answers.
    const again = await rawServer((socket, _data, index) => {
      if (index === 0) return socket.end();
      socket.end('HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 8\r\n\r\n{"ok":1}');
    });
    const retried: string[] = [];
    const http = client(again.baseUrl, {
      onEvent: (event) => void (event.type === 'retry' && retried.push(event.reason)),
    });
    expect(await http.call('GET', 'case/requests/1')).toEqual({ ok: 1 });
    expect(retried).toHaveLength(1);
    expect(again.sockets).toHaveLength(2);
  });
});

describe('node:http transport: timeouts and aborts', () => {
  it('a server that stalls mid-body is given up on after the timeout (the body is covered)', async () => {
    const { baseUrl } = await countingServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json', 'content-length': '100' });
      response.write('{"id":');
    });
    const error = await failure(client(baseUrl, { timeoutMs: 150, maxAttempts: 1 }).call('GET', 'x'));
    expect(error).toBeInstanceOf(NetworkError);
    expect((error as NetworkError).message).toMatch(/timed out/);
    expect((error as NetworkError).mayHaveReachedServer).toBe(true);
  });

  it('a write answered 200 and cut mid-body is never sent again, and is not "no answer"', async () => {
    const { baseUrl, seen } = await countingServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json', 'content-length': '100' });
      response.write('{"id":');
      setTimeout(() => response.socket?.destroy(), 10);
    });
    const error = await failure(
      client(baseUrl, { maxAttempts: 5 }).write('PUT', 'case/requests/7', { a: 1 }),
    );
    expect(error).toBeInstanceOf(AnswerCutError);
    expect((error as AnswerCutError).answeredStatus).toBe(200);
    expect((error as Error).message).toBe(
      'PUT case/requests/7 was answered 200, but the answer was cut (ECONNRESET)',
    );
    expect(seen.requests).toEqual(['PUT /api/v1/case/requests/7']);
  });

  it('an aborted signal gives up at once with its reason, never as a network failure', async () => {
    const { baseUrl, seen } = await countingServer(() => {});
    const controller = new AbortController();
    const pending = failure(client(baseUrl).write('POST', 'case/requests', { a: 1 }, controller.signal));
    while (seen.requests.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    const reason = new Error('stopped by the user');
    controller.abort(reason);
    expect(await pending).toBe(reason);
  });
});

describe('node:http transport: keep-alive', () => {
  it('reuses sockets: 30 requests, 4 at a time, on at most 4 sockets', async () => {
    const { baseUrl, seen } = await countingServer((request, response, body) =>
      json(response, 201, { method: request.method, body: JSON.parse(body || 'null') }),
    );
    const http = client(baseUrl, { pacer: fast(4) });
    const answers = await Promise.all(
      Array.from({ length: 30 }, (_, i) => http.write('POST', 'case/requests', { i })),
    );
    expect(answers.map((answer) => (answer.body as { body: { i: number } }).body.i)).toEqual(
      Array.from({ length: 30 }, (_, i) => i),
    );
    expect(seen.requests).toHaveLength(30);
    expect(seen.sockets).toBeGreaterThanOrEqual(1);
    expect(seen.sockets).toBeLessThanOrEqual(4);
    for (let i = 0; i < 10; i++) await http.call('GET', `case/requests/${i}`);
    expect(seen.sockets).toBeLessThanOrEqual(4);
  });

  it('a server that closes idle sockets: a POST after its keep-alive timeout goes out on a new socket', async () => {
    const { server, baseUrl, seen } = await countingServer((_request, response) =>
      json(response, 201, { id: 1 }),
    );
    server.keepAliveTimeout = 50;
    const http = client(baseUrl);
    await http.call('GET', 'case/requests/1');
    await new Promise((resolve) => setTimeout(resolve, 150));
    const answer = await http.write('POST', 'case/requests', { a: 1 });
    expect(answer).toMatchObject({ status: 201, body: { id: 1 } });
    expect(seen.requests).toEqual(['GET /api/v1/case/requests/1', 'POST /api/v1/case/requests']);
    expect(seen.sockets).toBe(2);
  });

  it('a reused socket the server drops on the next request: a POST is in doubt, never re-sent', async () => {
    // Answers the first request with keep-alive, then closes on the second without a word: the race a
    // server's idle timeout can lose. Whether the server read the POST is unknown, so it is in doubt.
    const raw = await rawServer((socket, data) => {
      if (/^GET /.test(data))
        return void socket.write(
          'HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 2\r\n\r\n{}',
        );
      socket.destroy();
    });
    const http = client(raw.baseUrl);
    await http.call('GET', 'case/requests/1');
    const error = await failure(http.write('POST', 'case/requests', { a: 1 }));
    expect(error).toBeInstanceOf(NetworkError);
    expect((error as NetworkError).mayHaveReachedServer).toBe(true);
    expect(raw.sockets).toHaveLength(1);
  });
});

describe('node:http transport: what fetch did for us', () => {
  it('decodes gzip and UTF-8 (a BOM dropped), reads Retry-After whatever its case, follows no redirect', async () => {
    let throttled = false;
    const { baseUrl, seen } = await countingServer((request, response) => {
      if (request.url?.endsWith('/gz')) {
        response.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' });
        return response.end(gzipSync(Buffer.from('\uFEFF{"name":"Zoë Müller"}', 'utf8')));
      }
      if (request.url?.endsWith('/busy') && !throttled) {
        throttled = true;
        response.writeHead(429, { 'RETRY-AFTER': '1' });
        return response.end();
      }
      if (request.url?.endsWith('/moved')) {
        response.writeHead(301, { location: 'https://sso:pw@elsewhere.example/api/v1/moved?ticket=abc123' });
        return response.end();
      }
      if (request.url?.endsWith('/relative')) {
        response.writeHead(307, { location: '/login?return=%2Fapi' });
        return response.end();
      }
      json(response, 200, { ok: true });
    });
    const waits: number[] = [];
    const http = client(baseUrl, {
      onEvent: (event) => event.type === 'throttled' && waits.push(event.waitSeconds),
    });
    expect(await http.call('GET', 'gz')).toEqual({ name: 'Zoë Müller' });
    expect(await http.call('GET', 'busy')).toEqual({ ok: true });
    expect(waits).toEqual([1]);
    const moved = await failure(http.call('GET', 'moved'));
    expect(moved).toBeInstanceOf(ApiError);
    expect(moved).not.toBeInstanceOf(ThrottledError);
    // Where it pointed is named (no credentials, no query values) with what to do; never followed.
    expect((moved as ApiError).message).toBe(
      'GET moved was redirected (301) to https://elsewhere.example/api/v1/moved?ticket=…; redirects are not followed' +
        ' (a create followed as a GET could pass for done). If that is where the API now is, give it as --url ' +
        '(its address up to /api/v1); if it is a sign-in page, sign in to the gateway first',
    );
    expect(seen.requests.filter((line) => line.endsWith('/moved'))).toHaveLength(1);
    const relative = (await failure(http.call('GET', 'relative'))) as ApiError;
    expect(relative.message).toContain(`redirected (307) to ${new URL(baseUrl).origin}/login?return=…;`);
  });

  for (const transport of ['node:http', 'fetch'] as const) {
    it(`${transport}: decodes by the charset the Content-Type names; an unknown one is said, never guessed`, async () => {
      const latin1 = Buffer.from('{"name":"Société €"}', 'latin1');
      // windows-1252 puts the euro sign at 0x80 (ISO-8859-1 has a control character there).
      latin1[latin1.length - 3] = 0x80;
      const { baseUrl } = await countingServer((request, response) => {
        const type = {
          '/api/v1/latin1': 'application/json; charset=ISO-8859-1',
          '/api/v1/quoted': 'application/json;charset="windows-1252"',
          '/api/v1/klingon': 'application/json; charset=x-klingon',
        }[request.url ?? ''];
        response.writeHead(request.method === 'POST' ? 201 : 200, {
          'content-type': type ?? 'application/json',
        });
        response.end(type ? latin1 : Buffer.from('{"name":"Société €"}', 'utf8'));
      });
      const http = client(baseUrl, transport === 'fetch' ? { fetch: globalThis.fetch } : {});
      for (const path of ['utf8', 'latin1', 'quoted'])
        expect(await http.call('GET', path)).toEqual({ name: 'Société €' });
      const unknown = await failure(http.call('GET', 'klingon'));
      expect(unknown).toBeInstanceOf(ApiError);
      expect((unknown as ApiError).message).toBe(
        'GET klingon answered 200, but its Content-Type names the character set "x-klingon", which this tool cannot decode, so nothing of the answer was read; ask the account\'s administrator to answer in UTF-8',
      );
      // A write answered 2xx happened, whatever its body: it comes back as a value, its body unread.
      const written = await http.write('POST', 'klingon', {});
      expect(written).toMatchObject({ status: 201, body: undefined, unknownCharset: 'x-klingon' });
    });
  }

  it('an https URL goes through TLS with the certificate checked (a self-signed one is refused, once)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tls-'));
    try {
      execFileSync(
        'openssl',
        [
          'req',
          '-x509',
          '-newkey',
          'ec',
          '-pkeyopt',
          'ec_paramgen_curve:prime256v1',
          '-nodes',
          '-days',
          '1',
          '-subj',
          '/CN=127.0.0.1',
          '-keyout',
          join(dir, 'key.pem'),
          '-out',
          join(dir, 'cert.pem'),
        ],
        { stdio: 'ignore' },
      );
      let requests = 0;
      const server = createHttpsServer(
        { key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(join(dir, 'cert.pem')) },
        (_request, response) => {
          requests += 1;
          json(response, 200, {});
        },
      );
      const host = await listen(server, () => closeHttp(server));
      // Explore 51 item 7: a certificate refused is said as such, tried once (the same certificate is
      // refused the same way), and a create so refused never left: not in doubt.
      const attempts: string[] = [];
      const http = client(`https://${host}/api/v1`, {
        onEvent: (event) => {
          if (event.type === 'request') attempts.push(`${event.method} ${event.path}`);
        },
      });
      const error = await failure(http.call('GET', 'x'));
      expect(error).toBeInstanceOf(CertificateError);
      expect(error).toMatchObject({ code: 'api_certificate', reason: 'DEPTH_ZERO_SELF_SIGNED_CERT', host });
      expect((error as CertificateError).message).toContain('it is self-signed: issued to "127.0.0.1"');
      expect((error as CertificateError).message).not.toMatch(/secret-token/);
      const create = await failure(http.write('POST', 'case/requests', { notes: 'x' }));
      expect(create).toBeInstanceOf(CertificateError);
      expect(writeMayHaveHappened(create)).toBe(false);
      expect(attempts).toEqual(['GET x', 'POST case/requests']);
      expect(requests).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
