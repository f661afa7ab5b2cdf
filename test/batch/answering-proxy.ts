/**
 * A real HTTP proxy in front of the sandbox that answers writes the way some servers do (explore 29):
 * a create answered `303 See Other` or `201` with only a Location, a gateway in maintenance answering
 * JSON while storing nothing, a sign-in gateway answering `302` to its login page. Every request is
 * logged (method and path), so a test counts what each row cost.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { forwardTo } from './proxies.ts';

export interface ProxyAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/**
 * What the proxy does with one request: `nth` counts requests of its method so far (1 for the first).
 * `forward` passes it on (the answer as the sandbox gave it), an answer is given without passing it on,
 * and a function passes it on and rewrites the sandbox's answer (a promise: the answer waits for it, as
 * a colleague's edit made between a write and its answer does).
 */
export type AnswerRule = (request: {
  method: string;
  path: string;
  nth: number;
}) => 'forward' | ProxyAnswer | ((answer: ProxyAnswer) => ProxyAnswer | Promise<ProxyAnswer>);

export interface AnsweringProxy {
  baseUrl: string;
  /** "POST /api/v1/case/requests", one line per request received. */
  readonly log: string[];
  /** Requests whose method and path match. */
  count(method: string, path?: RegExp): number;
  /** Changes what the proxy does from the next request on (the gateway signed in again). */
  answerWith(rule: AnswerRule): void;
  close(): Promise<void>;
}

/** A maintenance middleware's JSON answer (200, nothing stored). */
export const MAINTENANCE = JSON.stringify({
  status: 'maintenance',
  message: 'Trackops is down for scheduled maintenance until 02:00 UTC. Please try again later.',
});

export async function startAnsweringProxy(target: string, first: AnswerRule): Promise<AnsweringProxy> {
  const upstream = new URL(target);
  const log: string[] = [];
  const nth = new Map<string, number>();
  const sockets = new Set<Socket>();
  let rule = first;
  const forward = async (request: IncomingMessage, body: Buffer): Promise<ProxyAnswer> => {
    const answer = await forwardTo(upstream, request, body);
    return { ...answer, body: answer.body.toString('utf8') };
  };
  const send = (response: ServerResponse, answer: ProxyAnswer) => {
    const headers = { ...answer.headers };
    delete headers['transfer-encoding'];
    headers['content-length'] = String(Buffer.byteLength(answer.body));
    response.writeHead(answer.status, headers);
    response.end(answer.body);
  };
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const method = request.method ?? 'GET';
      const path = request.url ?? '/';
      log.push(`${method} ${path}`);
      nth.set(method, (nth.get(method) ?? 0) + 1);
      const what = rule({ method, path, nth: nth.get(method)! });
      const body = Buffer.concat(chunks);
      const answered =
        what === 'forward'
          ? forward(request, body)
          : typeof what === 'function'
            ? forward(request, body).then(what)
            : Promise.resolve(what);
      answered.then(
        (answer) => send(response, answer),
        () => response.socket?.destroy(),
      );
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}${upstream.pathname}`,
    log,
    count: (method, path = /./) =>
      log.filter((line) => line.startsWith(`${method} `) && path.test(line.slice(method.length + 1))).length,
    answerWith(next) {
      rule = next;
    },
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

/** The id of the request a sandbox's create answer holds (bare or under one key). */
export function createdId(answer: ProxyAnswer): number {
  const body = JSON.parse(answer.body) as Record<string, unknown>;
  const record = (typeof body.id === 'number' ? body : Object.values(body)[0]) as { id: number };
  return record.id;
}
