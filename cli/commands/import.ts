/**
 * `trackops-bulk import FILE --mapping M [--mode create|update|upsert] [--rate R] [--concurrency C]
 * [--results OUT] [--journal J] [--resume] [--limit N] [--sheet S] [--json]` + connection flags
 * (CONTRACTS section 1). Validates every row first (invalid rows are reported, never sent), then sends
 * the valid ones through core's runner, paced, journaled and resumable.
 * Exit: 0 all sent rows succeeded, 1 some rows invalid or failed, 2 usage/file/mapping, 3 connection
 * or authentication, 130 interrupted (journal flushed; --resume finishes the run).
 */
import { setMaxListeners } from 'node:events';
import { rm, stat } from 'node:fs/promises';
import { basename, dirname, extname, join, relative, resolve } from 'node:path';
import { withoutRecordWords, type WithoutRecordCounts } from '../../core/batch/without-record-words.ts';
import {
  AuthError,
  CertificateError,
  SchemeMismatchError,
  stopsTheRun,
  WaitTooLongError,
} from '../../core/api/errors.ts';
import { InputError } from '../../core/errors.ts';
import { lockImportResults } from '../../core/report/results-lock.ts';
import { NoAnswerStreakError, startImport, type ImportSummary } from '../../core/batch/runner.ts';
import {
  checkCostWords,
  checkDoneWords,
  type CheckCost,
  type ExistingRequests,
} from '../../core/validate/find-existing.ts';
import { checkMappingFits } from '../../core/validate/validate-rows.ts';
import { DEFAULT_CONCURRENCY, DEFAULT_RATE_PER_SECOND } from '../../core/pace/pacer.ts';
import { fileSource } from '../../core/read/byte-sources.ts';
import { hiddenNotice, hiddenParts } from '../../core/read/hidden-notice.ts';
import { importMode, importRows, mappedImportOptions } from '../../core/batch/bind-import.ts';
import { loadMappingFile } from '../../core/mapping/load-mapping-file.ts';
import { isOtherAccount, openJournal, type Journal, JournalHoldsRunError } from '../../core/batch/journal.ts';
import { createdByJournal } from '../../core/batch/created-earlier.ts';
import { openResultsWriter, unfinishedResultsPath } from '../../core/report/results-writer.ts';
import {
  prepareRoundTripImport,
  roundTripNotes,
  type RoundTripImport,
} from '../../core/export/round-trip-import.ts';
import { readingNotes } from '../../core/read/reading-notes.ts';
import { headerCaseNotes } from '../../core/mapping/check-headers.ts';
import { unreadColumns, unreadColumnsNotes } from '../../core/validate/unread-columns.ts';
import { repeatedHeaderNotes } from '../../core/validate/same-header-columns.ts';
import { createOnlyNotice } from '../../core/validate/create-only.ts';
import { overwritingConstantsNotice } from '../../core/validate/upsert-constants.ts';
import { checkRoundTripAccount } from '../../core/export/round-trip-account.ts';
import { reportFormatOf } from '../../core/report/report-types.ts';
import { SearchFailedError } from '../../core/batch/search-failed.ts';
import { WriteUnconfirmedError } from '../../core/batch/unconfirmed-write.ts';
import { StoppedBeforeSendingError } from '../../core/batch/stopped-before-sending.ts';
import { RowsLeftToSendError } from '../../core/batch/rows-left-to-send.ts';
import { accountReadOf } from '../../core/batch/earlier-creates.ts';
import type { ImportMode, RowOutcome } from '../../core/validate/types.ts';
import type { ImportProgress } from '../../core/batch/import-progress.ts';
import type { ResultsSummary, ResultsWriter, RowResult } from '../../core/report/results-types.ts';
import type { JournalLock } from '../../core/batch/journal-lock.ts';
import type { Mapping } from '../../core/mapping/schema.ts';
import type { StoredRequests } from '../../core/batch/stored-requests.ts';
import { discardUnusedJournal } from '../../core/batch/unused-journal.ts';
import { DiskFullError, isDiskFull } from '../../core/files/disk-full.ts';
import { ImportRunningError } from '../../core/batch/running-imports.ts';
import { DateOrderChoiceTally, dateOrderChoiceWords } from '../../core/validate/date-order-choice.ts';
import { JournalUndoneError, undoneImportWords } from '../../core/batch/undone-import.ts';
import { PROGRESS_EVERY_MS } from '../../core/batch/progress-pace.ts';
import { isConnectionFailure, isUntrustedListing, openWritingSession, rateFlag } from '../account-session.ts';
import type { CliCommand, CliIo } from '../command.ts';
import { parseFileCommandLine } from '../command-line.ts';
import { CONNECTION_USAGE, openRequiredConnection, type ConnectionFlags } from '../connection.ts';
import { EXIT } from '../exit-codes.ts';
import { checkInputFile, checkOutputFile, refuseOverwritingInputs, throughLink } from '../paths.ts';
import {
  defaultJournalPath,
  journalToResume,
  resumeCommand,
  sendRestCommand,
  startCommand,
  type ImportCommandLine,
} from '../resume-command.ts';
import { UsageError } from '../usage-error.ts';
import { roundTripExportOf } from '../round-trip-file.ts';
import { openMappedSheet, unusedSheetNote, withReadFlags } from '../read-options.ts';
import { thisProcess } from '../journal-owner.ts';
import { lockImportRun } from '../run-lock.ts';
import {
  createdByEarlierImports,
  forgetJournals,
  importsRunningNow,
  rememberJournal,
  unreadJournalLists,
} from '../journal-registry.ts';
import { rememberedLine, unreadListLine } from '../journal-list-words.ts';
import { checkEarlierResults } from '../earlier-results-check.ts';
import { earlierRunFile } from '../earlier-run-file.ts';
import { earlierRunUnfinished, earlierRunUnfinishedWords } from '../earlier-run-unfinished.ts';
import { cutShortJournalNote } from '../cut-short-note.ts';
import { importBinding } from '../earlier-import.ts';
import { FileStillWrittenError, watchedFile } from '../file-still-written.ts';
import { resumedKeys, settledEarlierOf, type SettledEarlier } from '../settled-earlier.ts';
import { rowLines, type RowLines } from '../row-lines.ts';
import { sentRowsNow } from '../sent-rows-now.ts';
import { describeSheet, hasDataRows, noDataRowsLine } from '../no-data-rows.ts';
import { testSettleMs } from '../test-settle-wait.ts';
import { testFirstLookMs } from '../test-first-look-wait.ts';
import {
  everyRowWritten,
  nothingLeftAfterRunWords,
  nothingLeftSummary,
  nothingLeftWords,
  rowsLeftWords,
  rowsNotIn,
} from '../nothing-left.ts';
import { CLI_WAYS_OUT } from '../ways-out.ts';
import { rowsInDoubtOf, rowsInDoubtWords, type RowInDoubt } from '../rows-in-doubt.ts';

const usage = `Usage: trackops-bulk import FILE --mapping MAPPING.json [--mode create|update|upsert]
                            [--rate R] [--concurrency C] [--results OUT] [--journal J] [--resume]
                            [--limit N] [--sheet S] [--encoding E] [--delimiter D] [--force]
                            [--recheck-after S] [--json] [connection]

Validates every row of FILE against MAPPING.json, then sends the valid rows to Trackops: POST for
creates, PUT for updates. Invalid rows are reported and never sent. In create mode, a row whose
reference value the account already holds is reported as a duplicate and not sent (as the dry run
says), unless the mapping says "duplicates": "create". In update and upsert mode every row's request
is found by one search of the account (a listing, or one look-up per row, whichever is fewer
requests; the first line says what it costs), and a row whose values Trackops already holds is
reported as unchanged and not sent. A request changed in Trackops since it was read, in a field the
row sets, is reported as a conflict (failed) and not overwritten.

  --mapping FILE     the mapping (template) file, version 1; not needed for an .xlsx written by
                     'trackops-bulk export --columns round-trip' (only its edited cells are sent)
  --mode M           create (default: the mapping's), update or upsert (update when the mapping's
                     match key finds one request, create when it finds none)
  --rate R           requests per second or minute, e.g. 1/s (default ${DEFAULT_RATE_PER_SECOND}/s: Trackops publishes no
                     limit and may suspend accounts that abuse the API), 120/min. Every request
                     counts: lookups, match probes, the read before a whole-object update.
  --concurrency C    requests in flight at once (default ${DEFAULT_CONCURRENCY})
  --results OUT      row-by-row results, .json, .csv or .xlsx: every source column plus _status,
                     _id, _case_request_number, _error. Feed it back in to re-send what failed.
  --journal J        the run's journal (default: beside OUT, else beside FILE, ending
                     .journal.jsonl); one run at a time: a second run on it is refused
                     while the first holds it
  --resume           finish an interrupted run from its journal: finished rows are not sent
                     again, and creates an earlier run may have stored are looked for first.
                     Without a journal to resume it is refused and says what to run
  --limit N          send only the first N valid rows (a trial run); --resume sends the rest
  --sheet S          workbook sheet name or position
  --encoding E       delimited text: e.g. windows-1252, utf-16le (default: the mapping's "source", else
                     detected)
  --delimiter D      delimited text: e.g. ';' or tab (default: the mapping's "source", else detected)
  --force            update and upsert: send rows that would change nothing too
  --recheck-after S  a create whose answer was lost and that Trackops did not list 0.5 s later is
                     looked for again S seconds after that (default 10; after a timeout, at least as
                     long as the request was given) before it is ever sent again: raise it for an
                     account whose lists lag its writes. A --resume sends a row whose send got no
                     answer again only once --timeout plus S (at least 2 min) have passed since its
                     last attempt left (the client's own retries included): started sooner, it sends
                     the other rows, then waits, saying until when
  --json             print one JSON summary object at the end

Ctrl-C (or SIGTERM, SIGHUP) stops sending, lets requests in flight finish, writes the journal and
exits 130; a second one aborts the requests in flight too. Either way, --resume finishes the run
without duplicates. A .csv results file is OUT.unfinished.csv until the run ends.

Exit codes: 0 every sent row succeeded, 1 some rows invalid or failed, 2 usage error, unreadable file
or bad mapping, 3 connection or authentication failure, 130 interrupted.

${CONNECTION_USAGE}`;

interface ImportFlags extends ConnectionFlags {
  mapping?: string;
  mode?: string;
  rate?: string;
  concurrency?: string;
  results?: string;
  journal?: string;
  resume?: boolean;
  limit?: string;
  sheet?: string;
  encoding?: string;
  delimiter?: string;
  force?: boolean;
  json?: boolean;
  'recheck-after'?: string;
}

