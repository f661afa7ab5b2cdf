/**
 * One source row → a case-request body or the problems that stop it. Create bodies follow the seed's
 * create table (required: case_type_id, client{name,country}, contact{last_name,email}, case_region_id,
 * created_on); update bodies follow its update table and carry only what the row sets.
 *
 * Seed note 1 / API-NOTES: on update a `client` or `contact` object replaces the stored one whole. A sheet
 * rarely has every part, so the update body holds the parts the row gives and the outcome lists the
 * object in `partialObjects`: the import runner merges those parts into the stored request's object
 * before the PUT, so the API always receives the object whole.
 */
import type { AddressValue, CustomFieldEntry, NameValue, SubjectBody } from '../api/types.ts';
import type { Mapping } from '../mapping/schema.ts';
import { PARAM_NAMES, PARAMS } from '../mapping/targets.ts';
import type { ProblemCode } from '../problems/catalogue.ts';
import { problem } from '../problems/format.ts';
import type { Problem } from '../problems/problem.ts';
import { cellText, isBlankCell } from '../read/cell-text.ts';
import type { Cell, SourceRow } from '../read/types.ts';
import { compileMapping, type CompiledMapping, type ValidateOptions } from './compile-mapping.ts';
import { describeField, type Converted } from './convert-cell.ts';
import { convertCell } from './convert-cell.ts';
import type { RowOutcome } from './types.ts';
import type { ValuePlan } from './value-plan.ts';

type Scalar = string | number | number[] | NameValue | AddressValue;

interface CustomDraft {
  subject: number | null;
  fieldId: number;
  plan: ValuePlan;
  value?: Scalar;
  parts?: Record<string, string>;
}

const CLEAR = Symbol('clear');

/** Converted values are memoised per column (convertCell): each body gets its own lists and objects. */
function copyOf(value: Scalar): Scalar {
  if (typeof value !== 'object') return value;
  return Array.isArray(value) ? value.slice() : { ...value };
}

/**
 * Everything a row sets, before it becomes a body. One draft per compiled mapping is reused row after
 * row (validation is synchronous, so rows never overlap): only what ends up in the outcome is new.
 */
class RowDraft {
  rowNumber = 0;
  problems: Problem[] = [];
  params: Record<string, Scalar | undefined> = {};
  client: Record<string, string> = {};
  contact: Record<string, string> = {};
  /** By the plan's customSlot, in mapping order. */
  readonly custom: (CustomDraft | undefined)[];
  /** By target slot: given a value, a problem or an unresolved name ("required" is then not reported). */
  readonly touched: Uint8Array;
  readonly groupsUsed: Uint8Array;
  unresolved = false;

  constructor(private readonly compiled: CompiledMapping) {
    this.custom = new Array<CustomDraft | undefined>(compiled.customCount).fill(undefined);
    this.touched = new Uint8Array(compiled.slotOf.size);
    this.groupsUsed = new Uint8Array(compiled.groups.length);
  }

  reset(rowNumber: number): this {
    this.rowNumber = rowNumber;
    this.problems = [];
    this.params = {};
    this.client = {};
    this.contact = {};
    this.custom.fill(undefined);
    this.touched.fill(0);
    this.groupsUsed.fill(0);
    this.unresolved = false;
    return this;
  }

  isTouched(path: string): boolean {
    const slot = this.compiled.slotOf.get(path);
    return slot !== undefined && this.touched[slot] === 1;
  }

  apply(plan: ValuePlan, result: Converted, cell: Cell): void {
    if (result.kind === 'blank') {
      if (plan.clear) this.assign(plan, CLEAR);
      return;
    }
    const target = plan.target;
    if (target.kind === 'custom' && target.subject !== null && plan.index >= 0)
      this.groupsUsed[target.subject] = 1;
    this.touched[plan.slot] = 1;
    if (plan.staticProblems.length > 0) {
      for (const known of plan.staticProblems)
        this.problems.push({ ...known, row: this.rowNumber, value: cellText(cell) });
      return;
    }
    if (result.kind === 'problem') {
      // For a list cell the offending value is the one item that fails ("Hypnosis" of "Surveillance; Hypnosis").
      this.problems.push(
        problem(result.code, {
          row: this.rowNumber,
          label: plan.label,
          target: target.path,
          value: result.value ?? cellText(cell),
          ...result.params,
        }),
      );
    } else if (result.kind === 'unresolved') this.unresolved = true;
    else this.assign(plan, copyOf(result.value));
  }

