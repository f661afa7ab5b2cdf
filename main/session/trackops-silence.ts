/**
 * Trackops' silence while the app reads the account outside a send's rows: the lists before a send or
 * a dry run, a dry run's check of the rows, an undo's reads. A send's rows have core's trackops-waits.ts;
 * these reads had nothing, and a proxy or gateway holding them left "Checking…" on screen for minutes
 * with no word. This hears a client's requests (the api's events: request, answer, no answer, retry) and
 * says, once a request has gone NOTICE_AFTER_MS without an answer, how long Trackops has been silent,
 * what it was asked, and what comes next, again each second while the silence lasts. No request is added.
 */
import { DEFAULT_TIMEOUT_MS, durationWords, NOTICE_AFTER_MS, type ApiEvent } from '../../core/index.ts';
import type { TrackopsSilenceView } from '../bridge/contract.ts';

/** A request of the reading, as the api's events tell it. */
interface Attempt {
  what: string;
  n: number;
  of: number;
  at: number;
}

export class TrackopsSilence {
  readonly #say: (waiting: TrackopsSilenceView | null) => void;
  readonly #timeoutMs: number;
  readonly #now: () => number;
  readonly #noticeAfterMs: number;
  /** The requests in flight, by method and path (the order of their answers is the server's). */
  readonly #inFlight = new Map<string, Attempt>();
  /** The wait before a request is tried again after no answer (http.ts's back-off). */
  #retry: { what: string; n: number; of: number; until: number } | null = null;
  /** When Trackops last went quiet: the first request since its last answer. */
  #quietSince: number | null = null;
  #answered = 0;
  #said: string | null = null;
  #ticker: ReturnType<typeof setInterval> | null = null;
  #stopped = false;

  /**
   * `say` hears the silence in words each second while it lasts, and null once Trackops answers again;
   * `timeoutMs` is the client's own wait for one answer; `noticeAfterMs` the silence said (core's
   * NOTICE_AFTER_MS; tests that hold an answer set it shorter, see AppCoreOptions.silenceNoticeAfterMs).
   */
  constructor(
    say: (waiting: TrackopsSilenceView | null) => void,
    timeoutMs: number = DEFAULT_TIMEOUT_MS,
    now: () => number = Date.now,
    noticeAfterMs: number = NOTICE_AFTER_MS,
  ) {
    this.#say = say;
    this.#timeoutMs = timeoutMs;
    this.#now = now;
    this.#noticeAfterMs = noticeAfterMs;
  }

  /** The account's answers heard so far (each list, page or look-up). */
  get answered(): number {
    return this.#answered;
  }

  heard(event: ApiEvent): void {
    if (this.#stopped) return;
    const key = `${event.method} ${event.path}`;
    const at = this.#now();
    if (event.type === 'request') {
      this.#quietSince ??= at;
      this.#retry = null;
      this.#inFlight.set(key, {
        what: errandOf(event.method, event.path),
        n: event.attempt,
        of: event.of,
        at,
      });
      this.#tick();
    } else if (event.type === 'response' || event.type === 'throttled') {
      // A 429 is an answer too: its wait is the pacer's, said by what waits on it.
      this.#inFlight.delete(key);
      if (event.type === 'response') this.#answered += 1;
      if (this.#inFlight.size === 0) this.#quietSince = null;
      this.#check();
    } else if (event.type === 'unanswered') {
      this.#inFlight.delete(key);
    } else if (event.type === 'retry') {
      this.#retry = {
        what: errandOf(event.method, event.path),
        n: event.attempt,
        of: event.of,
        until: at + event.waitSeconds * 1000,
      };
      this.#check();
    }
  }

  /** Nothing more is said (the reading is over); a silence said is taken back first. */
  stop(): void {
    if (this.#stopped) return;
    this.#stopped = true;
    if (this.#ticker) clearInterval(this.#ticker);
    this.#ticker = null;
  }

  /** Each second while a request waits, the words again (the seconds move on). */
  #tick(): void {
    this.#check();
    if (this.#ticker) return;
    this.#ticker = setInterval(() => {
      this.#check();
      if (this.#quietSince === null && this.#ticker) {
        clearInterval(this.#ticker);
        this.#ticker = null;
      }
    }, 1000);
    // A reading left behind never keeps the app's process alive.
    this.#ticker.unref?.();
  }

  #check(): void {
    if (this.#stopped) return;
    const words = this.#words();
    if (words === this.#said) return;
    this.#said = words;
    this.#say(
      words === null
        ? null
        : {
            silentSeconds: Math.floor((this.#now() - (this.#quietSince ?? this.#now())) / 1000),
            message: words,
          },
    );
  }

  #words(): string | null {
    const now = this.#now();
    if (this.#quietSince === null || now - this.#quietSince < this.#noticeAfterMs) return null;
    const silent = durationWords(Math.floor((now - this.#quietSince) / 1000));
    const upTo = durationWords(Math.ceil(this.#timeoutMs / 1000));
    // The longest-waiting request in flight is the one said (the others wait behind the same silence).
    const oldest = [...this.#inFlight.values()].sort((a, b) => a.at - b.at)[0];
    if (oldest) {
      const next =
        oldest.n < oldest.of
          ? `then it is asked again (attempt ${oldest.n + 1} of ${oldest.of})`
          : `the last of ${oldest.of} attempts`;
      return `Trackops has not answered for ${silent}: waiting for ${oldest.what} (attempt ${oldest.n} of ${oldest.of}), up to ${upTo}, ${next}`;
    }
    if (this.#retry) {
      const wait = durationWords(Math.max(0, Math.ceil((this.#retry.until - now) / 1000)));
      return `Trackops has not answered for ${silent}: ${this.#retry.what} is asked again in ${wait} (attempt ${this.#retry.n} of ${this.#retry.of})`;
    }
    return null;
  }
}

/** What a read asks for, as a clerk would name it: "the account's case regions", "request 1042". */
function errandOf(method: ApiEvent['method'], path: string): string {
  const bare = path.replace(/^\/+/, '').replace(/\?.*$/, '');
  if (method !== 'GET') return `the answer to a ${method === 'POST' ? 'create' : 'change'}`;
  const one = /^case\/requests\/([^/]+)$/.exec(bare);
  if (one) return `request ${decodeURIComponent(one[1] ?? '')}`;
  if (bare === 'case/requests') return "a page of the account's requests";
  const named = bare
    .split('/')
    .filter((part) => part && !/^\d+$/.test(part))
    .pop();
  return `the account's ${(named ?? bare).replace(/[_-]+/g, ' ')}`;
}
