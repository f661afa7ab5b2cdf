/**
 * The live dry run: what the import would do with each valid row (create, update, unchanged, duplicate,
 * ambiguous, not found), asking the account as little as possible. Rows are gathered first because the
 * cheapest search depends on how many distinct keys there are (find-existing.ts: one paged listing of
 * the whole account, or one filtered probe per distinct key, whichever takes fewer requests; its cost is
 * told before it starts). Reads only: nothing here writes. Pacing and retries are the API client's.
 *
 * In update and upsert mode the records found are kept whole (composite values expanded), and each row
 * that would update gets its change preview (issue 18): the body it would send, merged as the import
 * merges it (client/contact, NAME/ADDRESS parts: batch/merge-stored.ts), compared with the record
 * (field-changes.ts). A row that would change nothing is `unchanged`. The import reuses the same records
 * (batch/stored-requests.ts) instead of finding and reading each row's request again (issue 13).
 *
 * Both searches are complete or fail (API-NOTES Tolerance), and a record counts as a match only when its
 * key equals the row's exactly, so a server whose filter is loose or ignored never makes a wrong
 * "duplicate" or "update" target.
 */
import type {
  CaseRequestCreateBody,
  CaseRequestRecord,
  CaseRequestUpdateBody,
  TrackopsApi,
} from '../api/types.ts';
import type { AccountReference } from '../account/reference.ts';
import { mergeStored, partialFieldsOfMapping } from '../batch/merge-stored.ts';
import { rowKey, StoredRequests } from '../batch/stored-requests.ts';
import { keepRowZeros } from '../batch/stored-zeros.ts';
import { contentKeysOf } from '../batch/fingerprint.ts';
import { readOnlyRefusals } from './read-only-cells.ts';
import { exportStampVerdict } from './round-trip-csv-stamp.ts';
import { settleUneditedLineBreaks } from './unedited-line-breaks.ts';
import type { Mapping } from '../mapping/schema.ts';
import { targetWords } from '../mapping/target-words.ts';
import { problem } from '../problems/format.ts';
import { fieldChanges } from './field-changes.ts';
import {
  findExisting,
  nearRecordsRead,
  type CheckCost,
  type ExistingRequests,
  type KeyField,
} from './find-existing.ts';
import type { RowOutcome } from './types.ts';
import { updateBodyFromCreate } from './update-body.ts';
import { createOnlyColumns, createOnlyNotes, type CreateOnlyColumn } from './create-only.ts';
import { restoreCreateNeeds, setAsideCreateNeeds } from './create-needs.ts';
import { fieldsNotEnabled } from './case-type-fields.ts';
import { cellText } from '../read/cell-text.ts';
import type { Problem } from '../problems/problem.ts';
import { markLateDoubts, type DateOrderFindings } from './date-order.ts';
import type { EarlierResultRow, WrittenRequest } from '../batch/earlier-results.ts';
import { SameRequestRows } from './same-request.ts';
import type { MappingWords } from '../problems/mapping-words.ts';
import type { WaysOut } from '../problems/ways-out.ts';

