/**
 * Every record a filtered listing returns is checked against the filters its own fields let us check,
 * before it reaches a file (API-NOTES Tolerance: nothing published says how a server applies a
 * filter; one may ignore a parameter it does not support, or match text with `LIKE '%x%'`). A record
 * outside a filter is left out, and the export says how many and what the server seems to have done;
 * a filter whose field the records do not carry is said to be unchecked, never silently trusted.
 *
 * The semantics are the seed's ("Listing Case Requests"): date bounds are inclusive and compare the
 * user's dates (`created_on`, `due_on`) as the calendar dates they are, with no time zone; the system
 * bounds (`*_system`, `updated_*`) compare UTC timestamps (`created_at`, `updated_at`, read to UTC by
 * the client), a date alone meaning the whole day; ids are equal ids. The reference values and the
 * request number are documented as the value itself, so a record whose value is another one is
 * outside; letters are compared in one case and surrounding spaces ignored, because a server's exact
 * match on a case-insensitive column (the usual SQL default) finds those too, and leaving them out
 * would lose requests the user asked for. No request is added: the check reads only what was listed.
 *
 * A check is only as good as the record member it reads. Where that member is itself a guess (the
 * record shape is "Assumed" in API-NOTES, and for the client the seed contradicts the guess: its update
 * table calls `client_id` "ID of the client location", while the `client` filter is the root client),
 * a record whose member differs is kept and said unconfirmed, never left out: the server that listed
 * it may well be right and our reading of the record wrong (explore 35 item 3: every request of
 * `--client 7` dropped, the server blamed).
 */
import type { FilterName } from '../api/list-filters.ts';
import { thousands } from '../thousands.ts';
import type { CaseRequestFilters, CaseRequestRecord } from '../api/types.ts';

/** One range (both ends of a date pair) or one single filter that left records out. */
export interface FilterOutside {
  filters: FilterName[];
  count: number;
  /** "24 were received outside those dates: the server seems to ignore created_to". */
  words: string;
}

export interface FilterUnchecked {
  filter: FilterName;
  /** The record member it would be checked on. */
  field: string;
  /** Listed records that do not carry that member (or not as a value we can read); they are kept. */
  records: number;
}

/** Listed records a filter's check could not confirm (its record member is a guess): kept as listed. */
export interface FilterUnconfirmed {
  filter: FilterName;
  /** The record member the check read. */
  field: string;
  /** Listed records whose member differs from the value asked for (or is empty). */
  records: number;
  /** "3 carry client_id 12, not 7: they are kept as listed, because …". */
  words: string;
}

/**
 * Listed records whose date a server wrote as a UTC instant that is a day inside the range in some
 * zones and outside it in others (readDays): kept as listed, since the server does not say whose
 * midnight it meant, but said, so that a clerk knows the file may hold a request of the day before or
 * after (explore 61's left item: such a request was kept without a word).
 */
export interface FilterDayUncertain {
  filters: FilterName[];
  field: string;
  records: number;
  /** "1 carry a created_on written as a moment in UTC …". */
  words: string;
}

export interface FilterCheck {
  /** Distinct requests the server listed. */
  listed: number;
  /** Requests that match every filter checked, or that a guessed check could not confirm: what the file holds. */
  kept: number;
  outside: FilterOutside[];
  unchecked: FilterUnchecked[];
  unconfirmed: FilterUnconfirmed[];
  /** Kept, their day inside the range in some time zones only (absent in older results: none). */
  dayUncertain?: FilterDayUncertain[];
  /** The filters as words: "created 2026-07-01..2026-07-31, id 5". */
  asked: string;
}

/** `uncertain`: inside in some time zones and outside in others (a UTC instant near midnight); kept. */
type Verdict = 'in' | 'uncertain' | 'below' | 'above' | 'unreadable';

