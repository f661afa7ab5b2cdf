/**
 * The desktop window's security settings (Electron's checklist), tested on the objects main/security.ts
 * builds and hands to Electron, since the Electron binary cannot run here.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  APP_ENTRY_URL,
  CONTENT_SECURITY_POLICY,
  hardenSession,
  hardenWebContents,
  isAllowedExternalUrl,
  isAppUrl,
  secureWebPreferences,
  secureWindowOptions,
  type GuardableSession,
  type GuardableWebContents,
} from '../../main/security.ts';

describe('window webPreferences', () => {
  const prefs = secureWebPreferences('/app/preload.cjs');

  it('isolates the page from Node and Electron: contextIsolation, sandbox, no nodeIntegration anywhere, no webview', () => {
    expect(prefs).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webviewTag: false,
    });
  });

  it('keeps web security on and experimental features off', () => {
    expect(prefs).toMatchObject({
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      enableBlinkFeatures: '',
      navigateOnDragDrop: false,
    });
  });

  it('the window uses exactly these preferences and the given preload', () => {
    const options = secureWindowOptions('/app/preload.cjs');
    expect(options.webPreferences).toEqual(prefs);
    expect(options.webPreferences.preload).toBe('/app/preload.cjs');
  });
});

describe('content security policy', () => {
  it('allows only the app itself: no inline script, no eval, no remote origins', () => {
    expect(CONTENT_SECURITY_POLICY).toContain("default-src 'none'");
    expect(CONTENT_SECURITY_POLICY).toContain("script-src 'self'");
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-inline|unsafe-eval|https?:|\*/);
  });

  it('the page carries the same policy in its meta tag', () => {
    const html = readFileSync(new URL('../../renderer/index.html', import.meta.url), 'utf8');
    const meta = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html)?.[1];
    // frame-ancestors is ignored in a meta tag, so the header carries it alone.
    expect(meta).toBe(CONTENT_SECURITY_POLICY.replace("; frame-ancestors 'none'", ''));
  });

  it('every response of the session gets the CSP header', () => {
    const fake = fakeSession();
    hardenSession(fake.session);
    let headers: Record<string, string[]> = {};
    fake.onHeaders?.({ responseHeaders: { 'Content-Type': ['text/html'] } }, (response) => {
      headers = response.responseHeaders;
    });
    expect(headers['Content-Security-Policy']).toEqual([CONTENT_SECURITY_POLICY]);
    expect(headers['Content-Type']).toEqual(['text/html']);
  });
});

describe('permissions, navigation, new windows', () => {
  it('denies every permission request and check', () => {
    const fake = fakeSession();
    hardenSession(fake.session);
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal']) {
      let granted: boolean | null = null;
      fake.onRequest?.({}, permission, (answer) => {
        granted = answer;
      });
      expect(granted).toBe(false);
      expect(fake.onCheck?.({}, permission)).toBe(false);
    }
  });

  it('blocks navigation and redirects away from the app, allows the app itself', () => {
    const fake = fakeContents();
    hardenWebContents(fake.contents, () => {});
    for (const event of ['will-navigate', 'will-redirect'] as const) {
      expect(fake.navigate(event, 'https://evil.example/')).toBe(true);
      expect(fake.navigate(event, 'file:///etc/passwd')).toBe(true);
      expect(fake.navigate(event, 'app://elsewhere/index.html')).toBe(true);
      expect(fake.navigate(event, APP_ENTRY_URL)).toBe(false);
    }
  });

  it('refuses <webview> attachment', () => {
    const fake = fakeContents();
    hardenWebContents(fake.contents, () => {});
    expect(fake.attachWebview()).toBe(true);
  });

  it('denies every new window; only allow-listed https links open in the system browser', () => {
    const fake = fakeContents();
    const opened: string[] = [];
    hardenWebContents(fake.contents, (url) => opened.push(url));
    expect(fake.openWindow('https://help.trackops.com/article/1')).toEqual({ action: 'deny' });
    expect(fake.openWindow('http://help.trackops.com/article/1')).toEqual({ action: 'deny' });
    expect(fake.openWindow('https://evil.example/')).toEqual({ action: 'deny' });
    expect(fake.openWindow('file:///etc/passwd')).toEqual({ action: 'deny' });
    expect(opened).toEqual(['https://help.trackops.com/article/1']);
  });

  it('openExternal allow-list: https and listed origins only', () => {
    expect(isAllowedExternalUrl('https://www.trackops.com/pricing')).toBe(true);
    expect(isAllowedExternalUrl('https://www.trackops.com.evil.example/')).toBe(false);
    expect(isAllowedExternalUrl('javascript:alert(1)')).toBe(false);
    expect(isAllowedExternalUrl('not a url')).toBe(false);
  });

  it('only the app page is a trusted IPC sender', () => {
    expect(isAppUrl(APP_ENTRY_URL)).toBe(true);
    expect(isAppUrl('https://trackops/index.html')).toBe(false);
    expect(isAppUrl('file:///app/index.html')).toBe(false);
    expect(isAppUrl('')).toBe(false);
  });
});

describe('electron fuses in electron-builder.yml', () => {
  const yml = readFileSync(new URL('../../electron-builder.yml', import.meta.url), 'utf8');
  const fuse = (name: string) => new RegExp(`^\\s+${name}:\\s*(true|false)\\s*$`, 'm').exec(yml)?.[1];

  it('turns off run-as-node, NODE_OPTIONS and --inspect; turns on asar integrity and asar-only loading', () => {
    expect(yml).toMatch(/^electronFuses:/m);
    expect(fuse('runAsNode')).toBe('false');
    expect(fuse('enableNodeOptionsEnvironmentVariable')).toBe('false');
    expect(fuse('enableNodeCliInspectArguments')).toBe('false');
    expect(fuse('enableEmbeddedAsarIntegrityValidation')).toBe('true');
    expect(fuse('onlyLoadAppFromAsar')).toBe('true');
    expect(fuse('enableCookieEncryption')).toBe('true');
    expect(fuse('grantFileProtocolExtraPrivileges')).toBe('false');
  });
});

function fakeSession() {
  const fake: {
    session: GuardableSession;
    onRequest?: (webContents: unknown, permission: string, callback: (granted: boolean) => void) => void;
    onCheck?: (webContents: unknown, permission: string) => boolean;
    onHeaders?: Parameters<GuardableSession['webRequest']['onHeadersReceived']>[0];
  } = {
    session: {
      setPermissionRequestHandler: (handler) => {
        fake.onRequest = handler ?? undefined;
      },
      setPermissionCheckHandler: (handler) => {
        fake.onCheck = handler ?? undefined;
      },
      webRequest: {
        onHeadersReceived: (listener) => {
          fake.onHeaders = listener;
        },
      },
    },
  };
  return fake;
}

function fakeContents() {
  const listeners = new Map<string, (event: { preventDefault(): void }, url: string) => void>();
  let openHandler: (details: { url: string }) => { action: 'deny' } = () => ({ action: 'deny' });
  const contents = {
    on(event: string, listener: (event: { preventDefault(): void }, url: string) => void) {
      listeners.set(event, listener);
      return contents;
    },
    setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }) {
      openHandler = handler;
    },
  } as unknown as GuardableWebContents;
  const fire = (name: string, url = '') => {
    let prevented = false;
    listeners.get(name)?.({ preventDefault: () => (prevented = true) }, url);
    return prevented;
  };
  return {
    contents,
    navigate: (event: 'will-navigate' | 'will-redirect', url: string) => fire(event, url),
    attachWebview: () => fire('will-attach-webview'),
    openWindow: (url: string) => openHandler({ url }),
  };
}
