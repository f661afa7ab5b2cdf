/**
 * Progress events from long work in main, fanned out to whoever listens (the window, browser streams).
 *
 * Each event carries `seq`, one more than the last, and every bridge answer says how many events came
 * before its handler ran (dispatch's `eventsBefore`). The renderer orders the two by it: an event a
 * send emitted while its Cancel was being answered is newer than that answer's status, whichever
 * reaches the page first (a reopened tab showed "Cancelling" for good once the "Cancelled" event had
 * come before the answer). The last REPLAY_KEPT events are kept, so a browser stream that dropped and
 * reconnects asks for what it missed instead of losing a dry run's or a send's last word.
 */
import type { ProgressEvent } from '../bridge/contract.ts';

export const REPLAY_KEPT = 1_000;

export type NumberedEvent = ProgressEvent & { seq: number };

export class ProgressHub {
  readonly #listeners = new Set<(event: NumberedEvent) => void>();
  readonly #kept: NumberedEvent[] = [];
  #seq = 0;

  /** The number of the last event emitted (0 before the first). */
  get seq(): number {
    return this.#seq;
  }

  subscribe(listener: (event: NumberedEvent) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  emit(event: ProgressEvent): void {
    const numbered = { ...event, seq: ++this.#seq } as NumberedEvent;
    this.#kept.push(numbered);
    if (this.#kept.length > REPLAY_KEPT) this.#kept.shift();
    for (const listener of this.#listeners) {
      // One listener failing (a stream closing under it) must not keep the event from the others, nor
      // throw into the send or dry run that emitted it.
      try {
        listener(numbered);
      } catch {
        // The listener's own host notices its broken stream and unsubscribes.
      }
    }
  }

  /** The kept events numbered after `seq`, oldest first. */
  since(seq: number): NumberedEvent[] {
    return this.#kept.filter((event) => event.seq > seq);
  }
}
