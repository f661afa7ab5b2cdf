import { thousands } from '../thousands.ts';

/**
 * "1 request", "1,204 requests": a count and its noun (a noun whose plural takes an "s"), for every
 * message that counts: the listings' words (list-all.ts), the searches' (searches-met-words.ts), the
 * checks' costs (find-existing.ts, revert-check.ts). A file of its own so that those modules share it
 * without importing one another.
 */
export function plural(count: number, word: string): string {
  return `${thousands(count)} ${word}${count === 1 ? '' : 's'}`;
}
