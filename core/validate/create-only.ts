/**
 * Upsert: the mapped columns a row uses only when it creates a request. The seed's update table has no
 * case_type_id, case_region_id, budget_money, budget_hours or subjects, so a row that finds its request
 * sends an update without them (update-body.ts). That is never left unsaid: the mapping's columns so
 * affected are named once (createOnlyNotice), and each updating row whose value differs from what the
 * request holds carries a note saying so (createOnlyNotes: RowOutcome.notes, not a refusal, since the
 * rest of the update is wanted). `update` mode refuses such a mapping outright (mapping-rules.ts).
 */
import type { AccountReference } from '../account/reference.ts';
import type {
  CaseRequestCreateBody,
  CaseRequestRecord,
  CaseRequestUpdateBody,
  SubjectBody,
} from '../api/types.ts';
import type { Mapping } from '../mapping/schema.ts';
import { parseTarget } from '../mapping/targets.ts';
import { subjectGroupWords, targetWords, type TargetWordsContext } from '../mapping/target-words.ts';
import type { Problem } from '../problems/problem.ts';
import { problem } from '../problems/format.ts';
import { fieldChanges } from './field-changes.ts';
import type { ImportMode } from './types.ts';

export interface CreateOnlyColumn {
  column: string;
  target: string;
  /** The target in a clerk's words: "Region", "Claimant 1's Name". */
  label: string;
  /** The subject group it fills, or null for a case parameter. */
  subject: number | null;
}

/** Whether an update can never set `path` (seed: not in the update table). */
export function isCreateOnlyTarget(path: string): boolean {
  const target = parseTarget(path);
  if (!target) return false;
  if (target.kind === 'param') return target.spec.create && !target.spec.update;
  return target.kind === 'custom' && target.subject !== null;
}

/** Upsert: the mapping's columns an updating row cannot send. Empty in other modes. */
export function createOnlyColumns(
  mapping: Mapping,
  mode: ImportMode = mapping.mode ?? 'create',
  reference?: AccountReference,
): CreateOnlyColumn[] {
  if (mode !== 'upsert') return [];
  const context: TargetWordsContext = { reference, mapping };
  return mapping.columns
    .filter((column) => isCreateOnlyTarget(column.target))
    .map((column) => {
      const target = parseTarget(column.target);
      return {
        column: column.column,
        target: column.target,
        label: targetWords(column.target, context),
        subject: target?.kind === 'custom' ? target.subject : null,
      };
    });
}

/**
 * Said once per run (validate and import): "Case type (constant 1), Region (column 'Region'), Budget
 * (money) (column 'Budget') and Claimant 1's columns ('Claimant', 'Claimant DOB') are used when a row
 * creates a request; an update cannot change them …". The mapping's constants that fill such a field
 * are named too (a constant is sent with every row that creates, and with none that updates). Empty
 * when the mapping has none (or is not an upsert).
 */
export function createOnlyNotice(
  mapping: Mapping,
  mode: ImportMode = mapping.mode ?? 'create',
  reference?: AccountReference,
): string[] {
  const columns = createOnlyColumns(mapping, mode, reference);
  const constants =
    mode === 'upsert'
      ? Object.entries(mapping.constants ?? {}).filter(([target]) => isCreateOnlyTarget(target))
      : [];
  if (columns.length === 0 && constants.length === 0) return [];
  const context: TargetWordsContext = { reference, mapping };
  const constantOf = new Map(constants);
  const constantWords = (value: unknown) =>
    typeof value === 'string' ? `constant '${value}'` : `constant ${JSON.stringify(value)}`;
  const parts: string[] = [];
  const groups = new Map<number, string[]>();
  // A constant whose target a column also fills is used where that column's cell is blank.
  const named = new Set<string>();
  for (const column of columns) {
    const constant = constantOf.has(column.target)
      ? `, else the ${constantWords(constantOf.get(column.target))}`
      : '';
    named.add(column.target);
    if (column.subject === null) parts.push(`${column.label} (column '${column.column}'${constant})`);
    else
      groups.set(column.subject, [
        ...(groups.get(column.subject) ?? []),
        `'${column.column}'${constant ? ` (${constant.slice(2)})` : ''}`,
      ]);
  }
  for (const [index, headers] of groups)
    parts.push(`${subjectGroupWords(index, { reference, mapping })}'s columns (${headers.join(', ')})`);
  for (const [target, value] of constants)
    if (!named.has(target)) parts.push(`${targetWords(target, context)} (${constantWords(value)})`);
  const items = columns.length + constants.filter(([target]) => !named.has(target)).length;
  const listed = parts.length === 1 ? parts[0] : `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)}`;
  return [
    `${listed} ${parts.length === 1 && items === 1 ? 'is' : 'are'} used when a row creates a request; ` +
      `an update cannot change ${items === 1 ? 'it' : 'them'} (the API's update takes no such field). ` +
      'A row that updates a request keeps what Trackops holds there, and says so where its value differs; ' +
      'to change those values, edit the request in Trackops',
  ];
}

export interface CreateOnlyWords {
  /** The row's cell under a column as typed, to quote it so (null: not known; the value read is quoted). */
  typed?: (column: string) => string | null;
  /**
   * `update_cannot_change` (default): notes of a row whose update is sent. `update_cannot_change_only`:
   * the refusals of a row that changes nothing else (plan-import.ts).
   */
  code?: 'update_cannot_change' | 'update_cannot_change_only';
}

