/**
 * `trackops-bulk validate FILE --mapping M [--sheet S] [--header-row N] [--encoding E] [--delimiter D]
 * [--report OUT] [--json]` + connection flags (CONTRACTS sections 1 and 3): the dry run. Offline it
 * checks what needs no account and says which checks it skipped; connected, it reads the account's
 * reference data and runs the live dry run (what the import would do with each row, and in update and
 * upsert mode what each update would change: issue 18). A round-trip export needs no mapping: its
 * edited cells are previewed against the account. Nothing is written to the account. Exit 0 all valid,
 * 1 some invalid, 2 usage/unreadable file/bad mapping, 3 connection.
 */
import { basename, dirname, extname, resolve } from 'node:path';
import {
  blankPolicies,
  blankPolicyLine,
  changeSummaryLine,
  type BlankPolicy,
} from '../../core/validate/change-summary.ts';
import {
  checkCostWords,
  checkDoneWords,
  type CheckCost,
  type ExistingRequests,
} from '../../core/validate/find-existing.ts';
import {
  dryRunRowBatches,
  tallyDryRun,
  type DryRunTally,
  type DryRunAccount,
} from '../../core/validate/dry-run.ts';
import { fileSource } from '../../core/read/byte-sources.ts';
import { hiddenNotice, hiddenParts } from '../../core/read/hidden-notice.ts';
import { loadMappingFile } from '../../core/mapping/load-mapping-file.ts';
import { mappingProblemLine, skippedChecks, skippedChecksHeading } from '../../core/validate/summary.ts';
import { openValidationReport } from '../../core/report/validation-report.ts';
import {
  prepareRoundTripImport,
  roundTripBlankPolicies,
  roundTripNotes,
  type RoundTripMapping,
  type RoundTripSummary,
} from '../../core/export/round-trip-import.ts';
import { problemLine, rowNoteLine } from '../../core/report/problem-text.ts';
import { checkRoundTripAccount } from '../../core/export/round-trip-account.ts';
import { readingNotes } from '../../core/read/reading-notes.ts';
import { headerCaseNotes } from '../../core/mapping/check-headers.ts';
import { unreadColumns, unreadColumnsNotes } from '../../core/validate/unread-columns.ts';
import { repeatedHeaderNotes } from '../../core/validate/same-header-columns.ts';
import { createOnlyNotice } from '../../core/validate/create-only.ts';
import { overwritingConstantsNotice } from '../../core/validate/upsert-constants.ts';
import { reportFormatOf } from '../../core/report/report-types.ts';
import {
  DateOrderFindings,
  dateOrderDoubtWords,
  decimalMarkDoubtWords,
} from '../../core/validate/date-order.ts';
import { dateOrderChoiceWords } from '../../core/validate/date-order-choice.ts';
import { uncomparedDatesWords } from '../../core/validate/uncompared-dates.ts';
import type { Mapping } from '../../core/mapping/schema.ts';
import { importMode } from '../../core/batch/bind-import.ts';
import {
  markCreatedByEarlierImport,
  accountReadOf,
  type EarlierCreates,
} from '../../core/batch/earlier-creates.ts';
import {
  markEditedSinceEarlierImport,
  readEarlierCreate,
  readEditedVerdicts,
  readThroughSearch,
} from '../../core/batch/edited-creates.ts';
import {
  markCreatedEarlier,
  markCreatedThoughRefused,
  type CreatedEarlier,
} from '../../core/batch/created-earlier.ts';
import { markDoneInEarlierResults, earlierResultsReader } from '../../core/batch/earlier-results.ts';
import type { RowOutcome, ImportMode } from '../../core/validate/types.ts';
import type { SheetSource } from '../../core/read/types.ts';
import type { TargetWordsContext } from '../../core/mapping/target-words.ts';
import { createdContentOf } from '../../core/batch/would-create.ts';
import { runningImportNote } from '../../core/batch/running-imports.ts';
import {
  exitForAccountFailure,
  openAccountSession,
  rateFlag,
  type AccountSession,
} from '../account-session.ts';
import type { CliCommand, CliIo } from '../command.ts';
import { headerRowFlag, parseFileCommandLine } from '../command-line.ts';
import { CONNECTION_USAGE, openConnection, type ConnectionFlags } from '../connection.ts';
import { EXIT } from '../exit-codes.ts';
import { checkInputFile, checkOutputFile, refuseOverwritingInputs, throughLink } from '../paths.ts';
import { UsageError } from '../usage-error.ts';
import { describeSheet, noDataRowsLine } from '../no-data-rows.ts';
import { roundTripExportOf } from '../round-trip-file.ts';
import { openMappedSheet, unusedSheetNote, withReadFlags } from '../read-options.ts';
import { createdByEarlierImport } from '../earlier-import.ts';
import {
  FileStillWrittenError,
  watchedFile,
  type WatchedFile,
  type WholeRead,
} from '../file-still-written.ts';
import { cutShortJournalNote } from '../cut-short-note.ts';
import { createdByEarlierImports, importsRunningNow } from '../journal-registry.ts';
import { defaultJournalPath } from '../resume-command.ts';
import { CLI_WAYS_OUT } from '../ways-out.ts';

