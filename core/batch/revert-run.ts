/**
 * A revert (issue 18): puts back the values an import's updates overwrote, paced and journalled like
 * an import, with the same exactly-once rule: an intent is fsynced before each PUT leaves and an
 * outcome after its answer, so a PUT answered 2xx is never sent again, and a PUT whose answer was lost
 * is settled by the values the request holds (it holds the values put back: it landed) before anything
 * is sent again. Conflicts, requests already back, gone or not revertible send nothing and are not
 * journalled: a resume decides them again, against the request as it is then.
 *
 * `dryRun` decides every request (the preview) and sends nothing. Each request is decided against its
 * record as the check found it, kept fresh while sending (StoredRequests: a count of the requests
 * updated since, every REFRESH_SECONDS or REFRESH_ROWS), so a request changed during a long revert is not overwritten.
 */
import { stampZoneNotes } from '../api/stamp-zone.ts';
import {
  AnswerCutError,
  ApiError,
  NotFoundError,
  stopsTheRun,
  TooLargeError,
  ValidationError,
  writeMayHaveHappened,
} from '../api/errors.ts';
import type { CaseRequestRecord, TrackopsApi } from '../api/types.ts';
import type { TargetWordsContext } from '../mapping/target-words.ts';
import type { Pacer } from '../pace/pacer.ts';
import type { IntentLine, Journal, OutcomeLine } from './journal.ts';
import { ownWalk, type OwnWrites } from './revert-chain.ts';
import { importsOf, laterImportsWords } from './later-imports-words.ts';
import {
  importResultsBeside,
  inDoubtCreateWords,
  searchCreatesInDoubt,
  type InDoubtSearch,
  type InDoubtWordsContext,
} from './revert-in-doubt.ts';
import type { InDoubtSearchCost } from './revert-check.ts';
import { decideRevert, unclearedWords, type LeftToClear } from './revert-decide.ts';
import { updateSaidFailed } from './said-failed.ts';
import { readBackUnreadUpdate } from './unconfirmed-write.ts';
import { reasonOf } from './search-failed.ts';
import { assumeImportZone, type RevertCreate, type RevertEntry, type RevertSource } from './revert-source.ts';
import type { StoredRequests } from './stored-requests.ts';
import { changeWords, valuesNotHeld } from '../validate/field-changes.ts';
import { sleep } from '../pace/sleep.ts';
import type { LostCreateWaits } from './reconcile.ts';
import type { WaysOut } from '../problems/ways-out.ts';
import {
  earlierPutBackWaitWords,
  lastLeftAt,
  revertResumeAfterWords,
  settledAt,
  settleWindowMs,
} from './earlier-sends.ts';
import { attemptDepartures } from './attempt-departures.ts';
import { SearchesMet } from './searches-met.ts';
import { pacedAsChosen, type ProgressPaceChoice } from './progress-pace.ts';

export type RevertStatus =
  | 'reverted' // put back (this run or an earlier run of the same revert journal)
  | 'to_revert' // dry run: would be put back
  | 'unchanged' // already holds the values from before the import
  | 'conflict' // changed in Trackops since the import: not touched
  | 'failed' // Trackops refused the revert, or could not be reached
  | 'gone' // Trackops no longer has it
  | 'not_revertible' // the import kept no values to put back
  | 'not_sent' // a stop came first: finishing the undo sends it
  | 'created' // a create of the import: for a person to close or delete in Trackops
  | 'created_changed' // a create of the import changed in Trackops since: never to delete blindly
  | 'not_created'; // a create answered with a request that existed before: not known to be the import's

export interface RevertRowResult {
  row: number;
  status: RevertStatus;
  id?: number;
  case_request_number?: string;
  /** What is (or would be) put back: old = the value now, new = the value from before the import. */
  changes: { target: string; label: string; old: string; new: string }[];
  /** Conflicts: the fields the import set (`ours`) that now hold something else (`current`). */
  conflicts?: { target: string; label: string; ours: string; current: string }[];
  /**
   * Conflicts: what a person would put back by hand, every field the import changed that does not hold
   * its value from before (`now` → `before`), the fields in conflict and the others alike.
   */
  byHand?: { target: string; label: string; now: string; before: string }[];
  /**
   * Put back (or to be): fields empty before the import that the update cannot clear (a date, an id,
   * a choice, number, yes/no… custom field), not sent and left for a person; named in `message` too.
   */
  leftToClear?: { target: string; label: string; now: string }[];
  message?: string;
  /**
   * A create of the import whose answer never came (`not_created`, said so in `message`): not one
   * answered with a request that existed before, which `not_created` is otherwise.
   */
  inDoubt?: boolean;
}

