/**
 * Running a dry run, the same for every host (issue 14 point 2): every row checked against the mapping
 * (and, connected, the account's reference data and settings), then, connected, planned against the
 * account (what the import would do with each valid row, read-only), then counted and written to the
 * report. The CLI prints the tally; the app pages the outcomes to its grid and re-checks fixed rows
 * through the same live plan. Nothing here writes to the account.
 */
import type { AccountReference, AccountSettings } from '../account/reference.ts';
import type { TrackopsApi } from '../api/types.ts';
import type { StoredRequests } from '../batch/stored-requests.ts';
import {
  writtenRequestReader,
  type EarlierResultRow,
  type WrittenRequest,
} from '../batch/earlier-results.ts';
import type { Mapping } from '../mapping/schema.ts';
import type { Problem } from '../problems/problem.ts';
import type { HiddenParts } from '../read/hidden-notice.ts';
import type { SheetSource } from '../read/types.ts';
import type { ValidationReportWriter } from '../report/validation-report.ts';
import { ChangeTally, type BlankPolicy, type ChangeSummary } from './change-summary.ts';
import type { ValidateOptions } from './compile-mapping.ts';
import type { CheckCost, ExistingRequests } from './find-existing.ts';
import { planImport } from './plan-import.ts';
import type { SameRequestRows } from './same-request.ts';
import { SummaryCounter } from './summary.ts';
import type { RowOutcome, ValidationSummary } from './types.ts';
import { validateRowBatches, validateRows } from './validate-rows.ts';
import { DateOrderFindings, doubtSummary } from './date-order.ts';
import { DateOrderChoiceTally } from './date-order-choice.ts';
import { UncomparedDateTally } from './uncompared-dates.ts';
import type { MappingWords } from '../problems/mapping-words.ts';
import type { WaysOut } from '../problems/ways-out.ts';

/** A connected dry run's account, as core's openAccount gives it; null offline. */
export interface DryRunAccount {
  api: TrackopsApi;
  reference: AccountReference;
  /** Only what the connection was told (API-NOTES Assumed: the API cannot read these settings). */
  settings: Partial<AccountSettings>;
}

/** What the rows are checked with: the account's reference data and settings when connected. */
export function dryRunChecks(account: DryRunAccount | null): ValidateOptions {
  return account ? { reference: account.reference, settings: account.settings } : {};
}

export interface LiveOptions {
  /** The host's words for what to do next (problems/ways-out.ts). */
  waysOut: WaysOut;
  /** The host's words for the template and the account's settings (problems/mapping-words.ts). */
  mappingWords?: MappingWords;
  signal?: AbortSignal | undefined;
  /** Told what checking the rows against the account will cost, before it starts (issue 13). */
  onCost?: (cost: CheckCost) => void;
  /** Told after each page or look-up of that check: how many are done (find-existing.ts). */
  onSearchProgress?: (done: number, cost: CheckCost) => void;
  /** Told once that check is done: what it read, apart from the plan told before (find-existing.ts). */
  onCheckDone?: (cost: CheckCost) => void;
  /** Update/upsert: the requests the plan found, for the send to reuse (issue 13). */
  onStored?: (stored: StoredRequests) => void;
  /** What an earlier search of the run read, for a fixed row's near keys (plan-import.ts). */
  read?: ExistingRequests | null;
  /** Given what the plan's search read (to pass as `read` to a later re-check). */
  onSearched?: (found: ExistingRequests) => void;
  /** Requests whose records the plan's search keeps whole when it reads them (find-existing.ts keepIds). */
  keepIds?: ReadonlySet<number>;
  /**
   * The check's date-order findings, shared by the check (which fills them after its last row) and the
   * plan (which then refuses the rows checked above a proof: date-order.ts).
   */
  dateOrder?: DateOrderFindings;
  /** A results file's rows: the request an earlier run wrote each to (plan-import.ts); dryRunRows reads it from the sheet. */
  writtenRequest?: ((row: EarlierResultRow) => WrittenRequest | null) | null;
  /** The sheet's headers, so the plan's problems quote a cell as typed; dryRunRows takes the sheet's. */
  headers?: readonly string[];
  /**
   * Update/upsert: the run's rows by the request each is sent to, kept from the whole run's plan for the
   * re-checks of a few rows (same-request.ts): given to both, so a fix settles rows it does not re-check.
   */
  sameRequest?: SameRequestRows;
  /** An import's resume: the rows its journal settled, not looked for (plan-import.ts settledRows). */
  settledRows?: ReadonlySet<number>;
}

