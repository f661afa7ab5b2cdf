/**
 * The bridge's payload schemas: what main checks every call's payload with, before any handler runs
 * (dispatch.ts). The mapping, the export's filters and its column presets are core's own schemas
 * (core/schemas.ts), so the renderer edits core's `Mapping` and main receives it typed, never cast.
 * A new verb's payload is one schema here and one line in contract.ts.
 */
import { z } from 'zod';
import { COLUMN_PRESETS, DATE_RANGE_PRESETS, listFiltersSchema, mappingSchema } from '../../core/schemas.ts';

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

/** As the CLI's --recheck-after: a number of seconds, a decimal allowed (0.5). */
const recheckAfterSeconds = z
  .number()
  .min(0, 'At least 0 seconds')
  .max(3600, 'At most 3600 seconds (an hour)');

export const emptySchema = z.strictObject({});
export const profileRefSchema = z.strictObject({ id });
export const runRefSchema = z.strictObject({ runId: id });
/**
 * The page's name for what a call reads of the account before it answers (AccountReadingView): its
 * `reading` events carry it, so the screen that asked says what is read and whether Trackops answers.
 */
const readingId = id.optional();
/** An undo's check or start: what it reads of the account is said under `readingId`. */
export const revertRefSchema = z.strictObject({ runId: id, readingId });
export const jobRefSchema = z.strictObject({ jobId: id });

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
  /**
   * Seconds before a create whose answer was lost, and that Trackops did not list at the first look, is
   * looked for again (the CLI's --recheck-after); absent on an edit: keep it (new: core's default, 10).
   */
  recheckAfterSeconds: recheckAfterSeconds.optional(),
  /** Reference lists the account serves elsewhere (e.g. case_regions: "regions"); absent: as assumed. */
  referencePaths: referencePaths.optional(),
});

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
  /**
   * Delimited text only: absent, detected. Any short text passes here so that core's reader refuses a
   * bad one with its own message naming the file ("give one character such as …").
   */
  delimiter: z.string().min(1).max(20).optional(),
  encoding: z.string().min(1).max(40).optional(),
});

/** The file as the sheet step last read it (previewSheet): what reading it guessed and noticed. */
export const sourceRefSchema = z.strictObject({ sourceId: id });

/** A target the person picked for one column: the options that target needs, read off the column's values. */
export const planColumnSchema = z.strictObject({
  sourceId: id,
  profileId: id.optional(),
  column: z.string().min(1).max(1000),
  target: z.string().min(1).max(200),
});

export const draftMappingSchema = z.strictObject({
  sourceId: id,
  profileId: id.optional(),
  /** A template to start from instead of the automatic suggestion. */
  template: mappingSchema.optional(),
  /**
   * Wait for every row (the row count, a footer, each column's values). Without it, a sheet larger
   * than a suggestion looks at is answered from its first rows while the rest is still being read.
   */
  whole: z.boolean().optional(),
});

export const startDryRunSchema = z.strictObject({
  sourceId: id,
  profileId: id.optional(),
  /** Its shape is checked here; core's parseMapping checks its rules too before the run starts. */
  mapping: mappingSchema,
  /**
   * The cells the clerk fixed in an earlier dry run of this file (explore 11 item 2): put in place of
   * the file's values as the rows are read, so every row is checked (and, connected, planned) with them
   * under this mapping, at no request of its own.
   */
  fixes: z
    .array(
      z.strictObject({
        row: z.number().int().min(1),
        column: z.string().min(1).max(300),
        value: z.string().max(10_000),
      }),
    )
    .max(100_000)
    .optional(),
  readingId,
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
  /** The screen's time zone and locale, so a refusal names a time as the grid shows it (local-time.ts). */
  clock: z
    .strictObject({ timeZone: z.string().max(100).optional(), locale: z.string().max(100).optional() })
    .optional(),
});

/** "Leave this row out" (the mapping's `skip.rows`), or bring it back (`leave: false`). */
export const leaveRowOutSchema = z.strictObject({
  runId: id,
  row: z.number().int().min(1),
  leave: z.boolean(),
});

export const saveReportSchema = z.strictObject({ runId: id, format: z.enum(['xlsx', 'csv', 'json']) });
/** An undo's results: no Excel form (a revert has no source sheet to copy; core/batch/revert-results.ts). */
export const saveRevertResultsSchema = z.strictObject({ runId: id, format: z.enum(['csv', 'json']) });

