/**
 * Dry runs kept in main: every row's outcome from core's validation, paged to the grid on demand (so
 * 100,000 rows never cross the bridge at once), with inline fixes re-validated by core at once. The
 * outcomes are what the report writers and the import runner consume afterwards.
 */
import { randomUUID } from 'node:crypto';
import {
  blankPolicyLine,
  cellText,
  changeSummaryLine,
  overwritingConstantsNotice,
  createOnlyNotice,
  earlierResultsReader,
  markDoneInEarlierResults,
  markCreatedByEarlierImport,
  editedVerdictOf,
  markEditedSinceEarlierImport,
  readEditedVerdicts,
  readThroughSearch,
  type AccountReference,
  type CaseRequestRecord,
  type EarlierCreate,
  type EditedVerdict,
  markCreatedThoughRefused,
  markLateDoubts,
  type BlankPolicy,
  type ChangeSummary,
  type EarlierCreates,
  type AccountRead,
  type DateOrderFound,
  type Cell,
  type Mapping,
  type RowOutcome,
  type SourceRow,
  type StoredRequests,
  type ValidationSummary,
} from '../../core/index.ts';
import type {
  CellFixed,
  DryRunSearch,
  DryRunSummary,
  GridRow,
  RoundTripView,
  TrackopsSilenceView,
} from '../bridge/contract.ts';
import { localTimeWords, type ScreenClock } from '../bridge/local-time.ts';
import { BridgeFailure, toBridgeError } from '../bridge/failure.ts';
import type { ProgressHub } from './progress-hub.ts';
import { isSentEarlier, type SentEarlier } from './earlier-sends.ts';
import { RunTally } from './run-tally.ts';
import type { RoundTripFile } from './round-trip-file.ts';
import { APP_WAYS_OUT } from '../bridge/ways-out.ts';
import { APP_MAPPING_WORDS } from '../bridge/mapping-words.ts';

/** What validation needs to do for one run; built from core's validation by the handlers. */
export interface RowChecker {
  /**
   * Every row's outcome, in sheet order. `onChecked` counts rows validated so far, which a live dry run
   * reports before its outcomes (it gathers them all to probe the account in as few requests as possible).
   */
  rows(
    signal: AbortSignal,
    onChecked: (rows: number) => void,
    onSearch?: (search: DryRunSearch) => void,
  ): AsyncIterable<RowOutcome>;
  /** Notes a row of the finished pass, so that a fix knows which rows share its in-file key. */
  track(outcome: RowOutcome): void;
  /**
   * A fixed row checked again, first, then any other row whose outcome the fix changes (rows sharing
   * its in-file duplicate key before or after): only those, never the whole file (issue 13).
   */
  fix(source: SourceRow, outcomeOf: (row: number) => RowOutcome | undefined): Promise<RowOutcome[]>;
  /**
   * A row left out by its number, or brought back: checked again, first, with the rows sharing its
   * in-file key whose verdict that changes (core's rowRechecker, as for a fix).
   */
  leave(
    row: number,
    leave: boolean,
    outcomeOf: (row: number) => RowOutcome | undefined,
  ): Promise<RowOutcome[]>;
  /** Blank rows the reader skipped (known once rows() has finished). */
  skippedBlank(): number;
  /** What was read though Excel hides it (hidden rows and columns), in words; null when nothing. */
  hidden?(): string | null;
  /**
   * Date columns whose order a row proved below rows read the other way (core's date-order.ts), known
   * once rows() has finished: those rows are refused then, as the import refuses them.
   */
  dateOrder?(): DateOrderFound | null;
  /** A round trip's counts (session/round-trip.ts), known once rows() has finished. */
  roundTrip?(): RoundTripView | null;
  /** The fixes of an earlier dry run put in again (kept-fixes.ts), in words; known once rows() has finished. */
  keptFixes?(): string | null;
  /** Connected: request `id` as Trackops holds it, 'gone' (404), or null when it cannot be read now. */
  readRequest?(id: number, signal: AbortSignal): Promise<CaseRequestRecord | 'gone' | null>;
}

