import type { AddressValue, NameValue } from '../api/types.ts';
import { problem } from '../problems/format.ts';
import type { Problem } from '../problems/problem.ts';
import { cellText } from '../read/cell-text.ts';
import type { Cell } from '../read/types.ts';
import { PARAM_INDEX, PARAM_NAMES, type ParamName } from '../mapping/targets.ts';
import type { CompiledMapping } from './compile-mapping.ts';
import type { Converted } from './convert-cell.ts';
import type { ValuePlan } from './value-plan.ts';

export type Scalar = string | number | number[] | NameValue | AddressValue;

export interface CustomDraft {
  /** The row sets this field (the drafts are reused row after row). */
  set: boolean;
  subject: number | null;
  fieldId: number;
  plan: ValuePlan | null;
  value: Scalar | undefined;
  parts: Record<string, string> | undefined;
}

export const CLEAR = Symbol('clear');

/** A cell a person sees as empty: nothing, or only spaces. */
function isEmptyCell(cell: Cell): boolean {
  return cell === null || (typeof cell === 'string' && cell.trim() === '');
}

/** Converted values are memoised per column (convertCell): each body gets its own lists and objects. */
function copyOf(value: Scalar): Scalar {
  if (typeof value !== 'object') return value;
  return Array.isArray(value) ? value.slice() : { ...value };
}

/**
 * Everything a row sets, before it becomes a body. One draft per compiled mapping is reused row after
 * row (validation is synchronous, so rows never overlap): only what ends up in the outcome is new.
 * Parameters and custom fields sit in arrays by precomputed index rather than in objects keyed by name
 * per row: the keyed stores and a new object per field were a measurable part of each row's cost
 * (docs/benchmarks.md, finding 3).
 */
export class RowDraft {
  rowNumber = 0;
  problems: Problem[] = [];
  /** What the row's values leave out without refusing it (Converted.note), for RowOutcome.notes. */
  notes: Problem[] = [];
  /** Subject cells read as placeholders ("N/A", "-"): empty for their group, said in a note (placeholders.ts). */
  placeholders: { plan: ValuePlan; text: string }[] = [];
  /** Dates of birth whose century the YY pivot chose (birth-century.ts settles them once the row is read). */
  twoDigitBirths: { plan: ValuePlan; text: string }[] = [];
  /** Text targets a plain number cell gave, digits only, or a round-trip CSV's text (RowOutcome.numberTexts). */
  numberTexts: { target: string; column: string; text?: true; shortDate?: true }[] = [];
  /** By PARAM_INDEX. */
  readonly paramValues: (Scalar | undefined)[] = new Array<Scalar | undefined>(PARAM_NAMES.length).fill(
    undefined,
  );
  client: Record<string, string> = {};
  contact: Record<string, string> = {};
  /** By the plan's customSlot, in mapping order. */
  readonly custom: CustomDraft[];
  /** By target slot: given a value, a problem or an unresolved name ("required" is then not reported). */
  readonly touched: Uint8Array;
  readonly groupsUsed: Uint8Array;
  /**
   * Problems of a subject group's default (`"values": { "": … }` on an empty cell), by group: reported
   * only if the group is sent, since a group whose cells are all empty is left out (CONTRACTS section 2).
   */
  readonly groupDefaultProblems: Problem[][];
  unresolved = false;

  constructor(private readonly compiled: CompiledMapping) {
    this.custom = Array.from({ length: compiled.customCount }, () => ({
      set: false,
      subject: null,
      fieldId: 0,
      plan: null,
      value: undefined,
      parts: undefined,
    }));
    this.touched = new Uint8Array(compiled.slotOf.size);
    this.groupsUsed = new Uint8Array(compiled.groups.length);
    this.groupDefaultProblems = compiled.groups.map(() => []);
  }

  reset(rowNumber: number): this {
    this.rowNumber = rowNumber;
    this.problems = [];
    this.notes = [];
    this.placeholders = [];
    this.twoDigitBirths = [];
    this.numberTexts = [];
    this.paramValues.fill(undefined);
    this.client = {};
    this.contact = {};
    for (const custom of this.custom) custom.set = false;
    this.touched.fill(0);
    this.groupsUsed.fill(0);
    for (const deferred of this.groupDefaultProblems) deferred.length = 0;
    this.unresolved = false;
    return this;
  }

  param(name: ParamName): Scalar | undefined {
    return this.paramValues[PARAM_INDEX[name]];
  }

  isTouched(path: string): boolean {
    const slot = this.compiled.slotOf.get(path);
    return slot !== undefined && this.touched[slot] === 1;
  }

