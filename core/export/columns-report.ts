/**
 * The `report` preset: headers a person reads. Ids become names from the account's reference data;
 * reference values carry the case type's own labels; custom fields carry their names; subjects are
 * grouped per subject type ("Claimant: Name", "Claimant 2: Name").
 *
 * Decisions (README "Export"):
 * - When the exported case types label a reference differently, the header joins the distinct labels
 *   ("Claim Number / File Number"); a reference no case type labels and no record fills is left out.
 * - NAME values are flattened to one cell ("John B Doe"): a name reads and sorts as one thing.
 *   ADDRESS values are split into parts ("Home (City)") so a clerk can filter by city, state or zip.
 * - Lists of services and flags are their names joined by "; ".
 */
import type { AccountReference, FieldDef, NamedRef } from '../account/reference.ts';
import type { CaseRequestRecord, CustomFieldEntry } from '../api/types.ts';
import {
  ADDRESS_PARTS,
  PART_LABELS,
  caseFieldsFor,
  flatName,
  partCell,
  scalarFieldCell,
  scalarFieldKind,
  subjectFieldsFor,
  tagOf,
  textWidth,
} from './field-columns.ts';
import {
  fieldValue,
  subjectInGroup,
  toDateCell,
  toDateTimeCell,
  toNumberOrGiven,
  toNumberOrNull,
  toText,
} from './record-values.ts';
import { subjectGroupLabel, subjectGroupsFor } from './subject-groups.ts';
import type { ColumnKind, ExportCell, ExportColumn, ExportStats } from './types.ts';

export function reportColumns(reference: AccountReference, stats: ExportStats): ExportColumn[] {
  const columns: ExportColumn[] = [];
  const add = (
    header: string,
    kind: ColumnKind,
    value: (record: CaseRequestRecord) => ExportCell,
    long = false,
    key = header,
  ) => columns.push({ header, key, kind, width: textWidth(header, kind, long), value });
  const nameOf = (list: NamedRef[], raw: unknown): ExportCell => {
    const id = toNumberOrNull(raw);
    if (id === null) return toText(raw);
    return list.find((item) => item.id === id)?.name ?? `#${id}`;
  };
  const namesOf = (list: NamedRef[], raw: unknown): ExportCell => {
    if (!Array.isArray(raw) || raw.length === 0) return null;
    return raw.map((id) => String(nameOf(list, id))).join('; ');
  };

  add('Request Number', 'text', (r) => toText(r.case_request_number));
  add('Request ID', 'text', (r) => toText(r.id));
  add('Case Type', 'text', (r) => nameOf(reference.case_types, r.case_type_id));
  add('Region', 'text', (r) => nameOf(reference.case_regions, r.case_region_id));
  add('Received', 'date', (r) => toDateCell(r.created_on), false, 'created_on');
  add('Due', 'date', (r) => toDateCell(r.due_on), false, 'due_on');
  ([1, 2, 3] as const).forEach((n) => {
    const labels = referenceLabels(reference, stats, n);
    if (labels.length === 0 && !stats.referenceValueSeen[n - 1]) return;
    add(
      labels.length ? labels.join(' / ') : `Reference ${n}`,
      'text',
      (r) => toText(r[`reference_value_${n}`]),
      false,
      `reference_value_${n}`,
    );
  });
  add('Company Location', 'text', (r) => nameOf(reference.company_locations, r.company_location_id));
  add('Referral Source', 'text', (r) => nameOf(reference.referral_sources, r.referral_source_id));
  add('Case Location', 'text', (r) => toText(r.case_location));
  add('Budget', 'money', (r) => toNumberOrGiven(r.budget_money), false, 'budget_money');
  add('Budget Hours', 'number', (r) => toNumberOrGiven(r.budget_hours), false, 'budget_hours');
  add('Services', 'text', (r) => namesOf(reference.case_services, r.case_services_list));
  add('Flags', 'text', (r) => namesOf(reference.case_flags, r.case_flags_list));
  const client: [string, keyof NonNullable<CaseRequestRecord['client']>][] = [
    ['Client', 'name'],
    ['Client Address 1', 'address_1'],
    ['Client Address 2', 'address_2'],
    ['Client Address 3', 'address_3'],
    ['Client City', 'city'],
    ['Client State', 'state'],
    ['Client Zip', 'zip'],
    ['Client Country', 'country'],
  ];
  for (const [header, key] of client) add(header, 'text', (r) => toText(r.client?.[key]));
  const contact: [string, keyof NonNullable<CaseRequestRecord['contact']>][] = [
    ['Contact First Name', 'first_name'],
    ['Contact Middle Name', 'middle_name'],
    ['Contact Last Name', 'last_name'],
    ['Contact Email', 'email'],
    ['Contact Office Phone', 'phone_office'],
    ['Contact Home Phone', 'phone_home'],
    ['Contact Mobile Phone', 'phone_mobile'],
    ['Contact Fax', 'phone_fax'],
  ];
  for (const [header, key] of contact) add(header, 'text', (r) => toText(r.contact?.[key]));
  add('Notes', 'text', (r) => toText(r.notes), true);
  add('Scheduling Notes', 'text', (r) => toText(r.scheduling_notes), true);
  add('Admin Notes', 'text', (r) => toText(r.admin_notes), true);

  const caseFields = caseFieldsFor(reference, stats);
  const nameKey = (field: FieldDef): string => field.name.trim().toLowerCase();
  for (const field of caseFields) {
    const fields = (r: CaseRequestRecord) => r.custom_fields;
    // Two case fields of one name ("Date of Loss" on two case types, explore 54 item 3) say their ids.
    const header = caseFields.some((other) => other.id !== field.id && nameKey(other) === nameKey(field))
      ? `${field.name} (field ${field.id})`
      : field.name;
    for (const column of fieldColumns(field, header, `custom_fields.${field.id}`, fields))
      columns.push(column);
  }
  for (const group of subjectGroupsFor(reference, stats)) {
    const label = subjectGroupLabel(reference, group);
    const seen = stats.subjectFieldIds.get(group.subjectTypeId) ?? new Set<number>();
    for (const field of subjectFieldsFor(reference, group.subjectTypeId, seen)) {
      const fields = (r: CaseRequestRecord) => subjectInGroup(r, group)?.custom_fields;
      const key = `subject:${group.subjectTypeId}:${group.slot}.${field.id}`;
      for (const column of fieldColumns(field, `${label}: ${field.name}`, key, fields)) columns.push(column);
    }
  }
  add('Created At (UTC)', 'datetime', (r) => toDateTimeCell(r.created_at), false, 'created_at');
  add('Updated At (UTC)', 'datetime', (r) => toDateTimeCell(r.updated_at), false, 'updated_at');
  return columns;
}