export const command: CliCommand = {
  stopsOnSignal: true,
  usage,
  async run(argv, io) {
    // The summary's seconds are the whole run as the user waited for it: reading, validating, sending.
    const started = Date.now();
    const { file, flags } = parseFlags(argv);
    // Every request in flight and every worker waiting for a token listens for Ctrl-C: more than
    // Node's default of 10 with --concurrency above 3, which is use, not a leak.
    setMaxListeners(256, io.signal, io.hardSignal);
    const path = resolve(io.cwd, file);
    // Through a link to a file, that file is written (the link kept).
    const resultsPath = flags.results ? await throughLink(resolve(io.cwd, flags.results)) : null;
    if (resultsPath && reportFormatOf(resultsPath) === null) {
      throw new UsageError(`import: --results '${flags.results}' must end in .json, .csv or .xlsx`);
    }
    const journalPath = flags.journal
      ? resolve(io.cwd, flags.journal)
      : defaultJournalPath(resultsPath ?? path);
    // Issue 17: every path is checked before any work, one line and exit 2 for each problem.
    await checkInputFile('import', '', path);
    if (flags.mapping) await checkInputFile('import', '--mapping', resolve(io.cwd, flags.mapping));
    if (resultsPath)
      await checkOutputFile(
        'import',
        '--results',
        resultsPath,
        reportFormatOf(resultsPath) === 'csv'
          ? [
              {
                path: unfinishedResultsPath(resultsPath),
                what: 'its unfinished copy, written while the run lasts',
              },
            ]
          : [],
      );
    // The default journal's name comes from --results or the file: the flag that changes it is --journal.
    await checkOutputFile(
      'import',
      flags.journal
        ? '--journal'
        : `the journal (named after ${resultsPath ? '--results' : 'the file'}; --journal gives another)`,
      journalPath,
    );
    await refuseOverwritingInputs(
      'import',
      [
        { path, role: 'the file being imported', shown: file },
        ...(flags.mapping
          ? [{ path: resolve(io.cwd, flags.mapping), role: 'the mapping', shown: flags.mapping }]
          : []),
      ],
      [
        ...(resultsPath
          ? [
              {
                path: resultsPath,
                flag: '--results',
                shown: flags.results!,
                what: 'the results',
                suggestion: file.replace(/(\.\w+)?$/, `-results${extname(resultsPath)}`),
              },
            ]
          : []),
        // A .csv results file is written as OUT.unfinished.csv until the run ends (explore 9 item 3:
        // `import k.unfinished.csv --results k.csv`, feeding back what a killed run left, destroyed it).
        ...(resultsPath && reportFormatOf(resultsPath) === 'csv'
          ? [
              {
                path: unfinishedResultsPath(resultsPath),
                flag: '--results',
                shown: flags.results!,
                via: basename(unfinishedResultsPath(resultsPath)),
                what: 'the results',
                suggestion: file.replace(/(\.\w+)?$/, `-results${extname(resultsPath)}`),
              },
            ]
          : []),
        {
          path: journalPath,
          flag: '--journal',
          shown: flags.journal ?? journalPath,
          what: 'the journal',
          suggestion: file.replace(/(\.\w+)?$/, '.journal.jsonl'),
        },
      ],
    );
    const limit = flags.limit === undefined ? undefined : wholeNumber(flags.limit, '--limit', 1);
    const concurrency =
      flags.concurrency === undefined
        ? DEFAULT_CONCURRENCY
        : wholeNumber(flags.concurrency, '--concurrency', 1);
    const ratePerSecond = rateFlag(flags.rate);
    const recheckMs = flags['recheck-after'] === undefined ? undefined : seconds(flags['recheck-after']);
    const settleMs = testSettleMs(io.env, (line) => io.stderr.write(`${line}\n`));
    const firstLookMs = testFirstLookMs(io.env, (line) => io.stderr.write(`${line}\n`));

    // A round-trip export (issue 6: export --columns round-trip) carries its own mapping.
    const roundTripFile = await roundTripExportOf('import', path, file, flags.mapping, io.signal);
    const roundTrip = roundTripFile?.mapping ?? null;
    if (!flags.mapping && !roundTrip) {
      throw new UsageError(
        'import: --mapping MAPPING.json is required (write one with trackops-bulk map); only an .xlsx file from trackops-bulk export --columns round-trip imports without one (for a round-trip .csv, trackops-bulk map FILE proposes the mapping: updates by id)',
      );
    }
    const loaded = roundTrip ?? (await loadMappingFile(resolve(io.cwd, flags.mapping!)));
    const mode = importMode(loaded, readMode(flags.mode));
    if (roundTrip && mode !== 'update') {
      throw new UsageError(`import: ${file} is a round-trip export: it imports with --mode update only`);
    }
    const mapping: Mapping = withReadFlags(
      { ...loaded, mode },
      { encoding: flags.encoding, delimiter: flags.delimiter },
    );
    if (mode !== 'create' && !mapping.match) {
      throw new UsageError(
        `import: --mode ${mode} needs the mapping's "match" key (id, case_request_number or reference_value_1|2|3) to find each request`,
      );
    }
    // Every read of the file is watched (explore 59 item 6): the rows must be read from the very bytes
    // the journal is bound to, or nothing is sent.
    const watched = watchedFile(path, file);
    const sheet = await openMappedSheet(
      path,
      mapping,
      { sheet: flags.sheet, delimiter: flags.delimiter, encoding: flags.encoding },
      io.signal,
      false,
      watched.source,
    );
    // Explore 6 item 13: a mapping that does not fit the file is refused before the run starts (no
    // connection, lock, journal or results file), not once its results file and journal were made.
    if (!roundTrip) checkMappingFits(sheet, mapping, flags.mapping ? basename(flags.mapping) : undefined);
    // The sheet's columns the mapping does not read (a column the carrier added since the template was
    // made): said, not refused. A round-trip export's mapping leaves out its read-only columns only.
    const unread = roundTrip ? [] : unreadColumns(mapping, sheet);
    const unreadNotes = unreadColumnsNotes(unread, sheet.fileName);
    // What the reader guessed that may be wrong, said before anything is sent (Ctrl-C still stops it).
    const notedAtStart = [
      ...unusedSheetNote(flags.sheet, sheet),
      ...readingNotes(sheet),
      ...headerCaseNotes(mapping, sheet.headers),
      ...repeatedHeaderNotes(mapping, sheet),
      ...unreadNotes,
    ];
    // --json changes stdout only (explore 59 item 8: these notes were not said at all under --json).
    for (const note of notedAtStart) io.stderr.write(`import: note: ${note}\n`);
    // Explore 31 item 2: nothing under the header is not a success ("0 rows … Created 0", exit 0), and
    // is known from the file alone: said as validate says it, before any journal, lock or request.
    if (!roundTrip && !(await hasDataRows(sheet))) {
      const line = `${noDataRowsLine(describeSheet(file, sheet), 'import', HEADER_ROW_WORDS)} Nothing was sent${resultsPath ? ', and no results file was written' : ''}.`;
      // --json: stdout holds the summary object alone; the words go to stderr.
      if (flags.json) {
        io.stdout.write(JSON.stringify({ ...NO_ROWS, seconds: secondsSince(started) }) + '\n');
        io.stderr.write(`${line}\n`);
      } else io.stdout.write(`${line}\n`);
      return EXIT.rowsFailed;
    }
    const bound = await watched.readWhole();
    const { binding } = await importBinding(path, mapping, mode, bound.sha256);
    const commandLine: ImportCommandLine = {
      file,
      mapping: flags.mapping,
      mode: flags.mode,
      results: flags.results,
      sheet: flags.sheet,
      encoding: flags.encoding,
      delimiter: flags.delimiter,
      force: flags.force,
      recheckAfter: flags['recheck-after'],
      rate: flags.rate,
      concurrency: flags.concurrency,
      connection: flags,
    };
    // CONTRACTS: --resume with no journal to resume is refused with the command that would resume it.
    let journalUsed = journalPath;
    if (flags.resume) {
      const found = await journalToResume({
        journalPath,
        explicit: flags.journal !== undefined,
        binding,
        file: path,
        results: resultsPath,
        cwd: io.cwd,
        line: commandLine,
        sameRows: (journal) => sentRowsNow(journal, sheet, mapping, flags, io),
      });
      journalUsed = found.path;
      if (found.notice) io.stderr.write(`trackops-bulk: import: ${found.notice}\n`);
    }
    const resumeText = () =>
      resumeCommand(
        commandLine,
        journalUsed === defaultJournalPath(resultsPath ?? path) ? null : journalUsed,
        io.cwd,
      );

    const connection = await openRequiredConnection('import', flags, io.env, ' to rehearse', {
      cwd: io.cwd,
    });
    // Report 4 item 2: a round trip into another account than the file's updates other requests (ids
    // are per account): refused before the journal or a single request.
    if (roundTripFile) {
      try {
        checkRoundTripAccount(basename(path), roundTripFile.exportedFrom, connection.label);
      } catch (error) {
        await connection.close();
        throw error;
      }
    }
    const counters = { requests: 0, retries: 0 };
    let journal: Journal | null = null;
    // The same finished run run again without --resume: settled, nothing sent (explore 62 item 1).
    let heldRun: JournalHoldsRunError | null = null;
    // A resume's earlier run, as its journal had it when opened: a stopped run's JSON says it too.
    let earlierSettled: SettledEarlier | null;
    let runLock: JournalLock | null = null;
    let resultsLock: JournalLock | null = null;
    /**
     * A journal this run removes (it recorded no send: a stop before the first send, a file still being
     * written, a refusal) is taken off the account's journal lists too, where this run put it before
     * sending (explore 62 item 3: the next import said it "is gone" and sent the clerk to the recycle
     * bin for a journal that never held a send). The lists name only journals lost outside the tool.
     */
    const discardJournal = async (opened: Journal): Promise<boolean> => {
      const removed = await discardUnusedJournal(opened);
      if (removed)
        await forgetJournals(
          [...new Set([opened.path, journalUsed])],
          connection.account,
          io.env,
          io.cwd,
          path,
        );
      return removed;
    };
    // What the results writer began, removed when the run stops before it sends anything.
    let discardResults = async (): Promise<void> => {};
    // The run as it was given (--journal, --limit too), without --resume: for a stop before it sent anything.
    const startAgainText = () =>
      `${resumeText().replace(' --resume', '')}${limit === undefined ? '' : ` --limit ${limit}`}`;
    /**
     * Explore 31 item 1: a stop before the first send (Ctrl-C in the first seconds, SIGTERM from
     * `timeout`) is a stop, said as one (it was "unexpected error", exit 70): nothing was sent, so
     * nothing of the run is kept (a new journal, the results begun) and the command given is the one
     * that starts it again; a resumed run's journal is kept, and the resume command given.
     */
    const stoppedEarly = async (when: string, notes: readonly string[] = []): Promise<number> => {
      // The results begun list no sent row: a folder that refuses their removal too is said, not a crash.
      const leftBehind = await discardResults().then(
        () => '',
        (error: unknown) => {
          if (!(error instanceof DiskFullError)) throw error;
          return ` The results begun could not be removed (${error.reason}): they list no row sent; delete them.`;
        },
      );
      const removed = journal ? await discardJournal(journal) : true;
      if (flags.json)
        io.stdout.write(
          JSON.stringify({
            interrupted: true,
            stopped: 'before anything was sent',
            requests: counters.requests,
            retries: counters.retries,
            seconds: secondsSince(started),
            ...(notes.length ? { notes } : {}),
          }) + '\n',
        );
      // What the checks before sending met (a filter Trackops ignores…), said before the stop's line.
      sayNotes(io, notes);
      const again = startAgainText();
      io.stderr.write(
        removed
          ? `trackops-bulk: import: interrupted while ${when}, before anything was sent: nothing was sent to Trackops, and no journal or results file was kept.${leftBehind} To start the import again: ${again}\n`
          : `trackops-bulk: import: interrupted while ${when}, before this run sent anything: nothing more was sent to Trackops.${leftBehind} To finish the run: ${resumeText()}\n`,
      );
      return EXIT.interrupted;
    };
    try {
      // Explore 7 item 2: a second import of this file and mapping into this account, whatever its
      // journal, is refused before a single request (each would send every row).
      const taken = await lockImportRun(
        path,
        {
          baseUrl: connection.settings.baseUrl,
          fileHash: binding.fileHash,
        },
        { file, account: connection.label, journal: journalUsed },
        io.env,
        io.cwd,
      );
      runLock = taken.lock;
      for (const notice of taken.notices) io.stderr.write(`trackops-bulk: import: ${notice}\n`);
      // Explore 52 item 4: another import (another file, its own journal) given the same --results
      // truncated this one's unfinished results; one import writes a results file at a time.
      if (resultsPath)
        resultsLock = await lockImportResults(
          resultsPath,
          thisProcess(),
          { file, journal: journalUsed },
          flags.results,
        );
      // Locked (and, to resume, read exactly) before anything is asked of the account: a second run on
      // this journal, or a damaged one, is refused before a single request.
      // The account goes into the journal's header, so that a later import of this file finds what
      // this one created (core's earlierCreates).
      try {
        journal = await openJournal(
          journalUsed,
          { ...binding, account: connection.account },
          {
            resume: flags.resume === true,
            resumeCommand: resumeText(),
            owner: thisProcess(),
          },
        );
      } catch (error) {
        if (error instanceof JournalUndoneError)
          throw new InputError(
            error.code,
            undoneImportWords(error.undone, file, await rowsNotIn(error.writtenRows, sheet), error.created),
          );
        if (!(error instanceof JournalHoldsRunError)) throw error;
        const written = await everyRowWritten(error, sheet);
        if (written !== null) {
          const rows = written.created + written.updated;
          const line = nothingLeftWords(file, rows, relative(io.cwd, journalUsed) || journalUsed);
          if (flags.json) {
            io.stdout.write(JSON.stringify(nothingLeftSummary(written, secondsSince(started))) + '\n');
            io.stderr.write(`${line}\n`);
          } else io.stdout.write(`${line}\n`);
          return EXIT.ok;
        }
        // A run with rows in doubt is not finished whatever its other rows: its --resume looks for them.
        if (error.inDoubt > 0) throw error;
        // Explore 62 item 1: rows the journal does not hold as written may be settled all the same
        // (invalid in the file, duplicates, an earlier import's): only a resume's checks tell. The run
        // is settled as its --resume settles it, sending nothing (core's sendNothing); a row it would
        // send refuses the command as before (the run is not finished), and the journal is unchanged.
        heldRun = error;
        journal = await openJournal(
          journalUsed,
          { ...binding, account: connection.account },
          { resume: true, resumeCommand: resumeText(), owner: thisProcess() },
        );
      }
      for (const notice of journal.notices) io.stderr.write(`trackops-bulk: ${notice}\n`);
      earlierSettled = settledEarlierOf(journal);
      // While rows are sent, core's progress says a retry after no answer, in the words the app shows
      // (its trackopsWait): the session's own notice then leaves it to the progress, said once.
      const sendPhase = { on: false };
      const session = await openWritingSession(
        io,
        connection,
        'import',
        { ratePerSecond, concurrency },
        counters,
        () => sendPhase.on,
      );
      // A stop while the reference data is read (io.signal: nothing is sent yet) is said as one.
      if (typeof session === 'number') {
        if (io.signal.aborted) return await stoppedEarly("reading the account's reference data");
        // A login refused, or no answer, before the first send: the journal recorded nothing, so it
        // goes (explore 59: a header-only journal was left beside the file after every failed login).
        await discardJournal(journal);
        return session;
      }
      const { api, pacer, reference } = session;
      // Explore 16: the same file fixed and imported again, or a trial then the rest with another
      // --results, is not sent twice: what earlier imports of it into this account created (their
      // journals beside the file, beside --results, in the working folder) settles those rows.
      const journalFolders = [
        dirname(path),
        io.cwd,
        dirname(journalUsed),
        ...(resultsPath ? [dirname(resultsPath)] : []),
      ];
      const createdBefore =
        mode === 'update' || mapping.duplicates === 'create'
          ? null
          : await createdByEarlierImports({
              account: connection.account,
              folders: journalFolders,
              except: journalUsed,
              env: io.env,
              cwd: io.cwd,
              file: path,
              fileHash: binding.fileHash,
            });
      // Explore 52 item 2: a journal this account's list remembers that is gone was passed over in
      // silence, and the rows it created were created again. Said once, then forgotten (the list is a
      // memory aid: a journal deleted on purpose is not named at every later import).
      if (createdBefore && createdBefore.gone.length > 0) {
        for (const gone of createdBefore.gone)
          io.stderr.write(
            `trackops-bulk: import: note: the journal ${gone}, which an earlier import into this account kept, is gone: the rows it created are not recognised ` +
              `unless Trackops holds their claim number, so any of them in this file would be created again. If this file holds them, stop now (Ctrl-C) and put the journal back from the recycle bin or a backup\n`,
          );
        await forgetJournals(createdBefore.gone, connection.account, io.env, io.cwd, path);
      }
      // The same file's run into another account, whose journal was just kept aside (core's
      // keepEarlierRun): its rows are that account's, and nothing of this command line (another
      // connection) finishes it; its results beside it are its own, not a run whose journal is gone.
      const otherAccountRun =
        journal.keptEarlier && isOtherAccount(journal.keptEarlier.header.account, connection.account)
          ? journal.keptEarlier
          : null;
      // ... and a results file that lists rows created by a run whose journal is gone refuses the run
      // before anything is sent; one that lists created rows is never deleted, but kept aside.
      const keptResults =
        resultsPath && !flags.resume && !heldRun
          ? await checkEarlierResults({
              resultsPath,
              createdBefore,
              ...(otherAccountRun ? { keptRun: await createdByJournal(otherAccountRun.keptAs) } : {}),
              shown: (shown) => relative(io.cwd, shown) || shown,
            })
          : null;
      for (const notice of keptResults?.notices ?? []) io.stderr.write(`trackops-bulk: import: ${notice}\n`);
      // Explore 59 item 2: what was set aside belonged to a run that left rows unsent: said as a warning.
      // Explore 62 item 2: that run's file as it is now (not this run's file) says whether its own
      // --resume finishes it; the command given is that resume, else an import of its kept results.
      const earlierFile = journal.keptEarlier
        ? await earlierRunFile(journal.keptEarlier, binding, [dirname(path), io.cwd, dirname(journalUsed)])
        : null;
      const earlierUnfinished = earlierRunUnfinished({
        // Another account's run is said by the note that kept it: this command line does not finish it.
        journal: otherAccountRun ? null : journal.keptEarlier,
        results: otherAccountRun ? null : (keptResults?.kept ?? null),
        resumeWith:
          earlierFile?.state === 'resumable' && journal.keptEarlier
            ? resumeCommand(
                {
                  ...commandLine,
                  file: relative(io.cwd, earlierFile.path) || earlierFile.path,
                  // Its results, kept aside, are written whole by its resume; never this run's.
                  results: keptResults?.kept ? relative(io.cwd, keptResults.kept.keptAs) : undefined,
                },
                journal.keptEarlier.keptAs,
                io.cwd,
              )
            : null,
        sendWith: (kept) =>
          sendRestCommand(commandLine, kept, io.cwd, {
            sheet: sheet.format === 'xlsx' ? sheet.sheet : null,
            textSettings: Boolean(mapping.source?.encoding || mapping.source?.delimiter),
          }),
      });
      if (earlierUnfinished)
        io.stderr.write(
          `trackops-bulk: import: ${earlierRunUnfinishedWords(earlierUnfinished, earlierFile, io.cwd)}\n`,
        );
      // Explore 59 item 1: where this import is remembered for later imports of the file, and a list of
      // earlier ones that cannot be read, said before anything is sent (under --json too: stderr is what
      // a scheduled job's mail shows).
      const remembered = await rememberJournal(journalUsed, connection.account, io.env, io.cwd, path);
      // Only where later imports look for what this one created (an update creates nothing).
      if (createdBefore) {
        const rememberedWords = rememberedLine(remembered, file, process.platform);
        if (rememberedWords) io.stderr.write(`trackops-bulk: import: ${rememberedWords}\n`);
        for (const list of await unreadJournalLists(connection.account, io.env, io.cwd, path))
          io.stderr.write(`trackops-bulk: import: ${unreadListLine(list)}\n`);
      }
      // Explore 17: a journal of this account that cannot be read is not passed over in silence.
      for (const unread of createdBefore?.unreadable ?? [])
        io.stderr.write(
          `trackops-bulk: import: note: the journal ${unread} cannot be read exactly, so what it created is not known: rows it sent may be sent again; check it (trackops-bulk import … --resume --journal ${unread} says what is wrong)\n`,
        );
      // Explore 52 item 1: a send recorded only in a line cut short, of a row this file cannot be
      // matched to (another file's journal): said, with the way that settles it.
      for (const cut of createdBefore?.cutShort ?? [])
        io.stderr.write(`trackops-bulk: import: note: ${cutShortJournalNote(cut)}\n`);
      // Upsert: the columns an updating row cannot send, said once before sending (rows say where they
      // differ, in the results).
      const createOnly = roundTrip ? [] : createOnlyNotice(mapping, mode, reference);
      for (const note of createOnly) io.stderr.write(`import: note: ${note}\n`);
      // Upsert: the constants an updating row sends too (what they change is counted by validate).
      const overwriting = roundTrip
        ? []
        : overwritingConstantsNotice(mapping, mode, {
            reference,
            countHint: 'trackops-bulk validate with the same mapping and connection counts the matched rows',
          });
      for (const note of overwriting) io.stderr.write(`import: note: ${note}\n`);
      let roundTripRun: RoundTripImport | null = null;
      // Explore 10 item 7: a round trip's rows without edits are not rows of the run (nothing to send),
      // but they are rows of the file, unchanged, as its note on stderr counts them: every summary,
      // a stopped run's too, counts them so.
      const unedited = () => (roundTripRun ? roundTripRun.summary().unchanged : 0);
      try {
        roundTripRun = roundTrip
          ? await prepareRoundTripImport(watched.source, api, {
              waysOut: CLI_WAYS_OUT,
              reference,
              connectionLabel: connection.label,
              // Reads only: the first Ctrl-C stops it (nothing is sent yet).
              signal: io.signal,
              // Said before the first row is sent: an update whose request was not read keeps no values
              // for `revert` (reading each would cost a request per row in every round trip).
              onChecked: ({ sendable, unread }) => {
                if (unread === 0) return;
                const rows =
                  unread === sendable ? `all ${unread} edited rows` : `${unread} of ${sendable} edited rows`;
                io.stderr.write(
                  `import: note: ${rows} will be sent without the values they overwrite being kept: their requests were not read (nothing changed since the export, so a count was enough). ` +
                    '`trackops-bulk revert` cannot put those back (it will list them as not revertible): keep a copy of the export as it was written, it holds the values from before.\n',
                );
              },
            })
          : null;
      } catch (error) {
        if (io.signal.aborted) return await stoppedEarly("reading the round-trip file's requests");
        throw error;
      }
      // Made when the first row's result comes (explore 6 item 13: a run refused before its first row
      // left a results file behind); checkOutputFile checked the path before any work.
      // The same finished run again writes none: the earlier run's results stay its record.
      const writer =
        resultsPath && !heldRun
          ? openedOnFirstWrite(() =>
              openResultsWriter(resultsPath, {
                // CONTRACTS section 3: the file's base name, as the validation report names it.
                file: basename(file),
                sheet: sheet.sheet,
                mode,
                headers: sheet.headers,
                headerRow: sheet.headerRow,
                // Copied only while its bytes are still those hashed at the start (the journal's
                // binding): saved again or moved since, the results are a new workbook of the rows read.
                ...(sheet.format === 'xlsx'
                  ? { workbook: fileSource(path), workbookSha256: binding.fileHash }
                  : {}),
                onNotice: (message: string) => io.stderr.write(`note: ${message}\n`),
              }),
            )
          : null;
      if (writer) discardResults = writer.discard;
      // Always given: it keeps the first failed, noted and invalid rows for the summary's lines.
      const results = rowLines(writer);
      // Columns whose refused dates all read both ways, said once each as validate says them ("Date
      // order: …"): an import refused thirty such rows one line at a time, and said nothing of the one
      // dateFormat that settles them all.
      const dateOrder = new DateOrderChoiceTally();
      const show = progressLine(io, sendPhase);
      let summary: ImportSummary | null = null;
      let failure: unknown = null;
      let check: CheckCost | null = null;
      // What the run's searches met, said by a run that ends on an error too (its summary is lost).
      let searchNotes: () => string[] = () => [];
      // Writes answered without their record, said by a stopped run as by a finished one.
      let withoutRecord: () => WithoutRecordCounts | null = () => null;
      // What a run that ends on an error says of what it met: its searches' notes, then the round
      // trip's (rows not in the file, the check's window guessed…), as a finished run's --json has them.
      const stopNotes = () => [...sentences(searchNotes()), ...roundTripNotesOf(roundTripRun)];
      try {
        // Issues 16 and 13: checked and planned as the dry run does it (core's importRows); the runner
        // reuses the requests the plan found (`stored`).
        let stored: StoredRequests | undefined;
        // What the plan's search read of the requests earlier imports created: the runner takes a
        // corrected or whole row's earlier create from it instead of reading it again (explore 56 item 4).
        let searched: ExistingRequests | null = null;
        // Issue 13: the opening line says what checking the rows against the account costs (on a
        // terminal: a pipe stays quiet until the summary, which says it too).
        const sayCost = (cost: CheckCost) => {
          check = cost;
          if (!flags.json && io.stderr.isTTY)
            io.stderr.write(`import: ${checkCostWords(cost, pacer.stats().targetRatePerSecond)}\n`);
        };
        const outcomes = readFromBoundBytes(
          tallied(
            dateOrder,
            roundTripRun?.outcomes ??
              importRows(sheet, mapping, mode, session, {
                waysOut: CLI_WAYS_OUT,
                // The check reads only, before any send: the first Ctrl-C stops it (stopped-before-sending.ts).
                signal: io.signal,
                ...(flags.mapping ? { mappingName: basename(flags.mapping) } : {}),
                onCost: sayCost,
                // What the check read, for the summary: the plan said above stays as it was said.
                onCheckDone: (cost: CheckCost) => (check = cost),
                onStored: (found) => (stored = found),
                ...(createdBefore?.ids.size
                  ? {
                      keepIds: createdBefore.ids,
                      onSearched: (found: ExistingRequests) => (searched = found),
                    }
                  : {}),
                // A resume asks Trackops only about the rows it may still send (explore 56 item 1): those its
                // journal settled are reported as the journal has them, with no look-up.
                ...(journal.resumed ? { settledRows: new Set(journal.state.finished.keys()) } : {}),
              }),
          ),
          () => watched.checkUnchanged(bound),
        );
        const run = startImport({
          waysOut: CLI_WAYS_OUT,
          ...mappedImportOptions(mapping, mode),
          outcomes,
          earlierCreates: createdBefore,
          accountRead: () => accountReadOf(searched, api.timeoutMs),
          // Explore 26 item 1: the same rows saved again (other bytes, so another run lock) and imported
          // while the first import runs: its live journal stops this run before it sends anything.
          runningImports: (contents) =>
            importsRunningNow({
              account: connection.account,
              folders: journalFolders,
              except: journalUsed,
              env: io.env,
              cwd: io.cwd,
              contents,
              inputPath: path,
            }),
          api,
          pacer,
          journal,
          results,
          ...(limit === undefined ? {} : { limit }),
          signal: io.signal,
          hardSignal: io.hardSignal,
          onProgress: show,
          // The line is rewritten at most ten times a second (core's default, said here as the choice).
          progressEveryMs: PROGRESS_EVERY_MS,
          headers: sheet.headers,
          // planImport finds them while the runner reads its rows: asked for once they are all read.
          stored: () => stored,
          ...(flags.force ? { force: true } : {}),
          ...(roundTripRun ? { targetsChecked: true, readBefore: roundTripRun.readBefore } : {}),
          onCost: sayCost,
          onCheckDone: (cost: CheckCost) => (check = cost),
          reference,
          ...(heldRun ? { sendNothing: true } : {}),
          ...(recheckMs === undefined && settleMs === undefined && firstLookMs === undefined
            ? {}
            : {
                lostCreateWaits: {
                  ...(firstLookMs === undefined ? {} : { firstMs: firstLookMs }),
                  ...(recheckMs === undefined ? {} : { againMs: recheckMs }),
                  ...(settleMs === undefined ? {} : { settleMs }),
                },
              }),
        });
        searchNotes = () => run.searchNotes();
        withoutRecord = () => run.withoutRecord();
        summary = await run.done;
      } catch (error) {
        failure = error;
      } finally {
        show(null);
        await journal.close();
      }
      const seconds = secondsSince(started);
      // Hidden rows are sent like any other; the clerk did not see them, so the summary says so.
      const hidden = hiddenParts(sheet);
      const extra = {
        requests: counters.requests,
        retries: counters.retries + (summary?.resent ?? 0),
        seconds,
        // A count in the results' summary (counters only); the terminal lists the rows.
        ...(hidden.rows.length ? { hiddenRows: hidden.rows.length } : {}),
      };
      // A stopped run's results say so (explore 8 item 5): the rows it left are `unsent`, not `skipped`
      // as a --limit trial's, and the .json is not `complete`.
      // A results file the disk refused at the end (an .xlsx is written whole then): the run itself is
      // done, so its summary is still said, then what was lost (explore 10 item 2).
      let resultsLost: DiskFullError | null = null;
      if (summary)
        await results
          .close(
            {
              ...countsOf(summary),
              skipped: summary.skipped - summary.unsent,
              ...(summary.unsent ? { unsent: summary.unsent } : {}),
              ...extra,
            },
            { stopped: summary.interrupted },
          )
          .catch((error: unknown) => {
            if (!(error instanceof DiskFullError)) throw error;
            resultsLost = error;
          });
      if (failure instanceof StoppedBeforeSendingError)
        return await stoppedEarly('checking the rows', stopNotes());
      // The same command on a run that is not finished: refused as before, naming what is left.
      if (heldRun && failure instanceof RowsLeftToSendError)
        throw new InputError('journal_holds_run', `${heldRun.message}. ${rowsLeftWords(failure.rows)}`);
      if (failure instanceof FileStillWrittenError) {
        // Nothing was sent: the results begun and a journal that recorded nothing go, so the same
        // command runs again once the file is whole (a resumed run's journal is kept, as it was).
        await discardResults().catch(() => undefined);
        await discardJournal(journal);
        // A resume's journal is kept, and bound to the bytes the file had before: once the file is
        // complete its --resume is refused ("changed since this run began"), so the advice is the way
        // that works then (explore 59): the run from the beginning, which knows what this journal's
        // run created by content and keeps the journal aside.
        io.stderr.write(
          `trackops-bulk: import: ${journal.resumed ? resumedStillWrittenWords(failure.message, journalUsed, startCommand(commandLine, io.cwd), io.cwd) : failure.message}\n`,
        );
        io.failed?.({ kind: failure.code, message: `import: ${failure.message}` });
        return EXIT.usage;
      }
      if (failure) {
        const everyRowReported = stoppedWithEveryRowReported(failure);
        // The results' summary counts the rows a stop left as `unsent`, as a stop the runner saw does.
        const stoppedAt = () => ({ ...runCounts(results.counts(), results.unsent()), ...extra });
        // A results folder that refuses the last step (the rename, a folder gone) on a stop is said as
        // at the end of a run, after the counts, never as "a bug" with no counts (every path that closes
        // the results catches it so).
        const stop: { lost: DiskFullError | null } = { lost: null };
        const closeStopped = () =>
          results.close(stoppedAt(), { stopped: true }).then(
            () => undefined,
            (error: unknown) => {
              if (!(error instanceof DiskFullError)) throw error;
              stop.lost = error;
            },
          );
        if (everyRowReported || failure instanceof ImportRunningError) await closeStopped();
        const stopLostWords = async (): Promise<string> => {
          const lost = stop.lost;
          return lost ? await resultsLostWords(lost, resultsPath!, journalUsed, commandLine, io.cwd) : '';
        };
        if (failure instanceof ImportRunningError) {
          // Refused as a second run of one file is (exit 2), once every row is written not sent; a
          // journal that recorded nothing is not left behind, so the same command runs again later.
          const kept = !(await discardJournal(journal));
          // Nothing was sent, so no row's result is lost, and a journal that recorded nothing is gone:
          // no resume is offered to write the results again, only what to fix before starting again.
          const lost = stop.lost;
          if (lost && !kept)
            io.stderr.write(
              `trackops-bulk: import: the results file was not written: ${lost.reason}. Nothing was sent, so no row's result is lost; ${lost.advice} before starting this import again.\n`,
            );
          else io.stderr.write(await stopLostWords());
          io.stderr.write(`trackops-bulk: import: ${failure.message}\n`);
          // What the look for that import met (a filter Trackops ignores…) is said all the same.
          sayNotes(io, stopNotes(), true);
          return EXIT.usage;
        }
        if (isDiskFull(failure))
          return stoppedByFullDisk(
            failure,
            results,
            extra,
            io,
            flags.json === true,
            // A journal that recorded no send (a results folder refused before the first request left):
            // removed, and the command given is the one that starts the run again.
            (await discardJournal(journal)) ? { startAgain: startAgainText() } : { resume: resumeText() },
            unedited(),
            resultsPath,
            earlierSettled,
            stopNotes(),
            withoutRecord(),
          );
        // A stop before this run (or an earlier run of its journal) sent anything, as a round trip's
        // check answered 500 until the tries ran out, is said as a Ctrl-C at that point is
        // (stoppedEarly): nothing was sent, so nothing of the run is kept (the journal recorded no send,
        // the results list none) and the one command given starts the import again. After a send the
        // journal is kept and named, and --resume finishes the run.
        const nothingSent = await discardJournal(journal);
        const resultsKeptWords = nothingSent
          ? await discardResults().then(
              () => '',
              (error: unknown) => {
                if (!(error instanceof DiskFullError)) throw error;
                return ` The results begun could not be removed (${error.reason}): they list no row sent; delete them.`;
              },
            )
          : '';
        const shownJournal = relative(io.cwd, journalUsed) || journalUsed;
        /**
         * The one command to run next, once `when` ("when Trackops answers again"): the import started
         * again when nothing was sent, else `resumeLine` (the resume command, in that stop's words) and
         * where the journal that lets it send no row twice is.
         */
        const nextStep = (when: string, resumeLine: string): string =>
          nothingSent
            ? `Nothing was sent to Trackops, and no journal or results file was kept.${resultsKeptWords} ` +
              `${when ? `${capitalised(when)}, start` : 'Start'} the import again: ${startAgainText()}`
            : `${resumeLine}\nThe journal ${shownJournal} records every row sent before this stop: --resume sends none of them again.`;
        // Stopped with every row written (a Retry-After too long, credentials refused, a web page or a
        // sign-in redirect for an answer that leaves a create in doubt, a search that failed): the
        // counts are said on stdout as at every other stop (explore 30 item 6: exit 3 printed none,
        // and --json printed nothing at all). The web page reaches here as the SearchFailedError that
        // keeps its row in doubt, not as the page's own error: so every such stop, not only some.
        const counted = everyRowReported && !io.hardSignal.aborted;
        // The rows the stop left in doubt, named (the resume looks for them first).
        const inDoubtRows = rowsInDoubtOf(journal.state.inDoubt, mapping, results.heldBackRows());
        const costs = withoutRecord();
        const costWords = costs ? withoutRecordWords(costs) : null;
        if (counted) {
          const notes = stopNotes();
          io.stdout.write(
            stoppedCounts(
              results,
              extra,
              flags.json === true,
              (failure as Error).message,
              unedited(),
              earlierSettled,
              notes,
              costs,
              inDoubtRows,
              // A listing the server's own answers contradict stopped it, not Ctrl-C, SIGTERM or SIGHUP.
              !isUntrustedListing(failure),
            ) + '\n',
          );
          // The readable notes on stderr under --json, as a finished run's summary is.
          const readable = [...notes, ...(costWords ? [costWords] : [])];
          if (flags.json && readable.length) io.stderr.write(`${readable.join('\n')}\n`);
        }
        // A stop without counts (a second Ctrl-C, an error of no counted kind) says the writes Trackops
        // answered without their record too, as every other stop after them does.
        else sayNotes(io, [...stopNotes(), ...(costWords ? [costWords] : [])], true);
        // The results of a run that sent nothing are gone: no word on writing them again.
        if (!nothingSent) io.stderr.write(await stopLostWords());
        if (io.hardSignal.aborted) {
          // What stopped the run before the second Ctrl-C (the credentials refused…) is said too: the
          // counts that carry it at such a stop are not printed here.
          if (isConnectionFailure(failure) && !isAbortReason(failure, io))
            io.stderr.write(`trackops-bulk: import: stopped: ${failure.message}\n`);
          io.stderr.write(
            nothingSent
              ? `trackops-bulk: import: aborted. ${nextStep('', '')}\n`
              : `trackops-bulk: import: aborted. ${nextStep('', `To finish the run: ${resumeText()}`)}\n`,
          );
          // This stop prints no counts: the rows whose answer it cut are named here, and under --json
          // in the error object printed at exit.
          const inDoubtWords = rowsInDoubtWords(inDoubtRows);
          if (inDoubtWords) {
            io.stderr.write(`${inDoubtWords}\n`);
            io.keyed?.({ rows_in_doubt: inDoubtRows });
          }
          return EXIT.interrupted;
        }
        if (failure instanceof AuthError) {
          io.stderr.write(
            // What Trackops said is in the message, the credentials only its likeliest cause (explore 51 item 5).
            `trackops-bulk: import: ${failure.message}\n${nextStep(
              'once Trackops accepts these requests again (see what it said above)',
              `Nothing more was sent; once Trackops accepts these requests again (see what it said above), finish the run with: ${resumeText()}`,
            )}\n`,
          );
          return EXIT.connection;
        }
        if (failure instanceof SearchFailedError && failure.refused) {
          // Not a connection failure (CONTRACTS exit 3): Trackops answered with a refusal, so "when
          // Trackops answers again" would send the clerk round in circles (explore 21 item 5). The
          // message names the rows and the way out.
          io.stderr.write(`trackops-bulk: import: ${failure.message}\n`);
          return EXIT.rowsFailed;
        }
        if (failure instanceof WriteUnconfirmedError) {
          // Not a connection failure (CONTRACTS exit 3): Trackops answered, but not with what it did.
          // Exit 1: a row is in doubt (its results say so), and the rows not reached wait for --resume.
          io.stderr.write(
            `trackops-bulk: import: ${failure.message}.\nOnce Trackops takes writes again, send the rows not reached with: ${resumeText()} ` +
              `(row ${failure.rows.join(', ')} is not sent again: check it as said above)\n`,
          );
          return EXIT.rowsFailed;
        }
        if (isUntrustedListing(failure)) {
          // Not a connection failure (CONTRACTS exit 3): Trackops answered, and its answers contradict
          // each other, so "when Trackops answers again" would mislead.
          io.stderr.write(
            `trackops-bulk: import: the account's list of case requests could not be read whole, so rows could not be checked against it: ${failure.message}\n` +
              `${nothingSent ? '' : 'Nothing more was sent. '}This is not a connection failure: run trackops-bulk check to see how this server ` +
              `pages and counts its lists. ${nextStep('once it lists them whole', `Once it lists them whole, finish the run with: ${resumeText()}`)}\n`,
          );
          return EXIT.rowsFailed;
        }
        if (failure instanceof CertificateError) {
          // Not "when Trackops answers again": it did, with a certificate this computer refuses.
          io.stderr.write(
            `trackops-bulk: import: ${failure.message}\n${nextStep(
              'once this computer trusts that certificate',
              `Once this computer trusts that certificate, finish the run with: ${resumeText()}`,
            )}\n`,
          );
          return EXIT.connection;
        }
        if (failure instanceof SchemeMismatchError) {
          // Not "when Trackops answers again": the server answered, in the other tongue (tls-mismatch.ts).
          io.stderr.write(
            `trackops-bulk: import: ${failure.message}\n${nextStep(
              'once the address is corrected (giving the corrected address)',
              `Once the address is corrected, finish the run with: ${resumeText()} (giving the corrected address)`,
            )}\n`,
          );
          return EXIT.connection;
        }
        if (failure instanceof WaitTooLongError) {
          io.stderr.write(
            `trackops-bulk: import: ${failure.message}.\n${nextStep(
              'once Trackops takes requests again',
              `To finish the run once Trackops takes requests again: ${resumeText()}`,
            )}\n`,
          );
          return EXIT.connection;
        }
        if (isConnectionFailure(failure)) {
          io.stderr.write(
            `trackops-bulk: import: ${failure.message}\n${nextStep(
              'when Trackops answers again',
              `When Trackops answers again, finish the run with: ${resumeText()}`,
            )}\n`,
          );
          return EXIT.connection;
        }
        // Not a stop this command knows (main says it as a bug, with its report): what was sent is in
        // the journal all the same, and --resume finishes the run from it.
        if (!nothingSent)
          io.stderr.write(
            `trackops-bulk: import: stopped by the error below. ${nextStep('', `Once it is dealt with, finish the run with: ${resumeText()}`)}\n`,
          );
        throw failure;
      }
      const done = summary!;
      // `noted`: rows written though Trackops said something we did not expect (listed on the terminal).
      // Rows wider than the header are known once every row has been read.
      const reading = [...readingNotes(sheet), ...repeatedHeaderNotes(mapping, sheet), ...unreadNotes];
      const readLate = reading.filter((note) => !notedAtStart.includes(note));
      reading.push(...createOnly);
      // Explore 7 item 6: a stopped run says so, and the rows the stop left unsent are not `skipped` as
      // if a --limit trial had left them for later (the results file marks each row `not_sent`).
      const uneditedRows = unedited();
      // Explore 59 item 4: a resume's summary counts the rows of the run, its earlier run's included
      // (docs/import.md: every row read is in exactly one count, as in the results file), and said only
      // in the text which of them this run found settled: "created": 8 when 3 were sent, and 8 again
      // from a resume that sent nothing. `settled_earlier` counts the rows the journal's earlier run
      // settled (not sent again), `created_now` / `updated_now` what this run itself wrote: what a
      // script's "N referrals created" needs.
      const settledEarlier = done.fromJournal;
      const inDoubtRows = rowsInDoubtOf(journal.state.inDoubt, mapping, results.heldBackRows());
      const earlierRun = earlierRunNotes(done, journalUsed);
      const object = {
        ...countsOf(done),
        rows: done.rows + uneditedRows,
        valid: done.valid + uneditedRows,
        unchanged: done.unchanged + uneditedRows,
        skipped: done.skipped - done.unsent,
        unsent: done.unsent,
        interrupted: done.interrupted,
        ...(flags.resume || settledEarlier
          ? {
              settled_earlier: settledEarlier,
              created_now: done.created - done.fromJournalCreated,
              updated_now: done.updated - done.fromJournalUpdated,
            }
          : {}),
        // Of `created` (and `created_now`): rows found in Trackops that a cut journal had no record of,
        // taken to be this run's (a guess, said in `notes`); a resume's JSON always has it.
        ...(done.foundWithoutJournal || flags.resume
          ? { found_without_journal: done.foundWithoutJournal }
          : {}),
        // Of `skipped`: rows a results file fed back in says an earlier run wrote (validate's action key).
        ...(results.doneEarlier() ? { already_done: results.doneEarlier() } : {}),
        // Of `skipped`: rows an earlier import of the file created (validate's `already_sent`).
        ...(done.createdEarlier ? { already_sent: done.createdEarlier } : {}),
        noted: results.noted(),
        // Writes answered without their record, and what finding it cost (withoutRecordWords).
        ...withoutRecordKeys(done),
        ...extra,
        ...(reading.length ? { reading } : {}),
        ...(dateOrder.choices().length ? { dateOrderChoices: dateOrder.choices() } : {}),
        ...(unread.length ? { unreadColumns: unread } : {}),
        ...(earlierUnfinished ? { earlier_run_unfinished: earlierUnfinished } : {}),
        // What the searches made while sending met (a filter Trackops ignored…): said once each; then
        // the round trip's notes, which its line on stderr says too (a script reads them here).
        ...(earlierRun.length || done.searchNotes.length || roundTripNotesOf(roundTripRun).length
          ? { notes: [...earlierRun, ...sentences(done.searchNotes), ...roundTripNotesOf(roundTripRun)] }
          : {}),
        ...(heldRun ? { nothing_left_to_send: true } : {}),
        // The rows in doubt, each with what the resume looks for it by (cli/rows-in-doubt.ts).
        ...(inDoubtRows.length ? { rows_in_doubt: inDoubtRows } : {}),
      };
      if (roundTripRun) io.stderr.write(roundTripNote(roundTripRun) + '\n');
      if (flags.json) io.stdout.write(JSON.stringify(object) + '\n');
      // Explore 59 item 8: under --json the readable summary (which rows failed or were refused and why,
      // the --results hint) was dropped, and a script mailing stdout and stderr said "invalid": 1 and
      // nothing else. It goes to stderr then: stdout stays one JSON object, and the words are the text's
      // own (row-lines.ts), not a second listing in the JSON to keep in step; --results has every row.
      const readable = flags.json ? io.stderr : io.stdout;
      if (heldRun)
        readable.write(
          nothingLeftAfterRunWords(
            file,
            relative(io.cwd, journalUsed) || journalUsed,
            {
              written: done.fromJournalCreated + done.fromJournalUpdated,
              invalid: done.invalid,
              failed: done.failed,
              duplicate: done.duplicate,
              unchanged: done.unchanged,
              sentBefore: done.createdEarlier + results.doneEarlier(),
            },
            resultsPath && (await stat(resultsPath).catch(() => null))?.isFile()
              ? relative(io.cwd, resultsPath) || resultsPath
              : null,
          ) + '\n',
        );
      readable.write(
        humanSummary(
          object,
          done,
          resultsLost ? 'lost' : heldRun ? 'kept' : resultsPath,
          journalUsed,
          check,
          results,
          inDoubtRows,
        ) + '\n',
      );
      const notice = hiddenNotice(hidden, 'imported');
      if (notice) readable.write(notice + '\n');
      for (const note of readLate) readable.write(`Note: ${note}\n`);
      // Explore 52 item 6: a results folder that refused the last step (a rename, a folder gone) is
      // said as a full disk is, with where the rows' results are and how to write them again.
      const lostWords = resultsLost
        ? await resultsLostWords(resultsLost, resultsPath!, journalUsed, commandLine, io.cwd)
        : null;
      if (done.interrupted) {
        if (lostWords) io.stderr.write(lostWords);
        // Rows held back because several requests may be theirs: --resume holds them back again.
        if (done.heldBack > 0)
          io.stderr.write(
            `${done.heldBack === 1 ? '1 row was' : `${done.heldBack} rows were`} held back: each may already be in Trackops, as a request named in the results. ` +
              'Settle them by hand as their notes say; a --resume holds them back again.\n',
          );
        // --json changes stdout only: the resume command is said on stderr either way.
        if (done.unsent > done.heldBack || io.signal.aborted)
          io.stderr.write(`Stopped. To finish the run: ${resumeText()}\n`);
        return io.signal.aborted ? EXIT.interrupted : EXIT.rowsFailed;
      }
      if (lostWords) {
        io.stderr.write(lostWords);
        return EXIT.usage;
      }
      // Every row under the header left out by the mapping's skip rules: nothing imported, not a success.
      if (done.rows === 0 && !roundTripRun) {
        const line = noDataRowsLine(describeSheet(file, sheet), 'import', HEADER_ROW_WORDS, {
          count: done.skipped,
        });
        io[flags.json ? 'stderr' : 'stdout'].write(`${line}\n`);
        return EXIT.rowsFailed;
      }
      if (flags.resume)
        await settleEarlierUnfinished(
          journalUsed,
          resultsPath,
          io,
          (shown) => relative(io.cwd, shown) || shown,
        );
      return done.invalid > 0 || done.failed > 0 ? EXIT.rowsFailed : EXIT.ok;
    } catch (error) {
      // Whatever stopped the run, a new journal that recorded no send is not left behind (a resumed
      // run's is kept: discardUnusedJournal), nor left on the account's lists: nothing was sent, so
      // there is nothing to resume.
      if (journal) await discardJournal(journal).catch(() => false);
      throw error;
    } finally {
      await journal?.close();
      await runLock?.release();
      await resultsLock?.release();
      await connection.close();
    }
  },
};

