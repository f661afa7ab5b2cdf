/**
 * What the account says about a mapping's custom fields and subject groups, looked up once per run:
 * field definitions, their use (case or a subject type), required subject fields, subject types by name.
 */
import { emptyRefusedKind } from '../account/field-empty-value.ts';
import type { AccountReference, FieldDef, ListCutShort } from '../account/reference.ts';
import type { Mapping } from '../mapping/schema.ts';
import { isNamePart, parseTarget, type Target } from '../mapping/targets.ts';
import type { PlainProblemCode } from '../problems/catalogue.ts';
import { formatProblem } from '../problems/format.ts';
import type { Problem } from '../problems/problem.ts';
import type { MappingWords } from '../problems/mapping-words.ts';
import { buildChoiceTable } from './choices.ts';
import type { LookupTable } from './lookups.ts';
import type { ValuePlan } from './value-plan.ts';
import { fieldForColumn } from './field-for-column.ts';

/** A subject group of the mapping, resolved against the account once per run (compileGroups). */
export interface CompiledGroup {
  index: number;
  subjectTypeId: number | null;
  subjectTypeName: string;
  isPrimary: boolean;
  isPinned: boolean;
  /** The subject type cannot be resolved offline (given by name). */
  unresolved: boolean;
  problem: Omit<Problem, 'row'> | null;
  requiredFields: FieldDef[];
  /** The subject type's own list of its fields, when the account gives one. */
  subjectTypeFieldIds: Set<number> | null;
}

export function staticProblem(
  code: PlainProblemCode,
  plan: ValuePlan,
  params: Record<string, unknown>,
  words?: MappingWords,
): Omit<Problem, 'row'> {
  const fields = { label: plan.label, target: plan.target.path, ...params };
  return {
    column: plan.label,
    target: plan.target.path,
    value: null,
    code,
    message: formatProblem(code, fields, undefined, words),
  };
}

/** What the account says about a custom-field target: its definition, or why it cannot be used. */
export function attachField(
  plan: ValuePlan,
  target: Extract<Target, { kind: 'custom' }>,
  fieldsById: Map<number, FieldDef>,
  groups: CompiledGroup[],
  groupNames: readonly string[],
  words: MappingWords,
  fieldsCut?: ListCutShort,
): void {
  const field = fieldsById.get(target.fieldId);
  // The subject group as a person counts it ("Vehicle 1"), for the words; null for a case field.
  const subject = target.subject === null ? null : (groupNames[target.subject] ?? null);
  if (!field) {
    // A list read only in part cannot say the field does not exist: the message says what is known.
    const cut = fieldsCut ? { listed: fieldsCut.listed, why: fieldsCut.why } : {};
    plan.staticProblems.push(
      staticProblem(
        'unknown_field',
        plan,
        {
          fieldId: target.fieldId,
          subject,
          ...cut,
          ...(fieldsCut ? {} : replacementOf(plan, target, fieldsById, groups[target.subject ?? -1])),
        },
        words,
      ),
    );
    return;
  }
  const described = `${field.name} (field ${field.id})`;
  if (target.subject === null && fieldUse(field) === 'subject') {
    plan.staticProblems.push(staticProblem('field_not_for_case', plan, { field: described }));
    return;
  }
  if (target.subject !== null) {
    const group = groups[target.subject];
    if (
      group?.subjectTypeId != null &&
      !belongsToSubjectType(field, group.subjectTypeId, group.subjectTypeFieldIds)
    ) {
      plan.staticProblems.push(
        staticProblem('field_wrong_subject', plan, {
          field: described,
          subject,
          subjectType: group.subjectTypeName,
        }),
      );
      return;
    }
  }
  const type = String(field.field_type_tag).toUpperCase(); // API-NOTES: tags are upper case; read tolerantly
  if (target.part !== null) {
    const fits =
      type === 'NAME' ? isNamePart(target.part) : type === 'ADDRESS' ? !isNamePart(target.part) : false;
    if (!fits) {
      plan.staticProblems.push(
        staticProblem('part_on_simple_field', plan, { field: described, type, part: target.part }),
      );
      return;
    }
  }
  plan.field = field;
  plan.fieldType = type;
  // Only text fields and YESNONA take "" (account/field-empty-value.ts). A clear of a part of a
  // NAME/ADDRESS is a text part; a clear of a type not known here is left to Trackops.
  if (plan.clear && target.part === null && emptyRefusedKind(field) !== null)
    plan.clearRefused = staticProblem('clear_not_possible', plan, { field: described, type });
  // A SELECT/RADIO whose choices could not be read (api/read-fields.ts) keeps `choices` null: any value
  // passes, and the dry run lists the field among the checks it could not make (summary.ts).
  if ((type === 'SELECT' || type === 'RADIO') && field.choices?.length) {
    plan.choices = buildChoiceTable(field.choices);
  }
}

/**
 * A field the account has now whose name the column's header holds (field-for-column.ts), among the
 * fields the target could take (the group's subject type, or the case's fields), for the words of a
 * field the account no longer has; nothing for a constant (no header) or when none fits.
 */
function replacementOf(
  plan: ValuePlan,
  target: Extract<Target, { kind: 'custom' }>,
  fieldsById: Map<number, FieldDef>,
  group: CompiledGroup | undefined,
): Record<string, unknown> {
  if (plan.index < 0) return {};
  const fields = [...fieldsById.values()];
  const candidates =
    target.subject === null
      ? fieldsOfScope(fields, null)
      : group?.subjectTypeId != null
        ? fieldsOfScope(fields, { id: group.subjectTypeId, listed: group.subjectTypeFieldIds })
        : [];
  const found = fieldForColumn(plan.label, candidates);
  if (!found) return {};
  const prefix = target.subject === null ? '' : `subjects.${target.subject}.`;
  return {
    replacement: `${found.name} (field ${found.id})`,
    replacementTarget: `${prefix}custom_fields.${found.id}${target.part === null ? '' : `.${target.part}`}`,
    fieldsOf: target.subject === null ? 'case' : (group?.subjectTypeName ?? 'subject'),
  };
}

