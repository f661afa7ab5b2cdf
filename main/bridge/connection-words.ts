/**
 * The app's words for where a connection is corrected (core/api/connection-words.ts): the Connection
 * screen, where its address, user name and token are set. The app has no setting for the timeout, so
 * the wait is said and nothing more.
 */
import type { ConnectionWords } from '../../core/index.ts';

/** Where the Connection screen takes the addresses of the account's lists. */
export const LISTS_PLACE = '"Advanced: where the account serves its lists" on the Connection screen';

export const APP_CONNECTION_WORDS: ConnectionWords = {
  checkAddress: () => 'check the Account API address on the Connection screen',
  giveAddress: () =>
    'enter it as the Account API address on the Connection screen (its address up to /api/v1)',
  checkCredentials: () => 'check the user name and API token on the Connection screen',
  timeoutSetting: () => '',
  // `trackops-bulk check` is the Connection screen's Test connection, whose findings it keeps.
  runCheck: () => 'use Test connection on the Connection screen',
  checkName: () => 'Test connection',
  // The app keeps the last check with the connection; a new test saves it afresh.
  saveCheckAgain: () => 'use Test connection on the Connection screen to save a new one',
  // A list's address is one of the Connection screen's advanced paths (and its test finds them).
  giveReferencePath: () => `say where under ${LISTS_PLACE}`,
  referencePathSetting: () => `under ${LISTS_PLACE}`,
};
