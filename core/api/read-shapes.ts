/**
 * Where the payload sits in an answer (API-NOTES Tolerance, "Shapes": "a record may come bare or under
 * one wrapper key (`casefile_request`, `CasefileRequest`, `data`, …); a list may come bare or wrapped,
 * with or without paging metadata"). Each reader says which wrapper it took, so `check` can report the
 * shape and a refusal can name what came instead.
 */
import { isObject, toNumberOrKeep } from './read-values.ts';

/** Wrapper keys seen in the wild or in the seed (`casefile_request` is the seed's own body key). */
const RECORD_KEYS = [
  'casefile_request',
  'CasefileRequest',
  'case_request',
  'CaseRequest',
  'data',
  'record',
  'result',
];
const LIST_KEYS = [
  'data',
  'records',
  'results',
  'items',
  'casefile_requests',
  'CasefileRequests',
  'case_requests',
  'CaseRequests',
  'CasefileRequest',
];
const COUNT_KEYS = ['data', 'meta', 'result', 'count', 'pagination', 'paging'];

export interface Unwrapped<T> {
  value: T;
  /** The key (or keys, outermost first) the value was under; null when it came bare. */
  wrapper: string | null;
}

/**
 * A single record: bare (has `id`), or under one wrapper: a known key, or else the only key of the
 * answer whose value is an object with an `id` (an unknown wrapper such as `{"casefile": {...}}`).
 */
export function unwrapRecord(raw: unknown, depth = 0): Unwrapped<Record<string, unknown>> | null {
  if (!isObject(raw)) return null;
  if ('id' in raw) return { value: raw, wrapper: null };
  if (depth >= 2) return null;
  const known = RECORD_KEYS.filter((key) => isObject(raw[key]));
  const candidates = known.length
    ? known
    : Object.keys(raw).filter((key) => isObject(raw[key]) && 'id' in (raw[key] as object));
  if (candidates.length !== 1) return null;
  const key = candidates[0]!;
  const inner = unwrapRecord(raw[key], depth + 1);
  return inner ? { value: inner.value, wrapper: inner.wrapper ? `${key}.${inner.wrapper}` : key } : null;
}

/** A list: a bare array, or the array under a known key, or the only array-valued key of the answer. */
export function unwrapList(raw: unknown): Unwrapped<unknown[]> | null {
  if (Array.isArray(raw)) return { value: raw, wrapper: null };
  if (!isObject(raw)) return null;
  const known = LIST_KEYS.find((key) => Array.isArray(raw[key]));
  if (known) return { value: raw[known] as unknown[], wrapper: known };
  const arrays = Object.keys(raw).filter((key) => Array.isArray(raw[key]));
  if (arrays.length === 1) return { value: raw[arrays[0]!] as unknown[], wrapper: arrays[0]! };
  // `{"data": {"data": [...]}}` (a paginator serialised whole) or `{"response": {"items": [...]}}`.
  const objects = Object.keys(raw).filter((key) => isObject(raw[key]));
  if (objects.length === 1) {
    const inner = unwrapList(raw[objects[0]!]);
    if (inner) return { value: inner.value, wrapper: `${objects[0]}.${inner.wrapper ?? ''}` };
  }
  return null;
}

/** Paging metadata keys beside a wrapped list, for `check` to report (e.g. `meta`, `total`). */
export function listMetadataKeys(raw: unknown, wrapper: string | null): string[] {
  if (!isObject(raw) || wrapper === null) return [];
  const top = wrapper.split('.')[0];
  return Object.keys(raw).filter((key) => key !== top);
}

export interface CountAnswer {
  record_count: number;
  /** Absent when the server did not say (derived by the caller from the page size asked). */
  page_count: number | undefined;
}

/**
 * `mode=count` (API-NOTES Known: `{"record_count": N, "page_count": M}`), also wrapped one level
 * (`{"data": {...}}`, `{"meta": {...}}`), with numbers as strings, or without `page_count`.
 * `total`/`count` are read where `record_count` is absent: the names paging libraries use.
 */
export function unwrapCount(raw: unknown, depth = 0): Unwrapped<CountAnswer> | null {
  if (!isObject(raw)) return null;
  const count = firstNumber(raw, ['record_count', 'total_count', 'total', 'count']);
  if (count !== undefined) {
    const pages = firstNumber(raw, ['page_count', 'last_page', 'total_pages', 'pages']);
    return { value: { record_count: count, page_count: pages }, wrapper: null };
  }
  if (depth >= 1) return null;
  for (const key of COUNT_KEYS) {
    const inner = unwrapCount(raw[key], depth + 1);
    if (inner) return { value: inner.value, wrapper: key };
  }
  return null;
}

function firstNumber(raw: Record<string, unknown>, keys: string[]): number | undefined {
  for (const key of keys) {
    const value = toNumberOrKeep(raw[key]);
    if (typeof value === 'number' && Number.isInteger(value) && value >= 0) return value;
  }
  return undefined;
}
