/**
 * `trackops-bulk check` and the app's "Test connection": a read-only probe of a real account (API-NOTES
 * Tolerance, "Discovery": "asks a real account these questions with read-only requests and records the
 * answers with the connection; later runs use them instead of the guesses"). Only GETs, about seventeen:
 * authentication, each reference path (and whether it could be read whole), the shape of `fields`, one
 * list page with `per_page=1`, `mode=count`, the largest page the server gives, paging against the
 * count (check-paging.ts), date and timestamp formats, record and list wrappers,
 * whether list filters match exactly, and rate-limit headers. Each finding says what was assumed and
 * what was found; anything that would make an import unsafe is said in plain words.
 */
import { createHttp, type ApiEvent, type Http, type HttpOptions } from '../api/http.ts';
import { createRedactor, scrubEveryText } from '../api/redact.ts';
import { withApiBaseHint } from '../api/base-url-hint.ts';
import { BadResponseError, NotFoundError, ValidationError } from '../api/errors.ts';
import { nodeTransport } from '../api/node-transport.ts';
import { fetchTransport, headerOf, type Transport } from '../api/transport.ts';
import { DEFAULT_REFERENCE_PATHS, READ_ORDER } from '../api/client.ts';
import { readCaseRequest, toFieldDef, toRecordCount } from '../api/normalize.ts';
import { unwrapCount, unwrapList, unwrapRecord, listMetadataKeys } from '../api/read-shapes.ts';
import { isObject } from '../api/read-values.ts';
import { itemMembersWords } from './check-item-members.ts';
import { newPageSizeMemory, readReferencePages } from '../api/reference-pages.ts';
import type { ConnectionSettings } from '../api/types.ts';
import { createPacer, type Pacer } from '../pace/pacer.ts';
import type { ReferenceKind } from './reference.ts';
import { recordFindings, type Sample } from './check-records.ts';
import { checkPaging, idsOf } from './check-paging.ts';
import { typeTagKeyOf } from './check-shapes.ts';
import type { CheckFinding } from './check-finding.ts';
import type { ConnectionWords } from '../api/connection-words.ts';

export type { CheckFinding, Verdict } from './check-finding.ts';

export interface AccountCheck {
  checkedAt: string;
  baseUrl: string;
  user: string;
  findings: CheckFinding[];
  /** In plain words, each thing that would make an import unsafe; empty when there is none. */
  unsafe: string[];
  /** What later runs use instead of the guesses (saved with the connection). */
  use: { referencePaths: Partial<Record<ReferenceKind, string | null>>; pageSize: number | null };
  /** Rate-limit headers the account sent, as they came but for the token (scrubbed in every form). */
  rateLimitHeaders: Record<string, string>;
  /** The account's case requests by its own count, when it could be read. */
  caseRequestCount: number | null;
  requests: number;
}

export interface CheckOptions {
  pacer?: Pacer;
  signal?: AbortSignal;
  onEvent?: (event: ApiEvent) => void;
  fetch?: typeof fetch;
  now?: () => Date;
  /** The pause before a failed read is tried again (tests pass a shorter one); default core's back-off. */
  retrySleep?: HttpOptions['sleep'];
}

const RATE_HEADER = /^(x-)?rate-?limit|^x-ratelimit|^retry-after$/i;

