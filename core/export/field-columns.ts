/**
 * Columns for custom fields, shared by both presets. Which fields: those the account enables for the
 * case types (or subject types) in the export, plus any field a record carries that the reference data
 * does not list (shown as "Field 77" rather than dropped). How: by the field's type tag (API-NOTES table).
 */
import type { AccountReference, FieldDef } from '../account/reference.ts';
import type { CustomFieldEntry } from '../api/types.ts';
import { compositeValue, fieldValue, toDateCell, toNumberOrGiven, toText } from './record-values.ts';
import type { ColumnKind, ExportCell, ExportStats } from './types.ts';

export const NAME_PARTS = ['first_name', 'middle_name', 'last_name'] as const;
export const ADDRESS_PARTS = ['address_1', 'address_2', 'city', 'state', 'zip', 'country'] as const;

export const PART_LABELS: Record<string, string> = {
  first_name: 'First Name',
  middle_name: 'Middle Name',
  last_name: 'Last Name',
  address_1: 'Street',
  address_2: 'Street 2',
  city: 'City',
  state: 'State',
  zip: 'Zip',
  country: 'Country',
};

export function tagOf(field: FieldDef | undefined): string {
  return String(field?.field_type_tag ?? 'INPUT').toUpperCase();
}

/** Case-use fields for the case types present, in the account's order, then unknown ids seen. */
export function caseFieldsFor(reference: AccountReference, stats: ExportStats): FieldDef[] {
  const enabled = new Set<number>();
  let anyListed = false;
  for (const caseType of reference.case_types) {
    if (!stats.caseTypeIds.has(caseType.id) || !caseType.field_ids) continue;
    anyListed = true;
    caseType.field_ids.forEach((id) => enabled.add(Number(id)));
  }
  const caseFields = reference.fields.filter((field) => field.use === 'case');
  const chosen = caseFields.filter((field) =>
    anyListed ? enabled.has(field.id) || stats.caseFieldIds.has(field.id) : stats.caseFieldIds.has(field.id),
  );
  return withUnknown(chosen, stats.caseFieldIds, reference);
}

export function subjectFieldsFor(
  reference: AccountReference,
  subjectTypeId: number,
  seen: Set<number>,
): FieldDef[] {
  const subjectType = reference.subject_types.find((type) => type.id === subjectTypeId);
  const listed = new Set((subjectType?.field_ids ?? []).map(Number));
  const chosen = reference.fields.filter(
    (field) =>
      field.use !== 'case' &&
      (listed.has(field.id) || Number(field.subject_type_id) === subjectTypeId || seen.has(field.id)),
  );
  return withUnknown(chosen, seen, reference);
}

function withUnknown(chosen: FieldDef[], seen: Set<number>, reference: AccountReference): FieldDef[] {
  const known = new Set(reference.fields.map((field) => field.id));
  const unknown = [...seen]
    .filter((id) => !known.has(id))
    .sort((a, b) => a - b)
    .map((id): FieldDef => ({ id, name: `Field ${id}`, field_type_tag: 'INPUT', use: 'unknown' }));
  return [...chosen, ...unknown];
}

/**
 * A scalar custom-field value as a typed cell; `yesNoWords` gives a report "Yes"/"No" instead of 1/0.
 * `tag` is tagOf(field), taken once per column rather than per cell (it was 3 % of an export's time).
 */
export function scalarFieldCell(tag: string, raw: unknown, yesNoWords: boolean): ExportCell {
  if (raw === null || raw === undefined || raw === '') return null;
  if (tag === 'DATE' || tag === 'BIRTHDAY') return toDateCell(raw);
  if (tag === 'NUMBER' || tag === 'CURRENCY') return toNumberOrGiven(raw);
  if (tag === 'YESNO' || tag === 'YESNONA') {
    const flag = String(raw).trim();
    if (!yesNoWords) return flag;
    return flag === '1' || flag === 'true' ? 'Yes' : flag === '0' || flag === 'false' ? 'No' : flag;
  }
  return toText(raw);
}

export function scalarFieldKind(field: FieldDef): ColumnKind {
  const tag = tagOf(field);
  if (tag === 'DATE' || tag === 'BIRTHDAY') return 'date';
  if (tag === 'CURRENCY') return 'money';
  if (tag === 'NUMBER') return 'number';
  return 'text';
}

/**
 * One part of a NAME/ADDRESS value. When the API sent the value flattened to one string (no
 * expand_field_values), `flatInto` names the part that shows that string, so a report loses nothing;
 * the round trip passes none, because a flattened value cannot be split back safely.
 */
export function partCell(
  fields: CustomFieldEntry[] | undefined,
  fieldId: number,
  part: string,
  flatInto?: string,
): ExportCell {
  const raw = fieldValue(fields, fieldId);
  const value = compositeValue(raw);
  if (value) return toText(value[part]);
  return part === flatInto ? toText(raw) : null;
}

/** "John B Doe": a NAME value read as a person writes it. */
export function flatName(fields: CustomFieldEntry[] | undefined, fieldId: number): ExportCell {
  const raw = fieldValue(fields, fieldId);
  const value = compositeValue(raw);
  if (!value) return toText(raw);
  const words = NAME_PARTS.map((part) => toText(value[part])).filter((word): word is string => !!word);
  return words.length ? words.join(' ') : null;
}

export function textWidth(header: string, kind: ColumnKind, long = false): number {
  if (kind === 'date') return Math.max(12, header.length + 2);
  if (kind === 'datetime') return Math.max(20, header.length + 2);
  if (kind !== 'text') return Math.max(12, header.length + 2);
  return Math.min(long ? 50 : 36, Math.max(header.length + 2, 14));
}
