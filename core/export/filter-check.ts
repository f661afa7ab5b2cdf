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
 */
import type { FilterName } from '../api/list-filters.ts';
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

export interface FilterCheck {
  /** Distinct requests the server listed. */
  listed: number;
  /** Requests that match every checkable filter: what the file holds. */
  kept: number;
  outside: FilterOutside[];
  unchecked: FilterUnchecked[];
  /** The filters as words: "created 2026-07-01..2026-07-31, id 5". */
  asked: string;
}

type Verdict = 'in' | 'below' | 'above' | 'unreadable';

interface Test {
  filters: FilterName[];
  field: string;
  /** "created 2026-07-01..2026-07-31" */
  label: string;
  verdict(record: CaseRequestRecord): Verdict;
  outsideWords(below: number, above: number, loose: number): string;
}

const RANGES = [
  ['created_from', 'created_to', 'created_on', 'created', 'date', 'were received'],
  ['due_from', 'due_to', 'due_on', 'due', 'date', 'are due'],
  ['created_from_system', 'created_to_system', 'created_at', 'entered (UTC)', 'stamp', 'were entered'],
  ['updated_from', 'updated_to', 'updated_at', 'updated (UTC)', 'stamp', 'were last updated'],
] as const;

const IDS = [
  ['id', 'id', 'id', 'have another id'],
  ['client', 'client_id', 'client', 'belong to another client (or to none yet)'],
  ['location', 'location_id', 'client location', 'are at another client location (or none)'],
  ['case_region', 'case_region_id', 'case region', 'are in another case region'],
  ['primary_contact', 'primary_contact_id', 'primary contact', 'have another primary contact (or none)'],
  ['primary_subject', 'primary_subject_id', 'primary subject', 'have another primary subject (or none)'],
  ['series_number', 'series_number', 'series number', 'have another series number'],
] as const;

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
  private readonly counts: { below: number; above: number; loose: number; unreadable: number }[];
  private listed = 0;
  private kept = 0;

  constructor(filters: CaseRequestFilters, names: FilterIdNames = {}) {
    this.tests = testsFor(filters, names);
    this.counts = this.tests.map(() => ({ below: 0, above: 0, loose: 0, unreadable: 0 }));
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
      else if (verdict !== 'in') {
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
    this.tests.forEach((test, index) => {
      const { below, above, loose, unreadable } = this.counts[index]!;
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
      asked: this.tests.map((test) => test.label).join(', '),
    };
  }
}

/** The check in words, one line per finding (none when every listed request matched every filter). */
export function filterCheckWords(check: FilterCheck | null): string[] {
  if (!check) return [];
  const lines: string[] = [];
  const requests = (n: number) => `${n} case request${n === 1 ? '' : 's'}`;
  if (check.outside.length > 0) {
    const left = check.listed - check.kept;
    const why = check.outside.map((entry) => entry.words).join('; ');
    lines.push(
      `Trackops listed ${requests(check.listed)} for ${check.asked}; ${why}. ` +
        `${left === 1 ? 'That request is' : `Those ${left} requests are`} left out of the file, which holds ${holds(check.kept)}.`,
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
        : `${names} could not be checked on ${records} of the ${requests(check.listed)} listed (no readable ${field}); those are kept as listed.`,
    );
  }
  return lines;
}

function holds(kept: number): string {
  return kept === 0 ? 'none' : kept === 1 ? 'the 1 that matches' : `the ${kept} that match`;
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
    const read = kind === 'date' ? readDay : readStamp;
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
        const value = read(raw);
        if (value === null) return 'unreadable';
        if (from !== undefined && value < from) return 'below';
        if (to !== undefined && value > to) return 'above';
        return 'in';
      },
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
        const empty = MAY_BE_EMPTY.has(field) ? ` (or have no ${field})` : '';
        return `${below + above} ${verb} ${where}${empty}: the server seems to ignore ${ignored}`;
      },
    });
  }
  for (const [name, field, what, other] of IDS) {
    const text = given(name);
    if (text === undefined) continue;
    const wanted = Number(text);
    const known = names[name]?.(wanted);
    tests.push({
      filters: [name],
      field,
      label: known ? `${what} "${known}" (id ${text})` : `${what} ${text}`,
      verdict(record) {
        const raw = (record as Record<string, unknown>)[field];
        if (raw === null || raw === '') return MAY_BE_EMPTY.has(field) ? 'above' : 'unreadable';
        if (raw === undefined) return 'unreadable';
        const value = Number(typeof raw === 'string' ? raw.trim() : raw);
        if (!Number.isFinite(value) || (typeof raw !== 'number' && typeof raw !== 'string'))
          return 'unreadable';
        return value === wanted ? 'in' : 'above';
      },
      outsideWords: (below, above) => `${below + above} ${other}: the server seems to ignore ${name}`,
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
          ? `${count} hold "${text}" only as part of a longer ${what}: the server seems to match ${name} loosely (by part of the value), not exactly as documented`
          : `${count} have another ${what}: the server seems to ignore ${name}`;
      },
    });
  }
  return tests;
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
