/**
 * "Undo this import" (issue 18): core's revert over the journal of a dry run's sends. `preview` checks
 * every request the import updated against Trackops now and says what would be put back, what changed
 * since (conflicts, never touched) and which requests the import created (to close by hand); `start`
 * checks again and sends, paced at the profile's pace and journalled in the revert's own journal beside
 * the import's, so a second start after a stop finishes the revert without sending anything twice.
 */
import {
  checkCurrent,
  discardUnusedJournal,
  createPacer,
  createTrackopsApi,
  lockJournal,
  openJournal,
  otherAccountError,
  readRevertSource,
  revertCheckWords,
  ownWritesBeside,
  revertTargets,
  runRevert,
  sha256,
  type AccountReference,
  type ApiEvent,
  type ConnectionSettings,
  type RevertCheckCost,
  type RevertOutcome,
  type RevertResults,
  type RevertRowResult,
} from '../../core/index.ts';
import type { RevertRowView, RevertView } from '../bridge/contract.ts';
import { BridgeFailure, toBridgeError } from '../bridge/failure.ts';
import { olderJournalWords } from '../bridge/older-journal-words.ts';
import { asSentence } from '../bridge/as-sentence.ts';
import type { ProgressHub } from './progress-hub.ts';
import type { AccountRates } from './account-rates.ts';
import { APP_PROGRESS_EVERY_MS } from './progress-every.ts';
import { thisProcess } from './journal-owner.ts';
import { stoppedUndoView } from './stopped-undo-view.ts';
import { APP_WAYS_OUT } from '../bridge/ways-out.ts';

export interface RevertAccount {
  settings: ConnectionSettings;
  /**
   * The account as journals record it (journal-account.ts): written in the undo's journal, as the CLI's
   * revert writes it, so that finishing the undo in another account is refused (core's checkBinding),
   * and an undo connected to another account than its import's is refused here before any request.
   */
  account: string;
  pace: { ratePerSecond: number; concurrency: number };
  /** The account's reference data, read once per session (field names in the changes shown). */
  reference: AccountReference;
  /** Hears the undo's own client: what it reads before it answers is said (account-readings.ts). */
  onApiEvent?: (event: ApiEvent) => void;
}

export class RevertRuns {
  readonly #views = new Map<string, RevertView>();
  /** What the last check (a dry run) or send found, for the results download. */
  readonly #outcomes = new Map<string, Omit<RevertResults, 'journal'>>();
  readonly #hub: ProgressHub;
  readonly #log: (error: unknown) => void;
  readonly #rates: AccountRates;

  constructor(hub: ProgressHub, log: (error: unknown) => void, rates: AccountRates) {
    this.#hub = hub;
    this.#log = log;
    this.#rates = rates;
  }

  status(runId: string): RevertView {
    const view = this.#views.get(runId);
    if (!view) throw new BridgeFailure('not_found', 'Nothing has been checked for undoing this import yet.');
    return view;
  }

  /** The results file's content (the CLI's `revert --results`): every request, unchanged ones too. */
  results(runId: string, journalPath: string): RevertResults {
    const outcome = this.#outcomes.get(runId);
    if (!outcome)
      throw new BridgeFailure(
        'not_ready',
        'Check what the undo would put back first; then its results can be saved.',
      );
    return { journal: journalPath, ...outcome };
  }