const usage = `Usage: trackops-bulk validate FILE --mapping MAPPING.json [--sheet S] [--header-row N]
                              [--encoding E] [--delimiter D] [--report OUT] [--journal J] [--json]
                              [--rate R] [connection]

Dry run: reads every row of FILE (.csv, .tsv, .txt or .xlsx), maps it with MAPPING.json and checks it.
Nothing is sent that writes. Without a connection, checks that need the account (lookups, custom fields,
choices, required subject fields) are skipped and listed; with one, they run too, and each valid row
says what an import would do with it (create, update, unchanged, duplicate, …). In update and upsert
mode each row that would update shows every field it would change, old → new, and the summary says
which fields would change on how many rows and what blank cells do. A file written by
'trackops-bulk export --columns round-trip' needs no --mapping: its edited cells are previewed.

  --mapping FILE     the mapping (template) file, version 1 (not for a round-trip export)
  --sheet S          workbook sheet name or position (default: the mapping's, else the first with data)
  --header-row N     the row holding the column names (default: the mapping's, else detected)
  --encoding E       delimited text: e.g. windows-1252, utf-16le (default: detected)
  --delimiter D      delimited text: e.g. ';' or tab (default: detected)
  --report OUT       write the report; .json, .csv or .xlsx by extension (an .xlsx report of an
                     .xlsx file is a copy of it with the bad cells marked: fix them there and
                     validate that file again)
  --journal J        the journal of an earlier import of FILE (default: FILE's, beside it, as
                     import writes it without --results): connected to the account it imported
                     into, the rows it created are reported as already sent (valid, not sent
                     again), not as duplicates
  --json             print one JSON summary object instead of the readable summary
  --rate R           requests to the API while reading its reference data, e.g. 1/s (the
                     default, as for imports) or 120/min

Rows the mapping's "skip" rules leave out (totals, footers) are listed as skipped, neither valid nor
invalid. A problem of the mapping itself (nothing maps a required target, a constant the account
refuses) is shown once with the number of rows it touches, above the problems of cells.

Exit codes: 0 all rows valid, 1 some rows invalid (or no data rows at all), 2 usage error, unreadable
file or bad mapping, 3 connection or authentication failure.

${CONNECTION_USAGE}`;

/** How many problems the readable summary lists before pointing to the report. */
const SHOWN_PROBLEMS = 20;

