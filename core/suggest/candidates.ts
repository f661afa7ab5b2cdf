/**
 * Every target a header could name, each with the labels (normalised phrases) that name it: the seed's
 * parameter names and their usual synonyms, and when connected the account's own labels — the chosen
 * case type's reference labels, its custom fields, and subject fields behind their subject type's name
 * ("Claimant DOB", "Vehicle Plate").
 */
import type { AccountReference, CaseType, FieldDef, SubjectType } from '../account/reference.ts';
import { PARAM_NAMES, PARAMS, type ParamName } from '../mapping/targets.ts';
import type { ImportMode } from '../validate/types.ts';
import { targetWords } from '../mapping/target-words.ts';
import { normaliseLabel } from '../mapping/similarity.ts';
import {
  ADDRESS_PART_SYNONYMS,
  BARE_CLIENT_PARTS,
  CLIENT_PART_SYNONYMS,
  CLIENT_PREFIXES,
  CONTACT_PART_SYNONYMS,
  CONTACT_PREFIXES,
  FIELD_NAME_SYNONYMS,
  NAME_PART_SYNONYMS,
  PARAM_SYNONYMS,
  REFERENCE_SYNONYMS_OFFLINE,
  referenceLabelVariants,
} from './vocabulary.ts';

export interface Candidate {
  /** The target path; for subject fields relative to the group: `custom_fields.<id>[.<part>]`. */
  target: string;
  /** Subject fields: the subject type whose group the target belongs to. */
  subjectTypeId?: number;
  /** Case and subject custom fields: the field. */
  field?: FieldDef;
  /** Composite part named by the header ("first_name", "city"), or null for the whole value. */
  part?: string | null;
  /** What a person reads: "Claim Number (case type Surveillance's reference label 1)". */
  description: string;
  /** label → how sure a header equal to it makes us (1 the target's own name, less for a synonym). */
  labels: Map<string, number>;
}

const OWN_NAME = 1;
const ACCOUNT_LABEL = 0.98;
const SYNONYM = 0.95;
const OFFLINE_GUESS = 0.85;

function candidate(target: string, description: string, extra: Partial<Candidate> = {}): Candidate {
  return { target, description, labels: new Map(), ...extra };
}

function addLabel(into: Candidate, phrase: string, confidence: number): void {
  const label = normaliseLabel(phrase);
  if (label === '') return;
  if ((into.labels.get(label) ?? 0) < confidence) into.labels.set(label, confidence);
}

/**
 * Seed parameters, client and contact parts: known with or without an account. `mode`: only the
 * parameters that mode can send are offered (explore 39 item 6: a "Client" header of insurers' names
 * scored 100 % on the update-only `client_id`, whose label is its name without "_id", and the whole
 * create proposal was then refused; for a create, "Client" is the client's name).
 */
export function offlineCandidates(referenceFromAccount: boolean, mode: ImportMode = 'create'): Candidate[] {
  const all: Candidate[] = [];
  for (const name of PARAM_NAMES) {
    if (!(mode === 'update' ? PARAMS[name].update : PARAMS[name].create)) continue;
    const entry = candidate(name, targetWords(name));
    addLabel(entry, name.replace(/_id$|_list$/, '').replace(/_/g, ' '), OWN_NAME);
    addLabel(entry, name.replace(/_/g, ' '), OWN_NAME);
    for (const phrase of PARAM_SYNONYMS[name] ?? []) addLabel(entry, phrase, SYNONYM);
    const offline = REFERENCE_SYNONYMS_OFFLINE[name as ParamName];
    // With an account, its case type's labels say what a reference value is; these only fill in.
    for (const phrase of offline ?? []) addLabel(entry, phrase, referenceFromAccount ? 0.8 : OFFLINE_GUESS);
    all.push(entry);
  }
  if (mode !== 'create') {
    // The request's own id, the surest key an update can have (it names one request, and no edit in
    // Trackops changes it): a sheet that carries it is matched by it. A create has no use for it.
    const id = candidate('id', targetWords('id'));
    addLabel(id, 'id', OWN_NAME);
    for (const phrase of ['request id', 'case request id']) addLabel(id, phrase, SYNONYM);
    all.push(id);
  }
  all.push(...groupCandidates('client', CLIENT_PREFIXES, CLIENT_PART_SYNONYMS, 'name'));
  all.push(...groupCandidates('contact', CONTACT_PREFIXES, CONTACT_PART_SYNONYMS, 'full_name'));
  const country = all.find((entry) => entry.target === 'client.country');
  for (const phrase of Object.keys(BARE_CLIENT_PARTS)) if (country) addLabel(country, phrase, SYNONYM);
  return all;
}

function groupCandidates(
  group: 'client' | 'contact',
  prefixes: string[],
  parts: Record<string, string[]>,
  bareTarget: string | null,
): Candidate[] {
  return Object.entries(parts).map(([part, phrases]) => {
    const entry = candidate(`${group}.${part}`, targetWords(`${group}.${part}`));
    for (const prefix of prefixes) {
      for (const phrase of phrases) {
        if (phrase === '' && part !== bareTarget) continue;
        addLabel(entry, `${prefix} ${phrase}`, prefix === group && phrase === part ? OWN_NAME : SYNONYM);
      }
    }
    addLabel(entry, `${group} ${part.replace(/_/g, ' ')}`, OWN_NAME);
    return entry;
  });
}

