/**
 * Operational failures of one API call, as typed errors (STYLE: named classes carrying the request and
 * response). They carry method, path and status, and never the Authorization header or token:
 * `path` is relative to the account's base URL and holds only the query the caller built.
 * Status meanings are API-NOTES "Assumed" (401/403/404/422/429/5xx), so each class stays tolerant.
 */
import { TrackopsBulkError } from '../errors.ts';
import type { LongValue } from './long-values.ts';

export interface ApiErrorContext {
  method: string;
  path: string;
  status?: number;
  cause?: unknown;
}

export class ApiError extends TrackopsBulkError {
  readonly method: string;
  readonly path: string;
  readonly status: number | undefined;

  constructor(code: string, message: string, context: ApiErrorContext) {
    super(code, message, context.cause === undefined ? undefined : { cause: context.cause });
    this.method = context.method;
    this.path = context.path;
    this.status = context.status;
  }
}

/** 401 (most often bad or missing credentials) or 403 (most often API access not enabled for the user). CLI exit 3. */
export class AuthError extends ApiError {}

/**
 * 401: not signed in. Most often the user name or token, but Trackops' own words may say otherwise (a
 * token expired, an account suspended), so they are kept (`said`) for every host to show.
 */
export class UnauthorizedError extends AuthError {
  /** What Trackops said, as it said it (or the status text), scrubbed of the credentials. */
  readonly said: string;

  constructor(message: string, context: ApiErrorContext, said: string) {
    super('api_unauthorized', message, context);
    this.said = said;
  }
}

/**
 * 403: refused. On a read, or before anything was written, most likely the user's API access (a run
 * stops); on one record's write after others went through, that record's permission: the row fails with
 * Trackops's own words (`said`) and the run goes on (batch/send-row.ts).
 */
export class ForbiddenError extends AuthError {
  /** What Trackops said, as it said it (or the status text). */
  readonly said: string;

  constructor(message: string, context: ApiErrorContext, said: string) {
    super('api_forbidden', message, context);
    this.said = said;
  }
}

/** 404: the id or path does not exist on this account. */
export class NotFoundError extends ApiError {}

/** 422: the API refused the body; `fieldErrors` by parameter path (`client.country`, `subjects.0.custom_fields.2`). */
export class ValidationError extends ApiError {
  readonly fieldErrors: Record<string, string[]>;
  /**
   * The answer as it came (scrubbed, shortened) when it is JSON of a shape whose field errors this
   * tool does not read: the message quotes it, and the row is not said to have named no field.
   */
  readonly unreadBody: string | undefined;

  constructor(
    message: string,
    context: ApiErrorContext,
    fieldErrors: Record<string, string[]>,
    unreadBody?: string,
  ) {
    super('api_validation', message, context);
    this.fieldErrors = fieldErrors;
    this.unreadBody = unreadBody;
  }
}

/**
 * 413 (the body) or 414 (the address: a listing's filters) too large for Trackops or a gateway in front
 * of it. Refused before anything was done, and the same request gets the same answer: neither in doubt
 * nor worth sending again as it is (explore 29 item 6). `longest` names what to shorten.
 */
export class TooLargeError extends ApiError {
  /** The request's longest values, the longest first: body paths (413) or query parameters (414). */
  readonly longest: readonly LongValue[];
  /** Which part of the request was too large. */
  readonly part: 'body' | 'address';

  constructor(
    message: string,
    context: ApiErrorContext,
    longest: readonly LongValue[],
    part: 'body' | 'address',
  ) {
    super('api_too_large', message, context);
    this.longest = longest;
    this.part = part;
  }
}

/** 429, or 503 with Retry-After: the account asks us to slow down. The request was not carried out. */
export class ThrottledError extends ApiError {
  readonly retryAfterSeconds: number;
  /** A dated Retry-After read by Trackops' clock while ours differs from it, in words (api/retry-after.ts). */
  readonly clockNote: string | undefined;

