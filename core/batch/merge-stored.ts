/**
 * An update that gives only some parts of an object the API replaces whole is merged into the stored
 * request first (one GET per row, read before the PUT):
 * - `client` and `contact` (seed note 1: "the entire object must be updated at once");
 * - NAME and ADDRESS custom fields the mapping gives part by part (`custom_fields.20.city`): sending
 *   `{"city": "Denver"}` alone would wipe the street, state and zip (issue 12).
 * A stored composite that is not an object (flattened text such as "2000 Blake St, Denver, CO") cannot
 * be split into parts safely: the row is refused with the reason, never sent with a guess.
 * Subjects are not part of an update body (seed: the update table has no `subjects`), so only case
 * fields are merged.
 */
import type {
  CaseRequestRecord,
  CaseRequestUpdateBody,
  CustomFieldEntry,
  CustomFieldValue,
} from '../api/types.ts';
import { ADDRESS_PARTS, NAME_PARTS } from '../mapping/targets.ts';
import { targetWords } from '../mapping/target-words.ts';
import { formatProblem } from '../problems/format.ts';
import { REQUIRED_CLIENT, REQUIRED_CONTACT } from '../validate/required-checks.ts';

/**
 * `target`: the first part the sheet gives, so the refusal names its column. A composite: `field` and
 * `stored`, the custom field and the text it is stored as. A client or contact Trackops holds none of:
 * `object`, and `given`, the parts the row gives (`params` is what the catalogue words it from).
 */
export type MergeRefusal =
  | { code: 'composite_not_mergeable'; target: string; message: string; field: number; stored: string }
  | {
      code: 'object_not_stored';
      target: string;
      message: string;
      object: 'client' | 'contact';
      params: Record<string, unknown>;
    };

export type MergeResult = { body: CaseRequestUpdateBody } | { refused: MergeRefusal };

/** Parts a client or contact cannot be stored without (seed: client and contact tables). */
const REQUIRED_PARTS = { client: REQUIRED_CLIENT, contact: REQUIRED_CONTACT } as const;

/** Case fields a mapping (columns and constants) gives part by part (`custom_fields.20.city`). */
export function partialFieldsOfMapping(
  columns: readonly { target: string }[],
  constants: Record<string, unknown> = {},
): Set<number> {
  const ids = new Set<number>();
  for (const target of [...columns.map((column) => column.target), ...Object.keys(constants)]) {
    const part = /^custom_fields\.(\d+)\.[a-z_0-9]+$/.exec(target);
    if (part) ids.add(Number(part[1]));
  }
  return ids;
}

/** Case custom fields of `body` given in parts (per the mapping) that the stored request must complete. */
export function partialFieldsIn(body: CaseRequestUpdateBody, partialFields: ReadonlySet<number>): number[] {
  return (body.custom_fields ?? [])
    .filter((entry) => partialFields.has(entry.id) && isPlainObject(entry.value))
    .map((entry) => entry.id);
}

