/**
 * The one contract between the renderer and main (STYLE.md "Layout and boundaries"): the `Bridge`
 * interface of async verbs, the channel names, and a zod schema per payload. No electron import here:
 * the preload, the Electron handlers, the browser-mode HTTP adapter and the renderer all read this file.
 *
 * Payloads and answers are plain JSON (file bytes travel as base64) so the same schema checks an IPC
 * call and an HTTP call alike. The API token goes renderer → main once, in `saveProfile`, and never
 * comes back: no answer type below has a token field.
 */
import { z } from 'zod';

/** Every answer crosses the bridge as a value; a thrown error would lose everything but its message. */
export type BridgeResult<T> = { ok: true; value: T } | { ok: false; error: BridgeError };
export interface BridgeError {
  /** Stable code the UI can branch on (e.g. "bad_payload", "auth", "input", "not_found"). */
  code: string;
  /** A sentence for the user: what went wrong and what to do. */
  message: string;
}

// ---------- payload schemas (one per verb) ----------

const id = z.string().min(1).max(100);
const accountSettings = z.strictObject({
  require_client_address: z.boolean(),
  require_client_phone: z.boolean(),
});

/** Where an account serves a reference list, when not where assumed (API-NOTES "Assumed" paths). */
export const REFERENCE_LISTS = [
  'case_types',
  'case_regions',
  'case_services',
  'case_flags',
  'referral_sources',
  'company_locations',
  'subject_types',
  'fields',
] as const;
const referencePaths = z.partialRecord(
  z.enum(REFERENCE_LISTS),
  z
    .string()
    .trim()
    .min(1)
    .max(200)
    .regex(/^[\w./-]+$/, 'A path like case/regions'),
);

export const profileInputSchema = z.strictObject({
  /** Absent: a new profile. */
  id: id.optional(),
  name: z.string().trim().min(1, 'Give the profile a name').max(80),
  baseUrl: z.string().trim().min(1, 'Enter the account URL').max(300),
  user: z.string().trim().min(1, 'Enter the Trackops user name').max(120),
  /** Empty or absent on an edit: keep the stored token. */
  token: z.string().max(500).optional(),
  settings: accountSettings,
  /** How fast every request of this profile goes; absent on an edit: keep it (new: 1/s, one at a time). */
  pace: z
    .strictObject({
      ratePerSecond: z
        .number()
        .min(0.1, 'At least 0.1 requests per second')
        .max(50, 'At most 50 requests per second'),
      concurrency: z.number().int().min(1).max(8, 'At most 8 requests at once'),
    })
    .optional(),
  /** Reference lists the account serves elsewhere (e.g. case_regions: "regions"); absent: as assumed. */
  referencePaths: referencePaths.optional(),
});

const runRef = z.strictObject({ runId: id });
const jobRef = z.strictObject({ jobId: id });

export const openSourceSchema = z.strictObject({
  name: z.string().min(1).max(260),
  /** The file's bytes, base64. 200 MB of base64 at most. */
  bytesBase64: z.string().max(280_000_000),
});

/** Delimited text: one character that quotes fields, or escapes a quote inside one (mapping `source`). */
const quoteCharacter = z.string().length(1, 'One character');

export const previewSheetSchema = z.strictObject({
  sourceId: id,
  sheet: z.string().max(200).optional(),
  headerRow: z.number().int().min(1).max(1000).optional(),
  /** Delimited text only (docs/mapping.md `source`): absent, the reader's defaults (" doubled). */
  quote: quoteCharacter.optional(),
  escape: quoteCharacter.optional(),
});

/** A mapping as the renderer edits it; core's parseMapping checks it fully (CONTRACTS section 2). */
export const mappingPayload = z.record(z.string(), z.unknown());

export const startDryRunSchema = z.strictObject({
  sourceId: id,
  profileId: id.optional(),
  mapping: mappingPayload,
});

export const dryRunPageSchema = z.strictObject({
  runId: id,
  offset: z.number().int().min(0),
  limit: z.number().int().min(1).max(1000),
  onlyErrors: z.boolean(),
});

