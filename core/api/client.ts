/**
 * The Trackops case-request API client (seed: case-requests-api.txt; API-NOTES). One per connection:
 * Basic auth as Trackops does it, JSON bodies nested under `casefile_request`, every request paced by
 * the connection's pacer, answers read tolerantly (API-NOTES "Assumed" shapes), failures as typed errors.
 */
import type { AccountReference, ReferenceKind } from '../account/reference.ts';
import type { Pacer } from '../pace/pacer.ts';
import { InputError } from '../errors.ts';
import {
  BadResponseError,
  CountUnsupportedError,
  NotFoundError,
  RedirectedError,
  ValidationError,
} from './errors.ts';
import { MAPPING_FILE_WORDS } from '../problems/mapping-words.ts';
import {
  createHttp,
  type ApiEvent,
  type ApiEventListener,
  type BeforeAttempt,
  type Http,
  type HttpOptions,
  type WriteHttpAnswer,
} from './http.ts';
import { emptyReference, readCaseRequest, toFieldDef, toRecordCount, toReferenceItem } from './normalize.ts';
import { unwrapList, unwrapRecord } from './read-shapes.ts';
import { newPageSizeMemory, readReferencePages } from './reference-pages.ts';
import { checkApiBaseUrl } from './base-url.ts';
import { displayUrl } from './redact.ts';
import {
  BODY_KEY,
  type CaseRequestRecord,
  type ConnectionSettings,
  type TrackopsApi,
  type WriteAnswer,
} from './types.ts';
import { acknowledges, failureSaid } from './write-failure.ts';
import { DEFAULT_REFERENCE_PATHS } from './reference-paths.ts';
import { filterInZone, provesNotWest, SYSTEM_TIME_FILTERS, type StampZone } from './stamp-zone.ts';
import { rememberedStampZone } from './stamp-zone-memory.ts';
import type { ServerClock } from './server-clock.ts';
import type { ConnectionWords } from './connection-words.ts';

/** Why a reference list a profile records as not served was not read (open-account.ts tells it apart). */
export const notServed = (words: ConnectionWords): string =>
  `this account does not serve it (recorded by ${words.checkName()})`;

export type { ApiEvent } from './http.ts';

export interface ApiOptions {
  /** Shared by every caller of this connection; default: 1 request/s, 1 in flight (API-NOTES). */
  pacer?: Pacer;
  /** Per attempt; default the connection's `timeoutSeconds`, else 30 s. */
  timeoutMs?: number;
  onEvent?: (event: ApiEvent) => void;
  fetch?: typeof fetch;
  /** The wait before a retry; replaceable in tests, with the pacer's clock, to wait in faster time. */
  sleep?: HttpOptions['sleep'];
  /** Where the answers' Date headers are kept (tests give one on their own clock); default: a new one. */
  serverClock?: HttpOptions['serverClock'];
  /** The zone of the server's stamps (tests give one); default: one remembered by `settings.zoneMemory`. */
  stampZone?: StampZone;
}

// Kept in their own file so that base-url-hint.ts can name them without importing the client.
export { DEFAULT_REFERENCE_PATHS };

/**
 * The order the lists are read in: the longest usually first (an account has more fields than
 * regions), so that what its pages show about the server's page size spares the others a request.
 */
export const READ_ORDER: ReferenceKind[] = [
  'fields',
  'case_types',
  'case_regions',
  'case_services',
  'case_flags',
  'referral_sources',
  'company_locations',
  'subject_types',
];

/** API-NOTES "Assumed": maximum per_page. A page shorter than per_page is the last (Known). */
export const MAX_PER_PAGE = 100;

