/**
 * Every window-security decision of the desktop app, in one file, each setting written out with the
 * item of Electron's security checklist (https://www.electronjs.org/docs/latest/tutorial/security) it
 * serves. Nothing here imports electron: main.ts hands the real session and webContents in, and the
 * tests hand in recording fakes, so the settings are checked without an Electron binary.
 */

/** The renderer is served from this privileged custom scheme, never file:// (checklist 18: custom protocol over file://). */
export const APP_SCHEME = 'app';
export const APP_HOST = 'trackops';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

/**
 * Checklist 7: a Content-Security-Policy. Only the app's own scripts and styles; no inline script, no
 * eval, no remote anything; the browser mode talks to its own origin only (connect-src 'self').
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
  "object-src 'none'",
].join('; ');

/** Checklist 15: `shell.openExternal` only for these https origins (help pages); everything else is refused. */
export const EXTERNAL_ORIGIN_ALLOW_LIST = ['https://www.trackops.com', 'https://help.trackops.com'] as const;

export function isAllowedExternalUrl(raw: string): boolean {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return false;
  }
  return url.protocol === 'https:' && (EXTERNAL_ORIGIN_ALLOW_LIST as readonly string[]).includes(url.origin);
}

/** Checklist 17: validate the sender of every IPC message; only our own app page may call the bridge. */
export function isAppUrl(raw: string): boolean {
  try {
    const url = new URL(raw);
    return url.protocol === `${APP_SCHEME}:` && url.host === APP_HOST;
  } catch {
    return false;
  }
}

/** The webPreferences of every window. Each one is set explicitly, even where it is Electron's default. */
export function secureWebPreferences(preloadPath: string) {
  return {
    preload: preloadPath,
    // Checklist 3: context isolation, so the page cannot reach the preload's or Electron's objects.
    contextIsolation: true,
    // Checklist 4: the renderer process runs in Chromium's OS sandbox.
    sandbox: true,
    // Checklist 2: no Node.js in the page, its workers or its frames.
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    // Checklist 12: no <webview>, so no way to attach a guest with weaker preferences.
    webviewTag: false,
    // Checklist 5: keep the same-origin policy on.
    webSecurity: true,
    // Checklist 8: never run http content inside an https page.
    allowRunningInsecureContent: false,
    // Checklist 9 and 10: no experimental Chromium features, no Blink features turned on by name.
    experimentalFeatures: false,
    enableBlinkFeatures: '',
    // A file dropped on the window must not navigate it away from the app (checklist 13).
    navigateOnDragDrop: false,
    // Modal dialog spam from a page is cut short.
    safeDialogs: true,
    // No spell-check dictionary downloads from Google's servers (no remote content, checklist 1).
    spellcheck: false,
  } as const;
}

export function secureWindowOptions(preloadPath: string) {
  return {
    width: 1280,
    height: 860,
    minWidth: 960,
    minHeight: 640,
    title: 'Trackops Bulk',
    backgroundColor: '#f6f7f9',
    // Shown once the first paint is ready, so no white flash.
    show: false,
    webPreferences: secureWebPreferences(preloadPath),
  };
}

// ---------- the structural slices of Electron this file needs (real objects in main.ts, fakes in tests) ----------

interface NavigationEvent {
  preventDefault(): void;
}
export interface GuardableWebContents {
  on(
    event: 'will-navigate' | 'will-redirect',
    listener: (event: NavigationEvent, url: string) => void,
  ): unknown;
  on(event: 'will-attach-webview', listener: (event: NavigationEvent) => void): unknown;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }): void;
}
export interface GuardableSession {
  setPermissionRequestHandler(
    handler:
      ((webContents: unknown, permission: string, callback: (granted: boolean) => void) => void) | null,
  ): void;
  setPermissionCheckHandler(handler: ((webContents: unknown, permission: string) => boolean) | null): void;
  webRequest: {
    onHeadersReceived(
      listener: (
        details: { responseHeaders?: Record<string, string[]> },
        callback: (response: { responseHeaders: Record<string, string[]> }) => void,
      ) => void,
    ): void;
  };
}

/** Session-wide: deny every permission, add the CSP header to every response. */
export function hardenSession(session: GuardableSession): void {
  // Checklist 5/6: no camera, microphone, notifications, geolocation, clipboard-read… the app needs none.
  session.setPermissionRequestHandler((_webContents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  // Checklist 7: the CSP is sent as a header too, so it holds even for responses without the meta tag.
  session.webRequest.onHeadersReceived((details, callback) => {
    callback({
      responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] },
    });
  });
}

/** Per window: no navigation away from the app, no new windows, no webviews; allow-listed links open outside. */
export function hardenWebContents(contents: GuardableWebContents, openExternal: (url: string) => void): void {
  // Checklist 13: limit navigation (the app is one page; anything else is an attack or a dropped link).
  const stay = (event: NavigationEvent, url: string) => {
    if (!isAppUrl(url)) event.preventDefault();
  };
  contents.on('will-navigate', stay);
  contents.on('will-redirect', stay);
  // Checklist 12: no <webview> even if one is injected.
  contents.on('will-attach-webview', (event) => event.preventDefault());
  // Checklist 14 and 15: no new windows; an allow-listed https link opens in the user's browser instead.
  contents.setWindowOpenHandler(({ url }) => {
    if (isAllowedExternalUrl(url)) openExternal(url);
    return { action: 'deny' };
  });
}
