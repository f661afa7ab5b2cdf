/**
 * The way back: an edited round-trip workbook becomes update RowOutcomes, with no template. The hidden
 * metadata says which column is which target and how each cell looked at export time (a hash), so only
 * the cells a person changed are sent. Before a row is offered for sending, its request is checked: if
 * its `updated_at` moved since the export, someone else changed it and the row is reported as a
 * `conflict`, never overwritten (or, when Trackops already holds the row's edits, as `unchanged`).
 *
 * The check costs as little as it can (issue 13): one `mode=count` of the requests updated since the
 * export (`updated_from`, the export's time minus the reconcile's margin for clock differences) is one
 * request when nothing changed; when some did, a listing of those when that takes fewer requests than
 * reading each edited request, else one read per edited request (what it always cost before). The
 * margin is the same assumption as the lost-create reconcile's: this machine's clock and the server's
 * differ by less than 5 minutes. A dry run (`preview`) reads each edited request, because the change
 * preview shows the value each edit replaces (the export keeps only a hash of it).
 *
 * The file is read by core/read and its cells converted by validate/ as any import's (one reader, one
 * set of converters, one body builder). Rules of the update body (seed, update section): the client and
 * contact objects are sent whole (every part, from the row's cells, each checked) when any part changed;
 * a composite custom field (NAME, ADDRESS) is sent whole when any part changed; other custom fields only
 * when changed (the sandbox and, as far as known, the API merge custom fields by id). Columns the update
 * cannot change (case type, region, budgets, subjects, keys) make the row invalid when edited, and so does
 * emptying a date, an id or a custom field whose type takes no "" (a choice, number, date, yes/no…: the
 * update has no documented way to clear them), so an edit is never silently dropped.
 */
import { emptyRefusedKind, fieldTypeTag } from '../account/field-empty-value.ts';
import { findExactMatches } from '../api/find-exact.ts';
import type { AccountReference, FieldDef } from '../account/reference.ts';
import type {
  CaseRequestFilters,
  CaseRequestRecord,
  CaseRequestUpdateBody,
  CustomFieldEntry,
  TrackopsApi,
} from '../api/types.ts';
import { listHeard, SearchesMet } from '../batch/searches-met.ts';
import { clockDifferenceWords } from '../api/server-clock.ts';
import { RECONCILE_MARGIN_SECONDS, utcMillis, utcTimestamp } from '../batch/reconcile.ts';
import type { StampZone } from '../api/stamp-zone.ts';
import { conflictWindow } from './conflict-window.ts';
import { InputError } from '../errors.ts';
import type { WaysOut } from '../problems/ways-out.ts';
import type { Mapping } from '../mapping/schema.ts';
import { parseTarget, PARAMS, type Target } from '../mapping/targets.ts';
import { problem } from '../problems/format.ts';
import type { Problem } from '../problems/problem.ts';
import { cellText, isBlankCell } from '../read/cell-text.ts';
import type { ByteSource, SourceRow } from '../read/types.ts';
import { isToolColumn } from '../read/tool-columns.ts';
import { compileMapping, type CompiledMapping } from '../validate/compile-mapping.ts';
import { blankPolicies, refusedWords, type BlankPolicy } from '../validate/change-summary.ts';
import { fieldChanges } from '../validate/field-changes.ts';
import type { RowOutcome } from '../validate/types.ts';
import { validateCompiledRow } from '../validate/validate-row.ts';
import { repeatedHeaderOutcome } from '../validate/repeated-header.ts';
import { roundTripColumns } from './columns-round-trip.ts';
import { addToStats } from './record-values.ts';
import { checkRoundTripAccount } from './round-trip-account.ts';
import { exportedColumnAt, readRoundTripMeta, roundTripDataSheets } from './round-trip-read.ts';
import {
  canonicalCellText,
  canonicalText,
  valueHash,
  type MetaColumn,
  type MetaRow,
  type RoundTripMeta,
} from './round-trip-meta.ts';
import { laterRowMember, settleSameId, type PlacedColumn, type SameIdMember } from './round-trip-same-id.ts';
import { EXPAND_FIELD_VALUES } from './spool.ts';
import { emptyStats } from './types.ts';
import { thousands } from '../thousands.ts';

/** A mapping file (CONTRACTS section 2) that reads the file as the round trip does, for display or saving. */
export type RoundTripMapping = Mapping & { mode: 'update'; match: 'id' };

export interface RoundTripSummary {
  rows: number;
  changed: number;
  unchanged: number;
  /** Edited rows whose edits Trackops already holds (imported before): `unchanged`, nothing sent. */
  alreadyApplied: number;
  conflicts: number;
  invalid: number;
  /** Rows that repeat the header in its own order (two exports pasted together): not data, left out. */
  skipped: number;
  /** Exported requests with no row in the file (a deleted row deletes nothing: said, not guessed at). */
  missing: number;
  /**
   * Exported requests Trackops gave no `updated_at` for: a change since the export is told by comparing
   * the values of the columns an edited row sends with the export's hashes instead.
   */
  withoutUpdatedAt: number;
  /**
   * What the check of edited rows had to assume about the export's start, in words, when the file does
   * not say it by Trackops' clock (conflict-window.ts); null when it does, or nothing was checked that way.
   */
  windowGuess: string | null;
  /** This computer's clock and Trackops' differ by more than the margin, in words (server-clock.ts); else null. */
  clockDifference: string | null;
  /**
   * What the check's listing of the requests changed since the export met that Trackops was not
   * expected to do (a filter it ignored, so it read the whole list…), in words (searches-met.ts);
   * empty when it listed nothing or all went as expected.
   */
  checkNotes: string[];
}