/** The stop itself (Ctrl-C's reason, or an abort it caused), not what stopped the run before it. */
function isAbortReason(error: unknown, io: CliIo): boolean {
  return (
    error === io.signal.reason ||
    error === io.hardSignal.reason ||
    (error instanceof Error && error.name === 'AbortError')
  );
}

/** Where import's header row is set (it has no --header-row: validate's finds it). */
const HEADER_ROW_WORDS = 'the mapping\'s "source": "headerRow"; validate --header-row tries one';

/** The --json summary of an import of a file with no data rows (nothing read, checked or sent). */
const NO_ROWS = {
  rows: 0,
  valid: 0,
  invalid: 0,
  created: 0,
  updated: 0,
  unchanged: 0,
  skipped: 0,
  failed: 0,
  duplicate: 0,
  unsent: 0,
  interrupted: false,
  noted: 0,
  requests: 0,
  retries: 0,
};

function secondsSince(started: number): number {
  return Math.round((Date.now() - started) / 100) / 10;
}

/**
 * A disk that refused a write (the journal's or the results'; explore 10 item 2) stops the run as a stop
 * does: the journal holds every line written before it (--resume drops a cut-off last line and looks in
 * Trackops for the rows it may have recorded), the rows not sent are written as such, the resume command
 * is said, and --json still prints its summary, `interrupted`. Exit 130: stopped and resumable, not a
 * usage error; a results file on the same full disk may not be written whole, and that is said too.
 */