export function createTrackopsApi(settings: ConnectionSettings, options: ApiOptions = {}): TrackopsApi {
  const connection = createHttp({
    baseUrl: checkedBaseUrl(settings.baseUrl),
    user: settings.user,
    token: settings.token,
    ...(settings.timeoutSeconds === undefined ? {} : { timeoutMs: settings.timeoutSeconds * 1000 }),
    words: settings.words,
    ...options,
  });
  const referencePaths = { ...DEFAULT_REFERENCE_PATHS, ...settings.referencePaths };
  // A page size found by `check` (a profile): asked for at once instead of a larger one the server cuts,
  // but a hint, since the server may have lowered its cap since (reference-pages.ts).
  const pageSize = newPageSizeMemory(null, settings.pageSize ?? undefined);
  const pageOf = (perPage: number) => {
    const size = pageSize.known ?? pageSize.hint;
    return size ? Math.min(perPage, size) : perPage;
  };

  const timeoutMs =
    options.timeoutMs ?? (settings.timeoutSeconds === undefined ? undefined : settings.timeoutSeconds * 1000);
  // One per connection, like its clock: every row's view reads stamps in the zone any write showed.
  const stampZone = options.stampZone ?? rememberedStampZone(settings.zoneMemory);
  if (settings.knownStampZone) stampZone.assume(settings.knownStampZone);
  return apiOver(connection, undefined);

  /**
   * The client's calls, each telling `tell` its events too: `observed` gives a batch's row a view of
   * the one connection whose events are that row's alone (core/batch/trackops-waits.ts), so that what
   * it says of a silence names the right row however many are in flight.
   */
  function apiOver(whole: Http, tell: ApiEventListener | undefined): TrackopsApi {
    const http: Http = tell
      ? {
          pacer: whole.pacer,
          serverClock: whole.serverClock,
          call: (method, path, body, signal) => whole.call(method, path, body, signal, tell),
          write: (method, path, body, signal, _tell, beforeAttempt) =>
            whole.write(method, path, body, signal, tell, beforeAttempt),
        }
      : whole;
    return {
      ...(timeoutMs === undefined ? {} : { timeoutMs }),
      serverClock: http.serverClock,
      stampZone,
      words: settings.words,
      observed: (listener) => apiOver(whole, listener),
      async listCaseRequests(filters, page, signal) {
        const query = queryString({
          ...inZone(filters, stampZone),
          page: page.page,
          per_page: pageOf(page.perPage),
          dir: page.dir ?? 'asc',
        });
        const path = `case/requests?${query}`;
        const raw = await http.call('GET', path, undefined, signal);
        const records = recordsOf(raw, 'GET', path, stampZone.offsetMinutes);
        notWestFrom(records, http.serverClock, stampZone, 'GET case/requests');
        return records;
      },
      async countCaseRequests(filters, perPage, signal) {
        const asked = pageOf(perPage);
        const path = `case/requests?${queryString({ ...inZone(filters, stampZone), per_page: asked, mode: 'count' })}`;
        const raw = await http.call('GET', path, undefined, signal);
        const count = toRecordCount(raw, asked);
        if (count) return count;
        if (unwrapList(raw))
          throw new CountUnsupportedError(
            { method: 'GET', path },
            (settings.words ?? MAPPING_FILE_WORDS).runCheck(),
          );
        throw badBody(
          'GET',
          path,
          raw,
          'a count of case requests (expected {"record_count": N, "page_count": M})',
        );
      },
      async getCaseRequest(id, signal) {
        const path = `case/requests/${encodeURIComponent(String(id))}`;
        const record = recordOf(
          await http.call('GET', path, undefined, signal),
          'GET',
          path,
          stampZone.offsetMinutes,
        );
        notWestFrom([record], http.serverClock, stampZone, `GET ${path}`);
        return record;
      },
      async createCaseRequest(body, signal, beforeAttempt) {
        const answer = await writeOrSeeOther(http, 'POST', 'case/requests', { [BODY_KEY]: body }, signal, {
          beforeAttempt,
        });
        learnZone(answer, 'created_at', 'POST case/requests', stampZone);
        return writeAnswerOf(answer, stampZone.offsetMinutes);
      },
      async updateCaseRequest(id, body, signal, beforeAttempt) {
        const path = `case/requests/${encodeURIComponent(String(id))}`;
        const answer = await writeOrSeeOther(http, 'PUT', path, { [BODY_KEY]: body }, signal, {
          id,
          beforeAttempt,
        });
        learnZone(answer, 'updated_at', `PUT ${path}`, stampZone);
        return writeAnswerOf(answer, stampZone.offsetMinutes);
      },
      async getReference(signal) {
        const reference = emptyReference();
        const unavailable: Partial<Record<ReferenceKind, string>> = {};
        const incomplete: NonNullable<AccountReference['incomplete']> = {};
        const fromPageZero: NonNullable<AccountReference['fromPageZero']> = {};
        for (const kind of READ_ORDER) {
          const basePath = referencePaths[kind];
          if (basePath === null) {
            unavailable[kind] = notServed(settings.words);
            continue;
          }
          const path = basePath.replace(/^\/+/, '');
          try {
            const { items, cutShort, fromZero, pageSizeChanged } = await readReferencePages(
              (page, perPage) =>
                http.call('GET', `${path}?${queryString({ page, per_page: perPage })}`, undefined, signal),
              MAX_PER_PAGE,
              pageSize,
              (raw) => badBody('GET', path, raw, 'a list'),
              (item) => unwrapRecord(item)?.value.id,
              settings.words,
            );
            const read = kind === 'fields' ? items.map(toFieldDef) : items.map(toReferenceItem);
            (reference[kind] as unknown[]) = read.filter((item) => item !== null);
            if (cutShort) incomplete[kind] = { listed: reference[kind].length, why: cutShort };
            if (fromZero) fromPageZero[kind] = fromZero;
            if (pageSizeChanged) reference.pageSizeChanged = pageSizeChanged;
          } catch (error) {
            // API-NOTES Tolerance: any one path may be missing on a real account; lose only the checks
            // that need it. Credentials, network and server trouble still stop the run.
            if (
              !(error instanceof NotFoundError) &&
              !(error instanceof BadResponseError) &&
              !(error instanceof ValidationError)
            )
              throw error;
            unavailable[kind] =
              `GET ${path} ${error instanceof NotFoundError ? 'answered 404 (not found)' : `could not be read: ${error.message}`}`;
          }
        }
        if (Object.keys(unavailable).length > 0) reference.unavailable = unavailable;
        if (Object.keys(incomplete).length > 0) reference.incomplete = incomplete;
        if (Object.keys(fromPageZero).length > 0) reference.fromPageZero = fromPageZero;
        return reference;
      },
    };
  }
}

