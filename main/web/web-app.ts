/**
 * Browser mode assembled: the sandbox, the same app core as the desktop app, and the loopback HTTP
 * server in front of it. Used by `npm run web` and by the end-to-end tests.
 */
import { randomUUID } from 'node:crypto';
import { mkdir, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startSandbox, type RunningSandbox, type SandboxOptions } from '../../sandbox/index.ts';
import { createAppCore, type AppCoreOptions } from '../app-core.ts';
import { createCoreApi } from '../session/core-api.ts';
import { createDispatch } from '../bridge/dispatch.ts';
import { browserHostFiles } from '../handlers/host-files.ts';
import { FileTokenVault, MemoryTokenVault, plainTextCipher } from '../storage/token-vault.ts';
import type { PracticeAccount } from '../session/journal-account.ts';
import { startWebServer } from './server.ts';

export const DEFAULT_STATIC_DIR = fileURLToPath(new URL('../../dist/renderer', import.meta.url));

export interface WebAppOptions {
  port?: number;
  /**
   * Persist profiles, templates, tokens (0600 file), journals and the built-in sandbox's account
   * (`sandbox-account.json`) here; default: memory only, for this start.
   */
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
  /** See AppCoreOptions.retrySleep (tests only: browser mode's command never sets it). */
  retrySleep?: AppCoreOptions['retrySleep'];
  /** See AppCoreOptions.silenceNoticeAfterMs (tests only: browser mode's command never sets it). */
  silenceNoticeAfterMs?: number;
}

export interface RunningWebApp {
  openUrl: string;
  origin: string;
  sandbox: RunningSandbox;
  close(): Promise<void>;
}

/**
 * The built-in sandbox of this start and how journals name it. Its journals are recorded in lists the
 * CLI and every start of the app share, so the name must be one account's alone (explore 30 item 2: each
 * start's fresh in-memory sandbox was recorded as one "built-in sandbox (the app)", so a later start
 * read an earlier start's sends as its own: rows "already sent" that its sandbox never held).
 *
 * With --data-dir the clerk chose to keep their work: profiles, templates and the sends' journals (and
 * "Changed since my last export") are kept there and all speak of the practice account's requests, so
 * the account is kept there too, as the desktop app keeps it in its user-data folder, and named by its
 * file. Without it nothing outlives the start (journals live in a temporary folder), so the sandbox is
 * a new account at each start, named so, and its journals are not remembered for later runs.
 */
async function practiceSandbox(
  options: WebAppOptions,
): Promise<{ sandbox: RunningSandbox; practice: PracticeAccount }> {
  const dataFile =
    options.sandbox?.dataFile ??
    (options.dataDir ? join(options.dataDir, 'sandbox-account.json') : undefined);
  if (dataFile === undefined) {
    const sandbox = await startSandbox({ port: 0, ...options.sandbox });
    const started = new Date().toISOString();
    const key = `built-in sandbox (browser mode, this start only: ${started} ${randomUUID()})`;
    return { sandbox, practice: { key, kept: false } };
  }
  await mkdir(dirname(dataFile), { recursive: true });
  const sandbox = await startSandbox({
    port: 0,
    dataFileRemedy:
      'this is the practice account only, not a real one: stop npm run web and rename or delete that file, and the practice account starts afresh',
    ...options.sandbox,
    dataFile,
  });
  return { sandbox, practice: { key: `built-in sandbox ${dataFile}`, kept: true } };
}

export async function startWebApp(options: WebAppOptions = {}): Promise<RunningWebApp> {
  const { sandbox, practice } = await practiceSandbox(options);
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
    practice,
    host: browserHostFiles,
    tempDir: await mkdtemp(join(tmpdir(), 'trackops-web-')),
    createApi: createCoreApi,
    ...(options.log ? { log: options.log } : {}),
    ...(options.now ? { now: options.now } : {}),
    ...(options.timeZone ? { timeZone: options.timeZone } : {}),
    ...(options.cachedCells !== undefined ? { cachedCells: options.cachedCells } : {}),
    ...(options.runLocksDir ? { runLocksDir: options.runLocksDir } : {}),
    ...(options.retrySleep ? { retrySleep: options.retrySleep } : {}),
    ...(options.silenceNoticeAfterMs !== undefined
      ? { silenceNoticeAfterMs: options.silenceNoticeAfterMs }
      : {}),
  });
  let origin = '';
  const dispatch = createDispatch({
    handlers: core.handlers,
    eventSeq: () => core.hub.seq,
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
