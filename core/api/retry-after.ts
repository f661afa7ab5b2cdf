/**
 * How long a 429/503's Retry-After asks us to wait, read by the clock that wrote it.
 *
 * Retry-After is either seconds or an HTTP date (RFC 9110 §10.2.3). A date is a time on the server's
 * clock: the wait it asks for is that date less the server's time when it answered, which the same
 * answer's Date header states (§6.6.1). It used to be taken less this computer's clock, so a server
 * an hour ahead turned "3 s" into "Trackops asked to wait 3603 s" and stopped the run, and a server an
 * hour behind made every wait "1 s" and the tool retry early (explore 36 item 2).
 */
import { durationWords, serverMillisAt, type ServerClock } from './server-clock.ts';

/**
 * Past this difference between the server's clock and ours, the two readings of a dated Retry-After
 * differ enough to be said: a Date header has whole seconds and comes back over the network, so a
 * second or two is the header's rounding, not the clocks; more would change a usual wait (1 to 60 s).
 */
const CLOCKS_DIFFER_MS = 5_000;

export interface RetryAfter {
  /** The wait asked for, whole seconds, at least 1. */
  seconds: number;
  /**
   * Said when the Retry-After was a date and the server's clock and ours differ by more than a few
   * seconds: "a time (…), 3 s after the time that answer states, by Trackops' clock; this computer's
   * clock is 60 minutes behind Trackops', by which it would have been 3603 s".
   */
  clockNote?: string;
}

/**
 * The Retry-After `header` of an answer whose Date header is `answerDate`. A date is measured against
 * that Date; without one, against the server's time as earlier answers stated it (`clock`); with none
 * seen, against this computer's clock, the only one left. Undefined when there is no Retry-After, or
 * it is neither seconds nor a date (the caller's default wait applies).
 */
export function readRetryAfter(
  header: string | undefined,
  answerDate: string | undefined,
  clock: ServerClock,
): RetryAfter | undefined {
  if (!header?.trim()) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return { seconds: wholeSeconds(seconds * 1000) };
  const until = Date.parse(header);
  if (Number.isNaN(until)) return undefined;
  const localNow = clock.localNow();
  const stated = answerDate === undefined ? Number.NaN : Date.parse(answerDate);
  const fromThisAnswer = !Number.isNaN(stated);
  // serverMillisAt is our clock itself when no answer has stated the server's time.
  const serverNow = fromThisAnswer ? stated : serverMillisAt(localNow, clock);
  const wait = wholeSeconds(until - serverNow);
  const offset = serverNow - localNow;
  if (Math.abs(offset) <= CLOCKS_DIFFER_MS) return { seconds: wait };
  const byOurs = wholeSeconds(until - localNow);
  return {
    seconds: wait,
    clockNote:
      `a time (${header.trim()}), ${wait} s after the time ${fromThisAnswer ? 'that answer states' : "Trackops' earlier answers stated"}, by Trackops' clock; ` +
      `this computer's clock is ${durationWords(Math.abs(offset))} ${offset < 0 ? 'ahead of' : 'behind'} Trackops', ` +
      `by which it would have been ${byOurs} s`,
  };
}

/** A wait in whole seconds, rounded up, and never less than 1 (a wait already over still paces us). */
function wholeSeconds(millis: number): number {
  return Math.max(1, Math.ceil(millis / 1000));
}
