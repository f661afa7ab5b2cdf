/**
 * One HTTP exchange with the API, paced and retried, answers turned into typed errors.
 *
 * The retry loop lives here, not in an HTTP library: every attempt, retries included, must go through
 * the pacer (spend a token, respect a Retry-After pause shared by all workers), which a library's
 * internal retry loop cannot do. GET and PUT are retried on 429/5xx/network failures;
 * POST never is (a lost create is reconciled through the journal, core/batch, never blindly re-sent).
 */
import { sleep } from '../pace/sleep.ts';
import type { ApiEvent, ApiEventListener, BeforeAttempt, HttpMethod } from './events.ts';
import { createPacer, type Pacer } from '../pace/pacer.ts';
import {
  fieldErrorsOf,
  fieldErrorsText,
  holdsMoreThanRead,
  isHtml,
  messageOf,
  pageWords,
  textOfBody,
} from './error-bodies.ts';
import {
  AnswerCutError,
  ApiError,
  BadResponseError,
  ForbiddenError,
  NetworkError,
  NotApiAnswerError,
  NotFoundError,
  RedirectedError,
  ServerError,
  ThrottledError,
  TooLargeError,
  UnauthorizedError,
  ValidationError,
  WaitTooLongError,
  type ApiErrorContext,
} from './errors.ts';
import { certificateRefusal, certificateRefusalCode } from './certificate-refusal.ts';
import { answeredInTls, answeredWithoutTls, schemeMismatch } from './tls-mismatch.ts';
import { cutLikeTlsListener, speaksTls } from './speaks-tls.ts';
import { isLoopback } from './base-url.ts';
import { longestBodyValues, longestQueryValues, type LongValue } from './long-values.ts';
import { nodeTransport } from './node-transport.ts';
import { readPeerCertificate } from './peer-certificate.ts';
import type { ConnectionWords } from './connection-words.ts';
import { capitalised } from '../problems/ways-out.ts';
import { createRedactor, displayUrl, type Redactor } from './redact.ts';
import { credentialDoubts } from './credential-shape.ts';
import { readRetryAfter } from './retry-after.ts';
import { createServerClock, type ServerClock } from './server-clock.ts';
import { isSignInPage } from './sign-in-page.ts';
import {
  answeredStatusOf,
  fetchTransport,
  headerOf,
  type Transport,
  type TransportAnswer,
} from './transport.ts';
import { thousands } from '../thousands.ts';

export type { ApiEvent, ApiEventListener, BeforeAttempt, HttpMethod } from './events.ts';

export interface HttpOptions {
  baseUrl: string;
  user: string;
  token: string;
  pacer?: Pacer;
  timeoutMs?: number;
  onEvent?: (event: ApiEvent) => void;
  /** Sends through this `fetch` instead of node:http (tests script answers with it). */
  fetch?: typeof fetch;
  /** Sends through this transport (check-account records the answers' headers with one). */
  transport?: Transport;
  /** Attempts for a retryable GET/PUT after 5xx or network failure (default 5). */
  maxAttempts?: number;
  /** Attempts while throttled (default 30: a throttled run slows down rather than fails). */
  maxThrottledAttempts?: number;
  /** The pause between retries (tests pass one that does not wait). */
  sleep?: typeof sleep;
  /** Where the answers' Date headers are kept (default: a clock of this connection's own). */
  serverClock?: ServerClock;
  /** The host's words for where the connection is corrected, named in advice after an answer (connection-words.ts). */
  words: ConnectionWords;
}

/** A 2xx answer to a write: the write happened, whatever the body says (API-NOTES Tolerance). */
export interface WriteHttpAnswer {
  status: number;
  /** The body parsed as JSON; undefined when it is empty (a 204). A page or text is a NotApiAnswerError. */
  body: unknown;
  /** The body as it came, cut to a readable length, for saying what could not be read. */
  text: string;
  /** The charset its Content-Type named, when TextDecoder knows none such (`text` then says so). */
  unknownCharset?: string;
  /**
   * Its Location header, relative to the API base (`case/requests/37`), when it points under it: a
   * create answered 201/202 without its record says there where the request is (explore 29 item 7).
   */
  locationPath?: string;
  /**
   * Its own Date header, milliseconds since the epoch (absent without one): the server's clock when the
   * write was answered, which a stamp in its record is compared with (stamp-zone.ts).
   */
  serverMillis?: number;
}

