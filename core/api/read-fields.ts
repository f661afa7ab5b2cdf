/**
 * Reference items and custom-field definitions, read tolerantly (API-NOTES "Assumed": the reference
 * paths answer `{id, name}` and fields `{id, name, field_type_tag, use, subject_type_id?, choices?,
 * is_required?}`; Tolerance: "field definitions with the type tag or choices under other keys").
 * Only `id` and `name` are relied on; the rest is read where it can be, and said where it cannot.
 */
import type { FieldDef, NamedRef } from '../account/reference.ts';
import { unwrapRecord } from './read-shapes.ts';
import {
  isObject,
  parseJsonArray,
  parseJsonObject,
  toBoolean,
  toIdList,
  toNumberOrKeep,
} from './read-values.ts';

/** Where a field's type tag may be: API-NOTES names `field_type_tag`; its filters also say `field_type`. */
export const TYPE_TAG_KEYS = ['field_type_tag', 'type', 'field_type', 'fieldType', 'type_tag', 'tag'];
const CHOICE_KEYS = ['choices', 'options', 'field_options', 'values'];
const LABEL_KEYS = ['label', 'name', 'value', 'text', 'title'];

/** A reference list item: `id` and `name` relied on, the rest kept (numbers as strings tolerated). */
export function toReferenceItem(raw: unknown): (NamedRef & Record<string, unknown>) | null {
  const source = unwrapRecord(raw)?.value;
  if (!source) return null;
  const item: Record<string, unknown> = { ...source, id: toNumberOrKeep(source.id) };
  if (typeof item.id !== 'number') return null;
  // `name` (API-NOTES Assumed), else the words other APIs use for it.
  const name = [source.name, source.label, source.title].find(
    (value) => value !== undefined && value !== null,
  );
  item.name = name === undefined ? '' : String(name);
  if ('field_ids' in item) item.field_ids = toIdList(item.field_ids);
  if ('subject_type_id' in item) item.subject_type_id = toNumberOrKeep(item.subject_type_id);
  if ('is_default' in item) item.is_default = toBoolean(item.is_default);
  return item as NamedRef & Record<string, unknown>;
}

/**
 * A field definition with its type tag in `field_type_tag` (upper case), `use` as `case` or `subject`
 * where it can be told, and `choices` as the strings a value must be one of.
 */
export function toFieldDef(raw: unknown): FieldDef | null {
  const item = toReferenceItem(raw);
  if (!item) return null;
  const field = item as unknown as FieldDef & Record<string, unknown>;
  field.field_type_tag = typeTagOf(item);
  field.use = useOf(item.use, item.subject_type_id);
  const required = item.is_required ?? item.required;
  if (required !== undefined) field.is_required = toBoolean(required) === true;
  const choices = choicesOf(item);
  delete field.choices;
  delete field.choicesRead;
  if (choices.list) field.choices = choices.list;
  if (choices.read) field.choicesRead = choices.read;
  const isChoiceField = field.field_type_tag === 'SELECT' || field.field_type_tag === 'RADIO';
  if (isChoiceField && !field.choices?.length) field.choicesRead = 'unreadable';
  return field;
}

function typeTagOf(item: Record<string, unknown>): string {
  for (const key of TYPE_TAG_KEYS) {
    const value = item[key];
    if (typeof value === 'string' && value.trim() !== '') return value.trim().toUpperCase();
  }
  return '';
}

/**
 * `use` compared tolerantly: "case", "Case", "case_request", "CaseRequest" are case use; "subject",
 * "Subject", "subject_type" subject use. Anything else is kept as it came (and a field naming a subject
 * type is a subject field).
 */
export function useOf(raw: unknown, subjectTypeId: unknown): string {
  const word = typeof raw === 'string' ? raw.toLowerCase().replace(/[^a-z]/g, '') : '';
  if (/^(case|cases|caserequests?|casefile|casefilerequests?)$/.test(word)) return 'case';
  if (word.startsWith('subject')) return 'subject';
  if (word === '' && subjectTypeId !== null && subjectTypeId !== undefined) return 'subject';
  return typeof raw === 'string' ? raw : '';
}

function choicesOf(item: Record<string, unknown>): { list?: string[]; read?: 'labels' } {
  for (const key of CHOICE_KEYS) {
    const raw = item[key];
    if (raw === undefined || raw === null || raw === '') continue;
    const parsed =
      typeof raw === 'string'
        ? (parseJsonArray(raw) ??
          parseJsonObject(raw) ??
          raw
            .split(/\r?\n|,/)
            .map((choice) => choice.trim())
            .filter(Boolean))
        : raw;
    const entries = Array.isArray(parsed) ? parsed : isObject(parsed) ? Object.values(parsed) : null;
    if (!entries) continue;
    let fromObjects = false;
    const list: string[] = [];
    for (const entry of entries) {
      if (typeof entry === 'string' || typeof entry === 'number') list.push(String(entry));
      else if (isObject(entry)) {
        const label = LABEL_KEYS.map((name) => entry[name]).find(
          (value) => typeof value === 'string' || typeof value === 'number',
        );
        if (label === undefined) return {};
        list.push(String(label));
        fromObjects = true;
      } else return {};
    }
    return fromObjects ? { list, read: 'labels' } : { list };
  }
  return {};
}
