/**
 * Everything the import does for one valid row: settle a create an earlier run may have stored (the
 * journal's rows in doubt, the resume sweep), find its target (update/upsert) among the requests the
 * plan found (stored-requests.ts, checked for changes since), merge partial objects with the stored
 * request (merge-stored.ts), compare (validate/field-changes.ts), write the journal's intent, send,
 * write the outcome. An update that would change nothing sends nothing (`unchanged`, not journalled: a
 * resume compares again); one whose fields changed in Trackops since the plan is a `conflict`, never
 * overwritten. A create whose answer was lost is looked for before it is ever sent again
 * (reconcile.ts); the client itself never re-sends a POST. Only an outcome that proves a request's fate
 * is journalled: when a look-up fails, the row stays in doubt (SearchFailedError) and the run stops.
 */
import { inDoubtAdvice } from './in-doubt-advice.ts';
import { sleep } from '../pace/sleep.ts';
import type {
  CaseRequestCreateBody,
  CaseRequestRecord,
  CaseRequestUpdateBody,
  FailureSaid,
  TrackopsApi,
  WriteAnswer,
} from '../api/types.ts';
import {
  AnswerCutError,
  ApiError,
  AuthError,
  ForbiddenError,
  NetworkError,
  NotApiAnswerError,
  NotFoundError,
  RedirectedError,
  ServerError,
  stopsTheRun,
  ThrottledError,
  TooLargeError,
  ValidationError,
  writeMayHaveHappened,
} from '../api/errors.ts';
import type { MatchKey } from '../mapping/targets.ts';
import type { PlainProblemCode } from '../problems/catalogue.ts';
import type { WaysOut } from '../problems/ways-out.ts';
import { formatProblem } from '../problems/format.ts';
import { withConnectionWords } from '../problems/mapping-words.ts';
import type { SweepResult } from './resume-sweep.ts';
import { updateBodyFromCreate } from '../validate/update-body.ts';
import type { ImportMode, RowOutcome } from '../validate/types.ts';
import { EXPAND_FIELD_VALUES } from '../export/spool.ts';
import { contentOf, fingerprintOf } from './fingerprint.ts';
import { partsOf } from './near-edit.ts';
import { ANSWERED_EXISTING, type IntentLine, type Journal, type OutcomeLine } from './journal.ts';
import { mergeStored } from './merge-stored.ts';
import { keptValues, revertBody } from './revert-values.ts';
import {
  createdSince,
  findLostCreate,
  LOST_CREATE_WAITS,
  searchFrom,
  type LostCreateWaits,
} from './reconcile.ts';
import type { SearchesMet } from './searches-met.ts';
import { createSaidFailed, updateSaidFailed, type SaidAnswer } from './said-failed.ts';
import {
  clockTime,
  earlierSendWaitWords,
  type EarlierSendWait,
  earlierWriteOf,
  lastLeftAt,
  resumeAfterWords,
  settledAt,
  settleWindowMs,
  updateRetryAfterWords,
} from './earlier-sends.ts';
import { attemptDepartures } from './attempt-departures.ts';
import { readBackUnreadUpdate, settleUnreadCreate } from './unconfirmed-write.ts';
import { findLateCreate } from './own-create.ts';
import { duplicateInDoubtNote } from './duplicate-in-doubt.ts';
import { identity, requestName } from './record-identity.ts';
import { updatedAtOf } from './record-updated-at.ts';
import { reasonOf, SearchFailedError } from './search-failed.ts';
import { mappingTargetOf } from './api-paths.ts';
import { tooLargeFailure } from './too-large-row.ts';
import { UNNAMED_FIELD } from '../api/error-bodies.ts';
import { rowKey, type FreshnessOptions, type StoredRequests } from './stored-requests.ts';
import { targetWords, type TargetWordsContext } from '../mapping/target-words.ts';
import {
  applyUpdate,
  changeWords,
  conflictingChanges,
  fieldChanges,
  valuesNotHeld,
  type FieldChange,
} from '../validate/field-changes.ts';
import { probe } from '../validate/find-existing.ts';
import { keepRowZeros } from './stored-zeros.ts';
import type { CreateContents } from './create-contents.ts';
import { readOnlyRefusals } from '../validate/read-only-cells.ts';
import { exportStampVerdict } from '../validate/round-trip-csv-stamp.ts';
import { AnswerNotRecordedError } from './journal-refused.ts';
import { lostSendWords, type LostSend } from './lost-send-words.ts';

/** Creates sent at most this many times for one row (each after a reconcile found nothing). */
const MAX_CREATE_ATTEMPTS = 5;
export interface RowContext {
  api: TrackopsApi;
  /** The run's contents of its create bodies, each made once (create-contents.ts); else made here. */
  createContents?: CreateContents;
  /** The host's words for what to do next (problems/ways-out.ts). */
  waysOut: WaysOut;
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
  columnOf?: (
    target: string,
    outcome: RowOutcome,
  ) => { column: string | null; value: string | null; cleared?: true };
  onResend?: () => void;
  /** What the resume sweep found (resume-sweep.ts): row → request, or null when it positively was not found. */
  swept?: ReadonlyMap<number, CaseRequestRecord | null> & Pick<SweepResult, 'byIdentity' | 'ownCreates'>;
  /** Case NAME/ADDRESS fields the mapping gives part by part: merged into the stored value on update. */
  partialFields?: ReadonlySet<number>;
  /** Update/upsert: the requests the plan found, kept fresh (stored-requests.ts). */
  stored?: StoredRequests;
  /** Send updates that would change nothing too (`--force`). */
  force?: boolean;
  /** Every update outcome names its target and carries a body already checked against it (round trip). */
  targetsChecked?: boolean;
  /** With targetsChecked: the request as its caller read it before sending, when it did. */
  readBefore?: (row: number) => CaseRequestRecord | null;
  /** Clock and ages of the freshness checks (tests shorten them). */
  now?: () => number;
  freshSeconds?: number;
  refreshSeconds?: number;
  /** Labels of fields in conflict messages. */
  words?: TargetWordsContext;
  /** Waits before looking for a create whose answer was lost (reconcile.ts; tests shorten them). */
  lostCreateWaits?: Partial<LostCreateWaits>;
  /** Told before each such wait, so that the progress says it (trackops-waits.ts). */
  onLookAgain?: (row: number, inMs: number, lost: LostSend) => void;
  /** Writes Trackops accepted and refused (403) so far, shared by the run's rows (refusedWrite). */
  writes?: WriteTally;
  /** Writes answered without their record so far, and what finding it cost (the run's note). */
  withoutRecord?: WithoutRecord;
  /**
   * Told when a row starts waiting for its earlier send to settle (earlier-sends.ts: until when, in
   * words) and when the wait ends (null), so that a host says why nothing moves.
   */
  onEarlierSendWait?: (row: number, wait: EarlierSendWait | null) => void;
  /** Rows that waited for their earlier send already (each waits once). */
  waitedRows?: Set<number>;
  /**
   * When (this machine's clock) the run's looks before sending began: the resume's search of the
   * account and the plan's reads. A write whose window ends after this was looked at too soon, so it is
   * looked at again before it is sent, even when the window passed while other rows were sent.
   */
  lookedAt?: number;
  /**
   * The run's tally of what its searches met (a filter Trackops ignored, a list that moved): each
   * search hands its listing's progress to it, and the run says it once (searches-met.ts).
   */
  searchesMet?: SearchesMet;
}

/**
 * Writes Trackops answered without the record they wrote (explore 29 item 7), counted so that the run
 * says once what that cost: every such create costs a read of its Location (one request) or a search
 * of the requests created since (a count and a page, at least); every such update a read back.
 */
export interface WithoutRecord {
  creates: number;
  /** Of `creates`: read at the address their answer's Location named. */
  readAtLocation: number;
  /** Of `creates`: searched for among the requests created since. */
  searched: number;
  /** Updates answered with neither their record nor an acknowledgement, read back. */
  updatesReadBack: number;
  /** Updates answered so whose read back failed: in doubt, never counted as read back. */
  updatesNotReadBack: number;
}

export function emptyWithoutRecord(): WithoutRecord {
  return { creates: 0, readAtLocation: 0, searched: 0, updatesReadBack: 0, updatesNotReadBack: 0 };
}

/**
 * What tells a 403 on one record (its permission: the row fails, the run goes on) from one on the
 * credentials (the run stops): whether any write with them went through, and how many were refused since.
 */
