/**
 * The server's clock as its answers state it (the `Date` header every HTTP origin server with a clock
 * sends, RFC 9110 §6.6.1; the sandbox sends it too), kept per connection.
 *
 * Why: the windows that look for what changed on the server (a round trip's conflict check,
 * `--since-last`, the searches for creates in doubt) compare a time taken on this machine with the
 * server's `updated_at`/`created_at`. They used to assume the two clocks differ by under 5 minutes; a PC
 * a few minutes fast (or with a wrong time zone) then silently missed a colleague's change (explore 25
 * items 1 and 2). What the server says is observed instead, and its difference from ours measured.
 *
 * A Date header has whole seconds and is written before the answer reaches us, so the server's time
 * when the answer arrived was at least the header's. Every time this file derives (`serverMillisAt`) is
 * that lower bound: a window started from it starts at or before the server's true time, never after
 * (the cost: up to a second or so more in the window).
 */

/** One Date header seen: what the server said, and when (by this machine's clock) the answer came. */
export interface ServerTimeSeen {
  /** The header's instant, milliseconds since the epoch (the server's clock, whole seconds). */
  serverMillis: number;
  /** This machine's clock when the answer arrived. */
  localMillis: number;
}

export interface ServerClock {
  /** The latest Date header seen on this connection; null before the first answer, or when none carried one. */
  readonly latest: ServerTimeSeen | null;
  /** Records an answer's Date header, just received (a header that is not an HTTP date is ignored). */
  observe(dateHeader: string | undefined): void;
  /** This machine's clock, as the observations are taken by it. */
  localNow(): number;
}

/** `localNow`: this machine's clock (tests give the same one as the code they drive, e.g. an export's `now`). */
export function createServerClock(localNow: () => number = Date.now): ServerClock {
  let latest: ServerTimeSeen | null = null;
  return {
    get latest() {
      return latest;
    },
    observe(dateHeader) {
      if (!dateHeader) return;
      const serverMillis = Date.parse(dateHeader);
      if (Number.isNaN(serverMillis)) return;
      latest = { serverMillis, localMillis: localNow() };
    },
    localNow,
  };
}

/**
 * The server's clock less ours, in milliseconds (negative: this machine is ahead), from the latest
 * answer; null when no answer stated its time. A lower bound (see the top): the true difference is up
 * to about a second (the header's rounding, the answer's way back) more.
 */
export function clockOffsetMs(clock: ServerClock | undefined): number | null {
  const seen = clock?.latest;
  return seen ? seen.serverMillis - seen.localMillis : null;
}

/**
 * The server's time at `localMillis` (a time taken on this machine during this run), as far as its
 * answers tell; `localMillis` itself when none stated it. Earlier than or equal to the server's true
 * time then, so a window starting there misses nothing.
 */
export function serverMillisAt(localMillis: number, clock: ServerClock | undefined): number {
  const offset = clockOffsetMs(clock);
  return offset === null ? localMillis : localMillis + offset;
}

/**
 * A window's start for a time taken on this machine, maybe in an earlier run (a journal's, a file's):
 * the earlier of that time and the server's time then by the offset measured now, so that it only ever
 * widens what the old assumption ("clocks within the margin") searched. Shifting alone would be wrong
 * for a time taken before the PC's clock was set right; the wider window costs at most a few requests.
 */
export function earliestMillisAt(localMillis: number, clock: ServerClock | undefined): number {
  return Math.min(localMillis, serverMillisAt(localMillis, clock));
}

/**
 * In words, when this machine's clock and the server's differ by more than `marginSeconds`: which is
 * ahead, by how much, and what the tool did about it. Null when they agree within the margin, or when no
 * answer stated the server's time (nothing observed, nothing to say).
 */
export function clockDifferenceWords(clock: ServerClock | undefined, marginSeconds: number): string | null {
  const seen = clock?.latest;
  if (!seen) return null;
  const offset = seen.serverMillis - seen.localMillis;
  // The offset is a lower bound by up to a second: a server a hair ahead is not "ahead" by that second.
  if (Math.abs(offset) <= marginSeconds * 1000 + 1000) return null;
  const ours = new Date(seen.localMillis).toISOString().slice(0, 19).replace('T', ' ');
  const theirs = new Date(seen.serverMillis).toISOString().slice(0, 19).replace('T', ' ');
  return (
    `this computer's clock is ${durationWords(Math.abs(offset))} ${offset < 0 ? 'ahead of' : 'behind'} Trackops' ` +
    `(Trackops answered at ${theirs} UTC when this computer said ${ours} UTC). ` +
    `The windows of what changed in Trackops (the round trip's check, --since-last) start at the earlier of the two clocks, so neither being wrong hides a change. ` +
    `Set this computer's clock (or its time zone) right if it is wrong: dates like "today" are this computer's; if it is right, the time Trackops' answers state may be another server's (a proxy in between)`
  );
}

/** "8 minutes", "2 hours 5 minutes", "40 seconds". */
export function durationWords(millis: number): string {
  const seconds = Math.round(millis / 1000);
  if (seconds < 120) return `${seconds} seconds`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 120) return `${minutes} minutes`;
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  return `${hours} hours${rest ? ` ${rest} minute${rest === 1 ? '' : 's'}` : ''}`;
}
