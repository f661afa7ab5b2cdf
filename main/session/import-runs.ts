/**
 * Imports started from the wizard: core's runner over the dry run's outcomes (inline fixes included),
 * with pause/resume/cancel, progress events, and every row's result kept for the results download.
 *
 * The journal is keyed by the file's content and the mapping, so sending the same file with the same
 * mapping again (the rest after a trial, a retry, or a second click next week) resumes it: a row that
 * was written is never written twice, and a create whose answer was lost is looked for before resending.
 * Once that send was undone, it is not resumed: the clerk may send the file as a new import instead,
 * under the next journal of its chain (send-journal.ts).
 */
import { mkdir } from 'node:fs/promises';
import {
  ANSWERED_EXISTING,
  journalListsFolder,
  rememberJournal,
  SearchFailedError,
  settleWindowMs,
  ACCOUNT_PACE,
  bindImport,
  connectAccount,
  importMode,
  InputError,
  lockRun,
  mappedImportOptions,
  openJournal,
  problemsCellText,
  roundTripNotes,
  sha256,
  startImport,
  withoutRecordWords,
  type ConnectionSettings,
  type ConnectOptions,
  type ImportProgress,
  type ImportRun,
  type JournalLock,
  type LockHolder,
  type OutcomeLine,
  type ResultsSummary,
  type ResultsWriter,
  type AccountReference,
  type ApiEvent,
  type JournalState,
  type RoundTripImport,
  type RowResult,
  type WithoutRecordCounts,
} from '../../core/index.ts';
import type { ImportStatus } from '../bridge/contract.ts';
import { apiCauseOf, BridgeFailure, toBridgeError } from '../bridge/failure.ts';
import { olderJournalWords } from '../bridge/older-journal-words.ts';
import type { DryRun } from './dry-runs.ts';
import type { AccountRates } from './account-rates.ts';
import { withoutRowNumbers } from './row-numbers.ts';
import type { ProgressHub } from './progress-hub.ts';
import { APP_PROGRESS_EVERY_MS } from './progress-every.ts';
import { thisProcess } from './journal-owner.ts';
import { writeSendRecord, type SendRecord } from './earlier-sends.ts';
import { sendJournalPath } from './send-journal.ts';
import { earlierImportsInto, importsRunningInto } from './journal-account.ts';
import { roundTripSend, roundTripView, type RoundTripFile } from './round-trip.ts';
import { inDoubtRows } from './in-doubt-rows.ts';
import { APP_WAYS_OUT } from '../bridge/ways-out.ts';

export interface ImportRequest {
  run: DryRun;
  bytes: Uint8Array;
  settings: ConnectionSettings;
  limitRows?: number;
  ratePerSecond?: number | undefined;
  concurrency?: number;
  /** Update/upsert: send rows that would change nothing too. */
  force?: boolean;
  /** Only the rows whose last send failed, or only those not sent yet (core's ImportRunOptions.rows). */
  rows?: 'failed' | 'untried';
  /**
   * The file was sent with this mapping before and that send was undone: send it as a new import, with
   * a journal of its own (send-journal.ts), as the clerk chose after the refusal that named the undo.
   */
  newImport?: boolean;
  /** The wait before the second look for a lost create (the CLI's --recheck-after); absent: core's. */
  recheckAfterMs?: number;
  /**
   * The account's reference data: a round trip's re-check needs it (the dry run's `roundTrip`); any
   * send names the account's labels with it ("Claim Number").
   */
  reference?: AccountReference;
  /**
   * The account, as journals record it (core's JournalBinding.account): earlier sends of the same file
   * into it settle rows whose content they created (journal-account.ts earlierImportsInto). Absent: not looked for.
   */
  account?: string;
  /**
   * Whether the journal is remembered in the account's list the CLI shares (journal-account.ts
   * PracticeAccount.kept); default yes.
   */
  remember?: boolean;
  /** The connection's name as the send starts (ImportStatus.connectionName). */
  connectionName?: string;
  /**
   * Hears the send's own client (every request, answer and retry): what it reads before its status
   * exists is said by the caller's reading (account-readings.ts); later events are its to ignore.
   */
  onApiEvent?: (event: ApiEvent) => void;
}

interface ImportEntry {
  status: ImportStatus;
  control: ImportRun | null;
  results: Map<number, RowResult>;
  summary: ResultsSummary | null;
  cancelled: boolean;
  /** Resolves once the send has ended and let go of its journal and its run lock. */
  settled: Promise<void>;
  /** The latest rows that failed, newest first, worded once as each came (ImportStatus.latestFailures). */
  latestFailures: { row: number; message: string }[];
  /**
   * Rows whose last send failed that this send does not try ("Send the remaining": core reports each
   * failed again, as the journal has it, before sending anything), and how many of them were reported.
   */
  failedEarlier: { rows: ReadonlySet<number>; reported: number };
  /**
   * A page has read this send's status since it ended (importStatus): its results were on a screen.
   * Until then a window opened later is offered them (toShowAgain), as the tab that started the send,
   * closed meanwhile, would have shown them.
   */
  endSeen: boolean;
}

