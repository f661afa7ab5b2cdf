/**
 * Which custom fields the Trackops update can empty. API-NOTES lists the value each type takes: only
 * the text types (INPUT, LONG) and YESNONA take "" (the sandbox, which validates a write as documented,
 * refuses "" for every other). A part of a NAME or ADDRESS is text, so it can be emptied.
 *
 * One answer for every place that empties a field: a mapping's "blank": "clear" (validate/account-fields.ts),
 * an emptied round-trip cell (export/round-trip-import.ts) and a revert putting back a field that held
 * nothing (batch/revert-values.ts). Before, each knew its own part of it, so the round trip's summary
 * promised to clear a choice field that its validation then refused, and a revert's dry run promised
 * to empty fields that Trackops then refused to empty (explore 25).
 */
import type { FieldDef } from './reference.ts';

/** Type tags whose value cannot be "", each with what a clerk calls such a field. */
const NO_EMPTY_VALUE: Readonly<Record<string, string>> = {
  EMAIL: 'an e-mail field',
  LINK: 'a link field',
  NUMBER: 'a number field',
  CURRENCY: 'a currency field',
  DATE: 'a date field',
  BIRTHDAY: 'a date field',
  COUNTRY: 'a country field',
  SELECT: 'a choice field',
  RADIO: 'a choice field',
  YESNO: 'a yes/no field',
};

/** A field's type tag as API-NOTES writes them (upper case), read tolerantly. */
export function fieldTypeTag(field: Pick<FieldDef, 'field_type_tag'>): string {
  return String(field.field_type_tag ?? '').toUpperCase();
}

/**
 * Why a whole custom field cannot be emptied through the update, in words ("a choice field"), or null
 * when it can: a text or YESNONA field, or a type this tool does not know (left to Trackops, which
 * says so if it refuses), or a field the account did not list.
 */
export function emptyRefusedKind(field: Pick<FieldDef, 'field_type_tag'> | undefined): string | null {
  if (!field) return null;
  return NO_EMPTY_VALUE[fieldTypeTag(field)] ?? null;
}
