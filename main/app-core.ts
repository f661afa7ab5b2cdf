/**
 * Everything behind the bridge, host-neutral: stores, open files, runs, and the handlers. Electron
 * (main.ts) and browser mode (web/cli.ts) each build one with their own storage and file delivery and
 * put their own transport in front of the same handlers.
 */
import { mkdir, rm } from 'node:fs/promises';
import type { RunningSandbox } from '../sandbox/index.ts';
import type { BridgeHandlers } from './bridge/dispatch.ts';
import { filesHandlers } from './handlers/files-handlers.ts';
import type { HostFiles } from './handlers/host-files.ts';
import { profileHandlers } from './handlers/profile-handlers.ts';
import { Connections } from './session/connections.ts';
import { ProgressHub } from './session/progress-hub.ts';
import { SourceRegistry } from './session/sources.ts';
import { ProfileStore } from './storage/profiles.ts';
import { TemplateStore } from './storage/templates.ts';
import type { TokenVault } from './storage/token-vault.ts';

export interface AppCoreOptions {
  /** Where profiles and templates persist; null keeps them in memory (browser mode without --data-dir). */
  dataDir: string | null;
  vault: TokenVault;
  sandbox: RunningSandbox;
  host: HostFiles;
  /** Reports and exports are written here before they are handed to the user. */
  tempDir: string;
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
  const connections = new Connections(profiles, options.sandbox);
  const sources = new SourceRegistry();
  const templates = new TemplateStore(options.dataDir);
  const tempReady = mkdir(options.tempDir, { recursive: true });
  void connections;
  void tempReady;

  const handlers: BridgeHandlers = {
    ...profileHandlers(profiles),
    ...filesHandlers({ sources, templates, host: options.host }),
  };
  return {
    handlers,
    hub,
    close: async () => {
      await rm(options.tempDir, { recursive: true, force: true });
    },
  };
}
