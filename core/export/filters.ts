/**
 * Turns filter values as a person types them (CLI flags, the app's form) into the list endpoint's
 * filters (seed: Listing Case Requests): dates through the relative forms, ids checked as whole
 * numbers, and a case region given by name resolved against the account's regions, never guessed
 * (no match or several matches is an error listing the valid names).
 */
import type { AccountReference } from '../account/reference.ts';
import { FILTER_NAMES, type FilterName } from '../api/list-filters.ts';
import type { CaseRequestFilters } from '../api/types.ts';
import { InputError } from '../errors.ts';
import {
  isRelativeDate,
  localDayOfUtc,
  resolveDate,
  resolveTimestamp,
  type DateForms,
} from './relative-dates.ts';
import { caselessKey } from '../mapping/text-key.ts';
import { itemName } from '../problems/item-name.ts';

const ID_FILTERS = new Set<FilterName>([
  'id',
  'client',
  'location',
  'primary_contact',
  'primary_subject',
  'series_number',
]);
/** Filters that take one whole-number id: "05" and "5" are the same filter. */
export function isIdFilter(name: string): boolean {
  return ID_FILTERS.has(name as FilterName);
}
const DATE_FILTERS = new Set<FilterName>(['created_from', 'created_to', 'due_from', 'due_to']);
const TIMESTAMP_FILTERS = new Set<FilterName>([
  'created_from_system',
  'created_to_system',
  'updated_from',
  'updated_to',
]);

/** Filters that take a date or timestamp, and so the relative forms (`-7d`, `-1m`, …). */
export function isDateFilter(name: FilterName): boolean {
  return DATE_FILTERS.has(name) || TIMESTAMP_FILTERS.has(name);
}

/** `--created-from` for `created_from`: how the CLI names a filter in messages. */
export function filterFlag(name: FilterName): string {
  return `--${name.replaceAll('_', '-')}`;
}

/** `raw`: flags as typed (CLI), or the app's form as typed (ids as the clerk typed them, or numbers). */
export function buildExportFilters(
  raw: Partial<Record<FilterName, string | number>>,
  options: {
    now: Date;
    reference?: AccountReference;
    label?: (name: FilterName) => string;
    /** The zone whose calendar "today" is in (relative-dates.ts); default this computer's. */
    timeZone?: string;
    /** Whether the date filters take the relative forms (the CLI's flags do, the app's boxes do not). */
    relativeDates?: boolean;
  },
): CaseRequestFilters {
  const label = options.label ?? filterFlag;
  const forms: DateForms = { relative: options.relativeDates !== false };
  const filters: Record<string, string | number> = {};
  for (const name of FILTER_NAMES) {
    const value = raw[name]?.toString().trim();
    if (value === undefined || value === '') continue;
    if (ID_FILTERS.has(name)) filters[name] = wholeNumber(label(name), value);
    else if (DATE_FILTERS.has(name))
      filters[name] = resolveDate(label(name), value, options.now, options.timeZone, forms);
    else if (TIMESTAMP_FILTERS.has(name)) {
      filters[name] = resolveTimestamp(
        label(name),
        value,
        options.now,
        // `created_from_system` is a "from" too (explore 13 item 2: its day was sent as 23:59:59, leaving
        // out every request entered that day).
        /_from(_system)?$/.test(name) ? 'start' : 'end',
        options.timeZone,
        forms,
      );
    } else if (name === 'case_region') filters[name] = regionId(label(name), value, options.reference);
    else filters[name] = value;
  }
  for (const [from, to] of [
    ['created_from', 'created_to'],
    ['due_from', 'due_to'],
    ['created_from_system', 'created_to_system'],
    ['updated_from', 'updated_to'],
  ] as const) {
    const start = filters[from];
    const end = filters[to];
    if (typeof start === 'string' && typeof end === 'string' && start > end) {
      throw new InputError(
        'bad_filter',
        `${label(from)} ${start} is after ${label(to)} ${end}: nothing could match; swap them`,
      );
    }
  }
  return filters as CaseRequestFilters;
}

/** A date filter given in a relative form (`today`, `-7d`…), and the date it was sent as. */
export interface ResolvedDate {
  name: FilterName;
  given: string;
  sent: string;
  /**
   * A timestamp filter's relative form: the day of this computer's calendar it named (`sent` is that
   * day's first or last second here, in UTC).
   */
  day?: string;
}

/**
 * The date filters given in a relative form, with what they resolved to (`buildExportFilters`' result):
 * what the hosts print with the export, so the clerk sees which days were asked for (explore 25 item 3).
 */
export function resolvedDates(
  raw: Partial<Record<FilterName, string | number>>,
  filters: CaseRequestFilters,
  timeZone?: string,
): ResolvedDate[] {
  const sent = filters as Record<string, string | number | undefined>;
  return FILTER_NAMES.filter((name) => isDateFilter(name)).flatMap((name) => {
    const given = raw[name]?.toString().trim();
    const value = sent[name];
    if (!given || value === undefined || !isRelativeDate(given)) return [];
    return TIMESTAMP_FILTERS.has(name)
      ? [{ name, given, sent: String(value), day: localDayOfUtc(String(value), timeZone) }]
      : [{ name, given, sent: String(value) }];
  });
}

