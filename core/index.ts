/**
 * core's public surface: hosts (main, sandbox, bench) import from here. The CLI imports the modules it
 * uses instead: importing this index starts every module of core (the export engine, the API client
 * and their tables, for a dry run with no connection), ≈ 10 % of a small command's CPU, paid at each
 * of its starts (docs/benchmarks.md).
 */
export * from './errors.ts';
export type * from './problems/problem.ts';
export type * from './read/types.ts';
export * from './account/reference.ts';
export type * from './api/types.ts';
export type * from './validate/types.ts';
// export (issue 6): XLSX/CSV export, relative dates, and the round trip back as updates
export { exportCaseRequests } from './export/export-case-requests.ts';
export type { ExportOptions, ExportProgress, ExportResult } from './export/export-case-requests.ts';
export type { ColumnPreset, ExportFormat } from './export/types.ts';
export { COLUMN_PRESETS } from './export/types.ts';
export {
  resolveDate,
  resolveDateRange,
  resolveTimestamp,
  thisComputerTimeZone,
  DATE_RANGE_PRESETS,
} from './export/relative-dates.ts';
export type { DateRange, DateRangePreset } from './export/relative-dates.ts';
export {
  buildExportFilters,
  completedTimes,
  filterFlag,
  isDateFilter,
  resolvedDates,
  trimmedFilters,
  trimmedFilterWords,
} from './export/filters.ts';
export type { ResolvedDate, TrimmedFilter } from './export/filters.ts';
export { FILTER_NAMES, listFiltersSchema, type ListFilters } from './api/list-filters.ts';
export {
  emptyExportHistory,
  lastExportOf,
  parseExportHistory,
  sinceLastConflict,
  sinceLastWindow,
  withExport,
  EXPORT_HISTORY_VERSION,
  SINCE_LAST_MARGIN_SECONDS,
} from './export/since-last.ts';
export type {
  ExportHistory,
  ExportHistoryEntry,
  SinceLastScope,
  SinceLastWindow,
} from './export/since-last.ts';
export type { FilterName } from './api/list-filters.ts';
export {
  prepareRoundTripImport,
  isRoundTripWorkbook,
  readRoundTripMapping,
  readRoundTripExport,
  roundTripBlankPolicies,
  roundTripNotes,
} from './export/round-trip-import.ts';
export type { RoundTripImport, RoundTripMapping, RoundTripSummary } from './export/round-trip-import.ts';
export { checkRoundTripAccount } from './export/round-trip-account.ts';
export { accountKey, accountKeySpellings, isAccount, recordedAccountKey } from './api/account-key.ts';
export { roundTripEdits, type RoundTripEdits } from './export/round-trip-edits.ts';
// read (issue 3): CSV/TSV/XLSX as they arrive, streamed
export { openSheet, listSheets } from './read/open-sheet.ts';
export { fileSource, bytesSource } from './read/byte-sources.ts';
export { SheetReadError, type SheetReadErrorCode } from './read/sheet-read-error.ts';
export { cellText } from './read/cell-text.ts';
export { hiddenNotice, hiddenParts, hiddenSheetRead, type HiddenParts } from './read/hidden-notice.ts';
export { delimiterName } from './read/delimiter-names.ts';
export {
  CLI_READING_WAYS,
  readingFindings,
  readingNotes,
  type ReadingFinding,
  type ReadingWays,
} from './read/reading-notes.ts';
// report (issue 4): validation reports and import results in JSON, CSV and XLSX
export { isToolColumn, TOOL_COLUMNS } from './read/tool-columns.ts';
export { problemText, problemLine, problemsCellText, rowNoteLine } from './report/problem-text.ts';
export { reportFormatOf } from './report/report-types.ts';
export type { ReportFormat, ReportSource } from './report/report-types.ts';
export { openValidationReport } from './report/validation-report.ts';
export type { ValidationReportWriter } from './report/validation-report.ts';
export { validationReportRow, reportError } from './report/validation-rows.ts';
export type {
  ValidationReport,
  ValidationReportOptions,
  ValidationReportRow,
  ReportError,
} from './report/validation-rows.ts';
export { emptyResultsSummary, openResultsWriter, unfinishedResultsPath } from './report/results-writer.ts';
export { createdInResults, type CreatedInResults } from './report/results-created.ts';
export { keepEarlierResults, keepEarlierUnfinished } from './report/results-kept-aside.ts';
export { lockImportResults, resultsLockPath } from './report/results-lock.ts';
export type {
  ResultsJson,
  ResultsSummary,
  ResultsWriter,
  ResultsWriterOptions,
  RowResult,
  RowResultStatus,
} from './report/results-types.ts';
export { tempPathFor, writeFileAtomic } from './files/atomic-write.ts';
export { DiskFullError, asDiskFull, asWriteRefused, isDiskFull } from './files/disk-full.ts';
// mapping + validation (issue 4): the mapping file, body builder and dry-run validation
export { mappingSchema, PARSE_KINDS } from './mapping/schema.ts';
export type { Mapping, MappingColumn, SubjectGroup, ParseKind, SkipOptions } from './mapping/schema.ts';
export { parseMapping, parseMappingShape } from './mapping/parse-mapping.ts';
export { mappingFileText, mappingJson } from './mapping/mapping-text.ts';
export { loadMappingFile } from './mapping/load-mapping-file.ts';
export { jsonSyntaxError } from './mapping/json-syntax.ts';
export { MappingError, type MappingProblem } from './mapping/mapping-error.ts';
export {
  checkMappingAgainstHeaders,
  closestHeader,
  headerCaseNotes,
  resolveHeaderCase,
} from './mapping/check-headers.ts';
export { repeatedHeaderNotes } from './validate/same-header-columns.ts';
export { unreadColumns, unreadColumnsNotes } from './validate/unread-columns.ts';
export { createOnlyNotice } from './validate/create-only.ts';
export { overwritingConstants, overwritingConstantsNotice } from './validate/upsert-constants.ts';
export type { OverwritingConstant } from './validate/upsert-constants.ts';
export { fieldsNamedByHeaders, type HeaderFields } from './validate/header-fields.ts';
export {
  parseTarget,
  PARAMS,
  PARAM_NAMES,
  CLIENT_PARTS,
  CONTACT_PARTS,
  NAME_PARTS,
  ADDRESS_PARTS,
  MATCH_KEYS,
} from './mapping/targets.ts';
export type { Target, ParamName, MatchKey } from './mapping/targets.ts';
export { compileDateFormat } from './mapping/date-format.ts';
export {
  checkMappingFits,
  validateRows,
  validateRowBatches,
  duplicateTracker,
} from './validate/validate-rows.ts';
export { validateRow } from './validate/validate-row.ts';
export { openWithGivenHeaderRow, type GivenHeaderRow } from './validate/pinned-header-row.ts';
export { widerHeaderBelow } from './read/wider-header-below.ts';
export { rowRechecker, type RowRechecker } from './validate/recheck-rows.ts';
export { compileMapping, type ValidateOptions, type CompiledMapping } from './validate/compile-mapping.ts';
export {
  summarize,
  skippedChecks,
  skippedChecksHeading,
  SummaryCounter,
  mappingProblemLine,
} from './validate/summary.ts';
export { compileSkipRules, firstCellText, SKIP_RULES } from './validate/skip-rows.ts';
export { REQUIRED_TARGETS } from './validate/required-checks.ts';
export type { RowSkip, SkipRule } from './validate/skip-rows.ts';
export { targetWords, subjectGroupWords, type TargetWordsContext } from './mapping/target-words.ts';
export { readNumber, numberFormatOf } from './mapping/number-format.ts';
export type { NumberFormat, NumberRead } from './mapping/number-format.ts';
export { updateBodyFromCreate } from './validate/update-body.ts';
export { formatProblem } from './problems/format.ts';
export { choiceName, itemName } from './problems/item-name.ts';
export { caselessKey, seenText } from './mapping/text-key.ts';
export {
  PROBLEM_WORDING,
  shownBreaks,
  WAY_OUT_CODES,
  type PlainProblemCode,
  type ProblemCode,
  type WayOutCode,
} from './problems/catalogue.ts';
export type { WaysOut } from './problems/ways-out.ts';
// api + pacing (issue 5): the Trackops client, its typed errors, and the shared pacer
export { createTrackopsApi, DEFAULT_REFERENCE_PATHS, MAX_PER_PAGE } from './api/client.ts';
export type { ApiOptions, ApiEvent } from './api/client.ts';
export { clockDifferenceWords, clockOffsetMs } from './api/server-clock.ts';
export type { ServerClock } from './api/server-clock.ts';
export {
  listEveryCaseRequest,
  listAllCaseRequests,
  IncompleteListingError,
  LIST_PAGE_SIZE,
} from './api/list-all.ts';
export type { ListAllOptions, ListedTwice, ListingMove, ListingProgress } from './api/list-all.ts';
// issue 12: tolerant reading, exact matches, and what the account did not give
export { findExactMatches, keyEquals } from './api/find-exact.ts';
export { referenceGaps } from './account/reference-gaps.ts';
export { checkAccount } from './account/check-account.ts';
export type { AccountCheck, CheckFinding, CheckOptions, Verdict } from './account/check-account.ts';
export {
  ACCOUNT_PROFILE_VERSION,
  accountProfileOf,
  parseAccountProfile,
  profileConnectionSettings,
  profileFits,
  savedCheckWithoutSecrets,
} from './account/account-profile.ts';
export type { AccountProfile } from './account/account-profile.ts';
// issue 14 point 2: one way to open an account, run a dry run and bind an import, for every host
export {
  ACCOUNT_PACE,
  connectAccount,
  defaultRate,
  openAccount,
  readAccountReference,
  SANDBOX_PACE,
} from './account/open-account.ts';
export type { ConnectOptions, OpenAccount, OpenAccountOptions, Pace } from './account/open-account.ts';
export { stampZonesFolder, type StampZoneMemory } from './api/stamp-zone-memory.ts';
export { stampZoneNotes, type StampZone } from './api/stamp-zone.ts';
// explore 34 item 1: a send checked against a later read of the lists its rows were resolved from
export { referenceChangesUnder } from './validate/reference-changes.ts';
export {
  ApiError,
  AuthError,
  ForbiddenError,
  UnauthorizedError,
  NotFoundError,
  ValidationError,
  ThrottledError,
  WaitTooLongError,
  ServerError,
  NetworkError,
  CertificateError,
  SchemeMismatchError,
  AnswerCutError,
  BadResponseError,
  CountUnsupportedError,
  NotApiAnswerError,
  RedirectedError,
  TooLargeError,
  stopsTheRun,
  writeMayHaveHappened,
} from './api/errors.ts';
// the /api/v1 hint a real server does not give (issue 16 point 11)
export { apiBaseHint, hasNoPath, withApiBaseHint, wrongAddressError } from './api/base-url-hint.ts';
export { checkApiBaseUrl, holdsSecretParts, isLoopback } from './api/base-url.ts';
export type { BaseUrlCheck, BaseUrlProblemCode } from './api/base-url.ts';
export {
  createPacer,
  createRateBucket,
  parseRate,
  DEFAULT_RATE_PER_SECOND,
  DEFAULT_CONCURRENCY,
} from './pace/pacer.ts';
export type { Pacer, PacerOptions, PacerStats, RateBucket } from './pace/pacer.ts';
export { sleep } from './pace/sleep.ts';
// suggested mappings (issue 4): a draft mapping from a sheet's headers and values
export { suggestMapping, MAP_CONFIDENCE } from './suggest/suggest-mapping.ts';
export { planPickedColumn } from './suggest/plan-picked-column.ts';
export {
  sampleFirstRows,
  sampleSheet,
  SUGGESTION_SAMPLE_ROWS,
  type FirstRowsSample,
  type SheetSample,
} from './suggest/sample-sheet.ts';
export { openDataSheet, type SheetChoice, type SheetLook } from './suggest/choose-sheet.ts';
export { columnsLeftForPerson, columnsReadOnly } from './suggest/left-for-person.ts';
export type {
  SuggestInput,
  SuggestedMapping,
  ColumnSuggestion,
  SuggestionNote,
  MatchKind,
} from './suggest/types.ts';
export { planImport, type PlanOptions, type PlanStats } from './validate/plan-import.ts';
export { SameRequestRows } from './validate/same-request.ts';
// issue 14 point 2: the dry run both hosts run (validate, plan against the account, tally and report)
export {
  checkedRows,
  dryRunChecks,
  dryRunRowBatches,
  dryRunRows,
  liveRows,
  tallyDryRun,
} from './validate/dry-run.ts';
export {
  chosenFormats,
  dateOrderChoices,
  dateOrderChoiceWords,
  DateOrderChoiceTally,
  dateOrderReading,
  dayInWords,
  type DateOrder,
  type DateOrderChoice,
  type DateOrderReading,
} from './validate/date-order-choice.ts';
export { uncomparedDatesWords, type UncomparedDates } from './validate/uncompared-dates.ts';
export {
  DateOrderFindings,
  dateOrderDoubtWords,
  decimalMarkDoubtWords,
  markLateDoubts,
  type DateOrderFound,
} from './validate/date-order.ts';
export type {
  DryRunAccount,
  DryRunRowsOptions,
  DryRunTally,
  LiveOptions,
  ShownProblem,
  TallyOptions,
} from './validate/dry-run.ts';
// issue 13 + 18: plan once, the change preview, unchanged rows, conflicts
export {
  checkCostWords,
  checkDoneWords,
  findExisting,
  type CheckCost,
  type ExistingRequests,
} from './validate/find-existing.ts';
export { fieldChanges, conflictingChanges, applyUpdate, type FieldChange } from './validate/field-changes.ts';
export { StoredRequests, FRESH_SECONDS, REFRESH_SECONDS, REFRESH_ROWS } from './batch/stored-requests.ts';
export {
  blankPolicies,
  blankPolicyLine,
  changeSummaryLine,
  changesCellText,
  ChangeTally,
} from './validate/change-summary.ts';
export type { BlankPolicy, ChangeSummary, ChangedField } from './validate/change-summary.ts';
export type { ReportChange } from './report/validation-rows.ts';
// batch (issue 5): the import runner, its journal and the lost-create reconcile
export { startImport, runImport, NoAnswerStreakError } from './batch/runner.ts';
// How often a send's or an undo's counts reach the host (its progressEveryMs; a terminal's by default).
export { PROGRESS_EVERY_MS } from './batch/progress-pace.ts';
export { durationWords, NOTICE_AFTER_MS } from './batch/trackops-waits.ts';
export { DEFAULT_TIMEOUT_MS } from './api/http.ts';
export { withoutRecordWords, type WithoutRecordCounts } from './batch/without-record-words.ts';
export { StoppedBeforeSendingError } from './batch/stopped-before-sending.ts';
export { RowsLeftToSendError } from './batch/rows-left-to-send.ts';
export type {
  ImportRun,
  ImportRunOptions,
  ImportProgress,
  ImportSummary,
  ImportCounts,
} from './batch/runner.ts';
export {
  createdByJournal,
  isCreatedEarlier,
  markCreatedEarlier,
  markCreatedThoughRefused,
  type CreatedEarlier,
} from './batch/created-earlier.ts';
export {
  accountReadOf,
  earlierCreates,
  markCreatedByEarlierImport,
  type AccountRead,
  type EarlierCreate,
  type EarlierCreates,
} from './batch/earlier-creates.ts';
export {
  editedVerdictOf,
  markEditedSinceEarlierImport,
  readEarlierCreate,
  readEditedVerdicts,
  readThroughSearch,
  type EditedVerdict,
} from './batch/edited-creates.ts';
export {
  earlierResultsReader,
  earlierResultNote,
  markDoneInEarlierResults,
  writtenRequestReader,
  type EarlierResult,
  type WrittenRequest,
} from './batch/earlier-results.ts';
export {
  ANSWERED_EXISTING,
  openJournal,
  JournalHoldsRunError,
  isOtherAccount,
  journalAccountIdentity,
  otherAccountError,
  readJournalFile,
  readJournalHeader,
  JOURNAL_VERSION,
  sha256,
} from './batch/journal.ts';
export type {
  Journal,
  JournalBinding,
  JournalHeader,
  JournalState,
  IntentLine,
  KeptEarlierRun,
  OutcomeLine,
  OpenJournalOptions,
} from './batch/journal.ts';
export {
  JournalUndoneError,
  revertOfImport,
  undoneImportWords,
  type UndoneImport,
} from './batch/undone-import.ts';
export { recordRevertWhereabouts, revertWhereaboutsPath } from './batch/revert-whereabouts.ts';
export { compareSentRows, type SentRowsComparison } from './batch/sent-rows-compare.ts';
export { SearchFailedError } from './batch/search-failed.ts';
export { inDoubtAdvice } from './batch/in-doubt-advice.ts';
export {
  clockTime,
  lastLeftAt,
  resumeAfterWords,
  settledAt,
  settleWindowMs,
  updateRetryAfterWords,
} from './batch/earlier-sends.ts';
export { WriteUnconfirmedError } from './batch/unconfirmed-write.ts';
export { LOST_CREATE_WAITS, type LostCreateWaits } from './batch/reconcile.ts';
// issue 14 point 2: binding an import (mode, journal, the rows it sends, the runner's view of the mapping)
export { bindImport, importMode, importRows, mappedImportOptions } from './batch/bind-import.ts';
export type { BoundImport } from './batch/bind-import.ts';
export type { JournalLock, LockHolder, LockOwner, LockWords } from './batch/journal-lock.ts';
// issue 18: undo an import run (revert)
export { readRevertSource, revertTargets } from './batch/revert-source.ts';
export type { RevertCreate, RevertEntry, RevertSource } from './batch/revert-source.ts';
export { checkCurrent, revertCheckWords } from './batch/revert-check.ts';
export type { RevertCheck, RevertCheckCost } from './batch/revert-check.ts';
export { runRevert } from './batch/revert-run.ts';
export { ownWritesBeside } from './batch/revert-chain.ts';
export type {
  RevertOutcome,
  RevertProgress,
  RevertRowResult,
  RevertRunOptions,
  RevertStatus,
  RevertSummary,
} from './batch/revert-run.ts';
export { REVERT_RESULT_COLUMNS, revertResultsFormatOf, writeRevertResults } from './batch/revert-results.ts';
export type { RevertResults } from './batch/revert-results.ts';
export { journalInUse, lockJournal } from './batch/journal-lock.ts';
export {
  ImportRunningError,
  journalPaths,
  runningImportNote,
  runningImportsOf,
  startingImportOf,
  type RunningImport,
} from './batch/running-imports.ts';
export { createdContentOf } from './batch/would-create.ts';
export { lockExportOutput, outputLockPath } from './export/output-lock.ts';
export { discardUnusedJournal } from './batch/unused-journal.ts';
// explore 7 item 2: one import of a file and mapping into an account at a time, whatever its journal
export { lockRun, runLockName, type RunKey } from './batch/run-lock.ts';
export { RUN_LOCKS_ENV, runLocksFolder, userDataFolder, type HostPlace } from './batch/run-lock-folder.ts';
export {
  forgetJournals,
  journalListPath,
  journalListsFolder,
  knownJournals,
  readJournalLists,
  rememberJournal,
  type JournalListPlace,
  type UnreadList,
} from './batch/journal-registry.ts';
export type { KeptValues } from './batch/journal.ts';
// issue 17: the credential is scrubbed from every text kept; URLs shown without secrets
export { createRedactor, displayUrl, REDACTED, scrubEveryText } from './api/redact.ts';
export { credentialDoubts, edgeSpaceWords } from './api/credential-shape.ts';
export type { Redactor, Secrets } from './api/redact.ts';
// the host's words for where a connection is corrected (explore 51: --url or TRACKOPS_URL; the app's screen)
export type { ConnectionWords } from './api/connection-words.ts';
export { MAPPING_FILE_WORDS, type MappingWords } from './problems/mapping-words.ts';