export interface RevertSummary {
  /** Updates of the import the revert looked at. */
  updates: number;
  reverted: number;
  toRevert: number;
  unchanged: number;
  conflict: number;
  failed: number;
  gone: number;
  notRevertible: number;
  notSent: number;
  /** Creates of the import, listed for a person (the API cannot delete). */
  created: number;
  /** Of those, the ones changed in Trackops since the import created them (worked on since). */
  createdChanged: number;
  /**
   * Creates answered with a request that existed before they were sent, none of the row's found since:
   * not known to be created by the import (not in `created`), never to delete.
   */
  notCreated: number;
  /** Reverted by an earlier run of this revert journal (counted in `reverted`). */
  fromJournal: number;
  /**
   * Of `reverted` (or `toRevert`), the rows that leave a field for a person to clear in Trackops: it
   * was empty before the import and the update cannot clear it (RevertRowResult.leftToClear).
   */
  leftToClear: number;
  interrupted: boolean;
  /**
   * What the revert's searches met that Trackops was not expected to do (a filter it ignored, a list
   * that moved), in words, each said once (searches-met.ts); empty when nothing was met.
   */
  searchNotes: string[];
}

export interface RevertProgress {
  done: number;
  total: number;
  reverted: number;
  conflict: number;
  failed: number;
}

/** With the pace of its progress the host chose (progress-pace.ts: progressEveryMs, progressClock). */
export interface RevertRunOptions extends ProgressPaceChoice {
  /** The host's words for what to do next (the CLI's revert --resume, the app's “Finish the undo”). */
  waysOut: WaysOut;
  source: RevertSource;
  api: TrackopsApi;
  pacer: Pacer;
  /** The requests as the check found them (revert-check.ts). */
  stored: StoredRequests;
  /** The revert's own journal; absent for a dry run. */
  journal?: Journal;
  dryRun?: boolean;
  signal?: AbortSignal;
  hardSignal?: AbortSignal;
  /**
   * Told at the pace the host chose (ProgressPaceChoice); a wait said through onEarlierSendWait and the
   * end come after the count held before them.
   */
  onProgress?: (progress: RevertProgress) => void;
  words?: TargetWordsContext;
  /** The tool's own later imports undone since (revert-chain.ts): not a change by someone else. */
  ownWrites?: OwnWrites;
  now?: () => number;
  freshSeconds?: number;
  refreshSeconds?: number;
  /**
   * The settle window of a PUT that got no answer (earlier-sends.ts): `settleMs` replaces it (tests);
   * else the client's timeout plus 2 minutes, as an import's.
   */
  lostCreateWaits?: Partial<LostCreateWaits>;
  /**
   * Told when a request starts waiting for this revert's own earlier PUT to settle (the words, until
   * when) and when the wait ends (null), so that a host says why nothing moves.
   */
  onEarlierSendWait?: (wait: { until: number; words: string } | null) => void;
  /** What the check's listing met (RevertCheck.searchesMet): the run's searches add theirs to it. */
  searchesMet?: SearchesMet;
}

export interface RevertOutcome {
  summary: RevertSummary;
  rows: RevertRowResult[];
  /**
   * The import's creates in doubt looked for before deciding (revert-in-doubt.ts), and the requests
   * that took: part of the check, which says so (revert-check.ts revertCheckWords). Null when none.
   */
  inDoubtSearch: InDoubtSearchCost | null;
}