  assign(plan: ValuePlan, value: Scalar | typeof CLEAR): void {
    const target = plan.target;
    switch (target.kind) {
      case 'param':
        this.params[target.name] = value === CLEAR ? (target.spec.type === 'refList' ? [] : '') : value;
        return;
      case 'client':
      case 'contact':
        this[target.kind][target.part] = value === CLEAR ? '' : String(value);
        return;
      case 'custom': {
        let draft = this.custom[plan.customSlot];
        if (!draft)
          this.custom[plan.customSlot] = draft = { subject: target.subject, fieldId: target.fieldId, plan };
        if (target.part === null) draft.value = value === CLEAR ? '' : value;
        else (draft.parts ??= {})[target.part] = value === CLEAR ? '' : String(value);
        return;
      }
      case 'matchKey':
        return;
    }
  }
}

const drafts = new WeakMap<CompiledMapping, RowDraft>();

const compiledCache = new WeakMap<
  Mapping,
  { headers: string[]; options: ValidateOptions; compiled: CompiledMapping }
>();

/**
 * Validates one row. `ctx` is a compiled mapping (validateRows passes one) or the options to compile
 * with; the last compilation per mapping object is reused, so the app can re-check one fixed cell cheaply.
 */
export function validateRow(
  row: SourceRow,
  headers: string[],
  mapping: Mapping,
  ctx: CompiledMapping | ValidateOptions = {},
): RowOutcome {
  return validateCompiledRow(row, 'columns' in ctx ? ctx : compiledFor(mapping, headers, ctx));
}

function compiledFor(mapping: Mapping, headers: string[], options: ValidateOptions): CompiledMapping {
  const cached = compiledCache.get(mapping);
  if (
    cached &&
    cached.options.reference === options.reference &&
    cached.options.settings === options.settings &&
    cached.headers.length === headers.length &&
    cached.headers.every((header, index) => header === headers[index])
  )
    return cached.compiled;
  const compiled = compileMapping(mapping, headers, options);
  compiledCache.set(mapping, { headers, options, compiled });
  return compiled;
}

export function validateCompiledRow(row: SourceRow, compiled: CompiledMapping): RowOutcome {
  let scratch = drafts.get(compiled);
  if (!scratch) drafts.set(compiled, (scratch = new RowDraft(compiled)));
  const draft = scratch.reset(row.row);
  const problems = draft.problems;
  const columns = compiled.columns;
  for (let i = 0; i < columns.length; i += 1) {
    const plan = columns[i]!;
    const cell = plan.index >= 0 ? (row.cells[plan.index] ?? null) : null;
    draft.apply(plan, convertCell(plan, cell), cell);
  }
  for (const constant of compiled.constants) {
    if (draft.touched[constant.plan.slot] === 1) continue; // a non-empty column wins
    draft.apply(constant.plan, constant.converted, constant.shown);
  }
  reportBeyondHeaders(row, compiled, problems);

  let matchValue: string | undefined;
  if (compiled.matchColumn) {
    const cell = row.cells[compiled.matchColumn.index] ?? null;
    matchValue = cellText(cell).trim() || undefined;
    checkMatchValue(row, compiled, matchValue, problems);
  }

  const custom = customFieldEntries(row, compiled, draft, problems);
  const subjects =
    compiled.mode === 'update' ? [] : subjectBodies(row, compiled, draft, custom.bySubject, problems);
  const outcome: RowOutcome = { row: row.row, status: 'valid', problems, cells: row.cells };
  if (matchValue !== undefined) outcome.matchValue = matchValue;

  if (compiled.mode === 'update') {
    const body: Record<string, unknown> = {};
    for (const name of PARAM_NAMES) {
      const value = draft.params[name];
      if (value !== undefined && PARAMS[name].update) body[name] = value;
      if (name === 'client_id') {
        const partial: ('client' | 'contact')[] = [];
        if (Object.keys(draft.client).length > 0) {
          body.client = draft.client;
          partial.push('client');
        }
        if (Object.keys(draft.contact).length > 0) {
          body.contact = draft.contact;
          partial.push('contact');
        }
        if (partial.length > 0) outcome.partialObjects = partial;
      }
    }
    if (custom.caseLevel.length > 0) body.custom_fields = custom.caseLevel;
    if (problems.length === 0 && !draft.unresolved) outcome.body = body;
  } else {
    checkRequired(row, compiled, draft, problems);
    const body: Record<string, unknown> = {};
    for (const name of PARAM_NAMES) {
      const value = draft.params[name];
      if (value !== undefined && PARAMS[name].create) body[name] = value;
      if (name === 'case_type_id') {
        body.client = draft.client;
        body.contact = draft.contact;
      }
    }
    if (custom.caseLevel.length > 0) body.custom_fields = custom.caseLevel;
    if (subjects.length > 0) body.subjects = subjects;
    if (problems.length === 0 && !draft.unresolved) outcome.body = body as unknown as RowOutcome['body'];
  }
  if (problems.length > 0) outcome.status = 'invalid';
  return outcome;
}

