/**
 * The import runner: validated rows in, requests out, results and journal written as it goes.
 *
 * Validation finishes before the first request (invalid rows are reported, never sent, and the total is
 * known for progress). Rows the journal already finished are settled without a request; rows the
 * duplicate check found in the account (outcome.action 'duplicate') are reported `duplicate`, not sent.
 * A resumed run first searches the account once for creates the journal does not account for
 * (resume-sweep.ts); a search that fails stops the run before anything is sent. Then up to
 * `concurrency` rows are worked on at once; the pacer they share sets the pace. A soft stop lets rows in
 * flight finish and sends nothing new; a hard stop aborts requests in flight (the journal then knows
 * those rows are in doubt, and `--resume` reconciles them).
 *
 * Updates and upserts plan once (issue 13): the requests the dry run's plan found (`stored`, from
 * planImport's onStored), or, without one, one search of the account for every row's key before the
 * first send (validate/find-existing.ts: a listing or a probe per key, whichever is fewer requests). The
 * records found are every row's target and the read its whole-object merge needs, checked for changes
 * since (stored-requests.ts); a row that would change nothing is `unchanged` and sends nothing.
 */
import { inDoubtAdvice } from './in-doubt-advice.ts';
import { DEFAULT_TIMEOUT_MS } from '../api/http.ts';
import { AuthError, NetworkError, NotApiAnswerError, WaitTooLongError } from '../api/errors.ts';
import type { TrackopsApi } from '../api/types.ts';
import { stampZoneNotes } from '../api/stamp-zone.ts';
import type { MatchKey } from '../mapping/targets.ts';
import type { Pacer } from '../pace/pacer.ts';
import type { ReportError } from '../report/validation-rows.ts';
import { reportError } from '../report/validation-rows.ts';
import { cellText } from '../read/cell-text.ts';
import { fileDiffersNote } from './created-earlier.ts';
import {
  earlierCreateNote,
  notThatCreate,
  duplicateKey,
  earlierCreateHolding,
  type AccountRead,
  type EarlierCreate,
  type EarlierCreates,
} from './earlier-creates.ts';
import { earlierResultNote, earlierResultsReader } from './earlier-results.ts';
import type { ResultsWriter, RowResult, RowResultStatus } from '../report/results-types.ts';
import type { PlainProblemCode, ProblemCode } from '../problems/catalogue.ts';
import type { WaysOut } from '../problems/ways-out.ts';
import { formatProblem, problem } from '../problems/format.ts';
import type { Problem } from '../problems/problem.ts';
import type { ImportMode, RowOutcome } from '../validate/types.ts';
import { ApiError } from '../api/errors.ts';
import type { CaseRequestCreateBody, CaseRequestRecord } from '../api/types.ts';
import { contentKeysOf, contentOf, fingerprintOf } from './fingerprint.ts';
import { partialFieldsOfMapping } from './merge-stored.ts';
import type { Mapping } from '../mapping/schema.ts';
import type { Journal } from './journal.ts';
import type { AccountReference } from '../account/reference.ts';
import { findExisting, type CheckCost } from '../validate/find-existing.ts';
import { rowKey, StoredRequests } from './stored-requests.ts';
import { isDiskFull } from '../files/disk-full.ts';
import { AnswerNotRecordedError, namingRefusedWrites } from './journal-refused.ts';
import type { LostCreateWaits } from './reconcile.ts';
import { editedVerdictOf, readEarlierCreate, readThroughSearch, sendsEdited } from './edited-creates.ts';
import { editedWords } from './near-edit.ts';
import { targetWords, type TargetWordsContext } from '../mapping/target-words.ts';
import { searchEarlierDoubts, type EarlierDoubt } from './earlier-doubts.ts';
import {
  clockTime,
  earlierWaitSaid,
  earlierWriteOf,
  lastLeftAt,
  settledAt,
  settleWindowMs,
  type EarlierSendWait,
} from './earlier-sends.ts';
import { sleep } from '../pace/sleep.ts';
import { severalWords } from './identity-match.ts';
import { requestName } from './record-identity.ts';
import { sweepUnrecordedCreates, type SweepCandidate, type SweepResult } from './resume-sweep.ts';
import { isRefusal, reasonOf, SearchFailedError } from './search-failed.ts';
import {
  emptyWithoutRecord,
  FOUND_WITHOUT_JOURNAL,
  notApiWhy,
  pendingRefusalWords,
  sendRow,
  WritesRefusedError,
  type RowContext,
  type RowEnd,
  type WithoutRecord,
} from './send-row.ts';
import { isUnconfirmed, WriteUnconfirmedError } from './unconfirmed-write.ts';
import { SendRate } from './send-rate.ts';
import { TICK_MS, TrackopsWaits } from './trackops-waits.ts';
import { onlyCountsMoved, type ImportCounts, type ImportProgress } from './import-progress.ts';
import { pacedAsChosen, type ProgressPace, type ProgressPaceChoice } from './progress-pace.ts';
import { rowsUntilStopped } from './stopped-before-sending.ts';
import { RowsLeftToSendError } from './rows-left-to-send.ts';
import { ImportRunningError, runningImportError, type RunningImport } from './running-imports.ts';
import { wouldCreate } from './would-create.ts';
import { CreateContents } from './create-contents.ts';
import { keysBeingAdded, keysBeingAddedError, lookAgainWords } from './keys-being-added.ts';
import { SearchesMet } from './searches-met.ts';
import type { WithoutRecordCounts } from './without-record-words.ts';

/**
 * Rows in a row that failed with no answer at all (every attempt reset or timed out, after the client's
 * own retries and the looks for a lost create) before the run stops, resumable. One such row can be
 * chance; three running means the path to Trackops is down, and going on would spend every other row's
 * attempts (5 sends and their looks each) to learn the same. The threshold is the smallest that a lone
 * dropped connection between two good rows does not reach.
 */
export const NO_ANSWER_STREAK = 3;

/** The run stopped after NO_ANSWER_STREAK rows got no answer: a connection failure, resumable. */
export class NoAnswerStreakError extends NetworkError {}

export type { ImportCounts, ImportProgress } from './import-progress.ts';

/** With the writes answered without their record, and what finding them cost (without-record-words.ts). */
export interface ImportSummary extends ImportCounts, WithoutRecordCounts {
  /** Creates sent again after a reconcile found nothing, and throttled creates re-sent. */
  resent: number;
  /** Rows already finished by an earlier run of this journal (counted in created/updated/failed too). */
  fromJournal: number;
  /**
   * Of `fromJournal`: the rows that earlier run created, and those it updated (counted in `created` /
   * `updated` too), so that a host can say what this run wrote apart from what it found written
   * (explore 59 item 4).
   */
  fromJournalCreated: number;
  fromJournalUpdated: number;
  /** True when a stop came before every row was settled: resume with the same journal. */
  interrupted: boolean;
  /**
   * Rows the stop left unsent (in doubt ones included), written `skipped` with `not_sent` and counted
   * in `skipped` too: a host tells them from rows a `limit` left for later.
   */
  unsent: number;
  /** Rows left in doubt (a create whose fate is unknown): `--resume` looks for them before sending (held-back rows apart). */
  inDoubt: number;
  /**
   * Of `unsent`: rows in doubt that several requests Trackops holds may be (identity-match.ts), held
   * back, naming them: a `--resume` holds them back again, so they are settled by hand.
   */
  heldBack: number;
  /** Rows found in Trackops that the (cut short) journal had no record of: settled as created, not sent. */
  foundWithoutJournal: number;
  /**
   * Rows an earlier import of the same file into the account created (or sent without an answer), by
   * their journals (earlier-creates.ts): written `skipped` naming the request, counted in `skipped`.
   */
  createdEarlier: number;
  /**
   * What the searches made while sending met that Trackops was not expected to do (a filter it
   * ignored, a list that moved while read), in words, each said once however many searches met it
   * (searches-met.ts); empty when nothing was met.
   */
  searchNotes: string[];
  seconds: number;
}