async function stoppedByFullDisk(
  failure: unknown,
  results: RowLines,
  extra: { requests: number; retries: number; seconds: number },
  io: CliIo,
  json: boolean,
  next: { resume: string } | { startAgain: string },
  unedited: number,
  resultsPath: string | null,
  earlier: SettledEarlier | null,
  /** What the run's searches met (sentences), said with the counts. */
  notes: readonly string[] = [],
  /** Writes answered without their record, said with the counts as at the end of a run. */
  withoutRecord: WithoutRecordCounts | null = null,
): Promise<number> {
  const counts = runCounts(results.counts(), results.unsent());
  const reason =
    failure instanceof DiskFullError ? failure.reason : `a file could not be written (${String(failure)})`;
  let resultsLost = '';
  try {
    await results.close({ ...counts, ...extra }, { stopped: true });
  } catch (error) {
    if (!isDiskFull(error)) throw error;
    const lost = error instanceof DiskFullError ? error.reason : (error as Error).message;
    // The results file that stopped the run (it could not be opened) is not said a second time.
    if (lost !== reason)
      resultsLost = ` The results file could not be written whole either (${lost}); the journal has every row's fate.`;
    // Explore 52 item 7: what the results file holds so far (its last row may be cut) is named.
    const partial = await unfinishedLeft(resultsPath);
    if (partial)
      resultsLost += ` The results written so far are in ${partial} (its last row may be cut short).`;
  }
  const advice = failure instanceof DiskFullError ? failure.advice : 'free some space';
  // Explore 52 item 7: the counts are said as at every other stop, --json or not.
  io.stdout.write(
    stoppedCounts(results, extra, json, reason, unedited, earlier, notes, withoutRecord) + '\n',
  );
  // Stopped before the first request left (a results folder removed or made read-only since the run was
  // checked): nothing to finish, so not "nothing more" nor a --resume, and an output that cannot be
  // written is exit 2, as it is when the run is checked.
  if ('startAgain' in next) {
    io.stderr.write(
      `trackops-bulk: import: stopped before anything was sent: ${reason}. Nothing was sent to Trackops, and no journal was kept.\n` +
        `${capitalised(advice)}, then start the import again: ${next.startAgain}\n`,
    );
    return EXIT.usage;
  }
  const resume = next.resume;
  io.stderr.write(
    `trackops-bulk: import: stopped: ${reason}. Nothing more was sent; the journal holds what was done.${resultsLost}${unrecordedWords(results.unrecorded())}\n` +
      `${capitalised(advice)}, then finish the run with: ${resume}\n`,
  );
  return EXIT.interrupted;
}

