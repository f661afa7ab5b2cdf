/**
 * Opening an account, the same for every host (issue 14 point 2): the pace its requests keep, the API
 * client on that pace, and the account's reference data read once. The CLI and the app each keep only
 * where the connection comes from (flags, a profile) and where a note goes (stderr, a screen).
 * API-NOTES Assumed: the rate limit is unpublished, so a real account is asked one request per second,
 * one at a time, unless told otherwise; the built-in sandbox runs on this computer.
 */
import { createTrackopsApi, type ApiEvent, type ApiOptions } from '../api/client.ts';
import { withApiBaseHint, wrongAddressError } from '../api/base-url-hint.ts';
import type { ConnectionSettings, TrackopsApi } from '../api/types.ts';
import {
  createPacer,
  DEFAULT_CONCURRENCY,
  DEFAULT_RATE_PER_SECOND,
  type Pacer,
  type RateBucket,
} from '../pace/pacer.ts';
import { referenceGaps } from './reference-gaps.ts';
import type { AccountReference, AccountSettings, ReferenceKind } from './reference.ts';
import { DEFAULT_REFERENCE_PATHS, notServed } from '../api/client.ts';
import { BadResponseError } from '../api/errors.ts';
import type { ConnectionWords } from '../api/connection-words.ts';
import { capitalised } from '../problems/ways-out.ts';

/** Requests per second, and how many in flight at once. */
export interface Pace {
  ratePerSecond: number;
  concurrency: number;
}

/** A real account's pace unless told otherwise (API-NOTES Assumed: no published limit). */
export const ACCOUNT_PACE: Pace = {
  ratePerSecond: DEFAULT_RATE_PER_SECOND,
  concurrency: DEFAULT_CONCURRENCY,
};
/**
 * The built-in sandbox runs on this computer and allows 50 requests/s (sandbox/): no account to
 * protect, so a practice run need not crawl. The one place its pace is written.
 */
export const SANDBOX_PACE: Pace = { ratePerSecond: 20, concurrency: 2 };

/** The rate a connection keeps when nobody said one: the sandbox's, else a real account's. */
export function defaultRate(isSandbox: boolean): number {
  return (isSandbox ? SANDBOX_PACE : ACCOUNT_PACE).ratePerSecond;
}

export interface ConnectOptions {
  pace: Pace;
  /** Cancels waiting for a pacing slot (the CLI's second Ctrl-C). */
  pacerSignal?: AbortSignal;
  /**
   * The account's rate shared with the other jobs running on it (the app's sends, undos and reads):
   * `pace.ratePerSecond` is then the bucket's. Default: a rate of this connection's own.
   */
  rateBucket?: RateBucket;
  onEvent?: (event: ApiEvent) => void;
  /**
   * The pause before a failed read or update is tried again (core's back-off: 1, 2, 4, 8 s, then it
   * gives up); tests pass a shorter one. Default: core's own.
   */
  retrySleep?: ApiOptions['sleep'];
}

/** core's API client on its own pacer: every request of the connection keeps the pace. */
export function connectAccount(
  settings: ConnectionSettings,
  options: ConnectOptions,
): { api: TrackopsApi; pacer: Pacer } {
  const pacer = createPacer({
    ratePerSecond: options.pace.ratePerSecond,
    concurrency: options.pace.concurrency,
    ...(options.pacerSignal ? { signal: options.pacerSignal } : {}),
    ...(options.rateBucket ? { bucket: options.rateBucket } : {}),
  });
  const api = createTrackopsApi(settings, {
    pacer,
    ...(options.onEvent ? { onEvent: options.onEvent } : {}),
    ...(options.retrySleep ? { sleep: options.retrySleep } : {}),
  });
  return { api, pacer };
}

/**
 * The account's reference data: the first requests of a connection. A 404 on every list most often
 * means a base URL without /api/v1 (issue 16 point 11: a real server's 404 says nothing), so both the
 * failure and an account "without" reference data say to try it; throws the client's errors.
 */
export async function readAccountReference(
  api: TrackopsApi,
  connection: Pick<ConnectionSettings, 'baseUrl' | 'words'>,
  signal?: AbortSignal,
): Promise<AccountReference> {
  const { baseUrl, words } = connection;
  const reference = await api.getReference(signal).catch((error: unknown) => {
    throw withApiBaseHint(error, baseUrl);
  });
  const wrongAddress = wrongAddressError(reference, baseUrl, words);
  if (wrongAddress) throw wrongAddress;
  const nothingRead = nothingReadError(reference, words);
  if (nothingRead) throw nothingRead;
  return reference;
}

/**
 * Not one reference list could be read (each answered something that is not a list): not an account
 * that differs, whose missing lists cost only their checks, but answers from something else. Going on
 * would refuse every row that names a region or service, each advising --reference-path; one message
 * saying what came back is what helps. Lists a profile says the account does not serve are not counted.
 */
function nothingReadError(reference: AccountReference, words: ConnectionWords): BadResponseError | null {
  const reasons = Object.entries(reference.unavailable ?? {});
  const read = Object.keys(DEFAULT_REFERENCE_PATHS).length - reasons.length;
  const failed = reasons.filter(([, reason]) => reason !== notServed(words));
  if (read > 0 || failed.length === 0) return null;
  const [kind, reason] = failed[0]!;
  return new BadResponseError(
    `no reference list could be read (${failed.length} tried): the account's ${kind.replace(/_/g, ' ')}: ${reason}. ` +
      `${capitalised(words.checkAddress())} and that the API answers there (${words.checkName()} shows what each list answers)`,
    { method: 'GET', path: DEFAULT_REFERENCE_PATHS[kind as ReferenceKind] },
    '',
  );
}

export interface OpenAccount {
  api: TrackopsApi;
  pacer: Pacer;
  reference: AccountReference;
  /**
   * Only what the connection was told (API-NOTES Assumed: the API cannot read Require Client
   * Address/Phone): an unknown rule is a skipped check, not "off".
   */
  settings: Partial<AccountSettings>;
}

export interface OpenAccountOptions extends ConnectOptions {
  /** Cancels reading the reference data. */
  signal?: AbortSignal;
  /** Told, one line each, what the account did not give (a reference list) and which checks that costs. */
  warn?: (line: string) => void;
}

/** Paces and connects the client, then reads the account's reference data (throws the client's errors). */
export async function openAccount(
  settings: ConnectionSettings,
  options: OpenAccountOptions,
): Promise<OpenAccount> {
  const { api, pacer } = connectAccount(settings, options);
  const reference = await readAccountReference(api, settings, options.signal);
  for (const gap of referenceGaps(reference, settings.words)) options.warn?.(gap);
  return { api, pacer, reference, settings: settings.settings ?? {} };
}