/** With the pace of its progress the host chose (progress-pace.ts: progressEveryMs, progressClock). */
export interface ImportRunOptions extends ProgressPaceChoice {
  outcomes: AsyncIterable<RowOutcome> | Iterable<RowOutcome>;
  /** The host's words for what to do next (the CLI's --resume, the app's buttons): problems/ways-out.ts. */
  waysOut: WaysOut;
  /**
   * What earlier imports of this file into this account created, by content (earlier-creates.ts): a row
   * to create with such a body is that create, settled without a request. Null when the mapping says
   * `"duplicates": "create"`.
   */
  earlierCreates?: EarlierCreates | null;
  /**
   * What the plan's search of the account read of the earlier creates' requests (find-existing.ts
   * keepIds): such a request is taken from it instead of read again (edited-creates.ts readThroughSearch).
   */
  accountRead?: () => AccountRead | null;
  mode: ImportMode;
  match?: MatchKey | null;
  api: TrackopsApi;
  pacer: Pacer;
  journal: Journal;
  results?: ResultsWriter | null;
  /** Send at most this many valid rows (a trial run); the rest are `skipped` until a resume. */
  limit?: number;
  /**
   * Which rows left to send this run sends, when not all (the app's two buttons after a send that left
   * rows failed, which did the same before): `failed`, only the rows whose last send failed in a way
   * another try may pass (the journal's failedLast), every other row left for later (`skipped`, said);
   * `untried`, only the rows not sent yet, each failed one reported failed again as the journal has it,
   * not sent. Absent: every row (the CLI's --resume).
   */
  rows?: 'failed' | 'untried';
  /** Soft stop: nothing new is sent; rows in flight finish. */
  signal?: AbortSignal;
  /** Hard stop: requests in flight are aborted too. */
  hardSignal?: AbortSignal;
  onProgress?: (progress: ImportProgress) => void;
  /** Source headers, so API errors can name the column behind a field (with the mapping's columns). */
  headers?: string[];
  columns?: { column: string; target: string; blank?: 'clear' | 'keep' | undefined }[];
  /** The mapping's constants: with `columns`, they say which NAME/ADDRESS fields are given part by part. */
  constants?: Record<string, unknown>;
  /** The mapping's subject groups: their types name a subject's fields ("Claimant 1's Phone"). */
  subjects?: Mapping['subjects'];
  /**
   * Update/upsert: the requests the dry run's plan found (planImport's onStored), reused as every row's
   * target and read. Without it, the runner searches the account once before the first send. A
   * function when the plan runs as the runner reads its rows: called once they are all read. Create:
   * what the plan's duplicate check found, checked again for requests added since before a row is sent.
   */
  stored?: StoredRequests | (() => StoredRequests | undefined);
  /** Send updates that would change nothing too (`--force`). */
  force?: boolean;
  /** Every update outcome names its target and a body its caller checked against it (a round trip): sent as it is. */
  targetsChecked?: boolean;
  /** With targetsChecked: the request as its caller read it before sending, if it did (kept for revert). */
  readBefore?: (row: number) => CaseRequestRecord | null;
  /** Told what the runner's own search of the account will cost, before it starts. */
  onCost?: (cost: CheckCost) => void;
  /** Told once that search is done: what it read, apart from the plan told before (find-existing.ts). */
  onCheckDone?: (cost: CheckCost) => void;
  /** Field labels in conflict messages ("Claim Number", custom field names). */
  reference?: AccountReference;
  /** This machine's clock (ms) for the freshness checks and the rate; default Date.now. */
  now?: () => number;
  /**
   * The clock the send's one-second timer is read by, to tell that this computer was paused or asleep
   * (the timer fired far late: trackops-waits.ts); default Date.now, which a sleep moves on. Apart from
   * `now` so that a test moving `now` to stand for Trackops' silence is not taken for a pause.
   */
  timerClock?: () => number;
  /** Ages of the freshness checks, in seconds (stored-requests.ts: 60 before the first send, 300 while sending). */
  freshSeconds?: number;
  refreshSeconds?: number;
  /**
   * The imports of any of these rows (by their create bodies' content) into the account that are
   * running now, from journals their live processes hold (running-imports.ts): asked once every row
   * is read and again just before the first send; any found stops the run before it sends anything.
   */
  runningImports?: (contents: ReadonlySet<string>) => Promise<RunningImport[]>;
  /** The wait before the look for this file's keys being added now (keys-being-added.ts); tests shorten it. */
  lookAgainMs?: (planned: number) => number;
  /**
   * Waits before the two looks for a create whose answer was lost (reconcile.ts LOST_CREATE_WAITS:
   * 0.5 s, then 10 s, or after a timeout as long as the request was given). Tests shorten them.
   */
  lostCreateWaits?: Partial<LostCreateWaits>;
  /**
   * The same finished run run again without --resume (rows-left-to-send.ts): every row is settled as a
   * resume settles it, and a row it would send stops the run before anything is sent
   * (RowsLeftToSendError), nothing of the journal changed.
   */
  sendNothing?: boolean;
}

export interface ImportRun {
  done: Promise<ImportSummary>;
  pause(): void;
  resume(): void;
  /** `hard` aborts requests in flight; otherwise they finish and nothing new is sent. */
  cancel(hard?: boolean): void;
  /**
   * What the run's searches met so far, in words (ImportSummary.searchNotes, the server's zone
   * included): for a host whose run ended on an error, which carries no summary, so that a filter
   * Trackops ignored is said all the same.
   */
  searchNotes(): string[];
  /**
   * Writes answered without their record so far, and what finding them cost (the summary's counts of
   * them): a run that ended on an error says them as a finished one does (withoutRecordWords).
   */
  withoutRecord(): WithoutRecordCounts;
}

export function runImport(options: ImportRunOptions): Promise<ImportSummary> {
  return startImport(options).done;
}

export function startImport(options: ImportRunOptions): ImportRun {
  const soft = new AbortController();
  const hard = new AbortController();
  const follow = (from: AbortSignal | undefined, to: AbortController) => {
    if (from?.aborted) to.abort(from.reason);
    from?.addEventListener('abort', () => to.abort(from.reason), { once: true });
  };
  follow(options.signal, soft);
  follow(options.hardSignal, hard);
  hard.signal.addEventListener('abort', () => soft.abort(hard.signal.reason), { once: true });
  let paused = false;
  // Paused time is not counted in the rate or the time left (send-rate.ts).
  const clock = options.now ?? Date.now;
  const rate = new SendRate();
  // Every search this run makes while sending hands what its listing met here; said once, at the end
  // (in the summary, or through searchNotes when the run ends on an error).
  const searchesMet = new SearchesMet();
  // Likewise the writes answered without their record: counted here, so that a stop can say them.
  const withoutRecord = emptyWithoutRecord();
  // Every progress goes through the pace; a pause or a stop tells the count it held first, so that the
  // host's own word of it ("paused") stands beside the latest count. So does the end, an error's too.
  const pace = pacedAsChosen(
    (progress: ImportProgress) => options.onProgress?.(progress),
    options,
    onlyCountsMoved,
  );
  const told = options.onProgress ? pace : null;
  return {
    done: run(
      options,
      soft.signal,
      hard.signal,
      () => paused,
      rate,
      searchesMet,
      withoutRecord,
      told,
    ).finally(() => pace.flush()),
    searchNotes: () => [...stampZoneNotes(options.api.stampZone), ...searchesMet.notes()],
    withoutRecord: () => withoutRecordCounts(withoutRecord),
    pause() {
      paused = true;
      rate.pause(clock());
      options.pacer.pause();
      pace.flush();
    },
    resume() {
      paused = false;
      rate.resume(clock());
      options.pacer.resume();
    },
    cancel(hardStop = false) {
      paused = false;
      rate.resume(clock());
      options.pacer.resume();
      pace.flush();
      (hardStop ? hard : soft).abort(new Error('cancelled'));
    },
  };
}