export async function runRevert(options: RevertRunOptions): Promise<RevertOutcome> {
  const { source, journal, stored } = options;
  // The check before (checkCurrent) took it already when it ran on this connection.
  assumeImportZone(options.api, source.stampZone);
  if (!options.dryRun && !journal) throw new Error('runRevert: a revert that sends needs its journal');
  const summary: RevertSummary = {
    updates: source.entries.length,
    reverted: 0,
    toRevert: 0,
    unchanged: 0,
    conflict: 0,
    failed: 0,
    gone: 0,
    notRevertible: 0,
    notSent: 0,
    created: source.creates.filter((create) => !create.answeredExisting && !create.inDoubt).length,
    notCreated: source.creates.filter((create) => create.answeredExisting || create.inDoubt).length,
    createdChanged: 0,
    fromJournal: 0,
    leftToClear: 0,
    interrupted: false,
    searchNotes: [],
  };
  const searchesMet = options.searchesMet ?? new SearchesMet();
  const results = new Map<number, RevertRowResult>();
  const count: Record<RevertStatus, keyof RevertSummary | null> = {
    reverted: 'reverted',
    to_revert: 'toRevert',
    unchanged: 'unchanged',
    conflict: 'conflict',
    failed: 'failed',
    gone: 'gone',
    not_revertible: 'notRevertible',
    not_sent: 'notSent',
    created: null,
    created_changed: 'createdChanged',
    not_created: null,
  };
  const put = (result: RevertRowResult) => {
    results.set(result.row, result);
    const key = count[result.status];
    if (key) (summary[key] as number) += 1;
    if (result.leftToClear?.length && (result.status === 'reverted' || result.status === 'to_revert'))
      summary.leftToClear += 1;
  };
  // The creates as the check found them, taken before sending begins (their keys need no freshness
  // check while the updates are sent: nothing is sent to them).
  const updated = new Set(source.entries.map((entry) => entry.id));
  const createsNow = new Map<number, CaseRequestRecord | null>();
  for (const create of source.creates) {
    if (create.id === undefined || create.at === undefined) continue;
    createsNow.set(create.id, stored.current(String(create.id))[0] ?? null);
    if (!updated.has(create.id)) stored.settle(String(create.id));
  }
  // Each create in doubt looked for as the import's resume would (revert-in-doubt.ts), before sending.
  const doubts = new Map(
    source.creates.flatMap((create) =>
      create.inDoubt && create.intent ? [[create.row, create.intent]] : [],
    ),
  );
  const claimed = new Set(source.creates.flatMap((create) => (create.id === undefined ? [] : [create.id])));
  const searches =
    doubts.size > 0
      ? await searchCreatesInDoubt(options.api, doubts, claimed, options.hardSignal, searchesMet)
      : null;
  const searched = searches?.found ?? new Map<number, InDoubtSearch>();
  const inDoubtSearch = searches ? { creates: doubts.size, requests: searches.requests } : null;
  const importResults = source.creates.some((create) => create.inDoubt)
    ? await importResultsBeside(source.path, source.header.file)
    : null;
  const toDo: RevertEntry[] = [];
  for (const entry of source.entries) {
    const finished = journal?.state.finished.get(entry.row);
    if (finished) {
      if (finished.status === 'updated') summary.fromJournal += 1;
      put(fromJournal(entry, finished));
      continue;
    }
    toDo.push(entry);
  }
  // A request whose earlier put-back (no answer) may land yet goes last: it waits out that PUT's
  // window before it is read back and decided (earlier-sends.ts), and the others are sent meanwhile.
  const now = options.now ?? Date.now;
  const checkedAt = now();
  const windowMs = settleWindowMs(options.api.timeoutMs, options.lostCreateWaits);
  const unsettled = (entry: RevertEntry) => {
    const earlier = journal?.state.inDoubt.get(entry.row);
    return earlier !== undefined && settledAt(lastLeftAt(earlier), windowMs) > checkedAt;
  };
  toDo.sort((a, b) => Number(unsettled(a)) - Number(unsettled(b)));
  stored.beginSending();
  const soft = options.signal;
  const hard = options.hardSignal;
  let fatal: unknown = null;
  let next = 0;
  let done = 0;
  // Each put-back counted, told at the host's pace: an undo's counts are all that move while it runs.
  const pace = pacedAsChosen((progress: RevertProgress) => options.onProgress?.(progress), options);
  const report = () =>
    options.onProgress &&
    pace.update({
      done,
      total: toDo.length,
      reverted: summary.reverted,
      conflict: summary.conflict,
      failed: summary.failed,
    });
  // A wait on an earlier put-back is said beside the count as it is, not one held back.
  const onEarlierSendWait =
    options.onEarlierSendWait &&
    ((wait: { until: number; words: string } | null) => {
      pace.flush();
      options.onEarlierSendWait!(wait);
    });
  const decide = { ...options, searchesMet, ...(onEarlierSendWait ? { onEarlierSendWait } : {}) };
  report();
  const worker = async () => {
    while (next < toDo.length) {
      const entry = toDo[next++]!;
      if (fatal || soft?.aborted) {
        put(notSent(entry, journal, windowMs, options.waysOut));
        continue;
      }
      try {
        const result = await revertOne(entry, decide, { checkedAt, windowMs });
        if (result === null) {
          put(notSent(entry, journal, windowMs, options.waysOut));
          continue;
        }
        // A failure to try again keeps its request under the freshness check (as the import does).
        const retry = result.status === 'failed' && !journal?.state.finished.has(entry.row);
        if (!retry) stored.settle(String(entry.id));
        put(result);
        done += 1;
        report();
      } catch (error) {
        if (!hard?.aborted) fatal ??= error;
        put(notSent(entry, journal, windowMs, options.waysOut));
      }
    }
  };
  const workers = options.dryRun ? 1 : Math.max(1, options.pacer.stats().concurrency);
  // The last count, held or not, is the host's before the end (or the error) is.
  await Promise.all(Array.from({ length: workers }, worker)).finally(() => pace.flush());
  if (fatal) throw fatal;
  summary.interrupted = summary.notSent > 0;
  for (const create of source.creates) {
    const row = createRow(create, create.id === undefined ? undefined : createsNow.get(create.id), {
      ownWrites: options.ownWrites,
      inDoubt: {
        search: searched.get(create.row),
        results: importResults,
        dryRun: options.dryRun === true,
        waysOut: options.waysOut,
        ...(options.words ? { words: options.words } : {}),
      },
    });
    if (row.status === 'created_changed') summary.createdChanged += 1;
    results.set(create.row, row);
  }
  const rows = [...results.values()].sort((a, b) => a.row - b.row);
  summary.searchNotes = [...stampZoneNotes(options.api.stampZone), ...searchesMet.notes()];
  return { summary, rows, inDoubtSearch };
}

