/**
 * Everything the import does for one valid row: find its target (update/upsert), merge partial
 * client/contact objects with the stored request (seed: they are replaced whole on update), write the
 * journal's intent, send, write the outcome. A create whose answer was lost is looked for before it is
 * ever sent again (reconcile.ts); the client itself never re-sends a POST.
 */
import { sleep } from '../pace/sleep.ts';
import type {
  CaseRequestCreateBody,
  CaseRequestFilters,
  CaseRequestRecord,
  CaseRequestUpdateBody,
  TrackopsApi,
  WriteAnswer,
} from '../api/types.ts';
import {
  ApiError,
  AuthError,
  NotFoundError,
  ThrottledError,
  ValidationError,
  writeMayHaveHappened,
} from '../api/errors.ts';
import type { MatchKey } from '../mapping/targets.ts';
import { updateBodyFromCreate } from '../validate/update-body.ts';
import type { ImportMode, RowOutcome } from '../validate/types.ts';
import { fingerprintOf } from './fingerprint.ts';
import type { IntentLine, Journal, OutcomeLine } from './journal.ts';
import { findLostCreate } from './reconcile.ts';
import { mappingTargetOf } from './api-paths.ts';
import { findExactMatches, keyEquals } from '../api/find-exact.ts';

/** Creates sent at most this many times for one row (each after a reconcile found nothing). */
const MAX_CREATE_ATTEMPTS = 5;
/** Give a server that may still be finishing a lost create a moment before looking for it. */
const RECONCILE_DELAY_MS = 500;

export interface RowContext {
  api: TrackopsApi;
  journal: Journal;
  mode: ImportMode;
  match: MatchKey | null;
  /** Ids created or updated by other rows of this run: never claimed by a reconcile. */
  claimedIds: Set<number>;
  /** Aborts requests in flight (second Ctrl-C, app "abort"). */
  hardSignal?: AbortSignal;
  /** Checked before each write leaves: after a soft stop, no new write starts. */
  softSignal?: AbortSignal;
  /** The source column (and cell text) behind an API field path, so errors name what the clerk can fix. */
  columnOf?: (target: string, outcome: RowOutcome) => { column: string | null; value: string | null };
  onResend?: () => void;
}

/** The row's final outcome, or null when a soft stop came before anything was written. */
export async function sendRow(
  outcome: RowOutcome,
  context: RowContext,
): Promise<Omit<OutcomeLine, 'type'> | null> {
  const { journal } = context;
  const inDoubt = journal.state.inDoubt.get(outcome.row);
  try {
    if (inDoubt?.op === 'create') {
      const found = await findLostCreate(context.api, inDoubt, context.claimedIds, context.hardSignal);
      if (found) return await record(context, { row: outcome.row, status: 'created', ...identity(found) });
    }
    const target = await resolveTarget(outcome, context);
    if ('failure' in target) return await record(context, target.failure);
    if (target.id === null) return await create(outcome, context);
    return await update(outcome, target.id, context);
  } catch (error) {
    if (error instanceof AuthError || !(error instanceof ApiError)) throw error;
    return await record(context, failure(outcome, error, context));
  }
}

type Target = { id: number | null } | { failure: Omit<OutcomeLine, 'type'> };

