/**
 * A row that is an earlier import's create with a cell or two corrected since (explore 16, left open
 * until now): the clerk fixed a typo in the file and imported it again. Its whole-body content no longer
 * matches the journal's (earlier-creates.ts), and a row without a claim number, or whose claim number
 * was the typo, is invisible to the account's duplicate check: it was created a second time.
 *
 * Journals record, for each create, a digest of every value it sent with the path a mapping names it
 * by (`client.name`, `custom_fields.12`, `subjects.0.custom_fields.11.first_name`): `partsOf`. A row to
 * create that no earlier create holds whole, and that differs from one still unclaimed in at most two
 * values while agreeing in many more (`isNearEdit`), is that create edited. Whether it is (a typo fixed)
 * or another referral much like it (a second claim of the same claimant) only the clerk knows: the row
 * is never sent on that guess, and never taken as sent either; it is refused, naming the request and
 * the values that differ, with the ways out.
 *
 * Values are digested as the body holds them (both bodies are built by the same mapping code, so equal
 * values are equal text), with 32-bit FNV-1a: a collision only makes two values look equal, one in four
 * billion, and a row's twenty-odd digests cost next to nothing beside its request (issue 13). Only
 * digests are kept: a journal holds hashes of a create, not the referral's text.
 */
import type { ReferenceKind } from '../account/reference.ts';
import type { CaseRequestCreateBody } from '../api/types.ts';
import { oneKindOfLineBreak } from './fingerprint.ts';
import { targetWords, type TargetWordsContext } from '../mapping/target-words.ts';

/** Subject fields set by the mapping's group, the same on every row: never a sign of the same referral. */
const STRUCTURE = new Set(['subject_type_id', 'is_primary', 'is_pinned']);

/** Hex digits of each value's digest in a journal's `parts`. */
const DIGEST = 6;

/**
 * Every value of a create body by its target path (`client.name`, `custom_fields.12`,
 * `subjects.0.custom_fields.11.first_name`), each as the digest of its path and value.
 */
export function valuesOf(body: Partial<CaseRequestCreateBody>): Map<string, string> {
  const values = new Map<string, string>();
  const leaf = (path: string, value: unknown): void => {
    if (value === undefined || value === null || value === '') return;
    const text = typeof value === 'string' ? oneKindOfLineBreak(value) : value;
    values.set(path, fnv1a(`${path}=${JSON.stringify(text)}`).slice(0, DIGEST));
  };
  const record = body as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    const value = record[key];
    if (key === 'custom_fields') customFields('custom_fields', value, leaf);
    else if (key === 'subjects' && Array.isArray(value))
      value.forEach((subject: Record<string, unknown>, index) => {
        for (const part of Object.keys(subject ?? {}))
          if (part === 'custom_fields') customFields(`subjects.${index}.custom_fields`, subject[part], leaf);
          else if (!STRUCTURE.has(part)) leaf(`subjects.${index}.${part}`, subject[part]);
      });
    else if ((key === 'client' || key === 'contact') && value && typeof value === 'object')
      for (const part of Object.keys(value)) leaf(`${key}.${part}`, (value as Record<string, unknown>)[part]);
    else leaf(key, value);
  }
  return values;
}

/**
 * What a journal keeps of a create's values (its intent's `parts`): their digests, sorted, run together
 * (6 hex digits each, about 150 characters for a referral: the paths are not kept, so a journal grows
 * little; a value's digest covers its path, so the same text in two fields is two values).
 */
export function partsOf(body: Partial<CaseRequestCreateBody>): string {
  return [...valuesOf(body).values()].sort().join('');
}

/** `partsOf`'s text as the set of its digests. */
export function readParts(parts: string): Set<string> {
  const digests = new Set<string>();
  for (let at = 0; at + DIGEST <= parts.length; at += DIGEST) digests.add(parts.slice(at, at + DIGEST));
  return digests;
}

/** 32-bit FNV-1a of a text's UTF-16 code units, as 8 hex digits. */
function fnv1a(text: string): string {
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index++) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0).toString(16).padStart(8, '0');
}

function customFields(prefix: string, value: unknown, leaf: (path: string, value: unknown) => void): void {
  if (!Array.isArray(value)) return;
  for (const entry of value as { id?: unknown; value?: unknown }[]) {
    const path = `${prefix}.${String(entry?.id)}`;
    const inner = entry?.value;
    if (inner && typeof inner === 'object' && !Array.isArray(inner))
      for (const part of Object.keys(inner))
        leaf(`${path}.${part}`, (inner as Record<string, unknown>)[part]);
    else leaf(path, inner);
  }
}

/** How this row's values and an earlier create's compare. */
export interface ComparedParts {
  /** This row's values the earlier create does not hold (a value changed, or filled since), by path. */
  differs: string[];
  /** How many of the earlier create's values this row does not hold (changed, or left blank since). */
  dropped: number;
  /** How many values agree. */
  same: number;
}

export function compareParts(ours: ReadonlyMap<string, string>, theirs: ReadonlySet<string>): ComparedParts {
  const differs: string[] = [];
  let same = 0;
  for (const [path, digest] of ours) {
    if (theirs.has(digest)) same += 1;
    else differs.push(path);
  }
  return { differs: differs.sort(), dropped: theirs.size - same, same };
}

/**
 * How many values a correction changed: a value changed shows on both sides, one filled or emptied on
 * one only. (A value filled, another emptied and a third changed count as two: the bound is low by one
 * only then, and many values must still agree.)
 */
