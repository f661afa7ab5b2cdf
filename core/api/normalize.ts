/**
 * Tolerant reading of what the API answers (API-NOTES "Assumed" record shape, and its Tolerance list):
 * a record bare or under one wrapper key; numbers and booleans sent as strings become numbers and
 * booleans; dates written with a midnight time become `YYYY-MM-DD`; timestamps with a zone become UTC
 * `YYYY-MM-DD HH:MM:SS`; composite custom-field values sent as JSON strings become objects;
 * `custom_fields` and `subjects` sent as objects keyed by id become lists; missing keys are fine and
 * unknown keys are kept as they came. What cannot be read is named, never guessed.
 */
import type { AccountReference, FieldDef } from '../account/reference.ts';
import type { CaseRequestRecord, CustomFieldEntry, RecordCount, SubjectRecord } from './types.ts';
import { unwrapCount, unwrapRecord } from './read-shapes.ts';
import {
  isMidnightDate,
  isObject,
  parseJsonArray,
  parseJsonObject,
  toBoolean,
  toDateOrKeep,
  toIdList,
  toNumberOrKeep,
  toUtcTimestampOrKeep,
} from './read-values.ts';

export { toReferenceItem, toFieldDef } from './read-fields.ts';

const NUMBER_KEYS = [
  'id',
  'series_number',
  'case_type_id',
  'case_region_id',
  'company_location_id',
  'referral_source_id',
  'budget_money',
  'budget_hours',
  'client_id',
  'location_id',
  'primary_contact_id',
  'primary_subject_id',
] as const;

const LIST_KEYS = ['case_services_list', 'case_flags_list'] as const;
const DATE_KEYS = ['created_on', 'due_on'] as const;
const TIMESTAMP_KEYS = ['created_at', 'updated_at'] as const;

export type RecordRead = { record: CaseRequestRecord } | { unreadable: string };

/** Returns null when `raw` is not a record with an id: the caller reports the body as it came. */
export function toCaseRequestRecord(raw: unknown): CaseRequestRecord | null {
  const read = readCaseRequest(raw);
  return 'record' in read ? read.record : null;
}

/** A record, or in words why it is not one (for a refusal that names what the server did). */
export function readCaseRequest(raw: unknown, zoneMinutes = 0): RecordRead {
  const source = unwrapRecord(raw)?.value;
  if (!source) return { unreadable: 'not a case request with an id (bare or under one wrapper key)' };
  const record: Record<string, unknown> = { ...source };
  for (const key of NUMBER_KEYS) {
    if (key in record) record[key] = toNumberOrKeep(record[key]);
  }
  for (const key of LIST_KEYS) {
    if (key in record) record[key] = toIdList(record[key]);
  }
  for (const key of DATE_KEYS) {
    if (key in record) record[key] = toDateOrKeep(record[key]);
  }
  for (const key of TIMESTAMP_KEYS) {
    if (key in record) record[key] = toUtcTimestampOrKeep(record[key], zoneMinutes);
  }
  for (const key of ['client', 'contact'] as const) {
    const value = parseJsonObject(record[key]);
    if (value !== undefined) record[key] = value;
  }
  if (typeof record.id !== 'number' || !Number.isFinite(record.id))
    return { unreadable: `its id ${JSON.stringify(source.id)} is not a number` };
  const where = `case request ${String(record.id)}`;
  // `"custom_fields": null` says no more than a missing key (a list that does not join them): read as
  // absent, so an export says it could not show them rather than show empty columns as "no values".
  for (const key of ['custom_fields', 'subjects'] as const) if (record[key] === null) delete record[key];
  if ('custom_fields' in record) {
    const fields = toCustomFields(record.custom_fields);
    if (!fields) return { unreadable: `${where}: custom_fields ${describe(record.custom_fields)}` };
    record.custom_fields = fields;
  }
  if ('subjects' in record) {
    const subjects = toCollection(record.subjects, 'id');
    if (!subjects) return { unreadable: `${where}: subjects ${describe(record.subjects)}` };
    const read: unknown[] = [];
    for (const [index, subject] of subjects.entries()) {
      const one = toSubject(subject);
      if (typeof one === 'string') return { unreadable: `${where}: subject ${index + 1} ${one}` };
      read.push(one);
    }
    record.subjects = read;
  }
  return { record: record as CaseRequestRecord };
}

