/**
 * The mapping file, version 1 (CONTRACTS section 2), defined once. `mapping.schema.json` is generated
 * from this schema (`npm run schema`), so editors check hand-written templates by the same rules.
 * Strict everywhere: an unknown key is a mistake to report, never something to ignore.
 */
import { z } from 'zod';
import { LOOKUP_KINDS } from '../account/reference.ts';
import { encodingName } from '../read/encoding-names.ts';
import { unknownTargetWords } from './meant-name.ts';
import { MATCH_KEYS, TARGET_PATTERN } from './targets.ts';

const targetPath = z
  .string()
  .regex(new RegExp(TARGET_PATTERN), {
    error: (issue) => unknownTargetWords(String(issue.input)),
  })
  .describe(
    'A create/update parameter of the seed (created_on, budget_money, …), client.<param>, contact.<param>, ' +
      'custom_fields.<id>[.<part>], subjects.<n>.custom_fields.<id>[.<part>], or id / case_request_number.',
  );

const mappedValue = z.union([z.string(), z.number(), z.boolean()]);

export const PARSE_KINDS = ['full_name', 'address', 'phone', 'number', 'boolean'] as const;
export type ParseKind = (typeof PARSE_KINDS)[number];

export const columnSchema = z.strictObject({
  column: z.string().min(1).describe('The header of the source column, exactly as in the sheet.'),
  target: targetPath,
  dateFormat: z
    .string()
    .min(1)
    .optional()
    .describe(
      'For text cells: tokens M, MM, MMM or MMMM (the English month name), D, DD, YY, YYYY with any separators, e.g. "MM/DD/YYYY", "DD-MMM-YYYY".',
    ),
  split: z.string().min(1).optional().describe('Separator of several items in one cell (lists).'),
  lookup: z.enum(LOOKUP_KINDS).optional().describe("Resolve names to ids from the account's reference data."),
  values: z
    .record(z.string(), mappedValue)
    .optional()
    .describe(
      'Explicit value map, applied first (case-insensitive, trimmed); the key "" maps a blank cell. ' +
        'In a list column (split) a key for the whole cell wins, else each item goes through the map.',
    ),
  parse: z.enum(PARSE_KINDS).optional(),
  decimal: z
    .enum(['.', ','])
    .optional()
    .describe(
      'Numbers: the decimal point of this column\'s text ("." in 1,500.00, "," in 1.500,00). Without it (or ' +
        '"grouping" or "locale") a value such as 2.000 that reads either way is an error, never a guess.',
    ),
  grouping: z
    .enum([',', '.', ' ', "'", 'none'])
    .optional()
    .describe('Numbers: the thousands separator of this column\'s text, or "none".'),
  locale: z
    .string()
    .min(2)
    .optional()
    .describe('Numbers: the locale the column\'s numbers are written in, e.g. "en-US" or "de-DE".'),
  trim: z.boolean().optional().describe('Trim surrounding white space (default true).'),
  blank: z
    .enum(['clear', 'keep'])
    .optional()
    .describe(
      'Update/upsert: "clear" sends a blank cell as an empty value; "keep" (default) leaves the field unchanged.',
    ),
});

/** Rows that are not data (totals, footers, rows a person leaves out): neither valid nor invalid. */
export const skipSchema = z
  .strictObject({
    rows: z
      .array(z.number().int().positive())
      .optional()
      .describe('Sheet row numbers as Excel numbers them: each is left out.'),
    whenBlank: z
      .array(z.string().min(1))
      .min(1)
      .optional()
      .describe('Column headers: a row whose listed columns are all blank is left out.'),
    whenFirstCellStartsWith: z
      .array(z.string().min(1))
      .optional()
      .describe('A row whose first non-blank cell starts with one of these (any case) is left out.'),
    after: z
      .string()
      .min(1)
      .optional()
      .describe(
        'The first row whose first non-blank cell is this text (any case, trimmed) and every row below it are left out.',
      ),
  })
  .describe('Rows that are not data: reported as "skipped" with the rule that left them out.');

