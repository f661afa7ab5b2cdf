/**
 * One API client per profile for the session, and the account's reference data. The dry run and the
 * send read the lists afresh (`freshReference`: an admin may rename a region between two checks, explore
 * 34 item 1); screens that only name things (the mapping step's labels, a message's words) reuse the
 * last read (`reference`). The client itself is core's; this only keeps it.
 */
import {
  checkAccount,
  TrackopsBulkError,
  createPacer,
  readAccountReference,
  type AccountCheck,
  type AccountReference,
  type ApiEvent,
  type ConnectionSettings,
  type ConnectOptions,
  type Pace,
  type RateBucket,
  type TrackopsApi,
} from '../../core/index.ts';
import { BridgeFailure, toBridgeError } from '../bridge/failure.ts';
import type { AccountRates } from './account-rates.ts';
import type { Connections } from './connections.ts';

export type ApiFactory = (
  settings: ConnectionSettings,
  pace: Pace,
  onEvent?: (event: ApiEvent) => void,
  /** The pause before a failed read is tried again (AppCoreOptions.retrySleep); default core's. */
  retrySleep?: ConnectOptions['retrySleep'],
  /** The account's rate, shared with the app's other jobs on it (account-rates.ts). */
  rateBucket?: RateBucket,
) => Promise<TrackopsApi>;

/** An opened profile: its client, paced at the profile's own rate (see profiles.ts for the defaults). */
export interface OpenAccount {
  api: TrackopsApi;
  label: string;
  /** The profile's name when it was opened (Connections' ProfileConnection.name). */
  name: string;
  settings: ConnectionSettings;
  pace: Pace;
  /** The profile's wait before the second look for a lost create, when it sets one (else core's). */
  recheckAfterMs?: number;
  /**
   * What the client does between answers (a retry and its wait), for a screen to say while it waits;
   * returns the unsubscribe function. Every caller of this profile's client hears every request.
   */
  onApiEvent(listener: (event: ApiEvent) => void): () => void;
}

export class Accounts {
  readonly #connections: Connections;
  readonly #createApi: ApiFactory;
  readonly #rates: AccountRates;
  readonly #apis = new Map<string, Promise<OpenAccount>>();
  readonly #references = new Map<string, Promise<AccountReference>>();

  constructor(connections: Connections, createApi: ApiFactory, rates: AccountRates) {
    this.#connections = connections;
    this.#createApi = createApi;
    this.#rates = rates;
  }

  async open(profileId: string): Promise<OpenAccount> {
    let opened = this.#apis.get(profileId);
    if (!opened) {
      const listeners = new Set<(event: ApiEvent) => void>();
      opened = this.#connections.settingsFor(profileId).then(async ({ settings, label, pace, ...rest }) => ({
        api: await this.#createApi(
          settings,
          pace,
          (event) => {
            for (const listener of listeners) listener(event);
          },
          undefined,
          this.#rates.for(settings.baseUrl, pace.ratePerSecond),
        ),
        label,
        settings,
        pace,
        ...rest,
        onApiEvent: (listener: (event: ApiEvent) => void) => {
          listeners.add(listener);
          return () => listeners.delete(listener);
        },
      }));
      this.#apis.set(profileId, opened);
      opened.catch(() => this.#apis.delete(profileId));
    }
    return opened;
  }

  /** The last read of the account's lists (read now when there is none): for words and labels only. */
  async reference(profileId: string): Promise<AccountReference> {
    let reference = this.#references.get(profileId);
    if (!reference) {
      // core's read, as the CLI's: a 404 on the first request most often means no /api/v1.
      reference = this.open(profileId).then(({ api, settings }) => readAccountReference(api, settings));
      this.#references.set(profileId, reference);
      // A failed read is not cached: the next try asks again.
      reference.catch(() => this.#references.delete(profileId));
    }
    return reference;
  }

  /**
   * The account's lists read now, as the CLI reads them on every command: what a dry run checks rows
   * against and what a send checks the dry run's read against. A few requests at the profile's pace
   * (one per list, more for a long one). The read then serves the screens that name things too. A read
   * that fails is said, naming the connection and that nothing went on (`doing`), never answered from
   * an earlier read.
   */
  async freshReference(profileId: string, doing: string): Promise<AccountReference> {
    const { api, settings, label } = await this.open(profileId);
    try {
      const reference = await readAccountReference(api, settings);
      this.#references.set(profileId, Promise.resolve(reference));
      return reference;
    } catch (error) {
      // The CLI's words ("cannot read the account's reference data from …"); the reason is core's in
      // the app's words (toBridgeError), its code kept for the screens that branch on it.
      if (!(error instanceof TrackopsBulkError)) throw error;
      const reason = toBridgeError(error, () => {}).message;
      throw new BridgeFailure(
        error.code,
        `Cannot read the account's reference data (its case types, regions, services, fields…) from ${label}, so ${doing}: ${reason}`,
        { cause: error },
      );
    }
  }

  /**
   * core's read-only probe of the account ("Test connection"), paced like the profile's client. Reads
   * the profile's settings afresh: an edited profile is checked as it is now.
   */
  async check(profileId: string): Promise<{ check: AccountCheck; label: string }> {
    const { settings, label, pace } = await this.#connections.settingsFor(profileId);
    // The check probes every path as configured or assumed: a list an earlier check found missing may
    // have appeared since, so its "not served" finding is not passed on.
    const paths = Object.fromEntries(
      Object.entries(settings.referencePaths ?? {}).filter(([, path]) => path !== null),
    );
    const check = await checkAccount(
      { ...settings, referencePaths: paths },
      {
        pacer: createPacer({
          bucket: this.#rates.for(settings.baseUrl, pace.ratePerSecond),
          concurrency: 1,
        }),
      },
    );
    return { check, label };
  }

  /** A profile was edited or re-tested: forget its client and cached reference data. */
  forget(profileId: string): void {
    this.#apis.delete(profileId);
    this.#references.delete(profileId);
  }
}
