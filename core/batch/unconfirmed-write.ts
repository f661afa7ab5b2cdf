/**
 * A write answered 2xx whose answer is not its record and does not say it failed (explore 29 items 2
 * and 3: a gateway in maintenance answers `200 {"status":"maintenance","message":…}` and stores
 * nothing). The answer is believed only for what it says: it says nothing of what Trackops holds, so
 * the tool looks, once, on this unusual path only.
 * - create: the search for a create whose answer was lost (reconcile.ts), again after the lost-answer
 *   wait when the first look finds nothing (lists may lag writes). Found: `created`. Not found, or the
 *   search failed: `created` without an id when the answer itself says it was taken (201, 202, an
 *   acknowledgement: saysCreated), else in doubt.
 * - update: one read of the request. It holds every value sent: `updated`, with a note giving what
 *   Trackops answered. It does not, or cannot be read: in doubt.
 * In doubt is a final `failed` outcome, code WRITE_UNCONFIRMED, never retried by --resume (API-NOTES
 * "Writes": a 2xx may mean it was done, so it is never sent again on a guess), and its words say what
 * the server answered, what was seen and the way on. The run stops there (WriteUnconfirmedError): the
 * next writes would most likely be answered the same way, and each would be one more row to check by hand.
 */
import type { CaseRequestRecord, CaseRequestUpdateBody, TrackopsApi, WriteAnswer } from '../api/types.ts';
import { TrackopsBulkError } from '../errors.ts';
import type { TargetWordsContext } from '../mapping/target-words.ts';
import { sleep } from '../pace/sleep.ts';
import { formatProblem } from '../problems/format.ts';
import { changeWords } from '../validate/field-changes.ts';
import type { IntentLine, OutcomeLine } from './journal.ts';
import { findLostCreate } from './reconcile.ts';
import type { SearchesMet } from './searches-met.ts';
import { identity } from './record-identity.ts';
import { updatedAtOf } from './record-updated-at.ts';
import { readBackUpdate } from './read-back-update.ts';
import { reasonOf } from './search-failed.ts';

type Outcome = Omit<OutcomeLine, 'type'>;

/** The outcome code of a write in doubt this way. */
export const WRITE_UNCONFIRMED = 'write_unconfirmed';

/**
 * The run stopped at a write it could not confirm (its row is recorded in doubt): nothing more was sent,
 * and --resume sends the rows not reached, never that one.
 */
export class WriteUnconfirmedError extends TrackopsBulkError {
  readonly rows: number[];
  /** Why the rows after it were not sent, for their results. */
  readonly why: string;

  constructor(row: number, words: string) {
    super(
      WRITE_UNCONFIRMED,
      `row ${row}: ${words} Nothing more was sent: the next rows would most likely be answered the same way`,
    );
    this.rows = [row];
    this.why = `Trackops answered row ${row}'s write without doing it, as far as could be seen`;
  }
}

/** Who gives the values and what the clerk does when they are not there: an import's, or a revert's. */
export interface UnconfirmedWording {
  sets: string;
  done: string;
  redo?: string;
}

const IMPORT_WORDING: UnconfirmedWording = { sets: 'this row sets', done: 'updated' };

/** A create answered `answer` (2xx, no record, no failure said): looked for, found or in doubt. */
export async function settleUnreadCreate(
  api: TrackopsApi,
  intent: IntentLine,
  answer: WriteAnswer,
  claimedIds: ReadonlySet<number>,
  againMs: number,
  signal?: AbortSignal,
  met?: SearchesMet,
): Promise<Outcome> {
  const words = { op: 'create', status: answer.status, body: answer.unreadable };
  let found: CaseRequestRecord | null;
  try {
    // At once first: a server that answers so (201 empty, `{"success": true}`) lists it already.
    found = await findLostCreate(api, intent, claimedIds, signal, met);
    if (!found) {
      await sleep(againMs, signal);
      found = await findLostCreate(api, intent, claimedIds, signal, met);
    }
  } catch (error) {
    if (signal?.aborted) throw error;
    if (saysCreated(answer)) return createdUnseen(intent.row, answer, reasonOf(error));
    return unconfirmed(intent.row, {
      ...words,
      lookedUp: false,
      why: `looking for it failed: ${reasonOf(error)}`,
    });
  }
  if (found) return { row: intent.row, status: 'created', ...identity(found), ...updatedAtOf(found, 'read') };
  if (saysCreated(answer)) return createdUnseen(intent.row, answer);
  const later = Math.round(againMs / 100) / 10;
  return unconfirmed(intent.row, {
    ...words,
    lookedUp: true,
    seen: `Trackops did not list a request with this row's values, at once or ${later} s later`,
  });
}

