/**
 * Rows whose content an earlier import of the file sent without an answer (earlier-creates.ts doubt:
 * killed mid-send, a lost answer, an outage, and that import never resumed). Whether Trackops stored it
 * only a search can say, so before this run sends anything, one search (resume-sweep.ts: a complete
 * listing of the requests created since the first of those sends, compared by content fingerprint)
 * finds them, as that import's --resume would (explore 17 left this: the row was sent again with a note
 * to look for a second request afterwards). A request an earlier journal records as created is never
 * taken for one (two identical rows: one answered, one not). A search that fails throws
 * SearchFailedError: none of these rows is sent on a guess, and the run stops before sending.
 */
import type { CaseRequestCreateBody, TrackopsApi } from '../api/types.ts';
import { ApiError, AuthError } from '../api/errors.ts';
import type { RowOutcome } from '../validate/types.ts';
import type { EarlierCreate } from './earlier-creates.ts';
import { fingerprintOf } from './fingerprint.ts';
import { sweepUnrecordedCreates, type SweepResult } from './resume-sweep.ts';
import type { SearchesMet } from './searches-met.ts';
import { isRefusal, reasonOf, SearchFailedError } from './search-failed.ts';

export interface EarlierDoubt {
  outcome: RowOutcome;
  create: EarlierCreate;
}

/**
 * Row → the request found for it by content, or null; rows not found so have `byIdentity`'s finding
 * too (resume-sweep.ts), a guess the runner says as one.
 */
export async function searchEarlierDoubts(
  api: Pick<TrackopsApi, 'listCaseRequests' | 'countCaseRequests' | 'timeoutMs'>,
  doubts: EarlierDoubt[],
  claimedIds: ReadonlySet<number>,
  signal: AbortSignal,
  met?: SearchesMet,
): Promise<SweepResult> {
  if (doubts.length === 0) return new Map();
  const first = doubts.map(({ create }) => create.at).sort()[0]!;
  try {
    return await sweepUnrecordedCreates(
      api,
      first,
      doubts.map(({ outcome, create }) => ({
        row: outcome.row,
        fingerprint: fingerprintOf(outcome.body as CaseRequestCreateBody),
        inDoubt: true,
        sent: { at: create.at, body: outcome.body as CaseRequestCreateBody },
      })),
      claimedIds,
      signal,
      { timeoutMs: api.timeoutMs, met },
    );
  } catch (error) {
    if (signal.aborted || !(error instanceof ApiError) || error instanceof AuthError) throw error;
    if (isRefusal(error))
      throw new SearchFailedError(refusedWords(doubts, error), [], error, {
        code: 'search_refused',
        why: 'Trackops refused the search for rows an earlier import sent without an answer',
      });
    throw new SearchFailedError(
      `Trackops could not be searched for the rows an earlier import of the file sent without an answer (${reasonOf(error)}). ` +
        'Nothing was sent',
      [],
      error,
      {
        code: 'search_failed',
        why: 'Trackops could not be searched for rows an earlier import sent without an answer',
      },
    );
  }
}

/**
 * A search Trackops refused (a 4xx: a filter not on this plan, not allowed): not an outage, so running
 * again is refused the same way (explore 21 item 5). Says so, names each row and what was sent when,
 * what to look for in Trackops by hand, and the way out with its risk.
 *
 * The command line's words only: the error is `search_refused`, which the app shows in its own sentence
 * without this one (main/bridge/failure.ts APP_WORDING, detail: false).
 */
function refusedWords(doubts: EarlierDoubt[], error: ApiError): string {
  const rows = doubts
    .map(
      ({ outcome, create }) =>
        `row ${outcome.row} (its content sent by an import of ${create.file}, its row ${create.row}, at ${create.at}, as the journal ${create.journal} records)`,
    )
    .join('; ');
  return (
    `Trackops refused the search for the rows an earlier import of the file sent without an answer (${reasonOf(error)}). ` +
    'This is a refusal, not an outage: running again is refused the same way. Nothing was sent. ' +
    `${doubts.length === 1 ? 'The row' : 'The rows'}: ${rows}. ` +
    "Look in Trackops by hand for a request created at about that time with the row's client and reference values. " +
    'Take these rows out of the file and import the rest; put those Trackops does not hold in a file of their own and import ' +
    'it with the mapping\'s "duplicates": "create", which sends without this search (look first: a row Trackops holds would ' +
    'be a second request, and in a file with other rows it sends those again too)'
  );
}
