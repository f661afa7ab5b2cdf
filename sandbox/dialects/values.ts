/**
 * Dialects that write record values differently (API-NOTES Tolerance, "Shapes"): dates and timestamps
 * in other formats, numbers and booleans as strings, composite values flattened even when expanded,
 * custom fields and subjects as objects keyed by id.
 */
import { flattenEntry } from '../present.ts';
import type { StoredCustomField } from '../account-schema.ts';
import { eachCustomField, eachRecord, isJson, type Dialect, type Json } from './types.ts';

const DATE_TAGS = new Set(['DATE', 'BIRTHDAY']);

/** A server storing dates in DATETIME columns (MySQL) writes them with a midnight time. */
export const datesMidnight: Dialect = {
  name: 'dates-midnight',
  summary: 'dates (created_on, due_on, DATE/BIRTHDAY fields) written "YYYY-MM-DD 00:00:00"',
  answer: (answer, context) =>
    eachRecord(answer, context, (record) => {
      const dateTags = dateFieldIds(context.account);
      const copy = eachCustomField(record, (entry) =>
        dateTags.has(Number(entry.id)) && typeof entry.value === 'string' && entry.value !== ''
          ? { ...entry, value: `${entry.value} 00:00:00` }
          : entry,
      );
      for (const key of ['created_on', 'due_on'])
        if (typeof copy[key] === 'string') copy[key] = `${copy[key] as string} 00:00:00`;
      return copy;
    }),
};

/** A framework serialising dates as ISO 8601 in the server's own zone (Denver, UTC-7 here). */
export const isoDates: Dialect = {
  name: 'iso-dates',
  summary: 'dates as ISO "YYYY-MM-DDT00:00:00-07:00", timestamps as ISO with a -07:00 offset',
  answer: (answer, context) =>
    eachRecord(answer, context, (record) => {
      const copy = { ...record };
      // The day alone: after dates-midnight ("2026-06-28 00:00:00") a server still writes one format.
      for (const key of ['created_on', 'due_on'])
        if (typeof copy[key] === 'string') copy[key] = `${(copy[key] as string).slice(0, 10)}T00:00:00-07:00`;
      for (const key of ['created_at', 'updated_at'])
        if (typeof copy[key] === 'string') copy[key] = withOffset(copy[key] as string, -7);
      return copy;
    }),
};

/** PHP's PDO without native types returns every column as a string. */
export const strings: Dialect = {
  name: 'strings',
  summary:
    'every number and boolean written as a string ("57", "1500", "1"/"0"), counts and reference lists too',
  answer: (answer, context) => {
    if (context.kind === 'count' || context.kind === 'reference-count' || context.kind === 'reference-list')
      return { ...answer, body: stringify(answer.body) };
    return eachRecord(answer, context, (record) => stringify(record));
  },
};

/** `expand_field_values` not honoured by every endpoint (API-NOTES Known: only "some list endpoints"). */
export const flattenComposites: Dialect = {
  name: 'flatten-composites',
  summary: 'NAME/ADDRESS values flattened to one line of text even with expand_field_values=1',
  answer: (answer, context) =>
    eachRecord(answer, context, (record) =>
      eachCustomField(record, (entry) =>
        isJson(entry.value) ? (flattenEntry(entry as StoredCustomField, context.account) as Json) : entry,
      ),
    ),
};

/** PHP associative arrays serialise as objects keyed by id: `{"12": "High"}`. */
export const keyedCollections: Dialect = {
  name: 'keyed-collections',
  summary: 'custom_fields as {"<field id>": value} and subjects as {"<subject id>": {...}}',
  answer: (answer, context) =>
    eachRecord(answer, context, (record) => {
      const keyedFields = (list: unknown) =>
        Array.isArray(list)
          ? Object.fromEntries(list.filter(isJson).map((entry) => [String(entry.id), entry.value]))
          : list;
      const copy: Json = { ...record, custom_fields: keyedFields(record.custom_fields) };
      if (Array.isArray(record.subjects))
        copy.subjects = Object.fromEntries(
          record.subjects
            .filter(isJson)
            .map((subject) => [
              String(subject.id),
              { ...subject, custom_fields: keyedFields(subject.custom_fields) },
            ]),
        );
      return copy;
    }),
};

function dateFieldIds(account: { fields: { id: number; field_type_tag: string }[] }): Set<number> {
  return new Set(
    account.fields.filter((field) => DATE_TAGS.has(field.field_type_tag)).map((field) => field.id),
  );
}

/** "2026-07-01 12:00:00" (UTC) → "2026-07-01T05:00:00-07:00". */
function withOffset(utc: string, hours: number): string {
  const ms = Date.parse(`${utc.replace(' ', 'T')}Z`);
  if (Number.isNaN(ms)) return utc;
  const local = new Date(ms + hours * 3_600_000).toISOString().slice(0, 19);
  const sign = hours < 0 ? '-' : '+';
  return `${local}${sign}${String(Math.abs(hours)).padStart(2, '0')}:00`;
}

function stringify(value: unknown): unknown {
  if (typeof value === 'number') return String(value);
  if (typeof value === 'boolean') return value ? '1' : '0';
  if (Array.isArray(value)) return value.map(stringify);
  if (isJson(value))
    return Object.fromEntries(Object.entries(value).map(([key, part]) => [key, stringify(part)]));
  return value;
}
