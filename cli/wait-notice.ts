/**
 * A wait said in one line when nobody sees the progress line. On a terminal the progress line shows
 * "throttled, waiting N s"; piped (cron, CI) stderr showed nothing (CONTRACTS: quiet otherwise), so an
 * hour's Retry-After, or five attempts that each timed out, looked like a hang. Now a wait or a silence
 * of more than a few seconds gets one line saying why, and nothing more until that wait is over
 * (several workers throttled by one episode print it once). A wait whose date was read by Trackops'
 * clock, while this computer's differs, is said once whatever stderr is.
 */
import type { ApiEvent } from '../core/api/events.ts';
import type { CliIo } from './command.ts';

/** Waits shorter than this (the usual 1 s Retry-After, the first retries) pass without a word. */
const NOTICE_AFTER_SECONDS = 5;

export function waitNotice(
  stderr: CliIo['stderr'],
  command: string,
  now: () => number = Date.now,
  retriesSaidElsewhere: () => boolean = () => false,
): (event: ApiEvent) => void {
  const tty = stderr.isTTY === true;
  const sentAt = new Map<string, number>();
  let quietUntil = 0;
  let clockSaid = false;
  return (event) => {
    // Answers say nothing here: returned before any work (two events a request, at every row's pace).
    if (event.type === 'response') return;
    const key = `${event.method} ${event.path}`;
    // A dated Retry-After read by Trackops' clock while ours differs (core's retry-after.ts): said once
    // a run, on a terminal too (the progress line has no room for it), since the wait then is not what
    // this computer's clock would make of the date, and the clock may be what needs setting.
    if (event.type === 'throttled' && event.clockNote && !clockSaid) {
      clockSaid = true;
      stderr.write(
        `${tty ? '\r\x1b[K' : ''}${command}: waiting ${Math.ceil(event.waitSeconds)} s, as Trackops asked answering ${key}: its Retry-After named ${event.clockNote}\n`,
      );
      // It says the wait too: not said a second time below.
      if (!tty) quietUntil = Math.max(quietUntil, now() + event.waitSeconds * 1000);
      return;
    }
    if (tty) return;
    if (event.type === 'request') {
      sentAt.set(key, now());
      return;
    }
    if (event.type !== 'throttled' && event.type !== 'retry') return;
    // An import's send says its retries after no answer in its progress, in the app's words (core's
    // trackops-waits.ts): not twice.
    if (event.type === 'retry' && retriesSaidElsewhere()) return;
    const at = now();
    const waitMs = event.waitSeconds * 1000;
    // A retry follows the failed attempt's own silence (up to the timeout): that counts too.
    const silentMs = waitMs + (event.type === 'retry' ? at - (sentAt.get(key) ?? at) : 0);
    if (silentMs < NOTICE_AFTER_SECONDS * 1000 || at < quietUntil) return;
    quietUntil = at + waitMs;
    const wait = waitWords(event.waitSeconds);
    stderr.write(
      event.type === 'throttled'
        ? `${command}: waiting ${wait}: Trackops asked for it (Retry-After) answering ${key}\n`
        : `${command}: waiting ${wait}, then trying again (attempt ${event.attempt} of ${event.of}): ${event.reason}\n`,
    );
  };
}

/**
 * A wait in words: whole seconds, rounded up, as core waits them; a wait under a second (only a
 * test's TRACKOPS_TEST_RETRY_WAIT_MS asks one) in milliseconds, so "1 s" never stands for 10 ms.
 */
export function waitWords(seconds: number): string {
  return seconds > 0 && seconds < 1 ? `${Math.round(seconds * 1000)} ms` : `${Math.ceil(seconds)} s`;
}
