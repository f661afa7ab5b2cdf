/**
 * What every command that talks to an account sets up the same way: core's openAccount (pacer, client,
 * reference data) at --rate, else core's default for the connection, and how a failure while talking
 * to the account becomes an exit code (CONTRACTS section 1).
 * Known vs Assumed (shared/API-NOTES.md): the API cannot read the account's settings (Require Client
 * Address/Phone); only what the connection was told is passed on, so an unknown rule stays unknown.
 */
import { defaultRate, openAccount, type OpenAccount } from '../core/account/open-account.ts';
import { IncompleteListingError } from '../core/api/list-all.ts';
import { CountUnsupportedError } from '../core/api/errors.ts';
import { InputError, TrackopsBulkError } from '../core/errors.ts';
import { parseRate } from '../core/pace/pacer.ts';
import { DiskFullError } from '../core/files/disk-full.ts';
import type { ApiEvent } from '../core/api/events.ts';
import type { CliIo } from './command.ts';
import type { OpenConnection } from './connection.ts';
import { EXIT } from './exit-codes.ts';
import { waitNotice } from './wait-notice.ts';

/** --rate as requests per second; read before connecting, so a typo starts no sandbox and sends nothing. */
export function rateFlag(text: unknown): number | undefined {
  return typeof text === 'string' ? parseRate(text) : undefined;
}

export type AccountSession = OpenAccount;

export interface SessionOptions {
  /** From rateFlag(); absent: core's default for the connection (the built-in sandbox's, else 1/s). */
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
  /**
   * Where a long wait is said when stderr is not a terminal (cli/wait-notice.ts), and for which command;
   * not a retry while `retriesSaidElsewhere()` (an import's send: core's progress says it).
   */
  waits?: { stderr: CliIo['stderr']; command: string; retriesSaidElsewhere?: () => boolean };
}

/** core's openAccount on the connection the flags named, at the --rate asked for. */
export function openAccountSession(
  connection: OpenConnection,
  options: SessionOptions,
): Promise<AccountSession> {
  const { ratePerSecond, concurrency, waits, onEvent, ...rest } = options;
  const pace = {
    ratePerSecond: ratePerSecond ?? defaultRate(connection.isSandbox),
    concurrency: concurrency ?? 1,
  };
  const notice = waits
    ? waitNotice(waits.stderr, waits.command, Date.now, waits.retriesSaidElsewhere)
    : undefined;
  const events =
    notice && onEvent
      ? (event: ApiEvent) => {
          onEvent(event);
          notice(event);
        }
      : (notice ?? onEvent);
  const testWait = connection.testRetryWait;
  return openAccount(connection.settings, {
    pace,
    ...rest,
    ...(events ? { onEvent: testWait ? testWait.told(events) : events } : {}),
    ...(testWait ? { retrySleep: testWait.sleep } : {}),
  });
}

/**
 * The API client's failures (refused credentials, network, server, throttling, unexpected answers):
 * exit 3. The user's input (InputError: file, mapping, flags) is exit 2 and not one of these.
 */
export function isConnectionFailure(error: unknown): error is TrackopsBulkError {
  // A full disk is this machine's, not the connection's (explore 10 item 2: it said exit 3).
  return (
    error instanceof TrackopsBulkError && !(error instanceof InputError) && !(error instanceof DiskFullError)
  );
}

/**
 * A listing the server's own answers contradict (its pages and its count disagree, or its pages repeat
 * themselves), or one it cannot show complete (it has no count): the connection works, and trying again
 * will not help. Not a connection failure (exit 3): exit 1, the code CONTRACTS gives to work not done as
 * asked, with what was found said in words.
 */
export function isUntrustedListing(error: unknown): error is IncompleteListingError | CountUnsupportedError {
  return error instanceof IncompleteListingError || error instanceof CountUnsupportedError;
}

/**
 * The exit code for an error met while talking to the account: 130 after Ctrl-C (printing
 * `interrupted` when given), 1 for a listing that cannot be trusted (isUntrustedListing), 3 for a
 * connection failure, each with one line `trackops-bulk: <say(reason)>`; anything else (the user's
 * input, a bug) is rethrown for main to report.
 */
export function exitForAccountFailure(
  io: CliIo,
  error: unknown,
  say: (reason: string) => string,
  interrupted?: string,
): number {
  if (io.signal.aborted) {
    if (interrupted) {
      io.stderr.write(`${interrupted}\n`);
      io.failed?.({ kind: 'interrupted', message: interrupted.trim().replace(/^trackops-bulk: /, '') });
    }
    return EXIT.interrupted;
  }
  if (!isConnectionFailure(error)) throw error;
  // The reason's own final full stop is dropped where our words go on after it (".;" otherwise).
  const reason = error.message.replace(/\.+$/, '');
  const said = say(reason);
  const line = said.endsWith(reason) ? say(error.message) : said;
  io.stderr.write(`trackops-bulk: ${line}\n`);
  // Core's messages are scrubbed of the token already (core/api/redact.ts).
  io.failed?.({ kind: error.code, message: line });
  return isUntrustedListing(error) ? EXIT.rowsFailed : EXIT.connection;
}

/** Requests a writing command sent, and how many of them were tries again (for its summary). */
export interface RequestCounters {
  requests: number;
  retries: number;
}

/**
 * The session of a command that writes (import, revert): paced at --rate with `concurrency` requests
 * in flight, every request counted into `counters`; its pacer is stopped only by the second Ctrl-C (a
 * write in flight is let finish). The reference data is read before anything is written, so the first
 * Ctrl-C stops that read (explore 31 item 1: at --rate 1/min it went unheard for minutes); the exit
 * code instead (130 then, said by the command) when the account cannot be read.
 */
export async function openWritingSession(
  io: CliIo,
  connection: OpenConnection,
  command: 'import' | 'revert',
  pace: { ratePerSecond: number | undefined; concurrency: number },
  counters: RequestCounters,
  retriesSaidElsewhere?: () => boolean,
  /** Told the error the account could not be read for, before its exit code is returned. */
  failedOn?: (error: unknown) => void,
): Promise<AccountSession | number> {
  try {
    return await openAccountSession(connection, {
      ...pace,
      pacerSignal: io.hardSignal,
      onEvent: (event) => {
        if (event.type !== 'request') return;
        counters.requests += 1;
        if (event.attempt > 1) counters.retries += 1;
      },
      signal: io.signal,
      warn: (line) => io.stderr.write(`${command}: note: ${line}\n`),
      waits: { stderr: io.stderr, command, ...(retriesSaidElsewhere ? { retriesSaidElsewhere } : {}) },
    });
  } catch (error) {
    failedOn?.(error);
    return exitForAccountFailure(
      io,
      error,
      (reason) => `${command}: cannot read the account's reference data from ${connection.label}: ${reason}`,
    );
  }
}