export interface WriteTally {
  /** Creates and updates Trackops accepted: this run's, and an earlier run's of the same journal. */
  accepted: number;
  /** 403 refusals of writes since the last write accepted. */
  refusedInARow: number;
  /**
   * This run's rows refused on their own since the last write accepted: if the refusals reach
   * REFUSED_IN_A_ROW they were the start of a streak taken for the credentials, and go back to be sent.
   */
  streak?: RefusedRow[];
  /**
   * Rows an earlier run of this journal saw refused on their own (journal `refused`): --resume sends them
   * again. Refused again, they are still that record's, and do not count toward a streak.
   */
  refusedBefore?: ReadonlySet<number>;
}

/** A row refused with 403, as a streak keeps it: the request it was for, and the words of its refusal. */
export interface RefusedRow {
  row: number;
  target: Pick<CaseRequestRecord, 'id' | 'case_request_number'> | null;
  words: { request: string | null; said: string; where: string };
}

/** Writes refused with 403 one after another, after others went through, at which the run stops. */
export const REFUSED_IN_A_ROW = 3;

/**
 * The run stopped on 403s to its writes: before anything was written with these credentials, or
 * REFUSED_IN_A_ROW in a row. Taken to be the credentials, and said to be a guess (CLI exit 3).
 */
export class WritesRefusedError extends AuthError {
  /** For the results of the rows not sent. */
  readonly why: string;

  /** Every row of the refusals that stopped the run: none is done, each is sent again by --resume. */
  readonly rows: readonly number[];

  constructor(message: string, refused: ForbiddenError, why: string, rows: readonly number[]) {
    super('writes_refused', message, { method: refused.method, path: refused.path, status: 403 });
    this.why = why;
    this.rows = rows;
  }
}

/** What a row ended as: a journal outcome, or `unchanged` (nothing sent, nothing journalled). */
export type RowEnd =
  Omit<OutcomeLine, 'type'> | { row: number; status: 'unchanged'; id: number; case_request_number?: string };

/** Note code of a row found in Trackops that the journal had no trace of (it was cut short). */
export const FOUND_WITHOUT_JOURNAL = 'found_without_journal';

/**
 * The row's final outcome, or null when a soft stop came before anything was written. Throws
 * SearchFailedError when a create's fate could not be established (the row stays in doubt), what stops
 * a run (stopsTheRun: AuthError, WaitTooLongError, NotApiAnswerError), and bugs; every other API failure is the row's `failed` outcome.
 */
export async function sendRow(outcome: RowOutcome, context: RowContext): Promise<RowEnd | null> {
  const inDoubt = context.journal.state.inDoubt.get(outcome.row);
  try {
    if (inDoubt?.op === 'create' || context.swept?.has(outcome.row)) {
      const found = await lookForEarlierCreate(outcome, inDoubt, context);
      const own = context.swept?.ownCreates?.get(outcome.row);
      if (found)
        return await record(context, {
          ...foundEarlierCreate(outcome.row, found, inDoubt),
          // Found as the one request only its send can have made, edited since (own-create.ts): said.
          ...(own ? { note: { code: 'found_edited', message: `found in Trackops: ${own}` } } : {}),
        });
    }
    if (outcome.action === 'duplicate') {
      // A row the account already holds (the duplicate check) whose earlier create, in doubt, was not
      // found: never sent now, and said whose the request holding its key is (duplicate-in-doubt.ts).
      if (inDoubt?.op === 'create') return await settleDuplicateInDoubt(outcome, inDoubt, context);
      return await record(context, { row: outcome.row, status: 'duplicate' });
    }
    if (inDoubt?.op === 'create') {
      // Not found, but its send may not have landed yet (earlier-sends.ts): sent again only after.
      const settled = await waitForEarlierSend(outcome.row, inDoubt, context);
      if (settled === 'stopped') return null;
      // Looked for by content, and else as the one request only its send can have made: a colleague
      // may have worked on it between its late store and this look (own-create.ts).
      const late = settled === 'waited' ? await searchForLateCreate(outcome, inDoubt, context) : null;
      if (late) {
        // The resume's "none was found, sent again" no longer holds (runner.ts settleByIdentity).
        const notes = outcome.notes?.filter((note) => note.code !== 'in_doubt_not_found');
        if (notes?.length) outcome.notes = notes;
        else delete outcome.notes;
        const words = {
          sent: clockTime(Date.parse(lastLeftAt(inDoubt))),
          looked: clockTime((context.now ?? Date.now)()),
        };
        const message = formatProblem('stored_late', words);
        return await record(context, {
          ...foundEarlierCreate(outcome.row, late.record, inDoubt),
          note: { code: 'stored_late', message: late.own ? `${message}. ${late.own}` : message },
        });
      }
    }
    const target = await resolveTarget(outcome, context);
    if ('failure' in target) return await record(context, target.failure);
    if (target.id === null) {
      const added = await addedSincePlan(outcome, context);
      if (added) return await record(context, added);
      return await create(outcome, context);
    }
    return await update(outcome, target, context);
  } catch (error) {
    // A page instead of the API (a sign-in gateway's login page) on a read: every request after it would
    // get the same, so the run stops (stopsTheRun); the row sent nothing, so it is simply not sent.
    if (stopsTheRun(error) || error instanceof SearchFailedError || !(error instanceof ApiError)) throw error;
    return await record(context, failure(outcome, error, context));
  }
}

/**
 * A duplicate in doubt its search did not find: its send may land yet (earlier-sends.ts), so it is
 * looked for again once its window has passed, as a create in doubt is; found then, it is `created`.
 * Else `duplicate`, never sent, its note saying whether the requests holding its key are certainly
 * another's (created before the send) or may be its own (created around it): duplicate-in-doubt.ts.
 */
async function settleDuplicateInDoubt(
  outcome: RowOutcome,
  inDoubt: IntentLine,
  context: RowContext,
): Promise<RowEnd | null> {
  const body = outcome.duplicateOf?.body;
  const settled = await waitForEarlierSend(outcome.row, inDoubt, context);
  if (settled === 'stopped') return null;
  const late =
    settled === 'waited' && body ? await searchForLateCreate({ ...outcome, body }, inDoubt, context) : null;
  if (late) {
    const message = formatProblem('stored_late', {
      sent: clockTime(Date.parse(lastLeftAt(inDoubt))),
      looked: clockTime((context.now ?? Date.now)()),
    });
    return await record(context, {
      ...foundEarlierCreate(outcome.row, late.record, inDoubt),
      note: { code: 'stored_late', message: late.own ? `${message}. ${late.own}` : message },
    });
  }
  const refusal = outcome.problems.find((said) => said.code === 'duplicate_in_account');
  const key = context.stored
    ? rowKey({ ...outcome, body: outcome.body ?? body }, context.stored.keyField)
    : undefined;
  const planned = key === undefined ? [] : context.stored!.planned(key);
  // The plan's records of the requests holding the key (their creation times); else their ids alone.
  const holders: CaseRequestRecord[] =
    planned.length > 0 ? planned : (outcome.duplicateOf?.ids ?? []).map((id) => ({ id }));
  const note = duplicateInDoubtNote(inDoubt, holders, refusal, context.api.timeoutMs, context.waysOut);
  return await record(context, { row: outcome.row, status: 'duplicate', note });
}

/** The create an earlier send of this row made, found in Trackops: never sent again. */
function foundEarlierCreate(
  row: number,
  found: CaseRequestRecord,
  inDoubt: IntentLine | undefined,
): Omit<OutcomeLine, 'type'> {
  const note =
    inDoubt?.op === 'create'
      ? {}
      : {
          note: {
            code: FOUND_WITHOUT_JOURNAL,
            message:
              "found in Trackops: a request with exactly this row's content was created since this import began, though its journal has no record of sending it (a journal's end can be cut at a line break); taken to be this import's, so not sent again. If someone else entered it, this row still needs sending",
          },
        };
  // As an answered create keeps its updated_at (explore 26 item 5): the search read the record, so a
  // revert can tell whether it changed since instead of saying that is not known.
  return { row, status: 'created', ...identity(found), ...updatedAtOf(found, 'read'), ...note };
}

/**
 * Before a row whose earlier write got no answer is sent again: that write's settle window
 * (earlier-sends.ts) waited out, said through the context, when it has not passed yet. `waited`: the
 * caller looks again (a search, a read) before sending, since the run's looks came before the window
 * ended (a resume started at once, the window passed while the other rows were sent); `settled`: the
 * window had passed before the run looked (or this row waited already); `stopped`: a stop came during
 * the wait, and the row stays as it was (in doubt).
 */
