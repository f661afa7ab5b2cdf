/**
 * What an update's journal keeps so that it can be undone (issue 18), and the update body that undoes
 * it. Taken from the diff the update already computed (validate/field-changes.ts, `changes`) and the
 * record it already read (the plan's, stored-requests.ts): no extra request.
 *
 * The values are kept at the grain the API writes them, so that putting them back restores the record
 * as it was: a top-level field as the account gave it; `client` and `contact` whole (seed note 1: the
 * API replaces them whole, so one changed part means the whole stored object is what goes back); a
 * custom field by id with its whole stored value (a NAME or ADDRESS object whole, not part by part).
 */
import { emptyRefusedKind } from '../account/field-empty-value.ts';
import type { FieldDef } from '../account/reference.ts';
import type { CaseRequestRecord, CaseRequestUpdateBody } from '../api/types.ts';
import type { FieldChange } from '../validate/field-changes.ts';
import type { KeptValues } from './journal.ts';

/**
 * The stored values and the values sent of the fields `changes` names. A top-level field the record
 * did not carry is in `sent` but not in `stored`: its earlier value is not known (revertBody says so).
 */
export function keptValues(
  changes: readonly FieldChange[],
  body: CaseRequestUpdateBody,
  record: CaseRequestRecord,
): { stored: KeptValues; sent: KeptValues } {
  const stored: KeptValues = {};
  const sent: KeptValues = {};
  const given = body as Record<string, unknown>;
  const held = record as Record<string, unknown>;
  const storedFields = new Map<number, unknown>();
  for (const entry of record.custom_fields ?? []) storedFields.set(Number(entry.id), entry.value);
  for (const change of changes) {
    const [head, second] = change.target.split('.');
    if (head === 'custom_fields') {
      const id = Number(second);
      if (sent.custom_fields?.some((entry) => entry.id === id)) continue;
      const value = body.custom_fields?.find((entry) => Number(entry.id) === id)?.value;
      (sent.custom_fields ??= []).push({ id, value: clone(value) });
      (stored.custom_fields ??= []).push({ id, value: clone(storedFields.get(id) ?? null) });
      continue;
    }
    const key = head!;
    if (Object.hasOwn(sent, key)) continue;
    sent[key] = clone(given[key]);
    if (Object.hasOwn(held, key)) stored[key] = clone(held[key]);
  }
  return { stored, sent };
}

/**
 * The values to put back for a row the import sent more than once (a resume after a lost answer): each
 * field as it was before the FIRST write that touched it, and as the LAST write set it. A later intent
 * read the request after an earlier write may have landed, so its `stored` may hold the import's own
 * values (or a colleague's): it never replaces an earlier one. Null when an earlier write kept nothing
 * (no read preceded it): what it overwrote is not known, so nothing later can stand in for it.
 */
export function firstKeptValues(
  intents: readonly { stored?: KeptValues; sent?: KeptValues }[],
): { stored: KeptValues; sent: KeptValues } | null {
  if (intents.length === 0) return null;
  const stored: KeptValues = {};
  const sent: KeptValues = {};
  for (const intent of intents) {
    if (!intent.stored || !intent.sent) return null;
    for (const [key, value] of Object.entries(intent.sent)) {
      if (key === 'custom_fields') continue;
      sent[key] = clone(value);
    }
    for (const [key, value] of Object.entries(intent.stored)) {
      if (key === 'custom_fields' || Object.hasOwn(stored, key)) continue;
      stored[key] = clone(value);
    }
    for (const entry of intent.sent.custom_fields ?? []) {
      sent.custom_fields = [
        ...(sent.custom_fields ?? []).filter((kept) => kept.id !== entry.id),
        { id: entry.id, value: clone(entry.value) },
      ];
    }
    for (const entry of intent.stored.custom_fields ?? []) {
      if (stored.custom_fields?.some((kept) => kept.id === entry.id)) continue;
      (stored.custom_fields ??= []).push({ id: entry.id, value: clone(entry.value) });
    }
  }
  return { stored, sent };
}

export interface RevertBody {
  body: CaseRequestUpdateBody;
  /** Fields whose earlier value cannot be put back, each with why, in words. */
  lost: { target: string; why: string }[];
  /**
   * Fields that were empty before the import where putting them back means clearing them, and the
   * update has no documented way to clear them (the round trip refuses the same edit: cannot_clear):
   * a date or an id, or a custom field whose type takes no "" (`fieldKind` says which: "a choice
   * field"; account/field-empty-value.ts). Not sent (a `null` would be a guess a server may ignore,
   * and a "" is refused, failing the whole PUT); a person clears them in Trackops.
   */
  uncleared: UnclearedField[];
}