export interface DryRun {
  runId: string;
  sourceId: string;
  profileId: string | undefined;
  fileName: string;
  sheet: string | null;
  headerRow: number;
  headers: string[];
  mapping: Mapping;
  outcomes: RowOutcome[];
  /** Row number → position in outcomes. */
  positions: Map<number, number>;
  summary: DryRunSummary;
  /** The counts, kept as rows are checked and fixed (a fix costs the same whatever the file's size). */
  tally: RunTally;
  checker: RowChecker;
  /** Update/upsert, connected: what a blank cell does in each mapped column (issue 18). */
  blankPolicies?: BlankPolicy[];
  /** Update/upsert, connected: the requests the plan found, for the send to reuse (issue 13). */
  stored?: StoredRequests;
  /**
   * A round-trip export (session/round-trip.ts): checked and sent through core's round-trip path, with
   * the connection it was checked against; its rows are not fixed or left out in the app.
   */
  roundTrip?: { file: RoundTripFile; connectionLabel: string };
  /**
   * Rows this file's earlier send with this mapping created, as its journal says (earlier-sends.ts),
   * and rows whose very content another earlier send into the account created (`earlierImports`).
   */
  sentEarlier?: ReadonlyMap<number, SentEarlier>;
  /** The account's other journals' creates, by content (core's earlierCreates); absent: none. */
  earlierImports?: EarlierCreates;
  /**
   * What the run's search of the account read of those creates' ids (core's AccountRead): one it shows
   * gone, or its id holding another request, is a row the send creates, said (explore 32 item 1).
   */
  accountRead?: () => AccountRead | null;
  /** Connected: the account's labels, for fields named in messages ("Claimant 1's Phone"). */
  reference?: AccountReference;
  /**
   * A results file fed back in (its `_status` / `_id` columns): a row an earlier run wrote, marked as
   * the CLI's validate marks it (core's markDoneInEarlierResults: valid, `already_done`), since the
   * send skips it (core's runner). Other rows are returned as they are.
   */
  doneEarlier: (outcome: RowOutcome) => RowOutcome;
  /** Every row of the pass is in: a row checked now may be an earlier create corrected since. */
  rowsIn: boolean;
  /** What the read of each earlier create a row corrects found (core's readEditedVerdicts). */
  editedVerdicts: Map<EarlierCreate, EditedVerdict>;
  abort: AbortController;
  /** Resolves when every row has been checked. */
  finished: Promise<void>;
}

const EMIT_EVERY_MS = 200;

export class DryRuns {
  readonly #runs = new Map<string, DryRun>();
  readonly #hub: ProgressHub;
  readonly #log: (error: unknown) => void;

  constructor(hub: ProgressHub, log: (error: unknown) => void) {
    this.#hub = hub;
    this.#log = log;
  }

  start(
    init: Omit<
      DryRun,
      | 'runId'
      | 'outcomes'
      | 'positions'
      | 'summary'
      | 'tally'
      | 'doneEarlier'
      | 'rowsIn'
      | 'editedVerdicts'
      | 'abort'
      | 'finished'
    >,
  ): DryRun {
    const runId = randomUUID();
    const sent = new Map(init.sentEarlier ?? NONE);
    const earlierResult = earlierResultsReader(init.headers, init.mapping.mode ?? 'create');
    const outcomes: RowOutcome[] = [];
    const positions = new Map<number, number>();
    const run: DryRun = {
      ...init,
      runId,
      outcomes,
      positions,
      sentEarlier: sent,
      tally: new RunTally({ outcomes, positions }, init.blankPolicies, (outcome) =>
        isSentEarlier(outcome, sent),
      ),
      summary: {
        runId,
        fileName: init.fileName,
        sheet: init.sheet,
        headers: init.headers,
        state: 'running',
        rows: 0,
        valid: 0,
        invalid: 0,
        skippedBlank: 0,
        skipped: 0,
        skippedByRule: {},
        mappingProblems: [],
        checked: 0,
        ...(init.roundTrip
          ? {
              roundTripFile: {
                exportedAt: init.roundTrip.file.exportedAt,
                exportedFrom: init.roundTrip.file.exportedFrom,
              },
            }
          : {}),
      },
      // Once only: a row checked again (a fix, a late date doubt) must not carry the note twice. A row
      // this file's earlier send created though its cells are refused now (sent with a fix typed in the
      // app) is in Trackops all the same: already sent, not an error (explore 11 item 3).
      doneEarlier: (outcome) => {
        if (outcome.action === 'already_done' || outcome.action === 'already_sent') return outcome;
        const marked = markCreatedThoughRefused(
          markDoneInEarlierResults(outcome, earlierResult),
          sent,
          APP_MAPPING_WORDS,
        );
        if (!init.earlierImports) return marked;
        const byContent = markByContent(marked, init.earlierImports, sent, init.accountRead?.() ?? null);
        // Once every row has taken its own by content (the pass is over): a corrected earlier create.
        return run.rowsIn
          ? markEditedSinceEarlierImport(
              byContent,
              init.earlierImports,
              run.editedVerdicts,
              { mapping: init.mapping, reference: init.reference },
              APP_WAYS_OUT,
            )
          : byContent;
      },
      rowsIn: false,
      editedVerdicts: new Map(),
      abort: new AbortController(),
      finished: Promise.resolve(),
    };
    // One dry run per file at a time: a new one replaces the last (the wizard re-runs after mapping edits).
    for (const other of this.#runs.values()) {
      if (other.sourceId === init.sourceId) {
        other.abort.abort();
        this.#runs.delete(other.runId);
      }
    }
    this.#runs.set(runId, run);
    run.finished = this.#consume(run);
    return run;
  }

