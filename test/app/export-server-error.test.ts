/**
 * An export that Trackops fails mid-way (explore 14 item 6b: page 3 answered 500 every time; the screen
 * showed "Fetching 20 of 36…" for 20 s with no word of the retries, then a bare "server error 500"
 * under a half-full progress bar). While the app waits to ask again it says so (attempt and wait); when
 * it gives up it says no file was saved, that the fault is the server's, how often it asked, and what
 * to do; the progress bar goes.
 *
 * Real HTTP: a proxy on 127.0.0.1 in front of the sandbox pages case requests 10 at a time and answers
 * page 3 with an HTML 500 page every time. core waits 1, 2, 4 and 8 s between its 5 attempts and says
 * so; here the app waits an eighth of each (the screen still says 8 s, and shows it for a second), so
 * the test does not sit through 15 s of back-off (it asserts no time).
 */
import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProfilesView } from '../../main/bridge/contract.ts';
import { sleep } from '../../core/pace/sleep.ts';
import { openBrowserSession, type BrowserSession } from './browser-harness.ts';
import { callVerb } from './http-bridge.ts';

let session: BrowserSession;
let proxy: Server;
let failedPage3 = 0;

/** Case-request pages of 10; page 3 of the listing answers an HTML 500, every time. */
async function startFailingPageProxy(target: string): Promise<{ server: Server; baseUrl: string }> {
  const upstream = new URL(target);
  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://proxy');
    const listing = url.pathname.endsWith('/case/requests') && request.method === 'GET';
    if (listing && Number(url.searchParams.get('per_page')) > 10) url.searchParams.set('per_page', '10');
    if (listing && url.searchParams.get('mode') !== 'count' && url.searchParams.get('page') === '3') {
      failedPage3 += 1;
      request.resume();
      response
        .writeHead(500, { 'Content-Type': 'text/html' })
        .end('<html><head><title>500 Internal Server Error</title></head><body>Oops</body></html>');
      return;
    }
    const out = httpRequest(
      {
        host: upstream.hostname,
        port: upstream.port,
        method: request.method,
        path: url.pathname + url.search,
        headers: { ...request.headers, host: upstream.host },
      },
      (answer) => {
        response.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(response);
      },
    );
    out.on('error', () => response.socket?.destroy());
    request.pipe(out);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { server, baseUrl: `http://127.0.0.1:${port}${upstream.pathname}` };
}

beforeAll(async () => {
  session = await openBrowserSession({
    log: () => {},
    sandbox: { rate: 1000 },
    retrySleep: (ms, signal) => sleep(ms / 8, signal),
  });
  const started = await startFailingPageProxy(session.app.sandbox.baseUrl);
  proxy = started.server;
  const { sandbox } = session.app;
  await callVerb<ProfilesView>(session.app, 'saveProfile', {
    name: 'Acme (page 3 fails)',
    baseUrl: started.baseUrl,
    user: sandbox.username,
    token: sandbox.token,
    settings: { require_client_address: false, require_client_phone: false },
    pace: { ratePerSecond: 50, concurrency: 1 },
  });
  await session.page.reload();
}, 120_000);
afterAll(async () => {
  proxy?.closeAllConnections();
  await new Promise((resolve) => proxy?.close(resolve));
  await session?.close();
});

describe('an export Trackops fails mid-way', { timeout: 90_000 }, () => {
  it('says each retry while it waits, then that no file was saved, whose fault, how often, and what to do', async () => {
    const { page } = session;
    await page.getByRole('tab', { name: 'Export' }).click();
    await page.getByRole('heading', { name: 'Export case requests' }).waitFor();
    await page.getByRole('button', { name: 'Any date' }).click();
    await page.getByRole('button', { name: 'Export', exact: true }).click();

    // While it waits: said, with the attempt and the wait (the last wait is core's longest, 8 s).
    const retrying = page.getByText(/^Trackops did not answer properly \(not something you did\): waiting/);
    await retrying.waitFor();
    await page.getByText(/waiting 8 s, then trying again \(attempt 5\)/).waitFor();
    await expect(retrying.textContent()).resolves.toContain('server error 500');
    await expect(page.getByText('Fetching 20 of 36…').count()).resolves.toBe(1);

    // Given up: the words, no bar, no file, Export offered again.
    const failed = page.getByText(/^Export failed: Trackops answered with a server error \(500\)/);
    await failed.waitFor({ timeout: 60_000 });
    const said = await failed.textContent();
    expect(said).toContain("a fault on Trackops' side, not in your filters or on your computer");
    expect(said).toContain(
      'The app asked 5 times, waiting longer each time, and got the same error every time.',
    );
    expect(said).toContain(
      'No file was saved: nothing was written to your computer, and a file saved before stays as it was.',
    );
    expect(said).toContain(
      'Try again in a few minutes; if it keeps failing, tell your Trackops administrator.',
    );
    expect(failedPage3).toBe(5);
    await expect(retrying.count()).resolves.toBe(0);
    await expect(page.getByRole('progressbar').count()).resolves.toBe(0);
    await expect(page.getByText(/^Fetching/).count()).resolves.toBe(0);
    await expect(page.getByRole('button', { name: 'Save the file' }).count()).resolves.toBe(0);
    await expect(page.getByRole('button', { name: 'Export', exact: true }).isEnabled()).resolves.toBe(true);
    // The header's dot says it too (it stayed green while the export gave up).
    await expect(page.locator('.connection-pill').textContent()).resolves.toContain(
      'Trackops answers with errors of its own (server errors): try again later',
    );
    await expect(page.locator('.connection-pill .dot.failing').count()).resolves.toBe(1);
    expect(session.pageErrors).toEqual([]);
  });
});
