/**
 * The `round-trip` preset: every header is the target path a mapping would name (CONTRACTS section 2),
 * so the file maps onto itself with no template. Columns the API's update (seed: PUT parameters) cannot
 * change are still shown for context but marked not editable: the round-trip import refuses an edit to
 * them rather than dropping it silently. Subjects are read-only for the same reason (the update takes
 * no `subjects`). Composite values are always split into parts, one column per part.
 */
import type { AccountReference, FieldDef } from '../account/reference.ts';
import type { CaseRequestRecord, CustomFieldEntry } from '../api/types.ts';
import {
  ADDRESS_PARTS,
  NAME_PARTS,
  caseFieldsFor,
  partCell,
  scalarFieldCell,
  scalarFieldKind,
  subjectFieldsFor,
  tagOf,
  textWidth,
} from './field-columns.ts';
import {
  compositeValue,
  fieldValue,
  subjectInGroup,
  toDateCell,
  toNumberOrGiven,
  toText,
} from './record-values.ts';
import { BadResponseError } from '../api/errors.ts';
import { subjectGroupsFor } from './subject-groups.ts';
import { CLIENT_PARTS, CONTACT_PARTS } from '../mapping/targets.ts';
import type { ColumnKind, ExportCell, ExportColumn, ExportStats, SubjectGroup } from './types.ts';

export function roundTripColumns(
  reference: AccountReference,
  stats: ExportStats,
): { columns: ExportColumn[]; subjectGroups: SubjectGroup[] } {
  const columns: ExportColumn[] = [];
  const add = (
    target: string,
    kind: ColumnKind,
    editable: boolean,
    value: (record: CaseRequestRecord) => ExportCell,
    long = false,
  ) =>
    columns.push({
      header: target,
      key: target,
      target,
      kind,
      editable,
      width: textWidth(target, kind, long),
      value,
    });
  const ids = (raw: unknown): ExportCell => (Array.isArray(raw) && raw.length ? raw.join(';') : null);

  add('id', 'text', false, (r) => toText(r.id));
  add('case_request_number', 'text', false, (r) => toText(r.case_request_number));
  // Text, not a date cell: it is compared to the server's value as the API wrote it.
  add('updated_at', 'text', false, (r) => toText(r.updated_at));
  add('case_type_id', 'text', false, (r) => toText(r.case_type_id));
  add('case_region_id', 'text', false, (r) => toText(r.case_region_id));
  add('created_on', 'date', true, (r) => toDateCell(r.created_on));
  add('due_on', 'date', true, (r) => toDateCell(r.due_on));
  add('reference_value_1', 'text', true, (r) => toText(r.reference_value_1));
  add('reference_value_2', 'text', true, (r) => toText(r.reference_value_2));
  add('reference_value_3', 'text', true, (r) => toText(r.reference_value_3));
  add('client_id', 'text', true, (r) => toText(r.client_id));
  add('company_location_id', 'text', true, (r) => toText(r.company_location_id));
  add('referral_source_id', 'text', true, (r) => toText(r.referral_source_id));
  add('case_location', 'text', true, (r) => toText(r.case_location));
  add('budget_money', 'money', false, (r) => toNumberOrGiven(r.budget_money));
  add('budget_hours', 'number', false, (r) => toNumberOrGiven(r.budget_hours));
  add('case_services_list', 'text', true, (r) => ids(r.case_services_list));
  add('case_flags_list', 'text', true, (r) => ids(r.case_flags_list));
  for (const key of CLIENT_PARTS) add(`client.${key}`, 'text', true, (r) => toText(r.client?.[key]));
  for (const key of CONTACT_PARTS) add(`contact.${key}`, 'text', true, (r) => toText(r.contact?.[key]));
  add('notes', 'text', true, (r) => toText(r.notes), true);
  add('scheduling_notes', 'text', true, (r) => toText(r.scheduling_notes), true);
  add('admin_notes', 'text', true, (r) => toText(r.admin_notes), true);

  for (const field of caseFieldsFor(reference, stats)) {
    const target = `custom_fields.${field.id}`;
    columns.push(...fieldColumns(field, target, target, true, (r) => r.custom_fields));
  }
  const subjectGroups = subjectGroupsFor(reference, stats);
  subjectGroups.forEach((group, index) => {
    const seen = stats.subjectFieldIds.get(group.subjectTypeId) ?? new Set<number>();
    for (const field of subjectFieldsFor(reference, group.subjectTypeId, seen)) {
      const fieldsOf = (r: CaseRequestRecord) => subjectInGroup(r, group)?.custom_fields;
      // The header numbers the group among all groups, which shifts when a type is added; the key not.
      const target = `subjects.${index}.custom_fields.${field.id}`;
      const key = `subject:${group.subjectTypeId}:${group.slot}.${field.id}`;
      columns.push(...fieldColumns(field, target, key, false, fieldsOf));
    }
  });
  add('created_at', 'text', false, (r) => toText(r.created_at));
  return { columns, subjectGroups };
}

function fieldColumns(
  field: FieldDef,
  target: string,
  key: string,
  editable: boolean,
  fieldsOf: (record: CaseRequestRecord) => CustomFieldEntry[] | undefined,
): ExportColumn[] {
  const tag = tagOf(field);
  const parts = tag === 'NAME' ? NAME_PARTS : tag === 'ADDRESS' ? ADDRESS_PARTS : null;
  if (parts) {
    return parts.map((part) => {
      const header = `${target}.${part}`;
      return {
        header,
        key: `${key}.${part}`,
        target: header,
        kind: 'text' as const,
        editable,
        width: textWidth(header, 'text'),
        value: (r: CaseRequestRecord) => {
          const raw = fieldValue(fieldsOf(r), field.id);
          if (typeof raw === 'string' && raw.trim() !== '' && !compositeValue(raw))
            throw flattenedComposite(field, tag, r, raw);
          return partCell(fieldsOf(r), field.id, part);
        },
      };
    });
  }
  const kind = scalarFieldKind(field);
  return [
    {
      header: target,
      key,
      target,
      kind,
      editable,
      width: textWidth(target, kind, tag === 'LONG'),
      value: (r) => scalarFieldCell(tag, fieldValue(fieldsOf(r), field.id), false),
    },
  ];
}

/**
 * A NAME/ADDRESS value the server sent as one line of text although the export asked for parts
 * (API-NOTES Known: `expand_field_values=1` is honoured by "some" endpoints). A round-trip file must
 * hold the parts the update will send; splitting "Mary Ann Smith" would be a guess. So the export
 * stops and says what the server did, rather than write empty or guessed parts.
 */
function flattenedComposite(field: FieldDef, tag: string, record: CaseRequestRecord, raw: string): Error {
  const which =
    typeof record.case_request_number === 'string' ? record.case_request_number : `request ${record.id}`;
  const shown = raw.length > 60 ? `${raw.slice(0, 60)}…` : raw;
  return new BadResponseError(
    `Trackops sent the ${tag} field "${field.name}" (${field.id}) of ${which} as one line of text ('${shown}') ` +
      'although the export asked for its parts (expand_field_values=1). A round-trip file cannot split it back ' +
      'into parts safely, so none was written; export with --columns report, which shows such values whole.',
    { method: 'GET', path: 'case/requests' },
    shown,
  );
}
