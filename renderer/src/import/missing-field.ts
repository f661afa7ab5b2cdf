/**
 * A column the mapping sends to a custom field that none of the account's targets holds (explore 34
 * item 5: a template's field the admin deleted). The picker found no label for it and showed the empty
 * state, "Not imported", while the mapping still sent it and the dry run refused every row: the step now
 * says where the column goes, that the account no longer has that field, and offers what to do. The
 * same for a constant ("Same value on every row") aimed at such a field: the dry run refused every row
 * for it while the constants editor showed it as if nothing were wrong.
 * Presentation only: core's dry run judges the mapping (validate/account-fields.ts), in the same words.
 */
import type { MappingDraft, TargetHelp } from '../../../main/bridge/contract.ts';
import type { MappingDoc } from './mapping-doc.ts';
import { subjectTypeOf } from './mapping-doc.ts';

export interface MissingField {
  /** The field as the template records it: "Subject 2: Vehicle › field 206". */
  shown: string;
  /** Why it is not among the targets, in words; null when it cannot be told (offline). */
  problem: string | null;
  /**
   * A field the account has now whose name the column's header holds (main gives it: headerFields);
   * never for a constant, which has no header to go by (as the dry run's words offer none).
   */
  replacement: TargetHelp | null;
  /** The field may be right: the group's subject type is not the account's (a template from another account). */
  groupType?: true;
}

const CUSTOM = /^(?:subjects\.(\d+)\.)?custom_fields\.(\d+)(?:\.([a-z_0-9]+))?$/;

/** `header`: the column's; null for a constant. */
export function missingField(
  header: string | null,
  target: string,
  targets: TargetHelp[],
  draft: MappingDraft,
  doc: MappingDoc,
): MissingField | null {
  if (targets.some((candidate) => candidate.target === target)) return null;
  const parts = CUSTOM.exec(target);
  if (!parts) return null;
  const subject = parts[1] === undefined ? null : Number(parts[1]);
  const fieldId = Number(parts[2]);
  const group = subject === null ? null : (doc.subjects ?? [])[subject];
  const type = group ? subjectTypeOf(draft.subjectTypes, group) : null;
  const where =
    subject === null ? 'Case custom field' : `Subject ${subject + 1}${type ? `: ${type.name}` : ''}`;
  const shown = `${where} › field ${fieldId}${parts[3] ? ` (${parts[3]})` : ''}`;
  // Without the account's whole field list, nothing is known about the field: shown, not judged.
  if (!draft.accountFields) return { shown, problem: null, replacement: null };
  if (subject !== null && !type) {
    // A template from an account that numbers its subject types otherwise: the field is likely right,
    // and the type whose field it is says what the group is (as the dry run's words say, core's).
    const owners = draft.subjectTypes.filter((kind) =>
      kind.fields.some((field) => field.target.split('.')[1] === String(fieldId)),
    );
    const owner = owners.length === 1 ? owners[0]! : null;
    const group1 = `Subject ${subject + 1}`;
    const way = owner
      ? `; field ${fieldId} is a field of ${owner.name}: choose ${owner.name} as ${group1}’s type under “Subjects on each request”`
      : `: choose ${group1}’s type under “Subjects on each request”`;
    return {
      shown,
      problem: `${group1}’s type (${String(group?.subject_type_id ?? '?')}) is not one of the account’s subject types${way}`,
      replacement: null,
      groupType: true,
    };
  }
  const elsewhere = [...draft.targets, ...draft.subjectTypes.flatMap((kind) => kind.fields)].find(
    (candidate) => candidate.target === `custom_fields.${fieldId}`,
  );
  if (elsewhere)
    return {
      shown,
      problem: `field ${fieldId} (${elsewhere.group} › ${elsewhere.label}) is not a field of ${subject === null ? 'the case' : `Subject ${subject + 1}`}`,
      replacement: null,
    };
  // The field the header names is core's to say (MappingDraft.headerFields): the dry run names the same.
  const named = header === null ? undefined : draft.headerFields[header];
  const fieldIdNow = subject === null ? named?.case : type ? named?.subjectTypes[String(type.id)] : undefined;
  const prefix = subject === null ? '' : `subjects.${subject}.`;
  const replacement =
    fieldIdNow == null
      ? null
      : (targets.find(
          (candidate) =>
            candidate.target === `${prefix}custom_fields.${fieldIdNow}${parts[3] ? `.${parts[3]}` : ''}`,
        ) ?? null);
  return { shown, problem: 'the account no longer has that field', replacement };
}