interface Test {
  filters: FilterName[];
  field: string;
  /** "created 2026-07-01..2026-07-31" */
  label: string;
  verdict(record: CaseRequestRecord): Verdict;
  outsideWords(below: number, above: number, loose: number): string;
  /**
   * Set when the record member read is a guess: why the check cannot confirm a record whose member
   * differs. Such a record is kept, and this said; `unconfirmedWords` words it.
   */
  guess?: (records: number, values: string[]) => string;
  /** Set on a date range: the words for records whose day it could not tell (verdict `uncertain`). */
  uncertainWords?: (records: number, example: string, days: [string, string]) => string;
}

const RANGES = [
  ['created_from', 'created_to', 'created_on', 'created', 'date', 'were received'],
  ['due_from', 'due_to', 'due_on', 'due', 'date', 'are due'],
  ['created_from_system', 'created_to_system', 'created_at', 'entered (UTC)', 'stamp', 'were entered'],
  ['updated_from', 'updated_to', 'updated_at', 'updated (UTC)', 'stamp', 'were last updated'],
] as const;

/**
 * The id filters, the record member each is checked on, and, where that member's meaning is a guess,
 * why (then a record whose member differs is kept, said unconfirmed). Checked for sure: `id`;
 * `case_region_id` and `series_number`, the very names the seed gives to the same thing (the create
 * parameter "ID of the case region", the filter "the series number"). Guessed:
 * - `client`: the seed's filter is the root (parent) client, but the only `client_id` the seed defines
 *   (its update table) is "ID of the client location"; a request at location 12 of client 7 may well
 *   carry client_id 12;
 * - `location`: no `location_id` is published at all (the seed's update calls the location client_id);
 * - `primary_contact`, `primary_subject`: no member of a request is published for either (the contact
 *   and subjects are sent inline, and matched to records later inside Trackops).
 */
const IDS: readonly (readonly [FilterName, string, string, string, string | null])[] = [
  ['id', 'id', 'id', 'have another id', null],
  [
    'client',
    'client_id',
    'client',
    'belong to another client (or to none yet)',
    'a request\'s client_id may be its client location rather than the root client the filter names (the seed\'s update table calls client_id "ID of the client location")',
  ],
  [
    'location',
    'location_id',
    'client location',
    'are at another client location (or none)',
    "nothing published says which member of a request holds its client location (the seed's update calls it client_id)",
  ],
  ['case_region', 'case_region_id', 'case region', 'are in another case region', null],
  [
    'primary_contact',
    'primary_contact_id',
    'primary contact',
    'have another primary contact (or none)',
    'nothing published says a request carries its primary contact as primary_contact_id',
  ],
  [
    'primary_subject',
    'primary_subject_id',
    'primary subject',
    'have another primary subject (or none)',
    'nothing published says a request carries its primary subject as primary_subject_id',
  ],
  ['series_number', 'series_number', 'series number', 'have another series number', null],
];

const TEXTS = [
  ['reference_value_1', 'reference value 1'],
  ['reference_value_2', 'reference value 2'],
  ['reference_value_3', 'reference value 3'],
  ['case_request_number', 'request number'],
] as const;

/** Members a request may hold empty: an empty one is outside a filter on it, not unreadable. */
const MAY_BE_EMPTY = new Set([
  'due_on',
  'client_id',
  'location_id',
  'primary_contact_id',
  'primary_subject_id',
  'reference_value_1',
  'reference_value_2',
  'reference_value_3',
]);

/**
 * The account's names for the ids a filter takes, where known (the case regions of the reference
 * data): the words then say "case region \"Midwest\" (id 4)", as the clerk chose it, not "case region 4".
 */
export type FilterIdNames = Partial<Record<FilterName, (id: number) => string | undefined>>;

export class FilterChecker {
  private readonly tests: Test[];
  private readonly counts: {
    below: number;
    above: number;
    loose: number;
    unreadable: number;
    unconfirmed: number;
    /** The first few values a guessed check met that were not the one asked for ("12", "none"). */
    values: string[];
    uncertain: number;
    /** The first uncertain value met and the days it may be. */
    uncertainExample: { value: string; days: [string, string] } | null;
  }[];
  private listed = 0;
  private kept = 0;

