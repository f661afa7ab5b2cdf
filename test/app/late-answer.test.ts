/**
 * An answer belongs to the connection that gave it. Explored: Export opened on a profile whose address
 * did not resolve, then the user switched to the sandbox and counted there; 15 s later the first
 * profile's reference read gave up, its error replaced the sandbox's Export screen (filters, count and
 * all) and the header said the sandbox "could not be reached".
 *
 * Here the first profile is a real server on 127.0.0.1 that holds every request until the test lets it
 * answer (then refuses it, 401), so its answer comes late by construction, not by a timer: the
 * sandbox's Export screen and the header's status must stay as they are, and an export there works.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProfilesView } from '../../main/bridge/contract.ts';
import { openBrowserSession, type BrowserSession } from './browser-harness.ts';
import { callVerb } from './http-bridge.ts';

interface HeldServer {
  baseUrl: string;
  /** Requests it holds now. */
  readonly held: number;
  /** Answers every request held (and every later one) with a 401. */
  release(): void;
  close(): Promise<void>;
}

async function startHeldServer(): Promise<HeldServer> {
  const waiting: ServerResponse[] = [];
  let released = false;
  const refuse = (response: ServerResponse) =>
    response
      .writeHead(401, { 'Content-Type': 'application/json' })
      .end(JSON.stringify({ message: 'Invalid credentials' }));
  const server: Server = createServer((request: IncomingMessage, response: ServerResponse) => {
    request.resume();
    if (released) refuse(response);
    else waiting.push(response);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/api/v1`,
    get held() {
      return waiting.length;
    },
    release() {
      released = true;
      for (const response of waiting.splice(0)) refuse(response);
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

let session: BrowserSession;
let held: HeldServer;
let heldId: string;

beforeAll(async () => {
  session = await openBrowserSession({ log: () => {}, sandbox: { rate: 1000 } });
  held = await startHeldServer();
  const view = await callVerb<ProfilesView>(session.app, 'saveProfile', {
    name: 'Acme (late)',
    baseUrl: held.baseUrl,
    user: 'demo',
    token: 'not-a-real-token',
    settings: { require_client_address: false, require_client_phone: false },
    pace: { ratePerSecond: 50, concurrency: 1 },
  });
  heldId = view.activeId;
  await session.page.reload();
}, 120_000);
afterAll(async () => {
  await held?.close();
  await session?.close();
});

describe('a connection left behind answers late', { timeout: 60_000 }, () => {
  it("its error neither replaces the sandbox's Export screen nor marks the sandbox unreachable", async () => {
    const { page } = session;
    const header = page.locator('.connection-pill');

    // Export on the first profile: its reference read is held by the server.
    await page.getByRole('tab', { name: 'Export' }).click();
    await page.getByText('Loading…').waitFor();
    await expect.poll(() => held.held).toBeGreaterThan(0);

    // The user switches to the sandbox and counts there.
    await page.getByRole('tab', { name: 'Connection' }).click();
    await page.getByRole('button', { name: /^Built-in sandbox/ }).click();
    await page.getByRole('button', { name: /^Built-in sandbox.*in use/ }).waitFor();
    await page.getByRole('tab', { name: 'Export' }).click();
    await page.getByRole('heading', { name: 'Export case requests' }).waitFor();
    await page.getByRole('button', { name: 'Any date' }).click();
    await page.getByRole('button', { name: 'Count matching requests' }).click();
    await page.getByText('36 case requests match.').waitFor();
    await expect(header.textContent()).resolves.toContain('connected');

    // Now the first profile's read is refused; the renderer has its answer once this response is in.
    const stale = page.waitForResponse(
      (response) =>
        response.url().endsWith('/bridge/exportOptions') &&
        response.request().postData()?.includes(heldId) === true,
    );
    held.release();
    expect((await (await stale).json()) as { ok: boolean }).toMatchObject({ ok: false });

    // The sandbox's screen is as it was, and works: the count, the form, an export to the end.
    await page.getByRole('button', { name: 'Export', exact: true }).click();
    await page.getByText(/36 case requests are ready/).waitFor();
    await expect(page.getByText('36 case requests match.').count()).resolves.toBe(1);
    await expect(page.getByRole('button', { name: 'Any date' }).getAttribute('aria-pressed')).resolves.toBe(
      'true',
    );
    await expect(page.locator('.notice.error, [role=alert]').count()).resolves.toBe(0);
    await expect(page.getByText(/Invalid credentials|refused|could not be reached/).count()).resolves.toBe(0);
    await expect(header.textContent()).resolves.toContain('Practice sandbox: connected');
    expect(session.pageErrors).toEqual([]);
  });
});
