/**
 * An account unlike the one we assume, for the Connection screen's findings: a sandbox that serves its
 * case regions at `regions` (not `case/regions`), behind a small HTTP front that drops `mode=count`
 * from every query, as a server without a count mode would: it answers a count request with a page of
 * records. core's check calls that unsafe (an export could not prove it is complete).
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadDemoAccount, startSandbox } from '../../sandbox/index.ts';

export interface NoCountAccount {
  baseUrl: string;
  username: string;
  token: string;
  close(): Promise<void>;
}

export async function startNoCountAccount(): Promise<NoCountAccount> {
  const account = await loadDemoAccount();
  const sandbox = await startSandbox({
    port: 0,
    rate: 1000,
    account: { ...account, reference_paths: { case_regions: 'regions' } },
  });
  const target = new URL(sandbox.baseUrl).origin;
  const front = createServer((request, response) => {
    const url = new URL(request.url ?? '/', target);
    url.searchParams.delete('mode');
    fetch(url, {
      method: request.method ?? 'GET',
      headers: {
        accept: 'application/json',
        ...(request.headers.authorization ? { authorization: request.headers.authorization } : {}),
      },
    }).then(
      async (answer) => {
        response.writeHead(answer.status, {
          'content-type': answer.headers.get('content-type') ?? 'application/json',
        });
        response.end(Buffer.from(await answer.arrayBuffer()));
      },
      () => {
        response.writeHead(502);
        response.end();
      },
    );
  });
  await new Promise<void>((resolve) => front.listen(0, '127.0.0.1', resolve));
  const { port } = front.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}${new URL(sandbox.baseUrl).pathname}`,
    username: sandbox.username,
    token: sandbox.token,
    close: async () => {
      await new Promise<void>((resolve) => {
        front.close(() => resolve());
        front.closeAllConnections();
      });
      await sandbox.close();
    },
  };
}