export function compileGroups(
  mapping: Mapping,
  reference: AccountReference | undefined,
  subjectTypes: LookupTable | null,
  fieldsById: Map<number, FieldDef>,
  words?: MappingWords,
): CompiledGroup[] {
  return (mapping.subjects ?? []).map((group, index) => {
    const compiled: CompiledGroup = {
      index,
      subjectTypeId: typeof group.subject_type_id === 'number' ? group.subject_type_id : null,
      subjectTypeName: String(group.subject_type_id),
      // Seed: "In most situations you will want to mark this as true" (is_pinned); primary only when said.
      isPrimary: group.is_primary ?? false,
      isPinned: group.is_pinned ?? true,
      unresolved: false,
      problem: null,
      requiredFields: [],
      subjectTypeFieldIds: null,
    };
    const label = `subjects[${index}].subject_type_id`;
    if (!reference || !subjectTypes) {
      compiled.unresolved = compiled.subjectTypeId === null;
      return compiled;
    }
    const resolved = subjectTypes.resolve(String(group.subject_type_id));
    if (!resolved.ok) {
      const names =
        resolved.code === 'lookup_not_found'
          ? resolved.names
          : resolved.code === 'lookup_ambiguous'
            ? resolved.matches
            : [`(the subject types could not be read: ${resolved.reason}; give subject_type_id as an id)`];
      const cut = subjectTypes.cut ? { listed: subjectTypes.cut.listed, why: subjectTypes.cut.why } : {};
      // A name several types answer to is one of the account's, but which one only its id can say.
      const code = resolved.code === 'lookup_ambiguous' ? 'subject_type_ambiguous' : 'unknown_subject_type';
      const ids = resolved.code === 'lookup_ambiguous' ? { ids: resolved.ids } : {};
      const other =
        resolved.code === 'lookup_not_found' ? otherTypeWords(mapping, index, reference, fieldsById) : {};
      const params = { group: index, value: group.subject_type_id, names, ...ids, ...cut, ...other };
      compiled.problem = {
        column: label,
        target: label,
        value: String(group.subject_type_id),
        code,
        message: formatProblem(code, params, undefined, words),
      };
      compiled.subjectTypeId = null;
      return compiled;
    }
    compiled.subjectTypeId = resolved.id;
    const subjectType = reference.subject_types.find((type) => type.id === resolved.id);
    compiled.subjectTypeName = subjectType?.name ?? String(resolved.id);
    compiled.subjectTypeFieldIds = subjectType?.field_ids ? new Set(subjectType.field_ids) : null;
    compiled.requiredFields = [...fieldsById.values()].filter(
      (field) => field.is_required && belongsToSubjectType(field, resolved.id, compiled.subjectTypeFieldIds),
    );
    return compiled;
  });
}

/**
 * For a group whose subject type the account lacks (a template made on another account, which numbers
 * its types otherwise): each type with its id, and the one type whose fields are all those the group's
 * columns go to, when there is exactly one: what the template meant, to be given by that id.
 */
function otherTypeWords(
  mapping: Mapping,
  index: number,
  reference: AccountReference,
  fieldsById: Map<number, FieldDef>,
): Record<string, unknown> {
  const types = [...reference.subject_types].sort((a, b) => a.name.localeCompare(b.name));
  const fieldIds = mapping.columns.flatMap((column) => {
    const target = parseTarget(column.target);
    return target?.kind === 'custom' && target.subject === index ? [target.fieldId] : [];
  });
  const fields = fieldIds.map((id) => fieldsById.get(id));
  const fitting =
    fields.length === 0 || fields.some((field) => field === undefined)
      ? []
      : types.filter((type) => {
          const listed = type.field_ids ? new Set(type.field_ids) : null;
          return fields.every((field) => belongsToSubjectType(field!, type.id, listed));
        });
  const fits = fitting.length === 1 ? { fits: fitting[0]!.name, fitsId: fitting[0]!.id } : {};
  return { choices: types.map((type) => `${type.name} (id ${type.id})`), ...fits };
}

/**
 * The fields a column's target could be moved to: the case's fields (`subjectType` null), or those of
 * one subject type (`listed`: the type's own list of its fields, when the account gives one).
 */
export function fieldsOfScope(
  fields: readonly FieldDef[],
  subjectType: { id: number; listed: Set<number> | null } | null,
): FieldDef[] {
  return subjectType === null
    ? fields.filter((field) => fieldUse(field) === 'case')
    : fields.filter((field) => belongsToSubjectType(field, subjectType.id, subjectType.listed));
}

/**
 * A field's use, read tolerantly (API-NOTES Assumed: `use` is "case" or "subject"): any case, and a
 * field without `use` counts as a subject field when it names a subject type.
 */
export function fieldUse(field: FieldDef): 'case' | 'subject' {
  const use = typeof field.use === 'string' ? field.use.trim().toLowerCase() : '';
  if (use === 'case') return 'case';
  if (use === 'subject' || field.subject_type_id != null) return 'subject';
  return 'case';
}

/** Whether `field` is one of a subject type's fields (its own type, else the type's list); shared with reference-changes.ts. */
export function belongsToSubjectType(
  field: FieldDef,
  subjectTypeId: number,
  listed: Set<number> | null,
): boolean {
  if (fieldUse(field) !== 'subject') return false;
  if (field.subject_type_id != null) return Number(field.subject_type_id) === subjectTypeId;
  return listed?.has(field.id) ?? true;
}
