/**
 * The target paths a mapping column or constant may write (CONTRACTS section 2), derived from the seed's
 * create and update parameter tables (seeds/case-requests-api.txt). One table, so the zod schema, the
 * JSON Schema, the body builder and the suggestions all agree on what exists.
 */
import type { LookupKind } from '../account/reference.ts';

/** How a top-level parameter's value is read from a cell. */
export type ParamType = 'ref' | 'refList' | 'int' | 'date' | 'decimal' | 'text' | 'longText';

export interface ParamSpec {
  type: ParamType;
  /** The lookup that turns names into this parameter's ids (the natural one; no other is accepted). */
  lookup?: LookupKind;
  /** In the seed's create table. */
  create: boolean;
  /** In the seed's update table. */
  update: boolean;
  /** Required by the create table. */
  required?: boolean;
}

/** Seed order, so bodies read like the seed's example. */
const PARAM_TABLE = {
  case_type_id: { type: 'ref', lookup: 'case_types', create: true, update: false, required: true },
  client_id: { type: 'int', create: false, update: true },
  case_region_id: { type: 'ref', lookup: 'case_regions', create: true, update: false, required: true },
  created_on: { type: 'date', create: true, update: true, required: true },
  due_on: { type: 'date', create: true, update: true },
  company_location_id: { type: 'ref', lookup: 'company_locations', create: true, update: true },
  referral_source_id: { type: 'ref', lookup: 'referral_sources', create: true, update: true },
  reference_value_1: { type: 'text', create: true, update: true },
  reference_value_2: { type: 'text', create: true, update: true },
  reference_value_3: { type: 'text', create: true, update: true },
  case_location: { type: 'text', create: true, update: true },
  budget_money: { type: 'decimal', create: true, update: false },
  budget_hours: { type: 'decimal', create: true, update: false },
  notes: { type: 'longText', create: true, update: true },
  scheduling_notes: { type: 'longText', create: true, update: true },
  admin_notes: { type: 'longText', create: true, update: true },
  case_services_list: { type: 'refList', lookup: 'case_services', create: true, update: true },
  case_flags_list: { type: 'refList', lookup: 'case_flags', create: true, update: true },
} as const satisfies Record<string, ParamSpec>;
export type ParamName = keyof typeof PARAM_TABLE;
/** Typed as ParamSpec so callers can read `lookup`/`required` of any parameter. */
export const PARAMS: Readonly<Record<ParamName, ParamSpec>> = PARAM_TABLE;
export const PARAM_NAMES = Object.keys(PARAMS) as ParamName[];
/** Each parameter's position in PARAM_NAMES (the validator keeps a row's parameters in an array). */
export const PARAM_INDEX = Object.fromEntries(PARAM_NAMES.map((name, index) => [name, index])) as Record<
  ParamName,
  number
>;

/** Seed: "Available Client Parameters". */
export const CLIENT_PARTS = [
  'name',
  'address_1',
  'address_2',
  'address_3',
  'city',
  'state',
  'zip',
  'country',
] as const;
/** Seed: "Available Contact Parameters" (the email row lost its name; API-NOTES: it is `email`). */
export const CONTACT_PARTS = [
  'first_name',
  'middle_name',
  'last_name',
  'email',
  'phone_office',
  'phone_home',
  'phone_mobile',
  'phone_fax',
] as const;
export type ClientPart = (typeof CLIENT_PARTS)[number];
export type ContactPart = (typeof CONTACT_PARTS)[number];
/**
 * `contact.full_name` is a mapping-only target: one column holding the adjuster's whole name ("Doe, John
 * B" or "John B Doe", the grammar of `parse: "full_name"`) fills the contact's first, middle and last
 * name. The API has no such parameter; the body carries the three parts.
 */
export const CONTACT_FULL_NAME = 'full_name';
export type ContactTargetPart = ContactPart | typeof CONTACT_FULL_NAME;

/** API-NOTES Known: NAME and ADDRESS custom-field values are objects with these parts. */
export const NAME_PARTS = ['first_name', 'middle_name', 'last_name'] as const;
export const ADDRESS_PARTS = ['address_1', 'address_2', 'city', 'state', 'zip', 'country'] as const;
export type CompositePart = (typeof NAME_PARTS)[number] | (typeof ADDRESS_PARTS)[number];

export const MATCH_KEYS = [
  'id',
  'case_request_number',
  'reference_value_1',
  'reference_value_2',
  'reference_value_3',
] as const;
export type MatchKey = (typeof MATCH_KEYS)[number];

export type Target =
  | { kind: 'param'; path: string; name: ParamName; spec: ParamSpec }
  | { kind: 'client'; path: string; part: ClientPart }
  | { kind: 'contact'; path: string; part: ContactTargetPart }
  | { kind: 'custom'; path: string; subject: number | null; fieldId: number; part: CompositePart | null }
  | { kind: 'matchKey'; path: string; name: 'id' | 'case_request_number' };

const PART_GROUP = [...new Set<string>([...NAME_PARTS, ...ADDRESS_PARTS])].join('|');

/**
 * Every target path, as one regular expression. It goes into the JSON Schema too, so an editor flags a
 * misspelt target while the template is being written.
 */
export const TARGET_PATTERN =
  `^(?:${PARAM_NAMES.join('|')}|id|case_request_number` +
  `|client\\.(?:${CLIENT_PARTS.join('|')})|contact\\.(?:${[...CONTACT_PARTS, CONTACT_FULL_NAME].join('|')})` +
  `|(?:subjects\\.(?:0|[1-9]\\d{0,2})\\.)?custom_fields\\.[1-9]\\d{0,9}(?:\\.(?:${PART_GROUP}))?)$`;
const TARGET_REGEX = new RegExp(TARGET_PATTERN);

/** The target a path names, or null when it names none. */
export function parseTarget(path: string): Target | null {
  if (!TARGET_REGEX.test(path)) return null;
  if (path === 'id' || path === 'case_request_number') return { kind: 'matchKey', path, name: path };
  if (path in PARAMS) {
    const name = path as ParamName;
    return { kind: 'param', path, name, spec: PARAMS[name] };
  }
  const segments = path.split('.');
  if (segments[0] === 'client') return { kind: 'client', path, part: segments[1] as ClientPart };
  if (segments[0] === 'contact') return { kind: 'contact', path, part: segments[1] as ContactTargetPart };
  const subject = segments[0] === 'subjects' ? Number(segments[1]) : null;
  const rest = subject === null ? segments.slice(1) : segments.slice(3);
  return {
    kind: 'custom',
    path,
    subject,
    fieldId: Number(rest[0]),
    part: (rest[1] as CompositePart | undefined) ?? null,
  };
}

export function isNamePart(part: string): boolean {
  return (NAME_PARTS as readonly string[]).includes(part);
}

export function isAddressPart(part: string): boolean {
  return (ADDRESS_PARTS as readonly string[]).includes(part);
}
