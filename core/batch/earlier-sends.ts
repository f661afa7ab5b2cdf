/**
 * A write that may still land is never sent again (explore 36 item 1). A create or an update that got
 * no answer (a timeout, a kill mid-send, a lost connection) may still be in Trackops' hands: a request
 * queued behind a slow one is stored after the client gave up on it. A search or a read-back soon after
 * the send that finds nothing proves nothing then: a resume started at once found nothing, sent the row
 * again, and the first send landed 20 s later (two requests for one referral).
 *
 * So such a write counts as settled (stored, or never to be) only once its settle window has passed
 * since its last attempt left (lastLeftAt: the client's own retries leave later than the journal
 * intent's `at`, attempt-departures.ts): the client's timeout plus the time a server may still spend
 * on it (LostCreateWaits.storingMs, 2 min; --recheck-after when longer). Before then, a resume that did
 * not find the row waits out the rest of the window, saying until when and why, looks again, and only
 * then sends. Waiting rather than holding the row back: the clerk ran the command they were told to
 * run and expects it to finish the job; the wait is a few minutes at most, said, and a stop (Ctrl-C, the
 * app's Stop) ends it with the row still in doubt. Such rows go last, so that the others are sent
 * meanwhile and the wait is mostly spent by then.
 */
import { DEFAULT_TIMEOUT_MS } from '../api/http.ts';
import type { IntentLine, JournalState } from './journal.ts';
import { LOST_CREATE_WAITS, type LostCreateWaits } from './reconcile.ts';
import type { WaysOut } from '../problems/ways-out.ts';

/** How long after a write left without an answer Trackops may still store it (ms). */
export function settleWindowMs(timeoutMs: number | undefined, waits: Partial<LostCreateWaits> = {}): number {
  const { againMs, storingMs, settleMs } = { ...LOST_CREATE_WAITS, ...waits };
  if (settleMs !== undefined) return settleMs;
  return (timeoutMs ?? DEFAULT_TIMEOUT_MS) + Math.max(againMs, storingMs);
}

/** When (ms on this machine's clock) the write that left at `at` is settled, by the window. */
export function settledAt(at: string, windowMs: number): number {
  const sent = Date.parse(at);
  return Number.isNaN(sent) ? 0 : sent + windowMs;
}

/**
 * When the intent's request last left: its last attempt's departure (attempt-departures.ts), else the
 * intent's `at` (one attempt, or a journal written before departures were recorded: today's rule).
 */
export function lastLeftAt(intent: Pick<IntentLine, 'at' | 'left_at'>): string {
  return intent.left_at ?? intent.at;
}

/**
 * "left at 10:42:07", and for a later attempt "left at 10:42:07 (its attempt 5; the first left at
 * 10:41:40)": which attempt the window is measured from, when it is not the only one.
 */
export function leftAtWords(intent: Pick<IntentLine, 'at' | 'left_at' | 'attempt'>): string {
  const last = `left at ${clockTime(Date.parse(lastLeftAt(intent)))}`;
  if (intent.attempt === undefined || intent.attempt < 2) return last;
  return `${last} (its attempt ${intent.attempt}; the first left at ${clockTime(Date.parse(intent.at))})`;
}

/**
 * The row's last write whose fate the journal does not know, or undefined: a create or an update in
 * doubt (an intent without an outcome), or an update that failed with no answer (its PUT may have
 * landed: send-row.ts earlierUpdate). A create that failed was looked for and not found before it
 * failed; one refused with 403 was answered.
 */
export function earlierWriteOf(state: JournalState, row: number): IntentLine | undefined {
  const last = state.lastIntent.get(row);
  if (!last || state.finished.has(row) || state.refused.has(row)) return undefined;
  return state.inDoubt.has(row) || last.op === 'update' ? last : undefined;
}

/**
 * A row waiting out its earlier write's settle window (earlier-sends.ts): until when, the words as said
 * when the wait began (the CLI prints them once), and the same words at another moment, so that a
 * screen re-told every second counts the wait down (explore 40 item 5: "Waiting 29 s" held for 30 s).
 */
export interface EarlierSendWait {
  until: number;
  words: string;
  wordsAt: (now: number) => string;
}

/**
 * The first row's wait for its earlier write, as a send's progress says it; null when no row waits.
 * `words` stay as said when the wait began (a log prints them once); `wordsNow` count it down.
 */
