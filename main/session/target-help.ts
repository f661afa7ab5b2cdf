/**
 * The mapping targets the wizard offers, with a label and the seed's own description as help
 * (seeds/case-requests-api.txt, create/update tables and the client/contact tables), plus the
 * account's custom fields by name and the names each lookup accepts. Presentation only: which
 * targets are valid and how values are checked is core's mapping code.
 */
import type { AccountReference, FieldDef, LookupKind } from '../../core/index.ts';
import type { TargetHelp } from '../bridge/contract.ts';

type Kind = TargetHelp['kind'];
type Row = [
  target: string,
  label: string,
  kind: Kind,
  description: string,
  required?: boolean,
  lookup?: LookupKind,
];

const CASE_ROWS: Row[] = [
  ['case_type_id', 'Case type', 'lookup', 'The type of case. See Case Types.', true, 'case_types'],
  ['case_region_id', 'Case region', 'lookup', 'The case region. See Case Regions.', true, 'case_regions'],
  ['created_on', 'Received on', 'date', 'The date the case was received (e.g. 2024-12-01).', true],
  ['due_on', 'Due on', 'date', 'The due date of the case (e.g. 2024-12-15).'],
  [
    'company_location_id',
    'Company location',
    'lookup',
    'The internal company location.',
    false,
    'company_locations',
  ],
  [
    'referral_source_id',
    'Referral source',
    'lookup',
    'The referral source for this case.',
    false,
    'referral_sources',
  ],
  [
    'reference_value_1',
    'Reference value 1',
    'text',
    'Value of Reference No. 1 (e.g. a claim number; the label comes from the case type).',
  ],
  ['reference_value_2', 'Reference value 2', 'text', 'Value of Reference No. 2 (Case Type Config).'],
  ['reference_value_3', 'Reference value 3', 'text', 'Value of Reference No. 3 (Case Type Config).'],
  ['case_location', 'Case location', 'text', 'Geographic location of the case (e.g. Denver, CO).'],
  ['budget_money', 'Budget (money)', 'number', 'The initial case budget in money (e.g. 1000).'],
  ['budget_hours', 'Budget (hours)', 'number', 'The initial case budget in hours (e.g. 8).'],
  ['notes', 'Notes', 'text', 'Public notes and instructions for this case.'],
  ['scheduling_notes', 'Scheduling notes', 'text', 'Specific criteria to be used during scheduling.'],
  ['admin_notes', 'Admin notes', 'text', 'Private notes, only visible by staff.'],
  [
    'case_services_list',
    'Services',
    'list',
    'List of services to perform (several in one cell, split by ; ).',
    false,
    'case_services',
  ],
  [
    'case_flags_list',
    'Case flags',
    'list',
    'List of case flags to apply (several in one cell, split by ; ).',
    false,
    'case_flags',
  ],
  [
    'client_id',
    'Client location ID (updates)',
    'number',
    'ID of the client location (update only). See Client Locations.',
  ],
  ['id', 'Trackops ID (updates)', 'key', 'ID of an existing case request, to update it.'],
  [
    'case_request_number',
    'Case request number (updates)',
    'key',
    'The fully formatted case request number, to update it.',
  ],
];

const CLIENT_ROWS: Row[] = [
  ['client.name', 'Client name', 'text', 'The name of the client (organization if possible).', true],
  [
    'client.address_1',
    'Client address line 1',
    'text',
    'Required if Require Client Address is enabled in General Case Settings.',
  ],
  ['client.address_2', 'Client address line 2', 'text', 'Line 2 of the street address.'],
  ['client.address_3', 'Client address line 3', 'text', 'Line 3 of the street address.'],
  [
    'client.city',
    'Client city',
    'text',
    'Required if Require Client Address is enabled in General Case Settings.',
  ],
  ['client.state', 'Client state', 'text', '2-character state or province code of the street address.'],
  ['client.zip', 'Client zip', 'text', 'The zip code or postal code associated with this address.'],
  [
    'client.country',
    'Client country',
    'country',
    '2-character ISO country code of the street address.',
    true,
  ],
];