export interface PlanOptions {
  /** The host's words for what to do next (problems/ways-out.ts): a possible duplicate made anyway. */
  waysOut: WaysOut;
  /** The host's words for the template (problems/mapping-words.ts); the mapping file's by default. */
  mappingWords?: MappingWords;
  signal?: AbortSignal;
  /** Page size of the account listing; default 100 (API-NOTES Assumed maximum). */
  perPage?: number;
  /** The account's reference data, so problems name the key by its label ("Claim Number"). */
  reference?: AccountReference;
  /** Told what the check of the rows against the account will cost, before it starts. */
  onCost?: (cost: CheckCost) => void;
  /** Told after each page or look-up of that check: how many are done (find-existing.ts). */
  onSearchProgress?: (done: number, cost: CheckCost) => void;
  /** Told once that check is done: what it read, apart from the plan told before (find-existing.ts). */
  onCheckDone?: (cost: CheckCost) => void;
  /**
   * Update/upsert: given the records the plan found, for the import to reuse (its runner's `stored`)
   * instead of finding and reading each row's request again. Create (checked for duplicates): the same,
   * so that the send finds a request added with a row's key since (batch/send-row.ts).
   */
  onStored?: (stored: StoredRequests) => void;
  /** This machine's clock (ms), for when the records were found; default Date.now. */
  now?: () => number;
  /**
   * What an earlier search of this run read (the dry run's, through onSearched): a row re-checked after
   * an inline fix is also compared loosely with those records, so a key differing from one only in
   * letter case is refused even when this search's exact filter does not list it. No request.
   */
  read?: ExistingRequests | null;
  /** Given what the search read (the account's listing, or the probes' answers). */
  onSearched?: (found: ExistingRequests) => void;
  /** Requests whose records the search keeps whole when it reads them (find-existing.ts keepIds). */
  keepIds?: ReadonlySet<number>;
  /** The pass's date-order findings (filled once its last row is read), to refuse the rows above a proof. */
  dateOrder?: DateOrderFindings;
  /**
   * Update/upsert of a results file: the request an earlier run wrote each row to, which its key must
   * still find (batch/earlier-results.ts writtenRequestReader).
   */
  writtenRequest?: ((row: EarlierResultRow) => WrittenRequest | null) | null;
  /** The sheet's headers (RowOutcome.cells follow them), so a problem quotes a cell as it was typed. */
  headers?: readonly string[];
  /**
   * Update/upsert: which rows went to which request at the last plan of this run (same-request.ts),
   * for a re-check of a few rows (the app's inline fix) to settle them with the rows it does not
   * re-check. Without it, the rows given are settled among themselves.
   */
  sameRequest?: SameRequestRows;
  /**
   * An import's resume (explore 56 item 1): the rows its journal settled (sent and answered, or refused
   * for good), which the runner reports as the journal has them and never sends again. Their keys are
   * not looked for (a resume of 5 rows left costs 5 look-ups, not one per row of the file), unless a
   * row still to send shares one; nor are they decided. Rows in doubt are not among them: they are
   * looked for by their own rules.
   */
  settledRows?: ReadonlySet<number>;
}

export interface PlanStats {
  strategy: 'none' | 'listing' | 'per-key';
  requests: number;
  distinctKeys: number;
}

