/**
 * What column headers commonly say for each target, from the seed's parameter names and the words
 * investigation firms' referral sheets use. Offline this is all the suggester knows; connected, the
 * account's own labels (case type reference labels, custom field and subject type names) come on top.
 * Every phrase is written as normaliseLabel would leave it.
 */

/** Top-level parameters (seed create/update tables). */
export const PARAM_SYNONYMS: Record<string, string[]> = {
  case_type_id: ['case type', 'type of case', 'service type', 'assignment type'],
  case_region_id: ['region', 'case region', 'territory', 'area'],
  created_on: [
    'received',
    'date received',
    'received date',
    'received on',
    'referral date',
    'date referred',
    'referred',
    'referred on',
    'date of referral',
    'assigned',
    'date assigned',
    'assignment date',
    'created',
    'created on',
    'open date',
    'opened',
  ],
  due_on: ['due', 'due date', 'date due', 'due by', 'deadline', 'report due'],
  company_location_id: ['location', 'office', 'company location', 'branch'],
  referral_source_id: ['referral source', 'source', 'referred via'],
  case_location: ['case location', 'venue', 'loss location', 'jurisdiction'],
  budget_money: [
    'budget',
    'budget amount',
    'authorized amount',
    'authorization',
    'budget money',
    'budget usd',
  ],
  budget_hours: ['hours', 'budget hours', 'authorized hours', 'hours authorized'],
  notes: ['notes', 'instructions', 'special instructions', 'comments', 'description', 'details', 'remarks'],
  scheduling_notes: ['scheduling notes', 'scheduling', 'schedule notes', 'availability'],
  admin_notes: ['admin notes', 'internal notes', 'billing notes'],
  case_services_list: ['services', 'service', 'services requested', 'requested services', 'case services'],
  case_flags_list: ['flags', 'flag', 'case flags', 'tags'],
};

/** Without an account, what reference values 1–3 are usually called. */
export const REFERENCE_SYNONYMS_OFFLINE: Record<string, string[]> = {
  reference_value_1: ['claim number', 'claim', 'reference value 1', 'reference 1', 'file number'],
  reference_value_2: ['policy number', 'policy', 'reference value 2', 'reference 2'],
  reference_value_3: ['reference value 3', 'reference 3'],
};

/** Extra spellings of a reference label ("Claim Number" is also written "Claim" or "Claim ID"). */
export function referenceLabelVariants(label: string): string[] {
  const variants = [label];
  const stem = label.replace(/ (number|id|reference)$/, '');
  if (stem !== label) variants.push(stem, `${stem} id`, `${stem} number`, `${stem} reference`);
  return variants;
}

/** Words that start a column about the client (the carrier that refers the case). */
export const CLIENT_PREFIXES = [
  'client',
  'carrier',
  'company',
  'insurer',
  'insurance company',
  'customer',
  'account',
];
/** Words that start a column about the contact (the adjuster who refers it). */
export const CONTACT_PREFIXES = [
  'contact',
  'adjuster',
  'adjustor',
  'examiner',
  'claims examiner',
  'claims adjuster',
  'handler',
  'claim handler',
  'referrer',
  'requester',
  'rep',
];

export const CLIENT_PART_SYNONYMS: Record<string, string[]> = {
  name: ['', 'name', 'company', 'company name'],
  address_1: ['address', 'address 1', 'address line 1', 'street', 'street address', 'address1'],
  address_2: ['address 2', 'address line 2', 'suite', 'address2'],
  address_3: ['address 3', 'address line 3', 'address3'],
  city: ['city', 'town'],
  state: ['state', 'province', 'region state'],
  zip: ['zip', 'zip code', 'postal code', 'postal', 'post code'],
  country: ['country', 'country code'],
};

export const CONTACT_PART_SYNONYMS: Record<string, string[]> = {
  // A bare "Adjuster" column holds the adjuster's whole name (mapping-only target contact.full_name).
  full_name: ['', 'name', 'full name'],
  first_name: ['first', 'first name', 'given name', 'forename'],
  middle_name: ['middle', 'middle name', 'middle initial', 'mi'],
  last_name: ['last', 'last name', 'surname', 'family name'],
  email: ['email', 'email address'],
  phone_office: ['phone', 'office phone', 'phone office', 'work phone', 'telephone', 'phone number'],
  phone_home: ['home phone', 'phone home'],
  phone_mobile: ['mobile', 'cell', 'cell phone', 'mobile phone', 'phone mobile'],
  phone_fax: ['fax', 'fax number', 'phone fax'],
};

/** The country of a client when a sheet has a bare "Country" column (the only top-level country). */
export const BARE_CLIENT_PARTS: Record<string, string> = { country: 'country', 'country code': 'country' };

/** Parts of NAME and ADDRESS custom fields as headers spell them. */
export const NAME_PART_SYNONYMS: Record<string, string[]> = {
  first_name: CONTACT_PART_SYNONYMS.first_name!,
  middle_name: CONTACT_PART_SYNONYMS.middle_name!,
  last_name: CONTACT_PART_SYNONYMS.last_name!,
};
export const ADDRESS_PART_SYNONYMS: Record<string, string[]> = {
  address_1: CLIENT_PART_SYNONYMS.address_1!,
  address_2: CLIENT_PART_SYNONYMS.address_2!,
  city: CLIENT_PART_SYNONYMS.city!,
  state: CLIENT_PART_SYNONYMS.state!,
  zip: CLIENT_PART_SYNONYMS.zip!,
  country: CLIENT_PART_SYNONYMS.country!,
};

/** Subject field names and how sheets abbreviate them ("Vehicle Plate" → License Plate). */
export const FIELD_NAME_SYNONYMS: Record<string, string[]> = {
  'license plate': ['plate', 'plate number', 'tag', 'tag number', 'license', 'registration'],
  'date of birth': ['birth date', 'birthday', 'born'],
  name: ['full name'],
  'social security number': ['ssn', 'social'],
  ssn: ['social security number', 'social'],
  gender: ['sex'],
  color: ['colour'],
  'employer name': ['employer', 'company'],
};
