/**
 * TLS servers on 127.0.0.1 for the tests of what a command says when the address's scheme or
 * certificate is not what it expects (test/cli/scheme-mismatch.test.ts, untrusted-certificate.test.ts,
 * revert-scheme-and-certificate.test.ts), with certificates openssl made for the test
 * (test-certificates.ts): a listener that answers nothing useful, and a relay to the sandbox.
 */
import { request as httpRequest } from 'node:http';
import { createServer, type Server } from 'node:https';
import { createServer as createNetServer, type AddressInfo } from 'node:net';
import type { TestCertificate } from './test-certificates.ts';

/**
 * A TLS listener with `certificate`, as two servers treat plain HTTP sent to it: Node's drops the
 * connection (the client hears a reset); Go's and nginx's answer 400 in their own words ("Client sent
 * an HTTP request to an HTTPS server."). `seen.requests` counts the HTTP requests it read over TLS.
 */
export async function tlsListener(certificate: TestCertificate, plainHttp: 'dropped' | 'answered 400') {
  const seen = { requests: 0 };
  const https = createServer(certificate, (_request, response) => {
    seen.requests += 1;
    response.end('{}');
  });
  // Go's way: the first byte tells a TLS hello (0x16) from plain HTTP, answered without reading it.
  const server =
    plainHttp === 'dropped'
      ? https
      : createNetServer((socket) => {
          socket.on('error', () => {});
          socket.once('data', (first) => {
            if (first[0] !== 0x16)
              return void socket.end(
                'HTTP/1.0 400 Bad Request\r\n\r\nClient sent an HTTP request to an HTTPS server.\n',
              );
            socket.pause();
            socket.unshift(first);
            https.emit('connection', socket);
          });
        });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    host: `127.0.0.1:${(server.address() as AddressInfo).port}`,
    seen,
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}

export interface TlsRelay {
  /** `127.0.0.1:PORT` */
  host: string;
  /** `https://127.0.0.1:PORT/api/v1` */
  baseUrl: string;
  /** Requests it relayed; creates (POST answered 201) and updates (PUT answered 2xx) among them. */
  seen: { requests: number; created: number; updated: number };
  server: Server;
  close(): Promise<void>;
}

/**
 * An HTTPS server with `certificate` that hands every request to the plain-HTTP sandbox at `target`
 * (its base URL). `after.then`, once, after the first request it relayed that `after.request` picks
 * (by its method, path and the sandbox's status): what the server does next, e.g. present another
 * certificate (that request's answer then closes the connection, so the next request makes a new one).
 */
export async function tlsRelay(
  target: string,
  certificate: TestCertificate,
  after?: {
    request: (method: string, path: string, status: number) => boolean;
    then: (server: Server) => void;
  },
): Promise<TlsRelay> {
  const seen = { requests: 0, created: 0, updated: 0 };
  let swapped = false;
  const to = new URL(target);
  const server = createServer(certificate, (incoming, outgoing) => {
    seen.requests += 1;
    const forwarded = httpRequest(
      {
        host: to.hostname,
        port: to.port,
        method: incoming.method,
        path: incoming.url,
        headers: incoming.headers,
      },
      (answer) => {
        const status = answer.statusCode ?? 502;
        const created = incoming.method === 'POST' && status === 201;
        const updated = incoming.method === 'PUT' && status >= 200 && status < 300;
        if (created) seen.created += 1;
        if (updated) seen.updated += 1;
        const swapNow =
          after !== undefined && !swapped && after.request(incoming.method ?? '', incoming.url ?? '', status);
        if (swapNow) {
          swapped = true;
          after!.then(server);
          // Every connection made with the old certificate ends here (this one after its answer): a
          // second one the client's pool kept open had let the next creates through on a busy machine.
          server.closeIdleConnections();
        }
        outgoing.writeHead(status, { ...answer.headers, ...(swapNow ? { connection: 'close' } : {}) });
        answer.pipe(outgoing);
      },
    );
    incoming.pipe(forwarded);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const host = `127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    host,
    baseUrl: `https://${host}/api/v1`,
    seen,
    server,
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