/**
 * `mode=count`, bare or wrapped; `page_count` derived from the page size asked when the server leaves
 * it out (it only sizes a progress bar: completeness is checked against `record_count`).
 */
export function toRecordCount(raw: unknown, perPage = 100): RecordCount | null {
  const count = unwrapCount(raw)?.value;
  if (!count) return null;
  const page_count = count.page_count ?? Math.ceil(count.record_count / Math.max(1, perPage));
  return { record_count: count.record_count, page_count };
}

export function emptyReference(): AccountReference {
  return {
    case_types: [],
    case_regions: [],
    case_services: [],
    case_flags: [],
    referral_sources: [],
    company_locations: [],
    subject_types: [],
    fields: [] as FieldDef[],
  };
}

function toSubject(raw: unknown): SubjectRecord | string {
  if (!isObject(raw)) return `is not an object: ${shown(raw)}`;
  const subject: Record<string, unknown> = { ...raw };
  for (const key of ['id', 'subject_type_id'] as const) {
    if (key in subject) subject[key] = toNumberOrKeep(subject[key]);
  }
  for (const key of ['is_primary', 'is_pinned'] as const) {
    if (key in subject) subject[key] = toBoolean(subject[key]);
  }
  if ('custom_fields' in subject) {
    const fields = toCustomFields(subject.custom_fields);
    if (!fields) return `has custom_fields ${describe(subject.custom_fields)}`;
    subject.custom_fields = fields;
  }
  return subject as unknown as SubjectRecord;
}

/**
 * Custom-field values: a list of `{id, value}` (API-NOTES Known), a JSON string of one, or an object
 * keyed by field id whose values are `{id?, value}` entries or the values themselves. Null is none.
 */
function toCustomFields(raw: unknown): CustomFieldEntry[] | null {
  const list = toCollection(raw, 'value');
  if (!list) return null;
  return list.map((entry) => {
    const value = parseJsonObject(entry.value) ?? entry.value;
    return {
      ...entry,
      id: toNumberOrKeep(entry.id),
      value: isMidnightDate(value) ? toDateOrKeep(value) : value,
    } as CustomFieldEntry;
  });
}

/**
 * A collection as a list of objects: a list as it is; an object keyed by id as its entries, the key
 * becoming `id` when the entry has none. `entryKey` says what an entry object holds (`value` for
 * custom fields, `id` for subjects); a keyed value without it is the value itself (`{"12": "High"}`).
 */
function toCollection(raw: unknown, entryKey: 'value' | 'id'): Record<string, unknown>[] | null {
  if (raw === null || raw === undefined || raw === '') return [];
  const parsed = typeof raw === 'string' ? (parseJsonArray(raw) ?? parseJsonObject(raw)) : raw;
  if (Array.isArray(parsed)) {
    return parsed.every(isObject) ? parsed : null;
  }
  if (!isObject(parsed)) return null;
  const entries: Record<string, unknown>[] = [];
  for (const [key, value] of Object.entries(parsed)) {
    if (!/^\d+$/.test(key)) return null;
    if (isObject(value) && entryKey in value) entries.push({ id: Number(key), ...value });
    else if (entryKey === 'value') entries.push({ id: Number(key), value });
    else if (isObject(value)) entries.push({ id: Number(key), ...value });
    else return null;
  }
  return entries;
}

function describe(value: unknown): string {
  return `is neither a list nor an object keyed by id: ${shown(value)}`;
}

function shown(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 80 ? `${text.slice(0, 80)}…` : text;
}
