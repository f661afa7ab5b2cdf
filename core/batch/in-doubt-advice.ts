/**
 * What a stop that leaves a row in doubt (a write whose fate is not known) tells the person to do next:
 * send the rest again, which settles the row before sending anything, in the host's words (the CLI's
 * --resume, the app's "Send the remaining": problems/ways-out.ts). Kept in one place so that every
 * variant can be held to a host's words by one test.
 */
import type { WaysOut } from '../problems/ways-out.ts';

export function inDoubtAdvice(ways: WaysOut) {
  return {
    /** A create whose answer was lost, and the search for it failed. */
    createSearchFailed: `${ways.resumeOnceAnswered()}: it looks for the row before sending anything`,
    /** An update answered 2xx with a cut answer, and the read-back failed. */
    updateReadFailed: `${ways.resumeOnceAnswered()}: it reads the request back and compares it with the row before sending anything`,
    /** The search, before anything was sent, for rows an earlier run left in doubt. */
    earlierSearchFailed: ways.resumeOnceAnswered(),
    /** A write answered by a page that is not the API's (a login page). */
    pageCreate: `${ways.resumeOnceAnsweredAgain()}: it looks for the request before sending the row again`,
    pageUpdate: `${ways.resumeOnceAnsweredAgain()}: it reads the request back and compares it with the row before sending it again`,
  } as const;
}