export interface Http {
  /**
   * A read: the parsed JSON body of a 2xx answer (an empty 2xx is a BadResponseError; a page or text
   * is a NotApiAnswerError).
   */
  call(
    method: HttpMethod,
    path: string,
    body?: unknown,
    signal?: AbortSignal,
    tell?: ApiEventListener,
  ): Promise<unknown>;
  /**
   * A write: any 2xx answer, readable or not, comes back as a value and never as an error. `tell`, on
   * either, hears this call's events besides the connection's `onEvent`; `beforeAttempt`, on a write,
   * is awaited before each of its attempts leaves.
   */
  write(
    method: 'POST' | 'PUT',
    path: string,
    body: unknown,
    signal?: AbortSignal,
    tell?: ApiEventListener,
    beforeAttempt?: BeforeAttempt,
  ): Promise<WriteHttpAnswer>;
  readonly pacer: Pacer;
  /** The server's time as its answers state it (server-clock.ts). */
  readonly serverClock: ServerClock;
}

const BODY_SHOWN_CHARS = 300;
export const DEFAULT_TIMEOUT_MS = 30_000;
/**
 * The longest Retry-After obeyed, and the most waited in all for one request while throttled. Past
 * either, nothing more is sent and the caller gets a WaitTooLongError (a run stops, resumable). A
 * server asking for an hour (3600 or 7200 s were seen: maintenance, a suspended key) is not a slow-down
 * to sit out: a run waiting for it in cron or CI looks hung, holds its journal locked, and may well be
 * asked again. Five minutes covers a real rate limit's window (a minute, commonly) several times over;
 * fifteen in all allows a few such waits in a row for one request, not thirty.
 */
const MAX_WAIT_SECONDS = 5 * 60;
const MAX_THROTTLED_SECONDS = 15 * 60;

