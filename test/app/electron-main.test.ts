/**
 * main.ts against a recording stand-in for Electron (its binary cannot run here): the window is created
 * with exactly the secure preferences and the preload, the page loads from app://trackops, every verb
 * has an IPC handler that checks the sender's frame, the app:// protocol serves only the renderer
 * folder, and the session and every web contents are hardened.
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { BRIDGE_VERBS, channelOf } from '../../main/bridge/contract.ts';
import { APP_ENTRY_URL, CONTENT_SECURITY_POLICY, secureWebPreferences } from '../../main/security.ts';

const recorded = vi.hoisted(() => ({
  userData: '',
  windows: [] as { options: Record<string, unknown>; loaded: string[]; sent: unknown[] }[],
  handlers: new Map<string, (event: unknown, payload: unknown) => Promise<unknown>>(),
  protocolHandler: null as null | ((request: Request) => Promise<Response> | Response),
  schemes: [] as unknown[],
  appEvents: new Map<string, (...args: unknown[]) => void>(),
  sessionHardened: { permissions: false, headers: false },
  sandboxEnabled: false,
  quit: false,
}));

vi.mock('electron', async () => {
  const { readFile: read } = await import('node:fs/promises');
  const { fileURLToPath: toPath } = await import('node:url');
  class BrowserWindow {
    webContents: { send: (channel: string, payload: unknown) => void };
    #record: { options: Record<string, unknown>; loaded: string[]; sent: unknown[] };
    constructor(options: Record<string, unknown>) {
      this.#record = { options, loaded: [], sent: [] };
      recorded.windows.push(this.#record);
      this.webContents = { send: (_channel, payload) => this.#record.sent.push(payload) };
    }
    once() {}
    on() {}
    show() {}
    async loadURL(url: string) {
      this.#record.loaded.push(url);
    }
  }
  return {
    app: {
      enableSandbox: () => (recorded.sandboxEnabled = true),
      whenReady: async () => {},
      getPath: (name: string) => (name === 'userData' ? recorded.userData : join(recorded.userData, name)),
      on: (event: string, listener: (...args: unknown[]) => void) => recorded.appEvents.set(event, listener),
      quit: () => (recorded.quit = true),
      exit: () => {},
    },
    BrowserWindow,
    dialog: { showErrorBox: (_title: string, message: string) => console.error(message) },
    ipcMain: {
      handle: (channel: string, handler: (event: unknown, payload: unknown) => Promise<unknown>) =>
        recorded.handlers.set(channel, handler),
    },
    net: { fetch: async (url: string) => new Response(await read(toPath(url))) },
    protocol: {
      registerSchemesAsPrivileged: (schemes: unknown[]) => recorded.schemes.push(...schemes),
      handle: (_scheme: string, handler: (request: Request) => Response) =>
        (recorded.protocolHandler = handler),
    },
    safeStorage: { isEncryptionAvailable: () => false },
    session: {
      defaultSession: {
        setPermissionRequestHandler: () => (recorded.sessionHardened.permissions = true),
        setPermissionCheckHandler: () => {},
        webRequest: { onHeadersReceived: () => (recorded.sessionHardened.headers = true) },
      },
    },
    shell: { openExternal: async () => {} },
  };
});

describe('Electron main process', () => {
  beforeAll(async () => {
    recorded.userData = await mkdtemp(join(tmpdir(), 'trackops-electron-'));
    await import('../../main/main.ts');
    for (let tries = 0; tries < 200 && recorded.windows[0]?.loaded.length !== 1; tries++) {
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    // The whole app is compiled on this import, and a CI run starts this file first, beside three
    // others compiling theirs, with a cold cache: 30 s ran out once on a loaded 2-core machine.
  }, 120_000);
  afterAll(async () => {
    recorded.appEvents.get('window-all-closed')?.();
    for (let tries = 0; tries < 200 && !recorded.quit; tries++)
      await new Promise((resolve) => setTimeout(resolve, 25));
    // Closing the last window stops the runs and the sandbox, then quits.
    expect(recorded.quit).toBe(true);
  });

  it('sandboxes every renderer and registers app:// as a secure standard scheme before ready', () => {
    expect(recorded.sandboxEnabled).toBe(true);
    expect(recorded.schemes).toEqual([
      { scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } },
    ]);
  });

  it('creates one window with the secure preferences and the bundled preload, loading app://trackops', () => {
    expect(recorded.windows).toHaveLength(1);
    const options = recorded.windows[0]!.options as { webPreferences: Record<string, unknown> };
    const preload = fileURLToPath(new URL('../../main/preload.cjs', import.meta.url));
    expect(options.webPreferences).toEqual(secureWebPreferences(preload));
    expect(recorded.windows[0]!.loaded).toEqual([APP_ENTRY_URL]);
  });

  it('hardens the session (permissions denied, CSP header) and every new web contents', () => {
    expect(recorded.sessionHardened).toEqual({ permissions: true, headers: true });
    expect(recorded.appEvents.has('web-contents-created')).toBe(true);
  });

  it('has an IPC handler for every verb, answering the app page and refusing any other sender', async () => {
    expect([...recorded.handlers.keys()].sort()).toEqual(BRIDGE_VERBS.map(channelOf).sort());
    const list = recorded.handlers.get(channelOf('listProfiles'))!;
    const fromApp = (await list({ senderFrame: { url: APP_ENTRY_URL } }, {})) as {
      ok: boolean;
      value: { activeId: string };
    };
    expect(fromApp).toMatchObject({ ok: true, value: { activeId: 'sandbox' } });
    const fromElsewhere = await list({ senderFrame: { url: 'https://evil.example/' } }, {});
    expect(fromElsewhere).toMatchObject({ ok: false, error: { code: 'untrusted_sender' } });
    const noFrame = await list({ senderFrame: null }, {});
    expect(noFrame).toMatchObject({ ok: false, error: { code: 'untrusted_sender' } });
  });

  it('serves the renderer over app:// and nothing outside its folder', async () => {
    const serve = recorded.protocolHandler!;
    const index = await serve(new Request('app://trackops/index.html'));
    expect(await index.text()).toContain(CONTENT_SECURITY_POLICY.split(';')[0]);
    expect((await serve(new Request('app://trackops/..%2F..%2Fpackage.json'))).status).toBe(404);
    expect((await serve(new Request('app://elsewhere/index.html'))).status).toBe(404);
  });
});