/** `filters` with their system times in the zone the server stamps in (stamp-zone.ts). */
function inZone<T extends object>(filters: T, zone: StampZone): T {
  if (zone.offsetMinutes === 0) return filters;
  const shifted = { ...filters } as Record<string, unknown>;
  for (const name of SYSTEM_TIME_FILTERS) {
    const value = shifted[name];
    if (typeof value === 'string') shifted[name] = filterInZone(value, zone.offsetMinutes);
  }
  return shifted as T;
}

/**
 * Learns the server's zone from a write's answer (stamp-zone.ts): `key`, the stamp that write set (a
 * create's created_at, an update's updated_at), as the server wrote it, against the answer's Date.
 */
function learnZone(answer: WriteHttpAnswer, key: 'created_at' | 'updated_at', what: string, zone: StampZone) {
  if (zone.observed) return;
  const record = unwrapRecord(answer.body)?.value;
  if (!record) return;
  // A create's two stamps are set together; one whose updated_at differs is an older request.
  if (key === 'created_at' && record.updated_at !== undefined && record.updated_at !== record.created_at)
    return;
  const name =
    typeof record.case_request_number === 'string' ? record.case_request_number : `id ${String(record.id)}`;
  const id = Number(record.id);
  const known = Number.isSafeInteger(id) ? id : undefined;
  zone.observeWrite(record[key], answer.serverMillis, `the answer to ${what} (${name})`, known);
}

/**
 * While the zone is not known, a read's record changed in the last 45 minutes by the server's clock
 * (its latest Date header, at or after this answer's) proves it does not stamp west of UTC
 * (stamp-zone.ts provesNotWest). Looks no further once anything is known: one record is enough.
 */
function notWestFrom(
  records: CaseRequestRecord[],
  clock: ServerClock | undefined,
  zone: StampZone,
  read: string,
): void {
  const serverMillis = clock?.latest?.serverMillis;
  if (zone.learnt !== null || serverMillis === undefined) return;
  for (const record of records) {
    const stamp = record.updated_at ?? record.created_at;
    if (typeof stamp !== 'string' || !provesNotWest(stamp, serverMillis)) continue;
    const name =
      typeof record.case_request_number === 'string' ? record.case_request_number : `id ${String(record.id)}`;
    zone.observeRead(stamp, serverMillis, `${name} in the answer to ${read}`);
    return;
  }
}

function recordsOf(raw: unknown, method: string, path: string, zoneMinutes: number): CaseRequestRecord[] {
  const list = unwrapList(raw);
  if (!list)
    throw badBody(method, path, raw, 'a list of case requests (a JSON array, bare or under one key)');
  return list.value.map((entry) => {
    const read = readCaseRequest(entry, zoneMinutes);
    if ('unreadable' in read) throw badBody(method, path, entry, `case requests: ${read.unreadable}`);
    return read.record;
  });
}

