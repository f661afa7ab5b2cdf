/**
 * Turns a profile id into core's ConnectionSettings, inside main only. The built-in sandbox's
 * credentials come from the running sandbox; an account's token from the vault. Nothing here is
 * returned over the bridge.
 */
import type { ConnectionSettings } from '../../core/index.ts';
import type { RunningSandbox } from '../../sandbox/index.ts';
import {
  paceOf,
  SANDBOX_PACE,
  SANDBOX_PROFILE_ID,
  type Pace,
  type ProfileStore,
} from '../storage/profiles.ts';

export class Connections {
  readonly #profiles: ProfileStore;
  readonly #sandbox: RunningSandbox;

  constructor(profiles: ProfileStore, sandbox: RunningSandbox) {
    this.#profiles = profiles;
    this.#sandbox = sandbox;
  }

  async settingsFor(profileId: string): Promise<{ settings: ConnectionSettings; label: string; pace: Pace }> {
    if (profileId === SANDBOX_PROFILE_ID) {
      return {
        pace: SANDBOX_PACE,
        settings: {
          baseUrl: this.#sandbox.baseUrl,
          user: this.#sandbox.username,
          token: this.#sandbox.token,
          settings: this.#sandbox.settings,
        },
        label: `built-in sandbox at ${this.#sandbox.baseUrl}`,
      };
    }
    const { profile, token } = await this.#profiles.credentials(profileId);
    return {
      settings: { baseUrl: profile.baseUrl, user: profile.user, token, settings: profile.settings },
      label: `${profile.baseUrl} as ${profile.user}`,
      pace: paceOf(profile),
    };
  }
}
