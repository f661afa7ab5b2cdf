/**
 * What the bridge's verbs answer, and the progress main pushes: plain JSON, so an IPC answer and an
 * HTTP answer are the same value. No answer carries the API token: `saveProfile` takes it, nothing
 * gives it back. A new verb's answer, when no type here fits, is one interface here.
 */
import type {
  ColumnPreset,
  DateRangePreset,
  ListFilters,
  LookupKind,
  Mapping,
  MappingColumn,
} from '../../core/schemas.ts';
import type { REFERENCE_LISTS } from './schemas.ts';

/**
 * Every answer crosses the bridge as a value; a thrown error would lose everything but its message.
 * `eventsBefore`: the number of progress events main had emitted when the verb's handler started, so
 * the renderer can tell an event newer than the answer from an older one (progress-hub.ts).
 */
export type BridgeResult<T> =
  { ok: true; value: T; eventsBefore?: number } | { ok: false; error: BridgeError };
export interface BridgeError {
  /** Stable code the UI can branch on (e.g. "bad_payload", "auth", "input", "not_found"). */
  code: string;
  /** A sentence for the user: what went wrong and what to do. */
  message: string;
}

/**
 * The export's filters as the form sends them: the list endpoint's, as core defines them once, with
 * the id boxes as typed (main checks them with core, naming the box).
 */
export type ExportFilters = Omit<ListFilters, IdFilter> & Partial<Record<IdFilter, number | string>>;
type IdFilter = 'id' | 'client' | 'location' | 'primary_contact' | 'primary_subject' | 'series_number';

/** A connection profile as the renderer may see it: never the token, only whether one is stored. */
export interface ProfileView {
  id: string;
  name: string;
  kind: 'sandbox' | 'account';
  baseUrl: string;
  user: string;
  hasToken: boolean;
  settings: { require_client_address: boolean; require_client_phone: boolean };
  /** The pace every request of this profile keeps (import, dry run, export, test connection). */
  pace: { ratePerSecond: number; concurrency: number };
  /**
   * Seconds before a create whose answer was lost, and that Trackops did not list at the first look, is
   * looked for again before it is ever sent again (the CLI's --recheck-after; core's default 10).
   */
  recheckAfterSeconds: number;
  /** Reference paths set for this connection (absent: as assumed, or as the last check found). */
  referencePaths?: Partial<Record<(typeof REFERENCE_LISTS)[number], string>>;
  /** What the last "Test connection" found (core's read-only check), when there was one. */
  check?: AccountCheckView;
  /**
   * A stored address holding a user name, password or query (saved before the form refused them): it
   * is shown without them (`baseUrl`), never used, and `suggestion` is the address to save instead.
   */
  addressProblem?: { message: string; suggestion: string | null };
  /** Why the check saved with this connection cannot be read (it then works as never tested). */
  checkUnreadable?: string;
}

/** A check's findings as the Connection screen may show them (core/account/check-account.ts). */
export interface AccountCheckView {
  checkedAt: string;
  /** In plain words, each thing that would make an import unsafe; empty when none. */
  unsafe: string[];
  findings: {
    topic: string;
    assumed: string;
    found: string;
    verdict: 'as-assumed' | 'handled' | 'unsafe' | 'unknown';
  }[];
  /** What later runs use: lists the account does not serve (null) and the page size it gives. */
  use: { referencePaths: Partial<Record<string, string | null>>; pageSize: number | null };
}

export interface ProfilesView {
  profiles: ProfileView[];
  activeId: string;
  /** How tokens are kept on this computer, in words (encrypted by the OS, memory only, …). */
  tokenStorage: string;
  /** Where the tool assumes each reference list is served (API-NOTES Assumed), for the profile form. */
  assumedReferencePaths: Record<(typeof REFERENCE_LISTS)[number], string>;
}

export interface ConnectionCheck {
  /** e.g. "Connected to … as …: 4 case types, 12 regions, 87 fields." */
  message: string;
  caseRequestCount: number | null;
  /** The read-only probe's findings (saved with an account's profile; later runs use them). */
  check: AccountCheckView;
}

export interface SheetChoice {
  name: string;
  hidden: boolean;
  /** How the sheet looked when the file was opened (core's openDataSheet): rows counted, headers known. */
  rows?: number;
  /** More rows than were counted. */
  moreRows?: boolean;
  recognised?: number;
  headers?: number;
  /** Why it could not be read as a table. */
  unreadable?: string;
}