async function waitForEarlierSend(
  row: number,
  intent: IntentLine,
  context: RowContext,
): Promise<'settled' | 'waited' | 'stopped'> {
  const waited = (context.waitedRows ??= new Set());
  if (waited.has(row)) return 'settled';
  const now = (context.now ?? Date.now)();
  const until = settledAt(lastLeftAt(intent), settleWindowMs(context.api.timeoutMs, context.lostCreateWaits));
  if (until <= now) {
    if (context.lookedAt === undefined || until <= context.lookedAt) return 'settled';
    waited.add(row);
    return 'waited';
  }
  waited.add(row);
  context.onEarlierSendWait?.(row, {
    until,
    words: earlierSendWaitWords(row, intent, until, now),
    wordsAt: (at) => earlierSendWaitWords(row, intent, until, at),
  });
  try {
    await sleep(until - now, context.hardSignal, context.softSignal);
  } catch (error) {
    if (context.softSignal?.aborted && !context.hardSignal?.aborted) return 'stopped';
    throw error;
  } finally {
    context.onEarlierSendWait?.(row, null);
  }
  return 'waited';
}

/**
 * A create the plan found no request for, whose key a request added since holds (explore 11 item 1: the
 * app sent a dry run's rows after the same file had been imported from the command line, creating every
 * row a second time). The plan's records are checked again before the send's first row when older than
 * the freshness age (one count of the requests updated since, stored-requests.ts): a plan made just
 * before sending, as the CLI's, costs nothing. A request added while the rows are being sent is not
 * looked for (that would cost a listing every few minutes of this run's own creates).
 * Only where the plan checked for duplicates (`stored` is given then); an upsert row finds its target
 * the same way in resolveTarget.
 */
async function addedSincePlan(
  outcome: RowOutcome,
  context: RowContext,
): Promise<Omit<OutcomeLine, 'type'> | null> {
  const stored = context.stored;
  if (context.mode !== 'create' || !stored) return null;
  const key = rowKey(outcome, stored.keyField);
  if (key === undefined || !stored.knows(key) || stored.planned(key).length > 0) return null;
  // Once per send, before its first row (when the plan is older than the freshness age), not again
  // while sending: a check costs two requests even when it counts the run's own creates as known (the
  // rule an update's checks follow, stored-requests.ts), and a create is held to 1 request (issue 13).
  await stored.ensureFresh(context.api, {
    ...freshness(context),
    refreshSeconds: Number.POSITIVE_INFINITY,
    refreshRows: Number.POSITIVE_INFINITY,
  });
  const added = stored.current(key);
  if (added.length === 0) return null;
  const names = added.map((record) => record.case_request_number ?? `id ${record.id}`).join(', ');
  const label = targetWords(stored.keyField, context.words);
  return {
    row: outcome.row,
    status: 'duplicate',
    note: {
      code: 'added_since_checked',
      message:
        `not sent: Trackops now holds ${names} with ${label} '${key}', added after this file's rows were checked against the account ` +
        '(imported from elsewhere, or typed in meanwhile); sent, the row would be a second request for it. ' +
        'If it is another claim, give this row its own key and send it again',
    },
  };
}

/** The freshness options of the plan's records, from the row context. */
function freshness(context: RowContext): FreshnessOptions {
  return {
    now: context.now ?? Date.now,
    ...(context.hardSignal ? { signal: context.hardSignal } : {}),
    ...(context.freshSeconds === undefined ? {} : { freshSeconds: context.freshSeconds }),
    ...(context.refreshSeconds === undefined ? {} : { refreshSeconds: context.refreshSeconds }),
    ...(context.searchesMet ? { met: context.searchesMet } : {}),
  };
}

/** The resume sweep's answer for this row, else (no sweep ran) a search of its own. */
async function lookForEarlierCreate(
  outcome: RowOutcome,
  inDoubt: IntentLine | undefined,
  context: RowContext,
): Promise<CaseRequestRecord | null> {
  if (context.swept?.has(outcome.row)) return context.swept.get(outcome.row) ?? null;
  return await searchForCreate(outcome.row, inDoubt!, context);
}

/** Reconcile one create (reconcile.ts); a search that fails proves nothing and throws SearchFailedError. */
async function searchForCreate(
  row: number,
  intent: IntentLine,
  context: RowContext,
  lost?: LostSend,
): Promise<CaseRequestRecord | null> {
  try {
    return await findLostCreate(
      context.api,
      intent,
      context.claimedIds,
      context.hardSignal,
      context.searchesMet,
    );
  } catch (error) {
    // A web page in place of the search's answer is a search that failed (never "not found"): said
    // with the row, like any other search failure.
    const stops = stopsTheRun(error) && !(error instanceof NotApiAnswerError);
    if (stops || !(error instanceof ApiError) || context.hardSignal?.aborted) throw error;
    throw couldNotSearch(row, error, context.waysOut, lost);
  }
}

/** The look after a send's settle window (own-create.ts findLateCreate); fails as searchForCreate does. */
async function searchForLateCreate(
  outcome: RowOutcome,
  intent: IntentLine,
  context: RowContext,
): Promise<{ record: CaseRequestRecord; own?: string } | null> {
  try {
    return await findLateCreate(
      context.api,
      intent,
      outcome.body as Partial<CaseRequestCreateBody>,
      context.claimedIds,
      context.hardSignal,
      context.searchesMet,
    );
  } catch (error) {
    const stops = stopsTheRun(error) && !(error instanceof NotApiAnswerError);
    if (stops || !(error instanceof ApiError) || context.hardSignal?.aborted) throw error;
    throw couldNotSearch(outcome.row, error, context.waysOut);
  }
}

function couldNotSearch(row: number, error: unknown, ways: WaysOut, lost?: LostSend): SearchFailedError {
  // A create answered 5xx was answered: said as such, "the answer was lost" only for a lost one.
  const why =
    lost === undefined || lost.words === 'got no answer'
      ? 'the answer was lost'
      : `it ${lost.words.replace(/ and may or may not have been stored$/, '')}`;
  return new SearchFailedError(
    `row ${row}: its create may have been stored (${why}), and Trackops could not be searched to find out (${reasonOf(error)}). ` +
      `It stays in doubt; nothing more was sent. ${inDoubtAdvice(ways).createSearchFailed}`,
    [row],
    error,
  );
}

/**
 * `id: null`: create. Otherwise the request to update: as the plan found it (`planned`, what the dry run
 * compared with) and as it is now (`current`); both absent for a target checked by its caller.
 */
type Target =
  | { id: null }
  | { id: number; planned?: CaseRequestRecord; current?: CaseRequestRecord }
  | { failure: Omit<OutcomeLine, 'type'> };

/**
 * create mode → null (create); update → the one match; upsert → the one match or null. Matches come from
 * the plan's complete search (stored-requests.ts, checked for changes since), or for a key the plan did
 * not see, from a probe of its own; only records whose key equals the row's value exactly count: a list
 * filter the server applies loosely, or ignores, must never pick the wrong request (issue 12). When the
 * requests holding the key changed since the plan (one re-keyed, created, or made ambiguous), the row is
 * a conflict: what the dry run said it would do is no longer what it would do.
 */
async function resolveTarget(outcome: RowOutcome, context: RowContext): Promise<Target> {
  if (context.mode === 'create') return { id: null };
  const key = context.match;
  const value = outcome.matchValue?.trim() ?? '';
  if (!key || value === '') {
    if (context.mode === 'upsert') return { id: null };
    return refusal(outcome, 'match_missing', { key: key ?? 'match key' });
  }
  if (key === 'id' && !/^[1-9]\d*$/.test(value)) return refusal(outcome, 'match_bad_id', { value });
  if (context.targetsChecked && outcome.targetId !== undefined) return { id: outcome.targetId };
  let planned: CaseRequestRecord[];
  let current: CaseRequestRecord[];
  const stored = context.stored;
  if (stored?.knows(value)) {
    await stored.ensureFresh(context.api, freshness(context));
    planned = stored.planned(value);
    current = stored.current(value);
  } else {
    // A row the plan did not see (a key fixed after the dry run): looked up on its own.
    ({ records: current } = await probe(context.api, key, value, EXPAND_FIELD_VALUES, context.hardSignal));
    planned = current;
  }
  const names = (records: CaseRequestRecord[]) =>
    records.map((record) => record.case_request_number ?? `id ${record.id}`).join(', ') || 'none';
  const ids = (records: CaseRequestRecord[]) =>
    records
      .map((record) => record.id)
      .sort((a, b) => a - b)
      .join();
  if (ids(planned) !== ids(current)) {
    return refusal(outcome, 'conflict', {
      since: 'look',
      key,
      value,
      then: names(planned),
      now: names(current),
    });
  }
  if (current.length === 1) return { id: current[0]!.id, planned: planned[0]!, current: current[0]! };
  if (current.length > 1) {
    return refusal(outcome, 'match_ambiguous', { key, value, existing: names(current) });
  }
  // An id or number no request has is no new request (plan-import.ts, upsert_id_not_found): never created.
  if (context.mode === 'upsert' && (key === 'id' || key === 'case_request_number')) {
    const message = formatProblem('upsert_id_not_found', { target: key, value }, context.waysOut);
    return {
      failure: { row: outcome.row, status: 'failed', error: { code: 'upsert_id_not_found', message } },
    };
  }
  if (context.mode === 'upsert') return { id: null };
  const message = formatProblem('match_not_found', { key, value }, context.waysOut);
  return { failure: { row: outcome.row, status: 'failed', error: { code: 'match_not_found', message } } };
}