export const command: CliCommand = {
  usage,
  async run(argv, io) {
    const { file, flags } = parseFlags(argv);
    // Through a link to a file, that file is written (the link kept).
    const reportPath =
      typeof flags.report === 'string' ? await throughLink(resolve(io.cwd, flags.report)) : null;
    if (reportPath !== null && reportFormatOf(reportPath) === null) {
      throw new UsageError(`validate: --report '${flags.report}' must end in .json, .csv or .xlsx`);
    }
    const path = resolve(io.cwd, file);
    if (flags.mapping) await checkInputFile('validate', '--mapping', resolve(io.cwd, flags.mapping));
    else await checkInputFile('validate', '', path);
    if (reportPath !== null) {
      await checkOutputFile('validate', '--report', reportPath);
      await refuseOverwritingInputs(
        'validate',
        [
          { path, role: 'the file being checked', shown: file },
          ...(flags.mapping
            ? [{ path: resolve(io.cwd, flags.mapping), role: 'the mapping', shown: flags.mapping }]
            : []),
          ...(typeof flags.journal === 'string'
            ? [{ path: resolve(io.cwd, flags.journal), role: 'the journal', shown: flags.journal }]
            : []),
        ],
        [
          {
            path: reportPath,
            flag: '--report',
            shown: flags.report as string,
            what: 'the report',
            suggestion: file.replace(/(\.\w+)?$/, `-report${extname(reportPath)}`),
          },
        ],
      );
    }
    const headerRow = headerRowFlag('validate', flags['header-row']);
    const ratePerSecond = rateFlag(flags.rate);
    // Issue 18: a round-trip export carries its own mapping; its edits are previewed against the account.
    const roundTripFile = await roundTripExportOf('validate', path, file, flags.mapping, io.signal);
    const roundTrip = roundTripFile?.mapping ?? null;
    if (!flags.mapping && !roundTrip)
      throw new UsageError(
        'validate: --mapping MAPPING.json is required (write one with trackops-bulk map); only an .xlsx file from trackops-bulk export --columns round-trip is checked without one (for a round-trip .csv, trackops-bulk map FILE proposes the mapping: updates by id)',
      );
    const loaded = roundTrip ?? (await loadMappingFile(resolve(io.cwd, flags.mapping!)));
    const readFlags = { encoding: flags.encoding, delimiter: flags.delimiter };
    const mapping = withReadFlags(loaded, readFlags);
    // Every read of the file is watched, as import's are (explore 59): rows read while the file is still
    // being written (an upload in place) are refused, not reported as the file's.
    const watched = watchedFile(path, file, 'validate');
    const sheet = await openMappedSheet(
      path,
      mapping,
      { sheet: flags.sheet, headerRow, ...readFlags },
      io.signal,
      true,
      watched.source,
    );
    // Explore 52 item 3: the bytes the rows are read from, so that an .xlsx report copies the workbook
    // only while it still holds them (saved again during a long check, its copy would mix two files).
    // Read once at the start, as import binds its journal: for the report's copy, the earlier imports'
    // journals, the run lock, and the check that the rows were read from these very bytes.
    const bound = await watched.readWhole();
    const fileHash = async () => bound.sha256;
    const workbookSha256 =
      sheet.format === 'xlsx' && reportPath !== null && reportFormatOf(reportPath) === 'xlsx'
        ? await fileHash()
        : undefined;
    const journalPath = flags.journal ? resolve(io.cwd, flags.journal) : defaultJournalPath(path);
    if (flags.journal) await checkInputFile('validate', '--journal', journalPath);
    const connection = await openConnection(flags, io.env, { cwd: io.cwd });
    if (roundTrip && !connection) {
      throw new UsageError(
        `validate: ${file} is a round-trip export: its edits are checked against the account it came from; connect with --url/--user (or --sandbox)`,
      );
    }
    try {
      // Report 4 item 2: previewed against another account, its ids would name other requests.
      if (roundTripFile && connection)
        checkRoundTripAccount(basename(path), roundTripFile.exportedFrom, connection.label);
      let account: AccountSession | null = null;
      if (connection) {
        try {
          account = await openAccountSession(connection, {
            ratePerSecond,
            signal: io.signal,
            waits: { stderr: io.stderr, command: 'validate' },
          });
        } catch (error) {
          return exitForAccountFailure(
            io,
            error,
            (reason) =>
              `validate: cannot read the account's reference data from ${connection.label}: ${reason}`,
            // Said as export and check say it (explore 31: a stop here was silent).
            'trackops-bulk: validate interrupted; no row was checked and no report was written',
          );
        }
      }
      // Rows an earlier import of this file created (its journal, no request): already sent, not
      // duplicates to fix. Only a connected check finds their keys in the account.
      const earlier =
        account && connection && !roundTrip
          ? await createdByEarlierImport(path, journalPath, loaded, readFlags, connection.account)
          : { created: new Map<number, CreatedEarlier>(), mismatch: null };
      // Explore 16: what other imports of this file into this account created (the file fixed since,
      // a trial with another journal): by content, as the import settles them; none offline.
      const createdBefore =
        account &&
        !roundTrip &&
        connection &&
        importMode(loaded) !== 'update' &&
        loaded.duplicates !== 'create'
          ? await createdByEarlierImports({
              account: connection.account,
              folders: [dirname(path), io.cwd, dirname(journalPath)],
              except: earlier.mismatch ? null : journalPath,
              env: io.env,
              cwd: io.cwd,
              file: path,
              // Bound to these bytes, as the import is: a send an earlier import of them recorded only
              // in a journal line cut short names its row, which the dry run then says the import looks
              // for before sending (it was "would create"). Said, not searched: the import searches.
              fileHash: await fileHash(),
            })
          : null;
      for (const cut of createdBefore?.cutShort ?? [])
        io.stderr.write(`validate: note: ${cutShortJournalNote(cut)}\n`);
      // A journal not bound to these bytes and mapping may still be read by content with every journal
      // of the account (earlier-creates.ts): then a row holding what it created is already sent, and
      // the note says so rather than "not used" (explore 56 item 3: the two contradicted each other).
      if (earlier.mismatch && flags.journal) {
        const byContent = [...(createdBefore?.journals ?? [])].some(
          (read) => resolve(read) === resolve(journalPath),
        );
        io.stderr.write(
          byContent
            ? `validate: note: the journal ${flags.journal} is not matched row by row: ${earlier.mismatch}. What it created is matched by content instead: a row that holds what one of its creates sent is counted as already sent\n`
            : `validate: note: the journal ${flags.journal} was not used: ${earlier.mismatch}; rows it records are not counted as sent\n`,
        );
      }
      // A round-trip export's mapping is its own columns: those it leaves out are read-only, said apart.
      const unread = roundTrip ? [] : unreadColumns(mapping, sheet);
      const checksSkipped = skippedChecks(account ?? {}, mapping.mode);
      const skipped = checksSkipped.length ? checksSkipped : undefined;
      let result: DryRunResult;
      try {
        result = await runDryRun(
          sheet,
          mapping,
          flags.mapping ? basename(flags.mapping) : basename(file),
          account,
          reportPath,
          skipped,
          file,
          io,
          {
            json: flags.json === true,
            unread,
            ratePerSecond,
            roundTrip: roundTrip !== null,
            path,
            created: earlier.created,
            createdBefore,
            ...(workbookSha256 ? { workbookSha256 } : {}),
            watched: { file: watched, bound },
          },
        );
      } catch (error) {
        // Read from a file still being written: refused as import refuses it (exit 2), the report begun
        // removed (tallyDryRun discards it), whether connected or not.
        if (error instanceof FileStillWrittenError) {
          io.stderr.write(`trackops-bulk: validate: ${error.message}\n`);
          io.failed?.({ kind: error.code, message: `validate: ${error.message}` });
          return EXIT.usage;
        }
        // Offline nothing talks to an account: only Ctrl-C is ours to handle.
        if (!connection && !io.signal.aborted) throw error;
        return exitForAccountFailure(
          io,
          error,
          (reason) =>
            `validate: looking for existing case requests at ${connection?.label} failed: ${reason}; no report was written`,
          '\ntrackops-bulk: validate interrupted; no report was written',
        );
      }
      // Rows of this file that an import is creating right now read as "would create": said, from the
      // journals' locks and the rows' content, and from the run lock of an import of this very file
      // still starting (no create journalled yet: explore 32 item 3). No request.
      const running = connection
        ? await importsRunningNow({
            account: connection.account,
            folders: [dirname(path), io.cwd, dirname(journalPath)],
            except: null,
            env: io.env,
            cwd: io.cwd,
            contents: result.creates,
            inputPath: path,
            runLock: {
              key: { baseUrl: connection.settings.baseUrl, fileHash: await fileHash() },
              inputPath: path,
              file,
            },
          })
        : [];
      print(
        io,
        flags.json === true,
        result,
        reportPath,
        skipped,
        connection?.label ?? null,
        describeSheet(file, sheet),
        [
          ...unusedSheetNote(flags.sheet, sheet),
          ...readingNotes(sheet),
          ...headerCaseNotes(mapping, sheet.headers),
          ...repeatedHeaderNotes(mapping, sheet),
          ...unreadColumnsNotes(unread, sheet.fileName),
          // Upsert: the columns an updating row cannot send, said once (rows say where they differ).
          ...createOnlyNotice(mapping, mapping.mode, account?.reference),
          // Upsert: the constants an updating row sends too, with the matched rows they would change.
          ...overwritingConstantsNotice(
            mapping,
            mapping.mode,
            account ? { changes: result.changes, reference: account.reference } : {},
          ),
          ...(running.length ? [runningImportNote(running)] : []),
        ],
        unread,
      );
      // A file with no data rows under its header has nothing that could be imported: not a success
      // (a round-trip export with no edits is a file that is fine as it is).
      const empty = result.summary.rows === 0 && !result.roundTrip;
      return result.summary.invalid > 0 || empty ? EXIT.rowsFailed : EXIT.ok;
    } finally {
      await connection?.close();
    }
  },
};

