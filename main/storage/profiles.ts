/**
 * Connection profiles, persisted in the user-data folder as `profiles.json` (version 1). The token is
 * not part of a profile: it lives in the TokenVault, and `list()` reports only whether one is stored.
 * The built-in sandbox is always the first profile and the active one on first run, so a new user can
 * try everything at once without an account.
 */
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { z } from 'zod';
import {
  ACCOUNT_PACE,
  checkApiBaseUrl,
  DEFAULT_REFERENCE_PATHS,
  displayUrl,
  emptyExportHistory,
  holdsSecretParts,
  LOST_CREATE_WAITS,
  parseAccountProfile,
  parseExportHistory,
  SANDBOX_PACE,
  savedCheckWithoutSecrets,
  type AccountProfile,
  type BaseUrlCheck,
  type ExportHistory,
  type Pace,
} from '../../core/index.ts';
import {
  REFERENCE_LISTS,
  type AccountCheckView,
  type ProfileView,
  type ProfilesView,
} from '../bridge/contract.ts';
import { BridgeFailure } from '../bridge/failure.ts';
import { APP_CONNECTION_WORDS } from '../bridge/connection-words.ts';
import { readJsonFile, writeFileAtomic } from './atomic-file.ts';
import type { TokenVault } from './token-vault.ts';

export const SANDBOX_PROFILE_ID = 'sandbox';
/** The built-in sandbox's name, as the Connection screen lists it and a send's screens name it. */
export const SANDBOX_PROFILE_NAME = 'Built-in sandbox (practice account)';

/** core's wait before the second look for a lost create, in seconds, as a profile shows it when it sets none. */
export const DEFAULT_RECHECK_AFTER_SECONDS = LOST_CREATE_WAITS.againMs / 1000;

/** A profile's pace: core's (1/s, one in flight, for a real account unless its profile says otherwise). */
export type { Pace };

const storedProfile = z.object({
  id: z.string(),
  name: z.string(),
  baseUrl: z.string(),
  user: z.string(),
  settings: z.object({ require_client_address: z.boolean(), require_client_phone: z.boolean() }),
  // Absent in files written before profiles had a pace: ACCOUNT_PACE.
  pace: z.object({ ratePerSecond: z.number(), concurrency: z.number().int() }).optional(),
  /** Seconds before the second look for a lost create (the CLI's --recheck-after); absent: core's. */
  recheckAfterSeconds: z.number().optional(),
  /** Reference lists the account serves elsewhere, as the user set them (win over a check's findings). */
  referencePaths: z.partialRecord(z.enum(REFERENCE_LISTS), z.string()).optional(),
  /** The last "Test connection" (core's AccountProfile, versioned; read with parseAccountProfile). */
  check: z.unknown().optional(),
  /** "Changed since my last export": when each such export began (core's ExportHistory, versioned). */
  exports: z.unknown().optional(),
});
type StoredProfile = z.infer<typeof storedProfile>;
const profilesFile = z.object({
  version: z.literal(1),
  activeId: z.string(),
  profiles: z.array(storedProfile),
  /** The built-in sandbox's export history (its account persists too; its profile is not stored). */
  sandboxExports: z.unknown().optional(),
});
type ProfilesFile = z.infer<typeof profilesFile>;

export interface ProfileInput {
  id?: string;
  name: string;
  baseUrl: string;
  user: string;
  token?: string;
  settings: { require_client_address: boolean; require_client_phone: boolean };
  pace?: Pace;
  recheckAfterSeconds?: number;
  referencePaths?: Partial<Record<(typeof REFERENCE_LISTS)[number], string>>;
}

export interface SandboxDescription {
  baseUrl: string;
  user: string;
  settings: { require_client_address: boolean; require_client_phone: boolean };
}

export class ProfileStore {
  readonly #path: string | null;
  readonly #vault: TokenVault;
  readonly #sandbox: () => SandboxDescription;
  #memory: ProfilesFile = { version: 1, activeId: SANDBOX_PROFILE_ID, profiles: [] };
  /** The built-in sandbox's last check: kept for the session only (its profile is not stored). */
  #sandboxCheck: AccountProfile | null = null;

