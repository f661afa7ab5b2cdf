/**
 * The content (fingerprint.ts contentOf) of each body a run creates, made once per body: the run
 * takes it for the check of another import sending the same rows (runner.ts) and the row's intent
 * takes it again when the create is sent (send-row.ts). Made twice, the whole body's sorted JSON and
 * its SHA-256 were the costliest of the import's own per-row work in a profile (issue 13).
 *
 * Kept by the body object: a create's body is sent as validation built it, never changed in place
 * after (a fix makes another outcome and body), so the same object has the same content.
 */
import type { CaseRequestCreateBody } from '../api/types.ts';
import { contentOf } from './fingerprint.ts';

export class CreateContents {
  readonly #byBody = new WeakMap<object, string>();

  of(body: CaseRequestCreateBody): string {
    let content = this.#byBody.get(body);
    if (content === undefined) {
      content = contentOf(body);
      this.#byBody.set(body, content);
    }
    return content;
  }
}
