/**
 * Turns a profile id into core's ConnectionSettings, inside main only. The built-in sandbox's
 * credentials come from the running sandbox; an account's token from the vault. Nothing here is
 * returned over the bridge.
 */
import {
  accountKey,
  displayUrl,
  profileConnectionSettings,
  SANDBOX_PACE,
  type ConnectionSettings,
  type Pace,
} from '../../core/index.ts';
import { APP_CONNECTION_WORDS } from '../bridge/connection-words.ts';
import { SANDBOX_STAMP_ZONE, type RunningSandbox } from '../../sandbox/index.ts';
import { paceOf, SANDBOX_PROFILE_ID, SANDBOX_PROFILE_NAME, type ProfileStore } from '../storage/profiles.ts';

/** A profile as main connects with it. */
export interface ProfileConnection {
  settings: ConnectionSettings;
  label: string;
  /** The profile's name as the Connection screen lists it now: a send's screens name it (ImportStatus). */
  name: string;
  pace: Pace;
  /** The profile's wait before the second look for a lost create, when it sets one (else core's). */
  recheckAfterMs?: number;
}

export class Connections {
  readonly #profiles: ProfileStore;
  readonly #sandbox: RunningSandbox;
  readonly #stampZones: string | undefined;

  /**
   * `stampZones`: where this computer remembers the zone each account's server stamps in (core's
   * stampZonesFolder, shared with the CLI); absent, nothing is remembered.
   */
  constructor(profiles: ProfileStore, sandbox: RunningSandbox, stampZones?: string) {
    this.#profiles = profiles;
    this.#sandbox = sandbox;
    this.#stampZones = stampZones;
  }

  async settingsFor(profileId: string): Promise<ProfileConnection> {
    // What the last "Test connection" found (reference paths, page size) replaces the guesses; paths
    // the user set on the profile win over both.
    const check = await this.#profiles.checkOf(profileId);
    const found = check ? profileConnectionSettings(check) : {};
    if (profileId === SANDBOX_PROFILE_ID) {
      return {
        pace: SANDBOX_PACE,
        settings: {
          baseUrl: this.#sandbox.baseUrl,
          user: this.#sandbox.username,
          token: this.#sandbox.token,
          settings: this.#sandbox.settings,
          ...found,
          knownStampZone: SANDBOX_STAMP_ZONE,
          words: APP_CONNECTION_WORDS,
        },
        label: `built-in sandbox at ${this.#sandbox.baseUrl}`,
        name: SANDBOX_PROFILE_NAME,
      };
    }
    const { profile, token } = await this.#profiles.credentials(profileId);
    return {
      settings: {
        baseUrl: profile.baseUrl,
        user: profile.user,
        token,
        settings: profile.settings,
        ...found,
        referencePaths: { ...found.referencePaths, ...profile.referencePaths },
        // The account as journals record it (journal-account.ts), as the CLI keeps its zone too.
        ...(this.#stampZones
          ? {
              zoneMemory: {
                folder: this.#stampZones,
                account: accountKey(profile.baseUrl) ?? profile.baseUrl,
              },
            }
          : {}),
        // The app's advice names its Connection screen, where each of these is set, never a CLI flag.
        words: APP_CONNECTION_WORDS,
      },
      label: `${displayUrl(profile.baseUrl)} as ${profile.user}`,
      name: profile.name,
      pace: paceOf(profile),
      ...(profile.recheckAfterSeconds !== undefined
        ? { recheckAfterMs: Math.round(profile.recheckAfterSeconds * 1000) }
        : {}),
    };
  }
}