export interface SourceView {
  sourceId: string;
  fileName: string;
  format: 'csv' | 'xlsx';
  sheets: SheetChoice[];
  /** The sheet that looks most like referral data (read first), as `map` chooses it; null for text. */
  chosenSheet: string | null;
  /** True when the app picked among several sheets that could be data, or not the first one. */
  sheetGuessed: boolean;
  /**
   * A file the reader refused as it is, kept open so that the sheet step can read it otherwise
   * (previewSheet): delimited text whose quotes do not pair up or whose guessed delimiter reads a header
   * one cell wide (another quote, escape character or delimiter), and a sheet, text or workbook, whose
   * header row was not found (`no_header`: the row typed in the Header row box, a workbook's sheet).
   */
  refused?: BridgeError;
  /**
   * The chosen sheet's preview, as previewSheet answers it, so that choosing a file takes one call
   * (issue 13); absent when the file was refused.
   */
  preview?: SheetPreview;
  /**
   * A send of this very file (same contents) that did not finish: cancelled, a trial, or the app or
   * window closed mid-send. Sending it again with its mapping sends only the rows not written yet.
   */
  unfinishedSend?: UnfinishedSend;
  /**
   * The file is a round-trip export (Export, "Round trip" columns): it carries its own mapping (shown,
   * not edited), the sheet and mapping steps are skipped, and only the cells edited since the export
   * are sent, through the CLI's round-trip path.
   */
  roundTrip?: { exportedAt: string; exportedFrom: string; mapping: Mapping };
}

/** A round trip's counts, as `validate FILE` / `import FILE` say them (core's RoundTripSummary). */
export interface RoundTripView {
  exportedAt: string;
  /** The account the file was exported from (its connection label, no credentials). */
  exportedFrom: string;
  /** Rows of the file. */
  rows: number;
  /** Rows with a cell edited since the export. */
  edited: number;
  /** Rows with no cell edited: nothing to send. */
  unchanged: number;
  /** Edited rows to send. */
  changed: number;
  /** Edited rows whose edits Trackops already holds: nothing sent. */
  alreadyApplied: number;
  /** Edited rows whose request changed in Trackops since the export: never overwritten, not sent. */
  conflicts: number;
  /** Edited rows refused (a column the update cannot change, a value that cannot be read…). */
  refused: number;
  /** Exported requests with no row in the file (deleting a row deletes nothing). */
  missing: number;
  /** Columns added by hand: ignored. */
  ignoredColumns: string[];
  /** What the counts leave unsaid (core's roundTripNotes). */
  notes: string[];
}

export interface UnfinishedSend {
  /** The file's name as that send was given it. */
  file: string;
  /** When that send (its first run) started, and when it last asked to write a row (ISO, UTC). */
  startedAt: string;
  lastAt: string | null;
  /** Rows it wrote (created) so far. */
  written: number;
  /** The mapping it was sent with: checking the file with it again finds its journal. */
  mapping: Mapping;
}

export interface SheetPreview {
  sourceId: string;
  sheet: string | null;
  headerRow: number;
  /** Set when the person gave the header row (its box); absent when the reader found it. */
  headerRowGiven?: true;
  headers: string[];
  /** The first rows under the header, as text, for the picker's preview. */
  rows: { row: number; cells: string[] }[];
  /** Raw rows from the top of the sheet (title rows included) so the user can point at the header. */
  topRows: { row: number; cells: string[] }[];
  /** Delimited text: the quote and escape characters it was read with, when not the defaults. */
  quote?: string;
  escape?: string;
  /** Delimited text: the delimiter and encoding the person gave (absent: detected; see readAs). */
  delimiter?: string;
  encoding?: string;
  /**
   * Delimited text: the delimiter and encoding it was read with (core's SheetSource), and whether each
   * was detected (a guess the sheet step says it made) or given.
   */
  readAs?: TextReadAs;
}

export interface TextReadAs {
  /** The character itself ("\t" for a tab). */
  delimiter: string;
  /** "comma-separated", "tab-separated", `"~"-separated`: the CLI's `map` words (core's delimiterName). */
  delimiterName: string;
  /** A WHATWG encoding name as TextDecoder gives it: "utf-8", "windows-1252", "utf-16le", … */
  encoding: string;
  delimiterDetected: boolean;
  encodingDetected: boolean;
}

/** What reading the file guessed and noticed (readingNotes), in the order said; empty when nothing. */
export interface ReadingNotesView {
  notes: ReadingNoteView[];
}

export interface ReadingNoteView {
  /** `guess`: what the app assumed, with how to change it; `note`: what reads otherwise than it shows. */
  kind: 'guess' | 'note';
  /** What a guess is about: the sheet step's line on how a text file was read leaves it to this note. */
  about?: 'encoding' | 'delimiter' | 'headerRow';
  text: string;
}

export interface DryRunStarted {
  runId: string;
}

export interface DryRunCancelled {
  /** False when there was no such run (already finished and replaced, or cancelled before). */
  cancelled: boolean;
}

