import type { ReferenceKind } from '../account/reference.ts';

/** API-NOTES "Assumed" reference paths, relative to the base URL; each overridable per connection. */
export const DEFAULT_REFERENCE_PATHS: Record<ReferenceKind, string> = {
  case_types: 'case/types',
  case_regions: 'case/regions',
  case_services: 'case/services',
  case_flags: 'case/flags',
  referral_sources: 'referral/sources',
  company_locations: 'company/locations',
  subject_types: 'subject/types',
  fields: 'fields',
};
