/**
 * The command line's words for where a connection is corrected (core/api/connection-words.ts): its
 * flags, and TRACKOPS_URL where the address came from the environment (a person told to "check --url"
 * looks for a --url in a command that has none, explore 51 item 8).
 */
import type { ConnectionWords } from '../core/index.ts';

/** Where the account's address was given: the command's --url, or TRACKOPS_URL left in the environment. */
export type AddressSource = '--url' | 'TRACKOPS_URL';

export function cliConnectionWords(source: AddressSource = '--url'): ConnectionWords {
  return {
    checkAddress: () =>
      source === 'TRACKOPS_URL'
        ? 'check TRACKOPS_URL (set in the environment; a --url given takes its place)'
        : 'check --url',
    giveAddress: () =>
      source === 'TRACKOPS_URL'
        ? 'set TRACKOPS_URL in the environment to it (its address up to /api/v1), or give it as --url, which takes its place'
        : 'give it as --url (its address up to /api/v1)',
    checkCredentials: () => 'check --user and --token',
    timeoutSetting: () => '; --timeout SECONDS sets it',
    runCheck: () => 'run trackops-bulk check',
    checkName: () => 'trackops-bulk check',
    saveCheckAgain: (source) => `run trackops-bulk check --profile ${source} to write one`,
    giveReferencePath: (kind) => `give --reference-path ${kind}=PATH`,
    referencePathSetting: (kind) => `--reference-path ${kind}=PATH`,
  };
}

/** The words of a connection whose address was given as --url (the sandbox's, and tests'). */
export const CLI_CONNECTION_WORDS: ConnectionWords = cliConnectionWords('--url');