/**
 * Whether the answer itself says the create was taken: its status (`201 Created`, `202 Accepted`: a
 * server that stores or queues it) or an acknowledgement in its body (an empty 2xx, `{"success": true}`:
 * api/write-failure.ts). Only an answer that says neither (a gateway's `200 {"status":"maintenance"}`)
 * is in doubt when the look finds nothing.
 */
function saysCreated(answer: WriteAnswer): boolean {
  return answer.acknowledged === true || answer.status === 201 || answer.status === 202;
}

/**
 * A create the answer says was taken but that the look did not find (a queue not done yet, a list that
 * lags): `created` without an id, never sent again, its note saying so (and why the look failed).
 */
function createdUnseen(row: number, answer: WriteAnswer, lookupFailed?: string): Outcome {
  return {
    row,
    status: 'created',
    note: {
      code: 'created_id_unread',
      message: formatProblem('created_id_unread', {
        status: answer.status,
        unreadable: answer.unreadable,
        lookupFailed,
      }),
    },
  };
}

/**
 * An update of request `id` with `body` answered `answer` (2xx, no record, no failure said): one read.
 * `quiet`: the answer named the request to read (a 303 See Other to it), so held values need no note.
 */
export async function readBackUnreadUpdate(
  api: TrackopsApi,
  row: number,
  id: number,
  body: CaseRequestUpdateBody,
  answer: WriteAnswer,
  words: TargetWordsContext,
  signal?: AbortSignal,
  wording: UnconfirmedWording = IMPORT_WORDING,
  /** Told whether the request could be read back (a read that failed leaves the update in doubt). */
  onReadBack?: (read: boolean) => void,
): Promise<Outcome> {
  const said = { op: 'update', status: answer.status, body: answer.unreadable, redo: wording.redo };
  const read = await readBackUpdate(api, id, body, words, signal);
  onReadBack?.(read.now !== null);
  if (read.now === null)
    return unconfirmed(row, { ...said, lookedUp: false, why: read.why, request: read.name }, id);
  const { now, name, missing } = read;
  if (missing.length === 0) {
    const quiet = answer.locationId === id;
    return {
      row,
      status: 'updated',
      ...identity(now),
      // Read after this write and holding its values: the updated_at a revert compares with.
      ...updatedAtOf(now, 'answer'),
      ...(quiet
        ? {}
        : {
            note: {
              code: 'answer_not_record',
              message: formatProblem('answer_not_record', {
                ...said,
                request: name,
                sets: wording.sets,
                done: wording.done,
              }),
            },
          }),
    };
  }
  return unconfirmed(
    row,
    {
      ...said,
      lookedUp: true,
      seen: `read back, ${name} does not hold it (${changeWords(missing, 3, 'is', wording.sets)})`,
      request: name,
    },
    now,
    missing[0]!.target,
  );
}

/** Whether an outcome is a write in doubt this way (the runner stops on it). */
export function isUnconfirmed(line: { status: string; error?: { code: string } | undefined }): boolean {
  return line.status === 'failed' && line.error?.code === WRITE_UNCONFIRMED;
}

function unconfirmed(
  row: number,
  params: Record<string, unknown>,
  request?: CaseRequestRecord | number,
  field?: string,
): Outcome {
  return {
    row,
    status: 'failed',
    ...(typeof request === 'number' ? { id: request } : request ? identity(request) : {}),
    error: {
      code: WRITE_UNCONFIRMED,
      message: formatProblem(WRITE_UNCONFIRMED, params),
      ...(field ? { target: field } : {}),
    },
  };
}