interface DryRunResult extends DryRunTally {
  blank: BlankPolicy[];
  /** What checking the rows against the account cost (issue 13). */
  check: CheckCost | null;
  /** The content of each row an import creates (collectCreates), to find an import of them running now. */
  creates: Set<string>;
  /** A round-trip export: its rows, edited or not (only edited rows are rows of the dry run). */
  roundTrip: RoundTripSummary | null;
  /** Rows and columns hidden in Excel, in words; null when none. */
  hidden: string | null;
}

interface DryRunHow {
  json: boolean;
  /** The sheet's columns the mapping does not read (none for a round trip, which reads its own). */
  unread: string[];
  ratePerSecond: number | undefined;
  roundTrip: boolean;
  path: string;
  /** Rows this file's earlier import created (its journal): reported as already sent. */
  created: ReadonlyMap<number, CreatedEarlier>;
  /** Other imports' creates of this file into this account, by content (core's earlierCreates). */
  createdBefore: EarlierCreates | null;
  /** sha256 of the workbook's bytes as its rows were read, for an .xlsx report's copy of it. */
  workbookSha256?: string;
  /** The file's watched reads and its first whole read: the rows must be read from those bytes. */
  watched: { file: WatchedFile; bound: WholeRead };
}

/** core's dry run (dryRunRowBatches, tallyDryRun), with this command's report, progress line and cost line. */
async function runDryRun(
  sheet: SheetSource,
  mapping: Mapping,
  mappingName: string,
  /** Connected: the account's data, and the client to look for existing requests with. */
  account: AccountSession | null,
  reportPath: string | null,
  skipped: string[] | undefined,
  file: string,
  io: CliIo,
  how: DryRunHow,
): Promise<DryRunResult> {
  // A round-trip export: its edited cells against the requests they came from, each read once.
  const trip =
    how.roundTrip && account
      ? await prepareRoundTripImport(how.watched.file.source, account.api, {
          waysOut: CLI_WAYS_OUT,
          reference: account.reference,
          signal: io.signal,
          preview: true,
        })
      : null;
  const blank = !account
    ? []
    : how.roundTrip
      ? roundTripBlankPolicies(mapping as RoundTripMapping, account.reference)
      : blankPolicies(mapping, { reference: account.reference });
  const report = reportPath
    ? await openValidationReport(reportPath, {
        // CONTRACTS section 3 names the file as `"file": "referrals.xlsx"`: its base name, not the path.
        file: basename(file),
        sheet: sheet.sheet,
        mode: mapping.mode ?? 'create',
        headers: sheet.headers,
        headerRow: sheet.headerRow,
        ...(sheet.format === 'xlsx' ? { workbook: fileSource(resolve(io.cwd, file)) } : {}),
        ...(how.workbookSha256 ? { workbookSha256: how.workbookSha256 } : {}),
        onNotice: (message: string) => io.stderr.write(`note: ${message}\n`),
        ...(skipped ? { skippedChecks: skipped } : {}),
        live: account !== null,
        ...(blank.length ? { blankPolicies: blank } : {}),
        readingNotes: (changes) => [
          ...readingNotes(sheet),
          ...repeatedHeaderNotes(mapping, sheet),
          ...unreadColumnsNotes(how.unread, sheet.fileName),
          ...createOnlyNotice(mapping, mapping.mode, account?.reference),
          ...overwritingConstantsNotice(
            mapping,
            mapping.mode,
            account ? { changes, reference: account.reference } : {},
          ),
        ],
      })
    : null;
  const progress = io.stderr.isTTY ? progressLine(io) : null;
  let check: CheckCost | null = null;
  // Issue 13: what checking the rows against the account costs, said before it starts.
  const onCost = (cost: CheckCost) => {
    check = cost;
    // Before the check starts, on stderr whether or not it is a terminal: a script's log and a clerk
    // reading a redirected run learn what the wait will be as a terminal's user does (the summary says
    // what it took). Not with --json, whose `check` holds the plan's numbers for a script.
    if (!how.json)
      io.stderr.write(
        `validate: ${checkCostWords(cost, account?.pacer.stats().targetRatePerSecond ?? how.ratePerSecond ?? 1)}\n`,
      );
  };
  // Offline the rows stream to the report, so rows above a date column's proof are named in the summary;
  // connected, the plan refuses them before they are counted (core/validate/date-order.ts).
  const dateOrder = account ? undefined : new DateOrderFindings();
  const creates = new Set<string>();
  // The search of the account the plan makes anyway keeps the earlier creates' records it reads, so
  // that each is said gone, replaced or still there as the import's read will find it (no request more).
  let searched: ExistingRequests | null = null;
  const earlierIds = how.createdBefore?.ids;
  const batches = collectCreates(
    dryRunRowBatches(sheet, mapping, account, {
      waysOut: CLI_WAYS_OUT,
      signal: io.signal,
      mappingName,
      onCost,
      // What the check read, for the summary: the plan said above stays as it was said.
      onCheckDone: (cost: CheckCost) => (check = cost),
      ...(dateOrder ? { dateOrder } : {}),
      ...(earlierIds?.size ? { keepIds: earlierIds, onSearched: (found) => (searched = found) } : {}),
    }),
    mapping.mode ?? 'create',
    account ? creates : null,
  );
  const earlierResult = earlierResultsReader(sheet.headers, mapping.mode ?? 'create');
  // Every row read from the bytes read at the start (file-still-written.ts), checked before the report closes.
  const unchanged = () => how.watched.file.checkUnchanged(how.watched.bound);
  const tally = await tallyDryRun(
    trip
      ? readFromBoundBytes(trip.outcomes, unchanged)
      : readFromBoundBytes(
          markedDoneEarlier(
            markedSentBefore(
              how.created.size > 0 ? markedSent(batches, how.created) : batches,
              how.createdBefore,
              account,
              { reference: account?.reference, mapping },
              io.signal,
              () => searched,
            ),
            earlierResult,
          ),
          unchanged,
        ),
    {
      ...(dateOrder ? { dateOrder } : {}),
      ...(account ? {} : { offline: true }),
      report,
      blankPolicies: blank,
      keepProblems: SHOWN_PROBLEMS,
      ...(progress ? { onRow: (rows: number) => progress(rows, false) } : {}),
      skippedBlank: () => sheet.blankRowsSkipped(),
      hidden: () => hiddenParts(sheet),
    },
  );
  progress?.(tally.summary.rows, true);
  const hidden = hiddenNotice(hiddenParts(sheet), 'checked');
  return { ...tally, blank, check, creates, roundTrip: trip ? trip.summary() : null, hidden };
}

