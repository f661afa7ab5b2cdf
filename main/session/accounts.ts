/**
 * One API client per profile for the session, and the account's reference data read once and reused
 * (refreshed by "Test connection"). The client itself is core's; this only keeps it.
 */
import {
  checkAccount,
  createPacer,
  type AccountCheck,
  type AccountReference,
  type ConnectionSettings,
  type TrackopsApi,
} from '../../core/index.ts';
import { SANDBOX_PROFILE_ID } from '../storage/profiles.ts';
import type { Connections } from './connections.ts';
import type { Pace } from './core-api.ts';

export type ApiFactory = (settings: ConnectionSettings, pace: Pace) => Promise<TrackopsApi>;

/**
 * The built-in sandbox runs on this computer and allows 50 requests/s: the app may go faster there.
 * Real accounts keep core's conservative default (API-NOTES: no published limit).
 */
const SANDBOX_PACE: Pace = { ratePerSecond: 20, concurrency: 2 };

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
        api: await this.#createApi(settings, profileId === SANDBOX_PROFILE_ID ? SANDBOX_PACE : {}),
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

  /**
   * core's read-only probe of the account ("Test connection"), paced like the profile's client. Reads
   * the profile's settings afresh: an edited profile is checked as it is now.
   */
  async check(profileId: string): Promise<{ check: AccountCheck; label: string }> {
    const { settings, label } = await this.#connections.settingsFor(profileId);
    // The check probes every path as configured or assumed: a list an earlier check found missing may
    // have appeared since, so its "not served" finding is not passed on.
    const paths = Object.fromEntries(
      Object.entries(settings.referencePaths ?? {}).filter(([, path]) => path !== null),
    );
    const pace = profileId === SANDBOX_PROFILE_ID ? SANDBOX_PACE : {};
    const check = await checkAccount(
      { ...settings, referencePaths: paths },
      { pacer: createPacer({ concurrency: 1, ...pace }) },
    );
    return { check, label };
  }

  /** A profile was edited or re-tested: forget its client and cached reference data. */
  forget(profileId: string): void {
    this.#apis.delete(profileId);
    this.#references.delete(profileId);
  }
}