  constructor(message: string, context: ApiErrorContext, retryAfterSeconds: number, clockNote?: string) {
    super('api_throttled', message, context);
    this.retryAfterSeconds = retryAfterSeconds;
    this.clockNote = clockNote;
  }
}

/**
 * 429 or 503 whose Retry-After is longer than this tool waits (http.ts `MAX_WAIT_SECONDS`): nothing
 * more is sent; a run stops here, resumable, rather than sit silent for an hour. Not carried out after
 * a 429; a 503 to a write leaves doubt, as a ThrottledError does.
 */
export class WaitTooLongError extends ApiError {
  readonly retryAfterSeconds: number;
  /** As ThrottledError's: the clocks' difference when the Retry-After was a date. */
  readonly clockNote: string | undefined;

  constructor(message: string, context: ApiErrorContext, retryAfterSeconds: number, clockNote?: string) {
    super('api_wait_too_long', message, context);
    this.retryAfterSeconds = retryAfterSeconds;
    this.clockNote = clockNote;
  }
}

/**
 * Failures after which a run sends nothing more (refused credentials, a wait too long, a web page in
 * place of the API, a certificate this computer does not trust): it stops, resumable.
 */
export function stopsTheRun(error: unknown): boolean {
  return (
    error instanceof AuthError ||
    error instanceof WaitTooLongError ||
    error instanceof NotApiAnswerError ||
    error instanceof CertificateError ||
    error instanceof SchemeMismatchError
  );
}

/**
 * This computer refused the TLS certificate the address answered with (self-signed, issued by an
 * authority it does not know such as a company proxy that inspects HTTPS, expired, or made for another
 * name: certificate-refusal.ts). The handshake failed before the request was written, so nothing reached
 * Trackops (a create so refused is not in doubt), and the same certificate is refused the same way: never
 * tried again, and a run stops (stopsTheRun), resumable once the certificate is trusted.
 */
export class CertificateError extends ApiError {
  /** The address's host (and port), as the request named it. */
  readonly host: string;
  /** Node's code for the refusal (DEPTH_ZERO_SELF_SIGNED_CERT, CERT_HAS_EXPIRED, …). */
  readonly reason: string;
  /** Who issued the certificate, when it could be read and was not the server itself. */
  readonly issuer: string | null;

  constructor(
    message: string,
    context: ApiErrorContext,
    host: string,
    reason: string,
    issuer: string | null,
  ) {
    super('api_certificate', message, context);
    this.host = host;
    this.reason = reason;
    this.issuer = issuer;
  }
}

/**
 * An https:// address whose port answered without TLS, most likely in plain HTTP (tls-mismatch.ts).
 * The server answered, so this is no network fault: the handshake failed before the request was
 * written, so nothing reached Trackops (a create so refused is not in doubt); the same address gets the
 * same answer, so it is never tried again, and a run stops (stopsTheRun), resumable once the address is
 * corrected.
 */
export class SchemeMismatchError extends ApiError {
  /** The address's host (and port), as the request named it. */
  readonly host: string;

  constructor(message: string, context: ApiErrorContext, host: string) {
    super('api_scheme_mismatch', message, context);
    this.host = host;
  }
}

/** 5xx: server trouble. For a write, whether it was carried out is unknown (treated like a lost answer). */
export class ServerError extends ApiError {}

/**
 * No answer: connection refused, reset, or timed out. `mayHaveReachedServer` is false only when the
 * request certainly never left (refused, unknown host); otherwise a write may have been carried out.
 */
export class NetworkError extends ApiError {
  readonly mayHaveReachedServer: boolean;
  /**
   * Set when the exchange was given up because no whole answer came within this many ms: unlike a
   * reset, a timeout says nothing of the server being done with the request; it may still be working.
   */
  readonly timedOutAfterMs: number | undefined;

  constructor(
    message: string,
    context: ApiErrorContext,
    mayHaveReachedServer: boolean,
    timedOutAfterMs?: number,
  ) {
    super('api_network', message, context);
    this.mayHaveReachedServer = mayHaveReachedServer;
    this.timedOutAfterMs = timedOutAfterMs;
  }
}

