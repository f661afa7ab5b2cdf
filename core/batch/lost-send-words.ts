/**
 * What happened to a create whose fate is unknown, in a clerk's words. "Got no answer" is kept for an
 * answer that really was lost (a reset, a timeout): a 500/502/503 is an answer, and a person reading
 * "got no answer" for it looks for a network fault that was never there (explore 59). Both leave the
 * same doubt (the server may have stored the request before it failed), so the words say that too.
 */
import { ApiError, NetworkError, ServerError, ThrottledError } from '../api/errors.ts';

/** "got no answer", "was answered with a server error (500) and may or may not have been stored". */
export function lostSendWords(error: unknown): string {
  if (error instanceof NetworkError) return 'got no answer';
  const status = error instanceof ApiError ? error.status : undefined;
  // A 503 with a Retry-After (ThrottledError) to a write: a gateway may have answered after the write.
  if ((error instanceof ServerError || error instanceof ThrottledError) && status !== undefined)
    return `was answered with a server error (${status}) and may or may not have been stored`;
  return 'got an answer that does not say whether it was stored';
}

/** A create being looked for: what happened to it, and which of the row's sends it was (0 the first). */
export interface LostSend {
  words: string;
  send: number;
}
