/**
 * A SELECT/RADIO field's choices, as a cell is matched against them. Trackops (and the sandbox) take a
 * choice as written, letter case included, so an office that once added "HIGH" beside "High" has two
 * real choices (explore 54 item 1): a cell that is one of them exactly is that one, and a cell that
 * matches several only once letter case is ignored ("high") is refused naming them, never settled by
 * whichever the field lists last. A cell matching one choice whatever its case is that choice ("high"
 * for "High"), as before. Texts are compared as seen (text-key.ts: NFC, any space one space).
 */
import { caselessKey, seenText } from '../mapping/text-key.ts';

export type ChoiceMatch =
  { kind: 'one'; choice: string } | { kind: 'several'; choices: string[] } | { kind: 'none' };

export interface ChoiceTable {
  match(text: string): ChoiceMatch;
}

export function buildChoiceTable(choices: readonly string[]): ChoiceTable {
  const exact = groupBy(choices, seenText);
  const caseless = groupBy(choices, caselessKey);
  return {
    match(text) {
      const same = exact.get(seenText(text));
      if (same) return pick(same, text);
      const alike = caseless.get(caselessKey(text));
      if (alike) return pick(alike, text);
      return { kind: 'none' };
    },
  };
}

/** One choice, or, of several alike, the one written exactly as the cell (trimmed); else all of them. */
function pick(found: readonly string[], text: string): ChoiceMatch {
  if (found.length === 1) return { kind: 'one', choice: found[0]! };
  const written = found.filter((choice) => choice === text.trim());
  return written.length === 1
    ? { kind: 'one', choice: written[0]! }
    : { kind: 'several', choices: [...found] };
}

function groupBy(choices: readonly string[], key: (text: string) => string): Map<string, string[]> {
  const groups = new Map<string, string[]>();
  for (const choice of choices) {
    const bucket = groups.get(key(choice));
    if (bucket) {
      if (!bucket.includes(choice)) bucket.push(choice);
    } else groups.set(key(choice), [choice]);
  }
  return groups;
}