export const startImportSchema = z.strictObject({
  runId: id,
  profileId: id,
  /** Trial run: send only the first N valid rows. */
  limitRows: z.number().int().min(1).max(1_000_000).optional(),
  /** Update/upsert: send rows that would change nothing too (issue 13). */
  force: z.boolean().optional(),
  /**
   * After a send that left rows behind: `failed` sends only the rows whose last send failed and may
   * pass on another try ("Retry N failed rows"), `untried` only the rows not sent yet ("Send the
   * remaining N rows"). Absent: every row left to send.
   */
  rows: z.enum(['failed', 'untried']).optional(),
  /**
   * The file was sent with this mapping before, and that send was undone ("Undo this import"): send it
   * as a new import ("Send as a new import", offered only after the refusal that names the undo).
   */
  newImport: z.boolean().optional(),
  ratePerSecond: z.number().min(0.1).max(50).optional(),
  concurrency: z.number().int().min(1).max(8).optional(),
  /** For this send only: the profile's wait before the second look for a lost create otherwise. */
  recheckAfterSeconds: recheckAfterSeconds.optional(),
  readingId,
});

export const templateNameSchema = z.strictObject({ name: z.string().trim().min(1).max(120) });
/** A template loaded into the wizard, to be read against the file open there (its headers). */
export const fitTemplateSchema = z.strictObject({ sourceId: id, mapping: mappingSchema });
/**
 * A template file the user picked (e.g. one a colleague sent): its name, and its bytes (read in main as
 * --mapping reads a file: UTF-16 by its byte-order mark, other bytes that are not UTF-8 refused) or its
 * JSON text.
 */
export const importTemplateSchema = z.strictObject({
  fileName: z.string().trim().min(1).max(260),
  text: z.string().max(2_000_000).optional(),
  bytesBase64: z.string().max(2_700_000).optional(),
  /** The name to save it under; absent, the file's name without its extension. */
  name: z.string().trim().min(1).max(120).optional(),
  /** Replace a saved template of that name: without it, a name in use is refused (`template_exists`). */
  replace: z.boolean().optional(),
});
export const saveTemplateSchema = z.strictObject({
  name: z.string().trim().min(1).max(120),
  mapping: mappingSchema,
  /** Replace a saved template of that name: without it, a name in use is refused (`template_exists`). */
  replace: z.boolean().optional(),
});

/**
 * An id filter as the form's box holds it: the text typed (a box of type=number reports text it cannot
 * read, "5-6" or "12e", as empty, and the filter was dropped without a word) or a number. main reads it
 * with core's buildExportFilters, which refuses anything but one whole number from 1 up, naming the box.
 */
const typedId = z.union([z.number(), z.string().max(40)]).optional();
/**
 * The list endpoint's filters (core's schema), the ids as typed; main then reads them with core's
 * buildExportFilters, as the CLI reads its flags, so both refuse the same filters (a "from" after its
 * "to", a 30 February, an id "5-6").
 */
/**
 * A date or time box as typed: core's buildExportFilters reads it and refuses what it cannot read,
 * naming the box, the value and the forms the box takes (explore 35 item 5: this schema's own pattern
 * answered "The request for 'countExport' was not valid: filters.updated_from: …", naming neither).
 */
const typedDate = z.string().max(200).optional();
export const exportFiltersSchema = listFiltersSchema.extend({
  id: typedId,
  client: typedId,
  location: typedId,
  primary_contact: typedId,
  primary_subject: typedId,
  series_number: typedId,
  created_from: typedDate,
  created_to: typedDate,
  due_from: typedDate,
  due_to: typedDate,
  created_from_system: typedDate,
  created_to_system: typedDate,
  updated_from: typedDate,
  updated_to: typedDate,
});

/**
 * A date-range preset ("This month") on the received or due date: resolved by main when Count or
 * Export is clicked, with the app's clock, so a screen left open past midnight or a month's end asks
 * for the range as it is now (the answer says the dates used).
 */
const datePresetSchema = z.strictObject({
  field: z.enum(['created', 'due']),
  name: z.enum(DATE_RANGE_PRESETS),
});
export const countExportSchema = z.strictObject({
  profileId: id,
  filters: exportFiltersSchema,
  datePreset: datePresetSchema.optional(),
  /**
   * "Changed since my last export": only requests updated since the last such export of this profile
   * with the same columns and filters (core/export/since-last.ts); `columns` then says which preset.
   */
  sinceLast: z.boolean().optional(),
  columns: z.enum(COLUMN_PRESETS).optional(),
});
export const startExportSchema = z.strictObject({
  profileId: id,
  filters: exportFiltersSchema,
  datePreset: datePresetSchema.optional(),
  columns: z.enum(COLUMN_PRESETS),
  format: z.enum(['xlsx', 'csv']),
  /** "Changed since my last export" (see countExportSchema); recorded once the file is saved. */
  sinceLast: z.boolean().optional(),
});
