import { thousands } from '../thousands.ts';

/**
 * "1 request", "1,204 requests": a count and its noun, for the listings' words (list-all.ts, count-ignored-filter.ts)
 * and the searches' (searches-met-words.ts). A file of its own so that those modules share it without importing
 * one another.
 */
export function plural(count: number, word: string): string {
  return `${thousands(count)} ${word}${count === 1 ? '' : 's'}`;
}
