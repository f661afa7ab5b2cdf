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
 * Rules of the update body (seed, update section): the client and contact objects are sent whole (every
 * part, from the row's cells) when any part changed; a composite custom field (NAME, ADDRESS) is sent
 * whole when any part changed; other custom fields only when changed (the sandbox and, as far as known,
 * the API merge custom fields by id). Columns the update cannot change (case type, region, budgets,
 * subjects, keys) make the row invalid when edited, so an edit is never silently dropped.
 */
import { findExactMatches } from '../api/find-exact.ts';
import type { AccountReference, FieldDef } from '../account/reference.ts';
import type {
  CaseRequestFilters,
  CaseRequestRecord,
  CaseRequestUpdateBody,
  CustomFieldEntry,
  TrackopsApi,
} from '../api/types.ts';
import { InputError } from '../errors.ts';
import type { Mapping } from '../mapping/schema.ts';
import type { Problem } from '../problems/problem.ts';
import type { ByteSource, Cell } from '../read/types.ts';
import { isToolColumn } from '../report/tool-columns.ts';
import type { RowOutcome } from '../validate/types.ts';
import { roundTripColumns } from './columns-round-trip.ts';
import { CLIENT_PARTS, CONTACT_PARTS } from '../mapping/targets.ts';
import { addToStats } from './record-values.ts';
import { EXPAND_FIELD_VALUES } from './spool.ts';
import { emptyStats } from './types.ts';
import { listAllCaseRequests } from '../api/list-all.ts';
import { RECONCILE_MARGIN_SECONDS, utcTimestamp } from '../batch/reconcile.ts';
import { fieldChanges } from '../validate/field-changes.ts';
import {
  canonicalCellText,
  cellText,
  readRoundTripMeta,
  roundTripDataSheets,
  type DataRow,
} from './round-trip-read.ts';
import {
  canonicalText,
  valueHash,
  type MetaColumn,
  type MetaRow,
  type RoundTripMeta,
} from './round-trip-meta.ts';
import {
  DATE_TARGETS,
  ID_TARGETS,
  LIST_TARGETS,
  TEXT_TARGETS,
  toFieldValue,
  toId,
  toIdList,
  toIsoDate,
  type Converted,
} from './round-trip-values.ts';

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
   * edit). Rows without edits produce no outcome. In sheet order, once every edited row is checked.
   */
  outcomes: AsyncIterable<RowOutcome>;
  /** Counts, complete once `outcomes` has been consumed. */
  summary(): RoundTripSummary;
  /** Requests the check against the account took (the count, a listing or reads). */
  requests(): number;
}

type RoundTripApi = Pick<TrackopsApi, 'listCaseRequests' | 'countCaseRequests' | 'getReference'>;

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
  if (!/\.xlsx$/i.test(source.name)) return null;
  const file = await readRoundTripMeta(source, signal);
  return file ? mappingOf(file.meta) : null;
}

/** Null when the file is not a round-trip export (then a mapping is needed as usual). */
export async function prepareRoundTripImport(
  source: ByteSource,
  api: RoundTripApi,
  options: {
    signal?: AbortSignal;
    reference?: AccountReference;
    /** A dry run: read each edited request, and give each row its change preview (`changes`). */
    preview?: boolean;
  } = {},
): Promise<RoundTripImport | null> {
  const { signal } = options;
  if (!/\.xlsx$/i.test(source.name)) return null;
  const file = await readRoundTripMeta(source, signal);
  if (!file) return null;
  if (file.meta.dataSheets.length > 1) {
    // Row numbers key the journal and the results file, and they restart on every sheet.
    throw new InputError(
      'round_trip_several_sheets',
      `${source.name}: this export continued on ${file.meta.dataSheets.length} sheets (${file.meta.dataSheets.join(', ')}) past Excel's row limit; ` +
        'a round trip imports one sheet: export again in parts with narrower filters (e.g. --created-from/--created-to) and import each part',
    );
  }
  const reference = options.reference ?? (await api.getReference(signal));
  const fields = new Map(reference.fields.map((field) => [field.id, field]));
  const summary: RoundTripSummary = {
    rows: 0,
    changed: 0,
    unchanged: 0,
    alreadyApplied: 0,
    conflicts: 0,
    invalid: 0,
  };
  const ignored = new Set<string>();
  const known = new Set(file.meta.columns.map((column) => column.header));
  let requests = 0;

  async function* outcomes(): AsyncIterable<RowOutcome> {
    const seen = new Set<number>();
    const ordered: (RowOutcome | Pending)[] = [];
    const pending: Pending[] = [];
    let sheets = 0;
    for await (const sheet of roundTripDataSheets(source)) {
      sheets += 1;
      // Our own results columns (_status, _error, …) are expected in a results file fed back in.
      sheet.headers
        .filter((header) => !known.has(header) && !isToolColumn(header))
        .forEach((header) => ignored.add(header));
      const layout = file!.meta.columns.map((column, index) => ({
        column,
        index,
        at: sheet.headers.indexOf(column.header),
      }));
      const idAt = sheet.headers.indexOf('id');
      for await (const row of sheet.rows) {
        signal?.throwIfAborted();
        summary.rows += 1;
        const outcome = rowOutcome(row, idAt, layout, { exported: file!.rows, seen, fields });
        if (outcome === 'unchanged') {
          summary.unchanged += 1;
          continue;
        }
        if ('pending' in outcome) pending.push(outcome);
        ordered.push(outcome);
      }
    }
    if (sheets === 0) {
      throw new InputError(
        'no_round_trip_sheet',
        `${source.name}: no sheet has the round-trip header (columns "id" and "updated_at"); was the header row changed?`,
      );
    }
    const context = { api, reference, signal, preview: options.preview === true, meta: file!.meta };
    requests += await checkEdited(pending, context);
    for (const entry of ordered) {
      const outcome = 'pending' in entry ? entry.outcome : entry;
      if (outcome.action === 'unchanged') summary.alreadyApplied += 1;
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
        LIST_TARGETS.has(column.target)
          ? { column: column.header, target: column.target, split: ';' }
          : { column: column.header, target: column.target },
      ),
  };
}