async function run(
  options: ImportRunOptions,
  softSignal: AbortSignal,
  hardSignal: AbortSignal,
  isPaused: () => boolean,
  rate: SendRate,
  searchesMet: SearchesMet,
  withoutRecord: WithoutRecord,
  /** The host's progress, paced; null when the host hears none (nothing is built for it). */
  told: ProgressPace<ImportProgress> | null,
): Promise<ImportSummary> {
  const started = Date.now();
  const counts: ImportCounts = {
    rows: 0,
    valid: 0,
    invalid: 0,
    created: 0,
    updated: 0,
    skipped: 0,
    failed: 0,
    duplicate: 0,
    unchanged: 0,
  };
  let resent = 0;
  let fromJournal = 0;
  let fromJournalCreated = 0;
  let fromJournalUpdated = 0;
  let foundWithoutJournal = 0;
  let createdEarlier = 0;
  const { results } = options;
  // A journal line refused (a full disk, a folder that stops taking writes) names the journal's file.
  const journal = namingRefusedWrites(options.journal);
  // What stops the run once it has begun: no row is sent after it, and every row left is `unsent`.
  let fatal: unknown = null;
  // A results file the disk refuses (explore 13 item 3) stops the run as any stop does, but every row
  // is still read and handed on (a host counts what it is given): the summary counts the whole file.
  const report = async (result: RowResult): Promise<void> => {
    try {
      await results?.write(result);
    } catch (error) {
      if (!isDiskFull(error)) throw error;
      fatal ??= error;
    }
  };
  const write = async (outcome: RowOutcome, status: RowResultStatus, extra: Partial<RowResult> = {}) => {
    counts[status] += 1;
    await report({
      row: outcome.row,
      status,
      errors: [],
      cells: outcome.cells,
      ...notesOf(outcome),
      ...extra,
    });
  };

  // 1. Validate everything first; settle invalid rows, duplicates and rows an earlier run finished.
  const doneInEarlierResults = earlierResultsReader(options.headers ?? [], options.mode);
  const toSend: RowOutcome[] = [];
  const claimedIds = new Set<number>();
  // An earlier import's create: taken from the plan's search when it read it, else read once (a GET).
  const readEarlier = (id: number) =>
    readThroughSearch(options.accountRead?.() ?? null, (one) =>
      readEarlierCreate(options.api, one, hardSignal),
    )(id);
  for (const line of journal.state.finished.values())
    if (line.id !== undefined && line.status !== 'failed') claimedIds.add(line.id);
  // An earlier run of this journal saw the server stamp in local time: this one's searches by time (a
  // create in doubt's, before any write of its own shows the zone again) look in that zone.
  const earlierZone = journal.state.stampZone;
  if (earlierZone)
    options.api.stampZone?.assume({
      ...earlierZone,
      from: `${earlierZone.from} in an earlier run of this import`,
    });
  const beyondLimit: RowOutcome[] = [];
  // Rows `rows` keeps out of this send: not tried again now, or failed before and not retried now.
  const notThisSend: RowOutcome[] = [];
  const failedBefore: { outcome: RowOutcome; line: RowEnd }[] = [];
  // A row to send, or one a --limit (or the choice of `rows`) leaves for later.
  const queue = (outcome: RowOutcome): void => {
    const failed = journal.state.failedLast.get(outcome.row);
    if (options.rows === 'failed' && !failed) notThisSend.push(outcome);
    else if (options.rows === 'untried' && failed) failedBefore.push({ outcome, line: failed });
    else if (options.limit !== undefined && toSend.length >= options.limit) beyondLimit.push(outcome);
    else toSend.push(outcome);
  };
  // Requests neither this run's rows nor another import's journal may be taken for a lost create.
  const notOurs = (): Set<number> => new Set([...claimedIds, ...(options.earlierCreates?.ids ?? [])]);
  const earlierToCheck: { outcome: RowOutcome; create: EarlierCreate }[] = [];
  const earlierDoubts: EarlierDoubt[] = [];
  // What this run's rows would create (or sent in doubt), by content: another import running now of
  // any of them stops the run before it sends anything (running-imports.ts).
  const contents = new Set<string>();
  // Each create body's content, made once: its intent takes it again as it is sent (create-contents.ts).
  const createContents = new CreateContents();
  const stopIfRunningElsewhere = async (): Promise<void> => {
    if (fatal || !options.runningImports || contents.size === 0) return;
    const running = await options.runningImports(contents);
    if (running.length > 0) fatal = runningImportError(running);
  };
  // Rows in doubt in this journal that another import created since (createdSinceDoubt).
  const doubtsSettledElsewhere: { outcome: RowOutcome; create: EarlierCreate }[] = [];
  // Rows in doubt that several requests may be (identity-match.ts): not sent, reported as unsent.
  const heldBack: { outcome: RowOutcome; error: ReportError }[] = [];
  // Read with the soft stop: a stop before the first send ends the run here (stopped-before-sending.ts).
  for await (const outcome of rowsUntilStopped(options.outcomes, softSignal)) {
    if (outcome.status === 'skipped') {
      // Left out by the mapping's `skip` rules (a total, a footer): not data, never sent, not counted as a row.
      await write(outcome, 'skipped', {
        errors: [said(`skip_${outcome.skipped?.rule ?? 'rule'}`, outcome.skipped?.reason ?? 'left out')],
      });
      continue;
    }
    counts.rows += 1;
    const content = createContent(outcome, options, journal, createContents);
    if (content) contents.add(content);
    // The app sends its dry run's outcomes: a duplicate held at an earlier import's own create reads
    // there as already sent, its body gone with the refusal (earlier-creates.ts heldByEarlierCreate).
    // It is settled as the duplicate it was, never sent (it crashed the send: nothing to send).
    const duplicate =
      outcome.action === 'duplicate' ||
      (outcome.action === 'already_sent' && !outcome.body && outcome.duplicateOf !== undefined);
    const finished = journal.state.finished.get(outcome.row);
    // A row an earlier run of this journal wrote is in Trackops whatever its cells hold now (the
    // account's lists changed since, or the app's send went with a fix typed in): reported as the
    // journal has it, with what the check says of the cells, never as "invalid (not sent)".
    const refusedSinceWritten =
      outcome.status === 'invalid' &&
      !duplicate &&
      (finished?.status === 'created' || finished?.status === 'updated');
    if (outcome.status === 'invalid' && !duplicate && !refusedSinceWritten) {
      counts.invalid += 1;
      await report({
        row: outcome.row,
        status: 'invalid',
        errors: outcome.problems.map(reportError),
        ...notesOf(outcome),
        cells: outcome.cells,
      });
      continue;
    }
    counts.valid += 1;
    const earlier = doneInEarlierResults(outcome);
    if (earlier) {
      const { was: _was, ...request } = earlier;
      await write(outcome, 'skipped', {
        ...request,
        errors: [reportError(earlierResultNote(outcome.row, earlier))],
      });
      continue;
    }
    if (finished?.status === 'duplicate' && finished.note?.code === 'created_by_earlier_import') {
      // A row in doubt an earlier resume settled by another import's create (step 2a): said as then.
      fromJournal += 1;
      createdEarlier += 1;
      await write(outcome, 'skipped', resultOf(finished, outcome, options));
      continue;
    }
    if (finished) {
      fromJournal += 1;
      if (finished.status === 'created') fromJournalCreated += 1;
      if (finished.status === 'updated') fromJournalUpdated += 1;
      const result = resultOf(finished, outcome, options);
      if (refusedSinceWritten)
        result.errors = [...(result.errors ?? []), reportError(fileDiffersNote(outcome))];
      await write(outcome, finished.status, result);
      continue;
    }
    // A row this journal sent without an answer, whose very content another import's journal records
    // as created (explore 26 item 2: killed mid-send, the file imported again from another folder, then
    // this journal resumed): that import searched for this send first and sent the row only when it
    // was not there, so its create is the row's request. Settled after this resume's own search (2a).
    const settledBy = createdSinceDoubt(outcome, options, journal);
    if (settledBy) {
      doubtsSettledElsewhere.push({ outcome, create: settledBy });
      continue;
    }
    const earlierCreate = createdByEarlierImport(outcome, options, journal);
    if (earlierCreate) {
      (earlierCreate.answered ? earlierToCheck : earlierDoubts).push({ outcome, create: earlierCreate });
      continue;
    }
    // A duplicate in doubt is sent to sendRow, which only settles the doubt (it never sends a duplicate).
    if (duplicate && journal.state.inDoubt.get(outcome.row)?.op !== 'create') {
      // The request holding its key is the one an earlier import created from this very content: that
      // import's row, already sent, as the dry run says it (no read: the plan's listing holds it).
      const held = options.earlierCreates ? earlierCreateHolding(outcome, options.earlierCreates) : null;
      if (held) {
        createdEarlier += 1;
        await write(outcome, 'skipped', {
          ...requestOf(held),
          errors: [reportError(earlierCreateNote(outcome.row, held, {}, options.waysOut))],
        });
        continue;
      }
      // Its key's earlier create is held by it (never another row's correction, near-edit.ts).
      const key = options.earlierCreates ? duplicateKey(outcome) : null;
      if (key) options.earlierCreates!.holdsKey(key);
      // The app's held duplicate carries its refusal no more, but its note names the request.
      const why = outcome.problems.length > 0 ? outcome.problems : (outcome.notes ?? []);
      await write(outcome, 'duplicate', { errors: why.map(reportError) });
      continue;
    }
    queue(outcome);
  }
  await stopIfRunningElsewhere();
  // 1a. Rows that are an earlier import's create with a value or two corrected since (near-edit.ts),
  // looked for once every row has taken its own by content. Each request is read once (what the row's
  // POST would have cost): one Trackops no longer holds, or whose id holds another request now, lets
  // the row be sent; otherwise the row is refused, naming it and what differs (a guess either way).
  // A file whose every row was corrected (a column fixed throughout) holds no earlier create whole: its
  // rows to create tell whether it runs an earlier import again (fixed-column.ts).
  if (options.earlierCreates && options.earlierCreates.size > 0)
    options.earlierCreates.recogniseFixedColumn(
      [...toSend, ...beyondLimit]
        .filter((outcome) => outcome.body && createsAnew(outcome, options, journal))
        .map((outcome) => ({ row: outcome.row, body: outcome.body as CaseRequestCreateBody })),
    );
  if (options.earlierCreates && options.earlierCreates.size > 0 && options.earlierCreates.runAgain) {
    const waiting = [...toSend, ...beyondLimit];
    toSend.length = 0;
    beyondLimit.length = 0;
    for (const outcome of waiting) {
      const body = outcome.body as CaseRequestCreateBody | undefined;
      const edited =
        body && createsAnew(outcome, options, journal)
          ? options.earlierCreates.near(outcome.row, contentOf(body), body)
          : null;
      if (!edited) {
        queue(outcome);
        continue;
      }
      const { create } = edited;
      const read = create.id !== null && !fatal ? await readEarlier(create.id) : null;
      const verdict = editedVerdictOf(read, create, options.api.timeoutMs);
      const note = earlierCreateNote(
        outcome.row,
        create,
        {
          edited: {
            differs: editedWords(edited, body!, runWords(options)),
            how: verdict.how,
            ...(verdict.how === 'replaced' ? { why: verdict.why } : {}),
          },
        },
        options.waysOut,
      );
      if (sendsEdited(verdict)) {
        outcome.notes = [...(outcome.notes ?? []), note];
        queue(outcome);
        continue;
      }
      counts.valid -= 1;
      counts.invalid += 1;
      await report({
        row: outcome.row,
        status: 'invalid',
        errors: [reportError(note)],
        ...notesOf(outcome),
        cells: outcome.cells,
      });
    }
  }
  // 1b. Rows an earlier import of the file created (earlier-creates.ts): each request is read once, as
  // the row's POST would have cost. One Trackops no longer holds (deleted since, a practice account
  // started afresh) is sent again, said; so is one whose id now holds another request (created outside
  // that send's window, or another referral: notThatCreate); one that cannot be read now is not sent.
  for (const { outcome, create } of earlierToCheck) {
    // Stopped before its read (another import of these rows running): reported not sent, as the rest.
    if (fatal) {
      queue(outcome);
      continue;
    }
    const { gone } = await earlierCreateGone(options.api, create, outcome, readEarlier, options.waysOut);
    if (gone) {
      outcome.notes = [...(outcome.notes ?? []), gone];
      queue(outcome);
      continue;
    }
    createdEarlier += 1;
    await write(outcome, 'skipped', {
      ...requestOf(create),
      errors: [reportError(earlierCreateNote(outcome.row, create, {}, options.waysOut))],
    });
  }
  // 1c. Rows an earlier import sent without an answer: one search of what was created since, before
  // anything is sent (earlier-doubts.ts). Found: settled as that import's create; not there: sent, said.
  if (earlierDoubts.length > 0) {
    let found: SweepResult = new Map();
    if (!fatal) {
      try {
        // A send that may not have landed yet is not looked for yet (earlier-sends.ts): found by no
        // search now, it would be sent a second time. Waited out before the search, said.
        await waitForEarlierImports(earlierDoubts, options, softSignal, hardSignal, (words, seconds) =>
          told?.update({
            ...counts,
            phase: 'validating',
            done: 0,
            total: toSend.length,
            rowsPerSecond: 0,
            etaSeconds: null,
            throttledForSeconds: 0,
            paused: isPaused(),
            lookingAgain: { seconds, words },
          }),
        );
        // Stopped during the wait: not searched, so each is reported not sent, as below.
        if (!softSignal.aborted)
          found = await searchEarlierDoubts(options.api, earlierDoubts, notOurs(), hardSignal, searchesMet);
      } catch (error) {
        fatal = error;
      }
    }
    for (const { outcome, create } of earlierDoubts) {
      const record = found.get(outcome.row);
      if (record) {
        claimedIds.add(record.id);
        createdEarlier += 1;
        const request = { id: record.id, case_request_number: record.case_request_number ?? null };
        await write(outcome, 'skipped', {
          id: record.id,
          ...(record.case_request_number ? { case_request_number: record.case_request_number } : {}),
          // Found as the one request only that send can have made, edited since: said how (own-create.ts).
          errors: [
            reportError(
              earlierCreateNote(
                outcome.row,
                create,
                {
                  found: request,
                  ...(found.ownCreates?.has(outcome.row) ? { own: found.ownCreates.get(outcome.row)! } : {}),
                },
                options.waysOut,
              ),
            ),
          ],
        });
        continue;
      }
      // Not found by content: requests that may be it all the same (identity-match.ts) hold it back.
      const guess = found.byIdentity?.get(outcome.row);
      if (guess?.kind === 'several') {
        // Not sent, and not settled: the clerk checks the candidates (the note names them).
        heldBack.push({
          outcome,
          error: reportError(
            earlierCreateNote(
              outcome.row,
              create,
              {
                several: { found: guess.records.map(requestName), why: severalWords(guess) },
              },
              options.waysOut,
            ),
          ),
        });
        continue;
      }
      if (found.has(outcome.row))
        outcome.notes = [
          ...(outcome.notes ?? []),
          earlierCreateNote(outcome.row, create, { searched: true }, options.waysOut),
        ];
      // Not searched (the run stopped): queued all the same, so that it is reported not sent.
      queue(outcome);
    }
  }
  for (const outcome of beyondLimit) {
    await write(outcome, 'skipped', {
      errors: [note('limit', { limit: options.limit }, options.waysOut)],
    });
  }
  for (const outcome of notThisSend) await write(outcome, 'skipped', { errors: [note('not_retried_now')] });
  // Still failed, as the journal has it: the failure is the row's until a send tries it again.
  for (const { outcome, line } of failedBefore)
    await write(outcome, 'failed', resultOf(line, outcome, options));
  // Settled only (the same finished run again): a row a resume would send means the run is not finished.
  // Before the resume's search and the freshness checks: what they cost is a send's, and none follows.
  if (!fatal && options.sendNothing && toSend.length + beyondLimit.length > 0)
    fatal = new RowsLeftToSendError(
      [...toSend, ...beyondLimit].map((outcome) => outcome.row).sort((a, b) => a - b),
    );

  // 2. A resumed run: one search for the creates the journal does not account for, before any send.
  // Its time: a row whose earlier send's window ends after it is looked for again before it is sent.
  const lookedAt = (options.now ?? Date.now)();
  let swept: SweepResult | undefined;
  if (!fatal && journal.resumed && options.mode !== 'update') {
    try {
      // Requests other imports' journals record as theirs are not this run's (explore 23: the row held
      // back, then sent from a file of its own, was taken by the resume as its own lost create).
      swept = await sweepUnrecordedCreates(
        options.api,
        journal.startedAt,
        sweepCandidates(
          [...toSend, ...doubtsSettledElsewhere.map(({ outcome }) => outcome)],
          journal,
          options.mode,
        ),
        notOurs(),
        hardSignal,
        { timeoutMs: options.api.timeoutMs, met: searchesMet },
      );
      settleByIdentity(swept, toSend, heldBack, options.waysOut);
    } catch (error) {
      if (hardSignal.aborted) fatal = error;
      else if (isRefusal(error))
        fatal = new SearchFailedError(
          resumeRefusedWords(journal, error),
          [...journal.state.inDoubt.keys()],
          error,
          {
            code: 'search_refused',
            why: 'Trackops refused the search for rows an earlier run of this journal may have sent',
          },
        );
      else if (error instanceof ApiError && !(error instanceof AuthError))
        fatal = new SearchFailedError(
          `Trackops could not be searched for the rows an earlier run of this journal may have sent (${reasonOf(error)}). ` +
            `Nothing was sent. ${inDoubtAdvice(options.waysOut).earlierSearchFailed}`,
          [...journal.state.inDoubt.keys()],
          error,
        );
      else fatal = error;
    }
  }

  // 2a. Rows in doubt that another import created since (createdSinceDoubt). This journal's own send
  // found by the search above is the row's create (and the other a second request, said); not found,
  // the other import's create is, once a read finds it still there, as for 1b. Nothing is sent for
  // them unless that request is gone; the journal records the row settled, not created by this run,
  // so that its revert does not list the other import's request (that import's revert does).
  for (const { outcome, create } of doubtsSettledElsewhere) {
    const own = swept?.get(outcome.row);
    if (own || fatal) {
      if (own)
        outcome.notes = [
          ...(outcome.notes ?? []),
          earlierCreateNote(
            outcome.row,
            create,
            {
              twice: { id: own.id, case_request_number: own.case_request_number ?? null },
            },
            options.waysOut,
          ),
        ];
      // To sendRow, which records the request the search found, or (stopped) leaves the row in doubt.
      // Not through `queue`: the rows a --limit leaves were said above, and a doubt is settled anyway.
      toSend.push(outcome);
      continue;
    }
    const { read, gone } = await earlierCreateGone(
      options.api,
      create,
      outcome,
      readEarlier,
      options.waysOut,
    );
    if (gone) {
      // Neither this journal's send nor the other import's create is in Trackops: sent (sendRow sees
      // the search found nothing for it).
      outcome.notes = [...(outcome.notes ?? []), gone];
      // Requests that may be this journal's send, edited since, hold it back as for any row in doubt.
      const guess = swept?.byIdentity?.get(outcome.row);
      if (guess?.kind === 'several')
        heldBack.push({
          outcome,
          error: note(
            'in_doubt_several',
            { found: guess.records.map(requestName), why: severalWords(guess) },
            options.waysOut,
          ),
        });
      else toSend.push(outcome);
      continue;
    }
    const words = earlierCreateNote(outcome.row, create, { doubt: true }, options.waysOut);
    // Read: settled in the journal. Not readable now: not sent, and left in doubt for the next resume
    // to settle the same way (1b does not send such a row either).
    if (read !== null)
      await journal.outcome({
        row: outcome.row,
        status: 'duplicate',
        ...requestOf(create),
        note: { code: words.code, message: words.message },
      });
    createdEarlier += 1;
    await write(outcome, 'skipped', {
      ...requestOf(create),
      errors: [reportError(words)],
    });
  }

  // 2b. Updates: every row's target from one search, unless the dry run's plan already found them.
  let stored = typeof options.stored === 'function' ? options.stored() : options.stored;
  if (!fatal && !stored && options.mode !== 'create' && options.match && !options.targetsChecked) {
    const keys = new Set<string>();
    for (const outcome of toSend) {
      const key = outcome.matchValue?.trim();
      if (key) keys.add(key);
    }
    try {
      const found = await findExisting(options.api, options.match, keys, {
        expand: true,
        signal: hardSignal,
        ...(options.onCost ? { onCost: options.onCost } : {}),
        ...(options.onCheckDone ? { onCheckDone: options.onCheckDone } : {}),
        ...(options.now ? { now: options.now } : {}),
      });
      stored = new StoredRequests(options.match, keys, found);
    } catch (error) {
      fatal = error;
    }
  }
  stored?.beginSending();
  // Again just before the first send: another run that began sending meanwhile has written its first
  // creates to its journal by now (each before it leaves).
  await stopIfRunningElsewhere();
  // Another computer's import of this file (its journals are not here): the account tells it, when the
  // plan found the file's keys created minutes ago and more are being added (keys-being-added.ts).
  if (!fatal && stored && options.mode === 'create' && !options.targetsChecked) {
    const wanted = new Set<string>();
    for (const outcome of toSend) {
      const key = rowKey(outcome, stored.keyField);
      if (key && !journal.state.inDoubt.has(outcome.row)) wanted.add(key);
    }
    try {
      // Requests this machine's journals record as created (this run's trial, an earlier import of the
      // file) are known creates, not another computer's run (explore 28: a trial then the rest waited).
      // So are the creates this resume's search found by content for rows the journal holds no answer
      // for (2.): a run killed with creates in flight sent them; without them a crash's last creates
      // were taken for another computer's import, and the resume waited, saying so.
      const ours = notOurs();
      for (const record of swept?.values() ?? []) if (record) ours.add(record.id);
      const others = stored.plannedRecords().filter((record) => !ours.has(record.id));
      const label = targetWords(stored.keyField, runWords(options));
      const found = await keysBeingAdded(options.api, stored.keyField, others, wanted, {
        now: options.now ?? Date.now,
        // The first stop ends it: nothing has been sent, and a stopped run sends nothing after it, so
        // what it would find can change nothing (a whole-list read on a server that ignores the filter
        // took minutes after a Ctrl-C). Its wait too.
        signal: AbortSignal.any([softSignal, hardSignal]),
        met: searchesMet,
        label,
        ...(options.api.stampZone ? { zone: options.api.stampZone } : {}),
        ...(options.lookAgainMs ? { waitMs: options.lookAgainMs } : {}),
        // Said while it waits (explore 30 item 3): the first row goes only after this wait.
        onWait: (wait) =>
          told?.update({
            ...counts,
            phase: 'validating',
            done: 0,
            total: toSend.length,
            rowsPerSecond: 0,
            etaSeconds: null,
            throttledForSeconds: 0,
            paused: isPaused(),
            lookingAgain: { seconds: wait.seconds, words: lookAgainWords(wait, label) },
          }),
      });
      if (found) fatal = keysBeingAddedError(found, stored.keyField, label);
    } catch (error) {
      // Stopped (not aborted): the rows are reported not sent below, as at any stop before sending.
      if (hardSignal.aborted || !softSignal.aborted) fatal = error;
    }
  }

  // A results file is opened by its first row's result, which for a file of valid rows comes once the
  // first create is answered: a results folder removed or made read-only since the run began was found
  // only then, with a request already in Trackops. Opened here, before any request leaves, such a
  // folder stops the run as a full disk does, and every row is reported not sent.
  if (!fatal && toSend.length > 0 && results?.open) {
    try {
      await results.open();
    } catch (error) {
      if (!isDiskFull(error)) throw error;
      fatal = error;
    }
  }

  // 3. Send, up to `concurrency` rows at once. A row whose earlier write (no answer) may land yet goes
  // last: it waits for that write's window before it is sent again (earlier-sends.ts), and the other
  // rows are sent meanwhile.
  const windowMs = settleWindowMs(options.api.timeoutMs, options.lostCreateWaits);
  const unsettledUntil = (outcome: RowOutcome): number => {
    const earlier = earlierWriteOf(journal.state, outcome.row);
    return earlier ? settledAt(lastLeftAt(earlier), windowMs) : 0;
  };
  const startedSending = (options.now ?? Date.now)();
  const settledFirst = [...toSend].sort(
    (a, b) => Number(unsettledUntil(a) > startedSending) - Number(unsettledUntil(b) > startedSending),
  );
  toSend.splice(0, toSend.length, ...settledFirst);
  // Rows waiting for their earlier write now, and what the wait says: in the progress while it lasts.
  const waiting = new Map<number, EarlierSendWait>();
  const total = toSend.length;
  let done = 0;
  rate.start((options.now ?? Date.now)());
  // What each row in flight waits on from Trackops, said once it goes quiet (explore 38 item 1).
  const trackopsWaits = new TrackopsWaits(
    options.now ?? Date.now,
    options.api.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    options.timerClock ?? Date.now,
  );
  // Rows refused on their own while a streak of refusals is open: reported once it is known whether the
  // streak stops the run (then they were the credentials, and go back to be sent: WritesRefusedError.rows).
  // The progress counts them as they come (ImportProgress.refusedUnsettled).
  const heldRefusals = new Map<number, { outcome: RowOutcome; line: RowEnd }>();
  // Built at each row settled, each tick and each wait begun or over; the pace tells the host at once
  // what it must see at once, and the counts at most every progressEveryMs (progress-pace.ts).
  const progress = (phase: ImportProgress['phase']) => {
    if (!told) return;
    told.update(progressNow(phase), () => progressNow(phase));
  };
  /** The progress as it is now (a held one is built again when it leaves). */
  const progressNow = (phase: ImportProgress['phase']): ImportProgress => {
    const stats = options.pacer.stats();
    const now = (options.now ?? Date.now)();
    const trackopsWait = phase === 'sending' ? trackopsWaits.said() : null;
    // Time spent on Trackops' silence is no measure of the pace: held, as while paused (send-rate.ts).
    if (trackopsWait) rate.pause(trackopsWait.since, 'trackops');
    else rate.resume(now, 'trackops');
    // Waiting out a row's earlier write is no measure of the pace either (explore 40 item 5: the rate
    // fell and "about 1 s left" held for half a minute): held while a row waits.
    if (waiting.size > 0) rate.pause(now, 'settling');
    else rate.resume(now, 'settling');
    return {
      ...counts,
      failed: counts.failed + heldRefusals.size,
      phase,
      done,
      total,
      ...rate.measure(done, total, now),
      throttledForSeconds: stats.throttledForSeconds,
      paused: isPaused(),
      ...(earlierWaitSaid(waiting, now) ?? {}),
      ...(trackopsWait ? { trackopsWait } : {}),
      ...(heldRefusals.size > 0
        ? {
            // Said as pending (the next writes decide whose refusal it is), not as the row's alone.
            refusedUnsettled: [...heldRefusals].map(([row, held]) => {
              const pending = pendingRefusalWords(row, context);
              const errors = resultOf(held.line, held.outcome, options).errors ?? [];
              return {
                row,
                errors: errors.map((error) =>
                  pending && error.code === 'write_refused' ? { ...error, message: pending } : error,
                ),
              };
            }),
          }
        : {}),
    };
  };
  // Each tick also tells the waits whether this computer ran meanwhile (a lid closed: trackops-waits.ts).
  const ticker = told
    ? setInterval(() => {
        trackopsWaits.tick();
        progress('sending');
      }, TICK_MS)
    : null;
  const refusedBefore: ReadonlySet<number> = new Set(journal.state.refused.keys());
  const reportHeld = async () => {
    const open = new Set((context.writes?.streak ?? []).map((refused) => refused.row));
    for (const [row, held] of heldRefusals) {
      if (open.has(row)) continue;
      heldRefusals.delete(row);
      await write(held.outcome, held.line.status, resultOf(held.line, held.outcome, options));
    }
  };
  const context: RowContext = {
    api: options.api,
    createContents,
    waysOut: options.waysOut,
    journal,
    lookedAt,
    mode: options.mode,
    match: options.match ?? null,
    claimedIds,
    searchesMet,
    // A 403 on a write after others with these credentials went through is that record's (send-row.ts).
    // A row an earlier run saw refused on its own is sent again (the permission may have been granted).
    writes: { accepted: acceptedEarlier(journal), refusedInARow: 0, refusedBefore },
    withoutRecord,
    hardSignal,
    softSignal,
    columnOf: columnFinder(options),
    onResend: () => {
      resent += 1;
    },
    ...(swept ? { swept } : {}),
    partialFields: partialFieldsOf(options),
    ...(stored ? { stored } : {}),
    ...(options.force ? { force: true } : {}),
    ...(options.targetsChecked ? { targetsChecked: true } : {}),
    ...(options.readBefore ? { readBefore: options.readBefore } : {}),
    ...(options.now ? { now: options.now } : {}),
    ...(options.freshSeconds === undefined ? {} : { freshSeconds: options.freshSeconds }),
    ...(options.refreshSeconds === undefined ? {} : { refreshSeconds: options.refreshSeconds }),
    ...(options.lostCreateWaits ? { lostCreateWaits: options.lostCreateWaits } : {}),
    // The mapping's case type picks the account's labels of the reference values ("Claim Number").
    words: runWords(options),
    onLookAgain: (row, inMs, what) => trackopsWaits.looksAgain(row, inMs, what),
    onEarlierSendWait: (row, wait) => {
      if (wait) waiting.set(row, wait);
      else waiting.delete(row);
      progress('sending');
    },
  };
  let next = 0;
  const unsent: RowOutcome[] = [];
  let noAnswerStreak = 0;
  rate.start((options.now ?? Date.now)());
  progress('sending');
  const worker = async () => {
    while (next < toSend.length) {
      const outcome = toSend[next++]!;
      if (softSignal.aborted || fatal) {
        unsent.push(outcome);
        continue;
      }
      // The row's own view of the connection: what it hears is its own (trackops-waits.ts).
      const observed = options.api.observed?.((event) => trackopsWaits.heard(outcome.row, event));
      try {
        const line = await sendRow(outcome, observed ? { ...context, api: observed } : context).finally(() =>
          trackopsWaits.ended(outcome.row),
        );
        if (line === null) {
          unsent.push(outcome);
          continue;
        }
        if ('note' in line && line.note?.code === FOUND_WITHOUT_JOURNAL) foundWithoutJournal += 1;
        // Any row Trackops answered ends a streak of rows it never answered.
        const unanswered = line.status === 'failed' && 'error' in line && line.error?.code === 'api_network';
        noAnswerStreak = unanswered ? noAnswerStreak + 1 : 0;
        if (unanswered && noAnswerStreak >= NO_ANSWER_STREAK)
          fatal ??= new NoAnswerStreakError(
            `Trackops gave no answer to ${noAnswerStreak} rows in a row (the last, row ${outcome.row}: ${'error' in line ? line.error?.message : ''}); the import stopped there rather than try every other row the same way`,
            { method: 'POST', path: 'case/requests' },
            false,
          );
        // A row that ended needs no more freshness checks; one to try again (a retryable failure, a
        // later send of the same plan in the app) keeps its request checked.
        const key = stored && rowKey(outcome, stored.keyField);
        if (key && !('retryable' in line && line.retryable)) stored?.settle(key);
        if ('error' in line && line.error?.code === 'write_refused' && !refusedBefore.has(outcome.row)) {
          heldRefusals.set(outcome.row, { outcome, line });
        } else {
          const result = resultOf(line, outcome, options);
          if (refusedBefore.has(outcome.row) && (line.status === 'created' || line.status === 'updated'))
            result.errors = [...(result.errors ?? []), note('sent_after_refusal', {}, options.waysOut)];
          await write(outcome, line.status, result);
        }
        // A write Trackops answered without doing it, as far as could be seen: the next would most
        // likely be answered the same way, so nothing more is sent (unconfirmed-write.ts).
        if ('error' in line && line.error && isUnconfirmed(line))
          fatal ??= new WriteUnconfirmedError(outcome.row, line.error.message);
        await reportHeld();
      } catch (error) {
        if (error instanceof AnswerNotRecordedError) {
          // The journal stopped taking lines: the run stops for it, as for any journal write refused.
          if (!hardSignal.aborted) fatal ??= error.journalFailure;
          if (error.written) {
            // Written in Trackops: reported as Trackops answered (a guess would be wrong: "no answer"),
            // with why its journal does not know (--resume finds it before sending anything).
            const result = resultOf(error.line, outcome, options);
            result.errors = [
              ...(result.errors ?? []),
              note(
                'answer_not_recorded',
                { op: error.line.status === 'updated' ? 'update' : 'create' },
                options.waysOut,
              ),
            ];
            await write(outcome, error.line.status, result);
            done += 1;
            progress('sending');
            continue;
          }
        } else if (!hardSignal.aborted) fatal ??= error;
        unsent.push(outcome);
        if (error instanceof WritesRefusedError)
          for (const row of error.rows) {
            const held = heldRefusals.get(row);
            if (!held) continue;
            heldRefusals.delete(row);
            unsent.push(held.outcome);
          }
        continue;
      }
      // Only rows settled by a request count toward rows/s and the ETA.
      done += 1;
      progress('sending');
    }
  };
  const workers = Math.max(1, options.pacer.stats().concurrency);
  try {
    await Promise.all(Array.from({ length: workers }, worker));
  } finally {
    if (ticker) clearInterval(ticker);
  }
  // The counts as sending ends (refusals taken back to be sent again by a stop among them): told now
  // when more than counts moved; else held, and said by 'finished' below, which takes their place, or
  // before the error a stopped run ends on (startImport flushes the pace at any end).
  if (done > 0) progress('sending');
  if (context.writes) context.writes.streak = [];
  await reportHeld();
  unsent.sort((a, b) => a.row - b.row);
  let inDoubt = 0;
  // Held back (several requests may be theirs): not counted in doubt, which --resume would settle.
  for (const { outcome, error } of heldBack) await write(outcome, 'skipped', { errors: [error] });
  for (const outcome of unsent) {
    const doubt = journal.state.inDoubt.get(outcome.row);
    if (doubt) {
      inDoubt += 1;
      await write(outcome, 'skipped', {
        errors: [note('in_doubt', { op: doubt.op }, options.waysOut)],
      });
      continue;
    }
    const why =
      fatal instanceof WritesRefusedError
        ? fatal.why
        : fatal instanceof AuthError
          ? 'the account refused the credentials'
          : fatal instanceof WaitTooLongError
            ? 'Trackops asked to wait longer than this tool waits (Retry-After)'
            : fatal instanceof SearchFailedError ||
                fatal instanceof ImportRunningError ||
                fatal instanceof WriteUnconfirmedError
              ? fatal.why
              : fatal instanceof NotApiAnswerError
                ? notApiWhy(fatal)
                : fatal instanceof NoAnswerStreakError
                  ? `Trackops gave no answer to ${NO_ANSWER_STREAK} rows in a row`
                  : 'the import was stopped';
    await write(outcome, 'skipped', {
      errors: [
        fatal instanceof SearchFailedError && fatal.refused
          ? note('search_refused', { why: fatal.why }, options.waysOut)
          : fatal instanceof ImportRunningError
            ? note('import_running', { why })
            : note('not_sent', { why }, options.waysOut),
      ],
    });
  }
  if (fatal) throw fatal;
  progress('finished');
  return {
    ...counts,
    resent,
    fromJournal,
    fromJournalCreated,
    fromJournalUpdated,
    interrupted: unsent.length + heldBack.length > 0,
    unsent: unsent.length + heldBack.length,
    inDoubt,
    heldBack: heldBack.length,
    foundWithoutJournal,
    createdEarlier,
    searchNotes: [...stampZoneNotes(options.api.stampZone), ...searchesMet.notes()],
    ...withoutRecordCounts(withoutRecord),
    seconds: Math.round((Date.now() - started) / 100) / 10,
  };
}