export interface RoundTripImport {
  /** The mapping the file implies (CONTRACTS section 2 shape): editable columns onto their targets, match by id. */
  mapping: RoundTripMapping;
  exportedAt: string;
  /** The account the file was exported from (URL and user), to warn when importing elsewhere. */
  exportedFrom: string;
  /** Columns the export did not write (added by hand): ignored, listed so the user can be told. */
  ignoredColumns: string[];
  /**
   * One outcome per row with edits: valid (body of the changed cells), `unchanged` (valid, action
   * `unchanged`: Trackops already holds the edits), or invalid (cannot be sent: a conflict, a refused
   * edit), or skipped (the header repeated in its order). Rows without edits produce no outcome. In
   * sheet order, once every edited row is checked.
   */
  outcomes: AsyncIterable<RowOutcome>;
  /** Counts, complete once `outcomes` has been consumed. */
  summary(): RoundTripSummary;
  /** Requests the check against the account took (the count, a listing or reads). */
  requests(): number;
  /**
   * The request of an edited row as the check read it just before sending (null when the check did
   * not read it: nothing changed since the export, so a count sufficed): what an update's journal
   * keeps for `revert` (the values it overwrites), and what a resume records for a row found applied.
   */
  readBefore(row: number): CaseRequestRecord | null;
}

/** What a round trip's counts leave unsaid, in words for every host: rows gone, no updated_at to go by. */
export function roundTripNotes(summary: RoundTripSummary): string[] {
  const notes: string[] = [];
  if (summary.missing > 0)
    notes.push(
      `${summary.missing === 1 ? '1 exported row is' : `${summary.missing} exported rows are`} not in the file: ` +
        'deleting a row does not delete the request (nothing is sent for it).',
    );
  if (summary.withoutUpdatedAt > 0)
    notes.push(
      `Trackops gave no updated_at for ${summary.withoutUpdatedAt === 1 ? '1 request' : `${summary.withoutUpdatedAt} requests`} of this export: ` +
        "a change made in Trackops since the export is told by comparing each edited request's values with the export's instead.",
    );
  if (summary.clockDifference) notes.push(`${capitalised(summary.clockDifference)}.`);
  if (summary.windowGuess) notes.push(`${capitalised(summary.windowGuess)}.`);
  for (const note of summary.checkNotes) notes.push(/[.!?]$/.test(note) ? note : `${note}.`);
  return notes;
}

