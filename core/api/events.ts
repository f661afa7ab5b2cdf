/**
 * What the API client tells about each exchange, in a file of its own: types only, so that what
 * names them (the renderer's view of a send's progress among them) needs none of the client's code.
 */
export type HttpMethod = 'GET' | 'POST' | 'PUT';

/** What the progress display and the app hear about each exchange (never headers or bodies). */
export type ApiEvent =
  | {
      type: 'request';
      method: HttpMethod;
      path: string;
      /** This attempt, of `of` made at most without an answer (a POST is made once: see above). */
      attempt: number;
      of: number;
    }
  | { type: 'response'; method: HttpMethod; path: string; status: number; ms: number }
  | {
      type: 'throttled';
      method: HttpMethod;
      path: string;
      waitSeconds: number;
      /** A dated Retry-After read by Trackops' clock while ours differs from it (retry-after.ts), in words. */
      clockNote?: string;
    }
  | {
      type: 'retry';
      method: HttpMethod;
      path: string;
      /** The attempt about to be made, of `of` allowed (5 by default). */
      attempt: number;
      of: number;
      reason: string;
      waitSeconds: number;
    }
  /**
   * An attempt that ended without an answer (timed out, reset, refused): the wait on Trackops' silence
   * is over, whatever comes next (a retry, a search for a lost create, the run stopping).
   */
  | { type: 'unanswered'; method: HttpMethod; path: string; attempt: number; reason: string };

/** Hears the events of the calls it was given to (a batch's row: core/batch/trackops-waits.ts). */
export type ApiEventListener = (event: ApiEvent) => void;

/**
 * Told, and awaited, just before an attempt of a write leaves (`at`: this machine's clock), once the
 * pacer let it go: the client's own retries (a PUT after no answer or a 5xx, any write after a 429) and
 * a first attempt the pacer held back leave later than the caller's journal says, and a write in doubt
 * is settled only a window after its last attempt left (core/batch/earlier-sends.ts). Awaited, so that
 * what the caller records of it is on disk before that attempt is on the wire.
 */
export type BeforeAttempt = (attempt: number, at: number) => Promise<void>;
