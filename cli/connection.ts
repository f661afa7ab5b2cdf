/**
 * Connection flags shared by every command that talks to the API (CONTRACTS section 1): --url, --user,
 * --token or TRACKOPS_URL/USER/TOKEN, or --sandbox for an embedded sandbox in this process.
 * Plain http:// is refused except to loopback. The token is held here and handed to core only.
 * Also what the tool is told about the account instead of guessing (API-NOTES Tolerance): where it
 * serves its reference lists (--reference-path) and what `trackops-bulk check` found (--profile).
 */
import { resolve } from 'node:path';
import { stampZonesFolder } from '../core/api/stamp-zone-memory.ts';
import type { StampZoneMemory } from '../core/api/stamp-zone.ts';
import { accountKey } from '../core/api/account-key.ts';
import { checkApiBaseUrl } from '../core/api/base-url.ts';
import { displayUrl } from '../core/api/redact.ts';
import { DEFAULT_REFERENCE_PATHS } from '../core/api/reference-paths.ts';
import { edgeSpaceWords } from '../core/api/credential-shape.ts';
import { profileConnectionSettings, profileFits } from '../core/account/account-profile.ts';
import type { ConnectionSettings } from '../core/api/types.ts';
import type { ReferenceKind } from '../core/account/reference.ts';
import { readCheckProfile, scrubCheckProfile } from './check-profile-file.ts';
import { CLI_CONNECTION_WORDS, cliConnectionWords } from './connection-words.ts';
import { firstUseNote, prepareSandboxData, sandboxDataPath, sandboxDataRemedy } from './sandbox-data.ts';
import { cliRunLocksFolder } from './run-lock.ts';
import { rememberSecret } from './secrets.ts';
import { testRetryWait, type TestRetryWait } from './test-retry-wait.ts';
import { UsageError } from './usage-error.ts';

/** `secret`: a usage message never shows the value (a token, or one pasted into --url by mistake). */
export const CONNECTION_OPTIONS = {
  url: { type: 'string', secret: true },
  user: { type: 'string' },
  token: { type: 'string', secret: true },
  sandbox: { type: 'boolean' },
  'sandbox-data': { type: 'string' },
  'require-client-address': { type: 'boolean' },
  'require-client-phone': { type: 'boolean' },
  'reference-path': { type: 'string', multiple: true },
  profile: { type: 'string' },
  timeout: { type: 'string' },
} as const;

export const CONNECTION_USAGE = `Connection (any command that talks to Trackops):
  --url URL        the account's API base, e.g. https://acme.viewcases.com/api/v1   (env TRACKOPS_URL)
  --user NAME      the Trackops user name (the tool sends NAME/token)                (env TRACKOPS_USER)
  --token TOKEN    the company's API token; prefer the environment variable          (env TRACKOPS_TOKEN)
  --sandbox        start the built-in sandbox account in this process and use it; its account is kept
                   between commands in your data folder (printed on first use; env TRACKOPS_SANDBOX_DATA)
  --sandbox-data FILE  keep the --sandbox account in FILE instead (trackops-bulk sandbox --reset empties it)
  --require-client-address, --require-client-phone
                   the account's "Require Client Address/Phone" settings (the API cannot read them)
  --reference-path LIST=PATH
                   where the account serves a reference list, when not where assumed (repeatable),
                   e.g. --reference-path case_regions=regions; LIST is one of ${Object.keys(DEFAULT_REFERENCE_PATHS).join(', ')}
  --profile FILE   use what 'trackops-bulk check --profile FILE' found about this account
                   (reference paths, page size) instead of the guesses
  --timeout SECONDS  how long one request waits for its whole answer (default 30); a read that gets
                   none is tried 5 times in all                                       (env TRACKOPS_TIMEOUT)`;

export interface ConnectionFlags {
  url?: string;
  user?: string;
  token?: string;
  sandbox?: boolean;
  'sandbox-data'?: string;
  'require-client-address'?: boolean;
  'require-client-phone'?: boolean;
  'reference-path'?: string[];
  profile?: string;
  timeout?: string;
}

