/**
 * The mapping targets the wizard offers, with a label and the seed's own description as help
 * (seeds/case-requests-api.txt, create/update tables and the client/contact tables), plus the
 * account's custom fields by name and the names each lookup accepts. Presentation only: which
 * targets are valid and how values are checked is core's mapping code.
 */
import {
  ADDRESS_PARTS,
  choiceName,
  CLIENT_PARTS,
  CONTACT_PARTS,
  MATCH_KEYS,
  NAME_PARTS,
  PARAM_NAMES,
  PARAMS,
  REQUIRED_TARGETS,
  itemName,
  seenText,
  type AccountReference,
  type FieldDef,
  type LookupKind,
  type ParamName,
} from '../../core/index.ts';
import type { TargetHelp, TextKey } from '../bridge/contract.ts';

type Kind = TargetHelp['kind'];

/** How the wizard offers a value of each of core's parameter types. */
const PARAM_KINDS: Record<(typeof PARAMS)[ParamName]['type'], Kind> = {
  ref: 'lookup',
  refList: 'list',
  int: 'number',
  date: 'date',
  decimal: 'number',
  text: 'text',
  longText: 'text',
};
/** Client and contact parts that are not plain text. */
const PART_KINDS: Record<string, Kind> = { country: 'country', email: 'email', full_name: 'name' };

/** Each target's label and the seed's description of it; which targets exist is core's (PARAMS, *_PARTS). */
const WORDS: Record<string, readonly [label: string, description: string]> = {
  case_type_id: ['Case type', 'The type of case. See Case Types.'],
  case_region_id: ['Case region', 'The case region. See Case Regions.'],
  created_on: ['Received on', 'The date the case was received (e.g. 2024-12-01).'],
  due_on: ['Due on', 'The due date of the case (e.g. 2024-12-15).'],
  company_location_id: ['Company location', 'The internal company location.'],
  referral_source_id: ['Referral source', 'The referral source for this case.'],
  reference_value_1: [
    'Reference value 1',
    'Value of Reference No. 1 (e.g. a claim number; the label comes from the case type).',
  ],
  reference_value_2: ['Reference value 2', 'Value of Reference No. 2 (Case Type Config).'],
  reference_value_3: ['Reference value 3', 'Value of Reference No. 3 (Case Type Config).'],
  case_location: ['Case location', 'Geographic location of the case (e.g. Denver, CO).'],
  budget_money: ['Budget (money)', 'The initial case budget in money (e.g. 1000).'],
  budget_hours: ['Budget (hours)', 'The initial case budget in hours (e.g. 8).'],
  notes: ['Notes', 'Public notes and instructions for this case.'],
  scheduling_notes: ['Scheduling notes', 'Specific criteria to be used during scheduling.'],
  admin_notes: ['Admin notes', 'Private notes, only visible by staff.'],
  case_services_list: ['Services', 'List of services to perform (several in one cell, split by ; ).'],
  case_flags_list: ['Case flags', 'List of case flags to apply (several in one cell, split by ; ).'],
  client_id: [
    'Client location ID (updates)',
    'ID of the client location (update only). See Client Locations.',
  ],
  id: ['Trackops ID (updates)', 'ID of an existing case request, to update it.'],
  case_request_number: [
    'Case request number (updates)',
    'The fully formatted case request number, to update it.',
  ],
  'client.name': ['Client name', 'The name of the client (organization if possible).'],
  'client.address_1': [
    'Client address line 1',
    'Required if Require Client Address is enabled in General Case Settings.',
  ],
  'client.address_2': ['Client address line 2', 'Line 2 of the street address.'],
  'client.address_3': ['Client address line 3', 'Line 3 of the street address.'],
  'client.city': ['Client city', 'Required if Require Client Address is enabled in General Case Settings.'],
  'client.state': ['Client state', '2-character state or province code of the street address.'],
  'client.zip': ['Client zip', 'The zip code or postal code associated with this address.'],
  'client.country': ['Client country', '2-character ISO country code of the street address.'],
  'contact.full_name': [
    'Contact full name',
    // Mapping-only (core/mapping/targets.ts CONTACT_FULL_NAME): not an API field, it fills the three below.
    'The contact’s whole name in one column (“Whitfield, Dana” or “Dana J Whitfield”): fills the first, middle and last name. Not together with those.',
  ],
  'contact.first_name': ['Contact first name', 'The first name of the client contact.'],
  'contact.middle_name': ['Contact middle name', 'The middle name of the client contact.'],
  'contact.last_name': ['Contact last name', 'The last name of the client contact.'],
  'contact.email': ['Contact email', 'The email address of the client contact.'],
  'contact.phone_office': [
    'Contact office phone',
    'One phone number is required if Require Client Phone is enabled.',
  ],
  'contact.phone_home': [
    'Contact home phone',
    'One phone number is required if Require Client Phone is enabled.',
  ],
  'contact.phone_mobile': [
    'Contact mobile phone',
    'One phone number is required if Require Client Phone is enabled.',
  ],
  'contact.phone_fax': ['Contact fax', 'The fax number of the client contact.'],
};