/** A 2xx to a write is a write that happened: an unreadable body only means the record is not known. */
function writeAnswerOf(answer: WriteHttpAnswer, zoneMinutes: number): WriteAnswer {
  const read = readCaseRequest(answer.body, zoneMinutes);
  if ('record' in read) return { status: answer.status, record: read.record };
  const said = failureSaid(answer.body);
  const locationId = requestIdAt(answer.locationPath);
  return {
    status: answer.status,
    record: null,
    unreadable: answer.text || '(no body)',
    ...(said === null ? {} : { failureSaid: said }),
    ...(locationId === null ? {} : { locationId }),
    // A 303 has no body, but is no acknowledgement: it says where to read what was done.
    ...(answer.status !== 303 && acknowledges(answer.body) ? { acknowledged: true as const } : {}),
  };
}

/**
 * A write answered the Post/Redirect/Get way (explore 29 item 1: Rails, Laravel and PHP back ends, some
 * gateways): `303 See Other` to the request it made (a create) or changed (an update, to its own
 * address) is the API's answer that the write was done, with the record left to read there. Taken as a
 * 2xx without a body that names the request. Any other redirect stays a RedirectedError: in doubt.
 */
async function writeOrSeeOther(
  http: Http,
  method: 'POST' | 'PUT',
  path: string,
  body: unknown,
  signal: AbortSignal | undefined,
  { id, beforeAttempt }: { id?: number; beforeAttempt?: BeforeAttempt | undefined },
): Promise<WriteHttpAnswer> {
  try {
    return await http.write(method, path, body, signal, undefined, beforeAttempt);
  } catch (error) {
    if (!(error instanceof RedirectedError) || error.status !== 303) throw error;
    const named = requestIdAt(error.locationPath ?? undefined);
    if (named === null || (id !== undefined && named !== id)) throw error;
    return { status: 303, body: undefined, text: '', locationPath: error.locationPath! };
  }
}

/** The id of the case request a path under the API base names (`case/requests/37`), else null. */
function requestIdAt(path: string | undefined): number | null {
  const match = path === undefined ? null : /^case\/requests\/([1-9]\d*)$/.exec(path);
  const id = match ? Number(match[1]) : null;
  return id !== null && Number.isSafeInteger(id) ? id : null;
}

function recordOf(raw: unknown, method: string, path: string, zoneMinutes: number): CaseRequestRecord {
  const read = readCaseRequest(raw, zoneMinutes);
  if ('unreadable' in read) throw badBody(method, path, raw, `a case request: ${read.unreadable}`);
  return read.record;
}

function badBody(method: string, path: string, raw: unknown, expected: string): BadResponseError {
  const text = JSON.stringify(raw) ?? String(raw);
  const shown = text.length > 300 ? `${text.slice(0, 300)}…` : text;
  return new BadResponseError(
    `${method} ${path}: expected ${expected}, got ${shown}`,
    { method, path },
    shown,
  );
}

function queryString(params: Record<string, string | number | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== '') search.set(key, String(value));
  }
  return search.toString();
}

/**
 * core's check of the API base (base-url.ts): HTTPS only (API-NOTES Known), except to loopback where the
 * sandbox runs, and never an address carrying a user name, password or query (it may hold the token, and
 * the address reaches labels and files). A bare host is let through here: its 404 gets the /api/v1 hint.
 * Trailing slash, so relative paths resolve under it.
 */
function checkedBaseUrl(raw: string): string {
  const checked = checkApiBaseUrl(raw);
  if (checked.ok) return checked.baseUrl + '/';
  switch (checked.code) {
    case 'no_path':
      return new URL(raw.trim()).toString().replace(/\/+$/, '') + '/';
    case 'credentials':
    case 'query':
      throw new InputError(
        'bad_url',
        `API base URL '${checked.shown}' holds a user name, password or query; give the user and token apart${checked.suggestion ? `, and the address as ${checked.suggestion}` : ''}`,
      );
    case 'not_url':
      throw new InputError(
        'bad_url',
        `API base URL ${displayUrl(raw)}; expected e.g. https://acme.viewcases.com/api/v1`,
      );
    case 'plain_http':
    case 'scheme':
      throw new InputError(
        'bad_url',
        `API base URL '${displayUrl(raw)}' must use https:// (plain http:// only to this machine)`,
      );
  }
}