/**
 * One request: decided against its record now, then put back (journalled), or reported. Null: a stop
 * came before anything was sent for it (a request in doubt stays so).
 */
async function revertOne(
  entry: RevertEntry,
  options: RevertRunOptions,
  settle: { checkedAt: number; windowMs: number },
): Promise<RevertRowResult | null> {
  const { api, journal, stored } = options;
  await stored.ensureFresh(api, {
    now: options.now ?? Date.now,
    ...(options.hardSignal ? { signal: options.hardSignal } : {}),
    ...(options.freshSeconds === undefined ? {} : { freshSeconds: options.freshSeconds }),
    ...(options.refreshSeconds === undefined ? {} : { refreshSeconds: options.refreshSeconds }),
    ...(options.searchesMet ? { met: options.searchesMet } : {}),
  });
  let current = stored.current(String(entry.id))[0] ?? null;
  const earlier = options.dryRun ? undefined : journal?.state.inDoubt.get(entry.row);
  if (earlier) {
    // This revert's own earlier PUT got no answer: the same rule as an import's update in doubt
    // (earlier-sends.ts). The check read the request before that PUT's window ended, so what it read
    // proves nothing yet (the PUT may land after it): the window is waited out, said, then the request
    // is read back once, and decided on that read (holding the values put back: it landed).
    const read = await afterEarlierPut(entry, earlier, current, options, settle);
    if (read === 'stopped') return null;
    current = read;
  }
  const base = identityOf(entry, current);
  const decision = decideRevert(
    entry,
    current,
    options.words ?? {},
    options.ownWrites,
    earlier !== undefined,
  );
  const lostNote = (lost: { target: string; why: string }[]) =>
    lost.length ? lost.map((item) => `${item.target} not put back: ${item.why}`).join('; ') : undefined;
  if (decision.kind === 'unchanged') {
    if (journal?.state.inDoubt.get(entry.row)) {
      // This revert's earlier PUT, whose answer was lost: the request holds the values it put back.
      const uncleared = decision.uncleared ?? [];
      await journal.outcome({
        row: entry.row,
        status: 'updated',
        id: entry.id,
        ...updatedAtOf(current),
        ...(uncleared.length ? { left_to_clear: uncleared } : {}),
      });
      const leftWords = leftToClearWords(uncleared, 'was');
      return {
        ...base,
        status: 'reverted',
        changes: [],
        ...leftToClearOf(uncleared),
        message:
          'put back by an earlier run of this revert, whose answer was lost or cut: the request holds the values from before the import; not sent again' +
          (leftWords ? `. ${leftWords}` : ''),
      };
    }
    const note = lostNote(decision.lost);
    return {
      ...base,
      status: 'unchanged',
      changes: [],
      message: `already holds the values from before the import; nothing sent${note ? `. ${note}` : ''}`,
    };
  }
  if (decision.kind === 'conflict') {
    return {
      ...base,
      status: 'conflict',
      changes: [],
      conflicts: decision.fields.map((field) => ({
        target: field.target,
        label: field.label,
        ours: field.new,
        current: field.old,
      })),
      byHand: decision.byHand.map((field) => ({
        target: field.target,
        label: field.label,
        now: field.old,
        before: field.new,
      })),
      message: decision.message,
    };
  }
  if (decision.kind === 'gone' || decision.kind === 'not_revertible') {
    return { ...base, status: decision.kind, changes: [], message: decision.message };
  }
  const changes = decision.changes.map(({ target, label, old, new: value }) => ({
    target,
    label,
    old,
    new: value,
  }));
  const note = [lostNote(decision.lost), leftToClearWords(decision.uncleared, 'is')]
    .filter((part) => part !== undefined)
    .join('; ');
  const left = leftToClearOf(decision.uncleared);
  // Kept on the put-back's outcome: a resumed revert names them on this row too (fromJournal).
  const leftLine = decision.uncleared.length ? { left_to_clear: decision.uncleared } : {};
  if (options.dryRun)
    return { ...base, status: 'to_revert', changes, ...left, ...(note ? { message: note } : {}) };
  if (options.signal?.aborted) return null;
  // Goes out on what the last check read: the next check comes sooner (stored-requests.ts).
  stored.sent(entry.id);
  const intent: Omit<IntentLine, 'type'> = {
    row: entry.row,
    op: 'update',
    id: entry.id,
    at: new Date().toISOString(),
  };
  await journal!.intent(intent);
  // The client's own retries of this PUT are journalled as they leave: its window starts at the last.
  const departures = attemptDepartures(journal!, intent);
  try {
    const answer = await api.updateCaseRequest(
      entry.id,
      decision.body,
      options.hardSignal,
      departures.beforeAttempt,
    );
    if (answer.failureSaid !== undefined) {
      // A 2xx that says it failed: read back once; reverted only if the request holds the old values.
      const line = await updateSaidFailed(
        api,
        entry.row,
        entry.id,
        decision.body,
        { status: answer.status, said: answer.failureSaid.words },
        options.words ?? {},
        options.hardSignal,
        { sets: 'the undo puts back', redo: 'put its values back by hand' },
      );
      await journal!.outcome(line);
      const message = line.error?.message ?? line.note?.message;
      const status = line.status === 'updated' ? 'reverted' : 'failed';
      return { ...base, status, changes, ...(message ? { message } : {}) };
    }
    if (!answer.record && !answer.acknowledged) {
      // Neither the record nor an acknowledgement (explore 29 item 3: a gateway's "maintenance" notice),
      // or a 303 to the request: put back only if a read shows it holds the values from before.
      const line = await readBackUnreadUpdate(
        api,
        entry.row,
        entry.id,
        decision.body,
        answer,
        options.words ?? {},
        options.hardSignal,
        { sets: 'the undo puts back', done: 'put back', redo: 'put its values back by hand' },
      );
      await journal!.outcome(line.status === 'updated' ? { ...line, ...leftLine } : line);
      const message = line.error?.message ?? line.note?.message;
      const status = line.status === 'updated' ? 'reverted' : 'failed';
      return {
        ...base,
        status,
        changes,
        ...(status === 'reverted' ? left : {}),
        ...(message ? { message } : {}),
      };
    }
    const answered = answer.record?.id === entry.id ? answer.record : null;
    const lacking = answered ? valuesNotHeld(decision.body, answered, options.words ?? {}) : [];
    if (lacking.length > 0) {
      // A 2xx whose answer still holds other values (a server that ignored what was sent): not put
      // back, whatever the status said. Final (the write was answered): never sent again by a resume.
      const message = `Trackops answered ${answer.status}, but its answer does not hold what the undo put back (${changeWords(lacking, 5, 'is', 'the undo puts back')}): it was not put back. Put it back by hand in Trackops`;
      await journal!.outcome({
        row: entry.row,
        status: 'failed',
        id: entry.id,
        error: { code: 'answer_lacks_values', message },
      });
      return { ...base, status: 'failed', changes, message };
    }
    await journal!.outcome({
      row: entry.row,
      status: 'updated',
      id: entry.id,
      // An answer naming another request says nothing of this one's updated_at.
      ...(answer.record?.id === entry.id ? updatedAtOf(answer.record) : {}),
      ...leftLine,
    });
    // The revert's own write: its later checks do not pay for it (stored-requests.ts), as an import's.
    if (answer.record?.id === entry.id) stored.wrote(entry.id, answer.record.updated_at);
    return { ...base, status: 'reverted', changes, ...left, ...(note ? { message: note } : {}) };
  } catch (error) {
    if (error instanceof AnswerCutError && !options.hardSignal?.aborted)
      return await readBackCut(entry, decision.body, changes, error, options);
    if (!(error instanceof ApiError) || options.hardSignal?.aborted) throw error;
    if (stopsTheRun(error)) {
      // A refusal that stops the run (a certificate this computer refuses, an address whose scheme its
      // port does not speak, credentials refused, a 429 asking for an hour) proves the PUT was not
      // carried out: recorded as a failure to try again, as the import records its create so refused
      // (send-row.ts), so that --resume sends it at once instead of reading it back after its window.
      // One whose answer leaves it unknown (a web page, a 503 asking too long a wait) stays in doubt.
      if (!writeMayHaveHappened(error))
        await journal!.outcome({
          row: entry.row,
          status: 'failed',
          id: entry.id,
          error: { code: error.code, message: `${error.message}${options.waysOut.retryUndoRow()}` },
          retryable: true,
        });
      throw error;
    }
    if (writeMayHaveHappened(error)) {
      // Its answer was lost (the client's own retries too): it may have been stored. No outcome: it
      // stays in doubt, and a resume settles it by the values the request holds before sending again.
      return {
        ...base,
        status: 'failed',
        changes,
        message: `${error.message}; it may have been stored. ${revertResumeAfterWords(intent, settle.windowMs, options.waysOut)}`,
      };
    }
    // A request too large (413) gets the same answer when sent again as it is: not retried either.
    const retryable = !(
      error instanceof ValidationError ||
      error instanceof NotFoundError ||
      error instanceof TooLargeError
    );
    const message = `${error.message}${retryable ? options.waysOut.retryUndoRow() : ''}`;
    await journal!.outcome({
      row: entry.row,
      status: 'failed',
      id: entry.id,
      error: { code: error.code, message },
      ...(retryable ? { retryable: true } : {}),
    });
    return { ...base, status: 'failed', changes, message };
  }
}