/** create mode → null (create); update → the one match; upsert → the one match or null. */
async function resolveTarget(outcome: RowOutcome, context: RowContext): Promise<Target> {
  if (context.mode === 'create') return { id: null };
  const key = context.match;
  const value = outcome.matchValue?.trim() ?? '';
  if (!key || value === '') {
    if (context.mode === 'upsert') return { id: null };
    return refusal(
      outcome,
      'match_missing',
      `no ${key ?? 'match key'} in this row: an update needs one to find the request`,
    );
  }
  const filters: CaseRequestFilters = {};
  if (key === 'id') {
    const id = Number(value);
    if (!Number.isInteger(id) || id <= 0)
      return refusal(outcome, 'match_bad_id', `id '${value}' is not a Trackops id (a whole number)`);
    filters.id = id;
  } else {
    filters[key] = value;
  }
  // A filter may match loosely or not at all (API-NOTES Tolerance): only an exact match is a target.
  const { records: found } = await findExactMatches(
    context.api,
    filters,
    (record) => keyEquals(record[key], value),
    context.hardSignal,
  );
  if (found.length === 1) return { id: found[0]!.id };
  if (found.length > 1) {
    return refusal(
      outcome,
      'match_ambiguous',
      `${key} '${value}' matches several case requests (${found.map((r) => r.case_request_number ?? r.id).join(', ')}); make it unique or match by id`,
    );
  }
  if (context.mode === 'upsert') return { id: null };
  return refusal(
    outcome,
    'match_not_found',
    `no case request has ${key} '${value}'; check the value, or import with --mode upsert to create it`,
  );
}

async function create(outcome: RowOutcome, context: RowContext): Promise<Omit<OutcomeLine, 'type'> | null> {
  const body = outcome.body as CaseRequestCreateBody;
  const fingerprint = fingerprintOf(body);
  const lookup = lookupOf(body, context.match);
  for (let attempt = 1; ; attempt++) {
    if (context.softSignal?.aborted) return null;
    const intent: Omit<IntentLine, 'type'> = {
      row: outcome.row,
      op: 'create',
      at: new Date().toISOString(),
      fingerprint,
      ...(lookup ? { lookup } : {}),
    };
    await context.journal.intent(intent);
    try {
      const answer = await context.api.createCaseRequest(body, context.hardSignal);
      if (answer.record) {
        return await record(context, { row: outcome.row, status: 'created', ...identity(answer.record) });
      }
      return await record(context, await createdUnread(intent, answer, context));
    } catch (error) {
      if (context.hardSignal?.aborted) throw error;
      if (error instanceof ThrottledError && !writeMayHaveHappened(error) && attempt < MAX_CREATE_ATTEMPTS) {
        context.onResend?.();
        continue;
      }
      if (!writeMayHaveHappened(error)) throw error;
      // The answer was lost: the create may be stored. Look before sending it again.
      await sleep(RECONCILE_DELAY_MS, context.hardSignal);
      const found = await findLostCreate(
        context.api,
        { type: 'intent', ...intent },
        context.claimedIds,
        context.hardSignal,
      );
      if (found) return await record(context, { row: outcome.row, status: 'created', ...identity(found) });
      if (attempt >= MAX_CREATE_ATTEMPTS) throw error;
      context.onResend?.();
    }
  }
}

async function update(
  outcome: RowOutcome,
  id: number,
  context: RowContext,
): Promise<Omit<OutcomeLine, 'type'> | null> {
  let body: CaseRequestUpdateBody =
    context.mode === 'upsert'
      ? updateBodyFromCreate(outcome.body as CaseRequestCreateBody)
      : (outcome.body as CaseRequestUpdateBody);
  if (body.client || body.contact) {
    // Seed note 1: client/contact are replaced whole, so a sheet that gives part of one is merged
    // into the stored object first; without this an update of client.city would erase the client's name.
    const stored = await context.api.getCaseRequest(id, context.hardSignal);
    body = mergeStored(body, stored);
  }
  if (context.softSignal?.aborted) return null;
  await context.journal.intent({ row: outcome.row, op: 'update', id, at: new Date().toISOString() });
  const answer = await context.api.updateCaseRequest(id, body, context.hardSignal);
  // A 2xx is an update that happened, even when its body is a 204 or `{"success": true}`.
  return await record(context, {
    row: outcome.row,
    status: 'updated',
    ...(answer.record ? identity(answer.record) : { id }),
  });
}

/**
 * A create answered 2xx whose body is not a record we can read: it is stored, so it is never sent
 * again. Its id is looked up once among the requests created since (reconcile.ts); if that fails, the
 * row is still `created`, without an id, and says so.
 */