  constructor(filters: CaseRequestFilters, names: FilterIdNames = {}) {
    this.tests = testsFor(filters, names);
    this.counts = this.tests.map(() => ({
      below: 0,
      above: 0,
      loose: 0,
      unreadable: 0,
      unconfirmed: 0,
      values: [],
      uncertain: 0,
      uncertainExample: null,
    }));
  }

  /** Whether the checker has anything to check (no filters: every record is kept). */
  get active(): boolean {
    return this.tests.length > 0;
  }

  /** Whether `record` is kept: inside every filter it can be checked against. */
  keeps(record: CaseRequestRecord): boolean {
    this.listed += 1;
    let inside = true;
    this.tests.forEach((test, index) => {
      const verdict = test.verdict(record);
      const count = this.counts[index]!;
      if (verdict === 'unreadable') count.unreadable += 1;
      else if (verdict === 'uncertain') {
        count.uncertain += 1;
        const raw = (record as Record<string, unknown>)[test.field];
        const days = readDays(raw);
        if (count.uncertainExample === null && Array.isArray(days))
          count.uncertainExample = { value: String(raw), days };
      } else if (verdict !== 'in' && test.guess) {
        // Differs on a member whose meaning is a guess: kept as the server listed it, said unconfirmed.
        count.unconfirmed += 1;
        const raw = (record as Record<string, unknown>)[test.field];
        const value = raw === null || raw === undefined || raw === '' ? 'none' : String(raw);
        if (count.values.length < MAX_VALUES_SHOWN + 1 && !count.values.includes(value))
          count.values.push(value);
      } else if (verdict !== 'in') {
        inside = false;
        count[verdict === 'below' ? 'below' : 'above'] += 1;
        if (test.field.startsWith('reference_value') || test.field === 'case_request_number') {
          if (containsLoosely(record[test.field], test.label)) count.loose += 1;
        }
      }
    });
    if (inside) this.kept += 1;
    return inside;
  }

  result(): FilterCheck | null {
    if (!this.active) return null;
    const outside: FilterOutside[] = [];
    const unchecked: FilterUnchecked[] = [];
    const unconfirmed: FilterUnconfirmed[] = [];
    const dayUncertain: FilterDayUncertain[] = [];
    this.tests.forEach((test, index) => {
      const { below, above, loose, unreadable, values, uncertain, uncertainExample } = this.counts[index]!;
      if (uncertain > 0 && test.uncertainWords && uncertainExample)
        dayUncertain.push({
          filters: test.filters,
          field: test.field,
          records: uncertain,
          words: test.uncertainWords(uncertain, uncertainExample.value, uncertainExample.days),
        });
      const doubted = this.counts[index]!.unconfirmed;
      if (doubted > 0 && test.guess)
        unconfirmed.push({
          filter: test.filters[0]!,
          field: test.field,
          records: doubted,
          words: test.guess(doubted, values),
        });
      if (below + above > 0)
        outside.push({
          filters: test.filters,
          count: below + above,
          words: test.outsideWords(below, above, loose),
        });
      for (const filter of test.filters)
        if (unreadable > 0) unchecked.push({ filter, field: test.field, records: unreadable });
    });
    return {
      listed: this.listed,
      kept: this.kept,
      outside,
      unchecked,
      unconfirmed,
      ...(dayUncertain.length > 0 ? { dayUncertain } : {}),
      asked: this.tests.map((test) => test.label).join(', '),
    };
  }
}

