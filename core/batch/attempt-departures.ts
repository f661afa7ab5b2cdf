/**
 * When each attempt of a write really left, in the journal. A row's intent is written just before its
 * request is handed to the client, but the client may send it more than once: a PUT again after no
 * answer or a 5xx (up to 5 attempts, each waiting out the timeout), any write again after a 429 (after
 * its Retry-After, minutes at worst). The last attempt can leave minutes after the intent's `at`, and
 * can still land a whole settle window after that: a resume that measured the window from `at` decided
 * too early (read an update back before its last attempt landed and sent it again; created a row twice).
 *
 * So before such an attempt leaves, the row's intent is written again, whole, with `attempt` and
 * `left_at` (journal-types.ts), and synced first, as every intent is: even a run killed mid-retry leaves
 * the time of the attempt that may still land (taken as the sync begins: the attempt leaves the moment
 * it is on disk, as a first attempt does after its intent). A first attempt is journalled again only when the pacer
 * held it back a second or more after its intent (a Retry-After pause of another row, the app's pause, a
 * slow rate): within that second it is taken to have left at `at`. A second is nothing beside the
 * window's two minutes after the timeout, and journalling every first departure would cost a disk sync
 * per row (issue 13).
 */
import type { BeforeAttempt } from '../api/events.ts';
import type { IntentLine, Journal } from './journal.ts';

/** A first attempt that leaves this long after its intent was written is journalled again. */
const HELD_FIRST_MS = 1000;

export interface AttemptDepartures {
  /** For the client's write (api/types.ts): journals an attempt that leaves later than `at` says. */
  beforeAttempt: BeforeAttempt;
  /**
   * The journal's failure while writing a departure (a full disk), when that is what ended the write:
   * the attempt never left, so the row stays as its last journalled attempt left it, in doubt.
   */
  failure(): unknown;
}

/**
 * Departures of `intent`'s request (written already): each one later than its `at` is written again as
 * above, and `intent` itself is given its `attempt` and `left_at`, so that what the caller then says of
 * the write (the time a resume may decide it) goes by the last attempt too.
 */
export function attemptDepartures(journal: Journal, intent: Omit<IntentLine, 'type'>): AttemptDepartures {
  let failed: unknown = null;
  return {
    async beforeAttempt(attempt, at) {
      if (attempt === 1 && at - Date.parse(intent.at) < HELD_FIRST_MS) return;
      intent.attempt = attempt;
      intent.left_at = new Date(at).toISOString();
      try {
        await journal.intent({ ...intent });
      } catch (error) {
        failed = error;
        throw error;
      }
    },
    failure: () => failed,
  };
}