export async function* planImport(
  outcomes: Iterable<RowOutcome> | AsyncIterable<RowOutcome>,
  api: TrackopsApi,
  mapping: Mapping,
  options: PlanOptions,
  stats: PlanStats = { strategy: 'none', requests: 0, distinctKeys: 0 },
): AsyncIterable<RowOutcome> {
  const mode = mapping.mode ?? 'create';
  const keyField: KeyField | null = mapping.match ?? (mode === 'create' ? 'reference_value_1' : null);
  const rows: RowOutcome[] = [];
  for await (const outcome of outcomes) rows.push(outcome);
  // Every row is in: those checked before a row proved their date column's order are refused now,
  // before any key is looked for (date-order.ts).
  markLateDoubts(rows, options.dateOrder?.found ?? null);
  // Taken before the repeats are put back: a row the streaming pass refused is never taken as settled.
  const settled = new Set(
    rows.filter(
      (outcome) =>
        options.settledRows?.has(outcome.row) &&
        outcome.status === 'valid' &&
        outcome.provisional === undefined,
    ),
  );
  // Updating, a row refused only for repeating an earlier row's key is planned too: the two are settled
  // together once their requests are known (same-request.ts).
  const sameRequest = mode !== 'create' && keyField ? (options.sameRequest ?? new SameRequestRows()) : null;
  if (sameRequest && keyField) sameRequest.restoreRepeats(rows, keyField);
  const keys = new Set<string>();
  for (const outcome of rows) {
    // A row refused only for line breaks is looked for too: its request tells whether they are edits;
    // and an upsert row refused only for what a new request needs: its request needs none of that.
    const looked = (outcome.status === 'valid' || outcome.provisional !== undefined) && !settled.has(outcome);
    const key = keyField && looked ? rowKey(outcome, keyField) : undefined;
    if (key !== undefined) keys.add(key);
  }
  stats.distinctKeys = keys.size;
  // A settled row is decided only when a row still to send shares its key (the search found it anyway,
  // and the rows of one request are settled together below); otherwise it is handed on as it was read.
  const undecided = (outcome: RowOutcome): boolean => {
    if (!settled.has(outcome)) return false;
    const key = keyField ? rowKey(outcome, keyField) : undefined;
    return key === undefined || !keys.has(key);
  };
  const updates = mode !== 'create';
  let existing: ExistingRequests | null = null;
  if (keyField && keys.size > 0) {
    existing = await findExisting(api, keyField, keys, {
      ...(options.perPage ? { perPage: options.perPage } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
      ...(options.onCost ? { onCost: options.onCost } : {}),
      ...(options.onSearchProgress ? { onSearchProgress: options.onSearchProgress } : {}),
      ...(options.onCheckDone ? { onCheckDone: options.onCheckDone } : {}),
      ...(options.now ? { now: options.now } : {}),
      ...(options.keepIds ? { keepIds: options.keepIds } : {}),
      expand: updates,
    });
    stats.strategy = existing.strategy;
    stats.requests += existing.requests;
  }
  if (existing) options.onSearched?.(existing);
  // Creates too, when they are checked for duplicates: a request added with a row's key after this search
  // (the file imported from elsewhere meanwhile, a colleague typing the claim in) is found before sending.
  if (keyField && existing && (updates || mapping.duplicates !== 'create'))
    options.onStored?.(new StoredRequests(keyField, keys, existing));

  // Problems name the key as the clerk knows it: the sheet's column, and the account's label for it.
  const key = keyField && {
    field: keyField,
    column: mapping.columns.find((column) => column.target === keyField)?.column ?? keyField,
    words: targetWords(keyField, { reference: options.reference, mapping }),
  };
  const preview: Preview = {
    partialFields: partialFieldsOfMapping(mapping.columns, mapping.constants),
    words: { reference: options.reference, mapping },
    mappingWords: options.mappingWords,
    columnOf: (target) => columnOf(mapping, target),
    createOnly: createOnlyColumns(mapping, mode, options.reference),
    writtenRequest: options.writtenRequest ?? null,
    typed: typedCells(options.headers),
  };
  for (const outcome of rows) {
    options.signal?.throwIfAborted();
    if (undecided(outcome)) continue;
    if (outcome.provisional?.why === 'unedited_line_breaks') {
      const key = keyField ? rowKey(outcome, keyField) : undefined;
      const found = key === undefined ? [] : (existing?.byKey.get(key) ?? []);
      settleUneditedLineBreaks(outcome, found.length === 1 ? found[0]! : null, preview.words);
    }
    const needs = setAsideCreateNeeds(outcome);
    if (outcome.status === 'valid')
      decide(
        outcome,
        mode,
        key || null,
        existing,
        options.read ?? null,
        mapping.duplicates,
        preview,
        options.waysOut,
      );
    if (needs) {
      const value = keyField ? (rowKey(outcome, keyField) ?? '') : '';
      restoreCreateNeeds(outcome, needs, {
        row: outcome.row,
        label: key ? key.column : null,
        target: keyField,
        what: key ? key.words : undefined,
        value,
      });
    }
  }
  // Rows sent to one request, settled together: every row is decided before any is handed on.
  if (sameRequest && key && (mode === 'update' || mode === 'upsert'))
    sameRequest.settle(rows, {
      mode,
      key,
      requestName: (outcome, id) => {
        const found = existing?.byKey.get(rowKey(outcome, key.field) ?? '') ?? [];
        const record = found.find((one) => one.id === id);
        return record?.case_request_number ?? `id ${id}`;
      },
      columnOf: preview.columnOf,
      targetWords: (target) => targetWords(target, preview.words),
      typed: preview.typed,
      subjectColumns: mapping.columns.filter((column) => column.target.startsWith('subjects.')),
    });
  yield* rows;
}

interface Preview {
  partialFields: ReadonlySet<number>;
  words: { reference: AccountReference | undefined; mapping: Mapping };
  mappingWords: MappingWords | undefined;
  columnOf: (target: string) => string | null;
  /** Upsert: the columns an updating row cannot send (create-only.ts), noted where they differ. */
  createOnly: CreateOnlyColumn[];
  /** A results file's row: the request an earlier run wrote it to. */
  writtenRequest: ((row: EarlierResultRow) => WrittenRequest | null) | null;
  /** The row's cell under a column, as typed; null when the headers are not known or lack it. */
  typed: (outcome: RowOutcome, column: string) => string | null;
}

/** A row's cell by its column's header, as text (the last column of that name, as compile-mapping reads). */
function typedCells(headers: readonly string[] | undefined): Preview['typed'] {
  return (outcome, column) => {
    const index = headers ? headers.lastIndexOf(column) : -1;
    if (index < 0) return null;
    const text = cellText(outcome.cells[index] ?? null).trim();
    return text === '' ? null : text;
  };
}

/** The column that gives a target (a NAME/ADDRESS part's, or its whole field's), for the report. */
function columnOf(mapping: Mapping, target: string): string | null {
  const exact = mapping.columns.find((column) => column.target === target);
  if (exact) return exact.column;
  const whole = mapping.columns.find((column) => target.startsWith(`${column.target}.`));
  if (whole) return whole.column;
  if (/^contact\.(first|middle|last)_name$/.test(target))
    return mapping.columns.find((column) => column.target === 'contact.full_name')?.column ?? null;
  return null;
}

function decide(
  outcome: RowOutcome,
  mode: string,
  keyPlan: { field: KeyField; column: string; words: string } | null,
  existing: ExistingRequests | null,
  read: ExistingRequests | null,
  duplicates: Mapping['duplicates'],
  preview: Preview,
  ways: WaysOut,
): void {
  const keyField = keyPlan?.field ?? null;
  const key = keyField ? rowKey(outcome, keyField) : undefined;
  const found = key === undefined ? [] : (existing?.byKey.get(key) ?? []);
  // Listed by the server for this key but differing in letter case or spacing (find-existing.ts).
  // With what an earlier search of the run read (a row fixed after the dry run): its near keys too.
  const near = key === undefined ? [] : [...(existing?.nearByKey.get(key) ?? [])];
  if (key !== undefined && keyField && read)
    for (const record of nearRecordsRead(read, keyField, key))
      if (!near.some((known) => known.id === record.id) && !found.some((known) => known.id === record.id))
        near.push(record);
  const fields = {
    row: outcome.row,
    label: keyPlan?.column ?? null,
    target: keyField,
    what: keyPlan?.words,
    value: key ?? '',
  };
  const shown = found
    .slice(0, 5)
    .map((record) => record.case_request_number ?? `id ${record.id}`)
    .join(', ');
  const refuse = (
    action: RowOutcome['action'],
    code:
      | 'duplicate_in_account'
      | 'match_not_found'
      | 'upsert_id_not_found'
      | 'match_ambiguous'
      | 'rekeyed_since_written'
      | 'written_id_unreadable',
    extra: Record<string, unknown> = {},
  ) => {
    outcome.action = action;
    outcome.status = 'invalid';
    // What the duplicate would have sent, as content keys, and the requests holding its key: one an
    // earlier import created from this very content is that import's row, already sent, not a
    // duplicate to fix (earlier-creates.ts markCreatedByEarlierImport; explore 30 item 2).
    if (action === 'duplicate' && outcome.body)
      outcome.duplicateOf = {
        content: contentKeysOf(outcome.body as CaseRequestCreateBody),
        ids: found.map((record) => record.id),
        body: outcome.body as CaseRequestCreateBody,
      };
    delete outcome.body;
    outcome.problems.push(problem(code, { ...fields, existing: shown, count: found.length, ...extra }, ways));
  };
  // A request whose key differs from the row's only in letter case or spacing is no match (an update
  // must not land on it), but a server that compares keys case-insensitively holds the two as one
  // claim: creating beside it is refused as a possible duplicate unless the mapping says
  // `"duplicates": "create"`, and "no match" says it is there.
  const nearWords = near
    .slice(0, 5)
    .map(
      (record) =>
        `${keyPlan?.words ?? keyField} '${String(record[keyField!] ?? '')}' (${record.case_request_number ?? `id ${record.id}`})`,
    )
    .join(', ');
  const nearParams = near.length
    ? { near: nearWords, nearCount: near.length, differs: differenceWords(key ?? '', near, keyField) }
    : {};
  const refuseNear = (): void => {
    // Not 'duplicate' (an exact one, skipped without a word of the clerk's): this one is invalid, for
    // the clerk to settle.
    outcome.action = 'possible_duplicate';
    outcome.status = 'invalid';
    delete outcome.body;
    outcome.problems.push(problem('possible_duplicate_in_account', { ...fields, ...nearParams, mode }, ways));
  };
  // A create whose key a number cell gave, looked up key by key: the exact filter cannot list a request
  // holding the key with the leading zeros a spreadsheet drops (the whole-account listing can, and does
  // above). No request is added to look: the row says the check could not see it.
  const createUnseenZeros = (): void => {
    outcome.action = 'create';
    if (
      duplicates === 'create' ||
      existing?.strategy !== 'per-key' ||
      !keyField ||
      !outcome.numberTexts?.some((text) => text.target === keyField && !text.text)
    )
      return;
    outcome.notes = [...(outcome.notes ?? []), problem('key_from_number_cell', fields)];
  };
  if (mode === 'create') {
    // Creating a request whose key the account already has would make a second copy: refuse, say which
    // (unless the mapping says such rows are to be created anyway: `"duplicates": "create"`).
    if (found.length > 0 && duplicates !== 'create') refuse('duplicate', 'duplicate_in_account');
    else if (found.length === 0 && near.length > 0 && duplicates !== 'create') refuseNear();
    else createUnseenZeros();
    return;
  }
  if (found.length > 1) return refuse('ambiguous', 'match_ambiguous');
  const written = keyField === 'id' ? null : preview.writtenRequest?.(outcome);
  if (written && written.id === null) {
    // An `_id` that does not read as an id is never taken as "no earlier request" (explore 12 item 1).
    return refuse('rekeyed', 'written_id_unreadable', { id: written.unreadable });
  }
  if (written && (found.length === 0 || found[0]!.id !== written.id)) {
    // The clerk changed the key of a row an earlier run wrote (a results file fed back in): an upsert
    // would create a second request for it, an update would land on another one.
    const name = (record: { id: number; case_request_number?: string | undefined }) =>
      record.case_request_number ? `${record.case_request_number} (id ${record.id})` : `id ${record.id}`;
    return refuse('rekeyed', 'rekeyed_since_written', {
      written: written.case_request_number
        ? `${written.case_request_number} (_id ${written.id})`
        : `_id ${written.id}`,
      now: found.length ? name(found[0]!) : null,
      mode,
    });
  }
  if (found.length === 0) {
    if (mode === 'update') return refuse('not_found', 'match_not_found', nearParams);
    // Trackops gives a request its id and its number: a row naming one no request has is not a new
    // request with it. Created, it would get another, and every later run of the file would create it again.
    if (keyField === 'id' || keyField === 'case_request_number')
      return refuse('not_found', 'upsert_id_not_found');
    if (near.length > 0 && duplicates !== 'create') return refuseNear();
    createUnseenZeros();
    return;
  }
  const record = found[0]!;
  outcome.targetId = record.id;
  // A round-trip CSV's edit in a column an update cannot change: refused, as the XLSX round trip does.
  if (outcome.readOnlyCells) {
    const { refused, notes } = readOnlyRefusals(
      outcome.row,
      outcome.readOnlyCells,
      record,
      outcome.dayOrder,
      ways,
    );
    delete outcome.readOnlyCells;
    if (notes.length > 0) outcome.notes = [...(outcome.notes ?? []), ...notes];
    if (refused.length > 0) {
      outcome.action = 'update';
      outcome.status = 'invalid';
      delete outcome.body;
      outcome.problems.push(...refused);
      return;
    }
  }
  let cannotChange: Problem[] = [];
  let created: CaseRequestCreateBody | null = null;
  if (mode === 'upsert' && outcome.body) {
    // Upsert rows carry a create body (they may create); a match turns it into an update body, whose
    // client/contact the runner merges with the stored ones (seed note 1). What the update cannot carry
    // (Region, Budget, subjects) is said on the row where the file's value differs from the request's.
    created = outcome.body as CaseRequestCreateBody;
    cannotChange = createOnlyNotes(outcome.row, created, record, preview.createOnly, preview.words, {
      typed: (column) => preview.typed(outcome, column),
    });
    if (cannotChange.length) outcome.notes = [...(outcome.notes ?? []), ...cannotChange];
    outcome.body = updateBodyFromCreate(created);
    outcome.partialObjects = ['client', 'contact'];
  }
  // A number cell's digits in a text target, where the request holds them with leading zeros: the
  // stored value is kept and the row says so (batch/stored-zeros.ts); the send then sends it so.
  // A round-trip CSV's cell in scientific notation that lost digits is refused, naming the cell.
  if (outcome.body && outcome.numberTexts) {
    const kept = keepRowZeros(outcome, outcome.body as CaseRequestUpdateBody, record, ways);
    if ('refused' in kept) {
      outcome.action = 'update';
      outcome.status = 'invalid';
      delete outcome.body;
      outcome.problems.push(...kept.refused);
      return;
    }
    outcome.body = kept;
  }
  const body = (outcome.body ?? {}) as CaseRequestUpdateBody;
  const merged = mergeStored(body, record, preview.partialFields);
  if ('refused' in merged) {
    // The import would refuse it too (merge-stored.ts): say so now, naming the column.
    const refused = merged.refused;
    outcome.action = 'update';
    outcome.status = 'invalid';
    delete outcome.body;
    if (refused.code === 'object_not_stored') {
      outcome.problems.push(
        problem('object_not_stored', {
          row: outcome.row,
          label: preview.columnOf(refused.target),
          target: refused.target,
          value: null,
          ...refused.params,
        }),
      );
      return;
    }
    const { target, field, stored } = refused;
    outcome.problems.push(
      problem('composite_not_mergeable', {
        row: outcome.row,
        label: preview.columnOf(target),
        target,
        value: stored,
        what: targetWords(`custom_fields.${field}`, preview.words),
        request: record.case_request_number ?? `request ${record.id}`,
        stored,
      }),
    );
    return;
  }
  // A case field the request's case type does not enable: Trackops would refuse the PUT (explore 33
  // item 5). The row's case type is the request's, which the check of the cells could not know. After
  // the merge, which leaves out a clear of a field holding nothing (as such a field does).
  const notEnabled = fieldsNotEnabled(outcome.row, merged.body, record, {
    ...preview.words,
    typed: (column) => preview.typed(outcome, column),
    ...(preview.mappingWords ? { mappingWords: preview.mappingWords } : {}),
  });
  if (notEnabled.length > 0) {
    refuseUpdate(outcome, cannotChange);
    outcome.problems.push(...notEnabled);
    return;
  }
  const changes = fieldChanges(merged.body, record, preview.words);
  if (changes.length === 0 && created && cannotChange.length > 0) {
    // Its only change is one an update cannot make: nothing would be sent and the change would be lost,
    // so it is not "unchanged" (Trackops does not hold it) but a row a person must act on (explore 33
    // item 6), refused in the dry run and the import alike.
    refuseUpdate(outcome, cannotChange);
    outcome.problems.push(
      ...createOnlyNotes(outcome.row, created, record, preview.createOnly, preview.words, {
        typed: (column) => preview.typed(outcome, column),
        code: 'update_cannot_change_only',
      }),
    );
    return;
  }
  // A round-trip CSV's row that would change a request changed since the export: a conflict. One that
  // would change nothing is unchanged, whatever its stamp (the same file imported again).
  if (changes.length > 0 && outcome.exportStamps) {
    const verdict = exportStampVerdict(outcome.row, outcome.exportStamps, record, outcome.dayOrder);
    if (verdict.kind === 'refused') {
      refuseUpdate(outcome, cannotChange);
      outcome.problems.push(verdict.problem);
      return;
    }
    if (verdict.kind === 'guess') outcome.notes = [...(outcome.notes ?? []), verdict.note];
  }
  outcome.changes = changes.map((change) => ({ ...change, column: preview.columnOf(change.target) }));
  outcome.action = changes.length > 0 ? 'update' : 'unchanged';
}

/**
 * An update refused after its request was found: nothing is sent, so the notes that say "the rest of the
 * row is updated" (`cannotChange`) are dropped; the caller adds the problems.
 */
function refuseUpdate(outcome: RowOutcome, cannotChange: readonly Problem[]): void {
  outcome.action = 'update';
  outcome.status = 'invalid';
  delete outcome.body;
  delete outcome.partialObjects;
  if (!outcome.notes || cannotChange.length === 0) return;
  outcome.notes = outcome.notes.filter((note) => !cannotChange.includes(note));
  if (outcome.notes.length === 0) delete outcome.notes;
}

/**
 * "letter case", "spacing", "leading zeros" or two of them: how the near keys differ from the row's
 * (nearKey: a key of digits only is also compared without its leading zeros).
 */
function differenceWords(key: string, near: CaseRequestRecord[], field: KeyField | null): string {
  const spaced = (value: string) => value.trim().replace(/\s+/g, ' ');
  const unzeroed = (value: string) => (/^\d+$/.test(value) ? value.replace(/^0+(?=\d)/, '') : value);
  const held = near.map((record) => String(record[field!] ?? ''));
  // Near keys are equal once spaced, lower-cased and unzeroed: a difference left after spacing (and
  // unzeroing) is letter case, one left after lower-casing is white space, one left after both is zeros.
  const caseDiffers = held.some((value) => unzeroed(spaced(value)) !== unzeroed(spaced(key)));
  const spaceDiffers = held.some(
    (value) => unzeroed(value.trim().toLowerCase()) !== unzeroed(key.trim().toLowerCase()),
  );
  const zerosDiffer = held.some((value) => spaced(value).toLowerCase() !== spaced(key).toLowerCase());
  const words = [
    ...(caseDiffers ? ['letter case'] : []),
    ...(spaceDiffers ? ['spacing'] : []),
    ...(zerosDiffer ? ['leading zeros'] : []),
  ];
  return words.length === 3 ? 'letter case, spacing and leading zeros' : words.join(' and ') || 'letter case';
}