export function createHttp(options: HttpOptions): Http {
  const pacer = options.pacer ?? createPacer();
  const serverClock = options.serverClock ?? createServerClock();
  const maxAttempts = options.maxAttempts ?? 5;
  const maxThrottled = options.maxThrottledAttempts ?? 30;
  const emitAll = (event: ApiEvent, tell: ApiEventListener | undefined) => {
    options.onEvent?.(event);
    tell?.(event);
  };
  // Issue 17: a server may echo the request's headers in its answer; nothing it says is kept unscrubbed.
  const scrub = createRedactor({ user: options.user, token: options.token });
  // Explore 51: what looks wrong in the credentials themselves, said with a 401 (never the token).
  const doubts = credentialDoubts(options.user, options.token);
  const words = options.words;
  // node:http with a keep-alive agent by default (issue 13: fetch's web streams were the largest CPU
  // cost per row, see node-transport.ts); a `fetch` given instead is used as it is (tests script answers).
  const transport: Transport =
    options.transport ?? (options.fetch ? fetchTransport(options.fetch) : nodeTransport());
  const baseUrl = options.baseUrl.replace(/\/+$/, '');
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const headers = {
    Accept: 'application/json',
    // API-NOTES Known: the Basic-auth name is the literal `{user}/token`, the password the API token.
    Authorization: `Basic ${base64(`${options.user}/token:${options.token}`)}`,
  };
  const jsonHeaders = { ...headers, 'Content-Type': 'application/json' };
  // http:// to this computer only (base-url.ts): whether its port is a TLS listener, looked at once, at
  // the first exchange cut as such a listener cuts plain HTTP (speaks-tls.ts), or answered as Go's and
  // nginx's answer it (a 400 whose body is not JSON: "Client sent an HTTP request to an HTTPS server."),
  // then remembered.
  const plainLoopback = plainToThisComputer(baseUrl);
  let tlsListener: Promise<boolean> | null = null;
  const isTlsListener = (signal: AbortSignal | undefined): Promise<boolean> =>
    (tlsListener ??= speaksTls(baseUrl, timeoutMs, signal));
  const answersInTls = (error: unknown, signal: AbortSignal | undefined): Promise<boolean> =>
    plainLoopback && cutLikeTlsListener(error) ? isTlsListener(signal) : Promise.resolve(false);

  /** One exchange, given up after the timeout (a TimeoutError, as networkError words it) or when `signal` aborts. */
  function send(method: HttpMethod, path: string, body: unknown, signal: AbortSignal | undefined) {
    return transport({
      method,
      url: `${baseUrl}/${path.replace(/^\//, '')}`,
      headers: body === undefined ? headers : jsonHeaders,
      body: body === undefined ? undefined : JSON.stringify(body),
      timeoutMs,
      signal,
    });
  }

  async function attempt(
    method: HttpMethod,
    path: string,
    body: unknown,
    signal: AbortSignal | undefined,
    n: number,
    tell: ApiEventListener | undefined,
  ) {
    const emit = (event: ApiEvent) => emitAll(event, tell);
    emit({ type: 'request', method, path, attempt: n, of: method === 'POST' ? 1 : maxAttempts });
    const started = Date.now();
    const context: ApiErrorContext = { method, path };
    let response: TransportAnswer;
    try {
      response = await send(method, path, body, signal);
    } catch (error) {
      if (signal?.aborted) throw error;
      // Nor is a port that answered https:// in plain HTTP, or http:// in TLS (tls-mismatch.ts): the
      // address is wrong. A certificate this computer refused is no silence of Trackops: said as what
      // it is, with whom the certificate names (a look of its own that sends nothing), and never tried
      // again (exchange).
      const refused = certificateRefusalCode(error);
      const url = `${baseUrl}/${path.replace(/^\//, '')}`;
      const failure = answeredWithoutTls(error)
        ? schemeMismatch(baseUrl, context, scrub, words)
        : (await answersInTls(error, signal))
          ? answeredInTls(baseUrl, context, scrub, words)
          : refused
            ? certificateRefusal(
                refused,
                url,
                await readPeerCertificate(url, timeoutMs, signal),
                context,
                scrub,
                words,
              )
            : networkError(error, context, scrub, timeoutMs, words);
      emit({ type: 'unanswered', method, path, attempt: n, reason: failure.message });
      throw failure;
    }
    const text = scrub(
      response.unknownCharset === undefined ? response.text : unknownCharsetWords(response.unknownCharset),
    );
    // Every answer states the server's time, an error's too: the windows on its timestamps use it.
    const dateHeader = headerOf(response, 'date');
    serverClock.observe(dateHeader);
    emit({ type: 'response', method, path, status: response.status, ms: Date.now() - started });
    // Go's and nginx's TLS listeners answer plain HTTP with a 400 of their own words (not the API's JSON).
    if (
      plainLoopback &&
      response.status === 400 &&
      parseJson(response.text) === undefined &&
      (await isTlsListener(signal))
    )
      throw answeredInTls(baseUrl, { ...context, status: 400 }, scrub, words);
    // The reason phrase is the server's words too: a gateway may echo the Authorization header in it.
    const statusText = scrub(response.statusText);
    const requestUrl = `${baseUrl}/${path.replace(/^\//, '')}`;
    const location = headerOf(response, 'location');
    const locationPath = pathUnderBase(location, requestUrl, baseUrl);
    if (response.status >= 300 && response.status < 400) {
      throw redirected(
        response.status,
        location,
        requestUrl,
        { ...context, status: response.status },
        scrub,
        locationPath,
        words,
      );
    }
    const answer = interpret(
      { ...response, statusText },
      text,
      { ...context, status: response.status },
      body,
      serverClock,
      doubts,
      words,
    );
    const serverMillis = dateHeader === undefined ? NaN : Date.parse(dateHeader);
    return {
      ...answer,
      ...(locationPath === null ? {} : { locationPath }),
      ...(Number.isNaN(serverMillis) ? {} : { serverMillis }),
    };
  }

  async function exchange(
    method: HttpMethod,
    path: string,
    body: unknown,
    signal: AbortSignal | undefined,
    tell?: ApiEventListener,
    beforeAttempt?: BeforeAttempt,
  ): Promise<WriteHttpAnswer> {
    const emit = (event: ApiEvent) => emitAll(event, tell);
    const retryable = method !== 'POST';
    let failures = 0;
    let throttles = 0;
    let throttledSeconds = 0;
    for (let n = 1; ; n++) {
      try {
        // Inside the pacer's slot: told once this attempt may go (a back-off or a pause is over), so
        // that the time it gets is when the attempt leaves, not when it was queued.
        const send = async () => {
          await beforeAttempt?.(n, Date.now());
          return await attempt(method, path, body, signal, n, tell);
        };
        return await pacer.schedule(send, signal);
      } catch (error) {
        if (error instanceof ThrottledError) {
          throttles += 1;
          throttledSeconds += error.retryAfterSeconds;
          if (error.retryAfterSeconds > MAX_WAIT_SECONDS || throttledSeconds > MAX_THROTTLED_SECONDS)
            throw waitTooLong(error, throttledSeconds);
          pacer.backOff(error.retryAfterSeconds);
          emit({
            type: 'throttled',
            method,
            path,
            waitSeconds: error.retryAfterSeconds,
            ...(error.clockNote === undefined ? {} : { clockNote: error.clockNote }),
          });
          // A 429 was refused before anything was done, so even a POST may go again; a 503 on a POST
          // leaves doubt (a gateway may have answered after the write), so it goes to the caller.
          if (throttles < maxThrottled && (retryable || error.status === 429)) continue;
          throw error;
        }
        const transient = error instanceof ServerError || error instanceof NetworkError;
        // A write answered 2xx was carried out, though the rest of its answer was cut: never sent again
        // (a whole-object PUT sent again would overwrite what a colleague changed in the back-off).
        if (!retryable || !transient || error instanceof AnswerCutError || signal?.aborted) throw error;
        failures += 1;
        if (failures >= maxAttempts) throw error instanceof NetworkError ? gaveUp(error, failures) : error;
        const waitSeconds = Math.min(8, 2 ** (failures - 1));
        emit({
          type: 'retry',
          method,
          path,
          attempt: n + 1,
          of: maxAttempts,
          reason: (error as Error).message,
          waitSeconds,
        });
        await (options.sleep ?? sleep)(waitSeconds * 1000, signal);
      }
    }
  }

  return {
    pacer,
    serverClock,
    async call(method, path, body, signal, tell) {
      const answer = await exchange(method, path, body, signal, tell);
      if (answer.body === undefined) {
        throw new BadResponseError(
          answer.unknownCharset === undefined
            ? `${method} ${path} answered ${answer.status} with a body that is not JSON: (no body)`
            : `${method} ${path} answered ${answer.status}, but ${answer.text}`,
          { method, path, status: answer.status },
          answer.text,
        );
      }
      return answer.body;
    },
    write: exchange,
  };
}

