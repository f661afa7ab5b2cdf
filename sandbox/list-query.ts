/**
 * The list endpoint's query (seed "Listing Case Requests"; API-NOTES Known: `page` 1-based, `per_page`,
 * `dir=asc|desc`, `mode=count`, `from`/`to` aliases; Assumed: `per_page` default 25, max 100, sorted by id).
 * The seed spells the aliases "(Alias: From)" and "(Alias: To)", so both spellings are accepted. Any other
 * parameter is refused (422, naming it), as unknown write parameters are: a misspelled filter must not
 * answer with the whole account.
 * Date filters compare the user's dates `created_on`/`due_on` inclusively; `*_system` and `updated_*`
 * compare the UTC timestamps `created_at`/`updated_at`.
 */
import type { StoredCaseRequest } from './account-schema.ts';
import { isIsoDate, timestampBound } from './dates.ts';
import { readId } from './scalars.ts';
import type { TextFilterMatch } from './route-types.ts';
import { WriteProblems } from './write-problems.ts';

export const DEFAULT_PER_PAGE = 25;
export const MAX_PER_PAGE = 100;

type Predicate = (record: StoredCaseRequest) => boolean;

export interface ListQuery {
  predicates: Predicate[];
  page: number;
  perPage: number;
  dir: 'asc' | 'desc';
  countOnly: boolean;
  expand: boolean;
}

const ID_FILTERS: Record<string, (record: StoredCaseRequest) => number | null> = {
  id: (record) => record.id,
  client: (record) => record.client_id,
  location: (record) => record.location_id,
  case_region: (record) => record.case_region_id,
  primary_contact: (record) => record.primary_contact_id,
  primary_subject: (record) => record.primary_subject_id,
  series_number: (record) => record.series_number,
};

const DATE_FILTERS: Record<string, { field: 'created_on' | 'due_on'; edge: 'start' | 'end' }> = {
  created_from: { field: 'created_on', edge: 'start' },
  from: { field: 'created_on', edge: 'start' },
  From: { field: 'created_on', edge: 'start' },
  created_to: { field: 'created_on', edge: 'end' },
  to: { field: 'created_on', edge: 'end' },
  To: { field: 'created_on', edge: 'end' },
  due_from: { field: 'due_on', edge: 'start' },
  due_to: { field: 'due_on', edge: 'end' },
};

const TIMESTAMP_FILTERS: Record<string, { field: 'created_at' | 'updated_at'; edge: 'start' | 'end' }> = {
  created_from_system: { field: 'created_at', edge: 'start' },
  created_to_system: { field: 'created_at', edge: 'end' },
  updated_from: { field: 'updated_at', edge: 'start' },
  updated_to: { field: 'updated_at', edge: 'end' },
};

const TEXT_FILTERS = [
  'reference_value_1',
  'reference_value_2',
  'reference_value_3',
  'case_request_number',
] as const;

/** Paging and answer-shape parameters, beside the filters above. */
const OTHER_PARAMETERS = ['page', 'per_page', 'dir', 'mode', 'expand_field_values'] as const;

const KNOWN_PARAMETERS: ReadonlySet<string> = new Set([
  ...Object.keys(ID_FILTERS),
  ...Object.keys(DATE_FILTERS),
  ...Object.keys(TIMESTAMP_FILTERS),
  ...TEXT_FILTERS,
  ...OTHER_PARAMETERS,
]);

/** Each parameter the list does not know, with the known one it is probably a misspelling of. */
function refuseUnknown(
  params: URLSearchParams,
  alsoAccepted: readonly string[],
  problems: WriteProblems,
): void {
  for (const name of new Set(params.keys())) {
    if (KNOWN_PARAMETERS.has(name) || alsoAccepted.includes(name)) continue;
    const allowed = Math.max(1, Math.floor(name.length / 4));
    const near = [...KNOWN_PARAMETERS].find(
      (known) => editDistance(known.toLowerCase(), name.toLowerCase()) <= allowed,
    );
    problems.add(name, `is not a parameter of the case request list${near ? `; did you mean ${near}?` : ''}`);
  }
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++)
      row[j] = Math.min(
        previous[j]! + 1,
        row[j - 1]! + 1,
        previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
    previous = row;
  }
  return previous[b.length]!;
}