/** How many of the latest failed rows the send screen shows while the send runs. */
const LATEST_FAILURES = 5;

/**
 * Keeps every row's latest result in memory; the download writes them in the format asked for. A row
 * that failed is worded as it comes, into `latest` (explore: a clerk watching a 2,000-row send saw no
 * failure until the end); the screen hears of it with the next progress, which core already spaces out,
 * so a send with many failures sends no more messages than one without.
 */
function memoryResults(
  into: Map<number, RowResult>,
  latest: ImportEntry['latestFailures'],
  failedEarlier: ImportEntry['failedEarlier'],
): ResultsWriter {
  return {
    async write(result) {
      into.set(result.row, result);
      const before = latest.findIndex((failure) => failure.row === result.row);
      if (before >= 0) latest.splice(before, 1);
      if (result.status !== 'failed') return;
      // An earlier send's failure, reported again, is not one of this send's (explored: "Send the
      // remaining 5 rows" began with "2 rows have failed so far", the trial's two).
      if (failedEarlier.rows.has(result.row)) {
        failedEarlier.reported += 1;
        return;
      }
      latest.unshift({ row: result.row, message: problemsCellText(result.errors) });
      latest.length = Math.min(latest.length, LATEST_FAILURES);
    },
    async close() {
      return '';
    },
  };
}

export class ImportRuns {
  readonly #entries = new Map<string, ImportEntry>();
  /** Dry runs whose send is being set up (journal, client): a second send of them is refused. */
  readonly #starting = new Set<string>();
  readonly #hub: ProgressHub;
  readonly #journalDir: string;
  readonly #log: (error: unknown) => void;
  /** Dry run → the journal its sends use (issue 18: "Undo this import" reads it). */
  readonly #journals = new Map<string, string>();
  /** Where the CLI and this app keep the locks of running imports (core's runLocksFolder). */
  readonly #runLocksDir: string;
  /** The pause before a send's failed read is tried again (AppCoreOptions.retrySleep); default core's. */
  readonly #retrySleep: ConnectOptions['retrySleep'];
  readonly #rates: AccountRates;

  constructor(
    hub: ProgressHub,
    journalDir: string,
    log: (error: unknown) => void,
    runLocksDir: string,
    rates: AccountRates,
    retrySleep?: ConnectOptions['retrySleep'],
  ) {
    this.#hub = hub;
    this.#journalDir = journalDir;
    this.#log = log;
    this.#runLocksDir = runLocksDir;
    this.#rates = rates;
    this.#retrySleep = retrySleep;
  }

  /** The journal of this dry run's sends, once one has finished (issue 18: what an undo reads). */
  journalOf(runId: string): string {
    const entry = this.#entry(runId);
    const path = this.#journals.get(runId);
    if (!path || ACTIVE.has(entry.status.state))
      throw new BridgeFailure('not_ready', 'Wait for the import to finish before undoing it.');
    return path;
  }

  /** The journals of the sends running, paused or stopping now. */
  activeJournals(): Set<string> {
    const paths = new Set<string>();
    for (const [runId, entry] of this.#entries) {
      const path = this.#journals.get(runId);
      if (path && ACTIVE.has(entry.status.state)) paths.add(path);
    }
    return paths;
  }