export const fixCellSchema = z.strictObject({
  runId: id,
  row: z.number().int().min(1),
  column: z.string().min(1).max(300),
  value: z.string().max(10_000),
});

/** "Leave this row out" (the mapping's `skip.rows`), or bring it back (`leave: false`). */
export const leaveRowOutSchema = z.strictObject({
  runId: id,
  row: z.number().int().min(1),
  leave: z.boolean(),
});

export const reportFormat = z.enum(['xlsx', 'csv', 'json']);
export const saveReportSchema = z.strictObject({ runId: id, format: reportFormat });

export const startImportSchema = z.strictObject({
  runId: id,
  profileId: id,
  /** Trial run: send only the first N valid rows. */
  limitRows: z.number().int().min(1).max(1_000_000).optional(),
  /** Update/upsert: send rows that would change nothing too (issue 13). */
  force: z.boolean().optional(),
  ratePerSecond: z.number().min(0.1).max(50).optional(),
  concurrency: z.number().int().min(1).max(8).optional(),
});

export const templateNameSchema = z.strictObject({ name: z.string().trim().min(1).max(120) });
/** A template file the user picked (e.g. one a colleague sent): its name and JSON text. */
export const importTemplateSchema = z.strictObject({
  fileName: z.string().trim().min(1).max(260),
  text: z.string().max(2_000_000),
});
export const saveTemplateSchema = z.strictObject({
  name: z.string().trim().min(1).max(120),
  mapping: mappingPayload,
});

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'Use a date like 2025-01-31');
const isoStamp = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}( \d{2}:\d{2}(:\d{2})?)?$/, 'Use 2025-01-31 or 2025-01-31 13:45');
const positiveInt = z.number().int().min(1);
/** The list endpoint's filters (seed), spelled as the API spells them. */
export const exportFiltersSchema = z.strictObject({
  id: positiveInt.optional(),
  client: positiveInt.optional(),
  location: positiveInt.optional(),
  case_region: positiveInt.optional(),
  created_from: isoDate.optional(),
  created_to: isoDate.optional(),
  created_from_system: isoStamp.optional(),
  created_to_system: isoStamp.optional(),
  due_from: isoDate.optional(),
  due_to: isoDate.optional(),
  updated_from: isoStamp.optional(),
  updated_to: isoStamp.optional(),
  primary_contact: positiveInt.optional(),
  primary_subject: positiveInt.optional(),
  reference_value_1: z.string().max(200).optional(),
  reference_value_2: z.string().max(200).optional(),
  reference_value_3: z.string().max(200).optional(),
  series_number: positiveInt.optional(),
  case_request_number: z.string().max(100).optional(),
});
export type ExportFilters = z.infer<typeof exportFiltersSchema>;

export const countExportSchema = z.strictObject({
  profileId: id,
  filters: exportFiltersSchema,
  /**
   * "Changed since my last export": only requests updated since the last such export of this profile
   * with the same columns and filters (core/export/since-last.ts); `columns` then says which preset.
   */
  sinceLast: z.boolean().optional(),
  columns: z.string().min(1).max(60).optional(),
});
export const startExportSchema = z.strictObject({
  profileId: id,
  filters: exportFiltersSchema,
  columns: z.string().min(1).max(60),
  format: z.enum(['xlsx', 'csv']),
  /** "Changed since my last export" (see countExportSchema); recorded once the file is saved. */
  sinceLast: z.boolean().optional(),
});

export const emptySchema = z.strictObject({});

// ---------- answer types ----------

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
  /** Reference paths set for this connection (absent: as assumed, or as the last check found). */
  referencePaths?: Partial<Record<(typeof REFERENCE_LISTS)[number], string>>;
  /** What the last "Test connection" found (core's read-only check), when there was one. */
  check?: AccountCheckView;
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
   * Delimited text the reader refused as it is (quotes that do not pair up): the file is kept open so
   * that another quote or escape character can be tried (previewSheet with `quote`/`escape`).
   */
  refused?: BridgeError;
}