/**
 * Before an earlier import's sends without an answer are searched for (step 1c): the settle window of
 * the latest of them waited out (earlier-sends.ts), said once, when it has not passed yet. A soft stop
 * ends the wait (the caller then sends nothing); a hard one throws its reason, as during a search.
 */
async function waitForEarlierImports(
  doubts: EarlierDoubt[],
  options: ImportRunOptions,
  softSignal: AbortSignal,
  hardSignal: AbortSignal,
  say: (words: string, seconds: number) => void,
): Promise<void> {
  const windowMs = settleWindowMs(options.api.timeoutMs, options.lostCreateWaits);
  const latest = doubts
    .map(({ create }) => create.at)
    .sort()
    .at(-1)!;
  const until = settledAt(latest, windowMs);
  const now = (options.now ?? Date.now)();
  if (until <= now) return;
  const rows = doubts.map(({ outcome }) => outcome.row).join(', ');
  const seconds = Math.ceil((until - now) / 1000);
  say(
    `waiting ${seconds} s (until ${clockTime(until)}) before looking in Trackops for ${doubts.length === 1 ? 'row' : 'rows'} ${rows}: ` +
      `an earlier import of the file sent ${doubts.length === 1 ? 'it' : 'them'} at ${clockTime(Date.parse(latest))} without an answer, ` +
      'and Trackops may still be storing it, so sending again now could store it twice',
    seconds,
  );
  try {
    await sleep(until - now, softSignal, hardSignal);
  } catch (error) {
    if (hardSignal.aborted || !softSignal.aborted) throw error;
  }
}