export interface GridProblem {
  column: string | null;
  target: string | null;
  value: string | null;
  code: string;
  message: string;
  /** "mapping": a problem of the mapping, the same in every row it touches (shown once, above the grid). */
  scope?: 'mapping';
}

export interface GridRow {
  row: number;
  /** `skipped`: left out by the mapping's `skip` rules (a total or footer row; core's RowOutcome). */
  status: 'valid' | 'invalid' | 'skipped';
  /** Left-out rows: the rule that left it out (`rows`: by its number, "Leave this row out") and why. */
  skipped: {
    rule: 'rows' | 'whenBlank' | 'whenFirstCellStartsWith' | 'after' | 'repeatedHeader';
    reason: string;
  } | null;
  /** Live dry run: what the import would do (create, update, duplicate, not_found, ambiguous, …). */
  action: string | null;
  /** The existing request an update would go to. */
  targetId: number | null;
  cells: string[];
  problems: GridProblem[];
  /** Live dry run of updates: each field the update would change, old → new (issue 18); absent otherwise. */
  changes?: GridChange[];
  /**
   * What the row's values leave out that does not refuse it (core's RowOutcome.notes: a date's time of
   * day not kept), as the CLI and the reports say it; absent when none.
   */
  notes?: GridProblem[];
  /**
   * The account holds this row because this file's earlier send (same file, same mapping) created it,
   * as its journal records, or because an earlier send into this account created its very content (the
   * file fixed, or saved under another name): nothing to fix, nothing to send. Absent otherwise.
   */
  sentEarlier?: {
    /** The file's name as that send was given it. */
    file: string;
    /** When that send asked Trackops to create it (ISO, UTC); null if the journal has no time. */
    at: string | null;
    id: number | null;
    caseRequestNumber: string | null;
    /**
     * The file's cells as they stand do not pass the check (the send went with values fixed in the app):
     * what the check says of them now, in words. Absent when the row passes but for its duplicate.
     */
    fileDiffers?: string;
  };
}

export interface GridChange {
  /** The sheet's column that gives it (null: a value for every row, or a part kept from Trackops). */
  column: string | null;
  label: string;
  old: string;
  new: string;
}

export interface DryRunSummary {
  runId: string;
  fileName: string;
  sheet: string | null;
  headers: string[];
  state: 'running' | 'done' | 'failed';
  rows: number;
  valid: number;
  invalid: number;
  skippedBlank: number;
  /**
   * Rows this file's earlier send with this mapping already created (its journal says so): the account
   * holds them, they are neither valid nor invalid, and the send settles them without a request.
   */
  sentEarlier?: number;
  /**
   * A results file fed back in: rows its `_status` / `_id` columns say an earlier run wrote (the CLI's
   * `already_done`). Not errors and not among `valid` (the rows to send): the send skips them.
   */
  alreadyDone?: number;
  /**
   * Rows and columns hidden in Excel, which were checked and would be imported like any other: the
   * words validate and import print (core's hiddenNotice). Known once the run is done.
   */
  hidden?: string;
  /** Rows left out by the mapping's `skip` rules (not data: neither valid nor invalid, never sent). */
  skipped: number;
  /** The same by rule (core's SummaryCounter). */
  skippedByRule: Partial<
    Record<'rows' | 'whenBlank' | 'whenFirstCellStartsWith' | 'after' | 'repeatedHeader', number>
  >;
  /** Problems of the mapping (no Country column, …), each once with the rows it makes invalid. */
  mappingProblems: MappingProblemView[];
  /**
   * Date columns whose refused dates read both ways ("4/12/1980") and need the column's day/month order
   * chosen once (core's dateOrderChoices), most such rows first. Absent when there are none.
   */
  dateOrderChoices?: DateOrderChoiceView[];
  /** Rows validated so far (ahead of `rows` while a live dry run asks the account about them). */
  checked: number;
  /** Connected: the check of the rows against the account, from when its cost is known. */
  search?: DryRunSearch;
  /**
   * Connected, while the rows are checked: Trackops has not answered the check's read for a few
   * seconds (its listing, a look-up); null or absent while it answers.
   */
  waitingOnTrackops?: TrackopsSilenceView | null;
  /**
   * Live dry run of updates (issue 18): "12 requests would change: Notes on 12 rows, …; 5 rows would
   * change nothing", and what blank cells do in the fields it touches.
   */
  changes?: {
    line: string;
    blank: string | null;
    /** Valid rows that would change nothing: not sent unless the send is told to (its `force`). */
    unchanged: number;
    /**
     * Upsert: the mapping's constants sent with each update too, overwriting what matched requests hold,
     * with how many rows each changes and what to do instead (core's overwritingConstantsNotice).
     */
    constants?: string;
    /** Upsert: the mapped columns and constants an update cannot send at all (core's createOnlyNotice). */
    createOnly?: string;
  };
  /** A round-trip export's dry run, from its start: when and where the file was exported. */
  roundTripFile?: { exportedAt: string; exportedFrom: string };
  /** A round-trip export's dry run: its counts once every edited row is checked (no inline fixes). */
  roundTrip?: RoundTripView;
  /**
   * Cells fixed in an earlier dry run of this file and put in again (explore 11 item 2), in words: how
   * many, and any whose row is not among the rows read now. Absent when none were given.
   */
  keptFixes?: string;
  /** Set when state is failed: what stopped the run. */
  error?: BridgeError;
}