async function create(outcome: RowOutcome, context: RowContext): Promise<Omit<OutcomeLine, 'type'> | null> {
  const body = outcome.body as CaseRequestCreateBody;
  const fingerprint = fingerprintOf(body);
  const content = context.createContents?.of(body) ?? contentOf(body);
  const parts = partsOf(body);
  const lookup = lookupOf(body, context.match);
  // Set when this send follows one whose answer was lost and that two looks did not find.
  let resent: Pick<OutcomeLine, 'note'> | null = null;
  // Every earlier send of this row that left it in doubt, in order: the note names each (explore 59:
  // a row sent three times said only "its first send", and the second 500 read as the same line).
  const lostSends: { what: string; lost: string; looks: string }[] = [];
  for (let attempt = 1; ; attempt++) {
    if (context.softSignal?.aborted) return null;
    const intent: Omit<IntentLine, 'type'> = {
      row: outcome.row,
      op: 'create',
      at: new Date().toISOString(),
      fingerprint,
      content,
      ...(parts ? { parts } : {}),
      ...(lookup ? { lookup } : {}),
    };
    await context.journal.intent(intent);
    // Its attempts that leave later (after a 429, or held back by the pacer) are journalled as they go.
    const departures = attemptDepartures(context.journal, intent);
    /** The request the create's answer gave (`answer`), or its Location named and a read returned. */
    const answeredWith = async (request: CaseRequestRecord, from: 'answer' | 'read') => {
      // A request that existed before this send is another request: the real create is looked for.
      const notNew = notNewWhy(request, intent, context);
      if (notNew !== null) {
        const line = await settleNotNew({ type: 'intent', ...intent }, request, notNew, context);
        return await record(context, { ...line, ...joinedNotes(resent, line) });
      }
      const note = lackingNote(updateBodyFromCreate(body), request, 'create', context);
      return await record(context, {
        row: outcome.row,
        status: 'created',
        ...identity(request),
        // What a revert compares with, to tell a request worked on since from the import's own.
        ...updatedAtOf(request, from),
        ...joinedNotes(resent, note),
      });
    };
    try {
      const answer = await context.api.createCaseRequest(body, context.hardSignal, departures.beforeAttempt);
      if (answer.record) return await answeredWith(answer.record, 'answer');
      if (answer.failureSaid !== undefined) {
        const said = saidOf(answer.status, answer.failureSaid, body);
        // As for a lost answer: a server may list a request a moment after storing it.
        await sleep(waitsOf(context).firstMs, context.hardSignal);
        const line = await createSaidFailed(
          context.api,
          { type: 'intent', ...intent },
          said,
          context.claimedIds,
          context.hardSignal,
          context.searchesMet,
        );
        return await record(context, line);
      }
      // Answered without the record (explore 29 item 7): read where its Location (a 201/202's, a 303's)
      // says it is, one GET; else searched for. Counted for the run's note on what that costs.
      const tally = (context.withoutRecord ??= emptyWithoutRecord());
      tally.creates += 1;
      if (answer.locationId !== undefined) {
        const read = await readAtLocation(answer.locationId, context);
        if (read) {
          tally.readAtLocation += 1;
          return await answeredWith(read, 'read');
        }
      }
      tally.searched += 1;
      const line = await settleUnreadCreate(
        context.api,
        { type: 'intent', ...intent },
        answer,
        context.claimedIds,
        waitsOf(context).againMs,
        context.hardSignal,
        context.searchesMet,
      );
      return await record(context, { ...line, ...joinedNotes(resent, line) });
    } catch (error) {
      // The journal failed as a later attempt was to leave: that attempt never left, and the row stays
      // in doubt for --resume (as when its intent cannot be written).
      if (context.hardSignal?.aborted || error === departures.failure()) throw error;
      if (error instanceof AnswerNotRecordedError) throw error;
      // Answered 2xx, then cut: created, so never sent again; only its number is to be found.
      if (error instanceof AnswerCutError) {
        const line = await findCutCreate({ type: 'intent', ...intent }, error, context);
        return await record(context, { ...line, ...joinedNotes(resent, line) });
      }
      if (error instanceof ThrottledError && !writeMayHaveHappened(error) && attempt < MAX_CREATE_ATTEMPTS) {
        context.onResend?.();
        continue;
      }
      if (error instanceof ForbiddenError)
        return await record(context, await refusedWrite(outcome.row, null, error, context));
      // Refused, rejected, or never left: the answer proves the create was not stored.
      if (!writeMayHaveHappened(error)) {
        // A refusal that stops the run (a 401, a 429 asking for an hour) leaves the row to send on
        // --resume, not in doubt: no search for a create that was refused.
        if (stopsTheRun(error) && error instanceof ApiError)
          await record(context, {
            row: outcome.row,
            status: 'failed',
            error: { code: error.code, message: error.message },
            retryable: true,
          });
        throw error;
      }
      // Something other than the API answered (a login page): whether the create reached Trackops is
      // unknown, and a search would get the same page. The row stays in doubt and the run stops.
      if (error instanceof NotApiAnswerError)
        throw pageInDoubt(outcome.row, 'create', error, context.waysOut);
      // A 503 asking for a wait longer than this tool waits: the run stops, so nothing is looked for or
      // sent again now; the row stays in doubt, and --resume looks for it before sending anything.
      if (stopsTheRun(error)) throw error;
      // The answer was lost: the create may be stored. Look before sending it again.
      // Which send it was (0-based): a second 500 to the same row is another wait, not the first said
      // twice (explore 59).
      const found = await lookForLostCreate(outcome.row, { type: 'intent', ...intent }, error, context, {
        words: lostSendWords(error),
        send: attempt - 1,
      });
      if ('found' in found)
        return await record(context, {
          row: outcome.row,
          status: 'created',
          ...identity(found.found),
          ...updatedAtOf(found.found, 'read'),
        });
      // Positively not found: its fate is known (not stored), so a failure outcome may clear the intent.
      if (attempt >= MAX_CREATE_ATTEMPTS) throw error;
      lostSends.push({ what: lostSendWords(error), lost: reasonOf(error), looks: found.looks });
      resent = {
        note: {
          code: 'resent_after_lost_answer',
          message: formatProblem('resent_after_lost_answer', { sends: [...lostSends] }),
        },
      };
      context.onResend?.();
    }
  }
}

/**
 * A create whose answer was lost (a reset after sending, a timeout, a 5xx) is looked for twice before it
 * is ever sent again. One early look is not evidence: a server may store a request seconds after the
 * exchange ended (a queue behind a slow answer), and its lists may lag its writes (a read replica, a
 * search index). So: a first look after `firstMs` (cheap, and enough for the usual drop after commit),
 * then, when it found nothing, a second after `againMs` (10 s), or after a timeout (ours, or a gateway's
 * 504) at least as long as the request was given, since the server may still be working on it.
 *
 * Still not found after a timeout: the row stays in doubt and the run stops (SearchFailedError). The
 * server was too slow to answer and may still be storing it; a second send could make a duplicate no
 * later look would undo, while stopping costs a `--resume` later, which looks again first.
 * Still not found after a reset or a 5xx: the server ended the exchange itself, and a request it stored
 * would have been listed within the second wait, so the row is sent again (the common case: a 5xx that
 * stored nothing), and its note says so, so that a clerk can check for a twin. Waiting longer, or
 * stopping, would make every passing 5xx cost a resume.
 */
