/**
 * Name → id resolution against the account's reference data. Case-insensitive, trimmed, inner white
 * space collapsed; never guessed (CONTRACTS section 4): no match, or several, is a problem listing the
 * valid names. Built once per validation run; resolving is one Map lookup.
 */
import type { ListCutShort, NamedRef } from '../account/reference.ts';
import { inactiveMark } from '../account/inactive-mark.ts';
import { caselessKey } from '../mapping/text-key.ts';
import { itemName } from '../problems/item-name.ts';
import { MAX_LISTED, namesToList } from './closest-names.ts';

export type LookupResult =
  | { ok: true; id: number }
  | { ok: false; code: 'lookup_not_found'; names: string[] }
  | { ok: false; code: 'lookup_ambiguous'; matches: string[]; ids: number[] }
  | { ok: false; code: 'lookup_unavailable'; list: string; reason: string };

export interface LookupTable {
  resolve(text: string): LookupResult;
  hasId(id: number): boolean;
  /** How the server marks the item of this id as not in use (`"is_active": false`), or null (inactive-mark.ts). */
  inactive(id: number): string | null;
  /** The record names, sorted, for messages. */
  names: string[];
  /** The list was not read whole (AccountReference.incomplete): a name or id not in it may exist. */
  cut?: ListCutShort;
}

/** Names meet as a person sees them (text-key.ts: NFC, any space one space), letter case ignored. */
export const normaliseName = caselessKey;

/** A bound on the lists kept per table, so a file of many distinct unknown names keeps memory flat. */
const LISTS_KEPT = 1000;

export function buildLookupTable(records: readonly NamedRef[], cut?: ListCutShort): LookupTable {
  const byName = new Map<string, NamedRef[]>();
  const ids = new Set<number>();
  const marks = new Map<number, string>();
  for (const record of records) {
    ids.add(record.id);
    const mark = inactiveMark(record);
    if (mark !== null) marks.set(record.id, mark);
    const key = normaliseName(record.name);
    const bucket = byName.get(key);
    if (bucket) bucket.push(record);
    else byName.set(key, [record]);
  }
  // Sorted when a message first needs them, not as the table is built: a run whose names all resolve
  // never sorts, and the first localeCompare of a process sets up ICU's collation, ≈ 10 ms of CPU that
  // each CLI command paid before its first request.
  const unsorted = records.map((record) => record.name);
  let sortedNames: string[] | undefined;
  const sorted = () => (sortedNames ??= unsorted.sort((a, b) => a.localeCompare(b)));
  let listedNames: string[] | undefined;
  // A name looked up once per distinct text: the rows that repeat it share the list.
  const listedFor = new Map<string, string[]>();
  return {
    // For a message with no name to be close to (an id the account lacks): the first of the alphabet.
    get names() {
      const all = sorted();
      return (listedNames ??=
        all.length > MAX_LISTED ? [...all.slice(0, MAX_LISTED), `… (${all.length - MAX_LISTED} more)`] : all);
    },
    ...(cut ? { cut } : {}),
    hasId: (id) => ids.has(id),
    inactive: (id) => marks.get(id) ?? null,
    resolve(text) {
      const matches = byName.get(normaliseName(text));
      if (matches?.length === 1) return { ok: true, id: matches[0]!.id };
      if (matches && matches.length > 1)
        return {
          ok: false,
          code: 'lookup_ambiguous',
          // An item the server marks as not in use says so: two items of one name are often an old one
          // archived and its replacement, and the clerk sees only the active one in Trackops.
          matches: matches.map((match) => {
            const mark = marks.get(match.id);
            return itemName(match.name, match.id, mark ? `marked inactive: ${mark}` : undefined);
          }),
          ids: matches.map((match) => match.id),
        };
      // A plain id is not a guess: accept it when the account has it.
      if (/^\d+$/.test(text.trim()) && ids.has(Number(text.trim())))
        return { ok: true, id: Number(text.trim()) };
      const key = normaliseName(text);
      let listed = listedFor.get(key);
      if (!listed) {
        if (listedFor.size >= LISTS_KEPT) listedFor.clear();
        listedFor.set(key, (listed = namesToList(text, sorted())));
      }
      return { ok: false, code: 'lookup_not_found', names: listed };
    },
  };
}

/**
 * The table for a reference list the account could not give (API-NOTES Tolerance: lose only the checks
 * that need it): an id is taken as it is (unchecked, the dry run says so), a name cannot be resolved.
 */
export function unavailableLookup(list: string, reason: string): LookupTable {
  return {
    names: [],
    hasId: () => true,
    inactive: () => null,
    resolve(text) {
      if (/^\d+$/.test(text.trim()) && Number(text.trim()) > 0) return { ok: true, id: Number(text.trim()) };
      return { ok: false, code: 'lookup_unavailable', list, reason };
    },
  };
}
