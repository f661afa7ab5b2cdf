/**
 * What a stop that leaves a row in doubt (a write whose fate is not known) tells the person to do next,
 * in the CLI's words: run again with --resume, which settles the row before sending anything. Kept in
 * one place so that a host speaking other words (the app has no --resume: its "Send the remaining" is
 * the same journal resumed, main's inAppWords) can be held to every variant by one test.
 */
export const IN_DOUBT_ADVICE = {
  /** A create whose answer was lost, and the search for it failed. */
  createSearchFailed:
    'Run again with --resume once Trackops answers: it looks for the row before sending anything',
  /** An update answered 2xx with a cut answer, and the read-back failed. */
  updateReadFailed:
    'Run again with --resume once Trackops answers: it reads the request back and compares it with the row before sending anything',
  /** The search, before anything was sent, for rows an earlier run left in doubt. */
  earlierSearchFailed: 'Run again with --resume once Trackops answers',
  /** A write answered by a page that is not the API's (a login page). */
  pageCreate:
    'Once Trackops answers again, run again with --resume: it looks for the request before sending the row again',
  pageUpdate:
    'Once Trackops answers again, run again with --resume: it reads the request back and compares it with the row before sending it again',
} as const;
