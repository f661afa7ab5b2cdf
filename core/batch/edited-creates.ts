/**
 * What becomes of a row that is an earlier import's create with a value or two corrected since
 * (near-edit.ts finds it, EarlierCreates.near takes it): the request is read once, as the row's POST
 * would have cost, or taken from the plan's search when it read it (readThroughSearch). Trackops still holds it: the row is refused, naming it and what differs, for the
 * clerk to settle (a guess either way, so never sent on it nor taken as sent). Gone (deleted since), or
 * its id holding a request created outside that import's send (a practice account reset gives its ids
 * again): the row is sent, said. Not readable: refused, saying Trackops could not be asked.
 *
 * The import (runner.ts) and the dry runs (CLI validate, the app's) decide the same way, so the dry
 * run's verdict is the import's.
 */
import { NotFoundError } from '../api/errors.ts';
import type { CaseRequestCreateBody, CaseRequestRecord, TrackopsApi } from '../api/types.ts';
import type { TargetWordsContext } from '../mapping/target-words.ts';
import type { RowOutcome } from '../validate/types.ts';
import type { WaysOut } from '../problems/ways-out.ts';
import {
  earlierCreateNote,
  type AccountRead,
  type EarlierCreate,
  type EarlierCreates,
} from './earlier-creates.ts';
import { contentOf } from './fingerprint.ts';
import { editedWords } from './near-edit.ts';
import { secondsAfterSend, withinSendWindow } from './reconcile.ts';

/** Request `id` as Trackops holds it, 'gone' when it answers 404, null when it cannot be read now. */
export async function readEarlierCreate(
  api: TrackopsApi,
  id: number,
  signal: AbortSignal,
): Promise<CaseRequestRecord | 'gone' | null> {
  try {
    return await api.getCaseRequest(id, signal);
  } catch (error) {
    return error instanceof NotFoundError ? 'gone' : null;
  }
}

/**
 * An earlier create's request as the search of the account the plan made anyway read it (explore 56
 * item 4: the listing of the whole account had just read it, and a GET per corrected row read it again),
 * else read once through `readOne`. One the search did not come across is read too, also after a
 * listing of the whole account: a row is sent again only when Trackops itself answers that its request
 * is gone, never because a list did not show it (a request accepted into a case may leave the list).
 */
export function readThroughSearch(
  searched: AccountRead | null,
  readOne: (id: number) => Promise<CaseRequestRecord | 'gone' | null>,
): (id: number) => Promise<CaseRequestRecord | 'gone' | null> {
  return async (id) => searched?.byId.get(id) ?? (await readOne(id));
}

export type EditedVerdict =
  { how: 'held' } | { how: 'unread' } | { how: 'gone' } | { how: 'replaced'; why: string };

/** The verdict from one read of the earlier create: the record, 'gone' (404), or null (not read). */
export function editedVerdictOf(
  read: CaseRequestRecord | 'gone' | null,
  create: EarlierCreate,
  timeoutMs?: number,
): EditedVerdict {
  if (read === null) return { how: 'unread' };
  if (read === 'gone') return { how: 'gone' };
  // Only when it was made: a correction may be to the client, case type or claim number, so what the
  // request holds is never a reason (earlier-creates.ts notThatCreate compares those for whole rows).
  const seconds = secondsAfterSend(read.created_at, create.at);
  if (seconds !== null && !withinSendWindow(seconds, timeoutMs))
    return {
      how: 'replaced',
      why: `created at ${read.created_at} UTC, ${Math.abs(seconds)} s ${seconds > 0 ? 'after' : 'before'} that import sent its row`,
    };
  return { how: 'held' };
}

/** Whether the verdict lets the row be sent. */
export function sendsEdited(verdict: EditedVerdict): boolean {
  return verdict.how === 'gone' || verdict.how === 'replaced';
}

/**
 * The rows of a dry run that are earlier creates corrected since, each request read once through
 * `read` (a connected dry run's own connection). Call it once every row went through
 * markCreatedByEarlierImport: a create a row holds whole is never another row's correction. The rows
 * to create also tell an earlier import run again with a column fixed on all of them (fixed-column.ts).
 */
export async function readEditedVerdicts(
  outcomes: Iterable<RowOutcome>,
  earlier: EarlierCreates,
  read: (id: number) => Promise<CaseRequestRecord | 'gone' | null>,
  timeoutMs?: number,
): Promise<Map<EarlierCreate, EditedVerdict>> {
  const verdicts = new Map<EarlierCreate, EditedVerdict>();
  const creates = [...outcomes].filter(
    (outcome) => outcome.status === 'valid' && outcome.action === 'create' && outcome.body,
  );
  // A file whose every row was corrected (a column fixed throughout) holds no earlier create whole.
  earlier.recogniseFixedColumn(
    creates.map((outcome) => ({ row: outcome.row, body: outcome.body as CaseRequestCreateBody })),
  );
  if (!earlier.runAgain) return verdicts;
  for (const outcome of creates) {
    const body = outcome.body as CaseRequestCreateBody;
    const edited = earlier.near(outcome.row, contentOf(body), body);
    if (!edited || verdicts.has(edited.create)) continue;
    const record = edited.create.id === null ? null : await read(edited.create.id);
    verdicts.set(edited.create, editedVerdictOf(record, edited.create, timeoutMs));
  }
  return verdicts;
}

/**
 * A dry run's row to create that is an earlier create corrected since: refused, naming the request and
 * what differs; or, when its read found the request gone (or another one at its id), left to create
 * with a note saying so. A create not read (a row fixed in the app after the pass) is refused, saying
 * Trackops was not asked. Other rows are returned as they are.
 */
export function markEditedSinceEarlierImport(
  outcome: RowOutcome,
  earlier: EarlierCreates,
  verdicts: ReadonlyMap<EarlierCreate, EditedVerdict>,
  words: TargetWordsContext,
  ways: WaysOut,
): RowOutcome {
  if (outcome.status !== 'valid' || outcome.action !== 'create' || !outcome.body) return outcome;
  // No import run again: no correction to look for, and no hash of the row to make.
  if (!earlier.runAgain) return outcome;
  const body = outcome.body as CaseRequestCreateBody;
  const edited = earlier.near(outcome.row, contentOf(body), body);
  if (!edited) return outcome;
  const verdict = verdicts.get(edited.create) ?? { how: 'unread' };
  const note = earlierCreateNote(
    outcome.row,
    edited.create,
    {
      dryRun: true,
      edited: {
        differs: editedWords(edited, body, words),
        how: verdict.how,
        ...(verdict.how === 'replaced' ? { why: verdict.why } : {}),
      },
    },
    ways,
  );
  if (sendsEdited(verdict)) return { ...outcome, notes: [...(outcome.notes ?? []), note] };
  const { body: _sent, ...refused } = outcome;
  return {
    ...refused,
    status: 'invalid',
    action: 'possible_duplicate',
    problems: [...outcome.problems, note],
  };
}