/**
 * Rows Trackops answered whose answer the journal could not record (core's journal-refused.ts): written,
 * and in doubt for the journal only, which --resume settles by finding them (explore 52 item 6: "Row 7's
 * create got no answer" was said of a create answered with its request).
 */
function unrecordedWords(rows: RowResult[]): string {
  if (rows.length === 0) return '';
  const named = rows
    .slice(0, 5)
    .map(
      (row) =>
        `row ${row.row}${row.case_request_number ? ` (${row.case_request_number})` : row.id !== undefined ? ` (request ${row.id})` : ''}`,
    )
    .join(', ');
  const more = rows.length > 5 ? ` and ${rows.length - 5} more` : '';
  const one = rows.length === 1;
  return (
    ` Trackops answered ${named}${more}, but the journal could not record ${one ? 'that answer' : 'those answers'}: ` +
    `${one ? 'it is' : 'they are'} in Trackops, and --resume finds ${one ? 'it' : 'them'} there and does not send ${one ? 'it' : 'them'} again.`
  );
}

/** A .csv results file's unfinished copy, when it is there (the rows its run wrote so far). */
async function unfinishedLeft(resultsPath: string | null): Promise<string | null> {
  if (resultsPath === null || reportFormatOf(resultsPath) !== 'csv') return null;
  const unfinished = unfinishedResultsPath(resultsPath);
  return (await stat(unfinished).catch(() => null))?.isFile() ? unfinished : null;
}

