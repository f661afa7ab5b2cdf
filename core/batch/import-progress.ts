/**
 * A send's progress as the runner tells it to its host (runner.ts), and which of its changes may wait
 * for the pace (progress-pace.ts) and which a clerk must see at once. Only what keeps moving while a
 * send runs may wait: the counts, rows/s, the time left, the seconds of a wait already said. A phase
 * begun or ended, a pause, a row that failed (or a refusal whose verdict came), a throttle or a wait on
 * Trackops begun or over, a wait on another row: at once. Apart from runner.ts, which re-exports the
 * types, so that the rule and the runner do not import each other.
 */
import type { RowResult } from '../report/results-types.ts';
import type { TrackopsWait } from './trackops-waits.ts';

export interface ImportCounts {
  rows: number;
  valid: number;
  invalid: number;
  created: number;
  updated: number;
  skipped: number;
  failed: number;
  /** Creates the account already holds (the dry run's duplicate check): not sent. */
  duplicate: number;
  /** Updates that would change nothing (every value already held): not sent (`force` sends them). */
  unchanged: number;
}

export interface ImportProgress extends ImportCounts {
  phase: 'validating' | 'sending' | 'finished';
  /** Valid rows settled so far, of `total` to send in this run. */
  done: number;
  total: number;
  rowsPerSecond: number;
  etaSeconds: number | null;
  /** Seconds left in a Retry-After pause: "throttled, waiting N s". */
  throttledForSeconds: number;
  paused: boolean;
  /**
   * Before the first send: waiting this long to look at Trackops again for another computer's import of
   * the file (keys-being-added.ts), in words for the clerk ("12 s"). Absent otherwise.
   */
  lookingAgain?: {
    seconds: number;
    words: string;
    /**
     * The same wait said at this progress's moment, when it counts down (a row's earlier write being
     * waited out): a screen shows these, re-told every second; a log prints `words` once.
     */
    wordsNow?: string;
  };
  /**
   * While sending: Trackops has not answered a row's request for some seconds (or its create's answer
   * was lost and it is being looked for), in words for the clerk (trackops-waits.ts). Meanwhile the
   * rate and the time left hold still, as they do while paused. Absent otherwise.
   */
  trackopsWait?: TrackopsWait;
  /**
   * Rows Trackops refused with 403 while a streak of refusals is open: whether each is that record's
   * refusal alone (failed) or the start of a streak taken for the credentials (sent again later) is
   * known once the next write is answered, and only then are their results written. Counted in `failed`
   * meanwhile, so that a screen shows a refusal when its answer comes, not when the next row's does
   * (explored: with the next create held by a slow server, a refused row stayed hidden ~13 s). Absent
   * when none.
   */
  refusedUnsettled?: readonly Pick<RowResult, 'row' | 'errors'>[];
}

export function onlyCountsMoved(before: ImportProgress, after: ImportProgress): boolean {
  return (
    before.phase === after.phase &&
    before.paused === after.paused &&
    before.failed === after.failed &&
    before.throttledForSeconds > 0 === after.throttledForSeconds > 0 &&
    !before.lookingAgain === !after.lookingAgain &&
    before.trackopsWait?.row === after.trackopsWait?.row &&
    sameRefusals(before.refusedUnsettled, after.refusedUnsettled)
  );
}

/** The same rows refused pending their verdict, said in the same words (a verdict changes them). */
function sameRefusals(
  before: ImportProgress['refusedUnsettled'],
  after: ImportProgress['refusedUnsettled'],
): boolean {
  if (before === after) return true;
  if ((before?.length ?? 0) !== (after?.length ?? 0)) return false;
  return (before ?? []).every(
    (refused, at) =>
      refused.row === after![at]!.row &&
      refused.errors.map((error) => error.message).join('\n') ===
        after![at]!.errors.map((error) => error.message).join('\n'),
  );
}