export interface SheetPreview {
  sourceId: string;
  sheet: string | null;
  headerRow: number;
  headers: string[];
  /** The first rows under the header, as text, for the picker's preview. */
  rows: { row: number; cells: string[] }[];
  /** Raw rows from the top of the sheet (title rows included) so the user can point at the header. */
  topRows: { row: number; cells: string[] }[];
  /** Delimited text: the quote and escape characters it was read with, when not the defaults. */
  quote?: string;
  escape?: string;
}

export interface DryRunStarted {
  runId: string;
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
  skipped: { rule: 'rows' | 'whenBlank' | 'whenFirstCellStartsWith' | 'after'; reason: string } | null;
  /** Live dry run: what the import would do (create, update, duplicate, not_found, ambiguous, …). */
  action: string | null;
  /** The existing request an update would go to. */
  targetId: number | null;
  cells: string[];
  problems: GridProblem[];
  /** Live dry run of updates: each field the update would change, old → new (issue 18); absent otherwise. */
  changes?: GridChange[];
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
  /** Rows left out by the mapping's `skip` rules (not data: neither valid nor invalid, never sent). */
  skipped: number;
  /** The same by rule (core's SummaryCounter). */
  skippedByRule: Partial<Record<'rows' | 'whenBlank' | 'whenFirstCellStartsWith' | 'after', number>>;
  /** Problems of the mapping (no Country column, …), each once with the rows it makes invalid. */
  mappingProblems: MappingProblemView[];
  /** Rows validated so far (ahead of `rows` while a live dry run asks the account about them). */
  checked: number;
  /**
   * Live dry run of updates (issue 18): "12 requests would change: Notes on 12 rows, …; 5 rows would
   * change nothing", and what blank cells do in the fields it touches.
   */
  changes?: { line: string; blank: string | null };
  /** Set when state is failed: what stopped the run. */
  error?: BridgeError;
}

/** A problem of the mapping as the dry run shows it, once (core's MappingProblemSummary). */
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
  /** Other rows checked again with it (a row left out: those with the same key, duplicates or not now). */
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
  state: 'running' | 'paused' | 'cancelling' | 'cancelled' | 'done' | 'failed';
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
  error?: BridgeError;
  /** Rows that were not written, with why. */
  failures: { row: number; message: string }[];
  /** Failed rows that may pass on another try (server or network trouble): sending again retries them. */
  retryableFailures: number;
  /** Once the run has ended: the rows it wrote or found unchanged, with their request (row order). */
  written?: {
    row: number;
    status: 'created' | 'updated' | 'unchanged';
    id: number | null;
    caseRequestNumber: string | null;
  }[];
}

export interface TemplateList {
  names: string[];
}

export interface ImportedTemplate {
  name: string;
  names: string[];
  mapping: Record<string, unknown>;
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
  lookup: string | null;
  /** For lookups and choice fields: the names the account accepts. */
  choices: string[];
  /** For lookups: the account's id of each name in `choices`, in the same order (a constant is kept as the id). */
  choiceIds?: number[];
}

export interface MappingDraft {
  /** A suggested or loaded mapping (CONTRACTS section 2). */
  mapping: Record<string, unknown>;
  /** Every case-level target the account offers, with help text from the seed and the account's field names. */
  targets: TargetHelp[];
  /**
   * Subject types the account defines, for subject groups, each with its fields as targets relative to
   * the group (e.g. "custom_fields.12"); the wizard prefixes "subjects.<n>." for the n-th group.
   */
  subjectTypes: { id: number; name: string; fields: TargetHelp[] }[];
  /** The distinct values in each source column (first 200), for value mapping of lookup columns. */
  columnValues: Record<string, string[]>;
  /** What the suggestion could not decide alone, and what it assumed (column null: the mapping as a whole). */
  notes: { column: string | null; level: 'info' | 'warning' | 'decide'; message: string }[];
  /** The rows the suggestion looked at (core's sampleSheet: the same numbers as the CLI's `map`). */
  sample: { rows: number; totalRows: number };
}

