/**
 * The words a connection's advice names where a person corrects it: the CLI's flags (--url, --user and
 * --token, --timeout), the app's Connection screen. The host passes its words in with the connection's
 * settings (cli/connection-words.ts, main/bridge/connection-words.ts), as it passes its WaysOut to
 * core's messages (core/problems/ways-out.ts): the app once swapped the CLI's flags for its own words
 * with regular expressions, and every new sentence fell through to the app in the CLI's words.
 *
 * Where the address was given matters too: one told to "check --url" looks for a --url in a command
 * that has none (explore 51 item 8: the address was TRACKOPS_URL, left in the environment). Core reads
 * no environment (STYLE), so the CLI's words say which it was.
 */
export interface ConnectionWords {
  /**
   * Where the account's address is corrected, lower case: "…: {checkAddress} and that the API is
   * reachable", "(or {checkAddress})". A sentence's start is capitalised by the caller.
   */
  checkAddress(): string;
  /**
   * How an address a redirect pointed at is given as the API's new one, as the verb: "If that is where
   * the API now is, {giveAddress}; if it is a sign-in page…".
   */
  giveAddress(): string;
  /** Where the user name and token are corrected, after "Most likely … wrong or no longer valid: ". */
  checkCredentials(): string;
  /**
   * What sets the connection's timeout, inside the brackets after "the connection's timeout":
   * "; --timeout SECONDS sets it", or '' where the host has no such setting.
   */
  timeoutSetting(): string;
  /**
   * The connection's check, as the verb, lower case: "(or {runCheck})", "{RunCheck} again to update the
   * profile". The CLI's `trackops-bulk check`, the app's Test connection.
   */
  runCheck(): string;
  /** The same check as what wrote a finding: "(recorded by {checkName})", "the account profile (written by {checkName})". */
  checkName(): string;
  /**
   * Where the account serves one of its lists (`kind`, "case_regions"), as the verb, lower case: "if the
   * account serves them elsewhere, {giveReferencePath(kind)}". The CLI's --reference-path, the app's
   * advanced paths on the Connection screen.
   */
  giveReferencePath(kind: string): string;
  /**
   * A saved check (`source`, "profile.json") that cannot be read, after "…; ": how a new one is saved,
   * a whole clause. The CLI's `check --profile FILE`, the app's Test connection, which saves its check.
   */
  saveCheckAgain(source: string): string;
  /** The same setting as a thing, inside brackets: "or say where the account serves its flags ({referencePathSetting(kind)})". */
  referencePathSetting(kind: string): string;
}