/** The request an earlier create made, as a result or journal line names it (id and number, when known). */
function requestOf(create: EarlierCreate): { id?: number; case_request_number?: string } {
  return {
    ...(create.id === null ? {} : { id: create.id }),
    ...(create.caseRequestNumber === null ? {} : { case_request_number: create.caseRequestNumber }),
  };
}

/**
 * One read of an earlier import's create (what the row's POST would have cost; none when the plan's
 * search read it: readThroughSearch), and the row's note when
 * it is gone (deleted since, a practice account started afresh) or its id holds another request now
 * (earlier-creates.ts notThatCreate); `gone` null while Trackops holds it or it cannot be read now.
 */
async function earlierCreateGone(
  api: TrackopsApi,
  create: EarlierCreate,
  outcome: RowOutcome,
  readEarlier: (id: number) => Promise<CaseRequestRecord | 'gone' | null>,
  ways: WaysOut,
): Promise<{ read: CaseRequestRecord | 'gone' | null; gone: Problem | null }> {
  const read = create.id !== null ? await readEarlier(create.id) : null;
  if (read === 'gone') return { read, gone: earlierCreateNote(outcome.row, create, { gone: true }, ways) };
  const replaced = read
    ? notThatCreate(read, create, outcome.body as Partial<CaseRequestCreateBody>, {
        timeoutMs: api.timeoutMs,
      })
    : null;
  return {
    read,
    gone: replaced === null ? null : earlierCreateNote(outcome.row, create, { replaced }, ways),
  };
}

