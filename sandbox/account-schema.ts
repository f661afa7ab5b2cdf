/**
 * The sandbox account file (CONTRACTS section 4, version 1): reference data, the two account settings
 * the API cannot read (API-NOTES "Assumed"), credentials, and the stored case requests in the GET shape
 * that API-NOTES assumes. Parsed with zod so a hand-edited `--data` file fails with the path of each problem.
 */
import { z } from 'zod';
import { InputError } from '../core/errors.ts';

const id = z.number().int().positive();
/** A yes/no a person may leave out of a hand-written file: absent means no (issue 14 point 8). */
const flag = z.boolean().default(false);
/**
 * A reference item: id and name, and optionally a mark of an item not in use as other APIs write it
 * (explore 54 item 5: whether Trackops sends one is not known), served as written so the client's
 * reading of it can be tried. The sandbox still takes a write naming such an item: what Trackops does
 * with one is not known either.
 */
const named = {
  id,
  name: z.string().min(1),
  is_active: z.boolean().optional(),
  archived: z.boolean().optional(),
  status: z.string().optional(),
};

export const FIELD_TYPE_TAGS = [
  'INPUT',
  'LONG',
  'EMAIL',
  'LINK',
  'NUMBER',
  'CURRENCY',
  'DATE',
  'BIRTHDAY',
  'COUNTRY',
  'SELECT',
  'RADIO',
  'YESNO',
  'YESNONA',
  'NAME',
  'ADDRESS',
] as const;
export type SandboxFieldTag = (typeof FIELD_TYPE_TAGS)[number];

/** The reference lists, by the name the client and the account file use (sandbox/reference-routes.ts). */
export const REFERENCE_KINDS = [
  'case_types',
  'case_regions',
  'case_services',
  'case_flags',
  'referral_sources',
  'company_locations',
  'subject_types',
  'fields',
] as const;
export type SandboxReferenceKind = (typeof REFERENCE_KINDS)[number];

export const fieldDefSchema = z.object({
  ...named,
  field_type_tag: z.enum(FIELD_TYPE_TAGS),
  use: z.enum(['case', 'subject']),
  subject_type_id: id.nullable().optional(),
  choices: z.array(z.string()).optional(),
  is_required: z.boolean().optional(),
});
export type SandboxFieldDef = z.infer<typeof fieldDefSchema>;

/** Custom-field values as stored: scalars, or the composite NAME/ADDRESS objects. */
const storedValue = z.union([z.string(), z.number(), z.record(z.string(), z.string())]);
const customFieldEntry = z.object({ id, value: storedValue });

const clientObject = z.record(z.string(), z.string());
const contactObject = z.record(z.string(), z.string());

const subjectRecord = z.object({
  id,
  subject_type_id: id,
  is_primary: flag,
  is_pinned: flag,
  custom_fields: z.array(customFieldEntry),
});

const nullableText = z.string().nullable();
const timestamp = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/, 'expected YYYY-MM-DD HH:MM:SS (UTC)');
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected YYYY-MM-DD');

export const caseRequestRecordSchema = z.object({
  id,
  case_request_number: z.string(),
  series_number: id,
  case_type_id: id,
  case_region_id: id,
  company_location_id: id.nullable(),
  referral_source_id: id.nullable(),
  created_on: isoDate,
  due_on: isoDate.nullable(),
  reference_value_1: nullableText,
  reference_value_2: nullableText,
  reference_value_3: nullableText,
  case_location: nullableText,
  budget_money: z.number().nullable(),
  budget_hours: z.number().nullable(),
  notes: nullableText,
  scheduling_notes: nullableText,
  admin_notes: nullableText,
  client_id: id.nullable(),
  location_id: id.nullable(),
  primary_contact_id: id.nullable(),
  primary_subject_id: id.nullable(),
  client: clientObject,
  contact: contactObject,
  case_services_list: z.array(id),
  case_flags_list: z.array(id),
  custom_fields: z.array(customFieldEntry),
  subjects: z.array(subjectRecord),
  created_at: timestamp,
  updated_at: timestamp,
});
export type StoredCaseRequest = z.infer<typeof caseRequestRecordSchema>;
export type StoredSubject = z.infer<typeof subjectRecord>;
export type StoredCustomField = z.infer<typeof customFieldEntry>;

