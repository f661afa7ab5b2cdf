/**
 * What every command that talks to an account sets up the same way: the pacer (--rate, else 20/s on
 * the built-in sandbox, else the import default), the API client, the account's reference data, and
 * how a failure while talking to the account becomes an exit code (CONTRACTS section 1).
 * Known vs Assumed (shared/API-NOTES.md): the API cannot read the account's settings (Require Client
 * Address/Phone); only what the connection was told is passed on, so an unknown rule stays unknown.
 */
import {
  createPacer,
  createTrackopsApi,
  DEFAULT_RATE_PER_SECOND,
  InputError,
  parseRate,
  referenceGaps,
  TrackopsBulkError,
  type AccountReference,
  type AccountSettings,
  type ApiEvent,
  type Pacer,
  type TrackopsApi,
  withApiBaseHint,
  wrongAddressError,
} from '../core/index.ts';
import type { CliIo } from './command.ts';
import type { OpenConnection } from './connection.ts';
import { EXIT } from './exit-codes.ts';

/** The built-in sandbox lives in this process (its own limit is 50/s): no account to protect, so no 1/s crawl. */
export const SANDBOX_RATE_PER_SECOND = 20;

/** --rate as requests per second; read before connecting, so a typo starts no sandbox and sends nothing. */
export function rateFlag(text: unknown): number | undefined {
  return typeof text === 'string' ? parseRate(text) : undefined;
}

export interface AccountSession {
  api: TrackopsApi;
  pacer: Pacer;
  reference: AccountReference;
  /** Only what the connection knows: an unknown account rule is a skipped check, not "off". */
  settings: Partial<AccountSettings>;
}

export interface SessionOptions {
  /** From rateFlag(); absent: SANDBOX_RATE_PER_SECOND on the built-in sandbox, else the import default. */
  ratePerSecond: number | undefined;
  /** Requests in flight at once (default 1: reads page one after another). */
  concurrency?: number;
  /** Cancels waiting for a pacing slot (import: the second Ctrl-C). */
  pacerSignal?: AbortSignal;
  onEvent?: (event: ApiEvent) => void;
  /** Cancels reading the reference data. */
  signal: AbortSignal;
  /** Told, in one line each, what the account did not give (a reference list) and which checks that costs. */
  warn?: (line: string) => void;
}

/** Paces and connects the API client, then reads the account's reference data (throws the client's errors). */
export async function openAccountSession(
  connection: OpenConnection,
  options: SessionOptions,
): Promise<AccountSession> {
  const pacer = createPacer({
    ratePerSecond:
      options.ratePerSecond ?? (connection.isSandbox ? SANDBOX_RATE_PER_SECOND : DEFAULT_RATE_PER_SECOND),
    concurrency: options.concurrency ?? 1,
    ...(options.pacerSignal ? { signal: options.pacerSignal } : {}),
  });
  const api = createTrackopsApi(connection.settings, {
    pacer,
    ...(options.onEvent ? { onEvent: options.onEvent } : {}),
  });
  // The first requests of the connection: 404 on every reference list most often means a base URL
  // without /api/v1; one list missing only turns off the checks that need it.
  const reference = await api.getReference(options.signal).catch((error: unknown) => {
    throw withApiBaseHint(error, connection.settings.baseUrl);
  });
  const wrongAddress = wrongAddressError(reference, connection.settings.baseUrl);
  if (wrongAddress) throw wrongAddress;
  for (const gap of referenceGaps(reference)) options.warn?.(gap);
  return { api, pacer, reference, settings: connection.settings.settings ?? {} };
}

/**
 * The API client's failures (refused credentials, network, server, throttling, unexpected answers):
 * exit 3. The user's input (InputError: file, mapping, flags) is exit 2 and not one of these.
 */
export function isConnectionFailure(error: unknown): error is TrackopsBulkError {
  return error instanceof TrackopsBulkError && !(error instanceof InputError);
}

/**
 * The exit code for an error met while talking to the account: 130 after Ctrl-C (printing
 * `interrupted` when given), 3 for a connection failure with one line `trackops-bulk: <say(reason)>`;
 * anything else (the user's input, a bug) is rethrown for main to report.
 */
export function exitForAccountFailure(
  io: CliIo,
  error: unknown,
  say: (reason: string) => string,
  interrupted?: string,
): number {
  if (io.signal.aborted) {
    if (interrupted) io.stderr.write(`${interrupted}\n`);
    return EXIT.interrupted;
  }
  if (!isConnectionFailure(error)) throw error;
  io.stderr.write(`trackops-bulk: ${say(error.message)}\n`);
  return EXIT.connection;
}
