/**
 * One API client per profile for the session, and the account's reference data read once and reused
 * (refreshed by "Test connection"). The client itself is core's; this only keeps it.
 */
import type { AccountReference, ConnectionSettings, TrackopsApi } from '../../core/index.ts';
import type { Connections } from './connections.ts';

export type ApiFactory = (settings: ConnectionSettings) => Promise<TrackopsApi>;

export class Accounts {
  readonly #connections: Connections;
  readonly #createApi: ApiFactory;
  readonly #apis = new Map<
    string,
    Promise<{ api: TrackopsApi; label: string; settings: ConnectionSettings }>
  >();
  readonly #references = new Map<string, Promise<AccountReference>>();

  constructor(connections: Connections, createApi: ApiFactory) {
    this.#connections = connections;
    this.#createApi = createApi;
  }

  async open(profileId: string): Promise<{ api: TrackopsApi; label: string; settings: ConnectionSettings }> {
    let opened = this.#apis.get(profileId);
    if (!opened) {
      opened = this.#connections.settingsFor(profileId).then(async ({ settings, label }) => ({
        api: await this.#createApi(settings),
        label,
        settings,
      }));
      this.#apis.set(profileId, opened);
      opened.catch(() => this.#apis.delete(profileId));
    }
    return opened;
  }

  async reference(profileId: string): Promise<AccountReference> {
    let reference = this.#references.get(profileId);
    if (!reference) {
      reference = this.open(profileId).then(({ api }) => api.getReference());
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
