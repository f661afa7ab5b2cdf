/**
 * What an error answer says, read whatever its shape (API-NOTES Tolerance, "Errors": "`422` or `400`
 * with errors flat, nested, or as a list of `{field, message}`; HTML bodies on gateways' `5xx`. Show
 * them flattened and readable"). Field errors come out keyed by parameter path (`client.country`,
 * `subjects.0.custom_fields.2`) with plain-text messages, never `[object Object]`.
 */
import { isObject } from './read-values.ts';

// `propertyPath`: Symfony's and API Platform's violations; `pointer`: a JSON Pointer (RFC 9457's
// examples, JSON:API's `source.pointer`).
const PATH_KEYS = [
  'field',
  'path',
  'param',
  'parameter',
  'name',
  'property',
  'propertyPath',
  'property_path',
  'attribute',
  'key',
  'loc',
  'pointer',
  'source',
];
const MESSAGE_KEYS = ['message', 'msg', 'error', 'detail', 'description', 'reason', 'title'];
/**
 * Where a body keeps its field errors: `errors` (Laravel, Rails, JSON:API), `invalid-params` (RFC 7807
 * problem details, its own example), `violations` (Symfony, API Platform), and others seen in the wild.
 */
const CONTAINER_KEYS = [
  'errors',
  'fields',
  'details',
  'validation_errors',
  'validationErrors',
  'invalid-params',
  'invalid_params',
  'invalidParams',
  'violations',
];
/**
 * Members that only sum a body up (RFC 7807's own, a Laravel or Rails message, a status echoed): a body
 * of these alone says all it says in its message (messageOf), so it truly names no field.
 */
const SUMMARY_KEYS = new Set([
  ...MESSAGE_KEYS,
  'type',
  'status',
  'statusCode',
  'status_code',
  'code',
  'instance',
  'success',
  'ok',
  'timestamp',
]);

/** The key of messages that name no field (a plain list of messages): no parameter path at all. */
export const UNNAMED_FIELD = '(body)';

/** Field errors by parameter path. Empty when the body names none (the message then says it all). */
export function fieldErrorsOf(parsed: unknown): Record<string, string[]> {
  const result: Record<string, string[]> = {};
  const add = (path: string, message: string) => {
    if (message.trim() === '') return;
    // PHP and Rack name nested parameters `client[country]`, `subjects[0][custom_fields][2]`.
    const dotted = path.replace(/\[([^\]]+)\]/g, '.$1').replace(/^\./, '');
    (result[dotted || UNNAMED_FIELD] ??= []).push(message.trim());
  };
  const container = errorsContainer(parsed);
  if (container !== undefined) collect(container, '', add);
  return result;
}

/** Field errors as one line: "client.country: is required | notes: too long". */
export function fieldErrorsText(errors: Record<string, string[]>): string {
  return Object.entries(errors)
    .map(([path, messages]) => `${path}: ${messages.join('; ')}`)
    .join(' | ');
}

/** The body's own summary message, if it has one in words. */
export function messageOf(parsed: unknown): string | undefined {
  if (typeof parsed === 'string' && parsed.trim()) return parsed.trim();
  if (!isObject(parsed)) return undefined;
  for (const key of MESSAGE_KEYS) {
    const value = parsed[key];
    if (typeof value === 'string' && value.trim()) return value.trim();
    if (isObject(value)) {
      const inner = messageOf(value);
      if (inner) return inner;
    }
  }
  return undefined;
}

/**
 * A body that is not JSON, as a line of text: an HTML page (a gateway's 502) becomes its title or its
 * visible words; anything else as it came. The caller shortens it.
 */
export function textOfBody(text: string): string {
  if (!isHtml(text)) return text.trim();
  return `${pageWords(text)} (an HTML page, not the API's JSON)`;
}

/** Whether a body is markup (an HTML or XML page) rather than data. */
export function isHtml(text: string): boolean {
  return /^\s*</.test(text);
}

/** What an HTML page says of itself: its title, else its first heading, else its text; tags dropped. */
export function pageWords(text: string): string {
  const title = /<title[^>]*>([\s\S]*?)<\/title>/i.exec(text)?.[1];
  const heading = /<h1[^>]*>([\s\S]*?)<\/h1>/i.exec(text)?.[1];
  const words = (title ?? heading ?? text)
    .replace(/<(script|style)[\s\S]*?<\/\1>/gi, ' ')
    .replace(/<[^>]*>/g, ' ')
    .replace(/&nbsp;/g, ' ')
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/\s+/g, ' ')
    .trim();
  return words || 'an empty page';
}