  #keep(runId: string, dryRun: boolean, outcome: RevertOutcome, cost: RevertCheckCost) {
    // The results file holds counts, as the command line's: what the searches met is the screen's to say.
    const { searchNotes: _searchNotes, ...summary } = outcome.summary;
    this.#outcomes.set(runId, { dryRun, summary, check: cost, rows: outcome.rows });
  }

  /** Checks and decides every request; sends nothing. */
  async preview(runId: string, journalPath: string, account: RevertAccount): Promise<RevertView> {
    if (this.#views.get(runId)?.state === 'running')
      throw new BridgeFailure('busy', 'The undo is already running.');
    const { api, pacer } = this.#client(account);
    const source = await readRevertSource(journalPath, sha256);
    refuseOtherAccount(source.header.account, account.account);
    const check = await checkCurrent(api, revertTargets(source), { zone: source.stampZone });
    const outcome = await runRevert({
      waysOut: APP_WAYS_OUT,
      source,
      api,
      pacer,
      stored: check.stored,
      searchesMet: check.searchesMet,
      dryRun: true,
      words: { reference: account.reference },
      ownWrites: await ownWritesBeside(journalPath),
    });
    const view = viewOf(
      runId,
      'preview',
      outcome,
      undoCheckWords(check.cost, check.requestsTaken, outcome.inDoubtSearch),
    );
    this.#views.set(runId, view);
    this.#keep(runId, true, outcome, check.cost);
    return view;
  }

  /** Checks again and sends in the background; progress and the end come as `revert` events. */
  async start(runId: string, journalPath: string, account: RevertAccount): Promise<RevertView> {
    if (this.#views.get(runId)?.state === 'running')
      throw new BridgeFailure('busy', 'The undo is already running.');
    const { api, pacer } = this.#client(account);
    const source = await readRevertSource(journalPath, sha256);
    refuseOtherAccount(source.header.account, account.account);
    // The import's journal is held too: a send of the same file during the undo is refused.
    const importLock = await lockJournal(journalPath, thisProcess()).catch(busy);
    const journal = await openJournal(
      journalPath.replace(/(\.jsonl)?$/i, '.revert.jsonl'),
      {
        file: source.path,
        fileHash: source.hash,
        mappingHash: 'revert',
        mode: source.header.mode,
        kind: 'revert',
        account: account.account,
      },
      // Always resumed: a second "Put back" after a stop finishes the first, never starts over.
      { resume: true, owner: thisProcess() },
    ).catch(async (error: unknown) => {
      await importLock.release();
      return busy(error);
    });
    let view: RevertView = {
      ...(this.#views.get(runId) ?? emptyView(runId)),
      state: 'running',
      done: 0,
      waiting: null,
    };
    /** The view kept now, and the screen told (core paces the count put back: progressEveryMs). */
    const publish = (next: RevertView) => {
      view = next;
      this.#views.set(runId, view);
      this.#hub.emit({ kind: 'revert', view });
    };
    publish(view);
    const done = new Set(
      [...journal.state.finished].filter(([, line]) => line.status === 'updated').map(([row]) => row),
    );
    void (async () => {
      let ended: RevertView;
      // What this start's check and searches met, once its check is done: said by an undo that ends on
      // an error too (it has no outcome to carry them), in place of the preview's.
      let metNotes: (() => string[]) | null = null;
      try {
        const check = await checkCurrent(api, revertTargets(source, done), { zone: source.stampZone });
        metNotes = () => check.searchesMet.notes();
        const outcome = await runRevert({
          waysOut: APP_WAYS_OUT,
          source,
          api,
          pacer,
          stored: check.stored,
          searchesMet: check.searchesMet,
          journal,
          words: { reference: account.reference },
          ownWrites: await ownWritesBeside(journalPath),
          // Said a few times a second, after the start said above: core's first count (none put back
          // yet, the total the check found) is news only when the total differs from the preview's.
          progressEveryMs: APP_PROGRESS_EVERY_MS,
          onProgress: (progress) => {
            if (progress.done === view.done && progress.total === view.total) return;
            publish({ ...view, done: progress.done, total: progress.total });
          },
          // A put-back an earlier start of this undo sent without an answer (the app closed, the
          // connection lost) is read back only once it can no longer land (core's settle window):
          // said while it waits, as the send's screen says its own wait, since nothing moves meanwhile.
          onEarlierSendWait: (wait) =>
            publish({
              ...view,
              waiting: wait
                ? {
                    seconds: Math.max(0, Math.ceil((wait.until - Date.now()) / 1000)),
                    message: wait.words.charAt(0).toUpperCase() + wait.words.slice(1),
                  }
                : null,
            }),
        });
        await journal.close();
        this.#keep(runId, false, outcome, check.cost);
        ended = viewOf(
          runId,
          'done',
          outcome,
          undoCheckWords(check.cost, check.requestsTaken, outcome.inDoubtSearch),
        );
      } catch (error) {
        await journal.close();
        // Failed before a single request was recorded: the new revert journal goes, as the CLI's does.
        await discardUnusedJournal(journal).catch(this.#log);
        ended = {
          // Each row as the undo's journal has it (put back, not sent…), not as the preview had it.
          ...stoppedUndoView(
            withSearchNotes(view, metNotes ? metNotes() : (view.searchNotes ?? [])),
            journal.state,
          ),
          state: 'failed',
          error: toBridgeError(error, this.#log),
        };
      } finally {
        await importLock.release();
      }
      // Said once every lock is released: a "Put back" clicked on seeing the end is never "busy".
      publish(ended);
    })();
    return view;
  }

  #client(account: RevertAccount) {
    const pacer = createPacer({
      // The account's rate, kept with the app's other jobs on it (a send or an export meanwhile).
      bucket: this.#rates.for(account.settings.baseUrl, account.pace.ratePerSecond),
      concurrency: account.pace.concurrency,
    });
    const onEvent = account.onApiEvent;
    return { pacer, api: createTrackopsApi(account.settings, { pacer, ...(onEvent ? { onEvent } : {}) }) };
  }
}

/**
 * The undo goes through the connection the import was sent with; one edited since to name another
 * account would look the import's requests up there (explore63 #4, the CLI's revert refuses the same):
 * refused before any request, in the app's words.
 */
function refuseOtherAccount(recorded: string | undefined, connected: string): void {
  if (!otherAccountError('', recorded, connected, { would: '', wayOut: '' })) return;
  throw new BridgeFailure(
    'other_account',
    `This import was sent to another account (${recorded ?? ''}) than its connection names now (${connected}): undoing it there would look its requests up in the wrong account, and leave the account the import wrote as it is. Nothing was sent. Set the connection back to the account the import was sent to, then undo it.`,
  );
}

function busy(error: unknown): never {
  if ((error as { code?: string }).code === 'journal_locked') {
    throw new BridgeFailure(
      'busy',
      'This import, or its undo, is being sent right now (here or by another program). Wait for it to finish, then try again.',
    );
  }
  throw error;
}

function emptyView(runId: string): RevertView {
  return {
    runId,
    state: 'preview',
    summary: {
      updates: 0,
      toRevert: 0,
      reverted: 0,
      unchanged: 0,
      conflict: 0,
      failed: 0,
      gone: 0,
      notRevertible: 0,
      notSent: 0,
      created: 0,
      createdChanged: 0,
    },
    check: '',
    done: 0,
    total: 0,
    waiting: null,
    rows: [],
  };
}

/** `view` saying `notes` as what the undo's searches met (none said when there are none). */
function withSearchNotes(view: RevertView, notes: string[]): RevertView {
  const { searchNotes: _said, ...rest } = view;
  return notes.length ? { ...rest, searchNotes: notes } : rest;
}

/**
 * The check in words, or '' when nothing was checked or looked for (no request of the import kept a
 * value to put back, no create has an id): the screen then says why in its own words, not "(no request
 * to check.)" after "Trackops is checked now, request by request".
 */
function undoCheckWords(...args: Parameters<typeof revertCheckWords>): string {
  const [cost, , inDoubt] = args;
  if (cost.strategy === 'none' && !(inDoubt && inDoubt.creates > 0)) return '';
  return revertCheckWords(...args);
}

function viewOf(
  runId: string,
  state: RevertView['state'],
  outcome: RevertOutcome,
  check: string,
): RevertView {
  const s = outcome.summary;
  return {
    runId,
    state,
    summary: {
      updates: s.updates,
      toRevert: s.toRevert,
      reverted: s.reverted,
      unchanged: s.unchanged,
      conflict: s.conflict,
      failed: s.failed,
      gone: s.gone,
      notRevertible: s.notRevertible,
      notSent: s.notSent,
      created: s.created,
      createdChanged: s.createdChanged,
    },
    check,
    ...(s.searchNotes.length ? { searchNotes: s.searchNotes } : {}),
    done: s.updates,
    total: s.updates,
    waiting: null,
    rows: outcome.rows.filter((row) => row.status !== 'unchanged').map(rowView),
  };
}

function rowView(row: RevertRowResult): RevertRowView {
  return {
    row: row.row,
    status: row.status,
    id: row.id ?? null,
    caseRequestNumber: row.case_request_number ?? null,
    changes: row.changes.map(({ label, old, new: value }) => ({ label, old, new: value })),
    conflicts: (row.conflicts ?? []).map(({ label, ours, current }) => ({ label, ours, current })),
    byHand: (row.byHand ?? []).map(({ label, now, before }) => ({ label, now, before })),
    // A row settled from the undo's journal says what its earlier run stored: an older app's, in the
    // CLI's words (`revert --resume` for the screen's “Finish the undo”). Core's words are a fragment
    // (the CLI prints them after "row 4: "); the screen shows them alone, as a sentence.
    message: row.message === undefined ? null : asSentence(olderJournalWords(row.message)),
    ...(row.inDoubt ? { inDoubt: true as const } : {}),
  };
}
