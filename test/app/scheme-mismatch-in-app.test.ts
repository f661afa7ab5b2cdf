/**
 * Test connection to an address whose scheme its port does not speak (explore 62 item 4): https:// to a
 * server answering plain HTTP said "Trackops could not be reached ... check your internet connection"
 * after five tries over 15 s. The server answered: said at once in the app's words (the Connection
 * screen's address, no CLI flag), the header's dot red with words of its own. Debian's Chromium on
 * browser mode; a real plain-HTTP server on 127.0.0.1 reached as https://.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBrowserSession, type BrowserSession } from './browser-harness.ts';
import { useAccountAt } from './send-in-browser.ts';

let session: BrowserSession;
let server: Server;
let plain = '';
let requests = 0;

beforeAll(async () => {
  server = createServer((request, response) => {
    requests += 1;
    request.resume();
    response.writeHead(200, { 'Content-Type': 'application/json' }).end('[]');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  plain = `127.0.0.1:${(server.address() as AddressInfo).port}`;
  session = await openBrowserSession({ log: () => {}, sandbox: { rate: 1000 } });
}, 120_000);
afterAll(async () => {
  await session?.close();
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
});

describe('Test connection to https:// of a port that answers plain HTTP', { timeout: 60_000 }, () => {
  it('says the server answered without TLS and the http:// address to give, on the Connection screen; the dot red in its own words', async () => {
    const { page } = session;
    await useAccountAt(session, 'Internal server', `https://${plain}/api/v1`);
    await page.getByRole('tab', { name: 'Connection' }).click();
    await page.getByRole('button', { name: /^Internal server/ }).click();
    await page.getByRole('button', { name: 'Test connection' }).first().click();

    const pill = page.locator('.connection-pill');
    await pill.locator('.dot.wrongScheme').waitFor();
    const health = await pill.textContent();
    expect(health).toContain(
      'The account’s address starts with https://, but its server answered without encryption (TLS), so nothing was sent',
    );
    expect(health).not.toMatch(/could not be reached|internet/);

    const said = page.getByText(`the server at ${plain} answered without TLS (encryption)`).first();
    await said.waitFor();
    const words = await said.textContent();
    expect(words).toContain(`the address should start with http:// (http://${plain}/api/v1)`);
    expect(words).toContain('Check the Account API address on the Connection screen.');
    expect(words).not.toMatch(/--url|internet|could not be reached|no answer/);
    // The server took the TLS bytes for a request it could not read: nothing reached it as one.
    expect(requests).toBe(0);
    expect(session.pageErrors).toEqual([]);
  });
});