/**
 * A connected dry run asking the account which rows' requests exist: a large account at 1 request/s
 * takes minutes, so its cost is said as the CLI says it, with how far it has got.
 */
export interface DryRunSearch {
  /** core's checkCostWords: "checking 20 rows against 25,000 requests: 20 look-ups, about 21 s at 1/s". */
  cost: string;
  /** Pages of the listing, or look-ups, done so far. */
  done: number;
  /** Those the cost counts (a listing may read one page more, to tell a right count from a short one). */
  total: number;
  unit: 'page' | 'look-up';
  /** Once it is done, core's checkDoneWords: what was checked, and what the listing found beyond the count. */
  result?: string;
}

/** A problem of the mapping as the dry run shows it, once (core's MappingProblemSummary). */
/** A date column's order to choose: its example, and the rows each order would settle. */
export interface DateOrderChoiceView {
  column: string;
  /** The first refused value that reads both ways, and its row. */
  example: string;
  exampleRow: number;
  /** Refused values that read both ways. */
  bothWays: number;
  /** Month first, then day first (each when it reads any refused date): the format it sets, the rows it settles. */
  orders: {
    order: 'month' | 'day';
    format: string;
    rows: number;
    firstRow: number;
    /** The example read in this order, in words ("April 12, 1980"). */
    example: string;
  }[];
}

export interface MappingProblemView {
  code: string;
  column: string | null;
  target: string | null;
  message: string;
  rows: number;
  firstRow: number;
}

export interface DryRunPage {
  summary: DryRunSummary;
  /** Rows matching the filter (all, or only invalid). */
  total: number;
  offset: number;
  rows: GridRow[];
}

/** A fixed cell: the row re-validated at once, and the run's new counts. */
export interface CellFixed {
  row: GridRow;
  summary: DryRunSummary;
  /**
   * Other rows checked again with it, whose outcome it changed: for a fix, the rows sharing the fixed
   * row's in-file duplicate key before or after it (issue 13); for a row left out or brought back,
   * those sharing its key. Usually none.
   */
  also?: GridRow[];
}

/** In Electron main saves through a dialog; in a browser the renderer receives the bytes to download. */
export type SavedFile = (
  | { kind: 'saved'; path: string }
  | { kind: 'cancelled' }
  | { kind: 'download'; fileName: string; mimeType: string; bytesBase64: string }
) & {
  /** What the file could not be (e.g. a workbook copied without its pictures), in words for the user. */
  note?: string;
};

