/**
 * How a column's values fit the names a target accepts (a lookup's records, a SELECT's choices), the
 * way validation will compare them: trimmed and case-insensitive. A value that matches nothing gets a
 * suggested translation only when one name is clearly the closest ("Surveilance" → Surveillance); a
 * value like "Mtn West" is left for validation to report, never guessed. A value that matches several
 * names alike ("Rush" with the flags "Rush" and "rush") is one validation refuses too (it never guesses
 * between look-alikes), so it is counted apart for map to say so (explore 54 item 7: it counted as
 * fitting, and the column was proposed with no note).
 */
import { dice, editSimilarity, normaliseLabel, valueKey } from '../mapping/similarity.ts';
import { buildChoiceTable } from '../validate/choices.ts';
import { maySlipTo } from './spelling-slip.ts';

export interface ValueFit {
  /** Non-blank cells looked at. */
  cells: number;
  /** Cells that would still fail after `values` (a list cell fails when one item does). */
  failingCells: number;
  /** Suggested `values` entries: cell text → accepted name. */
  values: Record<string, string>;
  /** Distinct texts that match nothing, with how many cells hold them. */
  unmatched: Map<string, number>;
  /**
   * Distinct texts that match several names alike, with how many cells hold them and the indices in
   * `names` of the look-alikes; their cells are not in `failingCells` (the column is the right one: one
   * "values" entry, or one cell written exactly, settles them).
   */
  alike: Map<string, { cells: number; names: number[] }>;
}

/**
 * How validation matches a text: `names` (a lookup: letter case ignored, so look-alikes always need
 * their id, validate/lookups.ts) or `choices` (a SELECT/RADIO: a text written exactly as one of them is
 * that one, validate/choices.ts).
 */
export type NameKind = 'names' | 'choices';

/** Similarity a translation needs, and the lead it needs over the runner-up. */
const SURE = 0.8;
const LEAD = 0.15;

export function fitValues(
  texts: readonly string[],
  names: readonly string[],
  split: string | null,
  kind: NameKind = 'names',
): ValueFit {
  const matchesOf = remembered(matcher(names, kind));
  // A column repeats its values (2,000 cells of a few dozen carriers): each text is compared with
  // every name once, not once per cell (issue 13: a fifth of the app's suggestion was here).
  const closestOf = remembered((text: string) => closestName(text, names));
  const fit: ValueFit = { cells: 0, failingCells: 0, values: {}, unmatched: new Map(), alike: new Map() };
  // One key per spelling a cell is matched by (case and surrounding spaces ignored): the mapping refuses
  // two keys that match the same cells.
  const translated = new Set<string>();
  for (const text of texts) {
    if (text.trim() === '') continue;
    fit.cells++;
    const items = split ? text.split(split).filter((item) => item.trim() !== '') : [text];
    let fails = false;
    for (const item of items) {
      const matched = matchesOf(item);
      if (matched.length === 1) continue;
      if (matched.length > 1) {
        const key = item.trim();
        const seen = fit.alike.get(key);
        if (seen) seen.cells++;
        else fit.alike.set(key, { cells: 1, names: matched });
        continue;
      }
      // `values` translates each item of a list cell too (validate/convert-cell.ts toIdList), keyed by
      // the item as the app's Columns step shows it.
      const closest = closestOf(item);
      if (closest) {
        const key = item.trim();
        if (!translated.has(valueKey(key))) fit.values[key] = closest;
        translated.add(valueKey(key));
        continue;
      }
      fails = true;
      const key = item.trim();
      fit.unmatched.set(key, (fit.unmatched.get(key) ?? 0) + 1);
    }
    if (fails) fit.failingCells++;
  }
  return fit;
}

/** `work` of each text worked out once: it depends on the text alone. */
function remembered<T>(work: (text: string) => T): (text: string) => T {
  const known = new Map<string, T>();
  return (text) => {
    if (known.has(text)) return known.get(text) as T;
    const found = work(text);
    known.set(text, found);
    return found;
  };
}

/** The indices in `names` a text matches as validation matches it: none, one, or several alike. */
function matcher(names: readonly string[], kind: NameKind): (text: string) => number[] {
  const indicesOf = (found: readonly string[]) =>
    names.flatMap((name, index) => (found.includes(name) ? [index] : []));
  if (kind === 'choices') {
    const table = buildChoiceTable(names);
    return (text) => {
      const found = table.match(text);
      return found.kind === 'none'
        ? []
        : found.kind === 'one'
          ? [names.indexOf(found.choice)]
          : indicesOf(found.choices);
    };
  }
  const byKey = new Map<string, number[]>();
  names.forEach((name, index) => byKey.set(valueKey(name), [...(byKey.get(valueKey(name)) ?? []), index]));
  return (text) => byKey.get(valueKey(text)) ?? [];
}

function closestName(text: string, names: readonly string[]): string | null {
  const label = normaliseLabel(text);
  const scored = names
    .map((name) => {
      const other = normaliseLabel(name);
      return { name, other, score: Math.max(dice(label, other), editSimilarity(label, other)) };
    })
    .sort((a, b) => b.score - a.score);
  const [best, second] = scored;
  if (!best || best.score < SURE) return null;
  // Close letters are not enough: "East Texas" is another place than "West Texas" (spelling-slip.ts).
  if (!maySlipTo(label, best.other)) return null;
  if (second && best.score - second.score < LEAD) return null;
  return best.name;
}