function interpret(
  response: TransportAnswer,
  text: string,
  context: ApiErrorContext,
  sent: unknown,
  serverClock: ServerClock,
  credentialDoubts: string[],
  words: ConnectionWords,
): WriteHttpAnswer {
  const status = response.status;
  const where = `${context.method} ${context.path}`;
  const parsed = parseJson(text);
  if (status >= 200 && status < 300) {
    if (response.unlabelledGzip) throw unlabelledGzip(response, context, words);
    const unknownCharset = response.unknownCharset;
    // An answer in a charset no decoder knows is not read (its words say so): a 2xx to a write still
    // counts as written. Any other 2xx that is not JSON is not the API's answer (a login page).
    if (unknownCharset === undefined && parsed === undefined && text.trim() !== '')
      throw notApiAnswer(response, text, context, words);
    return {
      status,
      body: parsed,
      text: shown(text),
      ...(unknownCharset === undefined ? {} : { unknownCharset }),
    };
  }
  // API-NOTES Tolerance: a gateway's 5xx may be an HTML page: shown as its title, briefly.
  const apiMessage =
    messageOf(parsed) ??
    (text.trim() ? shown(parsed === undefined ? textOfBody(text) : text) : response.statusText);
  // What Trackops said comes first, then the likely cause, said as likely (explore 51 item 5): a 401 or
  // 403 may be an expired token, an address not on the account's allow-list or a suspended account,
  // and the status alone does not tell which. An empty body leaves only the status text, if any.
  const saying = apiMessage.trim() ? `, saying: "${apiMessage.trim()}"` : ', without saying why';
  if (status === 401) {
    return fail(
      new UnauthorizedError(
        `Trackops refused ${where} with 401 (not signed in)${saying}. ` +
          // What looks wrong in the credentials as given (credential-shape.ts) comes before the likely cause.
          (credentialDoubts.length ? `${credentialDoubts.join(' ')} ` : '') +
          `Most likely the user name or token is wrong or no longer valid: ${words.checkCredentials()}`,
        context,
        apiMessage,
      ),
    );
  }
  if (status === 403) {
    return fail(
      new ForbiddenError(
        `Trackops refused ${where} with 403 (forbidden)${saying}. ` +
          'Most likely API access is not enabled for this user: ask a Trackops admin to enable it' +
          (apiMessage.trim() ? ', unless what Trackops said names another cause' : ''),
        context,
        apiMessage,
      ),
    );
  }
  if (status === 404)
    return fail(new NotFoundError('api_not_found', `${where}: not found (404). ${apiMessage}`, context));
  if (status === 422 || status === 400) {
    // API-NOTES Tolerance: a refusal of the data may be 422 or 400, its errors flat, nested or a list.
    // Either is definite: the request was answered and not carried out, so it is never retried.
    const fieldErrors = fieldErrorsOf(parsed);
    const detail = fieldErrorsText(fieldErrors);
    // A shape this tool does not read field by field is quoted whole (its token scrubbed, cut to a
    // readable length), never summed up by its message alone: "named no field" would be our guess.
    const unread = holdsMoreThanRead(parsed) ? shown(text.trim().replace(/\s+/g, ' ')) : undefined;
    const said =
      unread !== undefined
        ? `${apiMessage}; its answer, as it came: ${unread}`
        : detail && !apiMessage.includes(detail)
          ? `${apiMessage} (${shown(detail)})`
          : apiMessage;
    return fail(
      // A read sends no data: what was refused is the request itself (a filter, a parameter).
      new ValidationError(
        `${where}: ${context.method === 'GET' ? 'Trackops refused this request' : 'the API refused the data'} (${status}): ${said}`,
        context,
        fieldErrors,
        unread,
      ),
    );
  }
  if (status === 413 || status === 414) {
    const said = messageOf(parsed) ?? (text.trim() ? (isHtml(text) ? pageWords(text) : text.trim()) : '');
    return fail(tooLarge(status, context, sent, shown(said || response.statusText)));
  }
  const retryAfter = readRetryAfter(
    headerOf(response, 'retry-after'),
    headerOf(response, 'date'),
    serverClock,
  );
  if (status === 429 || (status === 503 && retryAfter !== undefined)) {
    const clockNote = retryAfter?.clockNote;
    return fail(
      new ThrottledError(
        `${where}: throttled (${status}), retry after ${retryAfter?.seconds ?? 1} s${clockNote ? ` (Retry-After named ${clockNote})` : ''}`,
        context,
        retryAfter?.seconds ?? 1,
        clockNote,
      ),
    );
  }
  if (status >= 500)
    return fail(
      new ServerError('api_server_error', `${where}: server error ${status}: ${apiMessage}`, context),
    );
  return fail(
    new ApiError('api_unexpected_status', `${where}: unexpected answer ${status}: ${apiMessage}`, context),
  );
}