async function lookForLostCreate(
  row: number,
  intent: IntentLine,
  error: unknown,
  context: RowContext,
  lost: LostSend = { words: lostSendWords(error), send: 0 },
): Promise<{ found: CaseRequestRecord } | { looks: string }> {
  const waits = waitsOf(context);
  context.onLookAgain?.(row, waits.firstMs, lost);
  await sleep(waits.firstMs, context.hardSignal);
  const first = await searchForCreate(row, intent, context, lost);
  if (first) return { found: first };
  const timedOut = timedOutAfterMs(error, waits);
  const again = timedOut === null ? waits.againMs : Math.max(waits.againMs, timedOut);
  context.onLookAgain?.(row, again, lost);
  await sleep(again, context.hardSignal);
  const second = await searchForCreate(row, intent, context, lost);
  if (second) return { found: second };
  const looks = `${secondsText(waits.firstMs)} or ${secondsText(waits.firstMs + again)}`;
  if (timedOut !== null) {
    throw new SearchFailedError(
      `row ${row}: Trackops did not answer its create in time (${reasonOf(error)}), and did not list it ${looks} later either: ` +
        'it may still be storing it. It stays in doubt; nothing more was sent, so that it cannot be stored twice. ' +
        resumeAfterWords(
          intent,
          settleWindowMs(context.api.timeoutMs, context.lostCreateWaits),
          context.waysOut,
        ),
      [row],
      error,
      { code: 'create_in_doubt', why: 'a create Trackops was slow to answer is still in doubt' },
    );
  }
  return { looks };
}

/** The time a request was given when it timed out (ours, or a gateway's 504), else null. */
function timedOutAfterMs(error: unknown, waits: LostCreateWaits): number | null {
  if (error instanceof NetworkError && error.timedOutAfterMs !== undefined) return error.timedOutAfterMs;
  if (error instanceof ServerError && error.status === 504) return waits.afterTimeoutMs;
  return null;
}

function waitsOf(context: RowContext): LostCreateWaits {
  return { ...LOST_CREATE_WAITS, ...context.lostCreateWaits };
}

function secondsText(ms: number): string {
  return `${Math.round(ms / 100) / 10} s`;
}

/** The resend note first (a possible twin matters most), then any other note on the same row. */
function joinedNotes(
  resent: Pick<OutcomeLine, 'note'> | null,
  other: Pick<OutcomeLine, 'note'> | null,
): Pick<OutcomeLine, 'note'> | null {
  if (!resent?.note) return other;
  if (!other?.note) return resent;
  return { note: { code: resent.note.code, message: `${resent.note.message} ${other.note.message}` } };
}

/**
 * A write answered by a page that is not the API's (a login page): the row stays in doubt (its intent
 * has no outcome) and the run stops, so `--resume` settles it first: a create by looking for it, an
 * update by reading the request back and comparing, before anything is sent again.
 */
function pageInDoubt(
  row: number,
  op: 'create' | 'update',
  error: NotApiAnswerError,
  ways: WaysOut,
): SearchFailedError {
  const advice = inDoubtAdvice(ways);
  const settle = op === 'create' ? advice.pageCreate : advice.pageUpdate;
  return new SearchFailedError(
    `${error.message}. Row ${row}'s ${op} may or may not have reached Trackops: it stays in doubt, and nothing more was sent. ` +
      settle,
    [row],
    error,
    { code: 'not_api_answer', why: notApiWhy(error) },
  );
}

/** Why the rows after a page or redirect in place of the API's answer were not sent. */
export function notApiWhy(error: NotApiAnswerError): string {
  return error instanceof RedirectedError
    ? `Trackops answered with a redirect (${error.status}) to ${error.page}, not the API`
    : 'Trackops answered with a web page, not the API';
}

