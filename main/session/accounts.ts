/**
 * One API client per profile for the session, and the account's reference data read once and reused
 * (refreshed by "Test connection"). The client itself is core's; this only keeps it.
 */
import {
  withApiBaseHint,
  type AccountReference,
  type ConnectionSettings,
  type TrackopsApi,
} from '../../core/index.ts';
import type { Pace } from '../storage/profiles.ts';
import type { Connections } from './connections.ts';

export type ApiFactory = (settings: ConnectionSettings, pace: Pace) => Promise<TrackopsApi>;

/** An opened profile: its client, paced at the profile's own rate (see profiles.ts for the defaults). */
export interface OpenAccount {
  api: TrackopsApi;
  label: string;
  settings: ConnectionSettings;
  pace: Pace;
}

export class Accounts {
  readonly #connections: Connections;
  readonly #createApi: ApiFactory;
  readonly #apis = new Map<string, Promise<OpenAccount>>();
  readonly #references = new Map<string, Promise<AccountReference>>();

  constructor(connections: Connections, createApi: ApiFactory) {
    this.#connections = connections;
    this.#createApi = createApi;
  }

  async open(profileId: string): Promise<OpenAccount> {
    let opened = this.#apis.get(profileId);
    if (!opened) {
      opened = this.#connections.settingsFor(profileId).then(async ({ settings, label, pace }) => ({
        api: await this.#createApi(settings, pace),
        label,
        settings,
        pace,
      }));
      this.#apis.set(profileId, opened);
      opened.catch(() => this.#apis.delete(profileId));
    }
    return opened;
  }

  async reference(profileId: string): Promise<AccountReference> {
    let reference = this.#references.get(profileId);
    if (!reference) {
      // The first request of a profile: a 404 here most often means a base URL without /api/v1.
      reference = this.open(profileId).then(({ api, settings }) =>
        api.getReference().catch((error: unknown) => {
          throw withApiBaseHint(error, settings.baseUrl);
        }),
      );
      this.#references.set(profileId, reference);
      // A failed read is not cached: the next try asks again.
      reference.catch(() => this.#references.delete(profileId));
    }
    return reference;
  }

  /** A profile was edited or re-tested: forget its client and cached reference data. */
  forget(profileId: string): void {
    this.#apis.delete(profileId);
    this.#references.delete(profileId);
  }
}