export function mergeStored(
  body: CaseRequestUpdateBody,
  stored: CaseRequestRecord,
  partialFields: ReadonlySet<number> = new Set(),
): MergeResult {
  const merged: CaseRequestUpdateBody = { ...body };
  for (const object of ['client', 'contact'] as const) {
    const refused = partOfNothing(object, body, stored);
    if (refused) return { refused };
  }
  if (body.client) merged.client = { ...withoutNulls(stored.client), ...body.client };
  if (body.contact) merged.contact = { ...withoutNulls(stored.contact), ...body.contact };
  if (!body.custom_fields) return { body: merged };
  const storedValues = new Map<number, unknown>();
  if (Array.isArray(stored.custom_fields))
    for (const entry of stored.custom_fields) storedValues.set(Number(entry.id), entry.value);
  // A clear ("blank": "clear") of a field the request holds nothing in changes nothing, and the preview
  // says no change (field-changes.ts): it is left out, so the PUT is what the preview said. A field the
  // case type does not enable holds nothing, and Trackops refuses the whole row if it is sent at all.
  // Only when the record lists its custom fields: a record without them is not known to hold nothing.
  const given = Array.isArray(stored.custom_fields)
    ? body.custom_fields.filter((entry) => !(isNothing(entry.value) && isNothing(storedValues.get(entry.id))))
    : body.custom_fields;
  if (given.length === 0) delete merged.custom_fields;
  else merged.custom_fields = given;
  if (given.length === 0 || partialFields.size === 0) return { body: merged };
  const fields: CustomFieldEntry[] = [];
  for (const entry of given) {
    if (!partialFields.has(entry.id) || !isPlainObject(entry.value)) {
      fields.push(entry);
      continue;
    }
    const was = storedValues.get(entry.id);
    if (was === undefined || was === null || was === '') {
      fields.push(entry); // nothing stored: the parts given are all there is
      continue;
    }
    if (!isPlainObject(was)) {
      return {
        refused: {
          code: 'composite_not_mergeable',
          field: entry.id,
          stored: shown(was),
          target: `custom_fields.${entry.id}.${Object.keys(entry.value)[0] ?? ''}`.replace(/\.$/, ''),
          message:
            `Trackops holds custom field ${entry.id} as the text '${shown(was)}', which cannot be split into its parts safely: ` +
            `sending only the parts this sheet gives would erase the others. Map the whole value in one column ` +
            `(parse "full_name" or "address"), or change it in Trackops`,
        },
      };
    }
    const parts = partsOf(entry.value as Record<string, unknown>);
    const kept = Object.fromEntries(Object.entries(withoutNulls(was)).filter(([key]) => parts.includes(key)));
    fields.push({ id: entry.id, value: { ...kept, ...(entry.value as object) } as CustomFieldValue });
  }
  merged.custom_fields = fields;
  return { body: merged };
}

/** No value: what a clear sends, and what a field holding nothing reads as. */
function isNothing(value: unknown): boolean {
  return value === undefined || value === null || value === '';
}

/**
 * A client or contact the stored request has none of (null, absent, or every part empty), of which the
 * row gives only some parts, leaving out one the API requires: there is nothing to merge the parts
 * into, and the object is sent whole (seed note 1), so sending them would store (or, on a lenient
 * server, replace the client with) a city alone. Refused before anything is sent, naming what Trackops
 * holds: the file is not at fault, the request is.
 */
function partOfNothing(
  object: 'client' | 'contact',
  body: CaseRequestUpdateBody,
  stored: CaseRequestRecord,
): MergeRefusal | null {
  const given = body[object] as Record<string, unknown> | undefined;
  if (!given || Object.keys(withoutNulls(stored[object] as object | undefined)).length > 0) return null;
  const parts = Object.keys(withoutNulls(given));
  const required: readonly string[] = REQUIRED_PARTS[object];
  if (parts.length === 0 || required.every((part) => parts.includes(part))) return null;
  const params = {
    object,
    request: stored.case_request_number ?? `Request ${stored.id}`,
    given: parts.map((part) => targetWords(`${object}.${part}`).replace(/^\S+ /, '')),
    required: required.map((part) => targetWords(`${object}.${part}`).replace(/^\S+ /, '')),
  };
  return {
    code: 'object_not_stored',
    object,
    target: `${object}.${parts[0]}`,
    params,
    message: formatProblem('object_not_stored', params),
  };
}

/** NAME or ADDRESS, told by the parts the sheet gives (the two sets share no part). */
function partsOf(given: Record<string, unknown>): readonly string[] {
  const keys = Object.keys(given);
  return keys.some((key) => (NAME_PARTS as readonly string[]).includes(key)) ? NAME_PARTS : ADDRESS_PARTS;
}

function withoutNulls<T extends object>(value: T | undefined): Partial<T> {
  const result: Record<string, unknown> = {};
  for (const [key, part] of Object.entries(value ?? {}))
    if (part !== null && part !== undefined) result[key] = part;
  return result as Partial<T>;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function shown(value: unknown): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return text.length > 80 ? `${text.slice(0, 80)}…` : text;
}