/** The check in words, one line per finding (none when every listed request matched every filter). */
export function filterCheckWords(check: FilterCheck | null): string[] {
  if (!check) return [];
  const lines: string[] = [];
  const requests = (n: number) => `${thousands(n)} case request${n === 1 ? '' : 's'}`;
  if (check.outside.length > 0) {
    const left = check.listed - check.kept;
    const why = check.outside.map((entry) => entry.words).join('; ');
    lines.push(
      `Trackops listed ${requests(check.listed)} for ${check.asked}; ${why}. ` +
        `${left === 1 ? 'That request is' : `Those ${thousands(left)} requests are`} left out of the file, which holds ${holds(check.kept)}.`,
    );
  }
  const byField = new Map<string, FilterUnchecked[]>();
  for (const entry of check.unchecked) byField.set(entry.field, [...(byField.get(entry.field) ?? []), entry]);
  for (const [field, entries] of byField) {
    const names = entries.map((entry) => entry.filter).join(' and ');
    const records = entries[0]!.records;
    lines.push(
      records === check.listed
        ? `${names} could not be checked: the requests the server listed do not carry a readable ${field}; they are kept as listed.`
        : `${names} could not be checked on ${thousands(records)} of the ${requests(check.listed)} listed (no readable ${field}); those are kept as listed.`,
    );
  }
  for (const entry of check.unconfirmed) {
    const some =
      entry.records === check.listed
        ? `All ${requests(check.listed)}`
        : `${thousands(entry.records)} of the ${requests(check.listed)}`;
    lines.push(`${some} Trackops listed for ${check.asked} ${entry.words}`);
  }
  for (const entry of check.dayUncertain ?? []) {
    const some =
      entry.records === check.listed
        ? `All ${requests(check.listed)}`
        : `${thousands(entry.records)} of the ${requests(check.listed)}`;
    lines.push(`${some} Trackops listed for ${check.asked} ${entry.words}.`);
  }
  return lines;
}

/** Values named in an unconfirmed check's words before "or others". */
const MAX_VALUES_SHOWN = 3;

/** "12", "12 or none", "12, 14, 15 or others". */
function valuesWords(values: string[]): string {
  const shown = values.slice(0, MAX_VALUES_SHOWN);
  if (values.length > MAX_VALUES_SHOWN) return `${shown.join(', ')} or others`;
  return shown.length === 1 ? shown[0]! : `${shown.slice(0, -1).join(', ')} or ${shown.at(-1)}`;
}

/**
 * "carry client_id 12, not 7: they are kept as listed, because …, so the tool cannot confirm them.
 * Should the file hold requests outside client 7, the server ignored client." The guess said as one,
 * with what the clerk can look for in the file.
 */
function unconfirmedWords(
  filter: { name: FilterName; field: string; text: string; label: string; why: string },
  records: number,
  values: string[],
): string {
  const verb = agreeing(records, 'carry');
  const carry =
    values.length === 1 && values[0] === 'none'
      ? `${verb} no ${filter.field}`
      : `${verb} ${filter.field} ${valuesWords(values)}, not ${filter.text}`;
  const [is, them] = records === 1 ? ['it is', 'it'] : ['they are', 'them'];
  return (
    `${carry}: ${is} kept as listed, because ${filter.why}, so the tool cannot confirm ${them}. ` +
    `Should the file hold requests outside ${filter.label}, the server ignored ${filter.name}.`
  );
}

function holds(kept: number): string {
  return kept === 0 ? 'none' : kept === 1 ? 'the 1 that matches' : `the ${thousands(kept)} that match`;
}