/** A row this run would create, that its own journal has not sent (an earlier import's may have). */
function createsAnew(outcome: RowOutcome, options: ImportRunOptions, journal: Journal): boolean {
  if (outcome.action === 'duplicate') return false;
  return wouldCreate(outcome, options.mode) && !journal.state.inDoubt.has(outcome.row);
}

/**
 * The content of what this row would create, or of the create this journal sent for it in doubt; null
 * for a row that creates nothing (an update, an upsert row with its key, a row without a body).
 */
function createContent(
  outcome: RowOutcome,
  options: ImportRunOptions,
  journal: Journal,
  contents: CreateContents,
): string | null {
  const intent = journal.state.inDoubt.get(outcome.row);
  if (intent?.op === 'create' && intent.content) return intent.content;
  if (journal.state.finished.has(outcome.row)) return null;
  return wouldCreate(outcome, options.mode) ? contents.of(outcome.body as CaseRequestCreateBody) : null;
}

/** Targets in the clerk's words: the mapping's case type picks the labels of the reference values. */
function runWords(options: ImportRunOptions): TargetWordsContext {
  return {
    reference: options.reference,
    mapping: {
      constants: (options.constants ?? {}) as NonNullable<Mapping['constants']>,
      ...(options.subjects ? { subjects: options.subjects } : {}),
    },
  };
}