  find(runId: string): DryRun | undefined {
    return this.#runs.get(runId);
  }

  get(runId: string): DryRun {
    const run = this.#runs.get(runId);
    if (!run)
      throw new BridgeFailure('not_found', 'That dry run is no longer available; run the check again.');
    return run;
  }

  page(
    runId: string,
    offset: number,
    limit: number,
    onlyErrors: boolean,
  ): { total: number; rows: GridRow[] } {
    const run = this.get(runId);
    const earlier = run.sentEarlier ?? NONE;
    // Rows this file's earlier send created are not errors to fix: not among "only rows with errors".
    const pool = onlyErrors
      ? run.outcomes.filter((outcome) => outcome.status === 'invalid' && !isSentEarlier(outcome, earlier))
      : run.outcomes;
    return {
      total: pool.length,
      rows: pool.slice(offset, offset + limit).map((outcome) => gridRow(outcome, earlier)),
    };
  }

  async fix(
    runId: string,
    rowNumber: number,
    column: string,
    value: string,
    clock: ScreenClock = {},
  ): Promise<CellFixed> {
    const run = this.#finished(runId, 'Wait for the dry run to finish before fixing cells.');
    const position = this.#position(run, rowNumber);
    const columnIndex = run.headers.indexOf(column);
    if (columnIndex < 0)
      throw new BridgeFailure('not_found', `Column '${column}' is not in ${run.fileName}.`);
    const before = run.outcomes[position] as RowOutcome;
    const earlier = run.sentEarlier?.get(rowNumber);
    if (earlier && isSentEarlier(before, run.sentEarlier!)) {
      throw new BridgeFailure(
        'input',
        `Row ${rowNumber} is already in Trackops: ${sentEarlierWords(earlier, clock)} Leave it as it is; changing it would create the case request a second time.`,
      );
    }
    if (before.action === 'already_done') {
      const note = before.notes?.find((one) => one.code === 'already_done');
      throw new BridgeFailure(
        'input',
        `Row ${rowNumber} is already done: ${note?.message ?? 'an earlier run wrote it'}. Leave it as it is: a change here is not sent.`,
      );
    }
    const cells: Cell[] = [...before.cells];
    while (cells.length < run.headers.length) cells.push(null);
    cells[columnIndex] = value;
    const outcomeOf = (row: number) => {
      const at = run.positions.get(row);
      return at === undefined ? undefined : run.outcomes[at];
    };
    const checked = await run.checker.fix({ row: rowNumber, cells }, outcomeOf);
    await this.#readCorrectedCreates(run, checked);
    const changed = this.#replace(run, checked);
    const [fixed, ...also] = changed.map((outcome) => gridRow(outcome, run.sentEarlier ?? NONE));
    return { row: fixed!, summary: run.summary, ...(also.length ? { also } : {}) };
  }

