/**
 * The command line's words for where a connection is corrected (core/api/connection-words.ts): its
 * flags, and TRACKOPS_URL where the address came from the environment (a person told to "check --url"
 * looks for a --url in a command that has none, explore 51 item 8).
 */
import type { ConnectionWords } from '../core/api/connection-words.ts';

/** Where the account's address was given: the command's --url, or TRACKOPS_URL left in the environment. */
export type AddressSource = '--url' | 'TRACKOPS_URL';

/**
 * Where the user name and the token were given (explore 59: a login refused with the token from
 * TRACKOPS_TOKEN said "check --user and --token", and the script's author looked for a --token the
 * command never had).
 */
export interface CredentialSources {
  user: '--user' | 'TRACKOPS_USER';
  token: '--token' | 'TRACKOPS_TOKEN';
}

export function cliConnectionWords(
  source: AddressSource = '--url',
  credentials: CredentialSources = { user: '--user', token: '--token' },
): ConnectionWords {
  return {
    checkAddress: () =>
      source === 'TRACKOPS_URL'
        ? 'check TRACKOPS_URL (set in the environment; a --url given takes its place)'
        : 'check --url',
    giveAddress: () =>
      source === 'TRACKOPS_URL'
        ? 'set TRACKOPS_URL in the environment to it (its address up to /api/v1), or give it as --url, which takes its place'
        : 'give it as --url (its address up to /api/v1)',
    checkCredentials: () => checkCredentialsWords(credentials),
    timeoutSetting: () => '; --timeout SECONDS sets it',
    runCheck: () => 'run trackops-bulk check',
    checkName: () => 'trackops-bulk check',
    saveCheckAgain: (source) => `run trackops-bulk check --profile ${source} to write one`,
    giveReferencePath: (kind) => `give --reference-path ${kind}=PATH`,
    referencePathSetting: (kind) => `--reference-path ${kind}=PATH`,
  };
}

/**
 * "check --user and --token"; "check TRACKOPS_USER and TRACKOPS_TOKEN (both set in the environment; …)";
 * one of each: the one from the environment says so where it is named.
 */
function checkCredentialsWords({ user, token }: CredentialSources): string {
  const fromEnvironment = (source: string) => source.startsWith('TRACKOPS_');
  const flagOf = (source: string) => (source === 'TRACKOPS_USER' ? '--user' : '--token');
  if (fromEnvironment(user) && fromEnvironment(token))
    return `check ${user} and ${token} (both set in the environment; --user and --token given take their place)`;
  const named = (source: string) =>
    fromEnvironment(source)
      ? `${source} (set in the environment; a ${flagOf(source)} given takes its place)`
      : source;
  return `check ${named(user)} and ${named(token)}`;
}

/** The words of a connection whose address was given as --url (the sandbox's, and tests'). */
export const CLI_CONNECTION_WORDS: ConnectionWords = cliConnectionWords('--url');