/**
 * A PUT answered 2xx whose answer was then cut: done, by its status, so never sent again (the import
 * does the same: send-row.ts readBackCutUpdate). The request is read back (one GET, only on this rare
 * path) to report what Trackops holds. A read that fails leaves the row in doubt (no outcome): --resume
 * checks the request by its values before sending anything.
 */
async function readBackCut(
  entry: RevertEntry,
  body: Parameters<TrackopsApi['updateCaseRequest']>[1],
  changes: RevertRowResult['changes'],
  cut: AnswerCutError,
  options: RevertRunOptions,
): Promise<RevertRowResult> {
  const { api, journal } = options;
  let read: CaseRequestRecord;
  try {
    read = await api.getCaseRequest(entry.id, options.hardSignal);
  } catch (error) {
    if (!(error instanceof ApiError) || options.hardSignal?.aborted) throw error;
    return {
      ...identityOf(entry, null),
      status: 'failed',
      changes,
      message:
        `${cut.message}: it was not sent again (a ${cut.answeredStatus} says Trackops did it), but reading it back failed (${reasonOf(error)}), ` +
        `so whether it holds the values from before the import is not known. ${options.waysOut.finishUndo()}: it checks the request before sending anything`,
    };
  }
  const base = identityOf(entry, read);
  const lacking = valuesNotHeld(body, read, options.words ?? {});
  if (lacking.length > 0) {
    const message =
      `${cut.message}. It was not sent again (a ${cut.answeredStatus} says Trackops did it), but read back it does not hold what the undo put back ` +
      `(${changeWords(lacking, 5, 'is', 'the undo puts back')}): someone may have changed it since, or the server did not store it. Look at it in Trackops and put it back by hand`;
    await journal!.outcome({
      row: entry.row,
      status: 'failed',
      id: entry.id,
      error: { code: 'answer_lacks_values', message },
    });
    return { ...base, status: 'failed', changes, message };
  }
  await journal!.outcome({ row: entry.row, status: 'updated', id: entry.id, ...updatedAtOf(read) });
  options.stored.wrote(entry.id, read.updated_at);
  return {
    ...base,
    status: 'reverted',
    changes,
    message: `${cut.message}. It was not sent again (a ${cut.answeredStatus} says Trackops did it); read back, it holds every value the undo puts back`,
  };
}

