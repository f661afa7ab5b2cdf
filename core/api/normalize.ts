/**
 * Tolerant reading of what the API answers (API-NOTES "Assumed" record shape): numbers sent as strings
 * become numbers, composite custom-field values sent as JSON strings become objects, missing keys are
 * fine and unknown keys are kept as they came.
 */
import type { AccountReference, FieldDef, NamedRef } from '../account/reference.ts';
import type { CaseRequestRecord, CustomFieldEntry, RecordCount, SubjectRecord } from './types.ts';

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

/** Returns null when `raw` is not an object with an id: the caller reports the body as it came. */
export function toCaseRequestRecord(raw: unknown): CaseRequestRecord | null {
  const source = unwrap(raw);
  if (!isObject(source)) return null;
  const record: Record<string, unknown> = { ...source };
  for (const key of NUMBER_KEYS) {
    if (key in record) record[key] = toNumberOrKeep(record[key]);
  }
  for (const key of LIST_KEYS) {
    if (key in record) record[key] = toIdList(record[key]);
  }
  for (const key of ['client', 'contact'] as const) {
    const value = parseJsonObject(record[key]);
    if (value !== undefined) record[key] = value;
  }
  if ('custom_fields' in record) record.custom_fields = toCustomFields(record.custom_fields);
  if (Array.isArray(record.subjects)) record.subjects = record.subjects.map(toSubject);
  if (typeof record.id !== 'number' || !Number.isFinite(record.id)) return null;
  return record as CaseRequestRecord;
}

export function toRecordCount(raw: unknown): RecordCount | null {
  if (!isObject(raw)) return null;
  const record_count = toNumberOrKeep(raw.record_count);
  const page_count = toNumberOrKeep(raw.page_count);
  if (typeof record_count !== 'number' || typeof page_count !== 'number') return null;
  return { record_count, page_count };
}

/** A reference list item: `id` and `name` relied on, the rest kept (numbers as strings tolerated). */
export function toReferenceItem(raw: unknown): (NamedRef & Record<string, unknown>) | null {
  if (!isObject(raw)) return null;
  const item: Record<string, unknown> = { ...raw, id: toNumberOrKeep(raw.id) };
  if (typeof item.id !== 'number') return null;
  item.name = raw.name === undefined || raw.name === null ? '' : String(raw.name);
  if ('field_ids' in item) item.field_ids = toIdList(item.field_ids);
  if ('subject_type_id' in item) item.subject_type_id = toNumberOrKeep(item.subject_type_id);
  if ('choices' in item && typeof item.choices === 'string') {
    item.choices =
      parseJsonArray(item.choices) ?? item.choices.split(/\r?\n|,/).map((choice) => choice.trim());
  }
  if ('is_required' in item) item.is_required = toBoolean(item.is_required);
  if ('is_default' in item) item.is_default = toBoolean(item.is_default);
  return item as NamedRef & Record<string, unknown>;
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

function toSubject(raw: unknown): unknown {
  if (!isObject(raw)) return raw;
  const subject: Record<string, unknown> = { ...raw };
  for (const key of ['id', 'subject_type_id'] as const) {
    if (key in subject) subject[key] = toNumberOrKeep(subject[key]);
  }
  for (const key of ['is_primary', 'is_pinned'] as const) {
    if (key in subject) subject[key] = toBoolean(subject[key]);
  }
  if ('custom_fields' in subject) subject.custom_fields = toCustomFields(subject.custom_fields);
  return subject as unknown as SubjectRecord;
}

function toCustomFields(raw: unknown): unknown {
  const list = typeof raw === 'string' ? parseJsonArray(raw) : raw;
  if (!Array.isArray(list)) return raw;
  return list.map((entry): unknown => {
    if (!isObject(entry)) return entry;
    const parsed = parseJsonObject(entry.value);
    return {
      ...entry,
      id: toNumberOrKeep(entry.id),
      value: parsed ?? entry.value,
    } as CustomFieldEntry;
  });
}

/** Some APIs wrap a single record (`{"casefile_request": {...}}`); accept that as well as the bare record. */
function unwrap(raw: unknown): unknown {
  if (isObject(raw) && !('id' in raw)) {
    for (const key of ['casefile_request', 'case_request', 'data']) {
      if (isObject(raw[key])) return raw[key];
    }
  }
  return raw;
}

function toNumberOrKeep(value: unknown): unknown {
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value)))
    return Number(value);
  return value;
}

function toIdList(value: unknown): unknown {
  if (typeof value === 'string') {
    const parsed = parseJsonArray(value);
    const items = parsed ?? value.split(',').filter((piece) => piece.trim() !== '');
    return items.map(toNumberOrKeep);
  }
  return Array.isArray(value) ? value.map(toNumberOrKeep) : value;
}

function toBoolean(value: unknown): unknown {
  if (value === 1 || value === '1' || value === 'true') return true;
  if (value === 0 || value === '0' || value === 'false' || value === '') return false;
  return value;
}

function parseJsonObject(value: unknown): Record<string, unknown> | undefined {
  if (typeof value !== 'string' || !value.trimStart().startsWith('{')) return undefined;
  try {
    const parsed: unknown = JSON.parse(value);
    return isObject(parsed) ? parsed : undefined;
  } catch {
    return undefined;
  }
}

function parseJsonArray(value: string): unknown[] | undefined {
  if (!value.trimStart().startsWith('[')) return undefined;
  try {
    const parsed: unknown = JSON.parse(value);
    return Array.isArray(parsed) ? parsed : undefined;
  } catch {
    return undefined;
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
