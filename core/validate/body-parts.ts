/** The custom-field and subject parts of a body, assembled from a row draft with their account checks. */
import type { CustomFieldEntry, SubjectBody } from '../api/types.ts';
import type { ProblemCode } from '../problems/catalogue.ts';
import { problem } from '../problems/format.ts';
import type { Problem } from '../problems/problem.ts';
import { cellText } from '../read/cell-text.ts';
import type { SourceRow } from '../read/types.ts';
import type { CompiledMapping } from './compile-mapping.ts';
import { describeField } from './convert-cell.ts';
import type { RowDraft, Scalar } from './row-draft.ts';
import { sameLabelField, sameLabelParams } from './same-label-field.ts';

/** Custom-field drafts → `{id, value}` entries, composite parts assembled, case-type enablement checked. */
export function customFieldEntries(
  row: SourceRow,
  compiled: CompiledMapping,
  draft: RowDraft,
  problems: Problem[],
): { caseLevel: CustomFieldEntry[]; bySubject: CustomFieldEntry[][] } {
  const caseLevel: CustomFieldEntry[] = [];
  const bySubject: CustomFieldEntry[][] = [];
  const caseTypeId = draft.param('case_type_id');
  const enabled = typeof caseTypeId === 'number' ? compiled.caseTypeFields.get(caseTypeId) : undefined;
  for (const entry of draft.custom) {
    if (!entry.set) continue;
    const plan = entry.plan!;
    let value: Scalar;
    if (entry.parts) {
      value = entry.parts;
      const type = plan.fieldType;
      if (
        type === 'NAME' &&
        !entry.parts.first_name &&
        !entry.parts.last_name &&
        compiled.mode === 'create'
      ) {
        problems.push(
          problem('composite_empty', {
            row: row.row,
            label: plan.label,
            target: plan.target.path.replace(/\.[a-z_0-9]+$/, ''),
            value: '',
            field: describeField(plan),
          }),
        );
      }
    } else value = entry.value!;
    const cf = { id: entry.fieldId, value } as CustomFieldEntry;
    if (entry.subject === null) {
      if (enabled && !enabled.has(entry.fieldId) && plan.field) {
        const code: ProblemCode = 'field_not_enabled';
        problems.push(
          problem(
            code,
            {
              row: row.row,
              label: plan.label,
              target: plan.target.path,
              // The value as typed (a constant's value for a constant; a composite's parts as its value).
              value: typedText(row, plan.index, value),
              field: describeField(plan),
              // The case type by name ("Surveillance"); its bare id only when the account does not name it.
              caseType: compiled.caseTypeNames.get(caseTypeId as number) ?? caseTypeId,
              ...sameLabelParams(sameLabelField(compiled.caseFields, plan.field, enabled)),
            },
            undefined,
            compiled.mappingWords,
          ),
        );
      }
      caseLevel.push(cf);
    } else {
      (bySubject[entry.subject] ??= []).push(cf);
    }
  }
  return { caseLevel, bySubject };
}

/** What a person typed for a custom field: the cell as text, else (a constant, parts) the value read. */
function typedText(row: SourceRow, index: number, value: Scalar): string {
  const cell = index >= 0 ? cellText(row.cells[index] ?? null).trim() : '';
  if (cell !== '') return cell;
  if (value !== null && typeof value === 'object' && !Array.isArray(value))
    return Object.values(value)
      .filter((part) => part !== null && part !== undefined && String(part) !== '')
      .join(' ');
  return value === null || value === undefined ? '' : String(value);
}