async function createdUnread(
  intent: Omit<IntentLine, 'type'>,
  answer: WriteAnswer,
  context: RowContext,
): Promise<Omit<OutcomeLine, 'type'>> {
  const unread = `Trackops answered ${answer.status} (created) with a body this tool could not read: ${answer.unreadable ?? ''}`;
  let found: CaseRequestRecord | null = null;
  try {
    found = await findLostCreate(
      context.api,
      { type: 'intent', ...intent },
      context.claimedIds,
      context.hardSignal,
    );
  } catch (error) {
    if (error instanceof AuthError || !(error instanceof ApiError)) throw error;
  }
  if (found) return { row: intent.row, status: 'created', ...identity(found) };
  return {
    row: intent.row,
    status: 'created',
    note: {
      code: 'created_id_unread',
      message: `${unread}. The request was created once and will not be sent again; look it up in Trackops to see its number.`,
    },
  };
}

export function mergeStored(body: CaseRequestUpdateBody, stored: CaseRequestRecord): CaseRequestUpdateBody {
  const merged: CaseRequestUpdateBody = { ...body };
  if (body.client) merged.client = { ...withoutNulls(stored.client), ...body.client };
  if (body.contact) merged.contact = { ...withoutNulls(stored.contact), ...body.contact };
  return merged;
}

function withoutNulls<T extends object>(value: T | undefined): Partial<T> {
  const result: Record<string, unknown> = {};
  for (const [key, part] of Object.entries(value ?? {}))
    if (part !== null && part !== undefined) result[key] = part;
  return result as Partial<T>;
}

function lookupOf(body: CaseRequestCreateBody, match: MatchKey | null): IntentLine['lookup'] {
  const keys =
    match && match.startsWith('reference_value_')
      ? [match]
      : ['reference_value_1', 'reference_value_2', 'reference_value_3'];
  for (const key of keys) {
    const value = (body as unknown as Record<string, unknown>)[key];
    if (typeof value === 'string' && value.trim() !== '') return { filter: key, value };
  }
  return undefined;
}

async function record(
  context: RowContext,
  line: Omit<OutcomeLine, 'type'>,
): Promise<Omit<OutcomeLine, 'type'>> {
  if (line.id !== undefined && line.status !== 'failed') context.claimedIds.add(line.id);
  await context.journal.outcome(line);
  return line;
}

function identity(record: CaseRequestRecord): { id: number; case_request_number?: string } {
  return {
    id: record.id,
    ...(typeof record.case_request_number === 'string'
      ? { case_request_number: record.case_request_number }
      : {}),
  };
}

function refusal(outcome: RowOutcome, code: string, message: string): Target {
  return { failure: { row: outcome.row, status: 'failed', error: { code, message } } };
}

function failure(outcome: RowOutcome, error: ApiError, context: RowContext): Omit<OutcomeLine, 'type'> {
  const retryable = !(error instanceof ValidationError || error instanceof NotFoundError);
  if (error instanceof ValidationError) {
    const targets = Object.entries(error.fieldErrors).map(
      ([apiPath, list]) => [mappingTargetOf(apiPath, outcome.body), list] as const,
    );
    const path = targets[0]?.[0];
    const where = path ? context.columnOf?.(path, outcome) : undefined;
    const detail = targets
      .map(([field, list]) => `${context.columnOf?.(field, outcome).column ?? field}: ${list.join('; ')}`)
      .join(' | ');
    return {
      row: outcome.row,
      status: 'failed',
      error: {
        code: 'api_refused',
        message: `Trackops refused this row: ${detail || error.message}${where?.value ? ` (value '${where.value}')` : ''}. Fix it in the file and import it again.`,
        target: path ?? null,
      },
    };
  }
  return {
    row: outcome.row,
    status: 'failed',
    error: {
      code: error.code,
      message: `${error.message}${retryable ? ' (run again with --resume to retry this row)' : ''}`,
    },
    ...(retryable ? { retryable: true } : {}),
  };
}
