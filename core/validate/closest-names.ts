/**
 * The account's names a refusal lists for a name it lacks. Up to MAX_LISTED they are all listed, in
 * alphabetical order. Beyond that, the first MAX_LISTED of the alphabet never showed the name a clerk
 * meant (explore 54 item 8: "Tuscon Office" answered with 25 names starting with A, among 204): the
 * names closest in spelling to what was written are listed first, and how many more there are is said.
 */
import { dice, editSimilarity, normaliseLabel } from '../mapping/similarity.ts';

export const MAX_LISTED = 25;

/** `sorted`: every name, alphabetically. */
export function namesToList(text: string, sorted: readonly string[]): string[] {
  if (sorted.length <= MAX_LISTED) return [...sorted];
  const written = normaliseLabel(text);
  const closest = sorted
    .map((name, order) => {
      const label = normaliseLabel(name);
      return { name, order, score: Math.max(dice(written, label), editSimilarity(written, label)) };
    })
    // The closest first; names as close as each other stay in alphabetical order.
    .sort((a, b) => b.score - a.score || a.order - b.order)
    .slice(0, MAX_LISTED)
    .map((scored) => scored.name);
  return [...closest, `… and ${sorted.length - MAX_LISTED} more (the closest to it are listed first)`];
}