const CONTACT_ROWS: Row[] = [
  [
    'contact.full_name',
    'Contact full name',
    'name',
    // Mapping-only (core/mapping/targets.ts CONTACT_FULL_NAME): not an API field, it fills the three below.
    'The contact’s whole name in one column (“Whitfield, Dana” or “Dana J Whitfield”): fills the first, middle and last name. Not together with those.',
  ],
  ['contact.first_name', 'Contact first name', 'text', 'The first name of the client contact.'],
  ['contact.middle_name', 'Contact middle name', 'text', 'The middle name of the client contact.'],
  ['contact.last_name', 'Contact last name', 'text', 'The last name of the client contact.', true],
  ['contact.email', 'Contact email', 'email', 'The email address of the client contact.', true],
  [
    'contact.phone_office',
    'Contact office phone',
    'text',
    'One phone number is required if Require Client Phone is enabled.',
  ],
  [
    'contact.phone_home',
    'Contact home phone',
    'text',
    'One phone number is required if Require Client Phone is enabled.',
  ],
  [
    'contact.phone_mobile',
    'Contact mobile phone',
    'text',
    'One phone number is required if Require Client Phone is enabled.',
  ],
  ['contact.phone_fax', 'Contact fax', 'text', 'The fax number of the client contact.'],
];

const NAME_PARTS = [
  ['first_name', 'first name'],
  ['middle_name', 'middle name'],
  ['last_name', 'last name'],
] as const;
const ADDRESS_PARTS = [
  ['address_1', 'street'],
  ['address_2', 'street line 2'],
  ['city', 'city'],
  ['state', 'state'],
  ['zip', 'zip'],
  ['country', 'country'],
] as const;

function namesOf(reference: AccountReference | null, lookup: keyof AccountReference | undefined): string[] {
  if (!reference || !lookup) return [];
  return (reference[lookup] as { name: string }[]).map((entry) => entry.name);
}

function idsOf(reference: AccountReference | null, lookup: keyof AccountReference | undefined): number[] {
  if (!reference || !lookup) return [];
  return (reference[lookup] as { id: number }[]).map((entry) => entry.id);
}

function fromRows(rows: Row[], group: string, reference: AccountReference | null): TargetHelp[] {
  return rows.map(([target, label, kind, description, required, lookup]) => ({
    target,
    label,
    group,
    kind,
    description,
    required: required ?? false,
    lookup: lookup ?? null,
    choices: namesOf(reference, lookup),
    ...(lookup && reference ? { choiceIds: idsOf(reference, lookup) } : {}),
  }));
}

const FIELD_KINDS: Record<string, Kind> = {
  EMAIL: 'email',
  NUMBER: 'number',
  CURRENCY: 'number',
  DATE: 'date',
  BIRTHDAY: 'date',
  COUNTRY: 'country',
  SELECT: 'choice',
  RADIO: 'choice',
  YESNO: 'boolean',
  YESNONA: 'boolean',
  NAME: 'name',
  ADDRESS: 'address',
};

/** A custom field as targets: one for a plain field; the whole value plus each part for NAME/ADDRESS. */
export function fieldTargets(field: FieldDef, prefix: string, group: string): TargetHelp[] {
  const tag = String(field.field_type_tag).toUpperCase();
  const kind = FIELD_KINDS[tag] ?? 'text';
  const base: TargetHelp = {
    target: `${prefix}custom_fields.${field.id}`,
    label: field.name,
    group,
    kind,
    description: `Custom field “${field.name}” (${tag.toLowerCase()})${
      kind === 'name' ? ': a full name such as “Doe, John B” or “John B Doe”' : ''
    }${kind === 'address' ? ': a whole address in one cell' : ''}.`,
    required: field.is_required ?? false,
    lookup: null,
    choices: kind === 'choice' ? (field.choices ?? []) : [],
  };
  const parts = kind === 'name' ? NAME_PARTS : kind === 'address' ? ADDRESS_PARTS : [];
  return [
    base,
    ...parts.map(([part, words]) => ({
      ...base,
      target: `${base.target}.${part}`,
      label: `${field.name}: ${words}`,
      kind: part === 'country' ? ('country' as const) : ('text' as const),
      description: `The ${words} part of “${field.name}”.`,
      required: false,
    })),
  ];
}

/** Case-level targets, and each subject type's fields relative to its group. */
export function targetCatalog(reference: AccountReference | null): {
  targets: TargetHelp[];
  subjectTypes: { id: number; name: string; fields: TargetHelp[] }[];
} {
  const caseFields = (reference?.fields ?? []).filter((field) => field.use === 'case');
  const targets = [
    ...fromRows(CASE_ROWS, 'Case request', reference),
    ...fromRows(CLIENT_ROWS, 'Client', reference),
    ...fromRows(CONTACT_ROWS, 'Contact', reference),
    ...caseFields.flatMap((field) => fieldTargets(field, '', 'Case custom field')),
  ];
  const subjectTypes = (reference?.subject_types ?? []).map((type) => ({
    id: type.id,
    name: type.name,
    fields: (reference?.fields ?? [])
      .filter(
        (field) =>
          field.use !== 'case' && (field.subject_type_id === type.id || type.field_ids?.includes(field.id)),
      )
      .flatMap((field) => fieldTargets(field, '', type.name)),
  }));
  return { targets, subjectTypes };
}