function reportBeyondHeaders(row: SourceRow, compiled: CompiledMapping, problems: Problem[]): void {
  row.beyondHeaders?.forEach((cell, offset) => {
    if (isBlankCell(cell)) return;
    problems.push(
      problem('value_beyond_headers', {
        row: row.row,
        label: `column ${compiled.headers.length + offset + 1}`,
        target: null,
        value: cellText(cell),
        position: compiled.headers.length + offset + 1,
      }),
    );
  });
}

function checkMatchValue(
  row: SourceRow,
  compiled: CompiledMapping,
  value: string | undefined,
  problems: Problem[],
): void {
  const plan = compiled.matchColumn!;
  const fields = { row: row.row, label: plan.label, target: plan.target.path, value: value ?? '' };
  if (value === undefined) {
    if (compiled.mode !== 'create') problems.push(problem('missing_match_value', fields));
  } else if (plan.target.path === 'id' && !/^[1-9]\d*$/.test(value)) {
    problems.push(problem('invalid_integer', fields));
  }
}

/** Custom-field drafts → `{id, value}` entries, composite parts assembled, case-type enablement checked. */
function customFieldEntries(
  row: SourceRow,
  compiled: CompiledMapping,
  draft: RowDraft,
  problems: Problem[],
): { caseLevel: CustomFieldEntry[]; bySubject: CustomFieldEntry[][] } {
  const caseLevel: CustomFieldEntry[] = [];
  const bySubject: CustomFieldEntry[][] = [];
  const caseTypeId = draft.params.case_type_id;
  const enabled = typeof caseTypeId === 'number' ? compiled.caseTypeFields.get(caseTypeId) : undefined;
  for (const entry of draft.custom) {
    if (entry === undefined) continue;
    let value: Scalar;
    if (entry.parts) {
      value = entry.parts;
      const type = String(entry.plan.field?.field_type_tag ?? '').toUpperCase();
      if (
        type === 'NAME' &&
        !entry.parts.first_name &&
        !entry.parts.last_name &&
        compiled.mode === 'create'
      ) {
        problems.push(
          problem('composite_empty', {
            row: row.row,
            label: entry.plan.label,
            target: entry.plan.target.path.replace(/\.[a-z_0-9]+$/, ''),
            value: '',
            field: describeField(entry.plan),
          }),
        );
      }
    } else value = entry.value!;
    const cf = { id: entry.fieldId, value } as CustomFieldEntry;
    if (entry.subject === null) {
      if (enabled && !enabled.has(entry.fieldId) && entry.plan.field) {
        const code: ProblemCode = 'field_not_enabled';
        problems.push(
          problem(code, {
            row: row.row,
            label: entry.plan.label,
            target: entry.plan.target.path,
            value: null,
            field: describeField(entry.plan),
            caseType: compiled.caseTypeNames.get(caseTypeId as number) ?? caseTypeId,
          }),
        );
      }
      caseLevel.push(cf);
    } else {
      (bySubject[entry.subject] ??= []).push(cf);
    }
  }
  return { caseLevel, bySubject };
}

