/**
 * An account's reference data as the client reads it (API-NOTES "Assumed": reference data paths).
 * Read tolerantly: only `id` and `name` are relied on; the rest is optional.
 */
export type FieldTypeTag =
  | 'INPUT'
  | 'LONG'
  | 'EMAIL'
  | 'LINK'
  | 'NUMBER'
  | 'CURRENCY'
  | 'DATE'
  | 'BIRTHDAY'
  | 'COUNTRY'
  | 'SELECT'
  | 'RADIO'
  | 'YESNO'
  | 'YESNONA'
  | 'NAME'
  | 'ADDRESS';

export interface NamedRef {
  id: number;
  name: string;
}

export interface CaseType extends NamedRef {
  reference_label_1?: string | null;
  reference_label_2?: string | null;
  reference_label_3?: string | null;
  /** Ids of the case-use custom fields this case type enables. */
  field_ids?: number[];
}

export interface CaseRegion extends NamedRef {
  is_default?: boolean;
}

export interface SubjectType extends NamedRef {
  field_ids?: number[];
}

export interface FieldDef extends NamedRef {
  field_type_tag: FieldTypeTag | string;
  /** "case" or "subject". */
  use: string;
  subject_type_id?: number | null;
  choices?: string[];
  is_required?: boolean;
  /**
   * How `choices` were read (api/read-fields.ts), when not as the list of strings API-NOTES assumes:
   * `labels` when they came as objects and their labels were taken (a guess: the label is what is sent);
   * `unreadable` for a SELECT/RADIO whose choices could not be read (any value is then accepted, and
   * the dry run says it could not check).
   */
  choicesRead?: 'labels' | 'unreadable';
}

export interface AccountReference {
  /**
   * Lists that could not be read (404, an answer that is not a list), with the reason in words: only
   * the checks that need one are turned off (API-NOTES Tolerance: "Reference paths").
   */
  unavailable?: Partial<Record<ReferenceKind, string>>;
  /**
   * Lists read only in part (api/reference-pages.ts `cutShort`: a later page repeated earlier items, so
   * the server could not be asked past its first page): `listed` items were read, `why` says why in
   * words. A name or id not among them may exist all the same, and messages say so.
   */
  incomplete?: Partial<Record<ReferenceKind, ListCutShort>>;
  /**
   * Lists read from page 0 because the server numbers its pages from 0 (api/reference-pages.ts
   * `fromZero`), with why in words: read whole, but not as assumed, and said.
   */
  fromPageZero?: Partial<Record<ReferenceKind, string>>;
  /**
   * The server gave pages shorter than the page size the connection's profile recorded (it lowered its
   * cap since `check`): the lists were followed and read whole; in words, with what to do.
   */
  pageSizeChanged?: string;
  case_types: CaseType[];
  case_regions: CaseRegion[];
  case_services: NamedRef[];
  case_flags: NamedRef[];
  referral_sources: NamedRef[];
  company_locations: NamedRef[];
  subject_types: SubjectType[];
  fields: FieldDef[];
}

/** A reference list that could not be read whole (AccountReference.incomplete). */
export interface ListCutShort {
  listed: number;
  why: string;
}

/** Every reference list the client reads, each from its own path (api/client.ts). */
export type ReferenceKind =
  | 'case_types'
  | 'case_regions'
  | 'case_services'
  | 'case_flags'
  | 'referral_sources'
  | 'company_locations'
  | 'subject_types'
  | 'fields';

/** The lookup names a mapping column may use (CONTRACTS section 2). */
export const LOOKUP_KINDS = [
  'case_types',
  'case_regions',
  'case_services',
  'case_flags',
  'referral_sources',
  'company_locations',
  'subject_types',
] as const;
export type LookupKind = (typeof LOOKUP_KINDS)[number];

/** Account rules that the API cannot read (API-NOTES "Assumed"): settings of a connection. */
export interface AccountSettings {
  require_client_address: boolean;
  require_client_phone: boolean;
}
