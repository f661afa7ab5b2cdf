/**
 * "Could not search" (issue 17): a create whose answer was lost must be looked for before it is ever
 * sent again, and when the look-up itself fails (the server unreachable, 5xx) nothing proves the
 * request's fate. The row stays in doubt (no outcome is journalled), the run stops sending (a server
 * that cannot be searched would only leave more rows in doubt), and `--resume` searches first.
 */
import { ApiError } from '../api/errors.ts';
import { TrackopsBulkError } from '../errors.ts';

export class SearchFailedError extends TrackopsBulkError {
  /** The rows left in doubt by this failure (may be empty: a search before anything was sent). */
  readonly rows: number[];
  /** Why the rows after it were not sent, for their results ("…; run again with --resume to send it"). */
  readonly why: string;

  /**
   * `code`/`why` for the other stops that leave a row in doubt: a create not found after a timeout
   * (it may still be being stored), an answer that was not the API's (a login page).
   */
  constructor(
    message: string,
    rows: number[],
    cause: unknown,
    other: { code: string; why: string } = {
      code: 'search_failed',
      why: 'Trackops could not be searched for creates whose fate is not known',
    },
  ) {
    super(other.code, message, { cause });
    this.rows = rows;
    this.why = other.why;
    this.refused = isRefusal(cause);
  }

  /**
   * Trackops answered the search with a refusal (a 4xx other than 401, 408, 429): not an outage, so
   * running again will be refused the same way (explore 21 item 5); the message says what to do instead.
   */
  readonly refused: boolean;
}

/** A definite answer that the request is not served (400, 403, 404, 422 …), not a failure to answer. */
export function isRefusal(error: unknown): error is ApiError {
  const status = error instanceof ApiError ? error.status : undefined;
  return status !== undefined && status >= 400 && status < 500 && ![401, 408, 429].includes(status);
}

/** The cause's own words, for the message (API errors carry no token: http.ts scrubs them). */
export function reasonOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