export const accountFileSchema = z.object({
  version: z.literal(1),
  credentials: z
    .array(
      z.object({
        username: z.string().min(1),
        token: z.string().min(1),
        // false stands for a user without Full Access / API access: answered 403 (API-NOTES "Assumed").
        api_access: z.boolean().optional(),
      }),
    )
    .min(1),
  settings: z
    .object({ require_client_address: flag, require_client_phone: flag })
    .default({ require_client_address: false, require_client_phone: false }),
  case_types: z.array(
    z.object({
      ...named,
      reference_label_1: z.string().nullable(),
      reference_label_2: z.string().nullable(),
      reference_label_3: z.string().nullable(),
      field_ids: z.array(id),
    }),
  ),
  case_regions: z.array(z.object({ ...named, is_default: flag })),
  case_services: z.array(z.object(named)),
  case_flags: z.array(z.object(named)),
  referral_sources: z.array(z.object(named)),
  company_locations: z.array(z.object(named)),
  subject_types: z.array(z.object({ ...named, field_ids: z.array(id) })),
  fields: z.array(fieldDefSchema),
  case_requests: z.array(caseRequestRecordSchema),
  /**
   * Where this account serves its reference lists, when not at the assumed paths (API-NOTES
   * "Assumed": configurable in the client): e.g. `{"referral_sources": "referral-sources"}`. The
   * assumed path of a moved list answers 404, as a real account's would.
   */
  reference_paths: z.partialRecord(z.enum(REFERENCE_KINDS), z.string().min(1)).optional(),
  /** Dialects the sandbox answers in (sandbox/README.md), as `--dialect` names them. */
  dialects: z.array(z.string().min(1)).optional(),
});
export type AccountFile = z.infer<typeof accountFileSchema>;

/**
 * Parses an account, adding the cross-reference checks zod's shape cannot express. `remedy`, when
 * given, ends the message: what the person who chose this file can do about it.
 */
export function parseAccountFile(raw: unknown, source: string, remedy?: string): AccountFile {
  const ending = remedy ? `\n${remedy[0]!.toUpperCase()}${remedy.slice(1)}.` : '';
  const parsed = accountFileSchema.safeParse(raw);
  if (!parsed.success) {
    const lines = parsed.error.issues
      .slice(0, 10)
      .map((issue) => `  ${issue.path.join('.') || '(top)'}: ${issue.message}`);
    throw new AccountFileError(
      `${source} is not a valid sandbox account file (version 1):\n${lines.join('\n')}${ending}`,
    );
  }
  const account = parsed.data;
  const problems = crossReferenceProblems(account);
  if (problems.length > 0) {
    throw new AccountFileError(
      `${source} is inconsistent:\n${problems
        .slice(0, 10)
        .map((p) => `  ${p}`)
        .join('\n')}${ending}`,
    );
  }
  return account;
}

function crossReferenceProblems(account: AccountFile): string[] {
  const problems: string[] = [];
  const fieldsById = new Map(account.fields.map((field) => [field.id, field]));
  // No default region is an account choice (the suggester then leaves the region to a column); two
  // defaults would leave "the default" to chance.
  const defaults = account.case_regions.filter((region) => region.is_default).length;
  if (defaults > 1) {
    problems.push(`case_regions: at most one region can have is_default true (found ${defaults})`);
  }
  account.case_types.forEach((caseType, index) => {
    for (const fieldId of caseType.field_ids) {
      if (fieldsById.get(fieldId)?.use !== 'case') {
        problems.push(`case_types.${index}.field_ids: ${fieldId} is not a case-use field`);
      }
    }
  });
  account.subject_types.forEach((subjectType, index) => {
    for (const fieldId of subjectType.field_ids) {
      if (fieldsById.get(fieldId)?.subject_type_id !== subjectType.id) {
        problems.push(
          `subject_types.${index}.field_ids: ${fieldId} is not a field of subject type ${subjectType.id}`,
        );
      }
    }
  });
  account.fields.forEach((field, index) => {
    if (field.use === 'subject' && !account.subject_types.some((type) => type.id === field.subject_type_id)) {
      problems.push(`fields.${index}: subject field ${field.id} names no existing subject_type_id`);
    }
    if ((field.field_type_tag === 'SELECT' || field.field_type_tag === 'RADIO') && !field.choices?.length) {
      problems.push(`fields.${index}: ${field.field_type_tag} field ${field.id} needs choices`);
    }
  });
  const ids = new Set<number>();
  account.case_requests.forEach((record, index) => {
    if (ids.has(record.id)) problems.push(`case_requests.${index}: id ${record.id} appears twice`);
    ids.add(record.id);
  });
  return problems;
}

/** A `--data` file the sandbox cannot use: a user's input problem (CLI exit code 2). */
export class AccountFileError extends InputError {
  constructor(message: string) {
    super('sandbox_account_invalid', message);
  }
}