export interface ImportStatus {
  runId: string;
  /** The connection the send writes to: the header's status dot hears how it ends (as an export's). */
  profileId?: string;
  /**
   * That connection's name as the send started: its progress, results and undo name it, whatever
   * connection is in use now (explore 40 item 1: a switch mid-send renamed the send after the new one).
   */
  connectionName?: string;
  state: 'running' | 'paused' | 'cancelling' | 'cancelled' | 'done' | 'failed';
  /**
   * What this send was asked to send: a trial of the first `trialRows` rows, or `rows` only (the failed
   * ones: "Retry N failed rows"; those not tried yet: "Send the remaining"). Both absent: every row left.
   * The results say what the send was by them (explore 38 item 4: a retry was called a trial run).
   */
  trialRows?: number;
  rows?: 'failed' | 'untried';
  total: number;
  done: number;
  created: number;
  updated: number;
  /** Updates that would have changed nothing: not sent (issue 13). */
  unchanged: number;
  failed: number;
  skipped: number;
  rowsPerSecond: number;
  etaSeconds: number | null;
  /** Seconds the API asked us to wait (429 / Retry-After), when throttled right now. */
  throttledSeconds: number | null;
  /**
   * Before the first row: the send waits this long, then looks at Trackops again for another import of
   * the file running now on another computer (core's keys-being-added.ts); `message` says so. Null
   * otherwise.
   */
  lookingAgain: { seconds: number; message: string } | null;
  /**
   * While sending: Trackops has not answered a row's request for some seconds, or that row's create
   * got no answer and is being looked for (core's trackops-waits.ts); `message` says which, how long,
   * and what comes next. The rate and the time left hold still meanwhile. Null otherwise.
   */
  waitingOnTrackops: { row: number; silentSeconds: number; message: string } | null;
  error?: BridgeError;
  /**
   * The code of the API failure under `error` when it is not its own (`api_network` under a search that
   * got no answer, `search_failed`): what the stop says of the connection. Absent otherwise.
   */
  stoppedBy?: string;
  /** Rows that were not written, with why: once the run has ended (`latestFailures` before). */
  failures: { row: number; message: string }[];
  /**
   * While the send runs: the latest rows that failed so far (a few, newest first), each with why and
   * what to do, as they come; `failed` counts them all. Absent until a row fails.
   */
  latestFailures?: { row: number; message: string }[];
  /**
   * Of `failed`: rows an earlier send left failed that this one does not try ("Send the remaining N
   * rows" leaves them for "Retry"): counted with the file's failures, never as this send's, and not
   * among `latestFailures`. Absent when none.
   */
  failedEarlier?: number;
  /**
   * Rows not sent because Trackops holds their key now: a request added after the dry run (the same
   * file imported from the command line meanwhile, a colleague typing the claim in). Once the run ends.
   */
  addedSince?: { row: number; message: string }[];
  /**
   * Rows whose very content an earlier import into this account created (another journal: the file
   * fixed, renamed, or sent from the CLI): not sent, counted in `skipped`. Absent when none.
   */
  sentByEarlierImports?: number;
  /**
   * Rows held back once the run ends: a create sent earlier without an answer, not found by content,
   * and requests that may be it (edited since) named in `message`, for the clerk to check; a send again
   * holds them back again. Absent when none.
   */
  heldBack?: { row: number; message: string }[];
  /**
   * Rows of `created` (this send's, not an earlier one's) whose create Trackops answered with a request
   * it held before, and none of the row's found since: not known to be created by this import (each
   * row's note in `written` says so). Absent when none.
   */
  answeredExisting?: number;
  /**
   * Once a send has stopped with rows in doubt (a write sent without an answer, or a search for one that
   * failed): those rows, each with what to do. They count among the rows still to send. Absent when none.
   */
  inDoubt?: { row: number; message: string }[];
  /** Failed rows that may pass on another try (server or network trouble): sending again retries them. */
  retryableFailures: number;
  /**
   * Once "Undo this import" has started putting it back (ISO, UTC): the rest of the file that was undone
   * is not offered (no "Send the remaining", no "Retry"), and a send of it is refused (core's
   * undone-import.ts). Absent while it has not been undone.
   */
  undoneAt?: string;
  /**
   * Once the run has ended (failed too, as the CLI says it at such a stop): what writes Trackops
   * answered without their record cost in requests (core's withoutRecordWords, the CLI's summary line:
   * "Trackops answered 3 creates without the request they made: …"). Absent when every write came back
   * with its record.
   */
  withoutRecord?: string;
  /**
   * Once the run has ended (done, cancelled, or failed: a run stopped by an error has no summary, and
   * these were lost with it): what the searches made while sending met that Trackops was not expected
   * to do (a filter it ignored, so a search read the whole list; a list that moved while read), each
   * said once however many searches met it (core's searches-met.ts, the CLI's summary notes, said at
   * its stops too). A round trip that failed has its own notes here too (core's roundTripNotes: rows not
   * in the file, its check's window guessed…), which a finished one's `roundTrip` carries. Absent when
   * nothing was met.
   */
  searchNotes?: string[];
  /**
   * Rows of this file that earlier sends (same file, same mapping: the same journal) had already
   * written when this send started: counted in `created` / `updated` too, since the file's rows are
   * counted whole, but not sent again. Absent when there were none.
   */
  earlier?: { created: number; updated: number };
  /**
   * A round trip, once its re-check just before sending is done: its counts as checked then (a request
   * changed since the dry run is a conflict now), and the rows not sent because of a conflict, with why.
   */
  roundTrip?: RoundTripView & {
    conflictRows: { row: number; message: string }[];
    /** The edited rows refused (an edit the update cannot make, a value that cannot be read), with why. */
    refusedRows: { row: number; message: string }[];
    /**
     * Edited rows sent without their request being read first (nothing changed since the export, so one
     * count sufficed): the values they replaced were not kept, so "Undo this import" cannot put them back.
     */
    unread: number;
  };
  /** Once the run has ended: the rows it wrote or found unchanged, with their request (row order). */
  written?: {
    row: number;
    status: 'created' | 'updated' | 'unchanged';
    id: number | null;
    caseRequestNumber: string | null;
    /**
     * Written by an earlier send of this file (the same journal: `earlier` counts it), not by this one:
     * the row was not sent again. Absent for rows this send wrote.
     */
    earlier?: true;
    /**
     * What Trackops said of a written row that we did not expect (an answer without a value sent…), or
     * what a row went through before it was written (refused with 403 by an earlier send, accepted now).
     */
    note: string | null;
    /**
     * The note holds something Trackops answered that this tool did not expect: the results count such
     * rows apart ("answered something this tool did not expect"). Absent when the note only tells the
     * row's history: a row accepted after an earlier 403 is counted as what it ended as.
     */
    unexpected?: true;
  }[];
}

