/** Progress events from long work in main, fanned out to whoever listens (the window, browser streams). */
import type { ProgressEvent } from '../bridge/contract.ts';

export class ProgressHub {
  readonly #listeners = new Set<(event: ProgressEvent) => void>();

  subscribe(listener: (event: ProgressEvent) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  emit(event: ProgressEvent): void {
    for (const listener of this.#listeners) listener(event);
  }
}