export function earlierWaitSaid(
  waiting: ReadonlyMap<number, EarlierSendWait>,
  now: number,
): { lookingAgain: { seconds: number; words: string; wordsNow: string } } | null {
  const first = [...waiting.values()].sort((a, b) => a.until - b.until)[0];
  if (!first) return null;
  return {
    lookingAgain: {
      seconds: Math.max(0, Math.ceil((first.until - now) / 1000)),
      words: first.words,
      wordsNow: first.wordsAt(now),
    },
  };
}

/** What a row waiting for its earlier send says, in a host's progress (said once per wait). */
export function earlierSendWaitWords(row: number, intent: IntentLine, until: number, now: number): string {
  const what = intent.op === 'create' ? 'create' : 'update';
  const look =
    intent.op === 'create'
      ? 'before looking for it in Trackops again'
      : 'before reading the request back again';
  return (
    `waiting ${durationWords(until - now)} (until ${clockTime(until)}) ${look}: row ${row}'s earlier ${what} ` +
    `${leftAtWords(intent)} without an answer and Trackops may still be storing it, ` +
    `so sending it again now could ${intent.op === 'create' ? 'store it twice' : 'overwrite a later change'}. ` +
    'Stopping now leaves the row in doubt: it is looked for again before it is ever sent'
  );
}

/**
 * What a revert waiting for its own earlier PUT says (revert-run.ts): a put-back that got no answer may
 * land yet, and the request is read back only once it has had its window, so that the decision (put
 * back already, or to send) is not made on a state that PUT has still to change.
 */
export function earlierPutBackWaitWords(
  row: number,
  request: string,
  intent: Pick<IntentLine, 'at' | 'left_at' | 'attempt'>,
  until: number,
  now: number,
  ways: WaysOut,
): string {
  return (
    `waiting ${durationWords(until - now)} (until ${clockTime(until)}) before reading ${request} back: row ${row}'s earlier put-back ` +
    `${leftAtWords(intent)} without an answer and Trackops may still be storing it, so deciding now could send it ` +
    `again on top of a later change, or miss that it landed. ${ways.undoWaitLeftInDoubt()}`
  );
}

/** The advice for a revert's PUT left in doubt: when a --resume may decide it, as resumeAfterWords. */
export function revertResumeAfterWords(
  intent: Pick<IntentLine, 'at' | 'left_at'>,
  windowMs: number,
  ways: WaysOut,
): string {
  return ways.finishUndoAfter(minuteAfter(settledAt(lastLeftAt(intent), windowMs)));
}

/**
 * The advice for a row left in doubt: the time a send of the rest (the CLI's --resume) may send it
 * again (the minute after its window ends, this computer's clock), and what one started sooner does,
 * in the host's words.
 */
export function resumeAfterWords(
  intent: Pick<IntentLine, 'at' | 'left_at'>,
  windowMs: number,
  ways: WaysOut,
): string {
  return ways.resumeAfter(minuteAfter(settledAt(lastLeftAt(intent), windowMs)));
}

/**
 * The advice for an update that failed with no answer (every attempt timed out, was cut off, or got a
 * 5xx): its PUT may land yet, so a --resume decides it only after its window (send-row.ts update). The
 * time is said as a create's in-doubt advice says it (resumeAfterWords), so that the clerk knows when a
 * resume goes at once, and what one started sooner does.
 */
export function updateRetryAfterWords(
  intent: Pick<IntentLine, 'at' | 'left_at'>,
  windowMs: number,
  ways: WaysOut,
): string {
  return ways.retryUpdateAfter(minuteAfter(settledAt(lastLeftAt(intent), windowMs)));
}

/** "10:42:07", this computer's clock. */
export function clockTime(ms: number): string {
  const date = new Date(ms);
  return [date.getHours(), date.getMinutes(), date.getSeconds()]
    .map((part) => String(part).padStart(2, '0'))
    .join(':');
}

/** "10:43": the first whole minute at or after `ms`, this computer's clock. */
function minuteAfter(ms: number): string {
  const date = new Date(Math.ceil(ms / 60_000) * 60_000);
  return `${String(date.getHours()).padStart(2, '0')}:${String(date.getMinutes()).padStart(2, '0')}`;
}

/** "1 min 47 s", "12 s". */
function durationWords(ms: number): string {
  const seconds = Math.max(1, Math.ceil(ms / 1000));
  if (seconds < 60) return `${seconds} s`;
  const rest = seconds % 60;
  return `${Math.floor(seconds / 60)} min${rest > 0 ? ` ${rest} s` : ''}`;
}