async function update(
  outcome: RowOutcome,
  target: { id: number; planned?: CaseRequestRecord; current?: CaseRequestRecord },
  context: RowContext,
): Promise<RowEnd | null> {
  const { id, current } = target;
  if (!current && outcome.action === 'unchanged') {
    // Checked by its caller (a round trip whose edits Trackops already holds): nothing to send. When
    // an earlier run of this import sent it and never learnt the answer (killed mid-PUT), that run's
    // write is what Trackops holds: `updated`, said so, not "unchanged".
    if (earlierUpdate(outcome.row, context)) {
      const read = context.readBefore?.(outcome.row) ?? null;
      return await record(context, {
        row: outcome.row,
        status: 'updated',
        ...(read ? { ...identity(read), ...updatedAtOf(read, 'answer') } : { id }),
        note: { code: APPLIED_EARLIER, message: formatProblem(APPLIED_EARLIER, {}) },
      });
    }
    return { row: outcome.row, status: 'unchanged', id };
  }
  let body: CaseRequestUpdateBody =
    context.mode === 'upsert'
      ? updateBodyFromCreate(outcome.body as CaseRequestCreateBody)
      : (outcome.body as CaseRequestUpdateBody);
  let changes: FieldChange[] | null = null;
  if (current) {
    const conflicts = conflictingChanges(body, target.planned ?? current, current, context.words);
    if (conflicts.length > 0) return await record(context, conflictOutcome(outcome, current, conflicts));
    // Objects the API replaces whole (seed note 1: client/contact; NAME/ADDRESS values) given in part
    // are merged into the stored ones first: the record the plan found (or found since) is the read.
    const merged = mergeStored(body, current, context.partialFields ?? new Set());
    if ('refused' in merged) {
      return await record(context, {
        row: outcome.row,
        status: 'failed',
        error: {
          code: merged.refused.code,
          message: merged.refused.message,
          target: merged.refused.target,
        },
      });
    }
    body = merged.body;
    // Where the dry run's plan did not see this row (batch/stored-zeros.ts): the same rule, now.
    if (outcome.readOnlyCells) {
      // Its notes (a date taken as the stored day by a guess) go on the row, as keepRowZeros's do.
      const { refused, notes } = readOnlyRefusals(
        outcome.row,
        outcome.readOnlyCells,
        current,
        outcome.dayOrder,
        context.waysOut,
      );
      delete outcome.readOnlyCells;
      if (notes.length > 0) outcome.notes = [...(outcome.notes ?? []), ...notes];
      if (refused.length > 0)
        return await record(context, {
          row: outcome.row,
          status: 'failed',
          error: { code: refused[0]!.code, message: refused[0]!.message, target: refused[0]!.target },
        });
    }
    if (outcome.numberTexts) {
      const kept = keepRowZeros(outcome, body, current, context.waysOut);
      if ('refused' in kept) {
        const first = kept.refused[0]!;
        return await record(context, {
          row: outcome.row,
          status: 'failed',
          error: { code: first.code, message: first.message, target: first.target },
        });
      }
      body = kept;
    }
    const earlier = earlierUpdate(outcome.row, context);
    if (earlier?.stored && earlier.sent) {
      // An earlier run's update of this row whose fate it never learnt (its answer lost): `current` was
      // read after it. A field it sends that holds neither what was read before that write (`stored`)
      // nor the row's value was changed in Trackops since: never overwritten.
      const undo = revertBody(earlier.stored, earlier.sent);
      const before = applyUpdate(current, undo.body) as Record<string, unknown>;
      for (const field of undo.uncleared) before[field.target] = null;
      const since = conflictingChanges(body, before as CaseRequestRecord, current, context.words);
      if (since.length > 0) return await record(context, conflictOutcome(outcome, current, since, 'lost'));
    }
    changes = fieldChanges(body, current, context.words);
    // A round-trip CSV's row, on the request as the plan or the last check read it: changed since the
    // export, it is a conflict (round-trip-csv-stamp.ts). Not for an earlier run's write of this row,
    // which moved the stamp itself and is settled just below.
    if (outcome.exportStamps && changes.length > 0 && !earlier) {
      const verdict = exportStampVerdict(outcome.row, outcome.exportStamps, current, outcome.dayOrder);
      if (verdict.kind === 'refused')
        return await record(context, {
          row: outcome.row,
          status: 'failed',
          ...identity(current),
          error: { code: verdict.problem.code, message: verdict.problem.message, target: 'updated_at' },
        });
      if (verdict.kind === 'guess' && !outcome.notes?.some((note) => note.code === verdict.note.code))
        outcome.notes = [...(outcome.notes ?? []), verdict.note];
    }
    if (earlier && changes.length > 0) {
      // Explore 63: the request holds what it held before that write, yet was written since the read
      // it was made from: the write landed and was put back (a revert, a colleague), or someone else
      // wrote the request. Either way "it never landed" is a guess the record contradicts: a person
      // settles it, never a third write that would undo the put-back.
      const moved = writtenSince(earlier.read_updated_at, current.updated_at);
      if (moved) return await record(context, writtenSinceOutcome(outcome, current, moved));
    }
    if (!context.force && changes.length === 0) {
      if (earlier) {
        // An earlier attempt whose answer was lost: the request holds its values, so it landed. Its
        // updated_at as read now is the one after that write (what a revert compares with).
        return await record(context, {
          row: outcome.row,
          status: 'updated',
          ...identity(current),
          ...updatedAtOf(current, 'answer'),
          note: { code: APPLIED_EARLIER, message: formatProblem(APPLIED_EARLIER, {}) },
        });
      }
      return { row: outcome.row, status: 'unchanged', ...identity(current) };
    }
  }
  const unsettled = earlierWriteOf(context.journal.state, outcome.row);
  if (unsettled?.op === 'update') {
    // An earlier PUT of this row that got no answer may land yet (earlier-sends.ts): this one goes
    // only after its window, on the request as read then (the earlier one landed: nothing to send).
    const settled = await waitForEarlierSend(outcome.row, unsettled, context);
    if (settled === 'stopped') return null;
    if (settled === 'waited') {
      const fresh = await context.api.getCaseRequest(id, context.hardSignal);
      if (current)
        return await update(
          outcome,
          { ...target, planned: target.planned ?? current, current: fresh },
          context,
        );
      if (fieldChanges(body, fresh, context.words).length === 0)
        return await record(context, {
          row: outcome.row,
          status: 'updated',
          ...identity(fresh),
          ...updatedAtOf(fresh, 'answer'),
          note: { code: APPLIED_EARLIER, message: formatProblem(APPLIED_EARLIER, {}) },
        });
    }
  }
  if (context.softSignal?.aborted) return null;
  // This PUT goes out on what the last check read: the next check comes sooner (stored-requests.ts).
  if (current) context.stored?.sent(current.id);
  // Issue 18: the values this PUT overwrites, from the record just read and the diff just made (no
  // extra request): what `revert` puts back. A target checked by its caller (a round trip) keeps the
  // record that check read; one it did not read keeps none (its host said so before sending).
  const read = current ? null : (context.readBefore?.(outcome.row) ?? null);
  const kept =
    current && changes
      ? keptValues(changes, body, current)
      : read
        ? keptValues(fieldChanges(body, read, context.words), body, read)
        : null;
  const intent: Omit<IntentLine, 'type'> = {
    row: outcome.row,
    op: 'update',
    id,
    at: new Date().toISOString(),
    ...(kept ? { stored: kept.stored, sent: kept.sent } : {}),
    ...readUpdatedAt(kept ? (current ?? read) : null),
  };
  await context.journal.intent(intent);
  // The client's own retries of this PUT (no answer, a 5xx, a 429) are journalled as they leave: a
  // resume settles it a window after the last of them (earlier-sends.ts).
  const departures = attemptDepartures(context.journal, intent);
  let answer: WriteAnswer;
  try {
    answer = await context.api.updateCaseRequest(id, body, context.hardSignal, departures.beforeAttempt);
  } catch (error) {
    if (error instanceof NotApiAnswerError) throw pageInDoubt(outcome.row, 'update', error, context.waysOut);
    if (error instanceof AnswerCutError)
      return await record(context, await readBackCutUpdate(outcome.row, id, body, error, context));
    if (error instanceof ForbiddenError)
      return await record(
        context,
        await refusedWrite(outcome.row, current ? identity(current) : { id }, error, context),
      );
    if (error instanceof NotFoundError)
      return await record(context, await goneUpdate(outcome, current ?? read, id, context));
    // No answer from any attempt: the PUT may land yet, so the advice names when a resume decides it.
    if (error instanceof ApiError && !stopsTheRun(error))
      return await record(context, failure(outcome, error, context, intent));
    throw error;
  }
  if (answer.failureSaid !== undefined) {
    const said = saidOf(answer.status, answer.failureSaid, body);
    const line = await updateSaidFailed(
      context.api,
      outcome.row,
      id,
      body,
      said,
      context.words ?? {},
      context.hardSignal,
    );
    return await record(context, line);
  }
  if (!answer.record && !answer.acknowledged) {
    // Neither the record nor an acknowledgement (explore 29 item 3: a gateway's "maintenance" notice),
    // or a 303 to the request: what was done is read back, one GET on this unusual path only. Counted
    // as read back only once it was: a read that failed leaves the update in doubt, said as such.
    const tally = (context.withoutRecord ??= emptyWithoutRecord());
    const line = await readBackUnreadUpdate(
      context.api,
      outcome.row,
      id,
      body,
      answer,
      context.words ?? {},
      context.hardSignal,
      undefined,
      (read) => (read ? (tally.updatesReadBack += 1) : (tally.updatesNotReadBack += 1)),
    );
    return await record(context, line);
  }
  // A 2xx is an update that happened, when its body is a 204 or `{"success": true}` too (API-NOTES).
  if (answer.record && answer.record.id !== id) {
    // Answered with another request (a handler that re-reads the wrong row): the id the PUT was sent to
    // is the truth. Results and journal keep it, so a revert undoes the request that was changed; the
    // other request's values and updated_at say nothing of this one.
    const sentTo = current && current.id === id ? identity(current) : { id };
    return await record(context, {
      row: outcome.row,
      status: 'updated',
      ...sentTo,
      note: {
        code: 'answer_other_request',
        message: formatProblem('answer_other_request', {
          request: requestName(sentTo),
          other: `${requestName(answer.record)}${answer.record.case_request_number ? ` (id ${answer.record.id})` : ''}`,
          otherName: requestName(answer.record),
        }),
      },
      ...(current ? updatedAtOf(current, 'read') : {}),
    });
  }
  return await record(context, {
    row: outcome.row,
    status: 'updated',
    ...(answer.record ? identity(answer.record) : { id }),
    ...(answer.record ? lackingNote(body, answer.record, 'update', context) : null),
    ...(answer.record?.updated_at
      ? updatedAtOf(answer.record, 'answer')
      : current
        ? updatedAtOf(current, 'read')
        : {}),
  });
}

/** Note code of a row whose earlier update (answer lost) a resume found applied: not sent again. */
export const APPLIED_EARLIER = 'applied_earlier';

/**
 * This row's update from an earlier attempt whose fate was not learnt: its last intent is an update,
 * with no outcome (the run was killed, or the answer lost) or a failure that may pass on another try
 * (a network error: the PUT may have landed). Undefined when the row has no such attempt.
 */
function earlierUpdate(row: number, context: RowContext): IntentLine | undefined {
  const state = context.journal.state;
  const last = state.lastIntent.get(row);
  // A PUT refused with 403 was answered: never written, nothing to look for.
  return last?.op === 'update' && !state.finished.has(row) && !state.refused.has(row) ? last : undefined;
}

/** A 2xx that said it failed, with the field its errors name translated to the mapping's target. */
function saidOf(
  status: number,
  failure: FailureSaid,
  body: CaseRequestCreateBody | CaseRequestUpdateBody,
): SaidAnswer {
  return {
    status,
    said: failure.words,
    target: failure.field === null ? null : mappingTargetOf(failure.field, body),
  };
}

/**
 * A note when the write's answer does not hold every value the row sent (field-changes.ts
 * valuesNotHeld): read from the answer itself, so it costs no request.
 */
function lackingNote(
  sent: CaseRequestUpdateBody,
  answer: CaseRequestRecord,
  op: 'create' | 'update',
  context: RowContext,
): Pick<OutcomeLine, 'note'> | null {
  const lacking = valuesNotHeld(sent, answer, context.words);
  if (lacking.length === 0) return null;
  const message = formatProblem('answer_lacks_values', {
    request: requestName(answer),
    which: changeWords(lacking, 3, 'is'),
    count: lacking.length,
    op,
  });
  return { note: { code: 'answer_lacks_values', message } };
}

/**
 * Why a create's answer is a request that existed before this send, or null when nothing says so: one
 * another row of this run was already answered with, one whose own created_at (or updated_at) is older
 * than this send (less the reconcile's margin for the server's clock), or one the plan's own check of
 * the account read before anything was sent. No request.
 */
