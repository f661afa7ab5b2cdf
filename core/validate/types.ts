/**
 * What validating one source row produces: the body that would be sent, or the problems that stop it.
 * Reports (JSON/CSV/XLSX), the import runner and the app's grid all consume this one shape.
 */
import type { CaseRequestCreateBody, CaseRequestUpdateBody } from '../api/types.ts';
import type { Problem } from '../problems/problem.ts';
import type { FileDayOrder } from '../mapping/spreadsheet-dates.ts';
import type { FieldChange } from './field-changes.ts';
import type { Cell } from '../read/types.ts';
import type { RowSkip, SkipRule } from './skip-rows.ts';
import type { DateOrderChoice, UncomparedDates } from './date-summary-types.ts';

export type ImportMode = 'create' | 'update' | 'upsert';

/** Live dry run: what the import would do with a valid row. */
export type RowAction =
  | 'create' // create mode, or upsert with no match
  | 'update' // update/upsert with exactly one match
  | 'unchanged' // update/upsert with one match that holds every value the row gives: nothing to send
  | 'duplicate' // create mode, but a request with the same match key already exists
  | 'possible_duplicate' // create/upsert: no exact match, but a key differing only in case or spacing
  | 'ambiguous' // update/upsert: the match key finds several requests
  | 'not_found' // update: the match key finds nothing
  | 'rekeyed' // update/upsert of a results file: the key no longer finds the request an earlier run wrote the row to
  | 'already_sent' // this file's earlier import created it, as its journal says (batch/created-earlier.ts)
  | 'already_done' // a results file fed back in: an earlier run wrote it, as its _status/_id say (batch/earlier-results.ts)
  // another row of the same file has the same match key, or (update/upsert) is for the same request:
  // a repeat of its values, or values that disagree with it (same-request.ts)
  | 'duplicate_in_file';

export interface RowOutcome {
  /** Row number a person sees in the sheet. */
  row: number;
  /** `skipped`: left out by the mapping's `skip` rules (a total, a footer): not data, never sent. */
  status: 'valid' | 'invalid' | 'skipped';
  /** Every problem of the row (empty when valid). */
  problems: Problem[];
  /**
   * What the row's values leave out that does not refuse it (a date's time of day, time_not_kept): the
   * same shape and wording as problems, said in reports and results beside them. Absent when none.
   */
  notes?: Problem[];
  /** Skipped rows: the rule that left the row out, and why in words. */
  skipped?: RowSkip;
  /** The body to send when valid: create body (POST) or update body (PUT). */
  body?: CaseRequestCreateBody | CaseRequestUpdateBody;
  /**
   * A create refused as a duplicate in the account (action `duplicate`): the content keys of the body it
   * would have sent (batch/fingerprint.ts contentKeysOf) and the ids of the requests holding its key;
   * `body`, the body itself: a resume whose row in doubt is such a duplicate looks for that send by it
   * (own-create.ts, identity-match.ts), since the request holding the key may be the row's own.
   */
  duplicateOf?: { content: [string, string]; ids: number[]; body?: CaseRequestCreateBody };
  /** The value of the mapping's `match` key in this row, when it has one. */
  matchValue?: string;
  /** Set by a live dry run. */
  action?: RowAction;
  /** The existing request an update would go to (live dry run, update/upsert). */
  targetId?: number;
  /**
   * Live dry run, update/upsert with one match: each field the update would change, stored → new
   * (validate/field-changes.ts), with the column that gives it. Empty when it would change nothing.
   */
  changes?: RowChange[];
  /**
   * Update bodies: the client/contact objects that hold only the parts the sheet gives. The API replaces
   * these objects whole (seed note 1), so the runner merges them into the stored request's object first.
   */
  partialObjects?: ('client' | 'contact')[];
  /**
   * Text targets (a zip, a reference, an INPUT field) whose value a plain number cell of the row gave,
   * digits only, with the column: a spreadsheet drops leading zeros from a number cell, so an update
   * keeps a stored value that differs only by them (batch/stored-zeros.ts). In a round-trip CSV the tool
   * wrote (`text: true`), every text cell: a spreadsheet that opened and saved it may have re-read the
   * exported text as a number or a date. Absent when none.
   */
  numberTexts?: { target: string; column: string; text?: true; shortDate?: true }[];
  /**
   * A round-trip CSV's day order, as its date cells prove it (mapping/spreadsheet-dates.ts): one object
   * shared by every row of the file and filled as its rows are read, so that the plan and the send
   * (which see the rows once all are read) compare a date such as 6/7/1966 in the whole file's order.
   */
  dayOrder?: FileDayOrder;
  /**
   * A round-trip CSV's cells in columns an update cannot change (validate/read-only-cells.ts), compared
   * with the request before the row is sent. Absent when none.
   */
  readOnlyCells?: { column: string; text: string }[];
  /**
   * A round-trip CSV's `updated_at` (and `created_at`) cells, updating: a request changed since the
   * export is a conflict, decided by the plan and again by the send (validate/round-trip-csv-stamp.ts).
   */
  exportStamps?: { updatedAt: string; createdAt: string | null };
  /**
   * A row refused for one reason only that its request may undo: the body it would send, kept for the
   * plan, which settles it once it knows the row's request (Provisional). Absent otherwise, and once
   * the plan has seen it.
   */
  provisional?: Provisional;
  /** The cells as read, aligned with the sheet's headers (so reports can show the row as the user sees it). */
  cells: Cell[];
}