/**
 * A 2xx status line came, then the exchange was cut (a reset mid-body, or the rest of the body not within
 * the timeout). The server answered that it did the write, so a write so answered is never sent again
 * (http.ts) and is not "no answer": its caller reads the request back, or looks for the create, to
 * learn what Trackops holds (batch/send-row.ts).
 */
export class AnswerCutError extends NetworkError {
  readonly answeredStatus: number;

  constructor(message: string, context: ApiErrorContext, answeredStatus: number, timedOutAfterMs?: number) {
    super(message, { ...context, status: answeredStatus }, true, timedOutAfterMs);
    this.answeredStatus = answeredStatus;
  }
}

/** A 2xx answer whose body is not what the API sends; `body` is the text as it came, truncated. */
export class BadResponseError extends ApiError {
  readonly body: string;

  constructor(message: string, context: ApiErrorContext, body: string) {
    super('api_bad_response', message, context);
    this.body = body;
  }
}

/**
 * A count (`mode=count`) answered with a page of records: a server without a count mode, which ignores
 * the parameter. Trackops answered, and will answer the same again, so this is no connection failure:
 * no listing of such a server can be shown complete (API-NOTES "Paging"), and the hosts say so as they
 * say any listing the server's own answers contradict. The records are not quoted: they are a
 * request's data, not what went wrong.
 */
export class CountUnsupportedError extends BadResponseError {
  /** `runCheck`: the host's verb for the connection's check ("run trackops-bulk check"). */
  constructor(context: ApiErrorContext, runCheck: string) {
    super(
      'Trackops answered the count of case requests (mode=count) with a list of requests: this server seems ' +
        `not to support mode=count, so no listing of it can be checked for completeness (${runCheck} to see what it answers)`,
      context,
      '',
    );
  }
}

/**
 * A 2xx whose body is a web page or other text, not the API's JSON: a sign-in gateway's login page
 * served in place once its session expired, a captive portal, a maintenance page. Something in front
 * of Trackops answered, not the API, so it proves nothing: a write so answered may or may not have
 * reached Trackops (in doubt, never "done"), and a read so answered is a failure, never "nothing found".
 * A 2xx with no body (204) or with JSON the tool cannot read is the API's, and stays a write done.
 */
export class NotApiAnswerError extends ApiError {
  /** What the page says of itself: its title or first heading, else its first words. */
  readonly page: string;

  constructor(message: string, context: ApiErrorContext, page: string, code = 'api_not_api') {
    super(code, message, context);
    this.page = page;
  }
}

/**
 * A 3xx answered to an API request, never followed (http.ts): the API answers JSON in place, so a
 * redirect comes from something in front of it, most often a sign-in gateway sending an expired session
 * to its login page (explore 29 item 4). Like a login page served in place it proves nothing of a write
 * (in doubt, never "not stored": explore 29 item 1) and stops the run. The one redirect that is the
 * API's answer, a 303 See Other to the request a write made (Post/Redirect/Get), is taken as such by
 * client.ts from `locationPath`.
 */
export class RedirectedError extends NotApiAnswerError {
  /** Where it pointed, relative to the API base (`case/requests/37`), when it is under it; else null. */
  readonly locationPath: string | null;

  constructor(message: string, context: ApiErrorContext, target: string, locationPath: string | null) {
    super(message, context, target, 'api_redirected');
    this.locationPath = locationPath;
  }
}

/** Whether a failed write may nevertheless have been stored (a lost answer): the journal reconciles these. */
export function writeMayHaveHappened(error: unknown): boolean {
  if (error instanceof NetworkError) return error.mayHaveReachedServer;
  if (error instanceof ServerError) return true;
  if (error instanceof BadResponseError) return true;
  if (error instanceof NotApiAnswerError) return true;
  if (error instanceof ThrottledError || error instanceof WaitTooLongError) return error.status !== 429;
  // A throttled, refused or rejected request was answered without being carried out.
  return !(error instanceof ApiError);
}