/**
 * A 2xx with a body that is not JSON (API-NOTES Known: the API answers JSON): a web page or text from
 * something in front of the API, most often a sign-in gateway's login page served 200 in place once its
 * session expired. Never a write done, never an empty listing (errors.ts NotApiAnswerError).
 */
function notApiAnswer(
  response: TransportAnswer,
  text: string,
  context: ApiErrorContext,
  words: ConnectionWords,
): NotApiAnswerError {
  const type = headerOf(response, 'content-type')?.split(';')[0]?.trim() ?? '';
  const where = `${context.method} ${context.path}`;
  const got = `${response.status}${type ? ` ${type}` : ''}`;
  if (isHtml(text) || /html/i.test(type)) {
    const page = shown(pageWords(text));
    if (isSignInPage(text))
      return new NotApiAnswerError(
        `Trackops answered with a web page, not the API: a login page? ${where} got ${got}, "${page}". ` +
          `A sign-in gateway or proxy in front of Trackops answers so when its session has expired: sign in to it again (or ${words.checkAddress()})`,
        context,
        page,
      );
    // Any other page (a maintenance notice, a gateway's own page): signing in would not help, and what
    // it is is for its words to say, quoted; the tool does not guess beyond them (explore 29 item 8).
    return new NotApiAnswerError(
      `Trackops answered with a web page, not the API: ${where} got ${got}, "${page}". ` +
        'Trackops, or a gateway in front of it, sent this page instead of data (a maintenance or error page, say): ' +
        `try again later, and if it goes on, ask the account's administrator what it means (or ${words.checkAddress()})`,
      context,
      page,
    );
  }
  const page = shown(text.trim().replace(/\s+/g, ' '));
  return new NotApiAnswerError(
    `Trackops answered with text, not the API's JSON: ${where} got ${got}, "${page}". ` +
      `Something in front of Trackops (a gateway or proxy) may have answered instead: ${words.checkAddress()} and that the API is reachable`,
    context,
    page,
  );
}