/**
 * The rows as they come, the content of each that an import of the file creates added to `into`
 * (connected only): each row that would be created, and each the plan found already in the account by
 * its key (RowOutcome.duplicateOf), which may be an import running now that created it (explore 32
 * item 3: the note counted only the rows not reached yet, "holds 1 of this file's rows" of an import
 * that had created eleven).
 */
async function* collectCreates(
  batches: AsyncIterable<RowOutcome[]>,
  mode: ImportMode,
  into: Set<string> | null,
): AsyncIterable<RowOutcome[]> {
  for await (const batch of batches) {
    if (into)
      for (const outcome of batch) {
        const content =
          outcome.status === 'valid'
            ? createdContentOf(outcome, mode)
            : (outcome.duplicateOf?.content[0] ?? null);
        if (content) into.add(content);
      }
    yield batch;
  }
}

/**
 * The rows the earlier import created, as already sent (core's markCreatedEarlier), those whose cells
 * the check refuses now too (markCreatedThoughRefused: the account's lists changed since), as the
 * import reports them: in Trackops, not to be fixed and sent.
 */
async function* markedSent(
  batches: AsyncIterable<RowOutcome[]>,
  created: ReadonlyMap<number, CreatedEarlier>,
): AsyncIterable<RowOutcome[]> {
  for await (const batch of batches)
    yield batch.map((outcome) => markCreatedThoughRefused(markCreatedEarlier(outcome, created), created));
}