/**
 * What is said when the results file could not be put in place at the end (a full disk, or explore 52
 * item 6: a folder that refused the rename, was removed, or became read-only): the file and the system's
 * reason, where the rows' results are now (a .csv's unfinished copy holds every row), and the resume
 * that writes them again into another file, sending nothing (every row is settled in the journal).
 */
async function resultsLostWords(
  lost: DiskFullError,
  resultsPath: string,
  journal: string,
  line: ImportCommandLine,
  cwd: string,
): Promise<string> {
  const unfinished = await unfinishedLeft(resultsPath);
  const kept = unfinished
    ? ` ${unfinished} holds every row's result (it is the results file, not yet in row order if rows settled out of order).`
    : '';
  const again = resumeCommand({ ...line, results: anotherResultsPath(resultsPath, cwd) }, journal, cwd);
  return (
    `trackops-bulk: import: the results file was not written: ${lost.reason}. The rows were sent as counted above; ` +
    `the journal ${journal} holds every row's fate.${kept}\n` +
    `${capitalised(lost.advice)}; to write the results again (nothing is sent again): ${again}\n`
  );
}

/** A --results for writing the results again: the same name in the working folder, else a name beside it. */
function anotherResultsPath(resultsPath: string, cwd: string): string {
  if (dirname(resultsPath) !== cwd) return basename(resultsPath);
  const extension = extname(resultsPath);
  return `${basename(resultsPath, extension)}-again${extension}`;
}

