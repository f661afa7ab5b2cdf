/**
 * Browser mode's server: serves the built renderer with the CSP, never a file outside it, and streams
 * progress events only to a caller holding the secret, numbered, and a reconnecting caller gets the
 * events it missed (a dry run's or a send's last word was lost in the 1 s before a dropped stream came
 * back); every answer says how many events came before it (progress-hub.ts).
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
    // As vite names what it builds: the name changes with the content.
    await writeFile(join(staticDir, 'assets', 'index-D4t33vsI.js'), 'console.log(2)');
    await writeFile(join(staticDir, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
    await writeFile(join(root, 'outside.txt'), 'private');
    const dispatch = createDispatch({
      handlers: {
        // A handler during which a send emits: the answer still says 0 events came before it.
        pauseImport: async () => {
          hub.emit(exportEvent('during-pause'));
          return {} as never;
        },
      } as unknown as BridgeHandlers,
      isTrustedSender: () => true,
      log: () => {},
      eventSeq: () => hub.seq,
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

  it('lets the browser keep a built file whose name carries its content hash, and nothing else', async () => {
    // A reload (or the next launch's page) then reuses the 500 kB bundle instead of fetching and
    // compiling it again; a new build has new names, which index.html (never kept) points to.
    const hashed = await fetch(`${server.origin}/assets/index-D4t33vsI.js`);
    expect(hashed.status).toBe(200);
    expect(hashed.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    for (const path of ['/', '/index.html', '/assets/app.js', '/favicon.svg']) {
      const response = await fetch(`${server.origin}${path}`);
      expect([path, response.status, response.headers.get('cache-control')]).toEqual([path, 200, 'no-store']);
    }
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

  it('streams numbered progress events to a caller with the secret, refuses one without, and replays what a reconnecting caller missed', async () => {
    const refused = await fetch(`${server.origin}/bridge/events`);
    expect(refused.status).toBe(401);

    const first = await openStream('');
    expect(first.headers.get('content-type')).toContain('text/event-stream');
    // The opening says where the numbering stands, so a later reconnection can ask from there.
    await first.until(/: connected\nid: 0\n\n/);
    setTimeout(() => hub.emit(exportEvent('j1')), 50);
    const one = await first.until(/"jobId":"j1"/);
    expect(one).toContain('id: 1\n');
    expect(JSON.parse(dataLines(one)[0]!)).toEqual({ ...exportEvent('j1'), seq: 1 });
    first.close();

    // Emitted while no stream was open: a stream reconnecting after event 1 gets 2 and 3, in order,
    // then new ones; a fresh stream gets only new ones.
    hub.emit(exportEvent('j2'));
    hub.emit(exportEvent('j3'));
    const again = await openStream('?after=1');
    const fresh = await openStream('');
    setTimeout(() => hub.emit(exportEvent('j4')), 50);
    const replayed = await again.until(/"jobId":"j4"/);
    expect(dataLines(replayed).map((line) => JSON.parse(line).status.jobId)).toEqual(['j2', 'j3', 'j4']);
    const newOnly = await fresh.until(/"jobId":"j4"/);
    expect(dataLines(newOnly).map((line) => JSON.parse(line).seq)).toEqual([4]);
    again.close();
    fresh.close();
  });

  it('tells each answer the number of events emitted before its handler ran', async () => {
    const response = await fetch(`${server.origin}/bridge/pauseImport`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Trackops-Secret': secret },
      body: JSON.stringify({ runId: 'r' }),
    });
    const before = hub.seq - 1;
    // Emitted while the handler ran: newer than the answer, which must not claim otherwise.
    await expect(response.json()).resolves.toMatchObject({ ok: true, eventsBefore: before });
  });

  function exportEvent(jobId: string) {
    return {
      kind: 'export' as const,
      status: {
        jobId,
        profileId: 'sandbox',
        state: 'running' as const,
        phase: 'fetching' as const,
        written: 3,
        total: 10,
      },
    };
  }

  async function openStream(query: string) {
    const controller = new AbortController();
    const response = await fetch(`${server.origin}/bridge/events${query}`, {
      headers: { 'X-Trackops-Secret': secret },
      signal: controller.signal,
    });
    const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
    let text = '';
    return {
      headers: response.headers,
      /** Everything read until `pattern` shows. */
      async until(pattern: RegExp): Promise<string> {
        while (!pattern.test(text)) {
          const { value, done } = await reader.read();
          if (done) break;
          text += value;
        }
        return text;
      },
      close: () => controller.abort(),
    };
  }
});

function dataLines(text: string): string[] {
  return text
    .split('\n')
    .filter((line) => line.startsWith('data: '))
    .map((line) => line.slice(6));
}