/**
 * Rows another import of this file created, by content, as already sent (core's
 * markCreatedByEarlierImport), unless the plan's search of the account (`searched`: a listing of it
 * all, or the probes' answers) shows that create gone or its id holding another request, as the
 * import's read of it will: then a create, said why; then, once every row has taken its own, rows that
 * are such a create with a value or two corrected since, each request read once as the import reads it
 * (core's readEditedVerdicts, markEditedSinceEarlierImport). Only a connected check reads earlier
 * imports, and its plan holds every row already (core's planImport), its search done.
 */
async function* markedSentBefore(
  batches: AsyncIterable<RowOutcome[]>,
  earlier: EarlierCreates | null,
  account: DryRunAccount | null,
  words: TargetWordsContext,
  signal: AbortSignal | undefined,
  searched: () => ExistingRequests | null,
): AsyncIterable<RowOutcome[]> {
  if (!earlier || earlier.size === 0 || !account) {
    yield* batches;
    return;
  }
  const all: RowOutcome[][] = [];
  for await (const batch of batches) {
    const found = searched();
    const read = accountReadOf(found, account.api.timeoutMs);
    all.push(batch.map((outcome) => markCreatedByEarlierImport(outcome, earlier, read, CLI_WAYS_OUT)));
  }
  // A corrected row's earlier create, as the search read it (no request), else read once.
  const verdicts = await readEditedVerdicts(
    all.flat(),
    earlier,
    readThroughSearch(accountReadOf(searched(), account.api.timeoutMs), (id) =>
      readEarlierCreate(account.api, id, signal ?? new AbortController().signal),
    ),
    account.api.timeoutMs,
  );
  for (const batch of all)
    yield batch.map((outcome) =>
      markEditedSinceEarlierImport(outcome, earlier, verdicts, words, CLI_WAYS_OUT),
    );
}