  /** `dataDir` null keeps profiles in memory (browser mode without --data-dir). */
  constructor(dataDir: string | null, vault: TokenVault, sandbox: () => SandboxDescription) {
    this.#path = dataDir === null ? null : join(dataDir, 'profiles.json');
    this.#vault = vault;
    this.#sandbox = sandbox;
  }

  async list(): Promise<ProfilesView> {
    const file = await this.#readScrubbed();
    const sandbox = this.#sandbox();
    const views: ProfileView[] = [
      {
        id: SANDBOX_PROFILE_ID,
        name: SANDBOX_PROFILE_NAME,
        kind: 'sandbox',
        baseUrl: sandbox.baseUrl,
        user: sandbox.user,
        hasToken: true,
        settings: sandbox.settings,
        pace: SANDBOX_PACE,
        recheckAfterSeconds: DEFAULT_RECHECK_AFTER_SECONDS,
        ...(this.#sandboxCheck ? { check: checkView(this.#sandboxCheck) } : {}),
      },
    ];
    // eslint-disable-next-line @typescript-eslint/no-unused-vars -- the export history stays in main
    for (const { check, exports, ...profile } of file.profiles) {
      const token = await this.#vault.get(profile.id);
      // A check saved with the token in it was rewritten without it above (#readScrubbed).
      const found = readCheck(check);
      const unreadable = found === null ? unreadableCheck(check) : null;
      const problem = storedAddressProblem(profile.baseUrl);
      views.push({
        ...profile,
        ...(problem ? { baseUrl: displayUrl(profile.baseUrl), addressProblem: problem } : {}),
        kind: 'account',
        hasToken: token !== null,
        pace: paceOf(profile),
        recheckAfterSeconds: profile.recheckAfterSeconds ?? DEFAULT_RECHECK_AFTER_SECONDS,
        ...(found ? { check: checkView(found) } : {}),
        ...(unreadable ? { checkUnreadable: unreadable } : {}),
      });
    }
    const activeId = views.some((view) => view.id === file.activeId) ? file.activeId : SANDBOX_PROFILE_ID;
    return {
      profiles: views,
      activeId,
      tokenStorage: this.#vault.description,
      assumedReferencePaths: { ...DEFAULT_REFERENCE_PATHS },
    };
  }

  async save(input: ProfileInput): Promise<ProfilesView> {
    if (input.id === SANDBOX_PROFILE_ID) {
      throw new BridgeFailure(
        'read_only',
        'The built-in sandbox cannot be edited; add a new profile for your account.',
      );
    }
    const baseUrl = checkAccountUrl(input.baseUrl);
    const file = await this.#read();
    const existing = input.id ? file.profiles.find((profile) => profile.id === input.id) : undefined;
    if (input.id && !existing)
      throw new BridgeFailure('not_found', 'That profile no longer exists; reload the list.');
    const token = input.token?.trim() ?? '';
    if (!existing && token === '') {
      throw new BridgeFailure('input', 'Enter the API token for this account (Trackops: Settings › API).');
    }
    // Explore 51: an edit that pointed the profile at another host, the token left blank as the form
    // invites, sent the token stored for the old host to the new one without a word (another account,
    // or a mistyped host that is not Trackops at all). A token is kept for the host it was entered for,
    // as browsers, git and .netrc keep theirs: a new host needs its token entered.
    const movedFrom = existing ? otherHost(existing.baseUrl, baseUrl) : null;
    if (movedFrom !== null && token === '')
      throw new BridgeFailure(
        'input',
        `The address now points at ${hostOf(baseUrl)}, not ${movedFrom}: the token stored for ${movedFrom} is not sent to another host. Enter the API token for ${hostOf(baseUrl)} in "API token" (or put the address back).`,
      );
    const profile: StoredProfile = {
      id: existing?.id ?? randomUUID(),
      name: input.name.trim(),
      baseUrl,
      user: input.user.trim(),
      settings: input.settings,
      ...(input.pace ? { pace: input.pace } : existing?.pace ? { pace: existing.pace } : {}),
      ...(input.recheckAfterSeconds !== undefined
        ? { recheckAfterSeconds: input.recheckAfterSeconds }
        : existing?.recheckAfterSeconds !== undefined
          ? { recheckAfterSeconds: existing.recheckAfterSeconds }
          : {}),
      ...(input.referencePaths && Object.keys(input.referencePaths).length
        ? { referencePaths: input.referencePaths }
        : {}),
      // A check describes one account: kept while the profile still points at it.
      ...(existing?.check !== undefined && existing.baseUrl === baseUrl ? { check: existing.check } : {}),
      // Export windows are keyed by address and user themselves: an edit leaves them to match or not.
      // Those kept under an address that held a secret go with it (the next such export holds
      // everything: more than needed, never less).
      ...(existing?.exports !== undefined && !holdsSecretParts(existing.baseUrl)
        ? { exports: existing.exports }
        : {}),
    };
    if (token !== '') await this.#vault.set(profile.id, token);
    const profiles = existing
      ? file.profiles.map((stored) => (stored.id === profile.id ? profile : stored))
      : [...file.profiles, profile];
    await this.#write({ ...file, activeId: profile.id, profiles });
    return this.list();
  }

  async delete(id: string): Promise<ProfilesView> {
    if (id === SANDBOX_PROFILE_ID)
      throw new BridgeFailure('read_only', 'The built-in sandbox cannot be removed.');
    const file = await this.#read();
    await this.#vault.delete(id);
    const profiles = file.profiles.filter((profile) => profile.id !== id);
    await this.#write({
      ...file,
      activeId: file.activeId === id ? SANDBOX_PROFILE_ID : file.activeId,
      profiles,
    });
    return this.list();
  }

  async select(id: string): Promise<ProfilesView> {
    const file = await this.#read();
    if (id !== SANDBOX_PROFILE_ID && !file.profiles.some((profile) => profile.id === id)) {
      throw new BridgeFailure('not_found', 'That profile no longer exists; reload the list.');
    }
    await this.#write({ ...file, activeId: id });
    return this.list();
  }

  /** Saves what "Test connection" found, so later runs of this connection use it. */
  async saveCheck(id: string, check: AccountProfile): Promise<void> {
    if (id === SANDBOX_PROFILE_ID) {
      this.#sandboxCheck = check;
      return;
    }
    const file = await this.#read();
    if (!file.profiles.some((profile) => profile.id === id))
      throw new BridgeFailure('not_found', 'That connection profile no longer exists; pick another one.');
    const profiles = file.profiles.map((profile) => (profile.id === id ? { ...profile, check } : profile));
    await this.#write({ ...file, profiles });
  }

  /** The last check of a profile, if it had one that can still be read. */
  async checkOf(id: string): Promise<AccountProfile | null> {
    if (id === SANDBOX_PROFILE_ID) return this.#sandboxCheck;
    return readCheck((await this.#readScrubbed()).profiles.find((profile) => profile.id === id)?.check);
  }

  /**
   * The profile's "Changed since my last export" history. One that cannot be read counts as none: the
   * next such export then holds everything (more than needed, never less).
   */
  async exportHistory(id: string): Promise<ExportHistory> {
    const file = await this.#read();
    const raw =
      id === SANDBOX_PROFILE_ID
        ? file.sandboxExports
        : file.profiles.find((profile) => profile.id === id)?.exports;
    if (raw === undefined) return emptyExportHistory();
    try {
      return parseExportHistory(raw, 'the saved export history');
    } catch {
      return emptyExportHistory();
    }
  }

  /** Keeps the history with the profile (called once an export's file was saved). */
  async saveExportHistory(id: string, history: ExportHistory): Promise<void> {
    const file = await this.#read();
    if (id === SANDBOX_PROFILE_ID) {
      await this.#write({ ...file, sandboxExports: history });
      return;
    }
    if (!file.profiles.some((profile) => profile.id === id))
      throw new BridgeFailure('not_found', 'That connection profile no longer exists; pick another one.');
    const profiles = file.profiles.map((profile) =>
      profile.id === id ? { ...profile, exports: history } : profile,
    );
    await this.#write({ ...file, profiles });
  }

  /** The stored profile and its token, for main's own use (never returned over the bridge). */
  async credentials(id: string): Promise<{ profile: StoredProfile; token: string }> {
    const profile = (await this.#read()).profiles.find((stored) => stored.id === id);
    if (!profile)
      throw new BridgeFailure('not_found', 'That connection profile no longer exists; pick another one.');
    const problem = storedAddressProblem(profile.baseUrl);
    if (problem) throw new BridgeFailure('input', `'${profile.name}': ${problem.message}`);
    const token = await this.#vault.get(id);
    if (token === null) {
      throw new BridgeFailure(
        'auth',
        `No API token is stored for '${profile.name}'; enter it on the Connection screen.`,
      );
    }
    return { profile, token };
  }

  async #read(): Promise<ProfilesFile> {
    if (this.#path === null) return this.#memory;
    const json = await readJsonFile(this.#path);
    if (json === null) return { version: 1, activeId: SANDBOX_PROFILE_ID, profiles: [] };
    const parsed = profilesFile.safeParse(json);
    if (!parsed.success) {
      throw new BridgeFailure(
        'storage',
        `The saved profiles in ${this.#path} are damaged; rename that file to start afresh.`,
      );
    }
    return parsed.data;
  }

  /**
   * The file, after any saved check holding its profile's token was rewritten without it (explore 51:
   * an earlier version saved the account's rate-limit headers as they came, and a gateway naming the
   * key it counted put the token there, outside the token store, until the next "Test connection").
   * Done on the file as it is on disk, not as parsed, so everything else in it stays exactly as it was
   * (fields a newer version added included); written atomically, as every save is.
   */
  async #readScrubbed(): Promise<ProfilesFile> {
    const file = await this.#read();
    if (this.#path === null) return file;
    const raw = (await readJsonFile(this.#path)) as { profiles?: unknown[] } | null;
    if (!raw || !Array.isArray(raw.profiles)) return file;
    let changed = false;
    const profiles: unknown[] = [];
    for (const stored of raw.profiles) {
      const { id, user, check } = stored as { id?: unknown; user?: unknown; check?: unknown };
      const token = check !== undefined && typeof id === 'string' ? await this.#vault.get(id) : null;
      const clean =
        token === null ? null : savedCheckWithoutSecrets(check, { user: String(user ?? ''), token });
      changed ||= clean !== null;
      profiles.push(clean === null ? stored : { ...(stored as object), check: clean });
    }
    if (!changed) return file;
    try {
      await writeFileAtomic(this.#path, JSON.stringify({ ...raw, profiles }, null, 2));
    } catch (error) {
      // Not shown without it, and not left there without a word: the file is the user's to fix.
      throw new BridgeFailure(
        'storage',
        `The saved profiles in ${this.#path} hold an API token that an earlier version saved with a connection test, and the file could not be rewritten without it (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}): make its folder writable and open the app again, or rename that file to start afresh.`,
        { cause: error },
      );
    }
    return this.#read();
  }

  async #write(file: ProfilesFile): Promise<void> {
    if (this.#path === null) this.#memory = file;
    else await writeFileAtomic(this.#path, JSON.stringify(file, null, 2));
  }
}

export function paceOf(profile: { pace?: Pace | undefined }): Pace {
  return profile.pace ?? ACCOUNT_PACE;
}

/**
 * core's check of an API base (the CLI's --url check), worded for the connection form. The address is
 * echoed only without its user info and query values: one pasted with the token in it must not reach
 * the screen (tester 4's item 3).
 */
export function checkAccountUrl(raw: string): string {
  const checked = checkApiBaseUrl(raw);
  if (checked.ok) return checked.baseUrl;
  throw new BridgeFailure('input', addressProblem(checked, raw.trim()));
}

/** What is wrong with an address, in the form's words, and what to enter instead. */
function addressProblem(checked: Exclude<BaseUrlCheck, { ok: true }>, typed: string): string {
  const instead = checked.suggestion ? ` (${checked.suggestion})` : '';
  switch (checked.code) {
    case 'not_url':
      return 'The account API address is not a web address (it is not shown, in case it holds a secret); enter it like https://acme.viewcases.com/api/v1.';
    case 'credentials':
      return `The address ${checked.shown} holds a user name or password (not shown, in case it is the token): enter the user in "Trackops user name" and the token in "API token", and the address without them${instead}.`;
    case 'query':
      return `The address ${checked.shown} has a query or fragment (its values are not shown, in case they hold the token): enter only the account's API base${instead}, and the token in "API token".`;
    case 'scheme':
      return 'The account API address must start with https:// (Trackops accounts are reached over https only); it is not shown, in case it holds a secret.';
    case 'plain_http':
      return `'${typed}' must start with https:// (Trackops accounts are reached over https only).`;
    case 'no_path':
      // API-NOTES Known: the API lives under /api/v1; a bare host is the login address (a real server
      // answers it with a 404 that says nothing, so the hint is ours).
      return `'${typed}' is the account's address, not its API: ${checked.hint}.`;
  }
}

/**
 * A profile saved before the form refused such addresses may hold the token in its address: it is not
 * shown, not used and never written into an export; the Connection screen says why and offers the
 * address without the secret parts (saving the profile replaces the stored one).
 */
export function storedAddressProblem(baseUrl: string): { message: string; suggestion: string | null } | null {
  if (!holdsSecretParts(baseUrl)) return null;
  const checked = checkApiBaseUrl(baseUrl);
  if (checked.ok) return null;
  const fix = checked.suggestion
    ? `on the Connection screen, save the profile with ${checked.suggestion} instead (the token stays in "API token")`
    : "on the Connection screen, enter the account's API base and save the profile";
  const what = checked.code === 'credentials' ? 'a user name or password' : 'a query or fragment';
  return {
    message: `This profile's address holds ${what}, which may be the API token, so it is not shown or used: ${fix}.`,
    suggestion: checked.suggestion,
  };
}

/** `host:port` of an address (lower case, as URL gives it); the address itself, not shown, if not a URL. */
function hostOf(address: string): string {
  try {
    return new URL(address).host;
  } catch {
    return '(an address that is not a URL)';
  }
}

/** The stored address's host when `next` is on another one (or either cannot be read), else null. */
function otherHost(stored: string, next: string): string | null {
  try {
    const before = new URL(stored).host;
    return before === new URL(next).host ? null : before;
  } catch {
    return hostOf(stored);
  }
}

/** A stored check, or null when there is none or it cannot be read (then the profile works as unchecked). */
function readCheck(raw: unknown): AccountProfile | null {
  if (raw === undefined) return null;
  try {
    return parseAccountProfile(raw, 'the saved check', APP_CONNECTION_WORDS);
  } catch {
    return null;
  }
}

/**
 * Why a stored check cannot be read, in the app's words (core's, with the Connection screen's test as
 * the way to save a new one), or null when there is none or it reads. The connection then works as
 * never tested, which the Connection screen says rather than leaving the findings silently gone (an
 * older app's profiles.json, or one edited by hand).
 */
function unreadableCheck(raw: unknown): string | null {
  if (raw === undefined) return null;
  try {
    parseAccountProfile(raw, 'the saved check', APP_CONNECTION_WORDS);
    return null;
  } catch (error) {
    const said = error instanceof Error ? error.message : String(error);
    return (
      `The last connection test saved with this connection cannot be read: ${said.charAt(0).toLowerCase()}${said.slice(1)}. ` +
      'Until then this connection works as never tested (the lists and page size that test found are not used).'
    );
  }
}

function checkView(profile: AccountProfile): AccountCheckView {
  const { checkedAt, unsafe, findings, use } = profile.check;
  return { checkedAt, unsafe, findings, use };
}