export async function checkAccount(
  settings: ConnectionSettings,
  options: CheckOptions = {},
): Promise<AccountCheck> {
  const headers: Record<string, string> = {};
  // Explore 51: a gateway that limits per key may name the key in a header (`x-ratelimit-key:
  // apikey:TOKEN`); headers are the server's words like its bodies, so they are scrubbed like them
  // (http.ts) before they are kept, printed, or saved in a profile file meant to be shared.
  const scrub = createRedactor({ user: settings.user, token: settings.token });
  // Recorded at the transport, under the retry loop: every answer's rate-limit headers, 429s included.
  const base = options.fetch ? fetchTransport(options.fetch) : nodeTransport();
  const recording: Transport = async (request) => {
    const answer = await base(request);
    for (const name of Object.keys(answer.headers)) {
      const value = headerOf(answer, name);
      if (value !== undefined && RATE_HEADER.test(name)) headers[scrub(name.toLowerCase())] = scrub(value);
    }
    return answer;
  };
  let requests = 0;
  const http = createHttp({
    baseUrl: `${settings.baseUrl.replace(/\/+$/, '')}/`,
    user: settings.user,
    token: settings.token,
    pacer: options.pacer ?? createPacer(),
    transport: recording,
    words: settings.words,
    ...(settings.timeoutSeconds === undefined ? {} : { timeoutMs: settings.timeoutSeconds * 1000 }),
    ...(options.retrySleep ? { sleep: options.retrySleep } : {}),
    onEvent: (event) => {
      if (event.type === 'request') requests += 1;
      options.onEvent?.(event);
    },
  });
  const get = (path: string) => http.call('GET', path, undefined, options.signal);
  const findings: CheckFinding[] = [];
  const unsafe: string[] = [];
  const add = (finding: CheckFinding, danger?: string) => {
    findings.push(finding);
    if (finding.verdict === 'unsafe') unsafe.push(danger ?? `${finding.topic}: ${finding.found}`);
  };

  // 1. Authentication and the list's shape, from the smallest page there is (a refusal throws AuthError).
  // A 404 on this first request most often means a base URL without /api/v1: say so (ours, not the server's).
  const first = await get('case/requests?page=1&per_page=1&dir=asc').catch((error: unknown) => {
    throw withApiBaseHint(error, settings.baseUrl);
  });
  add({
    topic: 'Authentication',
    assumed: 'HTTP Basic as NAME/token',
    found: 'accepted',
    verdict: 'as-assumed',
  });
  const firstList = listFinding(first, 1);
  add(firstList.finding, firstList.danger);

  // 2. Each reference path on its own, then what the field definitions look like.
  const paths = { ...DEFAULT_REFERENCE_PATHS, ...settings.referencePaths };
  const use: AccountCheck['use'] = { referencePaths: {}, pageSize: null };
  const pageSize = newPageSizeMemory();
  let fields: ReturnType<typeof toFieldDef>[] = [];
  for (const kind of READ_ORDER) {
    const path = (paths[kind] ?? DEFAULT_REFERENCE_PATHS[kind]).replace(/^\/+/, '');
    const read = await referenceFinding(http, kind, path, pageSize, options.signal, settings.words);
    add(read.finding, read.danger);
    use.referencePaths[kind] = read.ok ? path : null;
    if (kind === 'fields' && read.items) {
      fields = read.items.map(toFieldDef);
      for (const finding of fieldFindings(read.items)) add(finding);
    }
  }

  // 3. mode=count, and 4. the largest page, whose records also show formats and wrappers.
  const countRaw = await get('case/requests?mode=count&per_page=100').catch((error: unknown) => error);
  const count = countFinding(countRaw);
  add(count.finding, count.danger);
  let sample: Sample = { records: firstList.records, raw: firstList.raw };
  // Without a count (mode=count not served) the size of the account is not known: the first list's one
  // record is no count (explore 14 item 5 said "fewer than two" of an account holding 36), so the
  // largest page is read whenever the first list held a record.
  const total = count.total;
  let largestIds: (number | null)[] | null = null;
  if (total === null ? firstList.records.length > 0 : total > 1) {
    const page = await get('case/requests?page=1&per_page=100&dir=asc&expand_field_values=1');
    const listed = listFinding(page, 100);
    sample = { records: listed.records, raw: listed.raw, expanded: true };
    largestIds = idsOf(page);
    const largest = pageFinding(listed.raw.length, total);
    add(largest.finding);
    use.pageSize = largest.pageSize;
  } else {
    add({
      topic: 'Largest page',
      assumed: '100 records (per_page=100)',
      found:
        total === null
          ? 'cannot tell: the list of case requests is empty'
          : `cannot tell: the account holds ${total === 0 ? 'no case requests' : 'one case request'}`,
      verdict: 'unknown',
    });
  }
  // 4b. Paging against the count: one page placed at the end of the list as the count says.
  const paging = await checkPaging(get, idsOf(first), largestIds, count.total);
  add(paging.finding, paging.danger);
  const now = options.now?.() ?? new Date();
  for (const finding of await recordFindings(sample, fields, get, now)) add(finding);

  // 5. What no read can show.
  add({
    topic: 'Answers to writes',
    assumed: 'a create answers 201 with the record, an update 200 with the record',
    found: 'not checked (check never writes); any 2xx is taken as done and never sent again',
    verdict: 'unknown',
  });
  add({
    topic: 'Rate limit',
    assumed: 'unpublished: the tool sends 1 request/s and slows down on 429/503',
    found: Object.keys(headers).length
      ? Object.entries(headers)
          .map(([name, value]) => `${name}: ${value}`)
          .join(', ')
      : 'no rate-limit headers in the answers',
    verdict: Object.keys(headers).length ? 'handled' : 'unknown',
  });
  // Every finding quotes the server somewhere (a wrapper key, a field's name, a date as it came): the
  // whole result is scrubbed once more, so nothing a check keeps can hold the token.
  return scrubEveryText(
    {
      checkedAt: now.toISOString(),
      baseUrl: settings.baseUrl,
      user: settings.user,
      findings,
      unsafe,
      use,
      rateLimitHeaders: headers,
      caseRequestCount: count.total,
      requests,
    },
    scrub,
  );
}

