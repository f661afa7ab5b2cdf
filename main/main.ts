/**
 * The Electron main process: one window, the renderer served from app://trackops, the bridge handlers
 * behind IPC, the built-in sandbox started for the practice profile. Security settings live in
 * security.ts; this file only applies them. Build with `npm run build`, run with `npm start`.
 */
import { app, BrowserWindow, dialog, ipcMain, net, protocol, safeStorage, session, shell } from 'electron';
import { readFile } from 'node:fs/promises';
import { basename, dirname, join, normalize, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { writeFileAtomic } from '../core/index.ts';
import { startSandbox } from '../sandbox/index.ts';
import { createAppCore } from './app-core.ts';
import { createCoreApi } from './session/core-api.ts';
import { BRIDGE_VERBS, channelOf, PROGRESS_CHANNEL } from './bridge/contract.ts';
import { createDispatch } from './bridge/dispatch.ts';
import { editedRoundTripWords, type HostFiles } from './handlers/host-files.ts';
import {
  APP_ENTRY_URL,
  APP_HOST,
  APP_SCHEME,
  hardenSession,
  hardenWebContents,
  isAllowedExternalUrl,
  isAppUrl,
  secureWindowOptions,
} from './security.ts';
import { FileTokenVault, MemoryTokenVault, type TokenVault } from './storage/token-vault.ts';
import { DESKTOP_PRACTICE_ACCOUNT } from './session/journal-account.ts';

const here = dirname(fileURLToPath(import.meta.url));
const rendererDir = join(here, '..', 'renderer');

// Checklist 4: every renderer is sandboxed, including any a future change might create without the flag.
app.enableSandbox();

// Checklist 18: a privileged standard scheme instead of file://, registered before the app is ready.
protocol.registerSchemesAsPrivileged([
  { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
]);

function tokenVault(userData: string): TokenVault {
  if (!safeStorage.isEncryptionAvailable()) return new MemoryTokenVault();
  return new FileTokenVault(
    join(userData, 'tokens.json'),
    {
      encrypt: (token) => safeStorage.encryptString(token).toString('base64'),
      decrypt: (stored) => safeStorage.decryptString(Buffer.from(stored, 'base64')),
    },
    'Tokens are encrypted with your operating system’s secure storage and never shown again.',
  );
}

function electronHostFiles(window: () => BrowserWindow | null): HostFiles {
  return {
    async pickSource() {
      const owner = window();
      const options = {
        title: 'Choose the referral file',
        properties: ['openFile' as const],
        filters: [
          { name: 'Spreadsheets', extensions: ['xlsx', 'csv', 'tsv', 'txt'] },
          { name: 'All files', extensions: ['*'] },
        ],
      };
      const picked = owner
        ? await dialog.showOpenDialog(owner, options)
        : await dialog.showOpenDialog(options);
      const path = picked.filePaths[0];
      if (picked.canceled || !path) return null;
      return { name: basename(path), bytes: await readFile(path) };
    },
    async deliver(file) {
      const owner = window();
      const options = {
        title: 'Save',
        defaultPath: join(app.getPath('documents'), file.fileName),
        // Linux asks before replacing a file only when told to (macOS and Windows always ask).
        properties: ['showOverwriteConfirmation' as const],
      };
      const chosen = owner
        ? await dialog.showSaveDialog(owner, options)
        : await dialog.showSaveDialog(options);
      if (chosen.canceled || !chosen.filePath) return { kind: 'cancelled' };
      // A round-trip file holding edits is not replaced on the dialog's generic question alone.
      const edited = await editedRoundTripWords(chosen.filePath);
      if (edited) {
        const asked = {
          type: 'warning' as const,
          message: 'Replace a round-trip file holding edits?',
          detail: edited,
          buttons: ['Cancel', 'Replace it'],
          defaultId: 0,
          cancelId: 0,
        };
        const answer = owner ? await dialog.showMessageBox(owner, asked) : await dialog.showMessageBox(asked);
        if (answer.response !== 1) return { kind: 'cancelled' };
      }
      // Atomically: a save over an existing file never leaves half a report where the old one was.
      await writeFileAtomic(chosen.filePath, await readFile(file.path));
      return { kind: 'saved', path: chosen.filePath };
    },
  };
}

async function start(): Promise<void> {
  await app.whenReady();
  hardenSession(session.defaultSession);
  app.on('web-contents-created', (_event, contents) => {
    hardenWebContents(contents, (url) => {
      if (isAllowedExternalUrl(url)) void shell.openExternal(url);
    });
  });

  // Serve only files inside the built renderer; anything else is a 404.
  protocol.handle(APP_SCHEME, async (request) => {
    const url = new URL(request.url);
    if (url.host !== APP_HOST) return new Response('Not found', { status: 404 });
    const file = normalize(
      join(rendererDir, decodeURIComponent(url.pathname === '/' ? '/index.html' : url.pathname)),
    );
    if (!file.startsWith(rendererDir + sep)) return new Response('Not found', { status: 404 });
    return net.fetch(pathToFileURL(file).toString());
  });

  const userData = app.getPath('userData');
  // The practice account persists in the user-data folder so work done in it survives a restart.
  const sandbox = await startSandbox({
    port: 0,
    dataFile: join(userData, 'sandbox-account.json'),
    // Said in the "could not start" box: the app has no --data flag to point elsewhere.
    dataFileRemedy:
      'this is the practice account only, not a real one: close Trackops Bulk and rename or delete that file, and the practice account starts afresh',
  });
  let mainWindow: BrowserWindow | null = null;
  const core = createAppCore({
    dataDir: userData,
    vault: tokenVault(userData),
    sandbox,
    // Kept in the user-data folder, so one practice account from start to start.
    practice: DESKTOP_PRACTICE_ACCOUNT,
    host: electronHostFiles(() => mainWindow),
    tempDir: join(app.getPath('temp'), 'trackops-bulk'),
    createApi: createCoreApi,
  });
  const dispatch = createDispatch({
    handlers: core.handlers,
    eventSeq: () => core.hub.seq,
    isTrustedSender: isAppUrl,
    log: (error) => console.error(error),
  });
  for (const verb of BRIDGE_VERBS) {
    ipcMain.handle(channelOf(verb), (event, payload: unknown) =>
      dispatch(verb, payload, event.senderFrame?.url ?? ''),
    );
  }
  core.hub.subscribe((progress) => mainWindow?.webContents.send(PROGRESS_CHANNEL, progress));

  mainWindow = new BrowserWindow(secureWindowOptions(join(here, 'preload.cjs')));
  mainWindow.once('ready-to-show', () => mainWindow?.show());
  mainWindow.on('closed', () => {
    mainWindow = null;
  });
  await mainWindow.loadURL(APP_ENTRY_URL);

  app.on('window-all-closed', () => {
    void core.close().finally(() => sandbox.close().finally(() => app.quit()));
  });
}

start().catch((error: unknown) => {
  dialog.showErrorBox(
    'Trackops Bulk could not start',
    error instanceof Error ? error.message : String(error),
  );
  app.exit(1);
});