function notNewWhy(
  answer: CaseRequestRecord,
  intent: Omit<IntentLine, 'type'>,
  context: RowContext,
): string | null {
  const since = searchFrom(Date.parse(intent.at), context.api.serverClock);
  if (context.claimedIds.has(answer.id)) return 'another row of this run was already answered with';
  if (!createdSince(answer, since))
    return `was created ${String(answer.created_at)} (UTC), before this row was sent`;
  if (context.stored?.wasRead(answer.id))
    return "this import's own check of the account had read before this row was sent";
  if (!createdSince({ id: answer.id, created_at: answer.updated_at }, since))
    return `was last changed ${String(answer.updated_at)} (UTC), before this row was sent`;
  return null;
}

/**
 * A create answered with a request that is not new (notNewWhy): that request is not this row's create,
 * and the create Trackops may have made is looked for as a lost answer's is (two looks, reconcile.ts),
 * the answered request excluded. Found, it is recorded, with a note naming both. Not found, the server
 * may have de-duplicated (returned what it held instead of creating): the row is recorded with what it
 * answered, and the note says so. Extra requests only on this rare path.
 */
async function settleNotNew(
  intent: IntentLine,
  answer: CaseRequestRecord,
  why: string,
  context: RowContext,
): Promise<Omit<OutcomeLine, 'type'>> {
  const others = { ...context, claimedIds: new Set([...context.claimedIds, answer.id]) };
  const found = await lookForLostCreate(intent.row, intent, null, others, {
    words: 'was answered with a request that is not new',
    send: 0,
  });
  const said = { request: requestName(answer), why };
  if ('found' in found) {
    const message = formatProblem('answer_not_new', { ...said, found: requestName(found.found) });
    return {
      row: intent.row,
      status: 'created',
      ...identity(found.found),
      ...updatedAtOf(found.found, 'read'),
      note: { code: 'answer_not_new', message },
    };
  }
  // Its own code: revert must not list a request the import did not create for deletion (revert-source.ts).
  const message = formatProblem(ANSWERED_EXISTING, { ...said, looks: found.looks }, context.waysOut);
  return {
    row: intent.row,
    status: 'created',
    ...identity(answer),
    ...updatedAtOf(answer, 'answer'),
    note: { code: ANSWERED_EXISTING, message },
  };
}

/** The updated_at of the record an update's kept values were read from (revert-chain.ts). */
function readUpdatedAt(record: CaseRequestRecord | null): { read_updated_at?: string } {
  const value = record?.updated_at;
  return value === undefined || value === null || value === '' ? {} : { read_updated_at: String(value) };
}

/** A row whose fields changed in Trackops since the plan: reported with both values, never sent. */
/**
 * The updated_at read before an earlier attempt's PUT and the one read now, when the request was
 * written in between. Null when either is unknown (older journals, servers that give none) or they
 * are the same moment: then only its values tell.
 */
function writtenSince(readBefore: string | undefined, now: unknown): { then: string; now: string } | null {
  if (!readBefore || now === undefined || now === null || now === '') return null;
  const nowText = String(now);
  const [a, b] = [Date.parse(readBefore), Date.parse(nowText)];
  const moved = Number.isNaN(a) || Number.isNaN(b) ? readBefore !== nowText : b > a;
  return moved ? { then: readBefore, now: nowText } : null;
}

function writtenSinceOutcome(
  outcome: RowOutcome,
  current: CaseRequestRecord,
  moved: { then: string; now: string },
): Omit<OutcomeLine, 'type'> {
  return {
    row: outcome.row,
    status: 'failed',
    ...identity(current),
    error: {
      code: 'conflict',
      message: formatProblem('conflict', {
        since: 'written',
        request: current.case_request_number ?? `Request ${current.id}`,
        then: moved.then,
        now: moved.now,
      }),
    },
  };
}

function conflictOutcome(
  outcome: RowOutcome,
  current: CaseRequestRecord,
  conflicts: FieldChange[],
  since: 'read' | 'lost' = 'read',
): Omit<OutcomeLine, 'type'> {
  return {
    row: outcome.row,
    status: 'failed',
    ...identity(current),
    error: {
      code: 'conflict',
      message: formatProblem('conflict', {
        since,
        request: current.case_request_number ?? `Request ${current.id}`,
        which: changeWords(conflicts, 5, 'is now'),
      }),
      target: conflicts[0]!.target,
    },
  };
}

/**
 * A write refused with 403: a definite refusal, so not in doubt and not done. After other writes with
 * the same credentials went through, it is taken to be this record's (or this row's) refusal: the row
 * fails with Trackops's own words and the run goes on; --resume sends it again, in case the permission
 * was granted since. Before any write went through, or at REFUSED_IN_A_ROW in a row, it is most likely
 * the credentials: every row of the streak is left to be sent by --resume (journal `writes_refused`,
 * retryable), and the run stops with a WritesRefusedError that says it guessed.
 */
async function refusedWrite(
  row: number,
  target: Pick<CaseRequestRecord, 'id' | 'case_request_number'> | null,
  refused: ForbiddenError,
  context: RowContext,
): Promise<Omit<OutcomeLine, 'type'>> {
  const tally = (context.writes ??= { accepted: 0, refusedInARow: 0 });
  const request = target ? requestName(target) : null;
  const said = { request, said: refused.said, where: `${refused.method} ${refused.path}` };
  const again = tally.refusedBefore?.has(row) === true;
  const alone = (): Omit<OutcomeLine, 'type'> => ({
    row,
    status: 'failed',
    ...(target ? identity(target) : {}),
    error: {
      code: 'write_refused',
      message: formatProblem('write_refused', { ...said, alone: true, again }, context.waysOut),
    },
  });
  // Refused before on its own and again now: still that record's, whatever the rows around it do.
  if (again && tally.accepted > 0) return alone();
  tally.refusedInARow += 1;
  if (tally.accepted > 0 && tally.refusedInARow < REFUSED_IN_A_ROW) {
    (tally.streak ??= []).push({ row, target, words: said });
    return alone();
  }
  const stopped = [...(tally.streak ?? []), { row, target, words: said }];
  tally.streak = [];
  for (const line of stopped)
    await record(context, {
      row: line.row,
      status: 'failed',
      ...(line.target ? identity(line.target) : {}),
      error: {
        code: 'writes_refused',
        message: formatProblem('write_refused', line.words, context.waysOut),
      },
      retryable: true,
    });
  const first = tally.accepted === 0;
  const message = first
    ? `Trackops refused the first write of this import (row ${row}: 403 on ${said.where}: "${refused.said}"), and nothing has been written with these credentials yet. ` +
      'This tool guesses from that 403 that these credentials may not write (API access not enabled for this user, or no permission to change requests): ask a Trackops admin.'
    : `Trackops refused ${tally.refusedInARow} writes in a row (rows ${stopped.map((line) => line.row).join(', ')}; the last, row ${row}: 403 on ${said.where}: "${refused.said}") after accepting ${tally.accepted}. ` +
      'This tool guesses from those 403s that these credentials lost their permission to write (API access, or a role changed): ask a Trackops admin.';
  throw new WritesRefusedError(
    message,
    refused,
    first
      ? 'Trackops refused the first write with 403 (taken, as a guess, for a refusal of the credentials)'
      : `Trackops refused ${tally.refusedInARow} writes in a row with 403 (taken, as a guess, for a refusal of the credentials)`,
    stopped.map((line) => line.row),
  );
}

/**
 * The words of a row refused with 403 whose verdict is pending (in the open streak): the refusal, and
 * that the next writes' answers decide whether it is the row's alone or the credentials'. Null once
 * the row is no longer in the streak (settled: its result carries its own words).
 */
export function pendingRefusalWords(row: number, context: RowContext): string | null {
  const refused = context.writes?.streak?.find((line) => line.row === row);
  if (!refused) return null;
  return formatProblem(
    'write_refused',
    { ...refused.words, pending: true, inARow: REFUSED_IN_A_ROW },
    context.waysOut,
  );
}

/**
 * An update answered 2xx whose answer was cut (AnswerCutError): carried out, so never sent again, and
 * not "no answer". What it did is read back (one GET, only on this rare path), as --resume reads an
 * update in doubt: the row is `updated`, and its note says whether Trackops holds the row's values. A
 * read that fails leaves the row in doubt (no outcome) and stops the run: --resume reads it back first.
 */