export interface ExportCount {
  recordCount: number;
  pageCount: number;
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
}

export interface ExportStatus {
  jobId: string;
  state: 'running' | 'done' | 'failed' | 'cancelled';
  /** counting (mode=count), fetching pages, writing the file, done. */
  phase: 'counting' | 'fetching' | 'writing' | 'done';
  /** Requests fetched (fetching) or rows written (writing, done). */
  written: number;
  total: number | null;
  error?: BridgeError;
  /** A "Changed since my last export" export: its window. */
  sinceLast?: SinceLastView;
}

export interface ExportOptions {
  columnPresets: { name: string; label: string; description: string }[];
  /** Date-range presets resolved in main, in UTC like the API's dates (weeks start on Monday). */
  datePresets: { name: string; label: string; from: string; to: string }[];
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
  };
  /** What checking the requests for changes cost, in words. */
  check: string;
  done: number;
  total: number;
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
    | 'unchanged';
  id: number | null;
  caseRequestNumber: string | null;
  /** What is (or would be) put back: old = the value now, new = the value before the import. */
  changes: { label: string; old: string; new: string }[];
  /** Conflicts: the value the import set and the value Trackops holds now. */
  conflicts: { label: string; ours: string; current: string }[];
  message: string | null;
}

/** Pushed from main while long work runs. */
export type ProgressEvent =
  | { kind: 'dryRun'; summary: DryRunSummary }
  | { kind: 'import'; status: ImportStatus }
  | { kind: 'export'; status: ExportStatus }
  | { kind: 'revert'; view: RevertView };

// ---------- the Bridge ----------

type In<S extends z.ZodType> = z.input<S>;

export interface Bridge {
  listProfiles(payload: In<typeof emptySchema>): Promise<BridgeResult<ProfilesView>>;
  saveProfile(payload: In<typeof profileInputSchema>): Promise<BridgeResult<ProfilesView>>;
  deleteProfile(payload: In<typeof profileRefSchema>): Promise<BridgeResult<ProfilesView>>;
  selectProfile(payload: In<typeof profileRefSchema>): Promise<BridgeResult<ProfilesView>>;
  testConnection(payload: In<typeof profileRefSchema>): Promise<BridgeResult<ConnectionCheck>>;

  /** Electron: main shows the open dialog. Browser: not offered (the renderer uploads with openSource). */
  pickSource(payload: In<typeof emptySchema>): Promise<BridgeResult<SourceView | null>>;
  openSource(payload: In<typeof openSourceSchema>): Promise<BridgeResult<SourceView>>;
  previewSheet(payload: In<typeof previewSheetSchema>): Promise<BridgeResult<SheetPreview>>;
  draftMapping(payload: In<typeof draftMappingSchema>): Promise<BridgeResult<MappingDraft>>;
  listTemplates(payload: In<typeof emptySchema>): Promise<BridgeResult<TemplateList>>;
  saveTemplate(payload: In<typeof saveTemplateSchema>): Promise<BridgeResult<TemplateList>>;
  loadTemplate(payload: In<typeof templateNameSchema>): Promise<BridgeResult<Record<string, unknown>>>;
  /** Checks a template file with core's mapping parser, saves it under its name and returns it. */
  importTemplate(payload: In<typeof importTemplateSchema>): Promise<BridgeResult<ImportedTemplate>>;

  startDryRun(payload: In<typeof startDryRunSchema>): Promise<BridgeResult<DryRunStarted>>;
  dryRunPage(payload: In<typeof dryRunPageSchema>): Promise<BridgeResult<DryRunPage>>;
  fixCell(payload: In<typeof fixCellSchema>): Promise<BridgeResult<CellFixed>>;
  /** Leaves one row out of this import (or brings it back): that row is checked again at once. */
  leaveRowOut(payload: In<typeof leaveRowOutSchema>): Promise<BridgeResult<CellFixed>>;
  saveReport(payload: In<typeof saveReportSchema>): Promise<BridgeResult<SavedFile>>;

