/**
 * The list endpoint's filters (seed: Listing Case Requests), spelled as the API spells them, defined
 * once: the API client's `CaseRequestFilters`, the CLI's export flags (one per key, FILTER_NAMES) and
 * the app's bridge (which checks the form's filters with this schema) all come from here.
 */
import { z } from 'zod';

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'Use a date like 2025-01-31');
const isoStamp = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}( \d{2}:\d{2}(:\d{2})?)?$/, 'Use 2025-01-31 or 2025-01-31 13:45');
const positiveInt = z.number().int().min(1);

/** Dates are YYYY-MM-DD; timestamps are UTC (seed), a date alone meaning the whole day. */
export const listFiltersSchema = z.strictObject({
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
export type ListFilters = z.infer<typeof listFiltersSchema>;

/** Every filter a person may set, in the order the CLI's usage lists them. */
export const FILTER_NAMES = listFiltersSchema.keyof().options;
export type FilterName = (typeof FILTER_NAMES)[number];