/** The case type's reference labels name reference_value_1..3 ("Claim Number" → reference_value_1). */
export function referenceCandidates(caseType: CaseType): Candidate[] {
  const all: Candidate[] = [];
  for (const index of [1, 2, 3] as const) {
    const label = caseType[`reference_label_${index}`];
    if (!label) continue;
    const entry = candidate(
      `reference_value_${index}`,
      `"${label}" (reference label ${index} of case type ${caseType.name})`,
    );
    for (const variant of referenceLabelVariants(normaliseLabel(label)))
      addLabel(entry, variant, ACCOUNT_LABEL);
    all.push(entry);
  }
  return all;
}

function fieldNames(field: FieldDef): string[] {
  const name = normaliseLabel(field.name);
  return [name, ...(FIELD_NAME_SYNONYMS[name] ?? [])];
}

/** Case-use custom fields the case type enables (all case fields when it does not say). */
export function caseFieldCandidates(reference: AccountReference, caseType: CaseType | null): Candidate[] {
  const enabled = caseType?.field_ids ? new Set(caseType.field_ids) : null;
  const all: Candidate[] = [];
  for (const field of reference.fields) {
    if (field.use !== 'case' || (enabled && !enabled.has(field.id))) continue;
    all.push(...fieldCandidates(field, '', `custom field "${field.name}"`));
  }
  return all;
}

/** Subject fields behind their subject type's name as a prefix: "Claimant DOB", "Vehicle Plate". */
export function subjectCandidates(reference: AccountReference): Candidate[] {
  const all: Candidate[] = [];
  for (const type of reference.subject_types) {
    const fields = fieldsOf(reference, type);
    const typeName = normaliseLabel(type.name);
    const addresses = fields.filter((field) => field.field_type_tag === 'ADDRESS');
    const names = fields.filter((field) => field.field_type_tag === 'NAME');
    const required = fields.filter((field) => field.is_required);
    // The bare type name ("Claimant") means the subject's name, or its one required field.
    const headField = names.length === 1 ? names[0] : required.length === 1 ? required[0] : undefined;
    for (const field of fields) {
      const what = `${type.name}'s "${field.name}"`;
      const entries = fieldCandidates(field, typeName, what, {
        subjectTypeId: type.id,
        soleOfKind:
          (field.field_type_tag === 'ADDRESS' && addresses.length === 1) ||
          (field.field_type_tag === 'NAME' && names.length === 1),
      });
      const whole = entries.find((entry) => entry.part === null);
      if (whole && field === headField) {
        addLabel(whole, typeName, ACCOUNT_LABEL);
        addLabel(whole, `${typeName} name`, ACCOUNT_LABEL);
      }
      all.push(...entries);
    }
  }
  return all;
}

function fieldsOf(reference: AccountReference, type: SubjectType): FieldDef[] {
  const ids = type.field_ids ? new Set(type.field_ids) : null;
  return reference.fields.filter(
    (field) => field.use === 'subject' && (ids ? ids.has(field.id) : field.subject_type_id === type.id),
  );
}

function fieldCandidates(
  field: FieldDef,
  prefix: string,
  description: string,
  options: { subjectTypeId?: number; soleOfKind?: boolean } = {},
): Candidate[] {
  const base = `custom_fields.${field.id}`;
  const extra = {
    field,
    ...(options.subjectTypeId === undefined ? {} : { subjectTypeId: options.subjectTypeId }),
  };
  const whole = candidate(base, description, { ...extra, part: null });
  const names = fieldNames(field);
  for (const name of names) {
    addLabel(whole, prefix ? `${prefix} ${name}` : name, name === names[0] ? ACCOUNT_LABEL : SYNONYM);
    // "Employer Name" under type Employer: the field name already carries the prefix.
    if (prefix && name.startsWith(`${prefix} `)) addLabel(whole, name, ACCOUNT_LABEL);
  }
  const all = [whole];
  const parts =
    field.field_type_tag === 'NAME'
      ? NAME_PART_SYNONYMS
      : field.field_type_tag === 'ADDRESS'
        ? ADDRESS_PART_SYNONYMS
        : null;
  if (!parts) return all;
  for (const [part, phrases] of Object.entries(parts)) {
    const entry = candidate(`${base}.${part}`, `${description}, ${part.replace(/_/g, ' ')}`, {
      ...extra,
      part,
    });
    for (const phrase of phrases) {
      if (phrase === '') continue;
      addLabel(entry, [prefix, names[0], phrase].filter(Boolean).join(' '), ACCOUNT_LABEL);
      // "Claimant First Name" for the claimant's one NAME field, "Claimant City" for its one address.
      if (options.soleOfKind && prefix) addLabel(entry, `${prefix} ${phrase}`, SYNONYM);
    }
    all.push(entry);
  }
  return all;
}
