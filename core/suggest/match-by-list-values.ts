/**
 * A column whose header names nothing ("Region Code", "Assignment", "Terr.") but whose values are the
 * account's case regions or case types: the region or case type of each row. Without this the default
 * region (and the headers' best case type) became a constant for every row while the sheet said
 * otherwise on every row, and only a note asked to "map the region column instead". The values are the
 * proof, not the header, so the match is said as a guess (a warning note naming the values), and when the
 * same values are names of another list too (the demo account's case types "Surveillance" and "Skip
 * Trace" are also case services), the column is offered for a person instead: one list's names are no
 * proof against the other's.
 */
import type { AccountReference, LookupKind } from '../account/reference.ts';
import type { Cell } from '../read/types.ts';
import { cellText } from '../read/cell-text.ts';
import { valueKey } from '../mapping/similarity.ts';
import { PARAMS, PARAM_NAMES } from '../mapping/targets.ts';
import type { Candidate } from './candidates.ts';
import { fitValues } from './fit-values.ts';
import type { HeaderMatch } from './match-headers.ts';
import type { SuggestionNote } from './types.ts';

/** Targets every new request needs, so a column giving them matters enough to be found by its values. */
const RECOGNISED = ['case_type_id', 'case_region_id'] as const;
/** Surer than a guess a person must confirm (MAP_CONFIDENCE 0.75), below any header match. */
const BY_VALUES = 0.8;
/** Shown to a person only (status "decide"). */
const OFFERED = 0.6;
const LISTED_VALUES = 8;

/**
 * Fills `matches` for such columns (how: "values") and returns the note each one carries, by column
 * index: a warning for a column mapped so, a "decide" note for one offered.
 */
export function matchListsByValues(
  headers: readonly string[],
  normalised: readonly string[],
  columnCells: readonly (readonly Cell[])[],
  reference: AccountReference,
  candidates: readonly Candidate[],
  matches: (HeaderMatch | null)[],
): Map<number, SuggestionNote> {
  const notes = new Map<number, SuggestionNote>();
  // A target a header already gives (even one only offered) is not taken again by values.
  const taken = new Set(
    matches.flatMap((match) =>
      match && match.candidate.subjectTypeId === undefined ? [match.candidate.target] : [],
    ),
  );
  const lists = PARAM_NAMES.flatMap((target) => {
    const lookup = PARAMS[target].lookup;
    return lookup && !taken.has(target) && !reference.unavailable?.[lookup] ? [{ target, lookup }] : [];
  });
  const found: { index: number; target: string; lookup: LookupKind; values: string[]; also: LookupKind[] }[] =
    [];
  normalised.forEach((header, index) => {
    if (matches[index] || header === '') return;
    const texts = (columnCells[index] ?? []).map((cell) => (cell === null ? '' : cellText(cell)));
    const fitting = lists.filter(({ lookup }) =>
      fitsList(
        texts,
        reference[lookup].map((record) => record.name),
      ),
    );
    const recognised = fitting.find(({ target }) => (RECOGNISED as readonly string[]).includes(target));
    if (!recognised) return;
    found.push({
      index,
      target: recognised.target,
      lookup: recognised.lookup,
      values: distinct(texts),
      also: fitting.filter((list) => list !== recognised).map((list) => list.lookup),
    });
  });
  for (const entry of found) {
    const candidate = candidates.find((each) => each.target === entry.target && !each.subjectTypeId);
    if (!candidate) continue;
    const rivals = found.filter((other) => other !== entry && other.target === entry.target);
    const listed = entry.values.slice(0, LISTED_VALUES).join(', ');
    const more =
      entry.values.length > LISTED_VALUES ? ` and ${entry.values.length - LISTED_VALUES} more` : '';
    const what = `the account's ${words(entry.lookup)}`;
    const target = `${candidate.description} (${entry.target})`;
    if (entry.also.length === 0 && rivals.length === 0) {
      matches[entry.index] = { candidate, confidence: BY_VALUES, how: 'values' };
      notes.set(entry.index, {
        column: headers[entry.index]!,
        level: 'warning',
        message: `recognised by its values, not its header: every value is one of ${what} (${listed}${more}), so it is mapped to ${target}, looked up by name; a guess: check it, or choose another target`,
      });
      continue;
    }
    matches[entry.index] = { candidate, confidence: OFFERED, how: 'values' };
    const why = entry.also.length
      ? `every value is one of ${what} and also one of the account's ${entry.also.map(words).join(' and ')} (${listed}${more})`
      : `every value is one of ${what} (${listed}${more}), as in ${rivals.map((other) => `'${headers[other.index]}'`).join(' and ')}`;
    notes.set(entry.index, {
      column: headers[entry.index]!,
      level: 'decide',
      message: `perhaps ${target}: ${why}; the header does not say which, so confirm it or choose another target`,
    });
  }
  return notes;
}

/**
 * Every non-blank value is one of the names, most of them exactly (a few spelling slips the suggestion
 * translates as it does for a recognised column); numbers alone prove nothing (an id is any count).
 */
function fitsList(texts: readonly string[], names: readonly string[]): boolean {
  const filled = texts.filter((text) => text.trim() !== '');
  if (filled.length === 0 || names.length === 0) return false;
  if (filled.every((text) => /^\d+$/.test(text.trim()))) return false;
  const fit = fitValues(filled, names, null);
  if (fit.failingCells > 0) return false;
  const exact = new Set(names.map(valueKey));
  return filled.filter((text) => exact.has(valueKey(text))).length * 2 > filled.length;
}

function distinct(texts: readonly string[]): string[] {
  const seen = new Map<string, string>();
  for (const text of texts) {
    const key = valueKey(text);
    if (key !== '' && !seen.has(key)) seen.set(key, text.trim());
  }
  return [...seen.values()];
}

/** "case_regions" → "case regions". */
function words(lookup: LookupKind): string {
  return lookup.replace(/_/g, ' ');
}