  apply(plan: ValuePlan, result: Converted, cell: Cell): void {
    if (result.kind === 'blank') {
      // A clear the field's type cannot take: refused here, where the dry run sees it, not at the PUT.
      if (plan.clearRefused)
        this.problems.push({ ...plan.clearRefused, row: this.rowNumber, value: '', scope: 'mapping' });
      else if (plan.clear) this.assign(plan, CLEAR);
      return;
    }
    const target = plan.target;
    // A default given to an empty cell of a subject group counts only if the group is sent.
    const groupDefault = target.kind === 'custom' && target.subject !== null && isEmptyCell(cell);
    this.markGiven(plan, !groupDefault);
    const problems = groupDefault ? this.groupDefaultProblems[target.subject!]! : this.problems;
    if (plan.staticProblems.length > 0) {
      // The mapping against the account (an unknown field, a field of another subject type): the same
      // for every row that uses the column.
      for (const known of plan.staticProblems)
        problems.push({ ...known, row: this.rowNumber, value: cellText(cell), scope: 'mapping' });
      return;
    }
    if (result.kind === 'problem') {
      // For a list cell the offending value is the one item that fails ("Hypnosis" of "Surveillance; Hypnosis").
      const found = problem(
        result.code,
        {
          row: this.rowNumber,
          label: plan.label,
          target: plan.target.path,
          what: plan.what,
          value: result.value ?? cellText(cell),
          // Advice that fits only an update (multi_line_text: "a blank cell leaves the field as Trackops
          // holds it") is left out of a create's words.
          mode: this.compiled.mode,
          ...result.params,
        },
        undefined,
        this.compiled.mappingWords,
      );
      // A constant that cannot be used fails every row the same way: a problem of the mapping. So does
      // a translation of the column's values the target refuses (convert-cell.ts translated): the value
      // named is then the cell as the sheet holds it, the words say what the mapping made of it.
      if (result.params?.translatedFrom !== undefined) {
        found.value = cellText(cell);
        found.scope = 'mapping';
      } else if (plan.index < 0) found.scope = 'mapping';
      problems.push(found);
    } else if (result.kind === 'unresolved') this.unresolved = true;
    else {
      if (result.note)
        this.notes.push(
          problem(
            result.note.code,
            {
              row: this.rowNumber,
              label: plan.label,
              target: plan.target.path,
              what: plan.what,
              value: cellText(cell),
              ...result.note.params,
            },
            undefined,
            this.compiled.mappingWords,
          ),
        );
      if (result.twoDigitYear && plan.fieldType === 'BIRTHDAY')
        this.twoDigitBirths.push({ plan, text: cellText(cell) });
      // A number cell's digits in a text target: a spreadsheet may have dropped the zeros the request
      // holds (03101 → 3101); an update compares them with it (batch/stored-zeros.ts).
      if (typeof cell === 'number' && typeof result.value === 'string' && /^\d+$/.test(result.value))
        this.numberTexts.push({ target: plan.target.path, column: plan.label });
      else if (this.compiled.roundTripCsv && typeof cell === 'string' && typeof result.value === 'string')
        this.numberTexts.push({
          target: plan.target.path,
          column: plan.label,
          text: true,
          ...(result.shortDate ? { shortDate: true as const } : {}),
        });
      this.assign(plan, copyOf(result.value));
    }
  }

  /** Non-blank text of a plain-text column (ValuePlan.plainText): what apply does with ok(text). */
  applyText(plan: ValuePlan, text: string): void {
    // Non-blank text: never a default standing in for an empty cell.
    this.markGiven(plan, true);
    this.assign(plan, text);
    // A round-trip CSV's text: a spreadsheet may have re-read it (batch/stored-zeros.ts).
    if (this.compiled.roundTripCsv)
      this.numberTexts.push({ target: plan.target.path, column: plan.label, text: true });
  }

  /**
   * The value is not blank: its target is given (no "required" for it). Its subject group is used only
   * when the cell itself is not empty: a value map's default for "" does not make a group of empty cells.
   */
  private markGiven(plan: ValuePlan, filled: boolean): void {
    const target = plan.target;
    if (filled && target.kind === 'custom' && target.subject !== null && plan.index >= 0)
      this.groupsUsed[target.subject] = 1;
    this.touched[plan.slot] = 1;
  }

  /**
   * contact.full_name: the parsed name fills first, middle and last name. A create leaves out an empty
   * part; an update sends all three, so that a name without a middle name does not keep the old one.
   */
  private assignContactName(value: Scalar | typeof CLEAR): void {
    if (value === CLEAR || typeof value !== 'object' || Array.isArray(value)) return;
    const name = value as NameValue;
    for (const part of ['first_name', 'middle_name', 'last_name'] as const) {
      const text = name[part] ?? '';
      if (text !== '' || this.compiled.mode === 'update') this.contact[part] = text;
    }
  }

  assign(plan: ValuePlan, value: Scalar | typeof CLEAR): void {
    const target = plan.target;
    switch (target.kind) {
      case 'param':
        this.paramValues[plan.paramIndex] =
          value === CLEAR ? (target.spec.type === 'refList' ? [] : '') : value;
        return;
      case 'client':
      case 'contact':
        if (target.part === 'full_name') {
          this.assignContactName(value);
          return;
        }
        this[target.kind][target.part] = value === CLEAR ? '' : String(value);
        return;
      case 'custom': {
        const draft = this.custom[plan.customSlot]!;
        if (!draft.set) {
          draft.set = true;
          draft.subject = target.subject;
          draft.fieldId = target.fieldId;
          draft.plan = plan;
          draft.value = undefined;
          draft.parts = undefined;
        }
        if (target.part === null) draft.value = value === CLEAR ? '' : value;
        else (draft.parts ??= {})[target.part] = value === CLEAR ? '' : String(value);
        return;
      }
      case 'matchKey':
        return;
    }
  }
}