/** A subject group whose mapped cells are all empty is left out (CONTRACTS section 2). */
export function subjectBodies(
  row: SourceRow,
  compiled: CompiledMapping,
  draft: RowDraft,
  bySubject: CustomFieldEntry[][],
  problems: Problem[],
): SubjectBody[] {
  const subjects: SubjectBody[] = [];
  for (const group of compiled.groups) {
    if (draft.groupsUsed[group.index] !== 1) continue;
    problems.push(...draft.groupDefaultProblems[group.index]!);
    if (group.problem) {
      problems.push({ ...group.problem, row: row.row, scope: 'mapping' });
      continue;
    }
    if (group.unresolved) {
      draft.unresolved = true;
      continue;
    }
    const fields = bySubject[group.index] ?? [];
    for (const required of group.requiredFields) {
      if (hasField(fields, required.id)) continue;
      const path = `subjects.${group.index}.custom_fields.${required.id}`;
      // A value that was given but refused is already reported; "required" would say the same twice.
      if (draft.isTouched(path)) continue;
      // A NAME/ADDRESS given part by part: the part columns are the row's blank cells.
      const parts = compiled.columns
        .filter((plan) => plan.index >= 0 && plan.target.path.startsWith(`${path}.`))
        .map((plan) => plan.label);
      const mapped = compiled.labelByTarget.get(path) ?? parts[0];
      const missing = problem('required_subject_field', {
        row: row.row,
        label: mapped ?? `subjects[${group.index}]`,
        ...(parts.length > 0 ? { parts } : {}),
        ...(mapped === undefined ? groupMadeOf(compiled, group) : {}),
        target: path,
        value: '',
        group: group.index,
        subject: compiled.groupNames[group.index],
        subjectType: group.subjectTypeName,
        field: `${required.name} (field ${required.id})`,
      });
      // No column gives the field: every row of the group has this problem until the mapping does.
      if (mapped === undefined) missing.scope = 'mapping';
      problems.push(missing);
    }
    subjects.push({
      subject_type_id: group.subjectTypeId!,
      is_primary: group.isPrimary,
      is_pinned: group.isPinned,
      custom_fields: fields,
    });
  }
  notePrimaryBlank(row, compiled, draft);
  return subjects;
}

/**
 * What a group no column gives a required field is made of (explore 60 item 3: "Claimant 2nd Phone"
 * read as a second claimant, refused on every row with "map a column to it", though no column of the
 * sheet could): the columns the mapping puts in it, and the first group of its type, to which they may
 * belong instead. The refusal names them and how to undo the group.
 */
function groupMadeOf(
  compiled: CompiledMapping,
  group: CompiledMapping['groups'][number],
): { groupColumns: string[]; firstOfType?: string } {
  const groupColumns = [
    ...new Set(
      compiled.columns
        .filter(
          (plan) => plan.index >= 0 && plan.target.kind === 'custom' && plan.target.subject === group.index,
        )
        .map((plan) => plan.label),
    ),
  ];
  const first = compiled.groups.find(
    (other) => other.subjectTypeId === group.subjectTypeId && other.index < group.index,
  );
  return { groupColumns, ...(first ? { firstOfType: compiled.groupNames[first.index] } : {}) };
}

/**
 * The primary group left blank (explore 20 item 1: the only claimant typed under "Claimant 2"): the
 * request would be created with no primary subject, the case's target, with the groups that are filled
 * as supporting subjects, or with none. The seed requires none, so it is a note on the row, not a
 * refusal; what to do depends on whether a group of the primary's subject type holds its values.
 */
function notePrimaryBlank(row: SourceRow, compiled: CompiledMapping, draft: RowDraft): void {
  const primary = compiled.groups.find((group) => group.isPrimary);
  if (!primary || draft.groupsUsed[primary.index] === 1) return;
  const sameType = (group: (typeof compiled.groups)[number]): boolean =>
    primary.subjectTypeId !== null
      ? group.subjectTypeId === primary.subjectTypeId
      : group.subjectTypeName === primary.subjectTypeName;
  const others = compiled.groups.filter((group) => group !== primary && draft.groupsUsed[group.index] === 1);
  const filled = others.filter(sameType);
  const columns = compiled.columns
    .filter((plan) => plan.index >= 0 && plan.target.path.startsWith(`subjects.${primary.index}.`))
    .map((plan) => plan.label);
  draft.notes.push(
    problem('primary_subject_blank', {
      row: row.row,
      label: columns[0] ?? `subjects[${primary.index}]`,
      target: `subjects.${primary.index}`,
      value: '',
      subject: compiled.groupNames[primary.index],
      columns,
      others: (filled.length ? filled : others).map((group) => compiled.groupNames[group.index]),
      sameType: filled.length > 0,
      upsert: compiled.mode === 'upsert',
    }),
  );
}

function hasField(fields: CustomFieldEntry[], id: number): boolean {
  for (const entry of fields) if (entry.id === id) return true;
  return false;
}