function fromJournal(entry: RevertEntry, line: OutcomeLine): RevertRowResult {
  if (line.status !== 'updated')
    return {
      ...identityOf(entry, null),
      status: 'failed',
      changes: [],
      message: line.error?.message ?? 'refused by Trackops in an earlier run of this revert',
    };
  // What that run left for a person to clear is said again: its own words may be lost (a kill).
  const left = line.left_to_clear ?? [];
  const leftWords = leftToClearWords(left, 'was');
  return {
    ...identityOf(entry, null),
    status: 'reverted',
    changes: [],
    ...leftToClearOf(left),
    message: `put back by an earlier run of this revert; not sent again${leftWords ? `. ${leftWords}` : ''}`,
  };
}

/**
 * "Due date (now '2027-01-15', empty before the import) cannot be put back: …, so it is not sent (the
 * other fields are). Clear it by hand in Trackops"; undefined when nothing is left. `tense`: `was` for
 * a put-back an earlier run sent (its value then).
 */
function leftToClearWords(fields: readonly LeftToClear[], tense: 'is' | 'was'): string | undefined {
  if (fields.length === 0) return undefined;
  const one = fields.length === 1;
  const verb = tense === 'is' ? (one ? 'it is' : 'they are') : one ? 'it was' : 'they were';
  const others = tense === 'is' ? 'the other fields are' : 'the other fields were';
  return `${unclearedWords(fields)}, so ${verb} not sent (${others}). Clear ${one ? 'it' : 'them'} by hand in Trackops`;
}