/**
 * The timestamp filters given as a date or a time in another form than the API's (not in a relative
 * form), with the second each was sent as: a "to" of 23:59 is 23:59:59, a "from" 00:00, a date the whole UTC day. What
 * the hosts print with the export, so the manager sees which seconds were asked for (explore 35 item 1).
 */
export function completedTimes(
  raw: Partial<Record<FilterName, string | number>>,
  filters: CaseRequestFilters,
): ResolvedDate[] {
  const sent = filters as Record<string, string | number | undefined>;
  return FILTER_NAMES.filter((name) => TIMESTAMP_FILTERS.has(name)).flatMap((name) => {
    const given = raw[name]?.toString().trim();
    const value = sent[name];
    // Said whenever what was sent is not what was typed: a second completed, a one-digit hour, a
    // fraction of a second dropped, a zone turned to UTC (explore 53 item 3).
    return given && value !== undefined && !isRelativeDate(given) && String(value) !== given
      ? [{ name, given, sent: String(value) }]
      : [];
  });
}

const TEXT_FILTERS = new Set<FilterName>([
  'reference_value_1',
  'reference_value_2',
  'reference_value_3',
  'case_request_number',
]);

/** A text filter typed with spaces at its start or end: what was sent (null: nothing, it was only spaces). */
export interface TrimmedFilter {
  name: FilterName;
  given: string;
  sent: string | null;
}

/**
 * The text filters whose value had spaces at its start or end. Every filter is sent without them (a
 * value copied from a cell often carries them), which for a reference that really starts or ends with
 * a space matches nothing, and for a value of spaces only sends no filter at all: said by the hosts,
 * never silent. Not changed here: how values are matched is the server's.
 */
export function trimmedFilters(raw: Partial<Record<FilterName, string | number>>): TrimmedFilter[] {
  return FILTER_NAMES.filter((name) => TEXT_FILTERS.has(name)).flatMap((name) => {
    const given = raw[name];
    if (typeof given !== 'string' || given === '' || given === given.trim()) return [];
    const sent = given.trim();
    return [{ name, given, sent: sent === '' ? null : sent }];
  });
}

/** "--reference-value-1 ' leading space' was sent as 'leading space', without the spaces …" (`label`: the flag or box). */
export function trimmedFilterWords(entry: TrimmedFilter, label: string): string {
  return entry.sent === null
    ? `${label} '${entry.given}' holds only spaces, so no such filter was sent: this export is not narrowed by it`
    : `${label} '${entry.given}' was sent as '${entry.sent}', without the spaces at its start and end ` +
        '(a value copied from a cell often carries them): a request whose value really starts or ends with a space is not matched by it';
}

/** An id is a whole number from 1 up (0, 1.5, 5-6 and 12e are none: never sent, never dropped). */
function wholeNumber(flag: string, value: string): number {
  const id = Number(value);
  if (!/^\d+$/.test(value) || id < 1 || !Number.isSafeInteger(id))
    throw new InputError(
      'bad_filter',
      `${flag} '${value}' must be one whole-number id, 1 or more, e.g. 42 (Trackops filters on one id, not a range or a list)`,
    );
  return id;
}

function regionId(flag: string, value: string, reference: AccountReference | undefined): number {
  if (/^\d+$/.test(value)) {
    const id = wholeNumber(flag, value);
    // An id the account's regions lack matched nothing and made an empty export, exit 0 (explore 14
    // item 7): refused as an unknown name is, when the list was read whole (a list that could not be
    // read, or read only in part, may hold it: the id is then sent as given).
    if (
      reference &&
      !reference.unavailable?.case_regions &&
      !reference.incomplete?.case_regions &&
      !reference.case_regions.some((region) => Number(region.id) === id)
    )
      throw new InputError(
        'bad_filter',
        `${flag} '${value}' is no case region of this account; give one of ${regionNames(reference)}`,
      );
    return id;
  }
  if (!reference) {
    throw new InputError(
      'bad_filter',
      `${flag} '${value}': a region name needs a connection to look it up; give the region id`,
    );
  }
  // Compared as validate's look-ups compare names (text-key.ts).
  const wanted = caselessKey(value);
  const matches = reference.case_regions.filter((region) => caselessKey(region.name) === wanted);
  if (matches.length === 1) return (matches[0] as { id: number }).id;
  if (matches.length === 0)
    throw new InputError(
      'bad_filter',
      `${flag} '${value}' matches no case region; give one of ${regionNames(reference)}`,
    );
  // Giving the name again would be refused again (explore 54 item 7): only an id tells look-alikes apart.
  const ids = matches.map((region) => String(region.id));
  throw new InputError(
    'bad_filter',
    `${flag} '${value}' matches several case regions (names are matched whatever their letter case and spaces): ` +
      `${matches.map((region) => itemName(region.name, region.id)).join(', ')}; give the id of the one you mean ` +
      `(${flag} ${ids.join(` or ${flag} `)})`,
  );
}

function regionNames(reference: AccountReference): string {
  return reference.case_regions.map((region) => `"${region.name}" (${region.id})`).join(', ');
}
