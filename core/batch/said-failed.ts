/**
 * A write answered 2xx whose body says it failed (`{"success": false, "message": …}`, api/write-failure.ts).
 * A 2xx is never sent again (API-NOTES Tolerance, "Writes"), but neither is it called done against the
 * server's own words: the runner looks at the account once, and the row says what the server said and
 * what the look showed.
 * - create: the same search as for a create whose answer was lost (reconcile.ts). Found: `created`, with
 *   a note. Not found: `failed`, not retried by --resume (a 2xx may still mean it was stored).
 * - update: one read of the request. It holds every value the PUT gave: `updated`, with a note. It does
 *   not: `failed`, naming the fields that did not change, not retried either.
 * These are the only extra requests, and only for such answers.
 */
import type { CaseRequestRecord, CaseRequestUpdateBody, TrackopsApi } from '../api/types.ts';
import type { TargetWordsContext } from '../mapping/target-words.ts';
import { formatProblem } from '../problems/format.ts';
import { changeWords } from '../validate/field-changes.ts';
import type { IntentLine, OutcomeLine } from './journal.ts';
import { findLostCreate } from './reconcile.ts';
import type { SearchesMet } from './searches-met.ts';
import { identity, requestName } from './record-identity.ts';
import { updatedAtOf } from './record-updated-at.ts';
import { readBackUpdate } from './read-back-update.ts';
import { reasonOf } from './search-failed.ts';

type Outcome = Omit<OutcomeLine, 'type'>;

/** A 2xx that said the write failed: its status, the server's words, and the field they name as a mapping target. */
export interface SaidAnswer {
  status: number;
  said: string;
  target?: string | null;
}

/** A create answered `status` with `said` (the server's words of failure). */
export async function createSaidFailed(
  api: TrackopsApi,
  intent: IntentLine,
  answer: SaidAnswer,
  claimedIds: ReadonlySet<number>,
  signal?: AbortSignal,
  met?: SearchesMet,
): Promise<Outcome> {
  const words = { status: answer.status, op: 'create', said: answer.said };
  let found: CaseRequestRecord | null;
  try {
    found = await findLostCreate(api, intent, claimedIds, signal, met);
  } catch (error) {
    if (signal?.aborted) throw error;
    return failed(
      intent.row,
      {
        ...words,
        lookedUp: false,
        why: `the search of the requests created since failed: ${reasonOf(error)}`,
      },
      undefined,
      answer.target,
    );
  }
  if (found) {
    const name = requestName(found);
    return {
      row: intent.row,
      status: 'created',
      ...identity(found),
      ...updatedAtOf(found, 'read'),
      note: {
        code: 'done_though_said_failed',
        message: formatProblem('done_though_said_failed', {
          ...words,
          seen: `${name} was created then with this row's values`,
        }),
      },
    };
  }
  return failed(
    intent.row,
    { ...words, lookedUp: true, seen: "No request with this row's values was created since it was sent" },
    undefined,
    answer.target,
  );
}

/** Who gives the values and what the clerk does when they are not there: an import's, or a revert's. */
export interface UpdateWording {
  /** "this row sets" */
  sets: string;
  /** "fix the row and import it again" */
  redo: string;
}

const IMPORT_WORDING: UpdateWording = { sets: 'this row sets', redo: 'fix the row and import it again' };

/** An update of request `id` with `body` answered `status` with `said`. */
export async function updateSaidFailed(
  api: TrackopsApi,
  row: number,
  id: number,
  body: CaseRequestUpdateBody,
  answer: SaidAnswer,
  words: TargetWordsContext,
  signal?: AbortSignal,
  wording: UpdateWording = IMPORT_WORDING,
): Promise<Outcome> {
  const said = { status: answer.status, op: 'update', said: answer.said, redo: wording.redo };
  const read = await readBackUpdate(api, id, body, words, signal);
  if (read.now === null)
    return failed(row, { ...said, lookedUp: false, why: read.why, request: read.name }, id, answer.target);
  const { now, name, missing } = read;
  if (missing.length === 0) {
    return {
      row,
      status: 'updated',
      ...identity(now),
      // Read after this write and holding its values: the updated_at a revert compares with.
      ...updatedAtOf(now, 'answer'),
      note: {
        code: 'done_though_said_failed',
        message: formatProblem('done_though_said_failed', {
          ...said,
          seen: `${name} holds every value this row gives`,
        }),
      },
    };
  }
  return failed(
    row,
    {
      ...said,
      lookedUp: true,
      seen: `Read back, ${name} does not hold it (${changeWords(missing, 3, 'is', wording.sets)})`,
      request: name,
    },
    now,
    // The first field the request does not hold, where the row gives it.
    missing[0]!.target,
  );
}

/**
 * `request`: the request as read back, or only its id when it could not be read. `field`: the mapping
 * target the failure is about, so the results name its column and value (as a 400/422 refusal's do).
 */
function failed(
  row: number,
  params: Record<string, unknown>,
  request?: CaseRequestRecord | number,
  field?: string | null,
): Outcome {
  return {
    row,
    status: 'failed',
    ...(typeof request === 'number' ? { id: request } : request ? identity(request) : {}),
    error: {
      code: 'write_said_failed',
      message: formatProblem('write_said_failed', params),
      ...(field ? { target: field } : {}),
    },
  };
}
