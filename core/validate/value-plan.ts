/**
 * A mapping column (or constant) compiled for the per-row path: its target resolved, its value map, date
 * parser, lookup table and custom-field definition looked up once, never per row.
 */
import type { FieldDef } from '../account/reference.ts';
import type { CompiledDateFormat } from '../mapping/date-format.ts';
import type { NumberFormat } from '../mapping/number-format.ts';
import type { ParseKind } from '../mapping/schema.ts';
import type { Target } from '../mapping/targets.ts';
import type { Problem } from '../problems/problem.ts';
import type { Cell } from '../read/types.ts';
import type { AddressValue, NameValue } from '../api/types.ts';
import type { PlainProblemCode } from '../problems/catalogue.ts';
import type { LookupTable } from './lookups.ts';
import type { ColumnWatch } from './date-order-state.ts';
import type { ChoiceTable } from './choices.ts';
import type { CheckedRows, MomentReading } from './utc-moment-column.ts';

/**
 * What converting a cell gives (convert-cell.ts): a value, a blank, a name that cannot be resolved
 * offline, or a problem code with its params (the caller adds row, column and value).
 */
export type Converted =
  | { kind: 'blank' }
  | {
      kind: 'value';
      value: string | number | number[] | NameValue | AddressValue;
      /** Something the value leaves out that the row's outcome says (RowOutcome.notes): not a refusal. */
      note?: { code: PlainProblemCode; params: Record<string, unknown> };
      /** A date whose century the YY pivot chose (date-format.ts): a date of birth may take the one before. */
      twoDigitYear?: true;
      /**
       * A round-trip CSV's date left as a spreadsheet wrote it (6/17/1966), for the plan to compare with
       * the stored day (ValuePlan.spreadsheetDates).
       */
      shortDate?: true;
    }
  | { kind: 'unresolved' }
  | { kind: 'problem'; code: PlainProblemCode; params?: Record<string, unknown>; value?: string };

/** Which characters a target refuses (text-characters.ts). */
export type TextRule = 'multi-line' | 'single-line' | 'code';

export interface ValuePlan {
  target: Target;
  /** Source column header, or "constant <target>". */
  label: string;
  /** The target in a clerk's words, with the account's labels when known ("Region", "Claim Number"). */
  what: string;
  /** Index of the column in the sheet's headers; -1 for a constant. */
  index: number;
  trim: boolean;
  /** `values`, keyed by trimmed lower-case text: the key as the mapping writes it, and its value. */
  values: Map<string, { key: string; value: Cell }> | null;
  date: CompiledDateFormat | null;
  /**
   * A date column of a round-trip CSV (update) without a date format: a date in a spreadsheet's short
   * form is left as written, to be compared with the day the request holds once the file's order is
   * known (batch/stored-zeros.ts), not refused for want of a format (explore 57 item 5).
   */
  spreadsheetDates?: true;
  /**
   * A text date column whose day and month can be read the other way round, or a number column whose
   * decimal mark can (date-order.ts, decimal-mark.ts); else null.
   */
  order: ColumnWatch | null;
  /** How the column writes numbers (`decimal`, `grouping`, `locale`); null: only unambiguous text is read. */
  number: NumberFormat | null;
  split: string | null;
  parse: ParseKind | null;
  /** The reference table of the target's ids (names resolve only when `byName`). */
  table: LookupTable | null;
  byName: boolean;
  /** True when the target takes ids but no reference data was given: names cannot be resolved. */
  offline: boolean;
  /** The custom field, when the account's fields are known. */
  field: FieldDef | null;
  /** Its type tag, upper-cased once (API-NOTES: tags are upper case; read tolerantly); '' without a field. */
  fieldType: string;
  /** SELECT/RADIO choices, as a cell is matched against them (choices.ts). */
  choices: ChoiceTable | null;
  /** A subject column whose placeholders ("N/A", "-") are empty cells (placeholders.ts). */
  placeholders: boolean;
  /**
   * A column outside the subject groups: a placeholder refuses the row or is noted (placeholder-words.ts
   * PlaceholderRule says which columns are which; typed here so the plan does not import its rules).
   */
  placeholderRule: 'refuse' | 'note' | null;
  /** Update mode: a blank cell clears the field. */
  clear: boolean;
  /**
   * `clear` on a custom field whose type has no empty value (API-NOTES: only text and YESNONA take ""):
   * the problem each row with a blank cell gets, instead of a clear Trackops would refuse at the PUT.
   */
  clearRefused: Omit<Problem, 'row'> | null;
  /** Problems of the mapping against the account (unknown field, wrong subject type), reported per row that uses it. */
  staticProblems: Omit<Problem, 'row'>[];
  /**
   * A text cell's value is its (trimmed) text once `refuse` finds nothing in it; false when the
   * conversion does more. validateCompiledRow takes such cells straight to the draft, without a
   * conversion result per cell.
   */
  plainText: boolean;
  /** Which characters the target refuses (text-characters.ts): control characters, line breaks, invisibles. */
  textRule: TextRule;
  refuse: RegExp;
  /**
   * The rows being checked, one object shared by every column of a pass (validate-rows.ts sets each
   * batch): a date column reads what its UTC moments are from them (utc-moment-column.ts).
   */
  checkedRows: CheckedRows;
  /** What the column's UTC moments are (days, times, one alone), read when its first one is met. */
  moments: MomentReading | null;
  /** Text → conversion result for this column (see convertCell); null when not worth it. */
  memo: Map<string, Converted> | null;
  memoHits: number;
  /** Index of the target path among the mapping's distinct targets (columns and constants share it). */
  slot: number;
  /** Parameter targets: the place in RowDraft.paramValues (PARAM_INDEX); -1 otherwise. */
  paramIndex: number;
  /** Custom-field targets: index of the field (whole or by parts) among the mapping's custom fields. */
  customSlot: number;
}
