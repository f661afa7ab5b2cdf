/**
 * What changed in an account's reference data between two reads, among the things a set of request
 * bodies was resolved from: a region, service, flag, case type, … id the bodies carry that the account
 * renamed or removed (or whose name now belongs to a second record as well), a custom field they fill
 * that was removed, changed type or owner, or was disabled for their case type, a choice they send that
 * is no longer offered, and a subject field now required that a body lacks. Each in plain words.
 *
 * Why: a host that checks rows at one moment and sends them later (the app's dry run, then "Send" minutes
 * or days after) must not send bodies built on lists that changed in between (explore 34 item 1: a region
 * renamed and a new one made under its old name; the app filed the request under the renamed region).
 * Only what the bodies use counts: a service added that no row names does not stop a send. No request:
 * the caller reads the lists again and hands both reads in.
 */
import type { CaseRequestCreateBody, CaseRequestUpdateBody, CustomFieldEntry } from '../api/types.ts';
import { belongsToSubjectType, fieldUse } from './account-fields.ts';
import { normaliseName } from './lookups.ts';
import type { AccountReference, FieldDef, LookupKind, NamedRef } from '../account/reference.ts';

type Body = CaseRequestCreateBody | CaseRequestUpdateBody;

/** One record kind as a clerk names it, singular. */
const KIND_WORDS: Record<LookupKind, string> = {
  case_types: 'case type',
  case_regions: 'case region',
  case_services: 'service',
  case_flags: 'flag',
  referral_sources: 'referral source',
  company_locations: 'company location',
  subject_types: 'subject type',
};

/** What the bodies were built from, gathered in one pass over them. */
interface Used {
  ids: Map<LookupKind, Set<number>>;
  /** Case fields: field id → values sent; and the case types of the creates that send each. */
  caseFields: Map<number, { values: Set<string>; caseTypes: Set<number>; inUpdate: boolean }>;
  /** Subject fields: field id → values sent, and the subject types of the groups that send each. */
  subjectFields: Map<number, { values: Set<string>; subjectTypes: Set<number> }>;
  /** Subject type id → the field ids of each group of that type a body sends. */
  groups: Map<number, Set<number>[]>;
}

/**
 * The changes between `before` (the read the bodies were built with) and `now` that touch `bodies`, in
 * words, each once; empty when none does.
 */
export function referenceChangesUnder(
  before: AccountReference,
  now: AccountReference,
  bodies: Iterable<Body>,
): string[] {
  const used = usedBy(bodies);
  const changes = new Set<string>();
  for (const [kind, ids] of used.ids) lookupChanges(kind, ids, before, now, changes);
  fieldChanges(used, before, now, changes);
  requiredChanges(used, before, now, changes);
  return [...changes];
}

function usedBy(bodies: Iterable<Body>): Used {
  const used: Used = { ids: new Map(), caseFields: new Map(), subjectFields: new Map(), groups: new Map() };
  const id = (kind: LookupKind, value: unknown) => {
    if (typeof value !== 'number') return;
    let ids = used.ids.get(kind);
    if (!ids) used.ids.set(kind, (ids = new Set()));
    ids.add(value);
  };
  for (const body of bodies) {
    const caseType = 'case_type_id' in body ? body.case_type_id : undefined;
    id('case_types', caseType);
    if ('case_region_id' in body) id('case_regions', body.case_region_id);
    id('referral_sources', body.referral_source_id);
    id('company_locations', body.company_location_id);
    for (const service of body.case_services_list ?? []) id('case_services', service);
    for (const flag of body.case_flags_list ?? []) id('case_flags', flag);
    for (const entry of body.custom_fields ?? []) {
      let field = used.caseFields.get(entry.id);
      if (!field)
        used.caseFields.set(entry.id, (field = { values: new Set(), caseTypes: new Set(), inUpdate: false }));
      field.values.add(valueText(entry));
      if (caseType === undefined) field.inUpdate = true;
      else field.caseTypes.add(caseType);
    }
    for (const subject of ('subjects' in body ? body.subjects : undefined) ?? []) {
      id('subject_types', subject.subject_type_id);
      const fields = new Set<number>();
      for (const entry of subject.custom_fields) {
        fields.add(entry.id);
        let field = used.subjectFields.get(entry.id);
        if (!field)
          used.subjectFields.set(entry.id, (field = { values: new Set(), subjectTypes: new Set() }));
        field.values.add(valueText(entry));
        field.subjectTypes.add(subject.subject_type_id);
      }
      const groups = used.groups.get(subject.subject_type_id) ?? [];
      groups.push(fields);
      used.groups.set(subject.subject_type_id, groups);
    }
  }
  return used;
}