/** A subject group whose mapped cells are all empty is left out (CONTRACTS section 2). */
function subjectBodies(
  row: SourceRow,
  compiled: CompiledMapping,
  draft: RowDraft,
  bySubject: CustomFieldEntry[][],
  problems: Problem[],
): SubjectBody[] {
  const subjects: SubjectBody[] = [];
  for (const group of compiled.groups) {
    if (draft.groupsUsed[group.index] !== 1) continue;
    if (group.problem) {
      problems.push({ ...group.problem, row: row.row });
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
      const label = compiled.labelByTarget.get(path) ?? `subjects[${group.index}]`;
      problems.push(
        problem('required_subject_field', {
          row: row.row,
          label,
          target: path,
          value: '',
          group: group.index,
          subjectType: group.subjectTypeName,
          field: `${required.name} (field ${required.id})`,
        }),
      );
    }
    subjects.push({
      subject_type_id: group.subjectTypeId!,
      is_primary: group.isPrimary,
      is_pinned: group.isPinned,
      custom_fields: fields,
    });
  }
  return subjects;
}

function hasField(fields: CustomFieldEntry[], id: number): boolean {
  for (const entry of fields) if (entry.id === id) return true;
  return false;
}

const REQUIRED_PARAMS = ['case_type_id', 'case_region_id', 'created_on'] as const;
const REQUIRED_CLIENT = ['name', 'country'] as const;
const REQUIRED_CONTACT = ['last_name', 'email'] as const;
const ADDRESS_PARTS_REQUIRED = ['address_1', 'city'] as const;
const PHONES = ['phone_office', 'phone_home', 'phone_mobile'] as const;

/** Seed create table and client/contact tables; account settings when the connection gives them. */
function checkRequired(
  row: SourceRow,
  compiled: CompiledMapping,
  draft: RowDraft,
  problems: Problem[],
): void {
  for (const name of REQUIRED_PARAMS)
    if (draft.params[name] === undefined) need(row, compiled, draft, problems, name);
  for (const part of REQUIRED_CLIENT)
    if (!draft.client[part]) need(row, compiled, draft, problems, `client.${part}`);
  for (const part of REQUIRED_CONTACT)
    if (!draft.contact[part]) need(row, compiled, draft, problems, `contact.${part}`);
  if (compiled.settings?.require_client_address) {
    for (const part of ADDRESS_PARTS_REQUIRED)
      if (!draft.client[part])
        need(row, compiled, draft, problems, `client.${part}`, 'require_client_address');
  }
  if (compiled.settings?.require_client_phone) {
    let given = false;
    for (const part of PHONES) given ||= Boolean(draft.contact[part]) || draft.isTouched(`contact.${part}`);
    if (!given) {
      let label = 'account setting';
      for (const part of PHONES) {
        const mapped = compiled.labelByTarget.get(`contact.${part}`);
        if (mapped !== undefined) {
          label = mapped;
          break;
        }
      }
      problems.push(
        problem('require_client_phone', { row: row.row, label, target: 'contact.phone_office', value: '' }),
      );
    }
  }
}

/** A required target with no value: name the column left empty, or say that nothing maps it. */
function need(
  row: SourceRow,
  compiled: CompiledMapping,
  draft: RowDraft,
  problems: Problem[],
  path: string,
  code: ProblemCode = 'required_blank',
): void {
  if (draft.isTouched(path)) return;
  const label = compiled.labelByTarget.get(path);
  if (label !== undefined) problems.push(problem(code, { row: row.row, label, target: path, value: '' }));
  else
    problems.push(
      problem(code === 'required_blank' ? 'required_unmapped' : code, {
        row: row.row,
        label: code === 'required_blank' ? 'mapping' : 'account setting',
        target: path,
        value: null,
      }),
    );
}
