/**
 * The sandbox: a local Trackops-compatible API for tests, demos and rehearsal runs (CONTRACTS section 4).
 * Hosts and tests import it from here; it is a host, not part of core.
 */
import type { AddressInfo } from 'node:net';
import type { AccountSettings } from '../core/account/reference.ts';
import type { StampZoneLearnt } from '../core/api/stamp-zone.ts';
import type { AccountFile } from './account-schema.ts';
import { parseAccountFile } from './account-schema.ts';
import { loadDemoAccount } from './demo-account.ts';
import { DialectSet, parseDialects } from './dialects/index.ts';
import { FaultPlan, parseFaultSpec } from './faults.ts';
import { AccountFileWriter, loadAccountFile, type LoadedAccount } from './persist.ts';
import { DEFAULT_RATE_PER_SECOND, parseRate, TokenBucket } from './rate-limit.ts';
import { API_PREFIX } from './routes.ts';
import { createSandboxServer } from './server.ts';
import { emptyStats, type FaultEvent, type RequestLogEntry, type SandboxStats } from './stats.ts';
import { AccountStore } from './store.ts';

export type { AccountFile, StoredCaseRequest } from './account-schema.ts';
export { accountFileSchema, parseAccountFile, AccountFileError } from './account-schema.ts';
export { changeLogPath, readAccountFile } from './persist.ts';
export { DEMO_ACCOUNT_PATH, loadDemoAccount } from './demo-account.ts';
export type { SandboxStats, FaultEvent, RequestLogEntry } from './stats.ts';
export { parseRate } from './rate-limit.ts';
export { parseFaultSpec } from './faults.ts';
export { DIALECTS, parseDialects } from './dialects/index.ts';

export interface SandboxOptions {
  /** 0 = any free port (default 0). */
  port?: number;
  /** Default '127.0.0.1'. */
  host?: string;
  /**
   * Load the account from here and write every change back (sandbox/README.md: a change log beside it, folded
   * into it moments after each change); created (from `account` or the demo) when missing.
   */
  dataFile?: string;
  /** What to tell the user when dataFile is not an account, naming how they chose it; default: point --data elsewhere. */
  dataFileRemedy?: string;
  /** Account to start from (tests); default samples/demo-account.json. With dataFile, used only when the file does not exist yet. */
  account?: AccountFile;
  /** Requests per second, or '10/s' / '600/min'; default 50/s. */
  rate?: number | string;
  /** 'latency=20-150ms,error5xx=0.05,throttle=0.05,drop-after-commit=0.05,seed=7' (each part optional). */
  faults?: string;
  /**
   * Dialects to answer in (sandbox/README.md), e.g. ['cap-25', 'strings'] or 'cap-25,strings'; added to
   * those the account file names in its `dialects`.
   */
  dialects?: string | readonly string[];
  /** The server's clock (default the real one): a fixed clock makes timestamps repeat across runs. */
  now?: () => Date;
  /**
   * Told when `dataFile` could not be brought up to date after a change (the change is safe in its log
   * beside it, tried again after the next change), and when it is up to date again.
   */
  onDataFileProblem?: (message: string) => void;
  /** Called after each request is answered or dropped (the CLI prints these on a terminal). */
  onRequest?: (entry: RequestLogEntry) => void;
}

/**
 * The zone the sandbox stamps in: UTC, as the reference says (its stamps and its Date headers come from
 * one clock). Hosts give it to the client (ConnectionSettings.knownStampZone), so the practice account's
 * exports and round trips do not start their windows 12 hours early as for an account not seen yet.
 */
export const SANDBOX_STAMP_ZONE: StampZoneLearnt = {
  offsetMinutes: 0,
  from: 'the built-in sandbox, which stamps in UTC',
  stamp: '',
  clock: '',
};

export interface RunningSandbox {
  /** 'http://127.0.0.1:PORT/api/v1' */
  baseUrl: string;
  port: number;
  /** The first credential's user name (the client sends `{username}/token`). */
  username: string;
  token: string;
  settings: AccountSettings;
  /** The dialects it answers in (empty: as API-NOTES assumes). */
  dialects: string[];
  stats(): SandboxStats;
  /** Injected faults in request order (empty without --faults). */
  faultLog(): FaultEvent[];
  /** Deep copy of the current state. */
  account(): AccountFile;
  close(): Promise<void>;
}

export async function startSandbox(options: SandboxOptions = {}): Promise<RunningSandbox> {
  const bucket = new TokenBucket(parseRate(options.rate ?? DEFAULT_RATE_PER_SECOND), Date.now());
  const faults = options.faults ? new FaultPlan(parseFaultSpec(options.faults)) : null;
  const given = options.account
    ? parseAccountFile(structuredClone(options.account), 'the account option')
    : null;
  let account: AccountFile;
  let loaded: LoadedAccount | null = null;
  if (options.dataFile) {
    loaded = await loadAccountFile(options.dataFile, options.dataFileRemedy);
    account = loaded?.account ?? given ?? (await loadDemoAccount());
  } else {
    account = given ?? (await loadDemoAccount());
  }
  const dialects = new DialectSet(
    parseDialects([
      ...(account.dialects ?? []),
      ...(typeof options.dialects === 'string' ? options.dialects.split(',') : (options.dialects ?? [])),
    ]),
  );
  const store = new AccountStore(account);
  const writer = options.dataFile
    ? new AccountFileWriter(options.dataFile, store, options.onDataFileProblem)
    : null;
  // A new file is seeded; a log a killed sandbox left is folded in, so the file is whole again.
  if (writer && (loaded === null || loaded.logFound)) await writer.fold();

  const stats = emptyStats();
  const faultLog: FaultEvent[] = [];
  const server = createSandboxServer({
    store,
    bucket,
    faults,
    writer,
    stats,
    faultLog,
    dialects,
    now: options.now ?? (() => new Date()),
    onRequest: options.onRequest,
  });
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const urlHost = host.includes(':') ? `[${host}]` : host;
  const [credential] = store.account.credentials;
  if (!credential) throw new Error('unreachable: the account schema requires at least one credential');

  return {
    baseUrl: `http://${urlHost}:${port}${API_PREFIX}`,
    port,
    username: credential.username,
    token: credential.token,
    settings: { ...store.account.settings },
    dialects: dialects.names,
    stats: () => structuredClone(stats),
    faultLog: () => structuredClone(faultLog),
    account: () => store.snapshot(),
    close: async () => {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      // Stopped cleanly: the file alone holds the account again, the log folded into it and removed.
      await writer?.close();
    },
  };
}