function referenceLabels(reference: AccountReference, stats: ExportStats, n: 1 | 2 | 3): string[] {
  const labels = new Set<string>();
  for (const caseType of reference.case_types) {
    if (!stats.caseTypeIds.has(caseType.id)) continue;
    const label = caseType[`reference_label_${n}`];
    if (label) labels.add(label.trim());
  }
  return [...labels];
}

function fieldColumns(
  field: FieldDef,
  header: string,
  key: string,
  fieldsOf: (record: CaseRequestRecord) => CustomFieldEntry[] | undefined,
): ExportColumn[] {
  const tag = tagOf(field);
  if (tag === 'NAME') {
    return [
      {
        header,
        key,
        kind: 'text',
        width: textWidth(header, 'text'),
        value: (r) => flatName(fieldsOf(r), field.id),
      },
    ];
  }
  if (tag === 'ADDRESS') {
    return ADDRESS_PARTS.map((part) => {
      const partHeader = `${header} (${PART_LABELS[part]})`;
      return {
        header: partHeader,
        key: `${key}.${part}`,
        kind: 'text' as const,
        width: textWidth(partHeader, 'text'),
        value: (r: CaseRequestRecord) => partCell(fieldsOf(r), field.id, part, 'address_1'),
      };
    });
  }
  const kind = scalarFieldKind(field);
  return [
    {
      header,
      key,
      kind,
      width: textWidth(header, kind, tag === 'LONG'),
      value: (r) => scalarFieldCell(tag, fieldValue(fieldsOf(r), field.id), true),
    },
  ];
}