/**
 * Sends running in this app now, then sends that ended with no page reading their end (a tab closed
 * mid-send), newest first, each with its dry run (what the send screen shows). A send's end is read by
 * `importStatus` once it has ended: the screen asks for it when it shows the results.
 */
export interface RunningSends {
  sends: { profileId: string | null; summary: DryRunSummary; status: ImportStatus }[];
}

export interface TemplateList {
  names: string[];
}

export interface ImportedTemplate {
  name: string;
  names: string[];
  /** The mapping as saved: without `skip.rows` (row numbers belong to the file it was made from). */
  mapping: Mapping;
  /** The rows the file left out by number, dropped as "Save template" drops them (empty: none). */
  droppedRows: number[];
}

/** A template read against the file open in the wizard (core's resolveHeaderCase and checkMappingAgainstHeaders). */
export interface TemplateFit {
  /** The template with each column the file names in another case renamed to the file's header. */
  mapping: Mapping;
  /** Those renamings: the template's column and the file's header. */
  matched: { column: string; header: string }[];
  /** The template's mapped columns the file lacks, with the header each most likely is (null: none close). */
  missing: { column: string; closest: string | null }[];
}

export interface TargetHelp {
  /** A mapping target path, e.g. "contact.email", "custom_fields.7", "subjects.0.custom_fields.1". */
  target: string;
  label: string;
  group: string;
  description: string;
  required: boolean;
  /** What the value must be: drives the options shown (date format, split, value mapping). */
  kind:
    | 'text'
    | 'date'
    | 'number'
    | 'boolean'
    | 'email'
    | 'country'
    | 'choice'
    | 'lookup'
    | 'list'
    | 'name'
    | 'address'
    | 'key';
  /** Reference data the target resolves names against, when it is a lookup. */
  lookup: LookupKind | null;
  /** For lookups and choice fields: the names the account accepts. */
  choices: string[];
  /** For lookups: the account's id of each name in `choices`, in the same order (a constant is kept as the id). */
  choiceIds?: number[];
  /**
   * How core matches each of `choices` (TextKey), in the same order: the Columns step finds which names a
   * value means with core's own rule, never a copy of it.
   */
  choiceKeys?: TextKey[];
  /**
   * Only when some of `choices` are look-alikes (one `caseless` key: "Rush" and "rush", "Surveillance" and
   * "Surveillance "): each name told apart as core's messages name it (quoted, an unseen space said, the
   * id of a lookup's item), in the same order.
   */
  choicesApart?: string[];
}

/**
 * A text as core matches it against the account's names (core/mapping/text-key.ts): `seen` (NFC, any
 * run of spaces one space, trimmed; a SELECT/RADIO choice written so is that choice) and `caseless`
 * (the same in lower case: how lookups, choices and "values" keys meet a cell).
 */
export interface TextKey {
  seen: string;
  caseless: string;
}

/** What a target picked by hand needs of its column (core's planColumn, as the suggestion plans one). */
export interface ColumnPlanView {
  /** The column's options for that target (`parse`, `dateFormat`, `lookup`, `split`, `values`, `decimal`). */
  options: Omit<MappingColumn, 'column' | 'target'>;
  /** What the values say about it, as the suggestion's notes say it. */
  notes: MappingDraft['notes'];
}

/** Core's HeaderFields (validate/header-fields.ts): where a header names one of the account's fields. */
export interface HeaderFields {
  /** The case custom field the header names, or null. */
  case: number | null;
  /** Subject type id → the field of that type the header names (types with none are left out). */
  subjectTypes: Record<string, number>;
}