export function changedCount(compared: ComparedParts): number {
  return Math.max(compared.differs.length, compared.dropped);
}

/** The most values a correction changes, and how many more must agree for each one that differs. */
const MOST_CHANGED = 2;
const AGREEING_PER_CHANGE = 3;
const AGREEING_AT_LEAST = 2;

/**
 * Whether two creates are one referral with a correction: one or two values differ, and at least
 * 3 × that + 2 agree (5 for one, 8 for two), so that a file's template constants (case type, client,
 * region) alone never make two referrals look alike.
 */
export function isNearEdit(compared: ComparedParts): boolean {
  const changed = changedCount(compared);
  return (
    changed >= 1 &&
    changed <= MOST_CHANGED &&
    compared.same >= AGREEING_PER_CHANGE * changed + AGREEING_AT_LEAST
  );
}

/**
 * Values shared by more creates than this are common to the file (its constants, a client, a region)
 * and do not help find the create a row corrects; the rarer ones (a name, a date of birth, an address)
 * lead to it.
 */
const COMMON_VALUE = 50;

/**
 * An index of creates by their rarer values: `candidates` gives the creates that share at least one of
 * a row's values that is rare among them (a correction leaves most of the row's values as they were).
 */
export class PartsIndex<T> {
  readonly #postings = new Map<string, T[]>();
  readonly #parts = new Map<T, Set<string>>();

  constructor(entries: Iterable<{ item: T; parts: string }>) {
    for (const { item, parts } of entries) {
      const digests = readParts(parts);
      this.#parts.set(item, digests);
      for (const digest of digests) {
        const list = this.#postings.get(digest);
        if (!list) this.#postings.set(digest, [item]);
        else if (list.length <= COMMON_VALUE) list.push(item);
      }
    }
  }

  partsOf(item: T): Set<string> | undefined {
    return this.#parts.get(item);
  }

  candidates(values: ReadonlyMap<string, string>): Set<T> {
    const found = new Set<T>();
    for (const digest of values.values()) {
      const list = this.#postings.get(digest);
      if (list && list.length <= COMMON_VALUE) for (const item of list) found.add(item);
    }
    return found;
  }
}

/** The value at a `partsOf` path of a create body, or undefined when the body leaves it blank. */
export function valueAt(body: Partial<CaseRequestCreateBody>, path: string): unknown {
  const custom = (entries: unknown, rest: string[]): unknown => {
    const entry = Array.isArray(entries)
      ? (entries as { id?: unknown; value?: unknown }[]).find(
          (candidate) => String(candidate?.id) === rest[0],
        )
      : undefined;
    const value = entry?.value;
    return rest[1] === undefined ? value : (value as Record<string, unknown> | undefined)?.[rest[1]];
  };
  const [head, ...rest] = path.split('.');
  const record = body as Record<string, unknown>;
  if (head === 'custom_fields') return custom(record.custom_fields, rest);
  if (head === 'subjects') {
    const subject = (record.subjects as Record<string, unknown>[] | undefined)?.[Number(rest[0])];
    if (rest[1] === 'custom_fields') return custom(subject?.custom_fields, rest.slice(2));
    return rest[1] === undefined ? undefined : subject?.[rest[1]];
  }
  const value = record[head!];
  return rest[0] === undefined ? value : (value as Record<string, unknown> | undefined)?.[rest[0]];
}

/**
 * The values a correction changed, as a clerk reads them: `Claimant 1's Name, first name ("Jon" here),
 * Client phone (blank here)`. Only this row's values can be named: the journal keeps digests, so the
 * earlier create's values this row leaves blank are counted ("and 1 value that row had, blank here").
 */
export function editedWords(
  compared: Pick<ComparedParts, 'differs' | 'dropped'>,
  body: Partial<CaseRequestCreateBody>,
  words: TargetWordsContext = {},
): string {
  const named = compared.differs.map((path) => {
    const value = valueAt(body, path);
    const shown = `${JSON.stringify(namedValue(path, value, words) ?? (typeof value === 'object' ? JSON.stringify(value) : String(value)))} here`;
    return `${targetWords(path, words)} (${shown})`;
  });
  const blank = compared.dropped - compared.differs.length;
  if (blank > 0) named.push(`${blank} ${blank === 1 ? 'value' : 'values'} that row had, blank here`);
  return named.join(', ');
}

/** The body members that hold ids of the account's lists, and the list each names. */
const LOOKED_UP: Record<string, ReferenceKind> = {
  case_type_id: 'case_types',
  case_region_id: 'case_regions',
  company_location_id: 'company_locations',
  referral_source_id: 'referral_sources',
  case_services_list: 'case_services',
  case_flags_list: 'case_flags',
};

/**
 * A looked-up value by the name the clerk typed, not the id the body sends ("Mountain West", not "3";
 * "Surveillance; Social media" for a list). Null when the lists were not read or an id is not in them.
 */
function namedValue(path: string, value: unknown, words: TargetWordsContext): string | null {
  const kind = LOOKED_UP[path];
  const list = kind && words.reference ? (words.reference[kind] as { id: number; name: string }[]) : null;
  if (!list) return null;
  const ids = Array.isArray(value) ? value : [value];
  const names = ids.map((id) => list.find((item) => item.id === id)?.name);
  return names.every((name) => name !== undefined) ? names.join('; ') : null;
}
