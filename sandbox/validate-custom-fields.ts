/**
 * Custom-field collections of a case request (case-use fields enabled by the case type's `field_ids`)
 * and of subjects (fields of the subject's type, required ones present), per API-NOTES and CONTRACTS 4.
 */
import type { AccountFile, SandboxFieldDef, StoredCustomField, StoredSubject } from './account-schema.ts';
import { checkFieldValue, isFilled } from './field-values.ts';
import { describe, isPlainObject, readId } from './scalars.ts';
import { checkRef, isAbsent } from './validate-parts.ts';
import type { WriteProblems } from './write-problems.ts';

type Scope = { allowedIds: readonly number[]; owner: string };

function checkFieldList(
  problems: WriteProblems,
  path: string,
  value: unknown,
  account: AccountFile,
  scope: Scope,
): StoredCustomField[] {
  if (isAbsent(value)) return [];
  if (!Array.isArray(value)) {
    problems.add(
      path,
      `must be an array of {"id": <field id>, "value": ...} objects; got ${describe(value)}`,
    );
    return [];
  }
  const entries: StoredCustomField[] = [];
  const seen = new Set<number>();
  value.forEach((item, index) => {
    const itemPath = `${path}.${index}`;
    if (!isPlainObject(item) || !('id' in item) || !('value' in item)) {
      problems.add(itemPath, `must be an object {"id": <field id>, "value": ...}; got ${describe(item)}`);
      return;
    }
    const extra = Object.keys(item).filter((key) => key !== 'id' && key !== 'value');
    if (extra.length > 0)
      problems.add(itemPath, `has unknown keys ${extra.join(', ')}: a custom field is {"id", "value"}`);
    const fieldId = readId(item.id);
    const field =
      fieldId === undefined ? undefined : account.fields.find((candidate) => candidate.id === fieldId);
    if (!field) {
      problems.add(`${itemPath}.id`, `${describe(item.id)} is not the id of any custom field of the account`);
      return;
    }
    if (!scope.allowedIds.includes(field.id)) {
      problems.add(
        `${itemPath}.id`,
        `field ${field.id} "${field.name}" is not ${scope.owner} (${allowedList(account, scope)})`,
      );
      return;
    }
    if (seen.has(field.id)) {
      problems.add(`${itemPath}.id`, `field ${field.id} "${field.name}" is given twice`);
      return;
    }
    seen.add(field.id);
    const check = checkFieldValue(field, item.value);
    if (!check.ok) problems.add(itemPath, check.message);
    else entries.push({ id: field.id, value: check.value });
  });
  return entries;
}

function allowedList(account: AccountFile, scope: Scope): string {
  if (scope.allowedIds.length === 0) return 'it enables no custom fields';
  const names = scope.allowedIds.map(
    (id) => `${id} ${account.fields.find((field) => field.id === id)?.name ?? '?'}`,
  );
  return `valid: ${names.join(', ')}`;
}

export function checkCaseFields(
  problems: WriteProblems,
  value: unknown,
  account: AccountFile,
  caseTypeId: number,
): StoredCustomField[] {
  const caseType = account.case_types.find((type) => type.id === caseTypeId);
  if (!caseType) return [];
  return checkFieldList(problems, 'custom_fields', value, account, {
    allowedIds: caseType.field_ids,
    owner: `enabled for case type ${caseType.id} "${caseType.name}"`,
  });
}

export type SubjectDraft = Omit<StoredSubject, 'id'>;

export function checkSubjects(problems: WriteProblems, value: unknown, account: AccountFile): SubjectDraft[] {
  if (isAbsent(value)) return [];
  if (!Array.isArray(value)) {
    problems.add('subjects', `must be an array of subject objects; got ${describe(value)}`);
    return [];
  }
  const subjects: SubjectDraft[] = [];
  value.forEach((item, index) => {
    const path = `subjects.${index}`;
    if (!isPlainObject(item)) {
      problems.add(
        path,
        `must be an object {subject_type_id, is_primary, is_pinned, custom_fields}; got ${describe(item)}`,
      );
      return;
    }
    const allowed = ['subject_type_id', 'is_primary', 'is_pinned', 'custom_fields'];
    for (const key of Object.keys(item).filter((key) => !allowed.includes(key))) {
      problems.add(`${path}.${key}`, `is not a subject parameter; allowed: ${allowed.join(', ')}`);
    }
    const typeId = checkRef(
      problems,
      `${path}.subject_type_id`,
      item.subject_type_id,
      account.subject_types,
      'subject types',
      true,
    );
    const isPrimary = readFlag(problems, `${path}.is_primary`, item.is_primary);
    const isPinned = readFlag(problems, `${path}.is_pinned`, item.is_pinned);
    if (typeId === null) return;
    const subjectType = account.subject_types.find((type) => type.id === typeId);
    if (!subjectType) return;
    const fields = checkFieldList(problems, `${path}.custom_fields`, item.custom_fields, account, {
      allowedIds: subjectType.field_ids,
      owner: `a field of subject type ${subjectType.id} "${subjectType.name}"`,
    });
    for (const required of requiredFields(account, subjectType.field_ids)) {
      const entry = fields.find((field) => field.id === required.id);
      const submitted =
        Array.isArray(item.custom_fields) &&
        item.custom_fields.some((raw) => isPlainObject(raw) && readId(raw.id) === required.id);
      if (entry ? !isFilled(entry.value) : !submitted) {
        problems.add(
          `${path}.custom_fields`,
          `field ${required.id} "${required.name}" is required for a ${subjectType.name} subject`,
        );
      }
    }
    subjects.push({
      subject_type_id: typeId,
      is_primary: isPrimary,
      is_pinned: isPinned,
      custom_fields: fields,
    });
  });
  if (subjects.filter((subject) => subject.is_primary).length > 1) {
    problems.add('subjects', 'only one subject may have is_primary true (the target of the case)');
  }
  return subjects;
}

function requiredFields(account: AccountFile, ids: readonly number[]): SandboxFieldDef[] {
  return account.fields.filter((field) => ids.includes(field.id) && field.is_required);
}

/** Booleans; 1/0 too, as PHP-backed APIs commonly take them. Absent means false. */
function readFlag(problems: WriteProblems, path: string, value: unknown): boolean {
  if (isAbsent(value)) return false;
  if (value === true || value === 1 || value === '1') return true;
  if (value === false || value === 0 || value === '0') return false;
  problems.add(path, `must be true or false; got ${describe(value)}`);
  return false;
}