function leftToClearOf(fields: readonly LeftToClear[]): Pick<RevertRowResult, 'leftToClear'> {
  return fields.length
    ? { leftToClear: fields.map(({ target, label, now }) => ({ target, label, now })) }
    : {};
}

function notSent(
  entry: RevertEntry,
  journal: Journal | undefined,
  windowMs: number,
  ways: WaysOut,
): RevertRowResult {
  const inDoubt = journal?.state.inDoubt.get(entry.row);
  return {
    ...identityOf(entry, null),
    status: 'not_sent',
    changes: [],
    message: inDoubt
      ? `its revert may have been stored (the answer was lost). ${revertResumeAfterWords(inDoubt, windowMs, ways)}`
      : `not sent: the revert was stopped; ${ways.finishStoppedUndo()} to finish`,
  };
}

/**
 * A request whose earlier PUT of this revert got no answer: its record once that PUT's settle window
 * has passed. When the check read it after the window, that read is the answer (no request more);
 * otherwise the rest of the window is waited out (said through onEarlierSendWait) and the request is
 * read back once (null: Trackops no longer has it). `stopped`: a stop came during the wait.
 */
async function afterEarlierPut(
  entry: RevertEntry,
  earlier: IntentLine,
  checked: CaseRequestRecord | null,
  options: RevertRunOptions,
  settle: { checkedAt: number; windowMs: number },
): Promise<CaseRequestRecord | null | 'stopped'> {
  const until = settledAt(lastLeftAt(earlier), settle.windowMs);
  if (until <= settle.checkedAt) return checked;
  const now = (options.now ?? Date.now)();
  if (until > now) {
    const request = entry.case_request_number ?? `request ${entry.id}`;
    options.onEarlierSendWait?.({
      until,
      words: earlierPutBackWaitWords(entry.row, request, earlier, until, now, options.waysOut),
    });
    try {
      await sleep(until - now, options.signal, options.hardSignal);
    } catch (error) {
      if (options.signal?.aborted && !options.hardSignal?.aborted) return 'stopped';
      throw error;
    } finally {
      options.onEarlierSendWait?.(null);
    }
  }
  try {
    return await options.api.getCaseRequest(entry.id, options.hardSignal);
  } catch (error) {
    if (error instanceof NotFoundError) return null;
    throw error;
  }
}

/**
 * A create of the import, for a person to close or delete (the API cannot delete), as Trackops holds it
 * now (`current`; undefined when it was not looked at: no id or no time in the journal). One changed
 * since the create's answer (its updated_at moved), or whose number is not the one the import was
 * given (an id reused), was worked on by someone since: said so, never listed for deletion as if it
 * were only the import's (report 5, item 2).
 */