export const subjectGroupSchema = z.strictObject({
  subject_type_id: z
    .union([z.number().int().positive(), z.string().min(1)])
    .describe('A subject type id, or its name (resolved against the account).'),
  is_primary: z.boolean().optional(),
  is_pinned: z.boolean().optional(),
});

const constantValue = z.union([mappedValue, z.array(z.union([z.string(), z.number()]))]);

/** Which sheet and header row to read, and how delimited text is written. */
export const sourceSchema = z
  .strictObject({
    sheet: z.union([z.string().min(1), z.number().int().positive()]).optional(),
    headerRow: z.number().int().positive().optional(),
    quote: z
      .string()
      .length(1)
      .optional()
      .describe('Delimited text: the character that quotes fields (default ").'),
    escape: z
      .string()
      .length(1)
      .optional()
      .describe(
        'Delimited text: the character written before a quote inside a quoted field (default: the quote itself, doubled).',
      ),
    // The reader's own rules (read/delimited-layout.ts `checkedDelimiter`, text-encoding.ts), checked
    // here too so that a wrong value is named as the mapping's, not taken for the file's.
    // The quote is '"' unless "quote" says otherwise: '"' as the delimiter is refused here (and so by
    // the JSON Schema); a delimiter equal to another quote is refused by the refinement below.
    delimiter: z
      .string()
      .regex(/^(?:[^\r\n"]|[Tt][Aa][Bb]|\\t)$/, {
        error: (issue) =>
          issue.input === '"'
            ? `'"' cannot be a delimiter: it quotes fields in delimited text; give one character such as "," ";" "|" or "tab"`
            : `${JSON.stringify(issue.input)} cannot be a delimiter: give one character such as "," ";" "|" or "tab"`,
      })
      .optional()
      .describe('Delimited text: the delimiter, one character or "tab" (default: detected from the file).'),
    encoding: z
      .string()
      .refine((label) => encodingName(label) !== null, {
        error: (issue) =>
          `unknown encoding ${JSON.stringify(issue.input)}: use one of utf-8, windows-1252, utf-16le, utf-16be (or another WHATWG encoding name)`,
      })
      .optional()
      .describe(
        'Delimited text: the encoding, e.g. "utf-8", "windows-1252", "utf-16le" (default: detected from the file).',
      ),
  })
  .superRefine((source, context) => {
    if (source.delimiter !== undefined && source.quote !== undefined && source.delimiter === source.quote)
      context.addIssue({
        code: 'custom',
        path: ['delimiter'],
        message: `${JSON.stringify(source.delimiter)} is also the "quote": a delimiter and the quote must differ`,
      });
  });

export const mappingSchema = z.strictObject({
  $schema: z.string().optional().describe('Editors: the JSON Schema this file follows.'),
  version: z.literal(1),
  mode: z.enum(['create', 'update', 'upsert']).optional().describe('Default "create".'),
  source: sourceSchema.optional(),
  match: z.enum(MATCH_KEYS).optional(),
  duplicates: z
    .enum(['skip', 'create'])
    .optional()
    .describe(
      'Create mode: a row whose match key (default reference_value_1) the account already holds is skipped and reported as "duplicate" (default "skip"), or created anyway ("create"). Create and upsert: a row whose key the account holds only in another letter case or spacing is refused as a possible duplicate, unless "create".',
    ),
  constants: z
    .record(targetPath, constantValue)
    .optional()
    .describe('Values for every row; a non-empty mapped column for the same target wins.'),
  subjects: z.array(subjectGroupSchema).optional(),
  skip: skipSchema.optional(),
  columns: z.array(columnSchema),
});

export type Mapping = z.infer<typeof mappingSchema>;
export type MappingColumn = z.infer<typeof columnSchema>;
export type SubjectGroup = z.infer<typeof subjectGroupSchema>;
export type ConstantValue = z.infer<typeof constantValue>;
export type SkipOptions = z.infer<typeof skipSchema>;