/**
 * The earlier create this row is (earlier-creates.ts): a row this run would create, that its own journal
 * has not sent, whose body has the content of one an earlier import of the file created or sent.
 */
function createdByEarlierImport(
  outcome: RowOutcome,
  options: ImportRunOptions,
  journal: Journal,
): EarlierCreate | null {
  const earlier = options.earlierCreates;
  if (!earlier || !createsAnew(outcome, options, journal)) return null;
  // The row's content keys only when some earlier create could have them (a first import has none).
  const content = earlier.holdsContent ? contentKeysOf(outcome.body as CaseRequestCreateBody) : null;
  // Sent before without an answer: searched for before anything is sent (earlier-doubts.ts).
  return (
    (content && (earlier.claim(content) ?? earlier.doubt(content))) ??
    // Recorded in a line cut short, by row (earlier-creates.ts cutShort): searched for as well.
    earlier.cutShortAt(outcome.row)
  );
}

/**
 * The create another import made of the very content this journal's row in doubt sent (explore 26 item
 * 2), or null: a create row, not a duplicate (the duplicate path settles its own doubt and never sends).
 * Only an answered create: another import's own unanswered send is as much in doubt as this one.
 */
function createdSinceDoubt(
  outcome: RowOutcome,
  options: ImportRunOptions,
  journal: Journal,
): EarlierCreate | null {
  const intent = journal.state.inDoubt.get(outcome.row);
  if (!options.earlierCreates || intent?.op !== 'create' || !outcome.body) return null;
  if (outcome.action === 'duplicate' || options.mode === 'update') return null;
  return options.earlierCreates.claim(intent.content ?? contentKeysOf(outcome.body as CaseRequestCreateBody));
}