/**
 * 413 or 414: the request too large for Trackops or a gateway in front of it (a proxy's
 * client_max_body_size, a URL length limit). Said as what it is, with the request's longest values and
 * the way out, never as "retry": the same request gets the same answer (explore 29 item 6).
 */
function tooLarge(status: number, context: ApiErrorContext, sent: unknown, said: string): TooLargeError {
  const where = `${context.method} ${context.path.split('?')[0]}`;
  const answered = `${status}${said ? `, "${said}"` : ''}`;
  const named = (values: LongValue[]) =>
    values.map((value) => `${value.path} (${thousands(value.length)} characters)`).join(', ');
  if (status === 414) {
    const longest = longestQueryValues(context.path);
    return new TooLargeError(
      `${where}: Trackops, or a gateway in front of it, refused the request's address as too long (${answered}); nothing was done. ` +
        (longest.length > 0 ? `Its longest values: ${named(longest)}. ` : '') +
        "Give shorter values (filters), or ask the account's administrator to accept longer addresses",
      context,
      longest,
      'address',
    );
  }
  const longest = longestBodyValues(sent);
  const bytes = sent === undefined ? 0 : new TextEncoder().encode(JSON.stringify(sent)).length;
  return new TooLargeError(
    `${where}: Trackops, or a gateway in front of it, refused the request as too large (${answered}); nothing was stored. ` +
      (bytes > 0 ? `It was ${thousands(bytes)} bytes` : '') +
      (longest.length > 0 ? `${bytes > 0 ? '; its' : 'Its'} longest values: ${named(longest)}` : '') +
      (bytes > 0 || longest.length > 0 ? '. ' : '') +
      "Shorten them, or ask the account's administrator to accept larger requests; sent again as it is, it gets the same answer",
    context,
    longest,
    'body',
  );
}

