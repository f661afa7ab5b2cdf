/**
 * Browser mode's server: serves the built renderer with the CSP, never a file outside it, and streams
 * progress events only to a caller holding the secret.
 */
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDispatch, type BridgeHandlers } from '../../main/bridge/dispatch.ts';
import { CONTENT_SECURITY_POLICY } from '../../main/security.ts';
import { ProgressHub } from '../../main/session/progress-hub.ts';
import { startWebServer, type RunningWebServer } from '../../main/web/server.ts';

function rawGet(
  origin: string,
  path: string,
  method = 'GET',
  headers: Record<string, string> = {},
): Promise<number> {
  const url = new URL(origin);
  return new Promise((resolve, reject) => {
    // A raw request, so "/../" reaches the server as sent (fetch would normalise it away).
    const req = request({ host: url.hostname, port: url.port, path, method, headers }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end();
  });
}

describe('browser mode web server', () => {
  let server: RunningWebServer;
  let secret: string;
  const hub = new ProgressHub();

  beforeAll(async () => {
    const root = await mkdtemp(join(tmpdir(), 'web-root-'));
    const staticDir = join(root, 'renderer');
    await mkdir(join(staticDir, 'assets'), { recursive: true });
    await writeFile(join(staticDir, 'index.html'), '<!doctype html><title>t</title>');
    await writeFile(join(staticDir, 'assets', 'app.js'), 'console.log(1)');
    await writeFile(join(root, 'outside.txt'), 'private');
    const dispatch = createDispatch({
      handlers: {} as BridgeHandlers,
      isTrustedSender: () => true,
      log: () => {},
    });
    server = await startWebServer({ dispatch, hub, staticDir });
    secret = new URL(server.openUrl).hash.replace('#secret=', '');
  });
  afterAll(() => server.close());

  it('prints a loopback link whose secret is in the fragment (never sent to a server) and 64 hex digits long', () => {
    expect(server.openUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/#secret=[0-9a-f]{64}$/);
  });

  it('serves the renderer with the content security policy', async () => {
    const response = await fetch(`${server.origin}/`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(response.headers.get('content-type')).toContain('text/html');
    const script = await fetch(`${server.origin}/assets/app.js`);
    expect(script.headers.get('content-type')).toContain('text/javascript');
  });

  it('never serves a file outside the renderer folder', async () => {
    expect(await rawGet(server.origin, '/../outside.txt')).toBe(404);
    expect(await rawGet(server.origin, '/%2e%2e/outside.txt')).toBe(404);
    expect(await rawGet(server.origin, '/nothing-here.js')).toBe(404);
  });

  it('answers a malformed %-escape with 400, not a server error (issue 17 point 11)', async () => {
    expect(await rawGet(server.origin, '/%E0%A4%A.js')).toBe(400);
    expect(await rawGet(server.origin, '/assets/%zz')).toBe(400);
    expect(await rawGet(server.origin, '/bridge/%E0%A4%A', 'POST', { 'X-Trackops-Secret': secret })).toBe(
      400,
    );
  });

  it('streams progress events to a caller with the secret, and refuses one without', async () => {
    const refused = await fetch(`${server.origin}/bridge/events`);
    expect(refused.status).toBe(401);

    const controller = new AbortController();
    const response = await fetch(`${server.origin}/bridge/events`, {
      headers: { 'X-Trackops-Secret': secret },
      signal: controller.signal,
    });
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
    let text = '';
    const event = {
      kind: 'export' as const,
      status: {
        jobId: 'j',
        profileId: 'sandbox',
        state: 'running' as const,
        phase: 'fetching' as const,
        written: 3,
        total: 10,
      },
    };
    setTimeout(() => hub.emit(event), 50);
    while (!text.includes('"jobId"')) {
      const { value, done } = await reader.read();
      if (done) break;
      text += value;
    }
    controller.abort();
    const data = text.split('\n').find((line) => line.startsWith('data: '));
    expect(JSON.parse(data!.slice(6))).toEqual(event);
  });
});