/**
 * The results a stopped run of this journal had begun (`X.unfinished.csv` beside `X.journal.jsonl`, the
 * journal named after `--results X.csv`), once a resume has settled every row of the run (explore 30
 * item 6: a resume given another --results left it behind for good, a file that says it is unfinished
 * about rows that are all settled). With a results file of its own, the resume's holds every row (it
 * reports the rows the journal settled too), so the unfinished one is removed, and said; without one,
 * it is kept, and said what it is.
 */
async function settleEarlierUnfinished(
  journal: string,
  resultsPath: string | null,
  io: CliIo,
  shown: (path: string) => string,
): Promise<void> {
  const name = basename(journal);
  if (!name.endsWith('.journal.jsonl')) return;
  const earlier = join(dirname(journal), `${name.slice(0, -'.journal.jsonl'.length)}.unfinished.csv`);
  if (resultsPath !== null && unfinishedResultsPath(resultsPath) === earlier) return;
  const there = await stat(earlier).catch(() => null);
  if (!there?.isFile()) return;
  if (resultsPath !== null) {
    await rm(earlier);
    io.stderr.write(
      `note: removed ${shown(earlier)}, the results a stopped run of this journal had begun: every row it lists is settled now, and ${shown(resultsPath)} holds them all\n`,
    );
    return;
  }
  io.stderr.write(
    `note: ${shown(earlier)} holds the results a stopped run of this journal had begun; every row it lists is settled now ` +
      `(the journal ${shown(journal)} has each one's fate). Delete it, or resume with --results OUT.csv for every row's result\n`,
  );
}

/**
 * A failure the runner throws only once it has written every row (the rows it left as `in_doubt` or
 * `not_sent`): the results file is whole, and its counts say where the run stands.
 */
function stoppedWithEveryRowReported(failure: unknown): boolean {
  return (
    stopsTheRun(failure) ||
    failure instanceof SearchFailedError ||
    failure instanceof WriteUnconfirmedError ||
    failure instanceof NoAnswerStreakError ||
    isUntrustedListing(failure)
  );
}

/**
 * The counts of a run stopped by a failure after every row was written (the runner's own summary is
 * lost with the throw): what the results file counts, said as the finished run's summary says them,
 * duplicates, unchanged and held-back rows included (explore 36 item 3: "5 rows … not sent 3" left
 * out the 2 duplicates).
 */
function stoppedCounts(
  results: RowLines,
  extra: { requests: number; retries: number; seconds: number },
  json: boolean,
  reason: string,
  unedited: number,
  earlier: SettledEarlier | null = null,
  /** What the run's searches met (sentences), said as a finished run says them. */
  notes: readonly string[] = [],
  /** Writes answered without their record so far (core's ImportRun.withoutRecord). */
  withoutRecord: WithoutRecordCounts | null = null,
  /** The rows the stop left in doubt (cli/rows-in-doubt.ts): --json's `rows_in_doubt`. */
  inDoubtRows: readonly RowInDoubt[] = [],
  /** --json's `interrupted`: false where what stopped the run was the server's answers, not a signal. */
  interrupted = true,
): string {
  const object = { ...stoppedObject(results, unedited), interrupted, ...extra };
  // A resumed run's: what its earlier run settled and what this one wrote, as at the end of a run.
  const resumed = resumedKeys(earlier, object, results.foundWithoutJournal());
  // The finished run's keys and line on them (withoutRecordWords), when there were any.
  const costs = withoutRecord ? withoutRecordWords(withoutRecord) : null;
  if (json)
    return JSON.stringify({
      ...object,
      ...resumed,
      ...(costs ? withoutRecordKeys(withoutRecord!) : {}),
      ...(notes.length ? { notes } : {}),
      ...(inDoubtRows.length ? { rows_in_doubt: inDoubtRows } : {}),
      stopped: reason,
    });
  return [countsLine(object, results.heldBack(), results), ...notes, ...(costs ? [costs] : [])].join('\n');
}

/** --json's keys on writes answered without their record, as the finished run's summary has them. */
function withoutRecordKeys(counts: WithoutRecordCounts) {
  return {
    ...(counts.createsWithoutRecord
      ? {
          createsWithoutRecord: counts.createsWithoutRecord,
          createsReadAtLocation: counts.createsReadAtLocation,
          createsSearched: counts.createsSearched,
        }
      : {}),
    ...(counts.updatesReadBack ? { updatesReadBack: counts.updatesReadBack } : {}),
    // Of the updates answered so, those whose read back failed (in doubt): not read back.
    ...(counts.updatesNotReadBack ? { updatesNotReadBack: counts.updatesNotReadBack } : {}),
  };
}

/**
 * What a stop met, said on stderr where no counts carry it (a stop before sending, or refused as another
 * import running): one `import: note:` line each, as the notes said before sending are. `inErrorObject`:
 * the stop prints no object of its own, so under --json the error object printed at exit carries them.
 */
function sayNotes(io: CliIo, notes: readonly string[], inErrorObject = false): void {
  for (const note of notes) io.stderr.write(`import: note: ${note}\n`);
  // Under --json, a stop that prints no object of its own gets the error object: its notes go in it.
  if (inErrorObject && notes.length) io.noted?.(notes);
}

/** The round trip's notes (core's roundTripNotes: rows not in the file, a window guessed…), if any. */
function roundTripNotesOf(run: RoundTripImport | null): string[] {
  return run ? roundTripNotes(run.summary()) : [];
}

/**
 * A stopped run's summary object from the rows its results were given: `unsent` apart from `skipped`
 * (which is for rows a --limit trial or an earlier run left), and a round trip's unedited rows among
 * the rows and the unchanged, as at the end of a run.
 */
function stoppedObject(results: RowLines, unedited: number) {
  const counts = runCounts(results.counts(), results.unsent());
  return {
    ...counts,
    rows: counts.rows + unedited,
    valid: counts.rows - counts.invalid + unedited,
    // Counted by status as the rows come (row-lines.ts), from emptyResultsSummary's zero.
    duplicate: counts.duplicate ?? 0,
    unchanged: (counts.unchanged ?? 0) + unedited,
    unsent: counts.unsent ?? 0,
    interrupted: true,
    noted: results.noted(),
  };
}

/** The results' counts with the rows a stop left unsent taken out of `skipped` and counted apart. */
function runCounts(counts: ResultsSummary, unsent: number): ResultsSummary & { unsent?: number } {
  return { ...counts, skipped: counts.skipped - unsent, ...(unsent ? { unsent } : {}) };
}

/**
 * A results writer opened by its first write, or just before the first request leaves, or by close (a
 * run with no rows still writes its file); discarded, it removes what it wrote, and opens nothing when it wrote nothing.
 */
function openedOnFirstWrite(open: () => Promise<ResultsWriter>): Required<ResultsWriter> {
  let opened: Promise<ResultsWriter> | null = null;
  const writer = () => (opened ??= open());
  return {
    write: async (result) => (await writer()).write(result),
    // Before the first request leaves (core's runner): a folder that refuses the file stops the run
    // there, nothing sent, rather than after the first row's create was answered.
    open: async () => {
      await writer();
    },
    close: async (summary, options) => (await writer()).close(summary, options),
    discard: async () => {
      // A writer that could not be opened left nothing to remove (its refusal was said when it came).
      const writer = await opened?.catch(() => null);
      await writer?.discard?.();
    },
  };
}

/** What the round trip decided before sending (issue 6): unchanged rows are not rows of the run. */
function roundTripNote(run: RoundTripImport): string {
  const s = run.summary();
  const ignored = run.ignoredColumns.length
    ? ` Ignored added columns: ${run.ignoredColumns.join(', ')}.`
    : '';
  return (
    `Round trip of the export made ${run.exportedAt} from ${run.exportedFrom}: ${s.rows} rows, ${s.changed} with edits, ` +
    `${s.unchanged} unchanged, ${s.alreadyApplied} already applied, ${s.conflicts} changed in Trackops since the export (not sent), ${s.invalid} refused` +
    `${s.skipped ? `, ${s.skipped} left out (the header repeated)` : ''}.${ignored}` +
    roundTripNotes(s)
      .map((note) => ` ${note}`)
      .join('')
  );
}

function countsOf(summary: ImportSummary) {
  const { rows, valid, invalid, created, updated, unchanged, skipped, failed, duplicate } = summary;
  return { rows, valid, invalid, created, updated, unchanged, skipped, failed, duplicate };
}

/** What every summary line counts: each row read in exactly one of them. */
type SummaryCounts = ReturnType<typeof countsOf> & {
  unsent: number;
  requests: number;
  retries: number;
  seconds: number;
  /** Columns whose refused dates read both ways (DateOrderChoiceTally), when any. */
  dateOrderChoices?: ReturnType<DateOrderChoiceTally['choices']>;
};

/**
 * The summary's first line, the same for a run that finished and one that was stopped: every row read
 * is in exactly one count (valid ones as created, updated, unchanged, duplicate, failed, skipped, not
 * sent or held back), so the counts add up to the rows. `heldBack` is of `unsent`.
 */