async function readBackCutUpdate(
  row: number,
  id: number,
  body: CaseRequestUpdateBody,
  cut: AnswerCutError,
  context: RowContext,
): Promise<Omit<OutcomeLine, 'type'>> {
  let read: CaseRequestRecord;
  try {
    read = await context.api.getCaseRequest(id, context.hardSignal);
  } catch (error) {
    if (!(error instanceof ApiError) || context.hardSignal?.aborted) throw error;
    throw new SearchFailedError(
      `row ${row}: ${cut.message}, and reading the request back failed (${reasonOf(error)}). It was not sent again ` +
        "(its answer said it was done); whether Trackops holds the row's values is not known, so nothing more was sent. " +
        inDoubtAdvice(context.waysOut).updateReadFailed,
      [row],
      error,
      { code: 'answer_cut', why: 'an update answered 2xx whose answer was cut could not be read back' },
    );
  }
  const lacking = valuesNotHeld(body, read, context.words);
  return {
    row,
    status: 'updated',
    ...identity(read),
    ...updatedAtOf(read, 'read'),
    note: {
      code: 'answer_cut',
      message: formatProblem('answer_cut', {
        op: 'update',
        cut: cut.message,
        status: cut.answeredStatus,
        request: requestName(read),
        which: lacking.length > 0 ? changeWords(lacking, 3, 'is') : undefined,
        count: lacking.length,
      }),
    },
  };
}

/**
 * A create answered 2xx whose answer was cut (AnswerCutError): created, so never sent again. Its number
 * is looked for as a lost answer's is (two looks, reconcile.ts); not found, the row is still `created`,
 * without an id, and says so. A search that fails leaves the row in doubt (SearchFailedError).
 */
async function findCutCreate(
  intent: IntentLine,
  cut: AnswerCutError,
  context: RowContext,
): Promise<Omit<OutcomeLine, 'type'>> {
  // As for a lost answer (never its stop after a timeout: a 2xx says the create is stored).
  const found = await lookForLostCreate(intent.row, intent, null, context, {
    words: 'was answered, but its answer was cut',
    send: 0,
  });
  const request = 'found' in found ? requestName(found.found) : undefined;
  const note = {
    code: 'answer_cut',
    message: formatProblem('answer_cut', {
      op: 'create',
      cut: cut.message,
      status: cut.answeredStatus,
      request,
      looks: 'looks' in found ? found.looks : undefined,
    }),
  };
  if ('found' in found)
    return {
      row: intent.row,
      status: 'created',
      ...identity(found.found),
      ...updatedAtOf(found.found, 'read'),
      note,
    };
  return { row: intent.row, status: 'created', note };
}

/**
 * The request a create's answer named by its Location (a 201/202 without a body, a 303 See Other):
 * one GET. Null when it cannot be read (the search then looks for it as for any answer without a record).
 */
async function readAtLocation(id: number, context: RowContext): Promise<CaseRequestRecord | null> {
  try {
    return await context.api.getCaseRequest(id, context.hardSignal);
  } catch (error) {
    if (!(error instanceof ApiError) || context.hardSignal?.aborted) throw error;
    return null;
  }
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
  if ((line.status === 'created' || line.status === 'updated') && context.writes) {
    context.writes.accepted += 1;
    context.writes.refusedInARow = 0;
    context.writes.streak = [];
  }
  // The run's own write, as Trackops holds it after it: a later check's listing does not pay for it
  // (stored-requests.ts). An update's `read` updated_at may be the one from before it (a 204 answer).
  const after = line.status === 'created' || (line.status === 'updated' && line.updated_at_from === 'answer');
  if (after && line.id !== undefined && line.updated_at !== undefined)
    context.stored?.wrote(line.id, line.updated_at);
  // The write whose answer showed the server's local-time stamps keeps the zone for a resume or revert.
  const zone = context.api.stampZone?.learnt;
  if (zone && zone.offsetMinutes !== 0 && zone.id !== undefined && zone.id === line.id)
    line = { ...line, stamp_zone: zone };
  try {
    await context.journal.outcome(line);
  } catch (error) {
    // Trackops answered; only the journal's record of it failed (journal-refused.ts): never taken for a
    // lost answer, which would look for, and wait for, a row whose answer is in hand.
    throw new AnswerNotRecordedError(line, error);
  }
  return line;
}

/**
 * A PUT answered 404: the request the plan found is not there to update (deleted or merged since), or the
 * address refuses updates. One read tells which (only on this path): either way nothing was written, and
 * sending it again gets the same answer, so the row is `failed`, not retryable. Named as the clerk knows
 * it: its request number and the row's key under the sheet's column (else the account's label).
 */
async function goneUpdate(
  outcome: RowOutcome,
  known: CaseRequestRecord | null,
  id: number,
  context: RowContext,
): Promise<Omit<OutcomeLine, 'type'>> {
  let stillThere: CaseRequestRecord | null = null;
  let readToo = false;
  try {
    stillThere = await context.api.getCaseRequest(id, context.hardSignal);
  } catch (error) {
    if (stopsTheRun(error) || !(error instanceof ApiError) || context.hardSignal?.aborted) throw error;
    readToo = error instanceof NotFoundError;
  }
  const match = context.match ?? 'id';
  const key = context.columnOf?.(match, outcome)?.column ?? targetWords(match, context.words);
  const value = match === 'id' ? String(id) : (outcome.matchValue?.trim() ?? '');
  const named = known ?? stillThere;
  const request = named?.case_request_number ?? `request ${id}`;
  return {
    row: outcome.row,
    status: 'failed',
    ...(named ? identity(named) : { id }),
    error: {
      code: 'request_gone',
      message: formatProblem(
        'request_gone',
        {
          request,
          key,
          value,
          readToo,
          stillThere: stillThere !== null,
        },
        undefined,
        withConnectionWords(context.api.words),
      ),
    },
  };
}

function refusal(outcome: RowOutcome, code: PlainProblemCode, params: Record<string, unknown>): Target {
  const message = formatProblem(code, params);
  return { failure: { row: outcome.row, status: 'failed', error: { code, message } } };
}

/** `sent`: the intent of an update whose PUT left and got no answer (a retry waits out its window). */
function failure(
  outcome: RowOutcome,
  error: ApiError,
  context: RowContext,
  sent?: Pick<IntentLine, 'at' | 'left_at'>,
): Omit<OutcomeLine, 'type'> {
  if (error instanceof TooLargeError) return tooLargeFailure(outcome, error, context.columnOf, context.words);
  const retryable = !(error instanceof ValidationError || error instanceof NotFoundError);
  if (error instanceof ValidationError) {
    // One error per parameter the answer names, each with its own column and value: a refusal of the
    // claimant's name and of the state is two cells to fix, not one.
    const refusals = Object.entries(error.fieldErrors).map(([apiPath, list]) => {
      // A plain list of messages names no field: which cell it means is for the clerk to read in its
      // words, not for us to guess (and no column is blamed, nor the mapping).
      if (apiPath === UNNAMED_FIELD)
        return {
          code: 'api_refused',
          message: formatProblem('api_refused', { detail: list.join('; '), fault: 'unnamed' }),
          target: null,
        };
      const target = mappingTargetOf(apiPath, outcome.body);
      const where = context.columnOf?.(target, outcome);
      const detail = `${where?.column ?? target}: ${list.join('; ')}`;
      // Whose doing the refused value is: a cell of the file, the mapping's clear of a blank cell, or
      // nothing of the file (a constant of the mapping, or a rule of the account's).
      const fault = !where ? 'file' : where.cleared ? 'clear' : where.column === null ? 'mapping' : 'file';
      return {
        code: 'api_refused',
        message: formatProblem('api_refused', { detail, value: where?.value, fault, column: where?.column }),
        target,
      };
    });
    const [first, ...more] = refusals;
    return {
      row: outcome.row,
      status: 'failed',
      error: first ?? {
        code: 'api_refused',
        // An answer of a shape not read field by field is quoted in the message: it may well name one.
        message: formatProblem('api_refused', {
          detail: error.message,
          fault: error.unreadBody === undefined ? 'unnamed' : 'unread',
        }),
        target: null,
      },
      ...(more.length > 0 ? { moreErrors: more } : {}),
    };
  }
  return {
    row: outcome.row,
    status: 'failed',
    error: {
      code: error.code,
      message: `${error.message}${!retryable ? '' : sent ? ` (${updateRetryAfterWords(sent, settleWindowMs(context.api.timeoutMs, context.lostCreateWaits), context.waysOut)})` : ` (${context.waysOut.sendAgain()} to retry this row)`}`,
    },
    ...(retryable ? { retryable: true } : {}),
  };
}