  /**
   * Sends a window opened now should show: those running, paused or stopping, then those that ended
   * with no page reading their end (the tab that started them closed mid-send), newest first. Explored:
   * a tab opened again showed a running send, but nothing of one that had ended meanwhile, its failures
   * and its Retry / Send the remaining lost with the closed tab.
   */
  toShowAgain(): ImportStatus[] {
    const entries = [...this.#entries.values()];
    return [
      ...entries.filter((entry) => ACTIVE.has(entry.status.state)),
      ...entries.filter((entry) => !ACTIVE.has(entry.status.state) && !entry.endSeen).reverse(),
    ].map((entry) => entry.status);
  }

  /** The send's status; read once it has ended, its results count as shown (toShowAgain). */
  status(runId: string): ImportStatus {
    const entry = this.#entry(runId);
    if (!ACTIVE.has(entry.status.state)) entry.endSeen = true;
    return entry.status;
  }

  results(runId: string): { results: RowResult[]; summary: ResultsSummary } {
    const entry = this.#entry(runId);
    if (!entry.summary) throw new BridgeFailure('not_ready', 'The import has not finished yet.');
    // Core's words for a row come in the app's (its WaysOut and MappingWords); a row settled from its
    // journal may say what an older app stored there (rowWords).
    const results = [...entry.results.values()]
      .sort((a, b) => a.row - b.row)
      .map((result) => ({
        ...result,
        errors: result.errors.map((error) => ({ ...error, message: rowWords(error.message) })),
        ...(result.notes
          ? { notes: result.notes.map((note) => ({ ...note, message: rowWords(note.message) })) }
          : {}),
      }));
    return { results, summary: entry.summary };
  }

  /**
   * Refuses a second send of a dry run that is running or starting, and records this one, in one
   * synchronous step (issue 17: with an await between the check and the record, two clicks both
   * started and 20 rows became 40 requests). Call before the first await of a send; release() if the
   * send is not started after all.
   */
  reserve(runId: string): { release(): void } {
    const running = this.#entries.get(runId);
    if (this.#starting.has(runId) || (running && ACTIVE.has(running.status.state))) {
      throw new BridgeFailure('busy', 'This import is already running.');
    }
    this.#starting.add(runId);
    return { release: () => this.#starting.delete(runId) };
  }

  async start(request: ImportRequest, reserved?: { release(): void }): Promise<ImportStatus> {
    const { run } = request;
    const reservation = reserved ?? this.reserve(run.runId);
    try {
      return await this.#start(request);
    } finally {
      reservation.release();
    }
  }

  async #start(request: ImportRequest): Promise<ImportStatus> {
    const { run } = request;
    if (run.summary.state !== 'done')
      throw new BridgeFailure('busy', 'Wait for the dry run to finish before sending.');
    const { mapping } = run;
    const mode = importMode(mapping);
    await mkdir(this.#journalDir, { recursive: true });
    // Before the journal is opened (and locked): nothing that can fail comes between the two.
    const ratePerSecond = request.ratePerSecond ?? ACCOUNT_PACE.ratePerSecond;
    const { api, pacer } = connectAccount(request.settings, {
      pace: { ratePerSecond, concurrency: request.concurrency ?? 1 },
      // The account's rate, kept with the app's other jobs on it (an export while this sends).
      rateBucket: this.#rates.for(request.settings.baseUrl, ratePerSecond),
      ...(this.#retrySleep ? { retrySleep: this.#retrySleep } : {}),
      ...(request.onApiEvent ? { onEvent: request.onApiEvent } : {}),
    });
    // Rows left out by number ("Leave this row out") change which rows are sent, never how a row is
    // sent: they are not part of what the journal is bound to (core's bindImport).
    const { binding, journalName } = bindImport({
      file: run.fileName,
      fileHash: sha256(request.bytes),
      mapping: withoutRowNumbers(run.mapping),
      mode,
    });
    const journalPath = await sendJournalPath(
      this.#journalDir,
      journalName,
      request.account,
      request.newImport === true,
    );
    // Said in words: this app's own send (a closed tab's, or another window's), or another program.
    const ours = () =>
      [...this.#entries.entries()].some(
        ([runId, other]) =>
          runId !== run.runId && ACTIVE.has(other.status.state) && this.#journals.get(runId) === journalPath,
      );
    // The import's run lock, in the folder the CLI uses too (explore 7 item 2): a CLI import of this
    // file into this account, whatever its mapping or journal, and this send cannot both run
    // (each would create every row). Held for the whole send, pauses included.
    const runLock = await this.#lockRun(run, request, binding, ours);
    // The journal is locked for the life of the send (core): the same file and mapping sent from a
    // second dry run, or by the CLI on this journal, is refused while this one holds it.
    this.#journals.set(run.runId, journalPath);
    const journal = await openJournal(
      journalPath,
      { ...binding, ...(request.account ? { account: request.account } : {}) },
      {
        resume: true,
        owner: thisProcess(),
      },
    ).catch(async (error: unknown) => {
      await runLock.release();
      if ((error as { code?: string }).code === 'journal_locked') {
        throw new BridgeFailure('busy', ours() ? OURS : ANOTHER_PROGRAM);
      }
      throw error;
    });
    const letGo = async () => {
      await journal.close();
      await runLock.release();
    };
    // Remembered for the account where the CLI looks too (core's journal-registry.ts, explore 21).
    if (request.account && request.remember !== false)
      await rememberJournal(journalPath, request.account, journalListsFolder(this.#runLocksDir));
    const earlier = writtenEarlier(journal.state.finished, run);
    // What finishing this send later needs (its mapping), and that it has not finished yet: choosing
    // the file again offers to finish it if it stops before every row is settled.
    const record: SendRecord = {
      version: 1,
      file: run.fileName,
      mapping: run.mapping,
      startedAt: journal.startedAt,
      finished: false,
    };
    await writeSendRecord(journalPath, record).catch(this.#log);
    const entry: ImportEntry = {
      status: {
        runId: run.runId,
        ...(run.profileId === undefined ? {} : { profileId: run.profileId }),
        ...(request.connectionName === undefined ? {} : { connectionName: request.connectionName }),
        state: 'running',
        ...(request.limitRows ? { trialRows: request.limitRows } : {}),
        ...(request.rows ? { rows: request.rows } : {}),
        total: 0,
        done: 0,
        // As the runner counts them from its first progress on: rows earlier sends wrote are in these
        // (explored: a send paused before that progress said "-1 created" beside "1 sent earlier").
        created: earlier.created,
        updated: earlier.updated,
        unchanged: 0,
        failed: 0,
        skipped: 0,
        rowsPerSecond: 0,
        etaSeconds: null,
        throttledSeconds: null,
        lookingAgain: null,
        waitingOnTrackops: null,
        failures: [],
        retryableFailures: 0,
        ...(earlier.created + earlier.updated > 0
          ? { earlier: { created: earlier.created, updated: earlier.updated } }
          : {}),
      },
      control: null,
      results: new Map(),
      summary: null,
      cancelled: false,
      settled: Promise.resolve(),
      latestFailures: [],
      endSeen: false,
      // As core's runner chooses them for `rows: 'untried'`: the rows whose last send failed.
      failedEarlier: {
        rows: request.rows === 'untried' ? new Set(journal.state.failedLast.keys()) : new Set(),
        reported: 0,
      },
    };
    this.#entries.set(run.runId, entry);
    const publish = (patch: Partial<ImportStatus>) => {
      entry.status = { ...entry.status, ...patch };
      this.#publish(entry);
    };
    // A round trip is sent as the CLI's `import FILE` sends it: core's round-trip path checks every
    // edited request again just before sending (updated since the export: a conflict, never
    // overwritten), and sends only the edited cells; never the dry run's outcomes as plain updates.
    // Edited rows the re-check did not read (a count said nothing changed since the export): their
    // journal keeps no values from before, so an undo cannot put them back (said on the results).
    let unreadBeforeSend = 0;
    const trip = run.roundTrip
      ? await roundTripSend({
          fileName: run.fileName,
          bytes: request.bytes,
          api,
          reference: roundTripReference(request),
          connectionLabel: run.roundTrip.connectionLabel,
          onChecked: ({ unread }) => (unreadBeforeSend = unread),
        }).catch(async (error: unknown) => {
          await letGo();
          throw error;
        })
      : null;
    // Explore 16: the same file fixed and sent again (a new journal: its content changed) does not
    // create again what an earlier send of it into this account created (core's earlierCreates).
    const createdBefore =
      request.account && !trip && mode !== 'update' && mapping.duplicates !== 'create'
        ? await earlierImportsInto(
            request.account,
            { journalDir: this.#journalDir, journalLists: journalListsFolder(this.#runLocksDir) },
            journalPath,
            run.fileName,
          ).catch(async (error: unknown) => {
            await letGo();
            throw error;
          })
        : null;
    const account = request.account;
    const control = startImport({
      waysOut: APP_WAYS_OUT,
      ...mappedImportOptions(mapping, mode),
      outcomes: trip?.outcomes ?? run.outcomes,
      earlierCreates: createdBefore,
      // Explore 26 item 1: an import of these rows running now (a CLI import of the file saved again)
      // stops the send before it sends anything.
      ...(createdBefore && account
        ? {
            runningImports: (contents: ReadonlySet<string>) =>
              importsRunningInto(
                account,
                { journalDir: this.#journalDir, journalLists: journalListsFolder(this.#runLocksDir) },
                journalPath,
                contents,
              ),
          }
        : {}),
      ...(trip
        ? { targetsChecked: true, readBefore: trip.readBefore, reference: roundTripReference(request) }
        : request.reference
          ? { reference: request.reference }
          : {}),
      api,
      pacer,
      journal,
      results: memoryResults(entry.results, entry.latestFailures, entry.failedEarlier),
      ...(request.limitRows ? { limit: request.limitRows } : {}),
      ...(request.rows ? { rows: request.rows } : {}),
      headers: run.headers,
      // Issue 13: the requests the dry run found are every row's target and read, checked for changes
      // made since the dry run before the first row is sent.
      ...(run.stored ? { stored: run.stored } : {}),
      // The dry run was made before this send took the run lock, however recently: what it found is
      // checked again before the first row (one count when nothing changed), so rows imported from
      // elsewhere in between are not created a second time (explore 11 item 1).
      freshSeconds: 0,
      ...(request.force ? { force: true } : {}),
      // As the CLI passes --recheck-after: only when set, else core's LOST_CREATE_WAITS.
      ...(request.recheckAfterMs === undefined
        ? {}
        : { lostCreateWaits: { againMs: request.recheckAfterMs } }),
      // Core paces it for the screen: counts alone a few times a second, the rest at once.
      progressEveryMs: APP_PROGRESS_EVERY_MS,
      // Its 'finished' is kept, not said: the send's end, said below once the journal is let go, says
      // the same counts a moment later beside the final state.
      onProgress: (progress) => {
        if (progress.phase !== 'finished') publish(statusPatch(progress, entry));
        else entry.status = { ...entry.status, ...statusPatch(progress, entry) };
      },
    });
    entry.control = control;
    const failed = (error: unknown): void => {
      entry.summary = {
        rows: run.outcomes.length,
        created: entry.status.created,
        updated: entry.status.updated,
        unchanged: entry.status.unchanged,
        skipped: entry.status.skipped,
        invalid: run.summary.invalid,
        failed: entry.status.failed,
      };
      const cause = apiCauseOf(error);
      publish({
        state: 'failed',
        lookingAgain: null,
        waitingOnTrackops: null,
        error: toBridgeError(error, this.#log),
        ...(cause ? { stoppedBy: cause } : {}),
        failures: failuresOf(entry.results),
        addedSince: addedSinceOf(entry.results),
        // The window the runner settles them by (its lostCreateWaits, as passed below).
        ...inDoubtOf(
          error,
          journal.state,
          settleWindowMs(
            api.timeoutMs,
            request.recheckAfterMs === undefined ? {} : { againMs: request.recheckAfterMs },
          ),
        ),
        // What the searches met before the stop (a filter Trackops ignored…), and a round trip's notes
        // (rows not in the file, its check's window guessed…: the results' round-trip counts, which say
        // them at the end, are not shown for a send that stopped, maybe before its check was done): a
        // run that ends on an error has no summary to carry them, and the CLI says them at such a stop too.
        ...searchNotesOf([
          ...control.searchNotes(),
          ...(trip ? roundTripNotes(trip.summary()).map(unstopped) : []),
        ]),
        // The line a finished send says on writes answered without their record, and what they cost.
        ...withoutRecordOf(control.withoutRecord()),
        written: writtenOf(entry.results, earlier.rows),
        ...answeredExistingOf(entry.results, earlier.rows),
        retryableFailures: retryableOf(entry.results, journal.state.finished),
      });
    };
    // The journal and the run lock are released before the run is said to have ended: a "send again"
    // right after a cancel must not find them still held ("already being sent").
    entry.settled = control.done
      .finally(letGo)
      .then(async (summary) => {
        // Every row of the file settled: nothing left to offer to finish (a trial leaves rows behind).
        // A send of the failed rows only leaves the rows not tried yet for later, as a trial does.
        if (!entry.cancelled && !summary.interrupted && !request.limitRows && request.rows !== 'failed')
          await writeSendRecord(journalPath, { ...record, finished: true }).catch(this.#log);
        entry.summary = {
          rows: summary.rows,
          valid: summary.valid,
          invalid: summary.invalid,
          created: summary.created,
          updated: summary.updated,
          unchanged: summary.unchanged,
          skipped: summary.skipped,
          failed: summary.failed,
          seconds: Math.round(summary.seconds * 10) / 10,
        };
        publish({
          ...(trip && run.roundTrip
            ? { roundTrip: roundTripOutcome(run.roundTrip.file, trip, entry.results, unreadBeforeSend) }
            : {}),
          state: entry.cancelled ? 'cancelled' : 'done',
          created: summary.created,
          updated: summary.updated,
          unchanged: summary.unchanged,
          failed: summary.failed,
          skipped: summary.skipped,
          etaSeconds: null,
          throttledSeconds: null,
          lookingAgain: null,
          waitingOnTrackops: null,
          failures: failuresOf(entry.results),
          addedSince: addedSinceOf(entry.results),
          ...(summary.createdEarlier ? { sentByEarlierImports: summary.createdEarlier } : {}),
          ...(summary.heldBack ? { heldBack: heldBackOf(entry.results) } : {}),
          // The CLI's line on writes answered without their record, and what reading them cost.
          ...withoutRecordOf(summary),
          // What the searches made while sending met (a filter Trackops ignored…), as the CLI says it.
          ...searchNotesOf(summary.searchNotes),
          written: writtenOf(entry.results, earlier.rows),
          ...answeredExistingOf(entry.results, earlier.rows),
          retryableFailures: retryableOf(entry.results, journal.state.finished),
        });
      }, failed)
      .catch(this.#log);
    return entry.status;
  }

  pause(runId: string): ImportStatus {
    const entry = this.#running(runId);
    entry.control?.pause();
    entry.status = { ...entry.status, state: 'paused' };
    this.#publish(entry);
    return entry.status;
  }

  resume(runId: string): ImportStatus {
    const entry = this.#running(runId);
    entry.control?.resume();
    entry.status = { ...entry.status, state: 'running' };
    this.#publish(entry);
    return entry.status;
  }

  /**
   * "Undo this import" has started on this send's journal (explore 63): its results stop offering the
   * rest of the undone file, and say why. A send of it is refused by core all the same (openJournal).
   */
  markUndone(runId: string): ImportStatus | null {
    const entry = this.#entries.get(runId);
    if (!entry || entry.status.undoneAt) return entry?.status ?? null;
    entry.status = { ...entry.status, undoneAt: new Date().toISOString() };
    this.#publish(entry);
    return entry.status;
  }

  /** Stops sending: requests in flight finish (so none is left in doubt); the rest can be sent later. */
  cancel(runId: string): ImportStatus {
    const entry = this.#running(runId);
    entry.cancelled = true;
    entry.control?.cancel(false);
    entry.status = { ...entry.status, state: 'cancelling' };
    this.#publish(entry);
    return entry.status;
  }

  /** Stops every send (the app is closing); resolves once each has let go of its journal and run lock. */
  async cancelAll(): Promise<void> {
    for (const entry of this.#entries.values()) entry.control?.cancel(false);
    await Promise.all([...this.#entries.values()].map((entry) => entry.settled));
  }

  /** Takes the run lock core's lockRun keys by account and file; refused in the app's words. */
  async #lockRun(
    run: DryRun,
    request: ImportRequest,
    binding: { fileHash: string },
    ours: () => boolean,
  ): Promise<JournalLock> {
    const folder = this.#runLocksDir;
    await mkdir(folder, { recursive: true }).catch((error: NodeJS.ErrnoException) => {
      throw new BridgeFailure(
        'input',
        `The folder ${folder}, where sends are kept from running twice, cannot be made (${error.code ?? error.message}). Make it writable (or set TRACKOPS_RUN_LOCKS to a folder you can write to and open the app again), then send again.`,
      );
    });
    const key = {
      baseUrl: request.settings.baseUrl,
      fileHash: binding.fileHash,
    };
    const names = { file: run.fileName, account: request.settings.baseUrl };
    return lockRun(folder, key, thisProcess(), names, {
      refusal: (lockPath: string, holder: LockHolder | null) =>
        new InputError(
          'run_locked',
          (holder?.pid === process.pid && holder.host === thisProcess().host) || ours()
            ? OURS
            : anotherImport(lockPath, holder),
        ),
      unwritable: (lockPath: string, code: string) =>
        new InputError(
          'run_lock_unwritable',
          `The lock ${lockPath}, which keeps this send from running twice, cannot be created (${code}). Make that folder writable (or set TRACKOPS_RUN_LOCKS to a folder you can write to and open the app again), then send again.`,
        ),
    }).catch((error: unknown) => {
      if (error instanceof InputError) throw new BridgeFailure('busy', error.message);
      throw error;
    });
  }

  #entry(runId: string): ImportEntry {
    const entry = this.#entries.get(runId);
    if (!entry) throw new BridgeFailure('not_found', 'Nothing has been sent for this dry run yet.');
    return entry;
  }

  /** The send's status as it is now, to the screen (core has paced its progress already). */
  #publish(entry: ImportEntry): void {
    this.#hub.emit({ kind: 'import', status: entry.status });
  }

  #running(runId: string): ImportEntry {
    const entry = this.#entry(runId);
    if (entry.status.state !== 'running' && entry.status.state !== 'paused') {
      throw new BridgeFailure('not_running', 'The import is not running any more.');
    }
    return entry;
  }
}

const ACTIVE = new Set<ImportStatus['state']>(['running', 'paused', 'cancelling']);

const OURS =
  'This app is already sending this file (started from another window or tab, or before this page was reloaded). Reload the page (or open the app again) to see its progress, pause or cancel it; when it has finished, send again: rows already sent are not sent twice.';
const ANOTHER_PROGRAM =
  'This file is already being sent by another program (the command-line tool, or the app running elsewhere on this computer). Wait for that send to finish, then send again: rows already sent are not sent twice.';

/**
 * Another process imports this file into this account: the CLI, or this app started
 * elsewhere. It keeps its own journal, so this app cannot know which rows it sends: said plainly.
 */
function anotherImport(lockPath: string, holder: LockHolder | null): string {
  const who = holder
    ? `another program (process ${holder.pid} on ${holder.host}, since ${holder.startedAt}: the command-line tool's import, or this app started elsewhere)`
    : 'another program (the command-line tool, or this app started elsewhere)';
  return (
    `This file is already being sent into this account by ${who}. Sending it from here too would create every row a second time. ` +
    `Wait for that send to finish, and finish any rows it left from where it was started (the command-line tool's --resume), not from here: this app does not know which rows it sent. ` +
    `If nothing is sending any more, delete ${lockPath} and send again.`
  );
}
const WRITTEN = new Set<RowResult['status']>(['created', 'updated', 'unchanged']);

/**
 * What earlier sends of this journal wrote: the runner settles those rows from the journal (no request)
 * and counts them as created / updated with this send's, so the screen can tell the two apart.
 */
function writtenEarlier(
  finished: Map<number, OutcomeLine>,
  run: DryRun,
): { created: number; updated: number; rows: Set<number> } {
  const earlier = { created: 0, updated: 0, rows: new Set<number>() };
  for (const line of finished.values()) {
    // As the runner: only rows it reaches (not left out, not refused by the check) are settled from it.
    const at = run.positions.get(line.row);
    const outcome = at === undefined ? undefined : run.outcomes[at];
    if (!outcome || outcome.status === 'skipped') continue;
    if (outcome.status === 'invalid' && outcome.action !== 'duplicate') continue;
    if (line.status === 'created') earlier.created += 1;
    else if (line.status === 'updated') earlier.updated += 1;
    else continue;
    earlier.rows.add(line.row);
  }
  return earlier;
}

function statusPatch(progress: ImportProgress, entry: ImportEntry): Partial<ImportStatus> {
  const state = entry.status.state === 'cancelling' ? 'cancelling' : progress.paused ? 'paused' : 'running';
  return {
    state: progress.phase === 'finished' ? entry.status.state : state,
    total: progress.total,
    done: progress.done,
    created: progress.created,
    updated: progress.updated,
    unchanged: progress.unchanged,
    failed: progress.failed,
    skipped: progress.skipped,
    rowsPerSecond: progress.rowsPerSecond,
    etaSeconds: progress.etaSeconds,
    throttledSeconds: progress.throttledForSeconds > 0 ? progress.throttledForSeconds : null,
    // Said on the send screen while it lasts (explore 30 item 3); the first row's progress clears it.
    lookingAgain: progress.lookingAgain
      ? {
          seconds: progress.lookingAgain.seconds,
          // Re-told every second while a row's earlier write is waited out: the count goes down.
          message: capitalised(progress.lookingAgain.wordsNow ?? progress.lookingAgain.words),
        }
      : null,
    // Said on the send screen while Trackops is silent (explore 38 item 1); cleared once it answers.
    waitingOnTrackops: progress.trackopsWait
      ? {
          row: progress.trackopsWait.row,
          silentSeconds: progress.trackopsWait.silentSeconds,
          message: progress.trackopsWait.words,
        }
      : null,
    ...latestFailuresOf(entry.latestFailures, progress.refusedUnsettled),
    ...(entry.failedEarlier.reported > 0 ? { failedEarlier: entry.failedEarlier.reported } : {}),
  };
}

/**
 * The latest rows that failed, newest first, as a copy (the list goes on changing after this status is
 * sent): rows refused with 403 whose results core writes only once the next write is answered
 * (`refusedUnsettled`) come first, as they are the latest answered, so that the screen names a
 * refusal when it comes.
 */
function latestFailuresOf(
  latest: ImportEntry['latestFailures'],
  unsettled: ImportProgress['refusedUnsettled'],
): Pick<ImportStatus, 'latestFailures'> {
  const refused = (unsettled ?? []).map((result) => ({
    row: result.row,
    message: problemsCellText(result.errors),
  }));
  const rows = new Set(refused.map((failure) => failure.row));
  const failures = [...refused.reverse(), ...latest.filter((failure) => !rows.has(failure.row))];
  return failures.length > 0 ? { latestFailures: failures.slice(0, LATEST_FAILURES) } : {};
}

/** The CLI's sentence on writes answered without their record (core's withoutRecordWords), when any. */
function withoutRecordOf(summary: WithoutRecordCounts): Pick<ImportStatus, 'withoutRecord'> {
  const words = withoutRecordWords(summary);
  return words ? { withoutRecord: words } : {};
}

/** A note without its full stop: the screen ends each note with one (SendStep's searchNotes). */
function unstopped(note: string): string {
  return note.replace(/\.$/, '');
}

/** What the send's searches met (core's searches-met.ts), when anything: a send that ended or stopped. */
function searchNotesOf(notes: string[]): Pick<ImportStatus, 'searchNotes'> {
  return notes.length ? { searchNotes: notes } : {};
}

/** Rows the send found Trackops holding since the dry run (core's send-row.ts `added_since_checked`). */
/**
 * The rows a stop left in doubt (their write got no answer, or could not be looked for), each with what
 * may have happened and what the clerk may do, worded for a create or an update (in-doubt-rows.ts):
 * they are neither written nor failed, so no other list names them (explore 40 item 4: the row to check
 * in Trackops was in no list of the results).
 */
function inDoubtOf(error: unknown, state: JournalState, windowMs: number): Pick<ImportStatus, 'inDoubt'> {
  if (!(error instanceof SearchFailedError) || error.rows.length === 0) return {};
  return { inDoubt: inDoubtRows(error.rows, state, windowMs) };
}

/**
 * A row's words on the results: core's, or, for a row settled from its journal (failed or written in
 * an earlier send), what that send stored, which an older app stored in the CLI's words.
 */
function rowWords(text: string): string {
  return olderJournalWords(text);
}

function addedSinceOf(results: Map<number, RowResult>): { row: number; message: string }[] {
  return [...results.values()]
    .filter((result) => result.status === 'duplicate' && result.errors[0]?.code === 'added_since_checked')
    .sort((a, b) => a.row - b.row)
    .map((result) => ({ row: result.row, message: result.errors[0]!.message }));
}

/** Rows held back because requests that may be their earlier create were edited since (core's runner). */
function heldBackOf(results: Map<number, RowResult>): { row: number; message: string }[] {
  const held = new Set(['in_doubt_several', 'earlier_create_several']);
  return [...results.values()]
    .filter((result) => result.status === 'skipped' && held.has(result.errors[0]?.code ?? ''))
    .sort((a, b) => a.row - b.row)
    .map((result) => ({ row: result.row, message: result.errors[0]!.message }));
}

function failuresOf(results: Map<number, RowResult>): { row: number; message: string }[] {
  return [...results.values()]
    .filter((result) => result.status === 'failed')
    .sort((a, b) => a.row - b.row)
    .map((result) => ({ row: result.row, message: rowWords(problemsCellText(result.errors)) }));
}

/** The journal keeps retryable failures out of its finished rows, so the next send tries them again. */
function retryableOf(results: Map<number, RowResult>, finished: Map<number, unknown>): number {
  return [...results.values()].filter((result) => result.status === 'failed' && !finished.has(result.row))
    .length;
}

/**
 * Rows this send counts as created whose create Trackops answered with a request it held before, and
 * none of the row's found since (core's ANSWERED_EXISTING): in `created`, as the CLI's summary counts
 * them ("Created 2 (2 of them answered with a request Trackops held before…)"), and said apart, since
 * they are not known to be new requests. Rows an earlier send wrote are in `earlier`, not here.
 */
function answeredExistingOf(
  results: Map<number, RowResult>,
  earlier: ReadonlySet<number>,
): Pick<ImportStatus, 'answeredExisting'> {
  let count = 0;
  for (const result of results.values())
    if (
      result.status === 'created' &&
      !earlier.has(result.row) &&
      result.errors.some((error) => error.code === ANSWERED_EXISTING)
    )
      count += 1;
  return count > 0 ? { answeredExisting: count } : {};
}

/** The rows written, each saying whether this send wrote it or an earlier send of the file (`earlier`). */
function writtenOf(
  results: Map<number, RowResult>,
  earlier: ReadonlySet<number>,
): NonNullable<ImportStatus['written']> {
  return [...results.values()]
    .filter((result) => WRITTEN.has(result.status))
    .sort((a, b) => a.row - b.row)
    .map((result) => ({
      row: result.row,
      status: result.status as 'created' | 'updated' | 'unchanged',
      id: result.id ?? null,
      caseRequestNumber: result.case_request_number ?? null,
      ...(earlier.has(result.row) ? { earlier: true } : {}),
      // "Unchanged" says itself; a created or updated row's errors are the notes Trackops drew.
      note: result.status !== 'unchanged' && result.errors.length > 0 ? writtenNote(result.errors) : null,
      ...(result.status !== 'unchanged' && result.errors.some((error) => !HISTORY_NOTES.has(error.code))
        ? { unexpected: true as const }
        : {}),
    }));
}

/**
 * Notes on a written row that tell what it went through before, not anything unexpected in Trackops'
 * answer: a row refused with 403 by an earlier send and accepted by this one (core's sent_after_refusal)
 * is a create like any other, and a clerk told to "check that request" would look for a fault that is
 * not there.
 */
const HISTORY_NOTES: ReadonlySet<string> = new Set(['sent_after_refusal']);

/**
 * A written row's notes in the app's words. The screen puts them after its own words and a full stop,
 * so a note that is a sentence of core's (no column or field before it: the CLI prints it after "row
 * 7: ") starts with a capital (explore 38 item 4: "… not sent again. its first send got no answer …").
 */
function writtenNote(notes: RowResult['errors']): string {
  const text = rowWords(problemsCellText(notes));
  return notes[0]!.column === null && notes[0]!.target === null ? capitalised(text) : text;
}

function roundTripReference(request: ImportRequest): AccountReference {
  if (!request.reference) throw new Error('a round trip is sent with the account reference data');
  return request.reference;
}

/**
 * The round trip as its re-check before sending settled it, and the rows a conflict or a refusal kept
 * from being sent: the results count the refused rows, and a count alone left the clerk to find them in
 * the dry run they had left behind.
 */
function roundTripOutcome(
  file: RoundTripFile,
  trip: RoundTripImport,
  results: Map<number, RowResult>,
  unread: number,
): NonNullable<ImportStatus['roundTrip']> {
  return {
    ...roundTripView(file, trip),
    unread,
    conflictRows: rowsWithWhy(results, (result) => result.errors.some(isConflict)),
    refusedRows: rowsWithWhy(
      results,
      (result) => result.status === 'invalid' && !result.errors.some(isConflict),
    ),
  };
}

function isConflict(error: RowResult['errors'][number]): boolean {
  return error.code === 'conflict';
}

/** The results that `which` picks, in row order, each with its problems in words. */
function rowsWithWhy(
  results: Map<number, RowResult>,
  which: (result: RowResult) => boolean,
): { row: number; message: string }[] {
  return [...results.values()]
    .filter(which)
    .sort((a, b) => a.row - b.row)
    .map((result) => ({ row: result.row, message: problemsCellText(result.errors) }));
}

function capitalised(text: string): string {
  return text === '' ? text : `${text[0]!.toUpperCase()}${text.slice(1)}`;
}