function sweepCandidates(toSend: RowOutcome[], journal: Journal, mode: ImportMode): SweepCandidate[] {
  const candidates: SweepCandidate[] = [];
  for (const outcome of toSend) {
    const intent = journal.state.inDoubt.get(outcome.row);
    if (intent?.op === 'create' && intent.fingerprint) {
      // A duplicate's body is kept apart (plan-import.ts): the request holding its key may be its own
      // create, edited since, found only by what that send alone can have made.
      const body = outcome.body ?? outcome.duplicateOf?.body;
      candidates.push({
        row: outcome.row,
        fingerprint: intent.fingerprint,
        inDoubt: true,
        // When it was sent: its last attempt (a POST goes again only after a 429, which stored nothing).
        ...(body ? { sent: { at: lastLeftAt(intent), body: body as CaseRequestCreateBody } } : {}),
      });
      continue;
    }
    const creates =
      mode === 'create' || (mode === 'upsert' && !outcome.matchValue && outcome.action !== 'update');
    if (creates && outcome.body && outcome.action !== 'duplicate')
      candidates.push({
        row: outcome.row,
        fingerprint: fingerprintOf(outcome.body as CaseRequestCreateBody),
        inDoubt: false,
      });
  }
  return candidates;
}

/**
 * The resume sweep refused by Trackops (a 4xx, explore 21 item 5): said as a refusal, naming the rows
 * in doubt and when each was sent, what to look for by hand and what can be done, since --resume would
 * be refused the same way.
 *
 * The command line's words only: the error is `search_refused`, which the app shows in its own sentence
 * without this one (main/bridge/failure.ts APP_WORDING, detail: false), and the rows left get the
 * host-worded `search_refused` note.
 */
function resumeRefusedWords(journal: Journal, error: ApiError): string {
  const doubts = [...journal.state.inDoubt.values()]
    .filter((intent) => intent.op === 'create')
    .map((intent) => `row ${intent.row} (sent ${intent.at})`);
  const rows =
    doubts.length > 0
      ? `Rows sent without an answer: ${doubts.join(', ')}. `
      : 'The journal names no row sent without an answer, but its end may have been cut: rows it does not mention were searched for too. ';
  return (
    `Trackops refused the search for the rows an earlier run of this journal may have sent (${reasonOf(error)}). ` +
    'This is a refusal, not an outage: --resume is refused the same way until the account allows it. Nothing was sent. ' +
    rows +
    `Look in Trackops by hand for requests created since ${journal.startedAt} with those rows' client and reference values. ` +
    'What can be done: take those rows out of the file and import the rest with another --results (the rows this journal ' +
    'records as created are recognised and not sent again); put those of them Trackops does not hold in a file of their own ' +
    'and import it with the mapping\'s "duplicates": "create", which sends without this search (look first: a row Trackops ' +
    'holds would be a second request). Or ask a Trackops admin why the listing is refused, and run --resume once it is allowed'
  );
}

/**
 * What the resume sweep's look by identity found for rows in doubt not found by content (identity-match.ts):
 * requests that may be the row's create hold it back, naming them (never taken on that guess); none: the
 * row is sent, and its result says it was in doubt and what was searched.
 */
function settleByIdentity(
  swept: SweepResult,
  toSend: RowOutcome[],
  heldBack: { outcome: RowOutcome; error: ReportError }[],
  ways: WaysOut,
): void {
  for (const [row, finding] of swept.byIdentity ?? []) {
    const index = toSend.findIndex((outcome) => outcome.row === row);
    const outcome = toSend[index];
    if (!outcome) continue;
    if (finding.kind === 'none')
      outcome.notes = [
        ...(outcome.notes ?? []),
        problem('in_doubt_not_found', { row, label: null, target: null, value: null }),
      ];
    else {
      toSend.splice(index, 1);
      heldBack.push({
        outcome,
        error: note(
          'in_doubt_several',
          { found: finding.records.map(requestName), why: severalWords(finding) },
          ways,
        ),
      });
    }
  }
}

/** Case fields the mapping (columns and constants) gives part by part: `custom_fields.20.city`. */
function partialFieldsOf(options: ImportRunOptions): Set<number> {
  return partialFieldsOfMapping(options.columns ?? [], options.constants);
}

function resultOf(line: RowEnd, outcome: RowOutcome, options: ImportRunOptions): Partial<RowResult> {
  const result: Partial<RowResult> = {};
  if (line.id !== undefined) result.id = line.id;
  if (line.case_request_number !== undefined) result.case_request_number = line.case_request_number;
  if (line.status === 'unchanged') {
    result.errors = [note('unchanged')];
    return result;
  }
  if (line.note) result.errors = [said(line.note.code, line.note.message)];
  if (line.error) {
    const columnOf = columnFinder(options);
    result.errors = [line.error, ...(line.moreErrors ?? [])].map((error) => {
      const where = error.target ? columnOf(error.target, outcome) : { column: null, value: null };
      return {
        column: where.column,
        target: error.target ?? null,
        value: where.value,
        code: error.code,
        message: error.message,
      };
    });
  }
  return result;
}

/** `subjects.S.custom_fields.ID[.part]` → the column of any subject group mapping that field. */
function subjectFieldColumn(byTarget: Map<string, string>, target: string): string | undefined {
  const match = /^subjects\.\d+\.(custom_fields\.\d+(?:\.[a-z_0-9]+)?)$/.exec(target);
  if (!match) return undefined;
  for (const [mapped, column] of byTarget)
    if (mapped.startsWith('subjects.') && mapped.endsWith(`.${match[1]}`)) return column;
  return undefined;
}

/** A row's note, worded by the problem catalogue (a way out in the host's words: WAY_OUT_CODES). */
function note(code: PlainProblemCode, params?: Record<string, unknown>): ReportError;
function note(code: ProblemCode, params: Record<string, unknown>, ways: WaysOut): ReportError;
function note(code: ProblemCode, params: Record<string, unknown> = {}, ways?: WaysOut): ReportError {
  return said(
    code,
    ways ? formatProblem(code, params, ways) : formatProblem(code as PlainProblemCode, params),
  );
}

/** A note already worded: a skip rule's reason, or a note the journal kept as it was worded then. */
function said(code: string, message: string): ReportError {
  return { column: null, target: null, value: null, code, message };
}

/** API field paths (`client.country`, `custom_fields.12`) back to the mapped source column and its cell. */
function columnFinder(
  options: ImportRunOptions,
): (target: string, outcome: RowOutcome) => { column: string | null; value: string | null; cleared?: true } {
  const byTarget = new Map<string, string>();
  const clearing = new Set<string>();
  for (const column of options.columns ?? []) {
    if (!byTarget.has(column.target)) byTarget.set(column.target, column.column);
    if (column.blank === 'clear') clearing.add(column.column);
  }
  const headers = options.headers ?? [];
  return (target, outcome) => {
    const column =
      byTarget.get(target) ??
      byTarget.get(target.replace(/\.[a-z_0-9]+$/, '')) ??
      subjectFieldColumn(byTarget, target) ??
      null;
    if (column === null) return { column: null, value: null };
    const index = headers.indexOf(column);
    const cell = index >= 0 ? outcome.cells[index] : undefined;
    const value = cell === undefined || cell === null ? null : cellText(cell);
    // A blank cell of a column that clears: what was sent is the mapping's doing, not the file's.
    return clearing.has(column) && (value ?? '').trim() === ''
      ? { column, value, cleared: true }
      : { column, value };
  };
}

/** A row's notes (a date's time of day not kept) for its result, when it has any. */
function notesOf(outcome: RowOutcome): Pick<RowResult, 'notes'> {
  return outcome.notes ? { notes: outcome.notes.map(reportError) } : {};
}

/** Creates and updates an earlier run of this journal had accepted (a resume goes on past a refused record). */
function acceptedEarlier(journal: Journal): number {
  let accepted = 0;
  for (const line of journal.state.finished.values())
    if (line.status === 'created' || line.status === 'updated') accepted += 1;
  return accepted;
}

/** The run's tally of answers without a record, as the summary's counts (send-row.ts WithoutRecord). */
function withoutRecordCounts(tally: WithoutRecord): WithoutRecordCounts {
  return {
    createsWithoutRecord: tally.creates,
    createsReadAtLocation: tally.readAtLocation,
    createsSearched: tally.searched,
    updatesReadBack: tally.updatesReadBack,
    updatesNotReadBack: tally.updatesNotReadBack,
  };
}
