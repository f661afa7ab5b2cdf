/** The dry run's grid, inline fixes and the validation report (CONTRACTS section 3) to download. */
import { join, parse } from 'node:path';
import {
  checkMappingAgainstHeaders,
  closestHeader,
  blankPolicies,
  checkCostWords,
  checkDoneWords,
  DateOrderFindings,
  dryRunChecks,
  dryRunRows,
  hiddenNotice,
  hiddenParts,
  importMode,
  liveRows,
  openValidationReport,
  parseMapping,
  roundTripBlankPolicies,
  rowRechecker,
  SameRequestRows,
  skippedChecks,
  tallyDryRun,
  type CheckCost,
  type DryRunAccount,
  type ExistingRequests,
  type RowOutcome,
  type ValidateOptions,
  writtenRequestReader,
  readEarlierCreate,
} from '../../core/index.ts';
import type { DryRunSearch } from '../bridge/contract.ts';
import type { BridgeHandlers } from '../bridge/dispatch.ts';
import { BridgeFailure } from '../bridge/failure.ts';
import type { AccountReadings } from '../session/account-readings.ts';
import type { Accounts, OpenAccount } from '../session/accounts.ts';
import { TrackopsSilence } from '../session/trackops-silence.ts';
import type { DryRun, DryRuns } from '../session/dry-runs.ts';
import { journalPathOf, sentEarlier } from '../session/earlier-sends.ts';
import { absentColumnsInClerkWords, inClerkWords } from '../session/mapping-problem-words.ts';
import { earlierImportsInto, journalAccountOf, type PracticeAccount } from '../session/journal-account.ts';
import { withFixes } from '../session/kept-fixes.ts';
import {
  checkAccountOf,
  roundTripChecker,
  roundTripOf,
  roundTripSheet,
  type RoundTripFile,
} from '../session/round-trip.ts';
import type { SourceRegistry } from '../session/sources.ts';
import { MIME, type HostFiles } from './host-files.ts';
import { APP_WAYS_OUT } from '../bridge/ways-out.ts';
import { APP_MAPPING_WORDS } from '../bridge/mapping-words.ts';

/** What a failed read of the account's lists stopped, in the clerk's words. */
const NOT_CHECKED = 'the rows were not checked';

export function dryRunHandlers(deps: {
  dryRuns: DryRuns;
  sources: SourceRegistry;
  accounts: Accounts;
  host: HostFiles;
  tempDir: string;
  /** Where sends keep their journals: what this file's earlier send created is read from there. */
  journalDir: string;
  /** The account's lists of journals the CLI and the app share (core's journalListsFolder). */
  journalLists: string;
  practice: PracticeAccount;
  readings: AccountReadings;
}): Pick<
  BridgeHandlers,
  'startDryRun' | 'dryRunPage' | 'cancelDryRun' | 'fixCell' | 'leaveRowOut' | 'saveReport'