export interface OpenConnection {
  settings: ConnectionSettings;
  /** Where we are connected, safe to print (no token). */
  label: string;
  isSandbox: boolean;
  /**
   * The account, as import journals record it (core's JournalBinding.account): the API base
   * normalised, or the built-in sandbox by its data file (its address changes with every start).
   */
  account: string;
  /** The pause between a failed request's tries when a test asks for one (test-retry-wait.ts); else core's. */
  testRetryWait?: TestRetryWait;
  close(): Promise<void>;
}

export interface ConnectionOptions {
  /** Where relative paths (--profile) are read from. */
  cwd?: string;
  /** `check --profile FILE` writes the profile rather than reading it. */
  profileIsOutput?: boolean;
  /**
   * Where a one-time note goes (where the --sandbox account is kept): a person at a terminal reads it
   * on stderr; piped output stays quiet (CONTRACTS section 1), and `--help` says where the file is.
   */
  notify?: (line: string) => void;
  /** Where a warning about what was given goes (white space removed from the token); default stderr. */
  warn?: (line: string) => void;
}

function noteOnTerminal(line: string): void {
  if (process.stderr.isTTY) process.stderr.write(`${line}\n`);
}

/** Said whether or not stderr is a terminal (a cron mail must show why the token differs), once a process. */
const warned = new Set<string>();
function warnOnce(line: string): void {
  if (warned.has(line)) return;
  warned.add(line);
  process.stderr.write(`trackops-bulk: ${line}\n`);
}

/** `value` without the white space around it, said when there was some (the value itself never shown). */
function trimmedCredential(
  value: string | undefined,
  source: string,
  warn: (line: string) => void,
): string | undefined {
  if (value === undefined) return undefined;
  const edges = edgeSpaceWords(value);
  const trimmed = value.trim();
  if (edges && trimmed !== '')
    warn(`${source} ${edges}; the white space was removed and the rest sent (the value is not shown)`);
  return trimmed;
}