/**
 * A redirect answered to an API request is never followed (node-transport.ts: a POST followed as a GET
 * could pass for the create's answer), but where it pointed is what tells a person what happened (a
 * moved host, http to https, a sign-in page): named, without credentials or query values (displayUrl),
 * resolved against the request when relative.
 */
function redirected(
  status: number,
  location: string | undefined,
  requestUrl: string,
  context: ApiErrorContext,
  scrub: Redactor,
  locationPath: string | null,
  words: ConnectionWords,
): RedirectedError {
  const where = `${context.method} ${context.path}`;
  let target: string | null = null;
  if (location) {
    try {
      target = scrub(displayUrl(new URL(location, requestUrl).toString()));
    } catch {
      target = '(an address that is not a URL; not shown)';
    }
  }
  const pointed = target
    ? `redirected (${status}) to ${target}`
    : `redirected (${status}) without saying where`;
  return new RedirectedError(
    `${where} was ${pointed}; redirects are not followed (a create followed as a GET could pass for done). ` +
      (target
        ? `If that is where the API now is, ${words.giveAddress()}; if it is a sign-in page, sign in to the gateway first`
        : capitalised(words.checkAddress())),
    context,
    target ?? `a ${status} without a Location`,
    locationPath,
  );
}

/**
 * A Location header as a path under the API base (`case/requests/37`, query and fragment left out), or
 * null when there is none or it points anywhere else (another host, a login page, outside /api/v1).
 */
function pathUnderBase(location: string | undefined, requestUrl: string, baseUrl: string): string | null {
  if (!location) return null;
  let url: URL;
  let base: URL;
  try {
    url = new URL(location, requestUrl);
    base = new URL(`${baseUrl}/`);
  } catch {
    return null;
  }
  if (url.origin !== base.origin || !url.pathname.startsWith(base.pathname)) return null;
  const path = url.pathname.slice(base.pathname.length).replace(/\/+$/, '');
  return path === '' ? null : path;
}

/**
 * A body of compressed bytes no Content-Encoding announced, that would not decompress (transport.ts):
 * said in words, never shown (binary in a terminal or a results file is noise, or worse). A 2xx so
 * answered is not the API's answer: a write stays in doubt, as with a login page. (Any other status is
 * read by its status alone, its body being empty then.)
 */
function unlabelledGzip(
  response: TransportAnswer,
  context: ApiErrorContext,
  words: ConnectionWords,
): NotApiAnswerError {
  const type = headerOf(response, 'content-type')?.split(';')[0]?.trim() ?? '';
  const got = `${response.status}${type ? ` ${type}` : ''}`;
  const what = 'an unlabelled compressed (gzip) answer';
  return new NotApiAnswerError(
    `Trackops answered with ${what}: ${context.method} ${context.path} got ${got}, compressed bytes no ` +
      'Content-Encoding header announced, which would not decompress. Something in front of Trackops (a gateway ' +
      `or proxy) compresses its answers without saying so: ${words.checkAddress()}, or ask its administrator`,
    context,
    what,
  );
}

/** Said in place of a body in a charset TextDecoder does not know (transport.ts `decodeBody`): never guessed at. */
function unknownCharsetWords(charset: string): string {
  return `its Content-Type names the character set "${charset}", which this tool cannot decode, so nothing of the answer was read; ask the account's administrator to answer in UTF-8`;
}

function fail(error: ApiError): never {
  throw error;
}

/**
 * Trackops asked for a longer wait than this tool keeps (MAX_WAIT_SECONDS), or for one too many: said
 * in its own terms (the Retry-After it sent), so a person knows it was asked for, not a hang or a bug.
 */