  /**
   * "Leave this row out": the row becomes one of the mapping's `skip.rows` (left out, never sent), or
   * comes back and is checked again. Only a row left out by its number comes back here; one left out
   * by a footer rule comes back by changing the rule. Rows with the same key as this one are checked
   * again too (the first of them is no longer, or is now, a duplicate), by the same one-row re-check
   * as a fix.
   */
  async leave(runId: string, rowNumber: number, leave: boolean): Promise<CellFixed> {
    const run = this.#finished(runId, 'Wait for the dry run to finish before leaving rows out.');
    const position = this.#position(run, rowNumber);
    const before = run.outcomes[position] as RowOutcome;
    if (leave === (before.status === 'skipped'))
      return { row: gridRow(before, run.sentEarlier ?? NONE), summary: run.summary };
    if (!leave && before.skipped?.rule !== 'rows') {
      throw new BridgeFailure(
        'input',
        `Row ${rowNumber} is ${before.skipped?.reason ?? 'left out'}; to bring it back, change that rule under “Rows that are not data” in the mapping step.`,
      );
    }
    const skip = { ...run.mapping.skip };
    const rows = new Set(skip.rows ?? []);
    if (leave) rows.add(rowNumber);
    else rows.delete(rowNumber);
    skip.rows = [...rows].sort((a, b) => a - b);
    if (skip.rows.length === 0) delete skip.rows;
    run.mapping = { ...run.mapping, skip };
    if (Object.keys(skip).length === 0) delete run.mapping.skip;

    const checked = await run.checker.leave(rowNumber, leave, (row) => {
      const at = run.positions.get(row);
      return at === undefined ? undefined : run.outcomes[at];
    });
    await this.#readCorrectedCreates(run, checked);
    const changed = this.#replace(run, checked);
    const [row, ...also] = changed.map((outcome) => gridRow(outcome, run.sentEarlier ?? NONE));
    return { row: row!, summary: run.summary, ...(also.length ? { also } : {}) };
  }