/**
 * Connected, each valid row also says what the import would do (create, update, unchanged, duplicate
 * of an existing request, no match, several matches), reading the account with as few listings as it
 * can, and in update/upsert mode what each update would change. Offline, the rows as checked.
 */
export async function* liveRows(
  outcomes: Iterable<RowOutcome> | AsyncIterable<RowOutcome>,
  mapping: Mapping,
  account: DryRunAccount | null,
  options: LiveOptions,
): AsyncIterable<RowOutcome> {
  if (!account) return yield* outcomes;
  yield* planImport(outcomes, account.api, mapping, {
    waysOut: options.waysOut,
    ...(options.mappingWords ? { mappingWords: options.mappingWords } : {}),
    reference: account.reference,
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.onCost ? { onCost: options.onCost } : {}),
    ...(options.onSearchProgress ? { onSearchProgress: options.onSearchProgress } : {}),
    ...(options.onCheckDone ? { onCheckDone: options.onCheckDone } : {}),
    ...(options.onStored ? { onStored: options.onStored } : {}),
    ...(options.read ? { read: options.read } : {}),
    ...(options.onSearched ? { onSearched: options.onSearched } : {}),
    ...(options.keepIds ? { keepIds: options.keepIds } : {}),
    ...(options.dateOrder ? { dateOrder: options.dateOrder } : {}),
    ...(options.writtenRequest ? { writtenRequest: options.writtenRequest } : {}),
    ...(options.headers ? { headers: options.headers } : {}),
    ...(options.sameRequest ? { sameRequest: options.sameRequest } : {}),
    ...(options.settledRows ? { settledRows: options.settledRows } : {}),
  });
}

export interface DryRunRowsOptions extends LiveOptions {
  /** The mapping file's name, for messages about the mapping. */
  mappingName?: string;
  /**
   * Rows validated so far, every 500 and at the end of the check: a live dry run gathers every row
   * before its first outcome (to probe the account in as few requests as it can), so this is the
   * progress to show meanwhile.
   */
  onChecked?: (rows: number) => void;
}

/** Every row of the sheet checked against the mapping (and, connected, the account's checks), unplanned. */
export function checkedRows(
  sheet: SheetSource,
  mapping: Mapping,
  account: DryRunAccount | null,
  options: DryRunRowsOptions,
): AsyncIterable<RowOutcome> {
  const checked = validateRows(sheet, mapping, {
    ...dryRunChecks(account),
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.mappingName ? { mappingName: options.mappingName } : {}),
    ...(options.dateOrder ? { dateOrder: options.dateOrder } : {}),
    ...(options.mappingWords ? { mappingWords: options.mappingWords } : {}),
  });
  return options.onChecked ? counted(checked, options.onChecked) : checked;
}

/** Every row of the sheet, checked and (connected) planned: the whole dry run's outcomes, in sheet order. */
export function dryRunRows(
  sheet: SheetSource,
  mapping: Mapping,
  account: DryRunAccount | null,
  options: DryRunRowsOptions,
): AsyncIterable<RowOutcome> {
  // The check and the plan share one record of the date columns' order (date-order.ts).
  const shared = {
    ...options,
    dateOrder: options.dateOrder ?? new DateOrderFindings(),
    writtenRequest: options.writtenRequest ?? writtenRequestReader(sheet.headers),
    headers: options.headers ?? sheet.headers,
  };
  return liveRows(checkedRows(sheet, mapping, account, shared), mapping, account, shared);
}

