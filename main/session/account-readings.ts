/**
 * What main reads of the account for a call the page still waits on, said as it goes (AccountReadingView):
 * the lists a send or a dry run reads before it answers, the requests an undo's check reads. Before the
 * answer there is no send status, dry run or undo view to carry a word, so the page names the reading
 * (`readingId`) and hears `reading` events under that name: what is read, how many answers came, and,
 * when Trackops goes silent, for how long and what comes next (trackops-silence.ts).
 */
import type { ApiEvent } from '../../core/index.ts';
import type { AccountReadingView } from '../bridge/contract.ts';
import type { ProgressHub } from './progress-hub.ts';
import { TrackopsSilence } from './trackops-silence.ts';

/** One reading: hear the clients' events with `heard`, and call `done` once the call has its answer. */
export interface AccountReading {
  heard(event: ApiEvent): void;
  done(): void;
}

const NOT_SAID: AccountReading = { heard: () => {}, done: () => {} };

export class AccountReadings {
  readonly #hub: ProgressHub;
  /** How long a silence lasts before it is said (AppCoreOptions.silenceNoticeAfterMs; core's default). */
  readonly noticeAfterMs: number | undefined;

  constructor(hub: ProgressHub, noticeAfterMs?: number) {
    this.#hub = hub;
    this.noticeAfterMs = noticeAfterMs;
  }

  /**
   * A reading under the page's `readingId` (none: nothing is said, as for a caller that shows nothing).
   * `what` names what is read; `whileSilent` ends the silence's words ("nothing has been sent yet").
   */
  start(
    readingId: string | undefined,
    what: string,
    whileSilent: string,
    timeoutMs: number | undefined,
  ): AccountReading {
    if (readingId === undefined) return NOT_SAID;
    let view: AccountReadingView = { readingId, what, answered: 0, waiting: null, state: 'reading' };
    const publish = (patch: Partial<AccountReadingView>) => {
      view = { ...view, ...patch };
      this.#hub.emit({ kind: 'reading', reading: view });
    };
    const silence = new TrackopsSilence(
      (waiting) =>
        publish({
          answered: silence.answered,
          waiting: waiting && { ...waiting, message: `${waiting.message}; ${whileSilent}` },
        }),
      timeoutMs,
      Date.now,
      this.noticeAfterMs,
    );
    publish({});
    return {
      heard: (event) => {
        const before = silence.answered;
        silence.heard(event);
        // Each answer moves the count on (a few lists; a long one in pages).
        if (silence.answered !== before && view.state === 'reading') publish({ answered: silence.answered });
      },
      done: () => {
        if (view.state === 'done') return;
        silence.stop();
        publish({ state: 'done', waiting: null });
      },
    };
  }
}