export type UnclearedField =
  { target: string; kind: 'date' | 'id' } | { target: string; kind: 'field'; fieldKind: string };

/** Top-level fields the update cannot clear (seed, update section; round trip's cannot_clear). */
const NOT_CLEARABLE: Record<string, 'date' | 'id'> = {
  created_on: 'date',
  due_on: 'date',
  client_id: 'id',
  company_location_id: 'id',
  referral_source_id: 'id',
};

/**
 * The update that puts `stored` back, given what was sent (the fields it changed). `fields` (the
 * account's) says which custom fields cannot be emptied; without them every one is put back as "".
 */
export function revertBody(
  stored: KeptValues,
  sent: KeptValues,
  fields: readonly FieldDef[] = [],
): RevertBody {
  const body: Record<string, unknown> = {};
  const lost: RevertBody['lost'] = [];
  const uncleared: RevertBody['uncleared'] = [];
  for (const key of Object.keys(sent)) {
    if (key === 'custom_fields') continue;
    if (!Object.hasOwn(stored, key)) {
      lost.push({
        target: key,
        why: 'Trackops did not return this field when it was read before the update',
      });
      continue;
    }
    const value = stored[key];
    if ((key === 'client' || key === 'contact') && (value === null || typeof value !== 'object')) {
      // The API has no way to remove an object it replaced (seed note 1): there is nothing to send.
      lost.push({
        target: key,
        why: `Trackops held no ${key} before the update; it cannot be removed through the API`,
      });
      continue;
    }
    const kind = NOT_CLEARABLE[key];
    if (kind && (value === null || value === undefined || String(value).trim() === '')) {
      uncleared.push({ target: key, kind });
      continue;
    }
    body[key] = clone(value);
  }
  for (const entry of sent.custom_fields ?? []) {
    const was = stored.custom_fields?.find((kept) => kept.id === entry.id);
    // A field that held nothing is put back empty: the API offers no way to remove a value (seed).
    // Only a type that takes "" (explore 25: a YESNO, SELECT or NUMBER sent "" made Trackops refuse
    // the whole PUT, so the row's other fields were not put back either).
    const fieldKind = isEmpty(was?.value)
      ? emptyRefusedKind(fields.find((field) => field.id === entry.id))
      : null;
    if (fieldKind !== null) {
      uncleared.push({ target: `custom_fields.${entry.id}`, kind: 'field', fieldKind });
      continue;
    }
    body.custom_fields = [
      ...((body.custom_fields as unknown[]) ?? []),
      { id: entry.id, value: was?.value ?? '' },
    ];
  }
  return { body: body as CaseRequestUpdateBody, lost, uncleared };
}

/**
 * `body` (a revert's) with every part of its `client` and `contact` that the request holds now but the
 * kept object lacks set to '' (report 5, item 1). A key the import added to the object (a mobile phone
 * where the contact had none) is absent from the kept object, so a diff of the kept object against the
 * request saw nothing to put back, and the revert called the request "already as before" while it
 * still held the import's value. The API replaces these objects whole (seed note 1), so sending the kept
 * object clears such a part anyway; naming it makes that clearing a change the preview and the results
 * list (and it is cleared too by a server that merged the object instead of replacing it).
 */
export function withAddedPartsCleared(
  body: CaseRequestUpdateBody,
  current: CaseRequestRecord,
): CaseRequestUpdateBody {
  const next = { ...body } as Record<string, unknown>;
  const held = current as Record<string, unknown>;
  for (const key of ['client', 'contact'] as const) {
    const object = next[key];
    const now = held[key];
    if (!isPlainObject(object) || !isPlainObject(now)) continue;
    const parts = { ...object };
    for (const [part, value] of Object.entries(now)) {
      if (Object.hasOwn(parts, part) || value === null || value === undefined) continue;
      if (typeof value === 'string' && value.trim() === '') continue;
      parts[part] = '';
    }
    next[key] = parts;
  }
  return next as CaseRequestUpdateBody;
}

function isEmpty(value: unknown): boolean {
  return value === null || value === undefined || (typeof value === 'string' && value.trim() === '');
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function clone<T>(value: T): T {
  return value === undefined ? value : (structuredClone(value) as T);
}
