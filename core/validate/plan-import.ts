/**
 * The live dry run: what the import would do with each valid row (create, update, duplicate, ambiguous,
 * not found), asking the account as little as possible. Rows are gathered first because the cheapest
 * probe depends on how many distinct keys there are: one paged listing of the whole account (indexed by
 * the match key) when that takes fewer requests than one filtered listing per distinct key.
 * Reads only: nothing here writes. Pacing and retries are the API client's.
 *
 * Both probes are complete or fail (API-NOTES Tolerance): the account listing pages until the server's
 * own count (list-all.ts), and a per-key probe trusts a filter only as far as its answer matches the key
 * exactly (find-exact.ts). A record counts as a match only when its key equals the row's exactly, so a
 * server whose filter is loose or ignored never makes a wrong "duplicate" or "update" target.
 */
import type {
  CaseRequestCreateBody,
  CaseRequestFilters,
  CaseRequestRecord,
  TrackopsApi,
} from '../api/types.ts';
import type { AccountReference } from '../account/reference.ts';
import { findExactMatches, keyEquals } from '../api/find-exact.ts';
import { listEveryCaseRequest } from '../api/list-all.ts';
import type { Mapping } from '../mapping/schema.ts';
import { targetWords } from '../mapping/target-words.ts';
import { problem } from '../problems/format.ts';
import type { RowOutcome } from './types.ts';
import { updateBodyFromCreate } from './update-body.ts';

export interface PlanOptions {
  signal?: AbortSignal;
  /** Page size of the account listing; default 100 (API-NOTES Assumed maximum). */
  perPage?: number;
  /** The account's reference data, so problems name the key by its label ("Claim Number"). */
  reference?: AccountReference;
}

export interface PlanStats {
  strategy: 'none' | 'listing' | 'per-key';
  requests: number;
  distinctKeys: number;
}

type KeyField =
  'id' | 'case_request_number' | 'reference_value_1' | 'reference_value_2' | 'reference_value_3';
interface Existing {
  id: number;
  number: string | undefined;
}

export async function* planImport(
  outcomes: Iterable<RowOutcome> | AsyncIterable<RowOutcome>,
  api: TrackopsApi,
  mapping: Mapping,
  options: PlanOptions = {},
  stats: PlanStats = { strategy: 'none', requests: 0, distinctKeys: 0 },
): AsyncIterable<RowOutcome> {
  const mode = mapping.mode ?? 'create';
  const keyField: KeyField | null = mapping.match ?? (mode === 'create' ? 'reference_value_1' : null);
  const rows: RowOutcome[] = [];
  const keys = new Set<string>();
  for await (const outcome of outcomes) {
    rows.push(outcome);
    const key = keyField ? keyOf(outcome, keyField) : undefined;
    if (outcome.status === 'valid' && key !== undefined) keys.add(key);
  }
  stats.distinctKeys = keys.size;
  const existing =
    keyField && keys.size > 0 ? await findExisting(api, keyField, keys, options, stats) : new Map();

  // Problems name the key as the clerk knows it: the sheet's column, and the account's label for it.
  const key = keyField && {
    field: keyField,
    column: mapping.columns.find((column) => column.target === keyField)?.column ?? keyField,
    words: targetWords(keyField, { reference: options.reference, mapping }),
  };
  for (const outcome of rows) {
    options.signal?.throwIfAborted();
    if (outcome.status === 'valid') decide(outcome, mode, key || null, existing, mapping.duplicates);
    yield outcome;
  }
}

function keyOf(outcome: RowOutcome, field: KeyField): string | undefined {
  if (outcome.matchValue !== undefined) return outcome.matchValue;
  const value = (outcome.body as Record<string, unknown> | undefined)?.[field];
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

function decide(
  outcome: RowOutcome,
  mode: string,
  keyPlan: { field: KeyField; column: string; words: string } | null,
  existing: Map<string, Existing[]>,
  duplicates: Mapping['duplicates'],
): void {
  const keyField = keyPlan?.field ?? null;
  const key = keyField ? keyOf(outcome, keyField) : undefined;
  const found = key === undefined ? [] : (existing.get(key) ?? []);
  const fields = {
    row: outcome.row,
    label: keyPlan?.column ?? null,
    target: keyField,
    what: keyPlan?.words,
    value: key ?? '',
  };
  const shown = found
    .slice(0, 5)
    .map((record) => record.number ?? `id ${record.id}`)
    .join(', ');
  const refuse = (
    action: RowOutcome['action'],
    code: 'duplicate_in_account' | 'match_not_found' | 'match_ambiguous',
  ) => {
    outcome.action = action;
    outcome.status = 'invalid';
    delete outcome.body;
    outcome.problems.push(problem(code, { ...fields, existing: shown, count: found.length }));
  };
  if (mode === 'create') {
    // Creating a request whose key the account already has would make a second copy: refuse, say which
    // (unless the mapping says such rows are to be created anyway: `"duplicates": "create"`).
    if (found.length > 0 && duplicates !== 'create') refuse('duplicate', 'duplicate_in_account');
    else outcome.action = 'create';
    return;
  }
  if (found.length > 1) return refuse('ambiguous', 'match_ambiguous');
  if (found.length === 0) {
    if (mode === 'update') return refuse('not_found', 'match_not_found');
    outcome.action = 'create';
    return;
  }
  outcome.action = 'update';
  outcome.targetId = found[0]!.id;
  if (mode === 'upsert' && outcome.body) {
    // Upsert rows carry a create body (they may create); a match turns it into an update body, whose
    // client/contact the runner merges with the stored ones (seed note 1).
    outcome.body = updateBodyFromCreate(outcome.body as CaseRequestCreateBody);
    outcome.partialObjects = ['client', 'contact'];
  }
}

async function findExisting(
  api: TrackopsApi,
  field: KeyField,
  keys: Set<string>,
  options: PlanOptions,
  stats: PlanStats,
): Promise<Map<string, Existing[]>> {
  const perPage = options.perPage ?? 100;
  const index = new Map<string, Existing[]>();
  const add = (key: unknown, record: CaseRequestRecord): void => {
    if (key === null || key === undefined) return;
    const text = String(key).trim();
    if (!keys.has(text)) return;
    const list = index.get(text);
    const entry = { id: record.id, number: record.case_request_number };
    if (!list) index.set(text, [entry]);
    else if (!list.some((known) => known.id === record.id)) list.push(entry);
  };

  const count = await api.countCaseRequests({}, perPage, options.signal);
  stats.requests += 1;
  if (count.page_count < keys.size) {
    stats.strategy = 'listing';
    let pages = 0;
    const listing = listEveryCaseRequest(
      api,
      {},
      {
        perPage,
        knownCount: count.record_count,
        onProgress: (progress) => (pages = progress.pages),
        ...(options.signal ? { signal: options.signal } : {}),
      },
    );
    try {
      for await (const records of listing) for (const record of records) add(record[field], record);
    } finally {
      stats.requests += pages;
    }
    return index;
  }
  stats.strategy = 'per-key';
  for (const key of keys) {
    const filter = filterFor(field, key);
    if (!filter) continue; // an id that is not a number matches nothing
    const found = await findExactMatches(
      api,
      filter,
      (record) => keyEquals(record[field], key),
      options.signal,
    );
    stats.requests += found.requests;
    for (const record of found.records) add(record[field], record);
  }
  return index;
}

function filterFor(field: KeyField, key: string): CaseRequestFilters | null {
  if (field === 'id') return /^[1-9]\d*$/.test(key) ? { id: Number(key) } : null;
  return { [field]: key };
}
