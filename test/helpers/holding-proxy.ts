/**
 * A real HTTP hop in front of a sandbox that forwards every request but holds, unanswered, the first
 * one `holds` picks: a test then knows the command is waiting on exactly that request (the account's
 * reference data, the check's listing) and can stop it there, with no timing guess, or do something
 * while it waits (change its input file) and then let the request go on (`release`).
 */
import { createServer, request, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface HoldingProxy {
  /** The API base through the proxy ('http://127.0.0.1:PORT/api/v1'). */
  baseUrl: string;
  /** Resolves with the held request's method and path once it arrives. */
  held: Promise<string>;
  /** Forwards the held request after all, its answer reaching the command as any other. */
  release(): void;
  close(): Promise<void>;
}

export async function holdingProxy(
  target: string,
  holds: (method: string, path: string) => boolean,
): Promise<HoldingProxy> {
  const to = new URL(target);
  let hold: ((what: string) => void) | null = null;
  const held = new Promise<string>((resolve) => (hold = resolve));
  const open = new Set<IncomingMessage>();
  let release = (): void => {};
  const forward = (incoming: IncomingMessage, outgoing: ServerResponse, path: string): void => {
    const forwarded = request(
      { host: to.hostname, port: to.port, method: incoming.method, path, headers: incoming.headers },
      (answer) => {
        outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(outgoing);
      },
    );
    forwarded.on('error', () => outgoing.destroy());
    incoming.pipe(forwarded);
  };
  const server: Server = createServer((incoming, outgoing) => {
    const path = incoming.url ?? '/';
    if (hold && holds(incoming.method ?? 'GET', path)) {
      // Not answered until released: the client gives it up (or the test closes the proxy).
      open.add(incoming);
      release = () => {
        open.delete(incoming);
        forward(incoming, outgoing, path);
      };
      hold(`${incoming.method} ${path}`);
      hold = null;
      return;
    }
    forward(incoming, outgoing, path);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}${to.pathname}`,
    held,
    release: () => release(),
    close: async () => {
      for (const incoming of open) incoming.socket.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
