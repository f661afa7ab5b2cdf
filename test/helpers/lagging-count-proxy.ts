/**
 * A real HTTP hop in front of a sandbox whose count lags its list (explore 12 item 2: a count served
 * from a replica or a cache a few seconds behind): every count of the requests `lags` picks (by the
 * query of the request) is answered 0, its other answers (the Date header included) the sandbox's own.
 * Everything else is forwarded as it is. It counts every request it passes, so a test can hold a
 * listing's cost on such a server (the sandbox's own count never lags).
 */
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface LaggingCountProxy {
  /** The API base through the proxy ('http://127.0.0.1:PORT/api/v1'). */
  baseUrl: string;
  /** Requests passed so far, and of them the counts answered 0. */
  requests(): number;
  lagged(): number;
  close(): Promise<void>;
}

export async function laggingCountProxy(
  target: string,
  lags: (query: URLSearchParams) => boolean,
): Promise<LaggingCountProxy> {
  const to = new URL(target);
  let requests = 0;
  let lagged = 0;
  const server: Server = createServer((incoming, outgoing) => {
    requests += 1;
    const path = incoming.url ?? '/';
    const url = new URL(path, 'http://proxy');
    const lagging =
      url.pathname.endsWith('/case/requests') &&
      url.searchParams.get('mode') === 'count' &&
      lags(url.searchParams);
    const forwarded = request(
      { host: to.hostname, port: to.port, method: incoming.method, path, headers: incoming.headers },
      (answer) => {
        if (!lagging || answer.statusCode !== 200) {
          outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(outgoing);
          return;
        }
        // The sandbox's answer read and replaced by a count of 0: its headers kept, its length the new body's.
        answer.resume();
        answer.on('end', () => {
          lagged += 1;
          const body = JSON.stringify({ record_count: 0, page_count: 0 });
          const headers = { ...answer.headers, 'content-length': String(Buffer.byteLength(body)) };
          delete headers['transfer-encoding'];
          delete headers['content-encoding'];
          outgoing.writeHead(200, headers);
          outgoing.end(body);
        });
      },
    );
    forwarded.on('error', () => outgoing.destroy());
    incoming.pipe(forwarded);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}${to.pathname}`,
    requests: () => requests,
    lagged: () => lagged,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
