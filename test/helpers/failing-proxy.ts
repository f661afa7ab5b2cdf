/**
 * A real HTTP hop in front of a sandbox that answers `times` requests `fails` picks (the first, or those
 * after the first `after` of them) with an error status of its own (nothing forwarded, so nothing
 * stored) and forwards everything else: a test then knows which create was answered 500 (or 401), with
 * no random faults and no timing guess.
 */
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FailingProxy {
  /** The API base through the proxy ('http://127.0.0.1:PORT/api/v1'). */
  baseUrl: string;
  /** How many requests it answered with the error so far. */
  failed(): number;
  close(): Promise<void>;
}

export async function failingProxy(
  target: string,
  fails: (method: string, path: string) => boolean,
  options: {
    status: number;
    times: number;
    after?: number;
    /** Headers of the error answer (a 429's Retry-After). */
    headers?: Record<string, string>;
  },
): Promise<FailingProxy> {
  const to = new URL(target);
  let failed = 0;
  let passed = 0;
  const server: Server = createServer((incoming, outgoing) => {
    const path = incoming.url ?? '/';
    const picked = fails(incoming.method ?? 'GET', path);
    if (picked && passed < (options.after ?? 0)) passed += 1;
    else if (picked && failed < options.times) {
      failed += 1;
      // Read the body first, as a server that failed while storing would have.
      incoming.resume();
      incoming.on('end', () => {
        outgoing.writeHead(options.status, { 'Content-Type': 'application/json', ...options.headers });
        outgoing.end(JSON.stringify({ message: 'Internal error' }));
      });
      return;
    }
    const forwarded = request(
      { host: to.hostname, port: to.port, method: incoming.method, path, headers: incoming.headers },
      (answer) => {
        outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(outgoing);
      },
    );
    forwarded.on('error', () => outgoing.destroy());
    incoming.pipe(forwarded);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}${to.pathname}`,
    failed: () => failed,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
