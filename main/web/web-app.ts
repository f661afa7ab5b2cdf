/**
 * Browser mode assembled: the sandbox, the same app core as the desktop app, and the loopback HTTP
 * server in front of it. Used by `npm run web` and by the end-to-end tests.
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startSandbox, type RunningSandbox, type SandboxOptions } from '../../sandbox/index.ts';
import { createAppCore } from '../app-core.ts';
import { createCoreApi } from '../session/core-api.ts';
import { createDispatch } from '../bridge/dispatch.ts';
import { browserHostFiles } from '../handlers/host-files.ts';
import { FileTokenVault, MemoryTokenVault, plainTextCipher } from '../storage/token-vault.ts';
import { startWebServer } from './server.ts';

export const DEFAULT_STATIC_DIR = fileURLToPath(new URL('../../dist/renderer', import.meta.url));

export interface WebAppOptions {
  port?: number;
  /** Persist profiles, templates and tokens (0600 file) here; default: memory only. */
  dataDir?: string;
  staticDir?: string;
  sandbox?: SandboxOptions;
  log?: (error: unknown) => void;
  /** The app's clock (tests; see AppCoreOptions.now). */
  now?: () => Date;
  /** The zone of the date presets' calendar (tests; see AppCoreOptions.timeZone). */
  timeZone?: string;
  /** See AppCoreOptions.cachedCells. */
  cachedCells?: number;
  /** See AppCoreOptions.runLocksDir (tests: an account's journals apart from other apps'). */
  runLocksDir?: string;
}

export interface RunningWebApp {
  openUrl: string;
  origin: string;
  sandbox: RunningSandbox;
  close(): Promise<void>;
}

export async function startWebApp(options: WebAppOptions = {}): Promise<RunningWebApp> {
  const sandbox = await startSandbox({ port: 0, ...options.sandbox });
  const vault = options.dataDir
    ? new FileTokenVault(
        join(options.dataDir, 'tokens.json'),
        plainTextCipher,
        `Browser mode keeps tokens in ${join(options.dataDir, 'tokens.json')}, readable only by your user (mode 0600).`,
      )
    : new MemoryTokenVault();
  const core = createAppCore({
    dataDir: options.dataDir ?? null,
    vault,
    sandbox,
    host: browserHostFiles,
    tempDir: await mkdtemp(join(tmpdir(), 'trackops-web-')),
    createApi: createCoreApi,
    ...(options.log ? { log: options.log } : {}),
    ...(options.now ? { now: options.now } : {}),
    ...(options.timeZone ? { timeZone: options.timeZone } : {}),
    ...(options.cachedCells !== undefined ? { cachedCells: options.cachedCells } : {}),
    ...(options.runLocksDir ? { runLocksDir: options.runLocksDir } : {}),
  });
  let origin = '';
  const dispatch = createDispatch({
    handlers: core.handlers,
    // The server has checked the secret; the sender must still be the page's own origin.
    isTrustedSender: (senderUrl) => origin !== '' && senderUrl.startsWith(origin + '/'),
    log: options.log ?? ((error) => console.error(error)),
  });
  const server = await startWebServer({
    port: options.port ?? 0,
    dispatch,
    hub: core.hub,
    staticDir: options.staticDir ?? DEFAULT_STATIC_DIR,
  });
  origin = server.origin;
  return {
    openUrl: server.openUrl,
    origin: server.origin,
    sandbox,
    close: async () => {
      await server.close();
      await core.close();
      await sandbox.close();
    },
  };
}