/**
 * The notes of an upsert row that updates `record`: one per create-only column whose value (in the
 * row's create body) differs from what the request holds. A blank cell sends nothing, so says nothing;
 * a field the record does not carry is not known to differ.
 */
export function createOnlyNotes(
  row: number,
  body: CaseRequestCreateBody,
  record: CaseRequestRecord,
  columns: readonly CreateOnlyColumn[],
  context: TargetWordsContext & { mapping: Mapping },
  words: CreateOnlyWords = {},
): Problem[] {
  if (columns.length === 0) return [];
  const request = record.case_request_number ?? `request ${record.id}`;
  const notes: Problem[] = [];
  const columnOf = (target: string): CreateOnlyColumn | undefined =>
    columns.find((column) => column.target === target) ??
    columns.find((column) => target.startsWith(`${column.target}.`)) ??
    // A NAME/ADDRESS field given part by part: the first part's column names it.
    columns.find((column) => column.target.startsWith(`${target}.`));
  const note = (target: string, value: string, stored: string): void => {
    const column = columnOf(target);
    if (!column) return; // a constant's: the mapping notice names columns only
    // Quoted as typed ('5/5/1985', 'Alvarez, Sofia'), where the column gives the whole value.
    const typed = column.target === target ? words.typed?.(column.column) : null;
    notes.push(
      problem(words.code ?? 'update_cannot_change', {
        row,
        label: column.column,
        target,
        value: typed ?? value,
        what: targetWords(target, context),
        request,
        stored,
      }),
    );
  };

  const given = body as unknown as Record<string, unknown>;
  for (const column of columns) {
    if (column.subject !== null || given[column.target] === undefined) continue;
    if (!Object.hasOwn(record, column.target)) continue;
    const only = { [column.target]: given[column.target] } as CaseRequestUpdateBody;
    const changes = fieldChanges(only, record, context);
    for (const change of changes) note(column.target, change.new, change.old);
  }

  const subjects = body.subjects ?? [];
  const groupOf = subjectGroups(subjects, context.mapping);
  const seenOfType = new Map<number, number>();
  subjects.forEach((subject, position) => {
    const ordinal = seenOfType.get(subject.subject_type_id) ?? 0;
    seenOfType.set(subject.subject_type_id, ordinal + 1);
    const group = groupOf[position];
    if (group === undefined) return;
    // The request's subject of the same type, in the same order (the API lists a request's subjects).
    const held = (record.subjects ?? []).filter(
      (candidate) => Number(candidate.subject_type_id) === Number(subject.subject_type_id),
    )[ordinal];
    const heldValues = new Map((held?.custom_fields ?? []).map((entry) => [Number(entry.id), entry.value]));
    const changes = fieldChanges(
      { custom_fields: subject.custom_fields },
      { id: record.id, custom_fields: held?.custom_fields ?? [] } as CaseRequestRecord,
      context,
    );
    // A NAME/ADDRESS value differs part by part; it is said once, whole ("Zed Newname" / "Luis A Martinez").
    const differing = new Set(changes.map((change) => Number(change.target.split('.')[1])));
    for (const entry of subject.custom_fields) {
      if (!differing.has(Number(entry.id))) continue;
      const change = changes.find((candidate) => candidate.target === `custom_fields.${entry.id}`);
      const whole = change ?? {
        new: wholeText(entry.value),
        old: wholeText(heldValues.get(Number(entry.id))),
      };
      note(`subjects.${group}.custom_fields.${entry.id}`, whole.new, whole.old);
    }
  });
  return notes;
}

/**
 * The mapping's subject group behind each subject of a body. A group whose cells are all blank is left
 * out of the body (body-parts.ts), so positions shift: each subject is given the first group after the
 * previous one whose mapped fields hold all of its fields.
 */
function subjectGroups(subjects: readonly SubjectBody[], mapping: Mapping): (number | undefined)[] {
  const fields = groupFields(mapping);
  const groups = mapping.subjects?.length ?? 0;
  const found: (number | undefined)[] = [];
  let next = 0;
  for (const subject of subjects) {
    let group = next;
    while (group < groups && !subject.custom_fields.every((entry) => fields[group]!.has(Number(entry.id))))
      group += 1;
    if (group >= groups) {
      found.push(undefined);
      continue;
    }
    found.push(group);
    next = group + 1;
  }
  return found;
}

const fieldsByMapping = new WeakMap<Mapping, Set<number>[]>();

/** Per subject group of the mapping, the custom field ids its columns and constants fill: once per mapping, not per row. */
function groupFields(mapping: Mapping): Set<number>[] {
  let fields = fieldsByMapping.get(mapping);
  if (fields) return fields;
  fields = Array.from({ length: mapping.subjects?.length ?? 0 }, () => new Set<number>());
  const targets = [
    ...mapping.columns.map((column) => column.target),
    ...Object.keys(mapping.constants ?? {}),
  ];
  for (const path of targets) {
    const target = parseTarget(path);
    if (target?.kind === 'custom' && target.subject !== null) fields[target.subject]?.add(target.fieldId);
  }
  fieldsByMapping.set(mapping, fields);
  return fields;
}

/** A value as one text: a NAME/ADDRESS object's parts in order, blanks left out. */
function wholeText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'object')
    return Object.values(value as Record<string, unknown>)
      .map((part) => String(part ?? '').trim())
      .filter(Boolean)
      .join(' ');
  return String(value).trim();
}