/**
 * dryRunRows's outcomes in batches, for consumers that take them so (the CLI's validate): offline, the
 * reader's batches straight from validateRowBatches, with no per-row async step (issue 13 item 7);
 * connected, the planned rows (the plan gathers every row before its first outcome anyway) in batches.
 */
export async function* dryRunRowBatches(
  sheet: SheetSource,
  mapping: Mapping,
  account: DryRunAccount | null,
  options: DryRunRowsOptions,
): AsyncIterable<RowOutcome[]> {
  if (account) {
    let batch: RowOutcome[] = [];
    for await (const outcome of dryRunRows(sheet, mapping, account, options)) {
      batch.push(outcome);
      if (batch.length === 500) {
        yield batch;
        batch = [];
      }
    }
    if (batch.length > 0) yield batch;
    return;
  }
  const batches = validateRowBatches(sheet, mapping, {
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.mappingName ? { mappingName: options.mappingName } : {}),
    ...(options.dateOrder ? { dateOrder: options.dateOrder } : {}),
    ...(options.mappingWords ? { mappingWords: options.mappingWords } : {}),
  });
  const onChecked = options.onChecked;
  if (!onChecked) return yield* batches;
  let rows = 0;
  for await (const batch of batches) {
    // About every 500 rows, as counted() says it: once per batch that passes a multiple of 500.
    const before = rows;
    rows += batch.length;
    if (Math.floor(rows / 500) > Math.floor(before / 500)) onChecked(rows);
    yield batch;
  }
  onChecked(rows);
}

async function* counted(
  outcomes: AsyncIterable<RowOutcome>,
  onChecked: (rows: number) => void,
): AsyncIterable<RowOutcome> {
  let rows = 0;
  for await (const outcome of outcomes) {
    rows += 1;
    if (rows % 500 === 0) onChecked(rows);
    yield outcome;
  }
  onChecked(rows);
}

export interface TallyOptions {
  /** The report being written, closed with the summary (discarded if the run fails). */
  report?: ValidationReportWriter | null;
  /** Update/upsert, connected: what blank cells do, for the change summary. */
  blankPolicies?: readonly BlankPolicy[];
  /** How many problems of cells to keep for the screen (problems of the mapping are counted once). */
  keepProblems?: number;
  /** Rows read so far, after each row. */
  onRow?: (rows: number) => void;
  /** Blank rows the reader skipped, asked for once every row has been read. */
  skippedBlank?: () => number;
  /** Rows and columns hidden in Excel, asked for once every row has been read. */
  hidden?: () => HiddenParts;
  /**
   * A pass that streams its rows (offline): its date-order findings, so that the summary names the
   * rows it counted valid above a proof (they were written before it; an import refuses them).
   */
  dateOrder?: DateOrderFindings;
  /** No connection: short-form dates of a round-trip CSV were read without the stored day (uncompared-dates.ts). */
  offline?: boolean;
}

/** A problem of a cell shown on screen, or (`note`) a note of a refused row kept beside its problems. */
export type ShownProblem = Problem & { note?: true };

export interface DryRunTally {
  summary: ValidationSummary;
  /**
   * The first problems of cells, up to keepProblems. A refused row's notes follow its problems, marked
   * `note`: said beside the refusal they belong to, since that row imports nothing until it is fixed.
   */
  shown: ShownProblem[];
  /**
   * The first notes of valid rows (RowOutcome.notes: imported without part of a value), up to
   * keepProblems: what those rows would import without.
   */
  shownNotes: Problem[];
  /** Valid rows by what the import would do ("create", "update", …), connected only. */
  actions: Record<string, number>;
  /** Update/upsert, connected: the change preview summed up (issue 18); null when nothing would change. */
  changes: ChangeSummary | null;
}