/** A results file fed back in: the rows an earlier run wrote, as the import skips them (core's markDoneInEarlierResults). */
async function* markedDoneEarlier(
  batches: AsyncIterable<RowOutcome[]>,
  earlierResult: ReturnType<typeof earlierResultsReader>,
): AsyncIterable<RowOutcome[]> {
  for await (const batch of batches)
    yield batch.map((outcome) => markDoneInEarlierResults(outcome, earlierResult));
}

/** "12000 rows checked (4100/s)" on a terminal, at most twice a second; cleared at the end. */
function progressLine(io: CliIo): (rows: number, done: boolean) => void {
  const started = Date.now();
  let shownAt = started;
  return (rows, done) => {
    const now = Date.now();
    if (done) {
      if (shownAt !== started) io.stderr.write('\r\x1b[K');
      return;
    }
    if (now - shownAt < 500) return;
    shownAt = now;
    const perSecond = Math.round((rows * 1000) / Math.max(1, now - started));
    io.stderr.write(`\r\x1b[K${rows} rows checked (${perSecond}/s)`);
  };
}

function print(
  io: CliIo,
  json: boolean,
  { summary, shown, shownNotes, actions, changes, blank, check, roundTrip, hidden }: DryRunResult,
  reportPath: string | null,
  skipped: string[] | undefined,
  connectedTo: string | null,
  sheetWords: string,
  /** What the reader guessed that may be wrong (encoding, delimiter): said before anything else. */
  reading: string[],
  /** The sheet's columns the mapping does not read (said among `reading` too), for scripts. */
  unread: string[],
): void {
  if (json) {
    const object = {
      ...summary,
      ...(reading.length ? { reading } : {}),
      ...(unread.length ? { unreadColumns: unread } : {}),
      ...(Object.keys(actions).length ? { actions } : {}),
      ...(changes ? { changes } : {}),
      ...(check ? { check } : {}),
      ...(roundTrip ? { roundTrip } : {}),
      ...(skipped ? { skippedChecks: skipped } : {}),
      report: reportPath,
    };
    io.stdout.write(JSON.stringify(object) + '\n');
  }
  // Explore 59 item 8: under --json the readable summary (which rows are refused and why) goes to
  // stderr, so that nothing the text says is lost: stdout stays one JSON object.
  const readable = json ? io.stderr : io.stdout;
  // A row repeating the header in its own order is left out by the reader, not by the mapping's rules.
  const repeatedHeaders = summary.skippedByRule?.repeatedHeader ?? 0;
  const byRule = Object.entries(summary.skippedByRule ?? {})
    .filter(([rule]) => rule !== 'repeatedHeader')
    .map(([rule, count]) => `${count} by skip.${rule}`)
    .join(', ');
  const byMapping = (summary.skipped ?? 0) - repeatedHeaders;
  const lines: string[] = reading.map((note) => `Note: ${note}`);
  if (reading.length) lines.push('');
  if (roundTrip)
    lines.push(
      `Round trip: ${roundTrip.rows} rows, ${roundTrip.rows - roundTrip.unchanged} edited since the export, ${roundTrip.unchanged} not edited.`,
      ...roundTripNotes(roundTrip),
    );
  if (roundTrip && summary.rows === 0) lines.push('No cell was edited: an import would send nothing.');
  else if (summary.rows === 0)
    lines.push(
      noDataRowsLine(sheetWords, 'check', '--header-row', {
        count: summary.skipped ?? 0,
        byRule,
      }),
    );
  else
    lines.push(
      `${summary.rows} ${summary.rows === 1 ? 'row' : 'rows'} checked: ${summary.valid} valid, ${summary.invalid} invalid` +
        (summary.skippedBlank
          ? `, ${summary.skippedBlank} blank ${summary.skippedBlank === 1 ? 'row' : 'rows'} skipped`
          : '') +
        (byMapping ? `, ${byMapping} left out by the mapping's skip rules (${byRule})` : '') +
        (repeatedHeaders
          ? `, ${repeatedHeaders} left out as ${repeatedHeaders === 1 ? 'a repeat' : 'repeats'} of the header`
          : ''),
    );
  if (hidden) lines.push(hidden);
  // Offline the rows stream to the report: rows above a date column's proof were counted valid first.
  for (const doubt of summary.dateOrderDoubts ?? [])
    lines.push(`Dates in doubt: ${dateOrderDoubtWords(doubt)}.`);
  for (const doubt of summary.decimalMarkDoubts ?? [])
    lines.push(`Numbers in doubt: ${decimalMarkDoubtWords(doubt)}.`);
  // What the app's one-click date order does: a column whose dates all read both ways, settled once.
  if (summary.datesUncompared)
    lines.push(
      `Dates not compared: ${uncomparedDatesWords(summary.datesUncompared)}. Connect (--sandbox or --url/--user/--token) to check them as the import will.`,
    );
  for (const choice of summary.dateOrderChoices ?? [])
    lines.push(`Date order: ${dateOrderChoiceWords(choice)}.`);
  if (connectedTo) {
    lines.push(`Checked against ${connectedTo}.`);
    const done = Object.entries(actions).map(([action, count]) => `${count} ${action.replaceAll('_', ' ')}`);
    if (check) lines.push(`${capitalised(checkDoneWords(check))}.`);
    if (done.length) lines.push(`An import would: ${done.join(', ')}.`);
    else if (summary.invalid > 0) lines.push('An import would send nothing: no row is valid.');
    // Issue 18: what the updates would change, and what blank cells do in the fields they touch.
    if (changes) lines.push(`${capitalised(changeSummaryLine(changes))}.`);
    const policy = changes ? blankPolicyLine(blank) : null;
    if (policy) lines.push(policy);
  }
  if (summary.mappingProblems?.length) {
    // Once each: one fix in the mapping settles every row it touches.
    lines.push('', 'Problems of the mapping (fix them once in the mapping; they make these rows invalid):');
    for (const problem of summary.mappingProblems) lines.push(`  ${mappingProblemLine(problem)}`);
  }
  if (shown.length) {
    lines.push('', summary.mappingProblems?.length ? 'Problems in cells:' : 'Problems:');
    for (const problem of shown)
      lines.push(`  ${problem.note ? rowNoteLine(problem) : problemLine(problem)}`);
    const more = summary.invalid > 0 && reportPath === null ? ' Write them all with --report OUT.' : '';
    if (shown.length === SHOWN_PROBLEMS) lines.push(`  … (first ${SHOWN_PROBLEMS} shown).${more}`);
  }
  if (shownNotes.length) {
    // Not refusals: what valid rows import without (a date's time of day), said so that it is not lost
    // unseen. Only valid rows' notes are here, so the count says what it names; a refused row's notes are
    // listed under Problems with its refusal.
    lines.push(
      '',
      `Notes (${summary.notedRows} valid row${summary.notedRows === 1 ? '' : 's'}: not refusals, but what the row imports without or names that Trackops marks as not in use, or why it is not sent again):`,
    );
    for (const note of shownNotes) lines.push(`  ${problemLine(note)}`);
    if (shownNotes.length === SHOWN_PROBLEMS)
      lines.push(
        `  … (first ${SHOWN_PROBLEMS} shown).${reportPath === null ? ' Write them all with --report OUT.' : ''}`,
      );
  }
  if (skipped?.length) {
    // The report's summary sheet heads the same lines with the same words (skippedChecksHeading); the
    // terminal adds what to type.
    const heading = skippedChecksHeading(skipped, connectedTo !== null);
    const onlySettings = skipped.every((check) => check.startsWith('"Require Client'));
    lines.push(
      '',
      connectedTo === null
        ? `${heading} (connect with --sandbox or --url/--user/--token):`
        : onlySettings
          ? `${heading.replace(/\)$/, '')}; pass --require-client-address / --require-client-phone if they are on):`
          : `${heading}:`,
    );
    for (const check of skipped) lines.push(`  - ${check}`);
  }
  if (reportPath) lines.push('', `Report written to ${reportPath}`);
  readable.write(lines.join('\n') + '\n');
}

