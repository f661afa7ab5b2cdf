/**
 * Tolerant reads of a case-request record (API-NOTES "Assumed": numbers may come as strings, composite
 * custom-field values as objects or JSON strings, keys may be missing) and the first-pass statistics
 * that size the columns.
 */
import type { CaseRequestRecord, CustomFieldEntry, SubjectRecord } from '../api/types.ts';
import type { ExportCell, ExportStats, SubjectGroup } from './types.ts';

export function toNumberOrNull(value: unknown): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value)))
    return Number(value);
  return null;
}

/**
 * Text as a spreadsheet can hold it: XML 1.0 (inside every XLSX) forbids most control characters,
 * and an XLSX holding one is "damaged" to Excel. Line ends stay as Trackops holds them (`\r\n` too):
 * an export writes what Trackops holds. The XLSX writer writes a `\r` as `_x000D_`, as Excel does
 * (xlsx-writer.ts: an XML reader would turn a bare one into `\n`); the round trip counts line breaks
 * as one kind (round-trip-meta.ts), so a spreadsheet that keeps only `\n` makes no edit.
 */
/* eslint-disable no-control-regex -- matching control characters is the point here */
const NOT_IN_XML =
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Anything cleanText could change: a control character, a surrogate, U+FFFE/U+FFFF. */
const MAY_NEED_CLEANING = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uD800-\uDFFF\uFFFE\uFFFF]/;

/* eslint-enable no-control-regex */

/**
 * Whether any text in `value` (a record, or any part of one) holds what cleanText leaves out. A plain
 * walk without arrays made: it runs on every exported record (~1 µs each, measured).
 */
export function holdsUnwritable(value: unknown): boolean {
  if (typeof value === 'string') return MAY_NEED_CLEANING.test(value) && cleanText(value) !== value;
  if (value === null || typeof value !== 'object') return false;
  if (Array.isArray(value)) {
    for (const item of value) if (holdsUnwritable(item)) return true;
    return false;
  }
  for (const key in value) if (holdsUnwritable((value as Record<string, unknown>)[key])) return true;
  return false;
}

export function cleanText(text: string): string {
  // Most cells hold none of these; one test is cheaper than the replace (measured, finding 2).
  if (!MAY_NEED_CLEANING.test(text)) return text;
  return text.replace(NOT_IN_XML, '');
}

export function toText(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') {
    const text = cleanText(value);
    return text === '' ? null : text;
  }
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

/**
 * A number, or the value as the server gave it (text) when it does not read as one (" 1 500 ": a
 * space may group thousands or not, so it is not guessed at): a blank cell would say "no budget".
 * The export says how many such values a column holds (export-notes.ts).
 */
export function toNumberOrGiven(value: unknown): ExportCell {
  return toNumberOrNull(value) ?? toText(value);
}

/** What toDateCell reads as a day; the statistics test the same expression (dateAsGiven). */
const DAY = /^(\d{4}-\d{2}-\d{2})(?:$|[ T]00:00(?::00)?)/;
/** What toDateTimeCell reads as a moment; likewise shared with dateTimeAsGiven. */
const STAMP = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}:\d{2})/;

/** A date-only value: the API sends YYYY-MM-DD; anything else is kept as text rather than guessed. */
export function toDateCell(value: unknown): ExportCell {
  if (typeof value !== 'string') return toText(value);
  if (value === '') return null;
  const day = DAY.exec(value);
  return day ? { date: day[1] as string } : cleanText(value);
}

/** A UTC timestamp "YYYY-MM-DD HH:MM:SS" (API-NOTES) as a date-time cell; anything else as given. */
export function toDateTimeCell(value: unknown): ExportCell {
  if (typeof value !== 'string') return toText(value);
  if (value === '') return null;
  const stamp = STAMP.exec(value);
  return stamp ? { dateTime: `${stamp[1]}T${stamp[2]}` } : cleanText(value);
}

/** Members a typed column of either preset reads (its column's key is the member's name). */
const TYPED_MEMBERS = [
  ['budget_money', 'number'],
  ['budget_hours', 'number'],
  ['created_on', 'date'],
  ['due_on', 'date'],
  ['created_at', 'datetime'],
  ['updated_at', 'datetime'],
] as const;

/**
 * Whether a value given would be written as text in a column of `kind`, not read as that type: whether
 * toNumberOrGiven / toDateCell / toDateTimeCell would give a string. Every record's typed members and
 * custom fields ask this (issue 13: building the cell, its match and its text for each was a tenth of
 * a CSV export), so the usual values answer without building anything; any other goes the long way.
 */
function writtenAsGiven(kind: 'number' | 'date' | 'datetime', value: unknown): boolean {
  if (value === null || value === undefined) return false;
  if (kind === 'number') {
    // toText(NaN) is "NaN": a number the sheet cannot hold is written as given.
    if (typeof value === 'number') return !Number.isFinite(value);
    if (typeof value === 'string')
      return !(value.trim() !== '' && Number.isFinite(Number(value))) && cleanText(value) !== '';
  } else if (typeof value === 'string') {
    // Not '' (an empty cell) and not read as a day or moment: cleanText's text, '' included.
    return value !== '' && !(kind === 'date' ? DAY : STAMP).test(value);
  } else if (typeof value === 'number' || typeof value === 'boolean') return true;
  const cell =
    kind === 'number' ? toNumberOrGiven(value) : kind === 'date' ? toDateCell(value) : toDateTimeCell(value);
  return typeof cell === 'string';
}

