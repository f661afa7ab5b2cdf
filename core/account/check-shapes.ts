/**
 * Words for what an answer looks like, for `trackops-bulk check`: the format of a date or timestamp as
 * written, the wrapper a record or list came under, the shape of a collection. Each says whether the
 * client reads it (api/normalize.ts) or would keep it as unreadable text.
 */
import { isObject } from '../api/read-values.ts';
import { TYPE_TAG_KEYS } from '../api/read-fields.ts';

export interface FormatSeen {
  /** e.g. `YYYY-MM-DD`, `YYYY-MM-DD 00:00:00`, `ISO 8601 with an offset`. */
  format: string;
  /** An example as the server wrote it. */
  example: string;
  /** Whether the client reads it as the date or UTC timestamp it is. */
  readable: boolean;
}

/** A calendar date as written (`created_on`, `due_on`). */
export function dateFormatOf(value: unknown): FormatSeen | null {
  if (value === null || value === undefined || value === '') return null;
  const text = String(value).trim();
  const example = text;
  if (/^\d{4}-\d{2}-\d{2}$/.test(text)) return { format: 'YYYY-MM-DD', example, readable: true };
  if (/^\d{4}-\d{2}-\d{2} 00:00:00$/.test(text))
    return { format: 'YYYY-MM-DD 00:00:00', example, readable: true };
  if (/^\d{4}-\d{2}-\d{2}T00:00(:00(\.0+)?)?(Z|[+-]\d{2}(:?\d{2})?)?$/.test(text))
    return { format: 'ISO 8601 at midnight', example, readable: true };
  if (/^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}/.test(text))
    return { format: 'a date with a time of day other than midnight', example, readable: false };
  return { format: 'not a format the tool reads', example, readable: false };
}

/** A system timestamp as written (`created_at`, `updated_at`). */
export function timestampFormatOf(value: unknown): FormatSeen | null {
  if (value === null || value === undefined || value === '') return null;
  const text = String(value).trim();
  const example = text;
  if (/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/.test(text))
    return { format: 'YYYY-MM-DD HH:MM:SS (UTC)', example, readable: true };
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?Z$/.test(text))
    return { format: 'ISO 8601 in UTC (Z)', example, readable: true };
  if (/^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?[+-]\d{2}(:?\d{2})?$/.test(text))
    return { format: 'ISO 8601 with an offset (converted to UTC)', example, readable: true };
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/.test(text))
    return { format: 'ISO 8601 without a zone (read as UTC)', example, readable: true };
  if (/^\d{9,13}$/.test(text)) return { format: 'Unix time', example, readable: true };
  return { format: 'not a format the tool reads', example, readable: false };
}

/** How a record's `custom_fields` or `subjects` came. */
export function collectionShapeOf(value: unknown): string {
  if (value === undefined) return 'absent';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'string') return 'JSON text';
  if (isObject(value)) return 'an object keyed by id';
  return `unreadable (${typeof value})`;
}

/** Whether the record's numbers came as strings (the id is enough to tell). */
export function numbersAsStrings(record: Record<string, unknown>): boolean {
  return typeof record.id === 'string';
}

/** The key a field definition holds its type tag under, or null. */
export function typeTagKeyOf(field: Record<string, unknown>): string | null {
  return TYPE_TAG_KEYS.find((key) => typeof field[key] === 'string' && field[key] !== '') ?? null;
}

/** Distinct values, most frequent first, for "found" lines. */
export function distinct(values: string[]): string[] {
  const counts = new Map<string, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  return [...counts.entries()].sort((a, b) => b[1] - a[1]).map(([value]) => value);
}