/** Returns null when no connection was asked for (commands that can work offline decide what that means). */
export async function openConnection(
  flags: ConnectionFlags,
  env: NodeJS.ProcessEnv,
  options: ConnectionOptions = {},
): Promise<OpenConnection | null> {
  const notify = options.notify ?? noteOnTerminal;
  // Beside the run locks, which the CLI and the app share (TRACKOPS_RUN_LOCKS moves both).
  const zoneMemoryOf = (account: string): StampZoneMemory => ({
    folder: stampZonesFolder(cliRunLocksFolder(env, options.cwd ?? process.cwd())),
    account,
  });
  const warn = options.warn ?? warnOnce;
  const referencePaths = referencePathFlags(flags['reference-path']);
  const profileFile =
    flags.profile && !options.profileIsOutput
      ? await readCheckProfile(resolve(options.cwd ?? '.', flags.profile))
      : null;
  const profile = profileFile?.profile ?? null;
  const told = (baseUrl: string): Pick<ConnectionSettings, 'referencePaths' | 'pageSize'> => {
    if (profile && !profileFits(profile, baseUrl))
      throw new UsageError(
        `--profile ${flags.profile} was made for ${profile.check.baseUrl}, not ${baseUrl}; run trackops-bulk check --profile FILE for this account`,
      );
    const found = profile ? profileConnectionSettings(profile) : {};
    // What the user says on the command line wins over what a check found.
    return { ...found, referencePaths: { ...found.referencePaths, ...referencePaths } };
  };
  const settingsFlags = {
    ...(flags['require-client-address'] ? { require_client_address: true } : {}),
    ...(flags['require-client-phone'] ? { require_client_phone: true } : {}),
  };
  const timeout = timeoutFlag(flags.timeout ?? env.TRACKOPS_TIMEOUT);
  const testWait = testRetryWait(env, (line) => process.stderr.write(`${line}\n`));
  const retry = testWait ? { testRetryWait: testWait } : {};
  if (flags['sandbox-data'] !== undefined && !flags.sandbox)
    throw new UsageError('--sandbox-data FILE goes with --sandbox (it says where its account is kept)');
  if (flags.sandbox) {
    // The account lives in a file, so what one command wrote the next one finds (issue 16 point 12).
    const dataFile = sandboxDataPath(flags['sandbox-data'], env);
    const { firstUse } = await prepareSandboxData(dataFile);
    const { startSandbox, SANDBOX_STAMP_ZONE } = await import('../sandbox/index.ts');
    const sandbox = await startSandbox({
      port: 0,
      dataFile,
      dataFileRemedy: sandboxDataRemedy(flags['sandbox-data'], env),
      onDataFileProblem: (line) => warn(`built-in sandbox: ${line}`),
    });
    if (firstUse) notify(firstUseNote(dataFile));
    return {
      settings: {
        baseUrl: sandbox.baseUrl,
        user: sandbox.username,
        token: sandbox.token,
        settings: { ...sandbox.settings, ...settingsFlags },
        ...told(sandbox.baseUrl),
        ...timeout,
        knownStampZone: SANDBOX_STAMP_ZONE,
        words: CLI_CONNECTION_WORDS,
      },
      label: `built-in sandbox at ${sandbox.baseUrl}`,
      isSandbox: true,
      account: `built-in sandbox ${dataFile}`,
      ...retry,
      close: () => sandbox.close(),
    };
  }
  const url = flags.url ?? env.TRACKOPS_URL;
  const givenUser = flags.user ?? env.TRACKOPS_USER;
  const givenToken = flags.token ?? env.TRACKOPS_TOKEN;
  // Every form of what was given is scrubbed, the untrimmed one too (redact.ts adds the trimmed forms).
  if (givenToken) rememberSecret({ user: givenUser ?? '', token: givenToken });
  // Explore 51: a token pasted with a trailing space, or read from a .env saved on Windows ("\r"), was
  // sent as given and refused, while the app trims what is pasted into its form. White space around a
  // token or a user name is never part of it: it is removed here, once, and said (the token not shown).
  const user = trimmedCredential(givenUser, flags.user !== undefined ? '--user' : 'TRACKOPS_USER', warn);
  const token = trimmedCredential(givenToken, flags.token !== undefined ? '--token' : 'TRACKOPS_TOKEN', warn);
  if (!url && !user && !token) return null;
  // A token (or user) left in the environment for other work, and no URL anywhere: there is no account to
  // reach, so a command that can work offline does (issue 17); one that cannot says what it needs.
  if (!url && flags.user === undefined && flags.token === undefined) return null;
  if (!url)
    throw new UsageError(
      '--url (or TRACKOPS_URL) is needed to connect, e.g. https://acme.viewcases.com/api/v1',
    );
  if (!user) throw new UsageError('--user (or TRACKOPS_USER) is needed to connect: the Trackops user name');
  if (!token) throw new UsageError('--token (or TRACKOPS_TOKEN) is needed to connect: the company API token');
  const addressSource = flags.url === undefined ? 'TRACKOPS_URL' : '--url';
  const baseUrl = checkBaseUrl(url, addressSource);
  // Only once the token is known can a profile file written by an earlier version be found to hold it.
  // As given: the redactor searches the trimmed forms too (an earlier version sent them untrimmed).
  if (profileFile)
    await scrubCheckProfile(profileFile, { user: givenUser ?? user, token: givenToken ?? token }, warn);
  return {
    // Where the address came from goes with it: advice after an answer (a login page, a redirect) names
    // the place to correct it, TRACKOPS_URL when the command has no --url.
    settings: {
      baseUrl,
      user,
      token,
      settings: settingsFlags,
      ...told(baseUrl),
      ...timeout,
      zoneMemory: zoneMemoryOf(accountKey(baseUrl) ?? baseUrl),
      words: cliConnectionWords(addressSource, {
        user: flags.user === undefined ? 'TRACKOPS_USER' : '--user',
        token: flags.token === undefined ? 'TRACKOPS_TOKEN' : '--token',
      }),
    },
    label: `${displayUrl(baseUrl)} as ${user}`,
    isSandbox: false,
    account: accountKey(baseUrl) ?? baseUrl,
    ...retry,
    close: async () => {},
  };
}