  /**
   * Rows checked again (a fix, a row brought back) that become an earlier import's create with a value
   * or two corrected: that create is read now, once, as the pass reads those it finds (one GET, only for
   * such a row), so the row gets the verdict the CLI's validate gives it (Trackops still holds the
   * request, or no longer does) instead of "Trackops could not be asked" for want of a read. A create
   * the pass could not read is asked again. Marking is idempotent (core's take and near give a row the
   * same create while its content is unchanged), so #replace marks the same rows the same way after.
   */
  async #readCorrectedCreates(run: DryRun, checked: readonly RowOutcome[]): Promise<void> {
    const earlier = run.earlierImports;
    const read = run.checker.readRequest;
    if (!run.rowsIn || !earlier || !read) return;
    for (const outcome of checked) {
      const marked = run.doneEarlier(outcome);
      if (!marked.problems.some((problem) => problem.code === 'edited_since_earlier_import')) continue;
      const create = earlier.editedBy(outcome.row)?.create;
      if (!create || create.id === null) continue;
      const known = run.editedVerdicts.get(create);
      if (known && known.how !== 'unread') continue;
      run.editedVerdicts.set(create, editedVerdictOf(await read(create.id, run.abort.signal), create));
    }
  }

  #finished(runId: string, busy: string): DryRun {
    const run = this.get(runId);
    if (run.summary.state === 'running') throw new BridgeFailure('busy', busy);
    return run;
  }

  #position(run: DryRun, rowNumber: number): number {
    const position = run.positions.get(rowNumber);
    if (position === undefined)
      throw new BridgeFailure('not_found', `Row ${rowNumber} is not in this dry run.`);
    return position;
  }

  /**
   * Puts the re-checked rows in and counts again from the difference: the old outcomes of those rows
   * out, the new ones in (never every row: issue 13, a fix costs the same whatever the file's size).
   */
  #replace(run: DryRun, checked: RowOutcome[]): RowOutcome[] {
    const changed = checked.map(run.doneEarlier);
    const before = changed.map((after) => {
      const position = this.#position(run, after.row);
      const old = run.outcomes[position] as RowOutcome;
      run.outcomes[position] = after;
      return old;
    });
    for (const old of before) run.tally.remove(old);
    for (const after of changed) run.tally.add(after);
    const summary = withCounts(run.summary, run.tally.summary(run.summary.skippedBlank), run.tally);
    // The change preview again too: a fix may add, alter or remove a row's changes.
    delete summary.changes;
    run.summary = { ...summary, ...changesOf(run) };
    return changed;
  }

  async #consume(run: DryRun): Promise<void> {
    // Counted as the CLI and the reports count (core's SummaryCounter, which RunTally matches): rows
    // left out by the mapping's `skip` rules are not data rows, and each problem of the mapping is
    // counted once with its rows.
    const counter = run.tally;
    let lastEmit = 0;
    const emit = (force: boolean) => {
      const now = Date.now();
      if (!force && now - lastEmit < EMIT_EVERY_MS) return;
      lastEmit = now;
      if (run.summary.state === 'running') {
        run.summary = withCounts(run.summary, counter.summary(), counter);
        run.summary.checked = Math.max(run.summary.checked, run.summary.rows);
      } else run.summary = { ...run.summary };
      this.#hub.emit({ kind: 'dryRun', summary: run.summary });
    };
    try {
      const onChecked = (rows: number) => {
        run.summary.checked = rows;
        emit(false);
      };
      // The account's check (connected): its cost, then each page or look-up, then what it found.
      const onSearch = (search: DryRunSearch) => {
        run.summary.search = search;
        emit(search.done === 0 || search.result !== undefined);
      };
      for await (const checked of run.checker.rows(run.abort.signal, onChecked, onSearch)) {
        const outcome = run.doneEarlier(checked);
        run.positions.set(outcome.row, run.outcomes.length);
        run.outcomes.push(outcome);
        counter.add(outcome);
        run.checker.track(outcome);
        emit(false);
      }
      // Rows checked before a row below proved their date column's order (offline; connected, the plan
      // has already refused them and nothing changes).
      const late = run.outcomes.slice();
      const marked = markLateDoubts(late, run.checker.dateOrder?.() ?? null);
      if (marked.length > 0)
        this.#replace(
          run,
          marked.map((position) => late[position]!),
        );
      // Every row has taken its own earlier create by content: rows that are one corrected since are
      // refused now, as the send refuses them (core's markEditedSinceEarlierImport, through doneEarlier).
      // Each request such a row corrects is read once, as the send reads it (the checker's connection).
      if (run.earlierImports && run.earlierImports.size > 0 && run.checker.readRequest) {
        const creates = run.outcomes.filter(
          (outcome) => outcome.status === 'valid' && outcome.action === 'create',
        );
        // Taken from the run's search of the account when it read them (no request), as the CLI does.
        run.editedVerdicts = await readEditedVerdicts(
          creates,
          run.earlierImports,
          readThroughSearch(run.accountRead?.() ?? null, (id) =>
            run.checker.readRequest!(id, run.abort.signal),
          ),
        );
        run.rowsIn = true;
        // Only the rows found to be one (none, and no look, unless an earlier import is run again).
        const edited = creates.filter((outcome) => run.earlierImports!.editedBy(outcome.row) !== null);
        if (edited.length > 0) this.#replace(run, edited);
      }
      const hidden = run.checker.hidden?.() ?? null;
      const roundTrip = run.checker.roundTrip?.() ?? null;
      const keptFixes = run.checker.keptFixes?.() ?? null;
      run.summary = {
        ...withCounts(run.summary, counter.summary(run.checker.skippedBlank()), counter),
        ...changesOf(run),
        ...(hidden ? { hidden } : {}),
        ...(roundTrip ? { roundTrip } : {}),
        ...(keptFixes ? { keptFixes } : {}),
      };
      run.summary.state = 'done';
    } catch (error) {
      if (run.abort.signal.aborted) return;
      run.summary = { ...withCounts(run.summary, counter.summary(), counter), state: 'failed' };
      run.summary.error = toBridgeError(error, this.#log);
    }
    // Ended: no wait goes on (a silence said last is not left on the finished run's screen).
    delete run.summary.waitingOnTrackops;
    emit(true);
  }

  /**
   * Trackops' silence while the run checks its rows (trackops-silence.ts), said on its summary at once;
   * nothing once the run has ended (its last summary says how it ended).
   */
  waiting(runId: string, waiting: TrackopsSilenceView | null): void {
    const run = this.#runs.get(runId);
    if (!run || run.summary.state !== 'running') return;
    if (waiting === null && !run.summary.waitingOnTrackops) return;
    run.summary = { ...run.summary, waitingOnTrackops: waiting };
    this.#hub.emit({ kind: 'dryRun', summary: run.summary });
  }

  /** A run the wizard walked away from: stopped and forgotten (no send can be started from it). */
  cancel(runId: string): boolean {
    const run = this.#runs.get(runId);
    if (!run) return false;
    run.abort.abort();
    this.#runs.delete(runId);
    return true;
  }

  closeAll(): void {
    for (const run of this.#runs.values()) run.abort.abort();
    this.#runs.clear();
  }
}

/** The run's summary with core's counts. */
function withCounts(summary: DryRunSummary, counts: ValidationSummary, tally: RunTally): DryRunSummary {
  const sentEarlier = tally.sentEarlier();
  const alreadyDone = tally.alreadyDone();
  const { sentEarlier: _was, alreadyDone: _done, dateOrderChoices: _orders, ...rest } = summary;
  const dateOrderChoices = tally.dateOrderChoices();
  return {
    ...rest,
    ...(dateOrderChoices.length > 0 ? { dateOrderChoices } : {}),
    ...(sentEarlier > 0 ? { sentEarlier } : {}),
    ...(alreadyDone > 0 ? { alreadyDone } : {}),
    rows: counts.rows,
    valid: counts.valid,
    invalid: counts.invalid,
    skippedBlank: counts.skippedBlank,
    skipped: counts.skipped ?? 0,
    skippedByRule: counts.skippedByRule ?? {},
    mappingProblems: counts.mappingProblems ?? [],
  };
}