function waitTooLong(error: ThrottledError, throttledSeconds: number): WaitTooLongError {
  const context = { method: error.method, path: error.path, status: error.status };
  // A dated Retry-After read by Trackops' clock, while ours differs: said, so a wait that looks wrong
  // can be told from a clock that is (retry-after.ts).
  const clock = error.clockNote ? `: ${error.clockNote}` : '';
  const asked = `Trackops asked to wait ${error.retryAfterSeconds} s (Retry-After, with a ${error.status} to ${error.method} ${error.path}${clock})`;
  const message =
    error.retryAfterSeconds > MAX_WAIT_SECONDS
      ? `${asked}, longer than this tool waits at once (${MAX_WAIT_SECONDS} s): nothing more was sent`
      : `${asked}, ${throttledSeconds} s in all for this one request, longer than this tool waits (${MAX_THROTTLED_SECONDS} s): nothing more was sent`;
  return new WaitTooLongError(message, context, error.retryAfterSeconds, error.clockNote);
}

/** A retried request that never got an answer: the message says how long each attempt waited, and how often. */
function gaveUp(error: NetworkError, attempts: number): NetworkError {
  return new NetworkError(
    `${error.message}; gave up after ${attempts} attempts`,
    { method: error.method, path: error.path, cause: error.cause },
    error.mayHaveReachedServer,
    error.timedOutAfterMs,
  );
}

function networkError(
  error: unknown,
  context: ApiErrorContext,
  scrub: Redactor,
  timeoutMs: number,
  words: ConnectionWords,
): NetworkError {
  const name = (error as { name?: string })?.name;
  const causeCode = findCode(error);
  const answered = answeredStatusOf(error);
  // A write's 2xx is what matters (it was carried out); a read cut short is read again, as before.
  if (answered !== undefined && answered >= 200 && answered < 300 && context.method !== 'GET') {
    const cut =
      name === 'TimeoutError'
        ? `the rest of the answer did not come within ${timeoutMs / 1000} s (the connection's timeout${words.timeoutSetting()})`
        : `the answer was cut (${causeCode ?? (error as Error)?.message ?? 'network failure'})`;
    return new AnswerCutError(
      scrub(`${context.method} ${context.path} was answered ${answered}, but ${cut}`),
      { ...context, cause: new Error(scrub(safeCause(error).message)) },
      answered,
      name === 'TimeoutError' ? timeoutMs : undefined,
    );
  }
  // Refused or unresolvable: nothing left this machine. Anything else (reset, timeout) may have been received.
  const neverSent = ['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ERR_INVALID_URL'].includes(causeCode ?? '');
  const what =
    name === 'TimeoutError'
      ? `timed out: no answer within ${timeoutMs / 1000} s (the connection's timeout${words.timeoutSetting()})`
      : `got no answer (${causeCode ?? (error as Error)?.message ?? 'network failure'})`;
  return new NetworkError(
    scrub(`${context.method} ${context.path} ${what}`),
    { ...context, cause: new Error(scrub(safeCause(error).message)) },
    !neverSent,
    name === 'TimeoutError' ? timeoutMs : undefined,
  );
}

/**
 * A network error (fetch's above all) may carry the request, whose headers hold the Authorization (the token): anything that prints
 * an error with its causes (util.inspect, a logger) would show it. Keep only names, codes and messages.
 */
function safeCause(error: unknown): Error {
  const chain: string[] = [];
  for (let current = error, depth = 0; current && depth < 5; depth++) {
    const { name, message, code } = current as { name?: string; message?: string; code?: unknown };
    chain.push([name, typeof code === 'string' ? code : undefined, message].filter(Boolean).join(': '));
    current = (current as { cause?: unknown }).cause;
  }
  return new Error(chain.join(' <- '));
}

function findCode(error: unknown): string | undefined {
  for (let current = error, depth = 0; current && depth < 5; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/** An http:// address of this computer (the only http:// the address check accepts: base-url.ts). */
function plainToThisComputer(baseUrl: string): boolean {
  try {
    const url = new URL(baseUrl);
    return url.protocol === 'http:' && isLoopback(url.hostname);
  } catch {
    return false;
  }
}

function parseJson(text: string): unknown {
  if (!text.trim()) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function shown(text: string): string {
  return text.length > BODY_SHOWN_CHARS
    ? `${text.slice(0, BODY_SHOWN_CHARS)}… (${text.length} characters)`
    : text;
}

function base64(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}