/**
 * Reads a dry run's outcomes to the end: counted, summed up and written to the report. Takes them one
 * at a time or in batches (dryRunRowBatches).
 */
export async function tallyDryRun(
  outcomes: Iterable<RowOutcome> | AsyncIterable<RowOutcome> | AsyncIterable<RowOutcome[]>,
  options: TallyOptions = {},
): Promise<DryRunTally> {
  const { report, keepProblems = 0 } = options;
  const counter = new SummaryCounter();
  const tally = new ChangeTally(options.blankPolicies);
  const shown: ShownProblem[] = [];
  const shownNotes: Problem[] = [];
  let notedRows = 0;
  const actions: Record<string, number> = {};
  const orders = new DateOrderChoiceTally();
  const uncompared = options.offline ? new UncomparedDateTally() : null;
  try {
    const count = (outcome: RowOutcome): void => {
      counter.add(outcome);
      orders.add(outcome);
      uncompared?.add(outcome);
      tally.add(outcome);
      // What an import would do: an invalid row is not sent, whatever it would have done (report 11);
      // a duplicate is invalid and is what the import reports it as.
      if (outcome.action && (outcome.status === 'valid' || outcome.action === 'duplicate'))
        actions[outcome.action] = (actions[outcome.action] ?? 0) + 1;
      // Problems of the mapping are shown once, with their row count (summary.mappingProblems), not per row.
      for (const problem of outcome.problems)
        if (problem.scope !== 'mapping' && shown.length < keepProblems) shown.push(problem);
      // Notes are counted and listed under "Notes (N valid rows …)" for valid rows only: a refused row's
      // note (a placeholder it would send as written) is no news about what gets imported, and counted
      // there it made the heading say more valid rows than the file has.
      if (outcome.notes && outcome.status === 'valid') {
        notedRows += 1;
        for (const note of outcome.notes) if (shownNotes.length < keepProblems) shownNotes.push(note);
      } else if (outcome.notes && outcome.problems.some((problem) => problem.scope !== 'mapping')) {
        // Kept with the row's own problems, so its lines read together (a row refused only by the
        // mapping has no lines of its own here: the mapping's problem is said once for every row).
        for (const note of outcome.notes)
          if (shown.length < keepProblems) shown.push({ ...note, note: true });
      }
    };
    for await (const item of outcomes) {
      // One await per batch; per row only when a report is being written.
      for (const outcome of Array.isArray(item) ? item : [item as RowOutcome]) {
        count(outcome);
        if (report) await report.add(outcome);
        options.onRow?.(counter.rows);
      }
    }
    const summary = counter.summary(options.skippedBlank?.() ?? 0);
    const hidden = options.hidden?.();
    if (hidden?.rows.length) summary.hiddenRows = [...hidden.rows];
    if (hidden?.columns.length) summary.hiddenColumns = [...hidden.columns];
    if (hidden?.sheet) summary.hiddenSheet = hidden.sheet.name;
    const late = options.dateOrder?.found?.late ?? [];
    const dates = late.filter((doubt) => doubt.kind !== 'number');
    const numbers = late.filter((doubt) => doubt.kind === 'number');
    if (dates.length) summary.dateOrderDoubts = dates.map(doubtSummary);
    if (numbers.length) summary.decimalMarkDoubts = numbers.map(doubtSummary);
    // The app's one-click date order, for the CLI's and the report's summary (date-order-choice.ts).
    const choices = orders.choices();
    if (choices.length) summary.dateOrderChoices = choices;
    const datesUncompared = uncompared?.result();
    if (datesUncompared) summary.datesUncompared = datesUncompared;
    if (notedRows > 0) summary.notedRows = notedRows;
    await report?.close(summary);
    return { summary, shown, shownNotes, actions, changes: tally.summary() };
  } catch (error) {
    await report?.discard();
    throw error;
  }
}
