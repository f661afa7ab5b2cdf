/**
 * Expected failures a handler reports to the user (bad file, unknown run, refused credentials) are
 * thrown as BridgeFailure inside main and turned into `{ ok: false, error }` by the dispatcher, so the
 * renderer gets a code it can branch on and a sentence it can show.
 */
import { TrackopsBulkError } from '../../core/index.ts';
import type { BridgeError } from './contract.ts';

export class BridgeFailure extends Error {
  readonly code: string;
  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'BridgeFailure';
    this.code = code;
  }
}

/**
 * Core's operational errors carry a user-facing message already; anything else is a bug, reported
 * with a generic sentence (details go to main's log, never to the renderer, which could leak paths).
 */
export function toBridgeError(error: unknown, log: (error: unknown) => void): BridgeError {
  if (error instanceof BridgeFailure) return { code: error.code, message: error.message };
  if (error instanceof TrackopsBulkError) return { code: error.code, message: error.message };
  if (error instanceof Error && error.name === 'AbortError') {
    return { code: 'cancelled', message: 'The operation was cancelled.' };
  }
  log(error);
  return {
    code: 'internal',
    message:
      'Something unexpected went wrong in the app. Try again; if it keeps happening, send the log to support.',
  };
}