/** An id the bodies carry: still there, under the same name, and that name still one record's. */
function lookupChanges(
  kind: LookupKind,
  ids: Set<number>,
  before: AccountReference,
  now: AccountReference,
  changes: Set<string>,
): void {
  const what = KIND_WORDS[kind];
  // A list the dry run could not read either: its ids were sent unchecked then, and nothing is known
  // to have changed (the dry run said those checks were skipped).
  if (before.unavailable?.[kind]) return;
  if (now.unavailable?.[kind]) {
    changes.add(
      `the account's ${what} list could not be read now (${now.unavailable[kind]}), so the ${what}s the rows name cannot be confirmed`,
    );
    return;
  }
  const list: NamedRef[] = now[kind];
  for (const id of ids) {
    const was = before[kind].find((record) => record.id === id);
    if (!was) continue; // not in the dry run's read either (a list read in part): nothing to compare
    const is = list.find((record) => record.id === id);
    if (!is) {
      const cut = now.incomplete?.[kind];
      changes.add(
        cut
          ? `${what} '${was.name}' (id ${id}) is not among the ${cut.listed} ${what}s Trackops listed now`
          : `${what} '${was.name}' (id ${id}) is no longer in the account`,
      );
      continue;
    }
    const key = normaliseName(was.name);
    // A name shared already when the rows were checked (an old "Carrier portal" kept beside a new
    // "Carrier Portal", the id given by a template's constant) is no change: only a record that has
    // taken the name since is (explore 37: every send was refused, for good, on such an account).
    const sharedBefore = new Set(
      before[kind]
        .filter((record) => record.id !== id && normaliseName(record.name) === key)
        .map((record) => record.id),
    );
    const others = list.filter(
      (record) => record.id !== id && normaliseName(record.name) === key && !sharedBefore.has(record.id),
    );
    if (normaliseName(is.name) !== key) {
      const nowThere = others.length
        ? ` ('${was.name}' is now ${others.map((o) => `id ${o.id}`).join(', ')})`
        : '';
      changes.add(
        `${what} id ${id}, '${was.name}' when the rows were checked, is now called '${is.name}'${nowThere}`,
      );
    } else if (others.length) {
      changes.add(
        `a second ${what} is now called '${was.name}' (ids ${[id, ...others.map((o) => o.id)].join(' and ')})`,
      );
    }
  }
}