/** The words of each part of a NAME or ADDRESS custom field (core's NAME_PARTS, ADDRESS_PARTS). */
const COMPOSITE_WORDS: Record<(typeof NAME_PARTS)[number] | (typeof ADDRESS_PARTS)[number], string> = {
  first_name: 'first name',
  middle_name: 'middle name',
  last_name: 'last name',
  address_1: 'street',
  address_2: 'street line 2',
  city: 'city',
  state: 'state',
  zip: 'zip',
  country: 'country',
};

/** Case parameters as the seed's create table lists them, the update-only ones after, then the match keys. */
const CASE_TARGETS: { target: string; kind: Kind; lookup?: LookupKind }[] = [
  ...[...PARAM_NAMES]
    .sort((a, b) => Number(!PARAMS[a].create) - Number(!PARAMS[b].create))
    .map((name) => ({
      target: name,
      kind: PARAM_KINDS[PARAMS[name].type],
      ...(PARAMS[name].lookup ? { lookup: PARAMS[name].lookup } : {}),
    })),
  ...MATCH_KEYS.filter((key) => !(key in PARAMS)).map((key) => ({ target: key, kind: 'key' as const })),
];

const partTargets = (head: string, parts: readonly string[]) =>
  parts.map((part) => ({ target: `${head}.${part}`, kind: PART_KINDS[part] ?? 'text' }));

function namesOf(reference: AccountReference | null, lookup: LookupKind | undefined): string[] {
  if (!reference || !lookup) return [];
  return (reference[lookup] as { name: string }[]).map((entry) => entry.name);
}

function idsOf(reference: AccountReference | null, lookup: LookupKind | undefined): number[] {
  if (!reference || !lookup) return [];
  return (reference[lookup] as { id: number }[]).map((entry) => entry.id);
}

/**
 * A text as core matches it (TargetHelp.choiceKeys, MappingDraft.valueKeys). The caseless key is core's
 * caselessKey, the seen text in lower case, worked from the seen text already made: a draft keys every
 * distinct value of every column (issue 13).
 */
export function textKey(text: string): TextKey {
  const seen = seenText(text);
  return { seen, caseless: seen.toLowerCase() };
}

/**
 * The keys of a target's names, and, when two of them are look-alikes (one caseless key), each told
 * apart by `apart` (core's itemName or choiceName): what the Columns step offers for a value that
 * matches several, since the names alone print alike (explore 54 item 7).
 */
function namesHelp(
  names: readonly string[],
  apart: (index: number) => string,
): Pick<TargetHelp, 'choiceKeys' | 'choicesApart'> {
  const choiceKeys = names.map(textKey);
  const caseless = new Set(choiceKeys.map((key) => key.caseless));
  return caseless.size === names.length
    ? { choiceKeys }
    : { choiceKeys, choicesApart: names.map((_name, index) => apart(index)) };
}

function fromTargets(
  targets: { target: string; kind: Kind; lookup?: LookupKind }[],
  group: string,
  reference: AccountReference | null,
): TargetHelp[] {
  return targets.map(({ target, kind, lookup }) => {
    const names = namesOf(reference, lookup);
    const ids = idsOf(reference, lookup);
    return {
      target,
      label: WORDS[target]![0],
      group,
      kind,
      description: WORDS[target]![1],
      required: REQUIRED_TARGETS.includes(target),
      lookup: lookup ?? null,
      choices: names,
      ...(lookup && reference
        ? { choiceIds: ids, ...namesHelp(names, (index) => itemName(names[index]!, ids[index]!)) }
        : {}),
    };
  });
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
  const choices = kind === 'choice' ? (field.choices ?? []) : [];
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
    choices,
    ...(choices.length ? namesHelp(choices, (index) => choiceName(choices[index]!)) : {}),
  };
  const parts = kind === 'name' ? NAME_PARTS : kind === 'address' ? ADDRESS_PARTS : [];
  return [
    base,
    ...parts.map((part) => ({
      ...base,
      target: `${base.target}.${part}`,
      label: `${field.name}: ${COMPOSITE_WORDS[part]}`,
      kind: part === 'country' ? ('country' as const) : ('text' as const),
      description: `The ${COMPOSITE_WORDS[part]} part of “${field.name}”.`,
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
    ...fromTargets(CASE_TARGETS, 'Case request', reference),
    ...fromTargets(partTargets('client', CLIENT_PARTS), 'Client', reference),
    ...fromTargets(partTargets('contact', ['full_name', ...CONTACT_PARTS]), 'Contact', reference),
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