> {
  const { dryRuns, sources, accounts, host, tempDir, journalDir, journalLists, practice, readings } = deps;
  const options = new Map<string, ValidateOptions>();
  /** A round-trip export's dry run: core's preview, as `validate FILE`, against the account it came from. */
  const startRoundTrip = async (
    source: { sourceId: string; fileName: string; bytes: Uint8Array },
    file: RoundTripFile,
    profileId: string | undefined,
    readingId: string | undefined,
  ) => {
    if (!profileId)
      throw new BridgeFailure(
        'input',
        `${source.fileName} is a round-trip export: its edits are checked against the account it came from. Choose that connection first.`,
      );
    const opened = await accounts.open(profileId);
    // Report 4 item 2: before any request, a file from another account is refused, naming both.
    checkAccountOf(source.fileName, file, opened.label);
    // Read now, as validate FILE reads it (explore 34 item 1): never lists from earlier in the session.
    const reference = await readingLists(opened, profileId, readingId);
    const sheet = await roundTripSheet(source.fileName, source.bytes, file);
    const checker = roundTripChecker({
      fileName: source.fileName,
      bytes: source.bytes,
      file,
      api: opened.api,
      reference,
      connectionLabel: opened.label,
    });
    const run = dryRuns.start({
      sourceId: source.sourceId,
      profileId,
      fileName: source.fileName,
      ...sheet,
      mapping: file.mapping,
      checker,
      blankPolicies: roundTripBlankPolicies(file.mapping, reference),
      roundTrip: { file, connectionLabel: opened.label },
    });
    // The report's "not checked" list is the connected one, as validate FILE's.
    options.set(run.runId, {
      ...dryRunChecks({ api: opened.api, reference, settings: opened.settings.settings ?? {} }),
      mappingWords: APP_MAPPING_WORDS,
    });
    hearSilence(run, opened);
    return { runId: run.runId };
  };
  /**
   * The account's lists read now, said under the page's readingId while the start is unanswered (a
   * silent Trackops held "Checking…" on the button for minutes without a word).
   */
  const readingLists = async (opened: OpenAccount, profileId: string, readingId: string | undefined) => {
    const reading = readings.start(
      readingId,
      "the account's case types, regions, services and fields before checking the rows",
      'no row has been checked yet',
      opened.api.timeoutMs,
    );
    const stopHearing = opened.onApiEvent(reading.heard);
    try {
      return await accounts.freshReference(profileId, NOT_CHECKED);
    } finally {
      stopHearing();
      reading.done();
    }
  };
  /**
   * While the run checks its rows against the account (its listing, its look-ups), Trackops' silence is
   * said on its summary, as a send's is; heard until the run ends.
   */
  const hearSilence = (run: DryRun, opened: OpenAccount) => {
    const silence = new TrackopsSilence(
      (waiting) => dryRuns.waiting(run.runId, waiting),
      opened.api.timeoutMs,
      Date.now,
      readings.noticeAfterMs,
    );
    const stopHearing = opened.onApiEvent((event) => silence.heard(event));
    void run.finished.finally(() => {
      stopHearing();
      silence.stop();
    });
  };
  return {
    async startDryRun({ sourceId, profileId, mapping: raw, fixes, readingId }) {
      const source = sources.get(sourceId);
      // The file decides, not the payload: a round-trip export is checked through core's round-trip
      // path whatever mapping comes with it, never as a plain update file (session/round-trip.ts).
      const roundTrip = await roundTripOf(sources.byteSource(sourceId));
      if (roundTrip) return startRoundTrip(source, roundTrip, profileId, readingId);
      // The mapping as edited in the wizard is checked like a template file; problems name their JSON path.
      // Its refusal names the columns by header and the fields as the picker does (explore 30 item 3).
      let mapping: ReturnType<typeof parseMapping>;
      try {
        mapping = parseMapping(raw, 'the mapping');
      } catch (error) {
        throw inClerkWords(error, raw, profileId ? await accounts.reference(profileId) : null);
      }
      if (!sources.readsAsChosen(sourceId, mapping)) {
        throw new BridgeFailure(
          'stale',
          'The mapping reads the text file with another delimiter, encoding or quote character than the sheet step did: go back to the sheet step and read the file again.',
        );
      }
      // The clerk's fixes from the last dry run of this file, checked again with this mapping.
      const fixed = withFixes(await sources.sheet(sourceId), fixes ?? []);
      const sheet = fixed.sheet;
      // A column the mapping reads that the file lacks: said with its header and field, before the
      // account is read (core's refusal, met later, names JSON paths).
      const absent = checkMappingAgainstHeaders(mapping, sheet.headers, sheet.fileName, sheet.sheet);
      if (absent.length > 0)
        throw absentColumnsInClerkWords(
          raw,
          profileId ? await accounts.reference(profileId) : null,
          sheet.fileName,
          absent.map(({ problem }) => ({
            column: problem.column ?? '',
            target: problem.target,
            closest: closestHeader(problem.column ?? '', sheet.headers),
          })),
        );
      // core's dry run, connected when a profile is given: each valid row also says what the import
      // would do (create, update, or why not: already in the account, no match, several matches).
      const opened = profileId ? await accounts.open(profileId) : null;
      // The account's lists read now, as the CLI's validate reads them on every run (a few requests):
      // a region renamed since an earlier check in this session is checked as Trackops has it now
      // (explore 34 item 1). The send compares this read with its own before sending anything.
      const account: DryRunAccount | null = opened
        ? {
            api: opened.api,
            reference: await readingLists(opened, profileId!, readingId),
            settings: opened.settings.settings ?? {},
          }
        : null;
      const validateOptions = { ...dryRunChecks(account), mappingWords: APP_MAPPING_WORDS };
      // Issue 13: the requests the whole run's plan finds are kept for the send (the one-row re-checks
      // of inline fixes look their row up on their own).
      const found: { run?: DryRun; read?: ExistingRequests } = {};
      // A fixed row is also compared loosely with what the run's plan read (the account's listing, or
      // its probes' answers): a near key is refused though the fix's own exact look-up misses it.
      const writtenRequest = writtenRequestReader(sheet.headers);
      // Rows of an update sheet for one request are settled together (core's same-request.ts): the run's
      // plan records which row went where, so a fix of one settles the others it does not re-check.
      const sameRequest = new SameRequestRows();
      const live = (outcomes: Iterable<RowOutcome> | AsyncIterable<RowOutcome>) =>
        liveRows(outcomes, mapping, account, {
          waysOut: APP_WAYS_OUT,
          mappingWords: APP_MAPPING_WORDS,
          ...(found.read ? { read: found.read } : {}),
          writtenRequest,
          headers: sheet.headers,
          sameRequest,
          // What a fixed row's own look-up found joins what the run found: the send then checks it
          // for changes with the rest (a request added since), instead of trusting the fix's look.
          onStored: (stored) => found.run?.stored?.absorb(stored),
        });
      // A fix, or a row left out or brought back, re-checks its row and the rows sharing its in-file
      // key, nothing else (issue 13); those rows are then checked against the account like the run's.
      const rechecker = rowRechecker(sheet, mapping, {
        ...validateOptions,
        repeatedHeaders: sheet.repeatedHeaders,
      });
      // A date column's order proved by a row of the pass: the rows above it are refused once all are
      // in (the session), and a fix re-checks its row under the same doubt (core's date-order.ts).
      const dateOrder = new DateOrderFindings();
      dateOrder.onFound((found) => rechecker.knowDateOrder(found.proofs, found.cellProofs));
      const checkedLive = async (changed: RowOutcome[]) => {
        const outcomes: RowOutcome[] = [];
        for await (const outcome of live(changed)) outcomes.push(outcome);
        if (outcomes.length !== changed.length) throw new Error('the live check lost a row');
        // Rows for the same request as a fixed one whose verdict the fix changed (a disagreement settled).
        return [...outcomes, ...sameRequest.takeOthers()];
      };
      // Connected: a row the account already holds because this file's earlier send (same mapping) into
      // this account created it is said so, not offered as an error to fix (its journal, read without a
      // request). Another account's send of the file is not this one's.
      const journalAccount = opened ? journalAccountOf(profileId!, opened.settings.baseUrl, practice) : null;
      const ownJournal = journalAccount
        ? await journalPathOf(journalDir, source.fileName, source.bytes, mapping, journalAccount)
        : null;
      const earlier = account && ownJournal ? await sentEarlier(ownJournal) : null;
      // Explore 16: a row whose very content an earlier send into this account created (the file fixed,
      // or saved under another name) is already sent, as the send settles it (core's earlierCreates).
      const earlierImports =
        journalAccount && ownJournal && importMode(mapping) !== 'update' && mapping.duplicates !== 'create'
          ? await earlierImportsInto(
              journalAccount,
              { journalDir, journalLists },
              ownJournal,
              source.fileName,
            )
          : null;
      const run = dryRuns.start({
        sourceId,
        profileId,
        fileName: source.fileName,
        sheet: sheet.sheet,
        headerRow: sheet.headerRow,
        headers: sheet.headers,
        mapping,
        checker: {
          rows: (signal, onChecked, onSearch) => {
            const search = opened && onSearch ? searchWords(onSearch, opened.pace.ratePerSecond) : null;
            return dryRunRows(sheet, mapping, account, {
              waysOut: APP_WAYS_OUT,
              mappingWords: APP_MAPPING_WORDS,
              signal,
              onChecked,
              dateOrder,
              sameRequest,
              onStored: (stored) => found.run && (found.run.stored = stored),
              onSearched: (read) => {
                found.read = read;
                search?.done();
              },
              // The earlier sends' requests the search reads are kept, so that the grid says which the
              // account no longer holds, as the send's read of each will find (no request more).
              ...(earlierImports?.size ? { keepIds: earlierImports.ids } : {}),
              ...(search
                ? {
                    onCost: search.onCost,
                    onSearchProgress: search.onSearchProgress,
                    onCheckDone: search.onCheckDone,
                  }
                : {}),
            });
          },
          track: (outcome) => rechecker.track(outcome),
          fix: (row, outcomeOf) => checkedLive(rechecker.recheck(row, outcomeOf)),
          leave: (row, leave, outcomeOf) => checkedLive(rechecker.leave(row, leave, outcomeOf)),
          skippedBlank: () => sheet.blankRowsSkipped(),
          hidden: () => hiddenNotice(hiddenParts(sheet), 'checked'),
          dateOrder: () => dateOrder.found,
          keptFixes: () => fixed.words(),
          ...(opened ? { readRequest: (id, signal) => readEarlierCreate(opened.api, id, signal) } : {}),
        },
        ...(account ? { blankPolicies: blankPolicies(mapping, { reference: account.reference }) } : {}),
        ...(earlier?.size ? { sentEarlier: earlier } : {}),
        ...(earlierImports?.size ? { earlierImports } : {}),
        ...(opened
          ? {
              accountRead: () =>
                found.read
                  ? {
                      byId: found.read.byId,
                      whole: found.read.strategy === 'listing',
                      timeoutMs: opened.api.timeoutMs,
                    }
                  : null,
            }
          : {}),
        ...(account ? { reference: account.reference } : {}),
      });
      found.run = run;
      options.set(run.runId, validateOptions);
      if (opened) hearSilence(run, opened);
      return { runId: run.runId };
    },

    async dryRunPage({ runId, offset, limit, onlyErrors }) {
      const run = dryRuns.get(runId);
      const page = dryRuns.page(runId, offset, limit, onlyErrors);
      return { summary: run.summary, total: page.total, offset, rows: page.rows };
    },

    async cancelDryRun({ runId }) {
      return { cancelled: dryRuns.cancel(runId) };
    },

    async fixCell({ runId, row, column, value, clock }) {
      return dryRuns.fix(runId, row, column, value, clock);
    },

    async leaveRowOut({ runId, row, leave }) {
      return dryRuns.leave(runId, row, leave);
    },

    async saveReport({ runId, format }) {
      const run = dryRuns.get(runId);
      if (run.summary.state === 'running') {
        throw new BridgeFailure(
          'busy',
          'The dry run is still checking rows; download the report when it has finished.',
        );
      }
      const path = join(tempDir, `${runId}-report.${format}`);
      const isWorkbook = /\.xls[xm]$/i.test(run.fileName);
      const notes: string[] = [];
      const writer = await openValidationReport(path, {
        file: run.fileName,
        sheet: run.sheet,
        mode: run.mapping.mode ?? 'create',
        headers: run.headers,
        headerRow: run.headerRow,
        onNotice: (message: string) => notes.push(message),
        // An XLSX report of an XLSX file is a copy of the user's own workbook, offending cells marked.
        ...(format === 'xlsx' && isWorkbook ? { workbook: sources.byteSource(run.sourceId) } : {}),
        live: run.profileId !== undefined,
        skippedChecks: skippedChecks(options.get(runId) ?? {}, run.mapping.mode),
        ...(run.blankPolicies?.length ? { blankPolicies: run.blankPolicies } : {}),
      });
      // core's tally, as the CLI's report: rows left out by rule, problems of the mapping once.
      await tallyDryRun(run.outcomes, { report: writer, skippedBlank: () => run.summary.skippedBlank });
      const delivered = await host.deliver({
        fileName: `${parse(run.fileName).name}-report.${format}`,
        mimeType: MIME[format],
        path,
      });
      return notes.length ? { ...delivered, note: notes.join(' ') } : delivered;
    },
  };
}

/**
 * The account's check as the dry run screen says it: its cost in the CLI's words once the count is in,
 * each page or look-up done, and at the end what was checked (and what a listing found beyond the count).
 */
function searchWords(onSearch: (search: DryRunSearch) => void, ratePerSecond: number) {
  let last: { cost: CheckCost; done: number } | null = null;
  // What the check read (find-existing.ts onCheckDone): the summary's words; the cost line keeps the plan.
  let checked: CheckCost | null = null;
  const say = (cost: CheckCost, done: number, result?: string) => {
    last = { cost, done };
    onSearch({
      cost: checkCostWords(cost, ratePerSecond),
      done,
      total: cost.requests,
      unit: cost.strategy === 'listing' ? 'page' : 'look-up',
      ...(result !== undefined ? { result } : {}),
    });
  };
  return {
    onCost: (cost: CheckCost) => say(cost, 0),
    onSearchProgress: (done: number, cost: CheckCost) => say(cost, done),
    onCheckDone: (cost: CheckCost) => (checked = cost),
    done: () => {
      if (last) say(last.cost, last.done, checkDoneWords(checked ?? last.cost));
    },
  };
}
