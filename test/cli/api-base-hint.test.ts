/**
 * A --url without /api/v1 (issue 16 point 11): a real server answers it with a bare 404, so the hint is
 * the client's own: a bare host is refused with the address to use, and a 404 on the first request
 * says to try /api/v1.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiBaseHint } from '../../core/index.ts';
import { runCli } from './run-cli.ts';

const MESSY = new URL('../../samples/referrals-messy.xlsx', import.meta.url).pathname;
let server: Server;
let base: string;

beforeAll(async () => {
  server = createServer((_request, response) => {
    response.writeHead(404, { 'Content-Type': 'text/html' });
    response.end('<h1>Not Found</h1>');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('--url without /api/v1', () => {
  it('a bare host: exit 2, with the API address to use', async () => {
    const run = await runCli([
      'map',
      MESSY,
      '--url',
      'https://acme.viewcases.com/',
      '--user',
      'jo',
      '--token',
      't',
    ]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(
      "--url 'https://acme.viewcases.com/' is the account's address, not its API: the API base usually ends in /api/v1: try https://acme.viewcases.com/api/v1",
    );
  });

  it('a path the server answers 404: exit 3, and the message says to try /api/v1', async () => {
    const run = await runCli([
      'map',
      MESSY,
      '--url',
      `${base}/trackops`,
      '--user',
      'jo',
      '--token',
      't',
      '--rate',
      '100/s',
    ]);
    expect(run.code).toBe(3);
    expect(run.stderr).toContain(`the API base usually ends in /api/v1: try ${base}/trackops/api/v1`);
  });

  it('says nothing when the base already ends in /api/v1', () => {
    expect(apiBaseHint('https://acme.viewcases.com/api/v1/')).toBeNull();
    expect(apiBaseHint('https://acme.viewcases.com/x')).toBe(
      'the API base usually ends in /api/v1: try https://acme.viewcases.com/x/api/v1',
    );
  });
});