interface Placed {
  column: MetaColumn;
  /** Position in the metadata (and its hashes). */
  index: number;
  /** Position in this sheet's header; -1 when the user deleted the column. */
  at: number;
}

interface RowContext {
  exported: Map<number, MetaRow>;
  seen: Set<number>;
  fields: Map<number, FieldDef>;
}

/** An edited row whose cells are sendable, waiting for the check of its request (checkEdited). */
interface Pending {
  pending: true;
  /** Valid, with its body; made invalid (conflict) or `unchanged` by the check. */
  outcome: RowOutcome;
  id: number;
  before: MetaRow;
  changed: Placed[];
  row: DataRow;
}

/**
 * 'unchanged': no cell differs from the export. Otherwise an invalid outcome, or a row whose edits can
 * be sent once its request is checked (Pending).
 */
function rowOutcome(
  row: DataRow,
  idAt: number,
  layout: Placed[],
  context: RowContext,
): RowOutcome | Pending | 'unchanged' {
  const { exported, seen, fields } = context;
  const idText = cellText(row.cells[idAt] ?? null);
  const id = /^\d+$/.test(idText) ? Number(idText) : NaN;
  const invalid = (problems: Problem[], targetId?: number): RowOutcome => ({
    row: row.row,
    status: 'invalid',
    problems,
    cells: row.cells,
    matchValue: idText,
    ...(targetId !== undefined ? { targetId, action: 'update' as const } : {}),
  });
  const problem = (code: string, message: string, column = 'id', value: string | null = idText): Problem => ({
    row: row.row,
    column,
    target: column,
    value,
    code,
    message,
  });
  const before = exported.get(id);
  if (!before) {
    return invalid([
      problem(
        'not_in_export',
        `is not the id of a request this file was exported with; a round-trip file updates the requests it exported, add new ones with a create import`,
      ),
    ]);
  }
  if (seen.has(id)) {
    return invalid([
      problem('duplicate_in_file', `request ${id} appears twice in the file; keep one row per request`),
    ]);
  }
  seen.add(id);

  const changed = layout.filter(
    (place) =>
      place.at !== -1 &&
      valueHash(canonicalCellText(row.cells[place.at] ?? null, place.column.kind)) !==
        before.hashes[place.index],
  );
  if (changed.length === 0) return 'unchanged';

  const problems: Problem[] = [];
  const cellAt = (place: Placed): Cell => row.cells[place.at] ?? null;
  const report = <T>(place: Placed, converted: Converted<T>): T | undefined => {
    if (converted.ok) return converted.value;
    problems.push(problem(converted.code, converted.message, place.column.header, cellText(cellAt(place))));
    return undefined;
  };
  for (const place of changed.filter((place) => !place.column.editable)) {
    problems.push(
      problem(
        'read_only_column',
        'was changed, but the Trackops update cannot change it; undo this edit (change it in Trackops itself)',
        place.column.header,
        cellText(cellAt(place)),
      ),
    );
  }

  const body: CaseRequestUpdateBody = {};
  const customFields: CustomFieldEntry[] = [];
  const wholeObjects = new Set<string>();
  for (const place of changed.filter((place) => place.column.editable)) {
    const target = place.column.target;
    const cell = cellAt(place);
    if (DATE_TARGETS.has(target)) {
      const value = report(place, toIsoDate(cell));
      if (value !== undefined) (body as Record<string, unknown>)[target] = value;
    } else if (ID_TARGETS.has(target)) {
      const value = report(place, toId(cell));
      if (value !== undefined) (body as Record<string, unknown>)[target] = value;
    } else if (LIST_TARGETS.has(target)) {
      const value = report(place, toIdList(cell));
      if (value !== undefined) (body as Record<string, unknown>)[target] = value;
    } else if (TEXT_TARGETS.has(target)) {
      (body as Record<string, unknown>)[target] = cellText(cell);
    } else if (target.startsWith('client.') || target.startsWith('contact.')) {
      wholeObjects.add(target.split('.')[0] as string);
    } else {
      const composite = /^custom_fields\.(\d+)\.(\w+)$/.exec(target);
      const scalar = /^custom_fields\.(\d+)$/.exec(target);
      if (composite) {
        wholeObjects.add(`custom_fields.${composite[1]}`);
      } else if (scalar) {
        const fieldId = Number(scalar[1]);
        const value = report(place, toFieldValue(cell, fields.get(fieldId)));
        if (value !== undefined) customFields.push({ id: fieldId, value });
      }
    }
  }
  for (const whole of wholeObjects) {
    const parts = layout.filter((place) => place.column.target.startsWith(`${whole}.`));
    const missing = parts.filter((place) => place.at === -1);
    if (missing.length) {
      problems.push(
        problem(
          'missing_column',
          `is missing from the sheet, and ${whole} changed in this row: it is sent whole, so put the column back`,
          missing[0]!.column.header,
          null,
        ),
      );
      continue;
    }
    const value = Object.fromEntries(
      parts.map((place) => [place.column.target.slice(whole.length + 1), cellText(cellAt(place))]),
    );
    if (whole === 'client' || whole === 'contact') {
      const keys: readonly string[] = whole === 'client' ? CLIENT_PARTS : CONTACT_PARTS;
      const ordered = Object.fromEntries(keys.map((key) => [key, value[key] ?? '']));
      (body as Record<string, unknown>)[whole] = ordered;
    } else {
      customFields.push({ id: Number(whole.split('.')[1]), value });
    }
  }
  if (customFields.length) body.custom_fields = customFields;
  if (problems.length) return invalid(problems, id);

  return {
    pending: true,
    outcome: {
      row: row.row,
      status: 'valid',
      problems: [],
      body,
      matchValue: String(id),
      action: 'update',
      targetId: id,
      cells: row.cells,
    },
    id,
    before,
    changed,
    row,
  };
}