interface ListRead {
  finding: CheckFinding;
  danger?: string;
  records: ReturnType<typeof readCaseRequest>[];
  /** The list's items as they came (each possibly under its own wrapper). */
  raw: unknown[];
}

function listFinding(raw: unknown, asked: number): ListRead {
  const assumed = 'a bare JSON array of records';
  const list = unwrapList(raw);
  if (!list) {
    const shown = JSON.stringify(raw)?.slice(0, 120) ?? String(raw);
    return {
      finding: { topic: 'List of case requests', assumed, found: `unreadable: ${shown}`, verdict: 'unsafe' },
      danger:
        'The list of case requests cannot be read: exports, duplicate checks and the search for a create whose answer was lost would all fail.',
      records: [],
      raw: [],
    };
  }
  const meta = listMetadataKeys(raw, list.wrapper);
  const shape = list.wrapper
    ? `under "${list.wrapper}"${meta.length ? ` beside ${meta.map((key) => `"${key}"`).join(', ')}` : ''}`
    : 'a bare array';
  const extra = asked === 1 && list.value.length > 1 ? `; asked for 1, got ${list.value.length}` : '';
  return {
    finding: {
      topic: 'List of case requests',
      assumed,
      found: `${shape}${extra}`,
      verdict: list.wrapper || extra ? 'handled' : 'as-assumed',
    },
    records: list.value.map((entry) => readCaseRequest(entry)),
    raw: list.value,
  };
}

async function referenceFinding(
  http: Http,
  kind: ReferenceKind,
  path: string,
  memory: ReturnType<typeof newPageSizeMemory>,
  signal: AbortSignal | undefined,
  words: ConnectionWords,
): Promise<{ finding: CheckFinding; danger?: string; ok: boolean; items?: unknown[] }> {
  const topic = `Reference list ${kind} (${path})`;
  const assumed = 'a JSON array of {id, name}, paged';
  let firstRaw: unknown;
  try {
    const { items, cutShort, fromZero } = await readReferencePages(
      async (page, perPage) => {
        const raw = await http.call('GET', `${path}?page=${page}&per_page=${perPage}`, undefined, signal);
        firstRaw ??= raw;
        return raw;
      },
      100,
      memory,
      (raw) =>
        new BadResponseError(
          `not a list: ${JSON.stringify(raw)?.slice(0, 120)}`,
          { method: 'GET', path },
          '',
        ),
      (item) => unwrapRecord(item)?.value.id,
      words,
    );
    const list = unwrapList(firstRaw);
    const itemWrapper = items.length ? unwrapRecord(items[0])?.wrapper : null;
    const shape = [
      list?.wrapper ? `under "${list.wrapper}"` : 'a bare array',
      itemWrapper ? `each item under "${itemWrapper}"` : '',
    ]
      .filter(Boolean)
      .join(', ');
    const plain = !list?.wrapper && !itemWrapper;
    // Members beyond {id, name} (an item marked not in use, explore 54 item 5): said, never passed as ok.
    const members =
      kind === 'fields' ? null : itemMembersWords(items.map((item) => unwrapRecord(item)?.value ?? item));
    return {
      finding: cutShort
        ? {
            topic,
            assumed,
            found: `not read whole: ${items.length} items, ${shape}; ${cutShort}`,
            verdict: 'unsafe',
          }
        : {
            topic,
            assumed,
            found: `${items.length} items, ${shape}${fromZero ? `; ${fromZero}` : ''}${members ? `; ${members}` : ''}`,
            verdict: plain && !fromZero && !members ? 'as-assumed' : 'handled',
          },
      ...(cutShort
        ? {
            danger:
              `The account's ${kind.replace(/_/g, ' ')} could not be read whole (${cutShort}): ` +
              `a row using one not among the ${items.length} listed would be refused as unknown.`,
          }
        : {}),
      ok: true,
      items: items.map((item) => unwrapRecord(item)?.value ?? item),
    };
  } catch (error) {
    if (!(
      error instanceof NotFoundError ||
      error instanceof BadResponseError ||
      error instanceof ValidationError
    ))
      throw error;
    const what = error instanceof NotFoundError ? 'missing (404)' : `unreadable (${error.message})`;
    return {
      finding: {
        topic,
        assumed,
        found: `${what}: the checks that need it are turned off; if the account serves it elsewhere, ${words.giveReferencePath(kind)}`,
        verdict: 'handled',
      },
      ok: false,
    };
  }
}