function capitalised(text: string): string {
  return text === '' ? text : `${text[0]!.toUpperCase()}${text.slice(1)}`;
}

interface ValidateFlags extends ConnectionFlags {
  mapping?: string;
  sheet?: string;
  'header-row'?: string;
  encoding?: string;
  delimiter?: string;
  report?: string;
  journal?: string;
  json?: boolean;
  rate?: string;
}

function parseFlags(argv: string[]): { file: string; flags: ValidateFlags } {
  const { file, values } = parseFileCommandLine(
    'validate',
    argv,
    {
      mapping: { type: 'string' },
      sheet: { type: 'string' },
      'header-row': { type: 'string' },
      encoding: { type: 'string' },
      delimiter: { type: 'string' },
      report: { type: 'string' },
      journal: { type: 'string' },
      json: { type: 'boolean' },
    },
    'check',
    '--mapping template.json',
  );
  return { file, flags: values as ValidateFlags };
}

/**
 * The rows as they come, then, once every one is read and before the report is closed, `check` (every
 * whole read of the file saw the same bytes: file-still-written.ts); a throw discards the report.
 */
async function* readFromBoundBytes<T>(rows: AsyncIterable<T>, check: () => Promise<void>): AsyncIterable<T> {
  yield* rows;
  await check();
}