/** For commands that cannot work offline: no connection asked for is a usage error naming the flags. */
export async function openRequiredConnection(
  command: string,
  flags: ConnectionFlags,
  env: NodeJS.ProcessEnv,
  why = '',
  options: ConnectionOptions = {},
): Promise<OpenConnection> {
  const connection = await openConnection(flags, env, options);
  if (connection) return connection;
  throw new UsageError(
    `${command}: needs a connection: --url, --user and --token (or TRACKOPS_URL/USER/TOKEN), or --sandbox${why}`,
  );
}

/**
 * core's check of an API base (shared with the app's connection form), worded for where the address
 * came from: `--url`, or TRACKOPS_URL when it was left in the environment (a person looking for a
 * `--url` in a command that has none is sent the wrong way: explore 51 item 8). The value is never
 * echoed whole: a token pasted into the address by mistake must not reach the screen or a log (issue 17);
 * a URL holding a user name, password or query is refused (credentials go in --user/--token, and an API
 * base has no query).
 */
export function checkBaseUrl(raw: string, source: '--url' | 'TRACKOPS_URL' = '--url'): string {
  const checked = checkApiBaseUrl(raw);
  if (checked.ok) return checked.baseUrl;
  const shown = checked.shown ?? '';
  // Where to correct it: the variable is set outside this command, and a --url given wins over it.
  const fix =
    source === 'TRACKOPS_URL'
      ? ' (TRACKOPS_URL is set in the environment: correct it there, or give --url, which takes its place)'
      : '';
  switch (checked.code) {
    case 'not_url':
      throw new UsageError(
        `${source} is not a URL (its value is not shown, in case it is a secret); expected e.g. https://acme.viewcases.com/api/v1${fix}`,
      );
    case 'credentials':
      throw new UsageError(
        `${source} ${shown} holds a user name or password: give them with --user and --token (or TRACKOPS_USER/TRACKOPS_TOKEN) instead${fix}`,
      );
    case 'query':
      throw new UsageError(
        `${source} ${shown} has a query or fragment; give only the account's API base, e.g. https://acme.viewcases.com/api/v1${fix}`,
      );
    case 'plain_http':
      throw new UsageError(
        `${source} ${shown} uses plain http://; Trackops is reached over https:// only${fix}`,
      );
    case 'scheme':
      throw new UsageError(
        `${source} must start with https:// (its value is not shown, in case it is a secret)${fix}`,
      );
    case 'no_path':
      throw new UsageError(
        `${source} '${shown}' is the account's address, not its API: ${checked.hint}${fix}`,
      );
  }
}

/** `--timeout 90` (or TRACKOPS_TIMEOUT): seconds one request waits for its answer; none given, core's default. */
function timeoutFlag(text: string | undefined): { timeoutSeconds?: number } {
  if (text === undefined || text.trim() === '') return {};
  const seconds = Number(text.trim());
  if (!Number.isFinite(seconds) || seconds <= 0 || seconds > 3600)
    throw new UsageError(
      `--timeout '${text}' is not a number of seconds between 0 and 3600 (also TRACKOPS_TIMEOUT); write e.g. --timeout 90`,
    );
  return { timeoutSeconds: seconds };
}

/** `--reference-path case_regions=regions` (repeatable) as the connection's reference paths. */
export function referencePathFlags(values: string[] | undefined): Partial<Record<ReferenceKind, string>> {
  const paths: Partial<Record<ReferenceKind, string>> = {};
  const lists = Object.keys(DEFAULT_REFERENCE_PATHS) as ReferenceKind[];
  for (const value of values ?? []) {
    const match = /^([a-z_]+)=(.+)$/.exec(value.trim());
    const list = match?.[1] as ReferenceKind | undefined;
    if (!match || !list || !lists.includes(list))
      throw new UsageError(
        `--reference-path '${value}' must be LIST=PATH with LIST one of ${lists.join(', ')}, e.g. --reference-path case_regions=regions`,
      );
    paths[list] = match[2]!.trim().replace(/^\/+|\/+$/g, '');
  }
  return paths;
}