export interface MappingDraft {
  /** A suggested or loaded mapping (CONTRACTS section 2). */
  mapping: Mapping;
  /** Every case-level target the account offers, with help text from the seed and the account's field names. */
  targets: TargetHelp[];
  /**
   * Subject types the account defines, for subject groups, each with its fields as targets relative to
   * the group (e.g. "custom_fields.12"); the wizard prefixes "subjects.<n>." for the n-th group.
   */
  subjectTypes: { id: number; name: string; fields: TargetHelp[] }[];
  /**
   * The account's custom fields were read whole, so a field the mapping names that none of the targets
   * holds is one the account does not have (explore 34 item 5); false offline, or when the account did
   * not give its field list, or gave it cut short: then nothing is said about such a field.
   */
  accountFields: boolean;
  /**
   * Per header, the field the account has now whose name the header holds (core's fieldForColumn), among
   * the case's fields and among each subject type's: what the mapping step offers in place of a field the
   * account no longer has, the same field the dry run's words name. Empty unless `accountFields`.
   */
  headerFields: Record<string, HeaderFields>;
  /** The distinct values in each source column (first 200), for value mapping of lookup columns. */
  columnValues: Record<string, string[]>;
  /**
   * Each of those values, and each item of them split on ";" or "," (or a template column's own
   * "split"), keyed by its text: how core matches it (TextKey), for the Columns step's "“…” means".
   */
  valueKeys: Record<string, TextKey>;
  /** What the suggestion could not decide alone, and what it assumed (column null: the mapping as a whole). */
  notes: {
    column: string | null;
    level: 'info' | 'warning' | 'decide';
    message: string;
    /** A subject group an ordinal numbered (core's SuggestionNote.ordinalGroup), said beside that group. */
    ordinalGroup?: number;
  }[];
  /**
   * The rows the suggestion looked at (core's sampleSheet: the same numbers as the CLI's `map`);
   * `totalRows` null while the rest of the file is still being read (`complete` false).
   */
  sample: { rows: number; totalRows: number | null };
  /**
   * False when the answer was made from the sheet's first rows while the rest was still being read
   * (issue 13): no footer looked for yet, no row count, values of those rows only. Asking again with
   * `whole` gives the answer made from every row.
   */
  complete: boolean;
}

/**
 * The dates a date-range preset stood for when Count or Export was clicked: days of the computer's
 * calendar (ExportOptions.timeZone), as `export --created-from today` takes them.
 */
export interface UsedDates {
  field: 'created' | 'due';
  /** The preset as the screen names it ("This month"). */
  preset: string;
  from: string;
  to: string;
}

/**
 * A date or time typed in a "(UTC)" box, and the second it was sent as: a "to" of 23:59 is 23:59:59,
 * a date the whole day (core's completedTimes).
 */
export interface SentTime {
  /** The box as the screen names it ("Updated to (UTC)"). */
  box: string;
  given: string;
  /** `YYYY-MM-DD HH:MM:SS`, UTC. */
  sent: string;
}

export interface ExportCount {
  recordCount: number;
  pageCount: number;
  /** Asked with a date preset: the dates it was resolved to for this count. */
  dates?: UsedDates;
  /** The time boxes given as a date or to the minute: the second each was sent as. */
  times?: SentTime[];
  /**
   * Text boxes sent without the spaces at their ends, or not at all (spaces only), in words (core's
   * trimmedFilterWords): the count or export otherwise matched nothing, or everything, in silence.
   */
  trimmed?: string[];
  /** Asked with sinceLast: the window counted. */
  sinceLast?: SinceLastView;
}

/** The window of a "Changed since my last export" export, for the screen to say (all times UTC). */
export interface SinceLastView {
  /** `YYYY-MM-DD HH:MM:SS`: the updated_from asked; null when there is no earlier export (everything). */
  updatedFrom: string | null;
  /** When the previous export began (ISO); null on first use. */
  previousStartedAt: string | null;
  /** How far before it the window starts, for clock differences. */
  marginMinutes: number;
  /** Hours earlier still while the zone Trackops stamps in is not known on this computer (core's unknownZoneHours); 0 once known. */
  zoneHours: number;
}

export interface ExportStatus {
  jobId: string;
  /** The connection it reads (the header's status dot hears its failure as that connection's). */
  profileId: string;
  state: 'running' | 'done' | 'failed' | 'cancelled';
  /** counting (mode=count), fetching pages, writing the file, done. */
  phase: 'counting' | 'fetching' | 'writing' | 'done';
  /** Requests fetched (fetching) or rows written (writing, done). */
  written: number;
  total: number | null;
  error?: BridgeError;
  /** A "Changed since my last export" export: its window. */
  sinceLast?: SinceLastView;
  /** Started with a date preset: the dates it was resolved to for this export. */
  dates?: UsedDates;
  /** The time boxes given as a date or to the minute: the second each was sent as. */
  times?: SentTime[];
  /**
   * Text boxes sent without the spaces at their ends, or not at all (spaces only), in words (core's
   * trimmedFilterWords): the count or export otherwise matched nothing, or everything, in silence.
   */
  trimmed?: string[];
  /** Once done: what the file could not show, in words (core/export/export-notes.ts). */
  notes?: string[];
  /**
   * While running: Trackops failed to answer a request and the app waits before asking again (core
   * retries a read up to 5 times). Cleared once an answer comes.
   */
  retrying?: { attempt: number; waitSeconds: number; reason: string };
}

