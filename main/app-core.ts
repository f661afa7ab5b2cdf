/**
 * Everything behind the bridge, host-neutral: stores, open files, runs, and the handlers. Electron
 * (main.ts) and browser mode (web/cli.ts) each build one with their own storage and file delivery and
 * put their own transport in front of the same handlers.
 */
import { mkdir, rm } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { journalListsFolder, runLocksFolder, stampZonesFolder, type ConnectOptions } from '../core/index.ts';
import type { RunningSandbox } from '../sandbox/index.ts';
import type { BridgeHandlers } from './bridge/dispatch.ts';
import { connectionHandlers } from './handlers/connection-handlers.ts';
import { exportHandlers } from './handlers/export-handlers.ts';
import { dryRunHandlers } from './handlers/dry-run-handlers.ts';
import { filesHandlers } from './handlers/files-handlers.ts';
import { importHandlers } from './handlers/import-handlers.ts';
import { revertHandlers } from './handlers/revert-handlers.ts';
import { mappingHandlers } from './handlers/mapping-handlers.ts';
import type { HostFiles } from './handlers/host-files.ts';
import { profileHandlers } from './handlers/profile-handlers.ts';
import { AccountReadings } from './session/account-readings.ts';
import { Accounts, type ApiFactory } from './session/accounts.ts';
import { AccountRates } from './session/account-rates.ts';
import { Connections } from './session/connections.ts';
import { DryRuns } from './session/dry-runs.ts';
import { ImportRuns } from './session/import-runs.ts';
import { RevertRuns } from './session/revert-runs.ts';
import { ProgressHub } from './session/progress-hub.ts';
import { SourceRegistry } from './session/sources.ts';
import { ProfileStore } from './storage/profiles.ts';
import { TemplateStore } from './storage/templates.ts';
import { accountInUse, type PracticeAccount } from './session/journal-account.ts';
import type { TokenVault } from './storage/token-vault.ts';

export interface AppCoreOptions {
  /** Where profiles and templates persist; null keeps them in memory (browser mode without --data-dir). */
  dataDir: string | null;
  vault: TokenVault;
  sandbox: RunningSandbox;
  /** How journals name that sandbox's account, and whether it outlives this start (journal-account.ts). */
  practice: PracticeAccount;
  host: HostFiles;
  /** Reports and exports are written here before they are handed to the user. */
  tempDir: string;
  /** core's API client factory. */
  createApi: ApiFactory;
  log?: (error: unknown) => void;
  /** The app's clock (tests): date presets, export times, "Changed since my last export" windows. */
  now?: () => Date;
  /** The time zone whose calendar the date presets are on (tests); default this computer's. */
  timeZone?: string;
  /** The most cells of an open sheet kept in memory (main/session/sources.ts; tests set it low). */
  cachedCells?: number;
  /**
   * Where the locks of running imports live; default: the CLI's folder (core's runLocksFolder, from
   * this process's environment), so a CLI import and a send from the app cannot run at once.
   */
  runLocksDir?: string;
  /**
   * The pause before a failed read or update is tried again, by a send and by the profiles' clients
   * (dry runs, exports): core's back-off of 1, 2, 4 and 8 s between its five tries. Tests only: a run
   * that gives up on a server that is gone need not take 15 s of real time. The desktop app and
   * browser mode's command never set it, so a user's run always keeps core's back-off.
   */
  retrySleep?: ConnectOptions['retrySleep'];
  /**
   * How long Trackops is silent on a read outside a send's rows (the lists before a send or a dry run,
   * a dry run's check, an undo's reads) before the page says so: core's NOTICE_AFTER_MS (5 s). Tests
   * only, that hold an answer to read those words: the desktop app and browser mode's command never set
   * it, so a user always hears the silence at 5 s.
   */
  silenceNoticeAfterMs?: number;
}

export interface AppCore {
  handlers: BridgeHandlers;
  hub: ProgressHub;
  close(): Promise<void>;
}

export function createAppCore(options: AppCoreOptions): AppCore {
  const hub = new ProgressHub();
  const profiles = new ProfileStore(options.dataDir, options.vault, () => ({
    baseUrl: options.sandbox.baseUrl,
    user: options.sandbox.username,
    settings: options.sandbox.settings,
  }));
  const runLocksDir =
    options.runLocksDir ??
    runLocksFolder({ env: process.env, platform: process.platform, home: homedir(), cwd: process.cwd() });
  const connections = new Connections(profiles, options.sandbox, stampZonesFolder(runLocksDir));
  const sources = new SourceRegistry(
    options.cachedCells !== undefined ? { cachedCells: options.cachedCells } : {},
  );
  const templates = new TemplateStore(options.dataDir);
  const { retrySleep } = options;
  // One rate per account for every job running on it at once (reads, exports, sends, undos).
  const rates = new AccountRates();
  const accounts = new Accounts(
    connections,
    retrySleep
      ? (settings, pace, onEvent, _retrySleep, rateBucket) =>
          options.createApi(settings, pace, onEvent, retrySleep, rateBucket)
      : options.createApi,
    rates,
  );
  const log = options.log ?? ((error: unknown) => console.error(error));
  void mkdir(options.tempDir, { recursive: true });
  const dryRuns = new DryRuns(hub, log);
  const journalDir = join(options.dataDir ?? options.tempDir, 'journals');
  const imports = new ImportRuns(hub, journalDir, log, runLocksDir, rates, retrySleep);
  const reverts = new RevertRuns(hub, log, rates);
  const readings = new AccountReadings(hub, options.silenceNoticeAfterMs);
  const exports = exportHandlers({
    accounts,
    profiles,
    hub,
    host: options.host,
    tempDir: options.tempDir,
    log,
    ...(options.now ? { now: options.now } : {}),
    ...(options.timeZone ? { timeZone: options.timeZone } : {}),
  });

  const handlers: BridgeHandlers = {
    ...profileHandlers(profiles, accounts),
    ...connectionHandlers(accounts, profiles),
    ...filesHandlers({
      sources,
      templates,
      host: options.host,
      journalDir,
      sending: () => imports.activeJournals(),
      account: () => accountInUse(profiles, options.practice),
    }),
    exportOptions: exports.exportOptions,
    countExport: exports.countExport,
    startExport: exports.startExport,
    exportStatus: exports.exportStatus,
    cancelExport: exports.cancelExport,
    saveExport: exports.saveExport,
    ...mappingHandlers({ sources, accounts, templates }),
    ...dryRunHandlers({
      dryRuns,
      sources,
      accounts,
      host: options.host,
      tempDir: options.tempDir,
      journalDir,
      journalLists: journalListsFolder(runLocksDir),
      practice: options.practice,
      readings,
    }),
    ...importHandlers({
      dryRuns,
      imports,
      sources,
      accounts,
      host: options.host,
      tempDir: options.tempDir,
      practice: options.practice,
      readings,
    }),
    ...revertHandlers({
      dryRuns,
      imports,
      reverts,
      accounts,
      readings,
      host: options.host,
      tempDir: options.tempDir,
      practice: options.practice,
    }),
  };
  return {
    handlers,
    hub,
    close: async () => {
      exports.cancelAll();
      dryRuns.closeAll();
      // Sends stop with the window: each lets go of its journal and run lock before the app is gone.
      await imports.cancelAll().catch(log);
      await rm(options.tempDir, { recursive: true, force: true });
    },
  };
}