function countAsGiven(stats: ExportStats, key: string, value: unknown): void {
  const seen = stats.asGiven.get(key);
  if (seen) seen.count += 1;
  else stats.asGiven.set(key, { count: 1, example: toText(value) ?? '' });
}

/**
 * A custom field's two statistics keys, made once per field id rather than twice per record (a string
 * built per look-up must be hashed afresh each time).
 */
const fieldKeys = new Map<number, { number: string; date: string }>();

function asGivenKeys(id: number): { number: string; date: string } {
  let keys = fieldKeys.get(id);
  if (keys === undefined) {
    // Ids are an account's field ids: few, but a long-lived app process should not grow without end.
    if (fieldKeys.size >= 4096) fieldKeys.clear();
    keys = { number: `custom_fields.${id}:number`, date: `custom_fields.${id}:date` };
    fieldKeys.set(id, keys);
  }
  return keys;
}

/** Subjects per type of the record being counted: one map cleared per record, not one made per record. */
const perType = new Map<number, number>();

/** Composite values arrive as objects or as JSON strings (API-NOTES); both become an object here. */
export function compositeValue(value: unknown): Record<string, unknown> | null {
  if (value && typeof value === 'object' && !Array.isArray(value)) return value as Record<string, unknown>;
  if (typeof value === 'string' && value.trim().startsWith('{')) {
    try {
      const parsed: unknown = JSON.parse(value);
      if (parsed && typeof parsed === 'object' && !Array.isArray(parsed))
        return parsed as Record<string, unknown>;
    } catch {
      return null;
    }
  }
  return null;
}

export function fieldValue(fields: CustomFieldEntry[] | undefined, fieldId: number): unknown {
  const entry = fields?.find((field) => Number(field.id) === fieldId);
  return entry?.value;
}

/**
 * The subject in a group: subjects are grouped per type in the order the record lists them, so the
 * second claimant of a request is slot 1 of the claimant type.
 */
export function subjectInGroup(record: CaseRequestRecord, group: SubjectGroup): SubjectRecord | undefined {
  let seen = 0;
  for (const subject of record.subjects ?? []) {
    if (Number(subject.subject_type_id) !== group.subjectTypeId) continue;
    if (seen === group.slot) return subject;
    seen += 1;
  }
  return undefined;
}

/** How many requests holding an unwritable character the export's note names (the rest are counted). */
const UNWRITABLE_NAMED = 5;

/**
 * Counts a record into the statistics; true when it changed what the columns are built from (a case
 * type, custom field, subject slot or reference value not seen before), so a caller that renders rows
 * before the last record (csv-row-spool.ts) knows when to rebuild its columns.
 */
export function addToStats(stats: ExportStats, record: CaseRequestRecord): boolean {
  stats.records += 1;
  let grew = false;
  const caseTypeId = toNumberOrNull(record.case_type_id);
  if (caseTypeId !== null && !stats.caseTypeIds.has(caseTypeId)) {
    stats.caseTypeIds.add(caseTypeId);
    grew = true;
  }
  if (record.custom_fields !== undefined && record.custom_fields !== null) stats.customFieldsCarried += 1;
  if (String(record.updated_at ?? '').trim() === '') stats.withoutUpdatedAt += 1;
  if (holdsUnwritable(record)) {
    stats.unwritable.count += 1;
    if (stats.unwritable.first.length < UNWRITABLE_NAMED)
      stats.unwritable.first.push(String(record.case_request_number ?? `id ${String(record.id)}`));
  }
  for (const [member, kind] of TYPED_MEMBERS)
    if (writtenAsGiven(kind, record[member])) countAsGiven(stats, member, record[member]);
  for (const field of record.custom_fields ?? []) {
    const id = Number(field.id);
    // Which kind the field's column is depends on its type (export-notes.ts reads the one that applies).
    const number = writtenAsGiven('number', field.value);
    const date = writtenAsGiven('date', field.value);
    if (number || date) {
      const keys = asGivenKeys(id);
      if (number) countAsGiven(stats, keys.number, field.value);
      if (date) countAsGiven(stats, keys.date, field.value);
    }
    if (stats.caseFieldIds.has(id)) continue;
    stats.caseFieldIds.add(id);
    grew = true;
  }
  perType.clear();
  for (const subject of record.subjects ?? []) {
    const typeId = Number(subject.subject_type_id);
    perType.set(typeId, (perType.get(typeId) ?? 0) + 1);
    let fieldIds = stats.subjectFieldIds.get(typeId);
    if (!fieldIds) stats.subjectFieldIds.set(typeId, (fieldIds = new Set()));
    for (const field of subject.custom_fields ?? []) {
      const id = Number(field.id);
      if (fieldIds.has(id)) continue;
      fieldIds.add(id);
      grew = true;
    }
  }
  for (const [typeId, count] of perType) {
    if (count <= (stats.subjectSlots.get(typeId) ?? 0)) continue;
    stats.subjectSlots.set(typeId, count);
    grew = true;
  }
  if (referenceSeen(stats, 0, record.reference_value_1)) grew = true;
  if (referenceSeen(stats, 1, record.reference_value_2)) grew = true;
  if (referenceSeen(stats, 2, record.reference_value_3)) grew = true;
  return grew;
}

/** True when reference value `index` is the first of its kind the statistics see (its column appears). */
function referenceSeen(stats: ExportStats, index: number, value: unknown): boolean {
  if (value === null || value === undefined || value === '' || stats.referenceValueSeen[index]) return false;
  stats.referenceValueSeen[index] = true;
  return true;
}