function createRow(
  create: RevertCreate,
  current: CaseRequestRecord | null | undefined,
  context: { ownWrites: OwnWrites | undefined; inDoubt: InDoubtWordsContext },
): RevertRowResult {
  const { ownWrites } = context;
  const name = create.case_request_number ?? (create.id === undefined ? 'a request' : `request ${create.id}`);
  const base = {
    row: create.row,
    ...(create.id === undefined ? {} : { id: create.id }),
    ...(create.case_request_number === undefined ? {} : { case_request_number: create.case_request_number }),
    changes: [],
  };
  // Answered with a request Trackops held before the send, and none of the row's found (ANSWERED_EXISTING).
  if (create.answeredExisting)
    return {
      ...base,
      status: 'not_created',
      message: `not known to be created by the import: Trackops answered its create with ${name}, which existed before the row was sent, and no request with the row's values was found: do not close or delete ${name}`,
    };
  // Its fate never settled (an answer lost, then no resume, or a resume that held the row back because
  // several requests may be it, explore 22): said as unknown, never listed as a create to delete.
  if (create.inDoubt) {
    // The request the search found is named on the row (its id and number), still not counted as created.
    const found = context.inDoubt.search?.kind === 'found' ? context.inDoubt.search.record : undefined;
    const number = found?.case_request_number;
    return {
      ...base,
      ...(found ? { id: found.id } : {}),
      ...(typeof number === 'string' ? { case_request_number: number } : {}),
      status: 'not_created',
      inDoubt: true,
      message: inDoubtCreateWords(create.intent, context.inDoubt),
    };
  }
  const closeIt = `close or delete ${name} in Trackops (the API cannot delete)`;
  if (current === undefined)
    return {
      ...base,
      status: 'created',
      message: `created by the import: ${closeIt}. Whether it was changed since was not checked (the import's journal kept no time for it): look at it before deleting it`,
    };
  if (current === null)
    return {
      ...base,
      status: 'created',
      message: `created by the import, but Trackops no longer has ${name} (already deleted?): nothing to close`,
    };
  const numberNow = typeof current.case_request_number === 'string' ? current.case_request_number : undefined;
  if (
    create.case_request_number !== undefined &&
    numberNow !== undefined &&
    numberNow !== create.case_request_number
  )
    return {
      ...base,
      status: 'created_changed',
      message: `created by the import as ${create.case_request_number}, but id ${create.id} now names ${numberNow}, another request: do not close or delete ${numberNow}; ${create.case_request_number} is no longer in Trackops`,
    };
  const now =
    current.updated_at === undefined || current.updated_at === null ? '' : String(current.updated_at);
  if (create.updatedAt === undefined)
    return {
      ...base,
      status: 'created',
      message: `created by the import: ${closeIt}. Whether it was changed since is not known (the import's journal kept no updated_at for it): look at it before deleting it`,
    };
  if (now !== create.updatedAt) {
    // Moved by later imports of this machine (revert-chain.ts), undone or not: named, not "someone".
    const walk = ownWalk(ownWrites, create.id!, create.updatedAt, now);
    const kept = walk.steps.filter((step) => step.undoneAt === undefined);
    if (walk.reached && kept.length === 0) {
      const one = importsOf(walk.steps).length === 1;
      return {
        ...base,
        status: 'created',
        message: `created by the import, then changed since only by ${laterImportsWords(walk.steps)}, which ${one ? 'was' : 'were'} undone (its updated_at is the one ${one ? 'that undo' : 'those undos'} left; an edit within that same second would not show): ${closeIt}`,
      };
    }
    const look = `Do not delete it blindly: look at what was done, and close or delete it only if that work should go too`;
    if (walk.reached) {
      const one = importsOf(kept).length === 1;
      return {
        ...base,
        status: 'created_changed',
        message: `created by the import, then changed since by ${laterImportsWords(kept, true)}, which ${one ? 'was' : 'were'} not undone: its updated_at is the one ${one ? 'that import' : 'those imports'} left (an edit within that same second would not show). Undo ${one ? 'that import' : 'them'} first if ${one ? 'its' : 'their'} changes should go too. ${look}`,
      };
    }
    const last = walk.steps.at(-1);
    const before = last
      ? `then changed since by ${laterImportsWords(walk.steps, true)}, and after that in Trackops by someone else (its updated_at is now ${now || 'not given'}; ${last.undoneAt ? 'the undo' : 'the import'} of ${last.file} left it at ${last.after})`
      : `then changed in Trackops since (its updated_at is now ${now || 'not given'}; the import's create left it at ${create.updatedAt})`;
    return {
      ...base,
      status: 'created_changed',
      message: `created by the import, ${before}: someone worked on ${name} after the import. ${look}`,
    };
  }
  // Whole seconds (API-NOTES): an edit within the second of the create would not move updated_at.
  return {
    ...base,
    status: 'created',
    message: `created by the import, with no change seen since (its updated_at is still the one the create left; an edit within that same second would not show): ${closeIt}`,
  };
}

function identityOf(
  entry: RevertEntry,
  current: CaseRequestRecord | null,
): { row: number; id: number; case_request_number?: string } {
  const number =
    entry.case_request_number ??
    (typeof current?.case_request_number === 'string' ? current.case_request_number : undefined);
  return { row: entry.row, id: entry.id, ...(number === undefined ? {} : { case_request_number: number }) };
}

function updatedAtOf(record: CaseRequestRecord | null): Pick<OutcomeLine, 'updated_at' | 'updated_at_from'> {
  const value = record?.updated_at;
  return value === undefined || value === null || value === ''
    ? {}
    : { updated_at: String(value), updated_at_from: 'answer' };
}