/** A custom field the bodies fill: still there, of the same type and owner, enabled, its choices kept. */
function fieldChanges(
  used: Used,
  before: AccountReference,
  now: AccountReference,
  changes: Set<string>,
): void {
  if (before.unavailable?.fields || (!used.caseFields.size && !used.subjectFields.size)) return;
  if (now.unavailable?.fields) {
    changes.add(
      `the account's field definitions could not be read now (${now.unavailable.fields}), so the fields the rows fill cannot be confirmed`,
    );
    return;
  }
  const entries: [number, Set<string>][] = [
    ...[...used.caseFields].map(([id, field]): [number, Set<string>] => [id, field.values]),
    ...[...used.subjectFields].map(([id, field]): [number, Set<string>] => [id, field.values]),
  ];
  for (const [id, values] of entries) {
    const was = before.fields.find((field) => field.id === id);
    if (!was) continue;
    const is = now.fields.find((field) => field.id === id);
    const named = `the field '${was.name}' (field ${id})`;
    if (!is) {
      changes.add(`${named} is no longer in the account`);
      continue;
    }
    const type = (field: FieldDef) => String(field.field_type_tag).toUpperCase();
    if (type(is) !== type(was)) changes.add(`${named} is now of type ${type(is)}, not ${type(was)}`);
    if (
      fieldUse(is) !== fieldUse(was) ||
      Number(is.subject_type_id ?? 0) !== Number(was.subject_type_id ?? 0)
    )
      changes.add(`${named} now belongs to ${owner(is, now)}, not ${owner(was, before)}`);
    // A choice is sent as the account spells it: one no longer offered (or spelt otherwise) is refused.
    if (was.choices?.length && is.choices?.length && is.choicesRead !== 'unreadable') {
      const offered = new Set(is.choices);
      for (const value of values)
        if (was.choices.includes(value) && !offered.has(value))
          changes.add(`${named} no longer offers the choice '${value}'`);
    }
  }
  for (const [id, field] of used.caseFields) {
    const name = before.fields.find((known) => known.id === id)?.name ?? `field ${id}`;
    // Creates: the case type each body names. Updates carry none: any case type that stopped enabling it.
    const caseTypes = field.inUpdate ? before.case_types.map((type) => type.id) : [...field.caseTypes];
    for (const typeId of caseTypes) {
      const was = before.case_types.find((type) => type.id === typeId);
      const is = now.case_types.find((type) => type.id === typeId);
      if (!was || !is?.field_ids) continue;
      const enabledBefore = !was.field_ids || was.field_ids.map(Number).includes(id);
      if (enabledBefore && !is.field_ids.map(Number).includes(id))
        changes.add(`'${name}' (field ${id}) is no longer enabled for case type '${is.name}'`);
    }
  }
  for (const [id, field] of used.subjectFields) {
    const name = before.fields.find((known) => known.id === id)?.name ?? `field ${id}`;
    for (const typeId of field.subjectTypes) {
      const was = before.subject_types.find((type) => type.id === typeId);
      const is = now.subject_types.find((type) => type.id === typeId);
      if (!was?.field_ids || !is?.field_ids) continue;
      if (was.field_ids.map(Number).includes(id) && !is.field_ids.map(Number).includes(id))
        changes.add(`'${name}' (field ${id}) is no longer a field of subject type '${is.name}'`);
    }
  }
}

/** A subject field required now, not before, that a group the bodies send leaves out. */
function requiredChanges(
  used: Used,
  before: AccountReference,
  now: AccountReference,
  changes: Set<string>,
): void {
  if (now.unavailable?.fields) return; // said above
  for (const [typeId, groups] of used.groups) {
    const type = now.subject_types.find((known) => known.id === typeId);
    const listed = type?.field_ids ? new Set(type.field_ids.map(Number)) : null;
    const requiredBefore = new Set(
      before.fields.filter((field) => field.is_required).map((field) => field.id),
    );
    for (const field of now.fields) {
      if (!field.is_required || requiredBefore.has(field.id) || !belongsToSubjectType(field, typeId, listed))
        continue;
      if (groups.some((fields) => !fields.has(field.id)))
        changes.add(
          `'${type?.name ?? `subject type ${typeId}`}' now requires '${field.name}' (field ${field.id}), which rows leave out`,
        );
    }
  }
}

function owner(field: FieldDef, reference: AccountReference): string {
  if (fieldUse(field) === 'case') return 'cases';
  const type = reference.subject_types.find((known) => known.id === Number(field.subject_type_id));
  return type ? `subject type '${type.name}'` : 'subjects';
}

/** A choice is text; other values are compared only for choices, so their text need not be exact. */
function valueText(entry: CustomFieldEntry): string {
  return typeof entry.value === 'string' ? entry.value : JSON.stringify(entry.value);
}