/**
 * The body of a row refused for one reason only, which the row's request may undo; each kind is settled
 * by its own rule once the plan has matched the row (one row carries at most one: each is "only"):
 * - `unedited_line_breaks`: update mode, refused only for line breaks in one-line fields
 *   (multi_line_text); a cell holding exactly what the request holds (an export of a value Trackops
 *   holds on two lines) is no edit, and the row goes on with this body, which leaves those cells out
 *   (unedited-line-breaks.ts).
 * - `create_needs`: upsert, refused only for what a new request needs (blank required cells, a case
 *   field its own case type lacks); should its key find its request, the update needs none of that
 *   (create-needs.ts).
 * - `repeat`: update/upsert, refused only for repeating the key of an earlier row (`firstRow`, with that
 *   `refusal`); two rows for one request are two instructions for it, settled together: values that
 *   agree keep the refusal, values that disagree refuse every such row (same-request.ts).
 */
export type Provisional =
  | { why: 'unedited_line_breaks'; body: CaseRequestUpdateBody }
  | { why: 'create_needs'; body: CaseRequestCreateBody }
  | {
      why: 'repeat';
      body: CaseRequestCreateBody | CaseRequestUpdateBody;
      firstRow: number;
      refusal: Problem;
    };

/** A change of the preview, with the sheet's column behind it (null: a constant, or a merged part). */
export interface RowChange extends FieldChange {
  column: string | null;
}

export interface ValidationSummary {
  /** Data rows checked: valid + invalid (rows left out by `skip` rules are not data). */
  rows: number;
  valid: number;
  invalid: number;
  skippedBlank: number;
  /** XLSX: data rows hidden in Excel, checked like any other (present when there are any). */
  hiddenRows?: number[];
  /** XLSX: columns hidden in Excel, by header (present when there are any). */
  hiddenColumns?: string[];
  /** XLSX: the sheet read, when Excel hides it (a mapping named it), by name. */
  hiddenSheet?: string;
  /**
   * Valid rows with notes (RowOutcome.notes: a date's time of day not kept), present when there are any.
   * A refused row's notes stay with its problems and are not counted here.
   */
  notedRows?: number;
  /** Rows left out by the mapping's `skip` rules (present when there are any). */
  skipped?: number;
  /** The same by rule, e.g. { "whenFirstCellStartsWith": 1, "after": 3 }. */
  skippedByRule?: Partial<Record<SkipRule, number>>;
  /**
   * Problems that come from the mapping, not from a cell (nothing maps a required target, a constant
   * the account refuses, …), each once with the number of rows it makes invalid: the rows still list
   * them, a summary shows them once. Present when there are any.
   */
  mappingProblems?: MappingProblemSummary[];
  /**
   * A dry run that streamed its rows (offline): date columns where a row proved the order after rows
   * reading both ways had been counted valid; an import refuses those rows (date-order.ts). Present
   * when there are any.
   */
  dateOrderDoubts?: DateOrderDoubtSummary[];
  /**
   * The same for number columns: a row proved the other decimal mark ("1500,00" under "decimal": ".")
   * after rows reading both ways ("1.500") had been counted valid (decimal-mark.ts). `format` and
   * `swapped` are the mark as the mapping gives it and the other one ('decimal "."', 'decimal ","').
   */
  decimalMarkDoubts?: DateOrderDoubtSummary[];
  /**
   * Date columns whose refused dates all read both ways (no format, or one of another shape): the
   * order to choose once for the column, and the `dateFormat` each order sets (date-order-choice.ts).
   * Present when there are any.
   */
  dateOrderChoices?: DateOrderChoice[];
  /**
   * Offline: a round-trip CSV's dates in a spreadsheet's short form, read without the day each request
   * holds to compare (uncompared-dates.ts); the import compares them. Present when there are any.
   */
  datesUncompared?: UncomparedDates;
}

export interface DateOrderDoubtSummary {
  column: string;
  format: string;
  swapped: string;
  proofRow: number;
  proofValue: string;
  /** How many rows above the proof read both ways, and the first of them. */
  rows: number;
  firstRows: number[];
  /** Date cells in doubt beside day-first text (date-cells.ts), not text dates that read both ways. */
  cells?: true;
}

export interface MappingProblemSummary {
  code: string;
  column: string | null;
  target: string | null;
  message: string;
  /** Rows this problem makes invalid. */
  rows: number;
  firstRow: number;
}