export interface ExportOptions {
  columnPresets: { name: ColumnPreset; label: string; description: string }[];
  /**
   * Date-range presets resolved in main, as days of the computer's calendar (`timeZone`; weeks start on
   * Monday), as of this answer: a preview. Count and Export send the preset's name, resolved again at
   * the click.
   */
  datePresets: { name: DateRangePreset; label: string; from: string; to: string }[];
  /** The zone whose calendar the presets are days of (e.g. "America/Denver"), for the screen to name. */
  timeZone: string;
  /** The account's case regions, so the region filter is chosen by name. */
  regions: { id: number; name: string }[];
}

/** Issue 18: undoing an import's updates ("Undo this import"): the preview, then the send and its results. */
export interface RevertView {
  runId: string;
  /** `preview`: checked, nothing sent yet; then running, and done or failed ("Finish the undo" resumes it). */
  state: 'preview' | 'running' | 'done' | 'failed';
  summary: {
    updates: number;
    toRevert: number;
    reverted: number;
    unchanged: number;
    conflict: number;
    failed: number;
    gone: number;
    notRevertible: number;
    notSent: number;
    created: number;
    /** Of the creates, those changed in Trackops since the import (by someone, or a later import not undone). */
    createdChanged: number;
  };
  /** What checking the requests for changes cost, in words; empty when nothing was checked or looked for. */
  check: string;
  /**
   * What the undo's searches met that Trackops was not expected to do (a filter it ignored, so the
   * check read the whole list), each said once (core's searches-met.ts). Absent when nothing was met.
   * Those of the last check: an undo that ended on an error says what its own check and searches met
   * before the stop (the preview's, when it stopped before its check was done).
   */
  searchNotes?: string[];
  done: number;
  total: number;
  /**
   * While the send waits for an earlier put-back of this undo that got no answer to settle (its
   * window, core's earlier-sends.ts), before reading that request back: how long still, and what it
   * waits for and until when, in the app's words. Null otherwise: nothing moves meanwhile, so it is said.
   */
  waiting: { seconds: number; message: string } | null;
  /** Every request of the import but those already as before, by row. */
  rows: RevertRowView[];
  error?: BridgeError;
}

export interface RevertRowView {
  row: number;
  status:
    | 'to_revert'
    | 'reverted'
    | 'conflict'
    | 'failed'
    | 'gone'
    | 'not_revertible'
    | 'not_sent'
    | 'created'
    | 'created_changed'
    | 'not_created'
    | 'unchanged';
  id: number | null;
  caseRequestNumber: string | null;
  /** What is (or would be) put back: old = the value now, new = the value before the import. */
  changes: { label: string; old: string; new: string }[];
  /** Conflicts: the value the import set and the value Trackops holds now. */
  conflicts: { label: string; ours: string; current: string }[];
  /** Conflicts: every field the import changed that does not hold its value from before, now → before. */
  byHand: { label: string; now: string; before: string }[];
  /** What else the row's check or send found, as a sentence (capitalised and ended). */
  message: string | null;
  /**
   * A `not_created` row whose create's answer never came (not one answered with an older request); a
   * `not_sent` row of a stopped undo whose put-back left without an answer saying it was stored.
   */
  inDoubt?: true;
}

/** Pushed from main while long work runs; `seq` numbers them in the order emitted (progress-hub.ts). */
export type ProgressEvent = (
  | { kind: 'dryRun'; summary: DryRunSummary }
  | { kind: 'import'; status: ImportStatus }
  | { kind: 'export'; status: ExportStatus }
  | { kind: 'revert'; view: RevertView }
  | { kind: 'reading'; reading: AccountReadingView }
) & { seq?: number };

/**
 * Trackops is silent: for how long, and what is waited on, in the app's words (main's
 * trackops-silence.ts). Said once a request has gone a few seconds without an answer.
 */
export interface TrackopsSilenceView {
  silentSeconds: number;
  message: string;
}

/**
 * What main reads of the account for a call the page still waits on: the lists before a send, before a
 * dry run, the requests an undo would put back. Before its answer there is no run, status or view to
 * carry progress, and a read held by a silent Trackops left a button saying "Checking…" for minutes
 * with no word. The page names the call's reading (`readingId` in its payload) and shows these events.
 */
export interface AccountReadingView {
  readingId: string;
  /** What is read, in the app's words ("the account's case types, regions and fields, before sending"). */
  what: string;
  /** The account's answers so far. */
  answered: number;
  /** Trackops silent for a few seconds or more; null while it answers. */
  waiting: TrackopsSilenceView | null;
  /** `done` once the call has its answer (or failed): the page stops showing it. */
  state: 'reading' | 'done';
}
