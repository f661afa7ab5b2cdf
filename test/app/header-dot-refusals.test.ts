/**
 * The header's status dot after Test connection is refused (explore 51): a 403 said "Trackops refused
 * the user name or token", the words of a 401, though the token may be right (this user's access, an
 * address not on the account's allow-list); and a certificate this computer does not trust left the dot
 * as it was, though nothing could be sent. Each now has its own state and words, red. Debian's Chromium
 * on browser mode; real answers on 127.0.0.1: a server answering 401 or 403, and a self-signed HTTPS
 * server made by openssl at test time.
 */
import { createServer, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testCertificates, type TestCertificates } from '../helpers/test-certificates.ts';
import { openBrowserSession, type BrowserSession } from './browser-harness.ts';
import { useAccountAt } from './send-in-browser.ts';

let session: BrowserSession;
let certificates: TestCertificates;
const servers: Server[] = [];
const addresses = { unauthorized: '', forbidden: '', untrusted: '' };

async function listening(listener: Server, scheme: 'http' | 'https'): Promise<string> {
  await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve));
  servers.push(listener);
  return `${scheme}://127.0.0.1:${(listener.address() as AddressInfo).port}/api/v1`;
}

/** A server answering every request `status` with Trackops-like words. */
function refusing(status: number, message: string): Server {
  return createServer((request, response) => {
    request.resume();
    response.writeHead(status, { 'Content-Type': 'application/json' }).end(JSON.stringify({ message }));
  });
}

beforeAll(async () => {
  certificates = testCertificates();
  addresses.unauthorized = await listening(refusing(401, 'Invalid API token'), 'http');
  addresses.forbidden = await listening(
    refusing(403, 'Requests from IP 203.0.113.9 are not on this account allow-list'),
    'http',
  );
  addresses.untrusted = await listening(
    createHttpsServer(certificates.selfSigned('gateway.acme.example'), (_request, response) =>
      response.writeHead(200, { 'Content-Type': 'application/json' }).end('[]'),
    ),
    'https',
  );
  session = await openBrowserSession({ log: () => {}, sandbox: { rate: 1000 } });
}, 120_000);
afterAll(async () => {
  await session?.close();
  for (const server of servers) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
  certificates?.remove();
});

const pill = () => session.page.locator('.connection-pill');

/** The profile made the one in use, then Test connection pressed on the Connection screen. */
async function testConnectionOf(name: string, baseUrl: string): Promise<void> {
  const { page } = session;
  await useAccountAt(session, name, baseUrl);
  await page.getByRole('tab', { name: 'Connection' }).click();
  await page.getByRole('button', { name: new RegExp(`^${name}`) }).click();
  await page.getByRole('button', { name: 'Test connection' }).first().click();
}

describe("the header's status dot after Test connection is refused", { timeout: 60_000 }, () => {
  it('rule: a 401 is the user name or token refused, red', async () => {
    await testConnectionOf('Acme 401', addresses.unauthorized);
    await pill().locator('.dot.refused').waitFor();
    await expect(pill().textContent()).resolves.toContain(
      'Trackops refused the user name or token (401): see the Connection screen',
    );
  });

  it('rule: a 403 is this user refused access, in words of its own, never "the user name or token"', async () => {
    await testConnectionOf('Acme 403', addresses.forbidden);
    await pill().locator('.dot.forbidden').waitFor();
    const words = await pill().textContent();
    expect(words).toContain('Trackops refused this user access (403)');
    expect(words).toContain('most often API access is not enabled for this user');
    expect(words).not.toContain('user name or token');
  });

  it('rule: a certificate this computer does not trust turns the dot red, said as that, not as a refusal or "not reached"', async () => {
    await testConnectionOf('Behind a gateway', addresses.untrusted);
    await pill().locator('.dot.untrusted').waitFor();
    const words = await pill().textContent();
    expect(words).toContain(
      'This computer does not trust the certificate the account’s address answered with, so nothing was sent',
    );
    expect(words).not.toMatch(/refused the user name|could not be reached/);
    expect(session.pageErrors).toEqual([]);
  });
});