function capitalised(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/**
 * What a blank cell does in each column of a round trip, for the preview and its report: an emptied
 * cell clears its field (sent as ''), except where the update cannot clear it (a date, an id, a custom
 * field whose type takes no "": clearable), where the row is refused (`cannot_clear`). Never "left as it is": the file held the value.
 */
export function roundTripBlankPolicies(
  mapping: RoundTripMapping,
  reference: AccountReference,
): BlankPolicy[] {
  const fields = new Map(reference.fields.map((field) => [field.id, field]));
  return blankPolicies(mapping, { reference }).map((policy) => {
    const target = parseTarget(policy.target);
    if (target && !clearable(target, fields))
      return { ...policy, clears: false, refused: true, words: refusedWords(policy.label) };
    return { ...policy, clears: true, words: `blank cells clear ${policy.label}` };
  });
}

type RoundTripApi = Pick<
  TrackopsApi,
  'listCaseRequests' | 'countCaseRequests' | 'getReference' | 'serverClock' | 'stampZone'
>;

/** Whether a workbook is a round-trip export (reads the file once). */
export async function isRoundTripWorkbook(source: ByteSource, signal?: AbortSignal): Promise<boolean> {
  if (!/\.xlsx$/i.test(source.name)) return false;
  return (await readRoundTripMeta(source, signal)) !== null;
}

/**
 * The mapping a round-trip export implies, or null when the file is not one: enough for a host to
 * decide, before connecting, that no --mapping is needed (reads the file once, no API).
 */
export async function readRoundTripMapping(
  source: ByteSource,
  signal?: AbortSignal,
): Promise<RoundTripMapping | null> {
  return (await readRoundTripExport(source, signal))?.mapping ?? null;
}

/**
 * What a host needs of a round-trip export before connecting (reads the file once, no API): the mapping
 * it implies and the account it was exported from (checkRoundTripAccount); null when it is not one.
 */
export async function readRoundTripExport(
  source: ByteSource,
  signal?: AbortSignal,
  options: { checkSheets?: boolean } = {},
): Promise<{ mapping: RoundTripMapping; exportedFrom: string; exportedAt: string } | null> {
  if (!/\.xlsx$/i.test(source.name)) return null;
  const file = await readRoundTripMeta(source, signal);
  if (!file) return null;
  // Before connecting (the CLI): a file whose data sheet lost its header, or that runs over several
  // sheets, is refused before the account's reference lists are read (about 8 requests).
  if (options.checkSheets) await checkRoundTripSheets(source, file, signal);
  return { mapping: mappingOf(file.meta), exportedFrom: file.meta.account, exportedAt: file.meta.exportedAt };
}

/** One data sheet with the round-trip header, or the refusal a round-trip import gives (headers only read). */
async function checkRoundTripSheets(
  source: ByteSource,
  file: NonNullable<Awaited<ReturnType<typeof readRoundTripMeta>>>,
  signal?: AbortSignal,
): Promise<void> {
  severalSheetsRefused(source, file.meta.dataSheets);
  for await (const sheet of roundTripDataSheets(source, file.layout, signal)) {
    renamedColumnsRefused(source, sheet.headers, file.meta.columns);
    return;
  }
  throw noRoundTripSheet(source);
}

/**
 * Exported columns gone from the header row while columns the export did not write came (explore 12
 * item 4: `reference_value_1` renamed "Claim Number", and the edit under it was dropped as an added
 * column's while the dry run said "no cell was edited"): refused, naming both. A column only deleted
 * carries no edit, and one only added is the clerk's own: each alone is read as before.
 */
function renamedColumnsRefused(
  source: ByteSource,
  headers: readonly string[],
  columns: readonly { header: string }[],
): void {
  const placed = new Set(columns.map((column) => exportedColumnAt(headers, column.header)));
  const missing = columns
    .map((column) => column.header)
    .filter((header) => exportedColumnAt(headers, header) === -1);
  const added = headers.filter(
    (header, at) => header.trim() !== '' && !placed.has(at) && !isToolColumn(header),
  );
  const list = (names: string[]) => names.map((name) => `'${typedHeader(name, headers)}'`).join(', ');
  // A second copy of an exported column ("notes" and "NOTES", read as 'NOTES (2)'): an edit typed in
  // the copy would be dropped, the copy being no column of the export (explore 13 item 1).
  const exported = new Map(columns.map((column) => [column.header.trim().toLowerCase(), column.header]));
  const copies = added.flatMap((header) => {
    const base = REPEAT_NAME.exec(header)?.[1];
    const original = base === undefined ? undefined : exported.get(base.trim().toLowerCase());
    return original === undefined ? [] : [`'${original}' (again as '${typedHeader(header, headers)}')`];
  });
  if (copies.length > 0) {
    throw new InputError(
      'round_trip_column_twice',
      `${source.name}: the export's ${copies.length === 1 ? 'column' : 'columns'} ${copies.join(', ')} ${copies.length === 1 ? 'is' : 'are'} in the header row twice: ` +
        'the round trip reads each column where the export wrote it, and would drop an edit typed in the copy. ' +
        'Delete the copy (or give it a name of your own) and make the edits in the exported column',
    );
  }
  if (missing.length === 0 || added.length === 0) return;
  throw new InputError(
    'round_trip_columns_renamed',
    `${source.name}: the export's ${missing.length === 1 ? 'column' : 'columns'} ${list(missing)} ${missing.length === 1 ? 'is' : 'are'} not in the header row, ` +
      `and ${list(added)} ${added.length === 1 ? 'is' : 'are'} not the export's: if a column was renamed, name it back as exported, ` +
      'since the round trip reads each column by the name the export gave it and would drop every edit under a renamed one. ' +
      'A column of your own may stay once every exported column is there',
  );
}

/** How the reader names a repeat of another header: 'NAME (2)'. */
const REPEAT_NAME = /^(.*) \(\d+\)$/;

/** A header as the clerk typed it: the reader names a repeat of another header 'NAME (2)'. */
function typedHeader(header: string, headers: readonly string[]): string {
  const base = REPEAT_NAME.exec(header)?.[1];
  if (base === undefined) return header;
  const key = base.trim().toLowerCase();
  return headers.some((other) => other !== header && other.trim().toLowerCase() === key) ? base : header;
}

function severalSheetsRefused(source: ByteSource, dataSheets: readonly string[]): void {
  if (dataSheets.length <= 1) return;
  // Row numbers key the journal and the results file, and they restart on every sheet.
  throw new InputError(
    'round_trip_several_sheets',
    `${source.name}: this export continued on ${dataSheets.length} sheets (${dataSheets.join(', ')}) past Excel's row limit; ` +
      'a round trip imports one sheet: export again in parts with narrower filters (e.g. --created-from/--created-to) and import each part',
  );
}

function noRoundTripSheet(source: ByteSource): InputError {
  return new InputError(
    'no_round_trip_sheet',
    `${source.name}: no sheet has the round-trip header (columns "id" and "updated_at"); was the header row changed?`,
  );
}

/** Null when the file is not a round-trip export (then a mapping is needed as usual). */
export async function prepareRoundTripImport(
  source: ByteSource,
  api: RoundTripApi,
  options: {
    /** The host's words for what to do next (problems/ways-out.ts): where a long value is edited whole. */
    waysOut: WaysOut;
    signal?: AbortSignal;
    reference?: AccountReference;
    /** A dry run: read each edited request, and give each row its change preview (`changes`). */
    preview?: boolean;
    /**
     * The connection's label (`URL as user`): a file exported from another account is refused before
     * any request (checkRoundTripAccount). Every host that imports or previews against an account gives it.
     */
    connectionLabel?: string;
    /**
     * Called once every edited row is checked, before the first outcome is given (so before anything
     * is sent): the rows with edits to send, and how many of them the check did not read.
     */
    onChecked?: (checked: { sendable: number; unread: number }) => void;
  },
): Promise<RoundTripImport | null> {
  const { signal } = options;
  if (!/\.xlsx$/i.test(source.name)) return null;
  const file = await readRoundTripMeta(source, signal);
  if (!file) return null;
  if (options.connectionLabel !== undefined)
    checkRoundTripAccount(source.name, file.meta.account, options.connectionLabel);
  severalSheetsRefused(source, file.meta.dataSheets);
  const reference = options.reference ?? (await api.getReference(signal));
  const summary: RoundTripSummary = {
    rows: 0,
    changed: 0,
    unchanged: 0,
    alreadyApplied: 0,
    conflicts: 0,
    invalid: 0,
    skipped: 0,
    missing: 0,
    withoutUpdatedAt: [...file.rows.values()].filter((row) => row.updatedAt === '').length,
    windowGuess: null,
    clockDifference: null,
    checkNotes: [],
  };
  const ignored = new Set<string>();
  let requests = 0;
  const readRecords = new Map<number, CaseRequestRecord>();

  async function* outcomes(): AsyncIterable<RowOutcome> {
    const seen = new Map<number, number>();
    const ordered: (RowOutcome | Pending)[] = [];
    const pending: Pending[] = [];
    // Ids given by more than one row (round-trip-same-id.ts): the first row's entry when it sends or
    // is refused, and the later rows, each refused as a repeat until settled.
    const firsts = new Map<number, RowOutcome | Pending>();
    const repeats = new Map<number, SameIdMember[]>();
    const repeatOutcomes = new Map<number, RowOutcome>();
    let layout: Placed[] = [];

    /** Rows of one id holding different values: none is sent, each refused naming the others. */
    const settleRepeatedIds = (placed: Placed[]) => {
      for (const [id, later] of repeats) {
        const first = firsts.get(id);
        const firstOutcome: RowOutcome | 'unchanged' =
          first === undefined ? 'unchanged' : 'pending' in first ? first.outcome : first;
        const firstCells =
          first === undefined ? null : 'pending' in first ? first.row.cells : (first.cells ?? null);
        const members = [{ row: seen.get(id)!, outcome: firstOutcome, cells: firstCells }, ...later];
        const refused = settleSameId(id, members, file!.rows.get(id)!, placed);
        for (const [row, conflict] of refused ?? []) {
          const repeat = repeatOutcomes.get(row);
          if (repeat) {
            // Its own problems still stand beside the conflict (a bad date in the copy, say).
            const own = later.find((member) => member.row === row)!.outcome;
            repeat.problems = [
              conflict,
              ...(own !== 'unchanged' && own.status === 'invalid' ? own.problems : []),
            ];
            continue;
          }
          if (firstOutcome === 'unchanged') continue;
          if (first && 'pending' in first) pending.splice(pending.indexOf(first), 1);
          firstOutcome.status = 'invalid';
          firstOutcome.action = 'duplicate_in_file';
          delete firstOutcome.body;
          delete firstOutcome.changes;
          delete firstOutcome.partialObjects;
          firstOutcome.problems.push(conflict);
        }
      }
    };
    let sheets = 0;
    for await (const sheet of roundTripDataSheets(source, file!.layout, signal)) {
      sheets += 1;
      renamedColumnsRefused(source, sheet.headers, file!.meta.columns);
      // Our own results columns (_status, _error, …) are expected in a results file fed back in.
      const placed = new Set(
        file!.meta.columns.map((column) => exportedColumnAt(sheet.headers, column.header)),
      );
      sheet.headers
        .filter((header, at) => !placed.has(at) && !isToolColumn(header))
        .forEach((header) => ignored.add(header));
      const context: SheetContext = {
        exported: file!.rows,
        seen,
        layout: file!.meta.columns.map((column, index) => ({
          column,
          index,
          at: exportedColumnAt(sheet.headers, column.header),
        })),
        idAt: exportedColumnAt(sheet.headers, 'id'),
        headers: sheet.headers,
        headerRow: sheet.headerRow,
        meta: file!.meta,
        reference,
        fields: new Map(reference.fields.map((field) => [field.id, field])),
        compiled: new Map(),
        batch: [],
        ways: options.waysOut,
      };
      // By batch, each known to the compiled columns before its rows are checked: a UTC moment is read
      // by its column, not alone (explore 60's follow-up: a round trip read each one as a guess).
      for await (const row of rowsByBatch(sheet.rowBatches(), (batch) => checkingBatch(context, batch))) {
        signal?.throwIfAborted();
        summary.rows += 1;
        // A second export pasted below the first, its header repeated: the rule every read of a file
        // applies (validate/repeated-header.ts); in another order, the rows below are under other columns.
        const repeat = repeatedHeaderOutcome(row, context);
        if (repeat) {
          ordered.push(repeat);
          continue;
        }
        const id = rowId(row, context);
        const firstRow = context.exported.has(id) ? seen.get(id) : undefined;
        const outcome = rowOutcome(row, context);
        if (firstRow !== undefined) {
          // A later row of an id already read: its first row's repeat, unless their values differ.
          const member = laterRowMember(
            row,
            outcome !== 'unchanged' && 'pending' in outcome ? outcome.outcome : outcome,
          );
          repeats.set(id, [...(repeats.get(id) ?? []), member]);
          const repeat = repeatOutcome(row, context, firstRow);
          repeatOutcomes.set(row.row, repeat);
          ordered.push(repeat);
          continue;
        }
        if (outcome === 'unchanged') {
          summary.unchanged += 1;
          continue;
        }
        if ('pending' in outcome) pending.push(outcome);
        ordered.push(outcome);
        if (context.exported.has(id)) firsts.set(id, outcome);
      }
      layout = context.layout;
    }
    if (sheets === 0) throw noRoundTripSheet(source);
    settleRepeatedIds(layout);
    summary.missing = [...file!.rows.keys()].filter((id) => !seen.has(id)).length;
    const context = { api, reference, signal, preview: options.preview === true, meta: file!.meta, summary };
    try {
      requests += await checkEdited(pending, context);
    } finally {
      // Said by a check that ended on an error too (a host says a stopped send's notes): the answers
      // it had by then showed the server's clock all the same.
      summary.clockDifference = clockDifferenceWords(api.serverClock, RECONCILE_MARGIN_SECONDS);
    }
    const sendable = pending.filter(
      (entry) => entry.outcome.status === 'valid' && entry.outcome.action !== 'unchanged',
    );
    for (const entry of pending) if (entry.read) readRecords.set(entry.outcome.row, entry.read);
    options.onChecked?.({
      sendable: sendable.length,
      unread: sendable.filter((entry) => !entry.read).length,
    });
    for (const entry of ordered) {
      const outcome = 'pending' in entry ? entry.outcome : entry;
      if (outcome.status === 'skipped') summary.skipped += 1;
      else if (outcome.action === 'unchanged') summary.alreadyApplied += 1;
      else if (outcome.status === 'valid') summary.changed += 1;
      else if (outcome.problems.some((problem) => problem.code === 'conflict')) summary.conflicts += 1;
      else summary.invalid += 1;
      yield outcome;
    }
  }

  return {
    mapping: mappingOf(file.meta),
    exportedAt: file.meta.exportedAt,
    exportedFrom: file.meta.account,
    get ignoredColumns() {
      return [...ignored];
    },
    outcomes: outcomes(),
    summary: () => ({ ...summary }),
    requests: () => requests,
    readBefore: (row) => readRecords.get(row) ?? null,
  };
}

function mappingOf(meta: RoundTripMeta): RoundTripMapping {
  return {
    version: 1,
    mode: 'update',
    match: 'id',
    ...(meta.dataSheets[0] ? { source: { sheet: meta.dataSheets[0], headerRow: 1 } } : {}),
    columns: meta.columns
      .filter((column) => column.editable || column.target === 'id')
      .map((column) =>
        PARAMS[column.target as keyof typeof PARAMS]?.type === 'refList'
          ? { column: column.header, target: column.target, split: ';' }
          : { column: column.header, target: column.target },
      ),
  };
}

type Placed = PlacedColumn;

interface SheetContext {
  exported: Map<number, MetaRow>;
  /** Request id → the row it was first seen in. */
  seen: Map<number, number>;
  layout: Placed[];
  idAt: number;
  headers: string[];
  headerRow: number;
  meta: RoundTripMeta;
  reference: AccountReference;
  fields: Map<number, FieldDef>;
  /** The columns a row sends, compiled as a mapping (compileSent), by what they send. */
  compiled: Map<string, CompiledMapping>;
  /** The rows of the batch being checked (CompiledMapping.checkedRows), for mappings compiled during it. */
  batch: readonly SourceRow[];
  ways: WaysOut;
}

/** The rows of `batches` one by one, `onBatch` told of each batch before its first row. */
async function* rowsByBatch(
  batches: AsyncIterable<SourceRow[]>,
  onBatch: (batch: readonly SourceRow[]) => void,
): AsyncIterable<SourceRow> {
  for await (const batch of batches) {
    onBatch(batch);
    yield* batch;
  }
}

/** Every compiled mapping of the sheet checks `batch` now (validate-rows.ts does so per batch). */
function checkingBatch(sheet: SheetContext, batch: readonly SourceRow[]): void {
  sheet.batch = batch;
  for (const compiled of sheet.compiled.values()) compiled.checkedRows.batch = batch;
}

/** An edited row whose cells are sendable, waiting for the check of its request (checkEdited). */
interface Pending {
  pending: true;
  /** Valid, with its body; made invalid (conflict) or `unchanged` by the check. */
  outcome: RowOutcome;
  id: number;
  before: MetaRow;
  changed: Placed[];
  /** Every column behind what the row sends (a whole client is every client column): compared when Trackops gives no updated_at. */
  sent: Placed[];
  row: SourceRow;
  /** The request as the check read it (settle), when it did. */
  read?: CaseRequestRecord;
}

/**
 * The columns behind what a row sends, as a mapping for validate/'s body builder (the same converters
 * and checks as any import), compiled once per set of sent targets. A blank cell clears its target (an
 * emptied note is sent as ''), except where the update has no documented way to clear (clearable).
 */
function compileSent(sheet: SheetContext, sent: Set<string>): CompiledMapping {
  const key = [...sent].sort().join('\n');
  let compiled = sheet.compiled.get(key);
  if (compiled) return compiled;
  // Each by the header it has in this sheet (its exported name, or that name in another letter case).
  const columns = mappingOf(sheet.meta)
    .columns.filter((column) => sent.has(sentAs(column.target)))
    .flatMap((column) => {
      const at = exportedColumnAt(sheet.headers, column.column);
      return at === -1 ? [] : [{ ...column, column: sheet.headers[at]! }];
    });
  // Never sent, but it says which custom fields the request's case type enables.
  const caseType = exportedColumnAt(sheet.headers, 'case_type_id');
  if (caseType !== -1 && [...sent].some((key) => key.startsWith('custom_fields.')))
    columns.unshift({ column: sheet.headers[caseType]!, target: 'case_type_id' });
  const mapping: Mapping = {
    version: 1,
    mode: 'update',
    columns: columns.map((column) =>
      clearable(parseTarget(column.target)!, sheet.fields) ? { ...column, blank: 'clear' } : column,
    ),
  };
  compiled = compileMapping(mapping, sheet.headers, { reference: sheet.reference });
  compiled.checkedRows.batch = sheet.batch;
  sheet.compiled.set(key, compiled);
  return compiled;
}

/**
 * Whether an emptied cell can be sent as a clear: not a date, an id (seed, update section), nor a whole
 * custom field whose type takes no "" (account/field-empty-value.ts: the same answer a mapping's
 * "blank": "clear" and a revert get, so the summary, the check and the PUT agree; explore 25).
 */
function clearable(target: Target, fields: Map<number, FieldDef>): boolean {
  if (target.kind === 'param')
    return target.spec.type !== 'date' && target.spec.type !== 'int' && target.spec.type !== 'ref';
  if (target.kind !== 'custom' || target.part !== null) return true;
  return emptyRefusedKind(fields.get(target.fieldId)) === null;
}

/** What an emptied cell that cannot be cleared held, as cannot_clear's params. */
function clearedKind(column: MetaColumn, fields: Map<number, FieldDef>): Record<string, unknown> {
  const target = parseTarget(column.target);
  if (target?.kind === 'custom') {
    const field = fields.get(target.fieldId);
    return {
      kind: 'field',
      field: field?.name ?? `custom field ${target.fieldId}`,
      fieldKind: emptyRefusedKind(field),
      type: field ? fieldTypeTag(field) : '',
    };
  }
  return { kind: column.kind === 'date' ? 'date' : 'id' };
}

/** What a changed target sends: itself, or the whole object it is part of (client, contact, a NAME/ADDRESS field). */
function sentAs(target: string): string {
  const whole = /^(client|contact|custom_fields\.\d+)\./.exec(target);
  return whole ? whole[1]! : target;
}

/**
 * 'unchanged': no cell differs from the export. Otherwise an invalid outcome, or a row whose edits can
 * be sent once its request is checked (Pending). The columns behind what the row sends are validated
 * as an update (validate/: its converters, checks and body), and the body keeps what the edits send.
 */
/** The row's request id, NaN when its id cell holds no whole number. */
function rowId(row: SourceRow, sheet: SheetContext): number {
  const idText = cellText(row.cells[sheet.idAt] ?? null).trim();
  return /^\d+$/.test(idText) ? Number(idText) : NaN;
}

/** A later row of an id: refused as its first row's repeat (settleSameId may word it otherwise). */
function repeatOutcome(row: SourceRow, sheet: SheetContext, firstRow: number): RowOutcome {
  const value = cellText(row.cells[sheet.idAt] ?? null).trim();
  return {
    row: row.row,
    status: 'invalid',
    problems: [problem('duplicate_in_file', { row: row.row, label: 'id', target: 'id', value, firstRow })],
    cells: row.cells,
    matchValue: value,
  };
}

function rowOutcome(row: SourceRow, sheet: SheetContext): RowOutcome | Pending | 'unchanged' {
  const { exported, seen, layout } = sheet;
  const idText = cellText(row.cells[sheet.idAt] ?? null).trim();
  const id = rowId(row, sheet);
  const invalid = (problems: Problem[], targetId?: number): RowOutcome => ({
    row: row.row,
    status: 'invalid',
    problems,
    cells: row.cells,
    matchValue: idText,
    ...(targetId !== undefined ? { targetId, action: 'update' as const } : {}),
  });
  const idFields = { row: row.row, label: 'id', target: 'id', value: idText };
  const before = exported.get(id);
  if (!before) return invalid([problem(idText === '' ? 'round_trip_no_id' : 'not_in_export', idFields)]);
  // A later row of an id already read: judged on its own here, settled with the first once every row
  // is read (round-trip-same-id.ts).
  const firstRow = seen.get(id);
  if (firstRow === undefined) seen.set(id, row.row);

  let changed = layout.filter(
    (place) =>
      place.at !== -1 &&
      valueHash(canonicalCellText(row.cells[place.at] ?? null, place.column.kind)) !==
        before.hashes[place.index],
  );
  if (changed.length === 0) return 'unchanged';
  // A cell Excel only cut (the exact start of a value exported over its cell limit) is no edit: the
  // row's other edits are sent without it (explore 9). Not when it is part of an object another edit
  // sends whole (client, contact, a NAME/ADDRESS field): that would carry the cut copy, and checkEdits
  // refuses it.
  // So is a text whose tabs a spreadsheet dropped (round-trip-meta.ts tablessRecords), unsaid as a
  // line break saved as another kind is: the text reads the same, and the request keeps its own.
  const cut = changed.filter((place) => isExcelCut(place, row, before) || isTabDropped(place, row, before));
  if (cut.length) {
    const sentWhole = new Set(
      changed.filter((place) => !cut.includes(place)).map((place) => sentAs(place.column.target)),
    );
    changed = changed.filter((place) => !cut.includes(place) || sentWhole.has(sentAs(place.column.target)));
    if (changed.length === 0) return 'unchanged';
  }
  let checked = checkEdits(row, sheet, changed, before);
  if (checked.problems.length === 0) {
    // A cell retyped to the value it held ("Yes" for 1, "22;" for 22, "26; 21" for 21;26, 8.0 for 8) is
    // no edit: its converted value, written as the export writes it, is what was exported (repro-04).
    const edited = changed.filter((place) => !sameAsExported(place, checked.full, sheet, before));
    if (edited.length === 0) return 'unchanged';
    if (edited.length < changed.length) checked = checkEdits(row, sheet, (changed = edited), before);
  }
  const { problems, sent, full, notes } = checked;
  if (problems.length) return invalid(problems, id);

  // In the order the change preview lists them: changed values, then the objects sent whole.
  const body: Record<string, unknown> = {};
  const whole = (key: string) => key === 'client' || key === 'contact';
  for (const key of [...sent].filter((key) => !whole(key)).concat([...sent].filter(whole)))
    if (key in full && key !== 'custom_fields') body[key] = full[key];
  const custom = ((full.custom_fields ?? []) as CustomFieldEntry[]).filter((entry) =>
    sent.has(`custom_fields.${entry.id}`),
  );
  const composite = (entry: CustomFieldEntry) =>
    typeof entry.value === 'object' && !Array.isArray(entry.value);
  if (custom.length)
    body.custom_fields = custom.filter((entry) => !composite(entry)).concat(custom.filter(composite));
  return {
    pending: true,
    // Every part of a client or contact is a column of the file: the body holds them whole, nothing to merge.
    outcome: {
      row: row.row,
      status: 'valid',
      problems: [],
      body: body as CaseRequestUpdateBody,
      matchValue: String(id),
      action: 'update',
      targetId: id,
      cells: row.cells,
      ...(notes.length ? { notes } : {}),
    },
    id,
    before,
    changed,
    sent: layout.filter((place) => sent.has(sentAs(place.column.target))),
    row,
  };
}

/** A cell holding exactly the exported text without its tabs, which LibreOffice's .ods copy drops. */
function isTabDropped(place: Placed, row: SourceRow, before: MetaRow): boolean {
  const tabless = before.tabless?.get(place.index);
  const cell = row.cells[place.at] ?? null;
  return tabless !== undefined && tabless === valueHash(canonicalCellText(cell, place.column.kind));
}

/** A cell holding exactly the start Excel keeps of a value exported over its cell limit. */
function isExcelCut(place: Placed, row: SourceRow, before: MetaRow): boolean {
  const overLimit = before.cut?.get(place.index);
  const cell = row.cells[place.at] ?? null;
  return (
    overLimit !== undefined &&
    overLimit.hashes.includes(valueHash(canonicalCellText(cell, place.column.kind)))
  );
}

/**
 * The changed cells of a row validated as an update (validate/: its converters, checks and body): the
 * problems, what the row sends (a part of a whole object sends the object) and the full body.
 */
function checkEdits(
  row: SourceRow,
  sheet: SheetContext,
  changed: Placed[],
  before: MetaRow,
): { problems: Problem[]; sent: Set<string>; full: Record<string, unknown>; notes: Problem[] } {
  const problems: Problem[] = [];
  const at = (place: Placed) => ({
    row: row.row,
    label: place.column.header,
    target: place.column.target,
    value: cellText(row.cells[place.at] ?? null),
  });
  const sent = new Set<string>();
  for (const place of changed) {
    const target = place.column.target;
    const cell = row.cells[place.at] ?? null;
    // A value exported over Excel's cell limit (round-trip-meta.ts, `cut` records) is not whole in the
    // file once a program that keeps the limit saved it: the exact cut copy, or any edit of it, sent,
    // replaces the whole text in Trackops with what the cell holds (explore8 #3: 40,000 characters
    // became 'URGENT ' + the first 32,760). An unchanged cell is not here, nor the exact cut copy unless
    // an object sent whole carries it (rowOutcome); an edit is refused.
    const overLimit = before.cut?.get(place.index);
    if (overLimit)
      problems.push(
        isExcelCut(place, row, before)
          ? problem('cut_by_excel', { ...at(place), value: shortened(cellText(cell)) }, sheet.ways)
          : problem(
              'edited_over_cell_limit',
              { ...at(place), value: shortened(cellText(cell)), length: overLimit.length },
              sheet.ways,
            ),
      );
    else if (!place.column.editable) problems.push(problem('read_only_column', at(place)));
    else if (isBlankCell(row.cells[place.at] ?? null) && !clearable(parseTarget(target)!, sheet.fields))
      problems.push(problem('cannot_clear', { ...at(place), ...clearedKind(place.column, sheet.fields) }));
    else sent.add(sentAs(target));
  }
  // A whole object is sent from every part's column: none may be gone.
  for (const whole of sent) {
    const missing = sheet.layout.find(
      (place) => place.at === -1 && place.column.target.startsWith(`${whole}.`),
    );
    if (missing) problems.push(problem('whole_value_column_missing', { ...at(missing), value: null, whole }));
  }
  const validated = validateCompiledRow(row, compileSent(sheet, sent));
  // A cell exported over the limit is named above (cut_by_excel, edited_over_cell_limit), not twice.
  const overLimit = new Set(
    changed.filter((place) => before.cut?.has(place.index)).map((place) => place.column.target),
  );
  problems.push(
    ...validated.problems
      .filter((found) => found.code !== 'at_cell_limit' || !overLimit.has(found.target ?? ''))
      .map(roundTripWords),
  );
  // The notes of the edited cells (a UTC moment's day, a time of day not kept), said as a plain
  // import says them: they were dropped, so which day a timestamp became went unsaid. Not those of the
  // unedited cells an object sent whole carries: the export wrote them, and they are sent as they were.
  const edited = new Set(changed.map((place) => place.column.header));
  const notes = (validated.notes ?? []).filter((note) => note.column !== null && edited.has(note.column));
  return { problems, sent, full: (validated.body ?? {}) as Record<string, unknown>, notes };
}

/** A long value as a message quotes it: its start and its length. */
function shortened(text: string): string {
  return text.length <= 60 ? text : `${text.slice(0, 60)}… (${thousands(text.length)} characters)`;
}

/**
 * A text date the converters could not read is told to set the column's date format; a round-trip file
 * has no mapping to set one in, so it is told to type the date as the export wrote it (report 11).
 */
function roundTripWords(found: Problem): Problem {
  if (found.code !== 'invalid_date') return found;
  return problem('invalid_date', {
    row: found.row,
    label: found.column,
    target: found.target,
    value: found.value,
    format: 'YYYY-MM-DD',
    hint: 'type it as the export wrote it, as a date (or as text such as 2026-08-21): a round-trip file has no date format to set',
  });
}

/**
 * Whether a changed cell's converted value, written as the export writes a request's value, is the
 * value exported (its hash). The body is read as a record (its members are named as a record's). A
 * list of ids compares as a set, whatever order the request held it in: the API's services and flags
 * are lists "of services to perform" and "of case flags to apply", with no order said to mean anything,
 * and the change preview compares them as sets (field-changes.ts). The export keeps only a hash of the
 * exported text, so the list is tried in each of its orders (up to SET_ORDERS_MAX ids; a longer list
 * counts as an edit, and the check against the account then finds it unchanged).
 * Anything that cannot be written so counts as an edit: a real edit is never dropped.
 */
function sameAsExported(
  place: Placed,
  body: Record<string, unknown>,
  sheet: SheetContext,
  before: MetaRow,
): boolean {
  try {
    const record = body as unknown as CaseRequestRecord;
    const stats = emptyStats();
    addToStats(stats, record);
    const column = roundTripColumns(sheet.reference, stats).columns.find(
      (candidate) => candidate.header === place.column.header,
    );
    if (!column) return false;
    const text = canonicalText(column.value(record));
    const exported = before.hashes[place.index];
    if (valueHash(text) === exported) return true;
    if (!/^\d+(;\d+)+$/.test(text)) return false;
    const ids = text.split(';');
    if (ids.length > SET_ORDERS_MAX) return false;
    for (const order of orders(ids)) if (valueHash(order.join(';')) === exported) return true;
    return false;
  } catch {
    return false;
  }
}

/** The longest id list tried in every order (7 ids: 5,040 hashes, a few milliseconds). */
const SET_ORDERS_MAX = 7;

/** Every order of `items` (each distinct order once). */
function* orders(items: string[]): Generator<string[]> {
  if (items.length <= 1) {
    yield items;
    return;
  }
  const seen = new Set<string>();
  for (let at = 0; at < items.length; at++) {
    if (seen.has(items[at]!)) continue;
    seen.add(items[at]!);
    const rest = [...items.slice(0, at), ...items.slice(at + 1)];
    for (const order of orders(rest)) yield [items[at]!, ...order];
  }
}

interface CheckContext {
  api: RoundTripApi;
  reference: AccountReference;
  signal: AbortSignal | undefined;
  preview: boolean;
  meta: RoundTripMeta;
  summary: RoundTripSummary;
}

/**
 * Checks every edited row's request against the account at once, and settles each: sendable, a
 * conflict, or `unchanged` (its edits already held). Returns the requests it took.
 */
async function checkEdited(pending: Pending[], context: CheckContext): Promise<number> {
  if (pending.length === 0) return 0;
  const { api, signal } = context;
  let requests = 0;
  const readEach = async () => {
    for (const entry of pending) {
      const read = await findExactMatches(
        api,
        { id: entry.id, ...EXPAND_FIELD_VALUES },
        (record) => Number(record.id) === entry.id,
        signal,
      );
      requests += read.requests;
      settle(entry, read.records[0] ?? null, context);
    }
  };
  // No updated_at at export: the count of requests updated since cannot tell, the values must be compared.
  if (context.preview || pending.some((entry) => entry.before.updatedAt === '')) {
    await readEach();
    return requests;
  }
  const window = conflictWindow(context.meta, api.serverClock, api.stampZone);
  if (window === null) {
    await readEach();
    return requests;
  }
  context.summary.windowGuess = window.guess;
  const since = window.updatedFrom;
  const filters: CaseRequestFilters = { updated_from: since, ...EXPAND_FIELD_VALUES };
  const count = await api.countCaseRequests(filters, 100, signal);
  requests += 1;
  if (count.record_count === 0) return requests; // nothing changed since the export: all sendable
  if (count.page_count >= pending.length) {
    await readEach();
    return requests;
  }
  let pages = 0;
  // What the listing meets (a filter Trackops ignores, so it reads the whole list…) is said with the
  // round trip's notes, as a run's searches say theirs (searches-met.ts): before, never a word.
  const met = new SearchesMet();
  const changed: CaseRequestRecord[] = [];
  try {
    for await (const records of listHeard(
      api,
      filters,
      {
        knownCount: count.record_count,
        // Its page count too: one above 1 (a server that caps its pages) pins it at once, not after a
        // first page that could only show it (one request more for each).
        knownPages: count.page_count,
        // Its pages, and the counts it asked besides this one (a pin's, a recount: list-all.ts).
        onProgress: (progress) => (pages = progress.pages + (progress.countsAsked ?? 0)),
        ...(signal ? { signal } : {}),
      },
      met,
      'round-trip-check',
    ))
      changed.push(...records);
  } finally {
    // Said by a check that ended on an error too (what it met before the stop).
    context.summary.checkNotes = met.notes();
  }
  requests += pages;
  const byId = new Map(changed.map((record) => [Number(record.id), record]));
  // A request not among those updated since the export is as it was exported: sendable as it is.
  for (const entry of pending) {
    const record = byId.get(entry.id);
    if (record) settle(entry, record, context);
  }
  return requests;
}

/** One edited row against its request as Trackops has it now (null: gone). */
function settle(entry: Pending, record: CaseRequestRecord | null, context: CheckContext): void {
  const { outcome, id, before, changed, row } = entry;
  const invalid = (problems: Problem[]) => {
    outcome.status = 'invalid';
    outcome.problems = problems;
    delete outcome.body;
  };
  if (record === null) {
    invalid([problem('not_found', { row: row.row, label: 'id', target: 'id', value: String(id), id })]);
    return;
  }
  entry.read = record;
  if (context.preview && outcome.body) {
    const headerOf = (target: string) =>
      context.meta.columns.find((column) => column.target === target)?.header ??
      context.meta.columns.find((column) => target.startsWith(`${column.target}.`))?.header ??
      null;
    outcome.changes = fieldChanges(outcome.body as CaseRequestUpdateBody, record, {
      reference: context.reference,
    }).map((change) => ({ ...change, column: headerOf(change.target) }));
  }
  const current = String(record.updated_at ?? '').trim();
  // The stamp the file kept, in the frame `current` is read in: an export before a write showed the
  // server's zone kept its stamps as written (stamp-zone.ts), a round trip after it reads them in UTC.
  const exported = inZoneNow(before.updatedAt, context.meta.stampZoneMinutes ?? 0, context.api.stampZone);
  // The values tell too: a column behind what the row sends whose value in Trackops is no longer the
  // one exported changed since the export. Without an updated_at (at export or now) they are all there
  // is (repro-09). With one that did not move they still count: a stamp in whole seconds does not move
  // for a change made in the same second as the export read the request (seen when an export ended
  // within a second of a colleague's edit), and the record read here shows that change all the same.
  const now = currentTexts(record, context.reference);
  const stamped = before.updatedAt !== '' && current !== '';
  const moved = entry.sent.filter(
    (place) => valueHash(now.get(place.column.header) ?? '') !== before.hashes[place.index],
  );
  const sameStamp = stamped && current === exported;
  if (stamped ? sameStamp && moved.length === 0 : moved.length === 0) return;
  if (alreadyHolds(now, changed, row)) {
    outcome.action = 'unchanged';
    outcome.changes = [];
    delete outcome.body;
    return;
  }
  if (!stamped || sameStamp) {
    const fileText = (place: Placed) =>
      place.at === -1 ? '' : canonicalCellText(row.cells[place.at] ?? null, place.column.kind);
    const at = { row: row.row, label: moved[0]!.column.header, target: moved[0]!.column.target };
    invalid([
      problem('conflict', {
        ...at,
        value: fileText(moved[0]!),
        id,
        since: stamped ? 'same-second' : 'values',
        ...(stamped ? { current } : {}),
        fields: moved.map((place) => ({
          column: place.column.header,
          now: now.get(place.column.header) ?? '',
          file: fileText(place),
        })),
      }),
    ]);
    return;
  }
  const at = { row: row.row, label: 'updated_at', target: 'updated_at', value: before.updatedAt };
  invalid([problem('conflict', { ...at, id, current })]);
}

/** Each round-trip column's value in a request as Trackops has it now, as canonical text, by header. */
function currentTexts(record: CaseRequestRecord, reference: AccountReference): Map<string, string> {
  const stats = emptyStats();
  addToStats(stats, record);
  return new Map(
    roundTripColumns(reference, stats).columns.map((column) => [
      column.header,
      canonicalText(column.value(record)),
    ]),
  );
}

/** Whether every changed cell already equals what the request holds now (same columns, same canonical text). */
function alreadyHolds(now: Map<string, string>, changed: Placed[], row: SourceRow): boolean {
  return changed.every(
    (place) =>
      (now.get(place.column.header) ?? '') ===
      canonicalCellText(row.cells[place.at] ?? null, place.column.kind),
  );
}

/**
 * A stamp the export kept (UTC by the zone it read stamps in, `exportZone` minutes ahead) as the
 * round trip's connection reads it now (stamp-zone.ts): the same text when the two zones agree.
 */
function inZoneNow(
  stamp: string,
  exportZone: number,
  zone: Pick<StampZone, 'offsetMinutes'> | undefined,
): string {
  const shift = exportZone - (zone?.offsetMinutes ?? 0);
  const millis = shift === 0 ? null : utcMillis(stamp);
  return millis === null ? stamp : utcTimestamp(new Date(millis + shift * 60_000));
}
