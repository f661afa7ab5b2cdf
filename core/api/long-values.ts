/**
 * The longest values of a request refused as too large (413: its body) or too long (414: its address),
 * so that the person told can shorten the right cell or filter: the refusal itself names none, and a
 * gateway's limit is on the whole request, which one long note fills (explore 29 item 6).
 */

/** A value of the request: where it is (an API path, `notes`, `custom_fields.2`, or a query parameter) and its length. */
export interface LongValue {
  path: string;
  /** In characters, as a person counts them in a cell. */
  length: number;
}

/** At most this many are named: the ones to shorten, not an inventory. */
const NAMED = 3;
/** Values shorter than this part of the longest are not what filled the request: left unnamed. */
const SHARE = 0.1;

/**
 * The longest text values of a JSON body, by the path the API would name them (`casefile_request.notes`,
 * a custom field's value by its place in the list: `custom_fields.2`, `custom_fields.2.city`).
 */
export function longestBodyValues(body: unknown): LongValue[] {
  const values: LongValue[] = [];
  walk(body, '', values);
  return longest(values);
}

/**
 * A date, a time or a number in an address cannot be made shorter, and the tool adds some of its own
 * (a page, the listing's pin `created_to_system`: core/api/listing-pin.ts): naming one would point the
 * person at a value they never gave or cannot change.
 */
const FIXED_FORM = /^(\d{4}-\d{2}-\d{2}([ T]\d{2}:\d{2}(:\d{2})?)?|\d+)$/;

/** The longest parameter values of a request's address (`case/requests?client=…&page=1`) a person can shorten. */
export function longestQueryValues(path: string): LongValue[] {
  const query = path.includes('?') ? path.slice(path.indexOf('?') + 1) : '';
  const values = [...new URLSearchParams(query)]
    .filter(([, value]) => !FIXED_FORM.test(value))
    .map(([name, value]) => ({ path: name, length: [...value].length }));
  return longest(values);
}

function walk(value: unknown, path: string, values: LongValue[]): void {
  if (typeof value === 'string') {
    // A custom field's value is named by its entry (`custom_fields.2`), as a 422 names it (api-paths.ts).
    values.push({
      path: path.replace(/(^|\.)custom_fields\.(\d+)\.value(?=\.|$)/g, '$1custom_fields.$2'),
      length: [...value].length,
    });
    return;
  }
  if (Array.isArray(value)) {
    value.forEach((item, index) => walk(item, join(path, String(index)), values));
    return;
  }
  if (value !== null && typeof value === 'object')
    for (const [key, part] of Object.entries(value)) walk(part, join(path, key), values);
}

function longest(values: LongValue[]): LongValue[] {
  const sorted = values.filter((value) => value.length > 0).sort((a, b) => b.length - a.length);
  const first = sorted[0];
  if (!first) return [];
  return sorted.slice(0, NAMED).filter((value) => value === first || value.length >= first.length * SHARE);
}

function join(path: string, key: string): string {
  return path ? `${path}.${key}` : key;
}