function fieldFindings(items: unknown[]): CheckFinding[] {
  const raw = items.filter(isObject);
  const keys = new Set(raw.map((field) => typeTagKeyOf(field) ?? '(none)'));
  const uses = new Set(raw.map((field) => String(field.use ?? '(none)')));
  const defs = raw.map(toFieldDef).filter((field) => field !== null);
  const unreadable = defs.filter((field) => field.choicesRead === 'unreadable');
  const labels = defs.filter((field) => field.choicesRead === 'labels');
  const untagged = defs.filter((field) => field.field_type_tag === '');
  return [
    {
      topic: 'Field definitions: type tag',
      assumed: 'under "field_type_tag"',
      found: untagged.length
        ? `${untagged.length} field(s) with no type tag the tool can find: their values are taken as text`
        : `under ${[...keys].map((key) => `"${key}"`).join(', ')}`,
      verdict: untagged.length
        ? 'handled'
        : keys.size === 1 && keys.has('field_type_tag')
          ? 'as-assumed'
          : 'handled',
    },
    {
      topic: 'Field definitions: use',
      assumed: '"case" or "subject"',
      found: [...uses].map((value) => `"${value}"`).join(', '),
      verdict: [...uses].every((value) => value === 'case' || value === 'subject') ? 'as-assumed' : 'handled',
    },
    {
      topic: 'Field definitions: choices',
      assumed: 'SELECT/RADIO choices as a list of words',
      found:
        [
          labels.length
            ? `${labels.length} field(s) give choices as objects (their labels are sent: a guess)`
            : '',
          unreadable.length
            ? `${unreadable.length} SELECT/RADIO field(s) without readable choices (any value accepted, Trackops checks)`
            : '',
        ]
          .filter(Boolean)
          .join('; ') || 'as assumed',
      verdict: labels.length || unreadable.length ? 'handled' : 'as-assumed',
    },
  ];
}

function countFinding(raw: unknown): { finding: CheckFinding; danger?: string; total: number | null } {
  const topic = 'Count (mode=count)';
  const assumed = '{"record_count": N, "page_count": M}';
  const count = raw instanceof Error ? null : unwrapCount(raw);
  if (!count || !toRecordCount(raw)) {
    const found =
      raw instanceof Error
        ? `refused: ${raw.message}`
        : unwrapList(raw)
          ? 'a list instead of a count: mode=count is not supported'
          : `unreadable: ${JSON.stringify(raw)?.slice(0, 120)}`;
    return {
      finding: { topic, assumed, found, verdict: 'unsafe' },
      danger:
        'The account does not answer mode=count with a count, so no listing can be checked for completeness: exports, duplicate checks and the search for lost creates will refuse to run.',
      total: null,
    };
  }
  const parts = [
    count.wrapper ? `under "${count.wrapper}"` : '',
    count.value.page_count === undefined ? 'without page_count (derived)' : '',
  ].filter(Boolean);
  return {
    finding: {
      topic,
      assumed,
      found: `${count.value.record_count} requests${parts.length ? `, ${parts.join(', ')}` : ''}`,
      verdict: parts.length ? 'handled' : 'as-assumed',
    },
    total: count.value.record_count,
  };
}

function pageFinding(
  given: number,
  total: number | null,
): { finding: CheckFinding; pageSize: number | null } {
  const topic = 'Largest page';
  const assumed = '100 records (per_page=100)';
  if (total === null && given < 100)
    return {
      finding: {
        topic,
        assumed,
        found:
          `cannot tell: page 1 asked with per_page=100 held ${given} records, and without a count (mode=count ` +
          'not served) a cap cannot be told from the end of the list',
        verdict: 'unknown',
      },
      pageSize: null,
    };
  total ??= Number.POSITIVE_INFINITY;
  const most = Math.min(100, total);
  if (given < most)
    return {
      finding: {
        topic,
        assumed,
        found: `${given}: the server cuts pages to ${given} without saying so; the tool asks for ${given} and checks every listing against the count`,
        verdict: 'handled',
      },
      pageSize: given,
    };
  if (given > 100)
    return {
      finding: { topic, assumed, found: `${given}: per_page is ignored`, verdict: 'handled' },
      pageSize: null,
    };
  if (total < 100)
    return {
      finding: {
        topic,
        assumed,
        found: `at least ${given} (the account holds no more, so a cap above that cannot be seen)`,
        verdict: 'unknown',
      },
      pageSize: null,
    };
  return { finding: { topic, assumed, found: '100, as assumed', verdict: 'as-assumed' }, pageSize: null };
}