/** The change preview summed up (issue 18), when the run has updates to preview. */
function changesOf(run: DryRun): Pick<DryRunSummary, 'changes'> {
  const summary = run.tally.changes();
  if (!summary) return {};
  return {
    changes: {
      line: changeSummaryLine(summary),
      blank: blankPolicyLine(run.blankPolicies ?? []),
      unchanged: summary.unchanged,
      // Upsert: the constants sent with the updates too, and the matched rows each would change.
      ...overwriting(run, summary),
    },
  };
}

function overwriting(run: DryRun, summary: ChangeSummary): { constants?: string; createOnly?: string } {
  // A round trip sends the cells edited, never a mapping's constants or columns.
  if (run.roundTrip) return {};
  const [words] = overwritingConstantsNotice(run.mapping, run.mapping.mode, {
    changes: summary,
    reference: run.reference,
  });
  // What an update cannot send at all (Case type, Region, subjects), as validate and import say it.
  const [createOnly] = createOnlyNotice(run.mapping, run.mapping.mode, run.reference);
  return { ...(words ? { constants: words } : {}), ...(createOnly ? { createOnly } : {}) };
}

const NONE: ReadonlyMap<number, SentEarlier> = new Map();

/**
 * A row to create whose very content an earlier send into the account created: already sent, as the
 * send settles it (core's markCreatedByEarlierImport; one sent without an answer gets the note that the
 * send searches for it first), and the grid names the request it became. An entry once made is kept:
 * the tally counts a row out again by the same map it was counted in by.
 */
function markByContent(
  outcome: RowOutcome,
  earlier: EarlierCreates,
  sent: Map<number, SentEarlier>,
  read: AccountRead | null,
): RowOutcome {
  const marked = markCreatedByEarlierImport(outcome, earlier, read, APP_WAYS_OUT);
  const create = earlier.takenBy(outcome.row);
  if (marked.action === 'already_sent' && create && !sent.has(outcome.row))
    sent.set(outcome.row, {
      file: create.file,
      at: create.at,
      id: create.id,
      caseRequestNumber: create.caseRequestNumber,
    });
  return marked;
}

/**
 * "your earlier send of forty.csv on Dec 4, 2026, 2:05 PM created it as REQ-00037.": the time as the
 * grid shows it (the screen's zone and locale, local-time.ts), not UTC.
 */
export function sentEarlierWords(earlier: SentEarlier, clock: ScreenClock = {}): string {
  const when = earlier.at ? ` on ${localTimeWords(earlier.at, clock)}` : '';
  const as = earlier.caseRequestNumber ?? (earlier.id === null ? null : `id ${earlier.id}`);
  return `your earlier send of ${earlier.file}${when} created it${as ? ` as ${as}` : ''}.`;
}

function gridRow(outcome: RowOutcome, earlier: ReadonlyMap<number, SentEarlier>): GridRow {
  const sent = isSentEarlier(outcome, earlier) ? earlier.get(outcome.row) : undefined;
  const differs = outcome.notes?.find((note) => note.code === 'already_sent_file_differs');
  return {
    ...(sent ? { sentEarlier: differs ? { ...sent, fileDiffers: differs.message } : sent } : {}),
    row: outcome.row,
    status: outcome.status,
    skipped: outcome.skipped ?? null,
    action: outcome.action ?? null,
    targetId: outcome.targetId ?? null,
    cells: outcome.cells.map(cellText),
    problems: outcome.problems.map((problem) => ({
      column: problem.column,
      target: problem.target,
      value: problem.value,
      code: problem.code,
      message: problem.message,
      ...(problem.scope ? { scope: problem.scope } : {}),
    })),
    ...(outcome.notes?.length
      ? {
          notes: outcome.notes.map((note) => ({
            column: note.column,
            target: note.target,
            value: note.value,
            code: note.code,
            message: note.message,
          })),
        }
      : {}),
    ...(outcome.changes?.length
      ? {
          changes: outcome.changes.map((change) => ({
            column: change.column,
            label: change.label,
            old: change.old,
            new: change.new,
          })),
        }
      : {}),
  };
}
