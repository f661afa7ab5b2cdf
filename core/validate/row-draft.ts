import type { AddressValue, NameValue } from '../api/types.ts';
import { problem } from '../problems/format.ts';
import type { Problem } from '../problems/problem.ts';
import { cellText } from '../read/cell-text.ts';
import type { Cell } from '../read/types.ts';
import type { CompiledMapping } from './compile-mapping.ts';
import type { Converted } from './convert-cell.ts';
import type { ValuePlan } from './value-plan.ts';

export type Scalar = string | number | number[] | NameValue | AddressValue;

export interface CustomDraft {
  subject: number | null;
  fieldId: number;
  plan: ValuePlan;
  value?: Scalar;
  parts?: Record<string, string>;
}

export const CLEAR = Symbol('clear');

/** Converted values are memoised per column (convertCell): each body gets its own lists and objects. */
function copyOf(value: Scalar): Scalar {
  if (typeof value !== 'object') return value;
  return Array.isArray(value) ? value.slice() : { ...value };
}

/**
 * Everything a row sets, before it becomes a body. One draft per compiled mapping is reused row after
 * row (validation is synchronous, so rows never overlap): only what ends up in the outcome is new.
 */
export class RowDraft {
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
