/**
 * The app's words for where a connection is corrected (core/api/connection-words.ts): the Connection
 * screen, where its address, user name and token are set. The app has no setting for the timeout, so
 * the wait is said and nothing more.
 */
import type { ConnectionWords } from '../../core/index.ts';

export const APP_CONNECTION_WORDS: ConnectionWords = {
  checkAddress: () => 'check the Account API address on the Connection screen',
  giveAddress: () =>
    'enter it as the Account API address on the Connection screen (its address up to /api/v1)',
  checkCredentials: () => 'check the user name and API token on the Connection screen',
  timeoutSetting: () => '',
  // `trackops-bulk check` is the Connection screen's Test connection, whose findings it keeps.
  runCheck: () => 'use Test connection on the Connection screen',
  checkName: () => 'Test connection',
};
