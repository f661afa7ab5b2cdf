/**
 * How a column's values fit the names a target accepts (a lookup's records, a SELECT's choices), the
 * way validation will compare them: trimmed and case-insensitive. A value that matches nothing gets a
 * suggested translation only when one name is clearly the closest ("Surveilance" → Surveillance); a
 * value like "Mtn West" is left for validation to report, never guessed.
 */
import { dice, editSimilarity, normaliseLabel, valueKey } from '../mapping/similarity.ts';
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
}

/** Similarity a translation needs, and the lead it needs over the runner-up. */
const SURE = 0.8;
const LEAD = 0.15;

export function fitValues(
  texts: readonly string[],
  names: readonly string[],
  split: string | null,
): ValueFit {
  const accepted = new Map(names.map((name) => [valueKey(name), name]));
  const fit: ValueFit = { cells: 0, failingCells: 0, values: {}, unmatched: new Map() };
  // One key per spelling a cell is matched by (case and surrounding spaces ignored): the mapping refuses
  // two keys that match the same cells.
  const translated = new Set<string>();
  for (const text of texts) {
    if (text.trim() === '') continue;
    fit.cells++;
    const items = split ? text.split(split).filter((item) => item.trim() !== '') : [text];
    let fails = false;
    for (const item of items) {
      if (accepted.has(valueKey(item))) continue;
      // `values` translates each item of a list cell too (validate/convert-cell.ts toIdList), keyed by
      // the item as the app's Columns step shows it.
      const closest = closestName(item, names);
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