interface CheckContext {
  api: RoundTripApi;
  reference: AccountReference;
  signal: AbortSignal | undefined;
  preview: boolean;
  meta: RoundTripMeta;
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
  if (context.preview) {
    await readEach();
    return requests;
  }
  const exportedAt = Date.parse(context.meta.exportedAt);
  if (Number.isNaN(exportedAt)) {
    await readEach();
    return requests;
  }
  const since = utcTimestamp(new Date(exportedAt - RECONCILE_MARGIN_SECONDS * 1000));
  const filters: CaseRequestFilters = { updated_from: since, ...EXPAND_FIELD_VALUES };
  const count = await api.countCaseRequests(filters, 100, signal);
  requests += 1;
  if (count.record_count === 0) return requests; // nothing changed since the export: all sendable
  if (count.page_count >= pending.length) {
    await readEach();
    return requests;
  }
  let pages = 0;
  const changed = await listAllCaseRequests(api, filters, {
    knownCount: count.record_count,
    onProgress: (progress) => (pages = progress.pages),
    ...(signal ? { signal } : {}),
  });
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
  const problem = (code: string, message: string, column: string, value: string | null): Problem => ({
    row: row.row,
    column,
    target: column,
    value,
    code,
    message,
  });
  const invalid = (problems: Problem[]) => {
    outcome.status = 'invalid';
    outcome.problems = problems;
    delete outcome.body;
  };
  if (record === null) {
    invalid([
      problem('not_found', `request ${id} no longer exists in Trackops; remove the row`, 'id', String(id)),
    ]);
    return;
  }
  if (context.preview && outcome.body) {
    const headerOf = (target: string) =>
      context.meta.columns.find((column) => column.target === target)?.header ??
      context.meta.columns.find((column) => target.startsWith(`${column.target}.`))?.header ??
      null;
    outcome.changes = fieldChanges(outcome.body as CaseRequestUpdateBody, record, {
      reference: context.reference,
    }).map((change) => ({ ...change, column: headerOf(change.target) }));
  }
  const current = String(record.updated_at ?? '');
  if (current === before.updatedAt) return;
  if (alreadyHolds(record, changed, row, context.reference)) {
    outcome.action = 'unchanged';
    outcome.changes = [];
    delete outcome.body;
    return;
  }
  invalid([
    problem(
      'conflict',
      `request ${id} was changed in Trackops after this file was exported (its updated_at is now ${current}, it was ${before.updatedAt} when exported); it was not overwritten: export again and redo the edit`,
      'updated_at',
      before.updatedAt,
    ),
  ]);
}

/** Whether every changed cell already equals what the request holds now (same columns, same canonical text). */
function alreadyHolds(
  record: CaseRequestRecord,
  changed: Placed[],
  row: DataRow,
  reference: AccountReference,
): boolean {
  const stats = emptyStats();
  addToStats(stats, record);
  const columns = new Map(
    roundTripColumns(reference, stats).columns.map((column) => [column.header, column]),
  );
  return changed.every((place) => {
    const column = columns.get(place.column.header);
    if (!column) return canonicalCellText(row.cells[place.at] ?? null, place.column.kind) === '';
    return (
      canonicalText(column.value(record)) ===
      canonicalCellText(row.cells[place.at] ?? null, place.column.kind)
    );
  });
}
