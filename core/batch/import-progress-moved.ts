/**
 * Which of a send's progresses may wait for the pace (progress-pace.ts) and which a clerk must see at
 * once. Only what keeps moving while a send runs may wait: the counts, rows/s, the time left, the
 * seconds of a wait already said. A phase begun or ended, a pause, a row that failed (or a refusal
 * whose verdict came), a throttle or a wait on Trackops begun or over, a wait on another row: at once.
 */
import type { ImportProgress } from './runner.ts';

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