function countsLine(object: SummaryCounts, heldBack: number, rows: RowLines): string {
  const duplicates = object.duplicate
    ? `, duplicate ${object.duplicate} (already in Trackops, not sent)`
    : '';
  const unchanged = object.unchanged
    ? `, unchanged ${object.unchanged} (Trackops already holds their values, not sent)`
    : '';
  return (
    `${object.rows} ${object.rows === 1 ? 'row' : 'rows'}: ${object.valid} valid, ${object.invalid} invalid. ` +
    `Created ${object.created}` +
    // Counted as created, but Trackops answered with a request it held before (the rows' notes say which).
    (rows.answeredExisting()
      ? ` (${rows.answeredExisting()} of them answered with a request Trackops held before: not known to be created by this import)`
      : '') +
    `, updated ${object.updated}${unchanged}${duplicates}, failed ${object.failed}, skipped ${object.skipped}` +
    // A results file fed back in: why its rows were skipped, on the terminal and not only in the new file.
    (rows.doneEarlier()
      ? ` (${rows.doneEarlier()} written by the earlier run this results file records, not sent again)`
      : '') +
    (object.unsent > heldBack ? `, not sent ${object.unsent - heldBack} (the run was stopped)` : '') +
    (heldBack ? `, held back ${heldBack} (may already be in Trackops: the results name the requests)` : '') +
    ` (${object.requests} requests, ${object.retries} retries, ${object.seconds} s).`
  );
}

function humanSummary(
  object: SummaryCounts,
  summary: ImportSummary,
  /**
   * The results file written, null when none was asked for, 'lost' when it was and could not be written
   * (said after), 'kept' when a finished run's are left as they are (said before).
   */
  resultsPath: string | null | 'lost' | 'kept',
  journalPath: string,
  check: CheckCost | null,
  rows: RowLines,
  /** The rows in doubt, named (the journal's; summary.inDoubt counts them). */
  inDoubtRows: readonly RowInDoubt[],
): string {
  const lines = [countsLine(object, summary.heldBack, rows)];
  if (check) lines.push(`${capitalised(checkDoneWords(check))}.`);
  lines.push(...earlierRunNotes(summary, journalPath));
  lines.push(...sentences(summary.searchNotes));
  if (summary.createdEarlier)
    lines.push(
      `${summary.createdEarlier} ${summary.createdEarlier === 1 ? 'row was' : 'rows were'} not sent: an earlier import into this account (of this file, or of one holding the same rows) sent ${summary.createdEarlier === 1 ? 'its' : 'their'} very content, as its journal records (the results name each request and that import's file; the mapping's "duplicates": "create" sends them again).`,
    );
  const costs = withoutRecordWords(summary);
  if (costs) lines.push(costs);
  const inDoubtWords = rowsInDoubtWords(inDoubtRows);
  if (inDoubtWords) lines.push(inDoubtWords);
  else if (summary.inDoubt)
    lines.push(
      `${summary.inDoubt} ${summary.inDoubt === 1 ? 'row is' : 'rows are'} in doubt (${summary.inDoubt === 1 ? 'its' : 'their'} answer was lost): --resume looks for ${summary.inDoubt === 1 ? 'it' : 'them'} first.`,
    );
  lines.push(...rows.lines());
  // As validate says it (validate.ts), after the rows it names.
  for (const choice of object.dateOrderChoices ?? [])
    lines.push(`Date order: ${dateOrderChoiceWords(choice)}.`);
  if (resultsPath === 'lost' || resultsPath === 'kept') return lines.join('\n');
  if (resultsPath) lines.push(`Results written to ${resultsPath}`);
  else if (object.invalid || object.failed)
    lines.push("Write every row's result and error with --results OUT.csv.");
  return lines.join('\n');
}

/** Core's notes as sentences of a summary: each ends with a full stop. */
function sentences(notes: readonly string[]): string[] {
  return notes.map((note) => (/[.!?]$/.test(note) ? note : `${note}.`));
}

/**
 * What a resume took from its journal, or found in Trackops in its place (a guess): said in the text
 * summary, and in --json's `notes` (explore 59 item 4: only the text said them).
 */
function earlierRunNotes(summary: ImportSummary, journalPath: string): string[] {
  const notes: string[] = [];
  if (summary.fromJournal)
    notes.push(
      // Settled, not "done": a row the earlier run saw refused for good (a 422, a 413) is among them.
      `${summary.fromJournal} ${summary.fromJournal === 1 ? 'row was' : 'rows were'} settled by the earlier run (journal ${journalPath}) and not sent again: written, or refused for good (the results say which).`,
    );
  if (summary.foundWithoutJournal)
    notes.push(
      summary.foundWithoutJournal === 1
        ? "1 row was found in Trackops with exactly the content it would send, created since the run began, though the journal has no record of it (its end may have been cut): taken to be this run's (a guess), it was not sent again (the results name the request)."
        : `${summary.foundWithoutJournal} rows were found in Trackops with exactly the content they would send, created since the run began, though the journal has no record of them (its end may have been cut): taken to be this run's (a guess), they were not sent again (the results name each request).`,
    );
  return notes;
}

/**
 * One line on a TTY, rewritten in place: done/total, rows/s, ETA, throttling. Quiet otherwise, but for
 * the wait before the first send to look for another computer's import (up to 30 s
 * in which nothing was said), and for a wait on Trackops' silence while sending (core's trackopsWait):
 * one line of its own for each when stderr is not a terminal (cron, CI, a log).
 */
function progressLine(io: CliIo, sendPhase: { on: boolean }): (progress: ImportProgress | null) => void {
  const tty = io.stderr.isTTY === true;
  let shown = false;
  // A wait is said again with each progress while it lasts (a row waiting for its earlier send,
  // earlier-sends.ts): rewritten on a terminal, one line per wait elsewhere.
  let lastWait: string | null = null;
  let lastStage: string | null = null;
  return (progress) => {
    sendPhase.on = progress?.phase === 'sending';
    const silence = progress?.trackopsWait;
    if (silence && !tty) {
      if (silence.stage !== lastStage) io.stderr.write(`import: ${silence.words}\n`);
      lastStage = silence.stage;
      return;
    }
    lastStage = null;
    if (progress?.lookingAgain) {
      if (tty || progress.lookingAgain.words !== lastWait)
        io.stderr.write(
          tty ? `\r\x1b[Kimport: ${progress.lookingAgain.words}` : `import: ${progress.lookingAgain.words}\n`,
        );
      lastWait = progress.lookingAgain.words;
      shown = tty;
      return;
    }
    lastWait = null;
    if (!tty) return;
    if (progress === null) {
      if (shown) io.stderr.write('\r\x1b[K');
      return;
    }
    // No rate until a few rows are settled (core's SendRate): said as such, not as "0.0 rows/s".
    const pace =
      progress.etaSeconds === null
        ? 'working out the time left'
        : `${progress.rowsPerSecond.toFixed(1)} rows/s, ETA ${formatSeconds(progress.etaSeconds)}`;
    // Trackops' silence holds the rate and the time left still (core's send-rate.ts), so the line says
    // what it waits on rather than a time left that no longer moves.
    const state = progress.paused
      ? ' — paused'
      : silence
        ? ` — ${silence.words}`
        : progress.throttledForSeconds > 0
          ? ` — throttled, waiting ${progress.throttledForSeconds} s`
          : '';
    io.stderr.write(
      `\r\x1b[K${progress.done}/${progress.total} sent (${pace}) ` +
        `created ${progress.created}, updated ${progress.updated}, failed ${progress.failed}${state}`,
    );
    shown = true;
  };
}

function capitalised(text: string): string {
  return text === '' ? text : `${text[0]!.toUpperCase()}${text.slice(1)}`;
}

function formatSeconds(seconds: number): string {
  const whole = Math.ceil(seconds);
  return whole < 60 ? `${whole} s` : `${Math.floor(whole / 60)} min ${whole % 60} s`;
}

function readMode(value: string | undefined): ImportMode | undefined {
  if (value === undefined) return undefined;
  if (value === 'create' || value === 'update' || value === 'upsert') return value;
  throw new UsageError(`import: --mode '${value}' is not a mode; use create, update or upsert`);
}

/** `--recheck-after S`: seconds, a decimal allowed (0.5), as milliseconds. */
function seconds(value: string): number {
  const number = Number(value);
  if (!/^\d+(\.\d+)?$/.test(value.trim()) || !Number.isFinite(number))
    throw new UsageError(`import: --recheck-after '${value}' must be a number of seconds, e.g. 10 or 0.5`);
  return Math.round(number * 1000);
}

function wholeNumber(value: string, flag: string, min: number): number {
  const number = Number(value);
  if (!/^\d+$/.test(value.trim()) || number < min)
    throw new UsageError(`import: ${flag} '${value}' must be a whole number of at least ${min}`);
  return number;
}

function parseFlags(argv: string[]): { file: string; flags: ImportFlags } {
  const { file, values } = parseFileCommandLine(
    'import',
    argv,
    {
      mapping: { type: 'string' },
      mode: { type: 'string' },
      concurrency: { type: 'string' },
      results: { type: 'string' },
      journal: { type: 'string' },
      resume: { type: 'boolean' },
      limit: { type: 'string' },
      sheet: { type: 'string' },
      encoding: { type: 'string' },
      delimiter: { type: 'string' },
      force: { type: 'boolean' },
      json: { type: 'boolean' },
      'recheck-after': { type: 'string' },
    },
    'import',
    '--mapping template.json',
  );
  return { file, flags: values as ImportFlags };
}

/**
 * The rows as they come, then, once every one is read and before the runner sends any (it reads them
 * all first), `check` (the file read from the bytes the journal is bound to: file-still-written.ts).
 */
/** `rows` as they come, each added to `tally` on its way. */
async function* tallied(
  tally: DateOrderChoiceTally,
  rows: AsyncIterable<RowOutcome> | Iterable<RowOutcome>,
): AsyncIterable<RowOutcome> {
  for await (const row of rows) {
    tally.add(row);
    yield row;
  }
}

async function* readFromBoundBytes<T>(
  rows: AsyncIterable<T> | Iterable<T>,
  check: () => Promise<void>,
): AsyncIterable<T> {
  yield* rows;
  await check();
}

/**
 * A resume that read a file still being written: the journal (kept) is bound to the file as it was, so
 * "run the import again" with --resume would be refused once the file is complete. What to do then.
 */
function resumedStillWrittenWords(message: string, journal: string, start: string, cwd: string): string {
  const shown = relative(cwd, journal) || journal;
  return (
    `${message.replace(/ Run the import again when the file is complete \(([^)]*)\)$/, '')} ` +
    `The journal ${shown} is kept: it records what the run sent before, for the file as it was then. ` +
    'Once the file is complete (the upload or copy finished, the program writing it closed) it is another file for that journal, ' +
    'so --resume would be refused; run the import from the beginning instead, without --resume: rows that run created are known by their content ' +
    '(or by their key in Trackops) and not sent again, a create left in doubt is looked for in Trackops before its row is sent, and the journal is kept aside under a new name:\n' +
    `  ${start}`
  );
}
