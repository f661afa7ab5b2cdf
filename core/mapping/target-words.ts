/**
 * Targets in the words a clerk uses: "Region", "Client country", "Claim Number" (the account's own label
 * for reference value 1), "Claimant 1's Date of Birth". Problems, summaries and suggestions name targets
 * this way; the target path (`case_region_id`) stays in the problem's `target` field for the mapping file.
 */
import type { AccountReference, CaseType } from '../account/reference.ts';
import type { Mapping } from './schema.ts';

/** Seed create/update tables, as the Trackops screens call them (seed descriptions in brackets). */
const PARAM_WORDS: Record<string, string> = {
  case_type_id: 'Case type',
  client_id: 'Client location id',
  case_region_id: 'Region',
  created_on: 'Date received', // seed: "The date the case was received"
  due_on: 'Due date',
  company_location_id: 'Company location',
  referral_source_id: 'Referral source',
  reference_value_1: 'Reference 1',
  reference_value_2: 'Reference 2',
  reference_value_3: 'Reference 3',
  case_location: 'Case location',
  budget_money: 'Budget (money)',
  budget_hours: 'Budget (hours)',
  notes: 'Notes',
  scheduling_notes: 'Scheduling notes',
  admin_notes: 'Admin notes',
  case_services_list: 'Services',
  case_flags_list: 'Case flags',
  id: 'Trackops id',
  case_request_number: 'Case request number',
};

const PART_WORDS: Record<string, string> = {
  name: 'name',
  full_name: 'full name',
  first_name: 'first name',
  middle_name: 'middle name',
  last_name: 'last name',
  email: 'email',
  phone_office: 'office phone',
  phone_home: 'home phone',
  phone_mobile: 'mobile phone',
  phone_fax: 'fax',
  address_1: 'address line 1',
  address_2: 'address line 2',
  address_3: 'address line 3',
  city: 'city',
  state: 'state',
  zip: 'zip',
  country: 'country',
};

export interface TargetWordsContext {
  /** The account's reference data: labels of reference values, custom field and subject type names. */
  reference?: AccountReference | undefined;
  /** The mapping: its case type constant picks the reference labels, its subject groups their names. */
  mapping?: Pick<Mapping, 'constants' | 'subjects'> | undefined;
}

/** "Region", "Client country", "Claim Number", "Claimant 1's Name, first name", "custom field 7". */
export function targetWords(path: string, context: TargetWordsContext = {}): string {
  const param = PARAM_WORDS[path];
  if (param !== undefined) {
    const reference = /^reference_value_([123])$/.exec(path);
    return reference ? (referenceLabel(Number(reference[1]) as 1 | 2 | 3, context) ?? param) : param;
  }
  const [head, part] = path.split('.');
  if ((head === 'client' || head === 'contact') && part !== undefined)
    return `${head === 'client' ? 'Client' : 'Contact'} ${PART_WORDS[part] ?? part.replace(/_/g, ' ')}`;
  const custom = /^(?:subjects\.(\d+)\.)?custom_fields\.(\d+)(?:\.([a-z_0-9]+))?$/.exec(path);
  if (custom) {
    const id = Number(custom[2]);
    const field = context.reference?.fields.find((candidate) => candidate.id === id);
    let words = field ? field.name : `custom field ${id}`;
    if (custom[3]) words += `, ${PART_WORDS[custom[3]] ?? custom[3].replace(/_/g, ' ')}`;
    if (custom[1] === undefined) return words;
    return `${subjectGroupWords(Number(custom[1]), context)}'s ${words}`;
  }
  return path;
}

/**
 * A subject group as a person counts it: the group's subject type and its number among the groups of
 * that type, from 1 ("Claimant 1", "Claimant 2", "Vehicle 1"). Without the type's name: "Subject 3".
 * Groups are counted per type, not per name: when the account has two types of one name (an old
 * "Vehicle" kept beside a new one, explore 54 item 2), each group says its type's id, "Vehicle 1
 * (subject type 5)", never "Vehicle 1" and "Vehicle 2" as if both were of one type.
 */
export function subjectGroupWords(index: number, context: TargetWordsContext = {}): string {
  const groups = context.mapping?.subjects ?? [];
  const types = context.reference?.subject_types ?? [];
  const key = (name: string): string => name.trim().toLowerCase();
  const typeOf = (group: (typeof groups)[number] | undefined): { name: string; id: number | null } | null => {
    if (!group) return null;
    const wanted = group.subject_type_id;
    const found =
      typeof wanted === 'number'
        ? types.find((type) => type.id === wanted)
        : types.find((type) => key(type.name) === key(wanted));
    if (found) return { name: found.name, id: found.id };
    return typeof wanted === 'string' ? { name: wanted, id: null } : null;
  };
  const type = typeOf(groups[index]);
  if (type === null) return `Subject ${index + 1}`;
  const sameType = groups.slice(0, index + 1).filter((group) => {
    const other = typeOf(group);
    return other !== null && other.name === type.name && other.id === type.id;
  }).length;
  const namesake =
    type.id !== null && types.some((other) => other.id !== type.id && key(other.name) === key(type.name));
  return `${type.name} ${sameType}${namesake ? ` (subject type ${type.id})` : ''}`;
}

/**
 * The account's label for reference value n: the label of the mapping's case type, else the label all
 * case types share; null when the account does not say (then "Reference n").
 */
function referenceLabel(n: 1 | 2 | 3, context: TargetWordsContext): string | null {
  const types = context.reference?.case_types ?? [];
  if (types.length === 0) return null;
  const key = `reference_label_${n}` as const;
  const chosen = caseTypeOfMapping(types, context.mapping);
  if (chosen) return chosen[key]?.trim() || null;
  const labels = new Set(types.map((type) => type[key]?.trim() || ''));
  const [only] = labels;
  return labels.size === 1 && only ? only : null;
}

function caseTypeOfMapping(types: CaseType[], mapping: TargetWordsContext['mapping']): CaseType | undefined {
  const constant = mapping?.constants?.case_type_id;
  if (typeof constant === 'number') return types.find((type) => type.id === constant);
  if (typeof constant !== 'string') return undefined;
  const key = constant.trim().toLowerCase();
  return types.find((type) => type.name.trim().toLowerCase() === key || String(type.id) === key);
}

/** A case type as a person names it: "Surveillance" (its id only when the name is not known). */
export function caseTypeWords(id: number, reference?: AccountReference): string {
  const type = reference?.case_types.find((candidate) => candidate.id === id);
  return type ? `"${type.name}"` : `id ${id}`;
}