function testsFor(filters: CaseRequestFilters, names: FilterIdNames): Test[] {
  const given = (name: FilterName): string | undefined => {
    const value = (filters as Record<string, unknown>)[name];
    return value === undefined || value === null || String(value).trim() === ''
      ? undefined
      : String(value).trim();
  };
  const tests: Test[] = [];
  for (const [fromName, toName, field, what, kind, verb] of RANGES) {
    const fromText = given(fromName);
    const toText = given(toName);
    if (fromText === undefined && toText === undefined) continue;
    const from =
      fromText === undefined
        ? undefined
        : kind === 'date'
          ? readDay(fromText)
          : stampBound(fromText, 'start');
    const to =
      toText === undefined ? undefined : kind === 'date' ? readDay(toText) : stampBound(toText, 'end');
    const names: FilterName[] = [];
    if (fromText !== undefined) names.push(fromName);
    if (toText !== undefined) names.push(toName);
    const span =
      fromText !== undefined && toText !== undefined
        ? `${fromText}..${toText}`
        : fromText !== undefined
          ? `from ${fromText}`
          : `to ${toText}`;
    const bounds = kind === 'date' ? 'dates' : 'times';
    tests.push({
      filters: names,
      field,
      label: `${what} ${span}`,
      verdict(record) {
        if (from === null || to === null) return 'unreadable';
        const raw = (record as Record<string, unknown>)[field];
        if ((raw === null || raw === '') && MAY_BE_EMPTY.has(field)) return 'below';
        // A date a server writes as an instant has a range of days (readDays); a record is outside
        // only when every one of them is.
        const value = kind === 'date' ? readDays(raw) : readStamp(raw);
        if (value === null) return 'unreadable';
        const [first, last] = typeof value === 'string' ? [value, value] : value;
        if (from !== undefined && last < from) return 'below';
        if (to !== undefined && first > to) return 'above';
        // Inside for some zones' midnight and outside for others': kept, and said.
        if ((from !== undefined && first < from) || (to !== undefined && last > to)) return 'uncertain';
        return 'in';
      },
      ...(kind === 'date'
        ? {
            uncertainWords: (records: number, example: string, days: [string, string]) =>
              `${records === 1 ? 'carries' : 'carry'} a ${field} written as a moment in UTC near midnight ` +
              `(such as ${JSON.stringify(example)}, a day from ${days[0]} to ${days[1]} depending on the time zone): ` +
              `the server does not say whose midnight it meant, so ${records === 1 ? 'it is' : 'they are'} kept as listed, ` +
              `but ${records === 1 ? 'its' : 'their'} day may be outside ${what} ${span}; ` +
              `look at ${records === 1 ? 'its' : 'their'} ${field} in Trackops`,
          }
        : {}),
      outsideWords(below, above) {
        const where =
          fromText !== undefined && toText !== undefined
            ? `outside those ${bounds}`
            : fromText !== undefined
              ? `before ${fromText}`
              : `after ${toText}`;
        const ignored =
          names.length === 1
            ? names[0]
            : below > 0 && above > 0
              ? `${fromName} and ${toName}`
              : below > 0
                ? fromName
                : toName;
        const count = below + above;
        const empty = MAY_BE_EMPTY.has(field) ? ` (or ${agreeing(count, 'have')} no ${field})` : '';
        return `${thousands(count)} ${agreeing(count, verb)} ${where}${empty}: the server seems to ignore ${ignored}`;
      },
    });
  }
  for (const [name, field, what, other, guess] of IDS) {
    const text = given(name);
    if (text === undefined) continue;
    const wanted = Number(text);
    const known = names[name]?.(wanted);
    const label = known ? `${what} "${known}" (id ${text})` : `${what} ${text}`;
    tests.push({
      filters: [name],
      field,
      label,
      ...(guess
        ? {
            guess: (records: number, values: string[]) =>
              unconfirmedWords({ name, field, text, label, why: guess }, records, values),
          }
        : {}),
      verdict(record) {
        const raw = (record as Record<string, unknown>)[field];
        if (raw === null || raw === '') return MAY_BE_EMPTY.has(field) ? 'above' : 'unreadable';
        if (raw === undefined) return 'unreadable';
        const value = Number(typeof raw === 'string' ? raw.trim() : raw);
        if (!Number.isFinite(value) || (typeof raw !== 'number' && typeof raw !== 'string'))
          return 'unreadable';
        return value === wanted ? 'in' : 'above';
      },
      outsideWords: (below, above) =>
        `${thousands(below + above)} ${agreeing(below + above, other)}: the server seems to ignore ${name}`,
    });
  }
  for (const [name, what] of TEXTS) {
    const text = given(name);
    if (text === undefined) continue;
    const wanted = text.toLowerCase();
    tests.push({
      filters: [name],
      field: name,
      label: `${what} "${text}"`,
      verdict(record) {
        const raw = (record as Record<string, unknown>)[name];
        if (raw === null || raw === '') return MAY_BE_EMPTY.has(name) ? 'above' : 'unreadable';
        if (typeof raw !== 'string' && typeof raw !== 'number') return 'unreadable';
        return String(raw).trim().toLowerCase() === wanted ? 'in' : 'above';
      },
      outsideWords(below, above, loose) {
        const count = below + above;
        return loose === count
          ? `${thousands(count)} ${agreeing(count, 'hold')} "${text}" only as part of a longer ${what}: the server seems to match ${name} loosely (by part of the value), not exactly as documented`
          : `${thousands(count)} ${agreeing(count, 'have')} another ${what}: the server seems to ignore ${name}`;
      },
    });
  }
  return tests;
}