/**
 * Whether a JSON error body holds more than this tool read from it: no field errors found, and members
 * besides its summary (a shape not known here). Such a body is quoted as it came rather than said to
 * name no field (API-NOTES "Unknown bodies are shown to the user as they came"; explore 29 item 5).
 */
export function holdsMoreThanRead(parsed: unknown): boolean {
  if (parsed === undefined || typeof parsed === 'string') return false;
  if (Object.keys(fieldErrorsOf(parsed)).length > 0) return false;
  return !onlySummary(parsed);
}

function onlySummary(value: unknown): boolean {
  if (value === null || typeof value !== 'object') return true;
  if (Array.isArray(value)) return value.length === 0;
  return Object.entries(value).every(([key, part]) =>
    // An empty `errors: {}` adds nothing to the message either.
    CONTAINER_KEYS.includes(key)
      ? part === null || (typeof part === 'object' && Object.keys(part).length === 0)
      : SUMMARY_KEYS.has(key) && (part === null || typeof part !== 'object' || onlySummary(part)),
  );
}

/** `errors` (Laravel, Rails), or `error.errors` / `error.fields` / `error.details`, or a bare list. */
function errorsContainer(parsed: unknown): unknown {
  if (Array.isArray(parsed)) return parsed;
  if (!isObject(parsed)) return undefined;
  for (const key of CONTAINER_KEYS) {
    if (parsed[key] !== undefined && parsed[key] !== null) return parsed[key];
  }
  if (isObject(parsed.error)) return errorsContainer(parsed.error);
  return undefined;
}

function collect(value: unknown, path: string, add: (path: string, message: string) => void): void {
  if (value === null || value === undefined) return;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
    add(path, String(value));
    return;
  }
  if (Array.isArray(value)) {
    value.forEach((item, index) => {
      if (isObject(item) && pathOf(item) !== undefined) {
        // A list of {field, message}: the entry names its own path.
        const own = pathOf(item)!;
        collect(messageOrRest(item), join(path, own), add);
      } else if (isObject(item) || Array.isArray(item)) {
        collect(item, join(path, String(index)), add);
      } else {
        collect(item, path, add);
      }
    });
    return;
  }
  if (isObject(value)) {
    const message = MESSAGE_KEYS.map((key) => value[key]).find((part) => typeof part === 'string');
    const others = Object.keys(value).filter((key) => !MESSAGE_KEYS.includes(key) && key !== 'code');
    if (typeof message === 'string' && others.length === 0) {
      add(path, message);
      return;
    }
    for (const [key, part] of Object.entries(value)) {
      if (key === 'code') continue;
      collect(part, MESSAGE_KEYS.includes(key) ? path : join(path, key), add);
    }
  }
}

function pathOf(item: Record<string, unknown>): string | undefined {
  for (const key of PATH_KEYS) {
    const value = item[key];
    if (key === 'pointer' && typeof value === 'string' && value.trim()) return pointerPath(value);
    // JSON:API: `source: {pointer: "/data/attributes/client/country"}` or `{parameter: "page"}`.
    if (key === 'source') {
      const inner = isObject(value) ? pathOf(value) : undefined;
      if (inner !== undefined) return inner;
      continue;
    }
    if (typeof value === 'string' && value.trim()) return value.trim();
    // pydantic's `loc: ["body", "client", "country"]`
    if (key === 'loc' && Array.isArray(value) && value.length > 0)
      return value.filter((part) => part !== 'body').join('.');
  }
  return undefined;
}

/**
 * A JSON Pointer as a dotted path: `#/contact/phone_office` and `/data/attributes/contact/phone_office`
 * (JSON:API's document members left out) are `contact.phone_office`; `~1` and `~0` are `/` and `~`.
 */
function pointerPath(pointer: string): string {
  const parts = pointer
    .trim()
    .replace(/^#/, '')
    .split('/')
    .filter((part) => part !== '')
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'));
  if (parts[0] === 'data' && parts[1] === 'attributes') parts.splice(0, 2);
  return parts.join('.');
}

function messageOrRest(item: Record<string, unknown>): unknown {
  for (const key of MESSAGE_KEYS) {
    const value = item[key];
    if (value !== undefined && value !== null) return value;
  }
  const rest = { ...item };
  for (const key of PATH_KEYS) delete rest[key];
  return rest;
}

function join(path: string, key: string): string {
  return path ? `${path}.${key}` : key;
}