  startImport(payload: In<typeof startImportSchema>): Promise<BridgeResult<ImportStatus>>;
  pauseImport(payload: In<typeof runRef>): Promise<BridgeResult<ImportStatus>>;
  resumeImport(payload: In<typeof runRef>): Promise<BridgeResult<ImportStatus>>;
  cancelImport(payload: In<typeof runRef>): Promise<BridgeResult<ImportStatus>>;
  importStatus(payload: In<typeof runRef>): Promise<BridgeResult<ImportStatus>>;
  saveResults(payload: In<typeof saveReportSchema>): Promise<BridgeResult<SavedFile>>;
  /** Issue 18: what undoing this import would put back (nothing is sent). */
  previewRevert(payload: In<typeof runRef>): Promise<BridgeResult<RevertView>>;
  /** Puts it back: paced, journalled, resumable (a second start finishes the first). */
  startRevert(payload: In<typeof runRef>): Promise<BridgeResult<RevertView>>;
  revertStatus(payload: In<typeof runRef>): Promise<BridgeResult<RevertView>>;

  exportOptions(payload: In<typeof profileRefSchema>): Promise<BridgeResult<ExportOptions>>;
  countExport(payload: In<typeof countExportSchema>): Promise<BridgeResult<ExportCount>>;
  startExport(payload: In<typeof startExportSchema>): Promise<BridgeResult<ExportStatus>>;
  exportStatus(payload: In<typeof jobRef>): Promise<BridgeResult<ExportStatus>>;
  saveExport(payload: In<typeof jobRef>): Promise<BridgeResult<SavedFile>>;
}

export const profileRefSchema = z.strictObject({ id });
export const draftMappingSchema = z.strictObject({
  sourceId: id,
  profileId: id.optional(),
  /** A template to start from instead of the automatic suggestion. */
  template: mappingPayload.optional(),
});

export type BridgeVerb = keyof Bridge;

/** The schema that checks each verb's payload, in main, before any handler runs. */
export const payloadSchemas = {
  listProfiles: emptySchema,
  saveProfile: profileInputSchema,
  deleteProfile: profileRefSchema,
  selectProfile: profileRefSchema,
  testConnection: profileRefSchema,
  pickSource: emptySchema,
  openSource: openSourceSchema,
  previewSheet: previewSheetSchema,
  draftMapping: draftMappingSchema,
  listTemplates: emptySchema,
  saveTemplate: saveTemplateSchema,
  loadTemplate: templateNameSchema,
  importTemplate: importTemplateSchema,
  startDryRun: startDryRunSchema,
  dryRunPage: dryRunPageSchema,
  fixCell: fixCellSchema,
  leaveRowOut: leaveRowOutSchema,
  saveReport: saveReportSchema,
  startImport: startImportSchema,
  pauseImport: runRef,
  resumeImport: runRef,
  cancelImport: runRef,
  importStatus: runRef,
  saveResults: saveReportSchema,
  previewRevert: runRef,
  startRevert: runRef,
  revertStatus: runRef,
  exportOptions: profileRefSchema,
  countExport: countExportSchema,
  startExport: startExportSchema,
  exportStatus: jobRef,
  saveExport: jobRef,
} as const satisfies { [V in BridgeVerb]: z.ZodType };

export const BRIDGE_VERBS = Object.keys(payloadSchemas) as BridgeVerb[];

/** IPC channel of a verb: one namespace so main can refuse anything else. */
export const channelOf = (verb: BridgeVerb): string => `trackops:${verb}`;
/** The one channel main pushes progress events on. */
export const PROGRESS_CHANNEL = 'trackops:progress';

/** What the renderer's `window.trackops` holds: the verbs plus a progress subscription. */
export type RendererBridge = Bridge & {
  /** Subscribe to progress events; returns the unsubscribe function. */
  onProgress(listener: (event: ProgressEvent) => void): () => void;
  /** "electron" shows native dialogs; "browser" uploads and downloads. */
  readonly host: 'electron' | 'browser';
};