/** Verbs of the words above, as one request's count takes them ("1 is due", "2 are due"). */
const SINGULAR: Readonly<Record<string, string>> = {
  are: 'is',
  were: 'was',
  have: 'has',
  hold: 'holds',
  belong: 'belongs',
  carry: 'carries',
};

/** `words` (written for many: "are due after …") agreeing with `count`: "1 is due after …". */
function agreeing(count: number, words: string): string {
  if (count !== 1) return words;
  const [verb = '', ...rest] = words.split(' ');
  return [SINGULAR[verb] ?? verb, ...rest].join(' ');
}

/** For the "loosely" wording: the label carries the wanted value in quotes. */
function containsLoosely(value: unknown, label: string): boolean {
  const wanted = /"(.*)"$/.exec(label)?.[1]?.toLowerCase();
  if (!wanted || (typeof value !== 'string' && typeof value !== 'number')) return false;
  return String(value).toLowerCase().includes(wanted);
}

/** A calendar date as written, "2026-07-31" (a time after it, as some servers add, is not a zone shift). */
function readDay(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  return /^(\d{4}-\d{2}-\d{2})(?:$|[ T])/.exec(value.trim())?.[1] ?? null;
}

/** UTC offsets in use on Earth: from UTC-12:00 to UTC+14:00. */
const WEST_MS = 12 * 3_600_000;
const EAST_MS = 14 * 3_600_000;
/** A date and time in UTC: "Z", or an offset of zero, which says no more about the server's zone. */
const UTC_INSTANT = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)\s*(?:Z|[+-]00(?::?00)?)$/i;

/**
 * A record's calendar date as the days it may be. A date as written is one day, and so is one written
 * with the server's own offset ("2026-07-31T00:00:00-07:00": the day in the zone it states) or at
 * midnight UTC. An instant in UTC at another time ("2026-04-04T13:00:00.000000Z", as Laravel writes a
 * date cast of 5 April in Sydney) is the day it is somewhere on Earth: which zone's midnight the server
 * meant is not said, so the check does not choose. Read as its first ten characters, a Sydney server's
 * 5 April was 4 April, and a request the server listed rightly was left out of the file with the server
 * blamed (explore 57 item 4).
 */
function readDays(value: unknown): string | [string, string] | null {
  if (typeof value !== 'string') return null;
  const zoned = UTC_INSTANT.exec(value.trim());
  if (!zoned || /^00:00(?::00(?:\.0+)?)?$/.test(zoned[2]!)) return readDay(value);
  const instant = Date.parse(`${zoned[1]}T${zoned[2]}Z`);
  if (!Number.isFinite(instant)) return readDay(value);
  const day = (ms: number): string => new Date(ms).toISOString().slice(0, 10);
  return [day(instant - WEST_MS), day(instant + EAST_MS)];
}

/** A UTC timestamp as the client reads it (api/read-values.ts): "YYYY-MM-DD HH:MM:SS". */
function readStamp(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const text = value.trim();
  return /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/.test(text) ? text : null;
}

/** A timestamp filter as a bound: a date alone is the whole day, a time without seconds the whole minute. */
function stampBound(text: string, edge: 'start' | 'end'): string | null {
  if (/^\d{4}-\d{2}-\d{2}$/.test(text)) return `${text} ${edge === 'start' ? '00:00:00' : '23:59:59'}`;
  const stamp = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2})(?::(\d{2}))?Z?$/i.exec(text);
  if (!stamp) return null;
  return `${stamp[1]} ${stamp[2]}:${stamp[3] ?? (edge === 'start' ? '00' : '59')}`;
}