export type ParsedListQuery = { ok: true; query: ListQuery } | { ok: false; problems: WriteProblems };

export function parseListQuery(
  params: URLSearchParams,
  textFilter: TextFilterMatch = 'exact',
  alsoAccepted: readonly string[] = [],
): ParsedListQuery {
  const problems = new WriteProblems();
  refuseUnknown(params, alsoAccepted, problems);
  const predicates: Predicate[] = [];
  for (const [name, read] of Object.entries(ID_FILTERS)) {
    const raw = params.get(name);
    if (raw === null || raw === '' || (textFilter === 'ignored' && name === 'id')) continue;
    const wanted = readId(raw);
    if (wanted === undefined) problems.add(name, `must be a positive integer id; got "${raw}"`);
    else predicates.push((record) => read(record) === wanted);
  }
  for (const [name, { field, edge }] of Object.entries(DATE_FILTERS)) {
    const raw = params.get(name);
    if (raw === null || raw === '') continue;
    if (!isIsoDate(raw)) {
      problems.add(name, `must be a date YYYY-MM-DD that exists; got "${raw}"`);
      continue;
    }
    predicates.push((record) => {
      const value = record[field];
      return value !== null && (edge === 'start' ? value >= raw : value <= raw);
    });
  }
  for (const [name, { field, edge }] of Object.entries(TIMESTAMP_FILTERS)) {
    const raw = params.get(name);
    if (raw === null || raw === '') continue;
    const bound = timestampBound(raw, edge);
    if (bound === null) {
      problems.add(
        name,
        `must be a UTC timestamp "YYYY-MM-DD HH:MM:SS", an ISO 8601 time or a date YYYY-MM-DD; got "${raw}"`,
      );
      continue;
    }
    predicates.push((record) => (edge === 'start' ? record[field] >= bound : record[field] <= bound));
  }
  for (const name of TEXT_FILTERS) {
    const raw = params.get(name);
    if (raw === null || raw === '' || textFilter === 'ignored') continue;
    const wanted = raw.toLowerCase();
    predicates.push(
      textFilter === 'contains'
        ? (record) => (record[name] ?? '').toLowerCase().includes(wanted)
        : (record) => record[name] === raw,
    );
  }
  const page = readPositive(params, 'page', 1, problems);
  const perPage = Math.min(MAX_PER_PAGE, readPositive(params, 'per_page', DEFAULT_PER_PAGE, problems));
  const dirRaw = (params.get('dir') ?? 'asc').toLowerCase();
  if (dirRaw !== 'asc' && dirRaw !== 'desc')
    problems.add('dir', `must be asc or desc; got "${params.get('dir')}"`);
  const modeRaw = params.get('mode');
  if (modeRaw !== null && modeRaw !== '' && modeRaw !== 'count')
    problems.add('mode', `must be count when given; got "${modeRaw}"`);
  if (problems.count > 0) return { ok: false, problems };
  return {
    ok: true,
    query: {
      predicates,
      page,
      perPage,
      dir: dirRaw === 'desc' ? 'desc' : 'asc',
      countOnly: modeRaw === 'count',
      expand: isTruthy(params.get('expand_field_values')),
    },
  };
}

export function isTruthy(raw: string | null): boolean {
  return raw === '1' || raw === 'true';
}

function readPositive(
  params: URLSearchParams,
  name: string,
  fallback: number,
  problems: WriteProblems,
): number {
  const raw = params.get(name);
  if (raw === null || raw === '') return fallback;
  if (!/^\d+$/.test(raw)) {
    problems.add(name, `must be a whole number; got "${raw}"`);
    return fallback;
  }
  return Math.max(1, Number(raw));
}

export interface ListAnswer {
  records: StoredCaseRequest[];
  recordCount: number;
  pageCount: number;
}

export function runListQuery(records: readonly StoredCaseRequest[], query: ListQuery): ListAnswer {
  const matching = records.filter((record) => query.predicates.every((predicate) => predicate(record)));
  matching.sort((a, b) => (query.dir === 'asc' ? a.id - b.id : b.id - a.id));
  const start = (query.page - 1) * query.perPage;
  return {
    records: matching.slice(start, start + query.perPage),
    recordCount: matching.length,
    pageCount: Math.ceil(matching.length / query.perPage),
  };
}
