/**
 * Whether a value may be a spelling slip of a name (map's guess from spelling, fit-values.ts), word by
 * word: "Mountian West" and "Mountain Wst" are Mountain West mistyped, but "East Texas" is not "West
 * Texas" nor "South Texas" "North Texas", though one letter or two set them apart (explore 54 item 4:
 * the guess sent those rows to the opposite region on every run). A slip changes letters inside a
 * word; a word that differs wholly names another thing. So two words that differ are never a slip of
 * each other when either holds a number (Unit 1 / Unit 2), when both are words that tell places, times
 * or entities apart (compass points, Day/Night, Upper/Lower, Inc/LLC, Roman numerals: "Eest" may still
 * be a slip of "East"), or when their first letters differ (people see a word's first letter, and
 * slips there are rare; East/West, Pine/Fine differ there).
 */
import { editSimilarity } from '../mapping/similarity.ts';

/** Words that set one name apart from another of the same kind, not letters to be mistyped. */
const DISTINGUISHING = new Set(
  (
    'north south east west northeast northwest southeast southwest northern southern eastern western ' +
    'central mid middle upper lower inner outer greater uptown downtown day night am pm old new ' +
    'first second third fourth fifth one two three four five six seven eight nine ten ' +
    'primary secondary inc llc ltd lp llp corp co plc gmbh i ii iii iv v vi vii viii ix x ' +
    'high low left right front rear'
  ).split(' '),
);

/** Each differing word's letters must stay this close to be a slip. */
const WORD_CLOSE = 0.7;

/** `value` and `name` as normaliseLabel gives them (lower case, words joined by one space). */
export function maySlipTo(value: string, name: string): boolean {
  const a = value.split(' ');
  const b = name.split(' ');
  if (a.length !== b.length) {
    // Spaces elsewhere ("Mountainwest"): the same distinguishing words, and letters that are nearly the same.
    return sameMarks(a, b) && editSimilarity(a.join(''), b.join('')) >= 0.9;
  }
  return a.every((word, index) => {
    const other = b[index]!;
    if (word === other) return true;
    // Two such words ("east", "west") are two things; one ("Eest" for "East") may still be a slip.
    if (/\d/.test(word + other) || (DISTINGUISHING.has(word) && DISTINGUISHING.has(other))) return false;
    if (word[0] !== other[0]) return false;
    return editSimilarity(word, other) >= WORD_CLOSE;
  });
}

function isMark(word: string): boolean {
  return /\d/.test(word) || DISTINGUISHING.has(word);
}

/**
 * A word made of two such words ("southwest", "midwest") is read as the two, so that "South West" and
 * "Southwest", "Mid West" and "Midwest" carry the same marks (explore 55: the rule above refused every
 * region typed in two words, which map had rightly guessed before); so is a word that starts or ends
 * with one of four letters or more ("mountainwest", "northgate"). Parts of three letters or more, so a
 * Roman numeral or "co" is never taken apart.
 */
function asMarkParts(word: string): string[] {
  for (let cut = 3; cut <= word.length - 3; cut++) {
    const [head, tail] = [word.slice(0, cut), word.slice(cut)];
    if (DISTINGUISHING.has(head) && DISTINGUISHING.has(tail)) return [head, tail];
  }
  for (let cut = 3; cut <= word.length - 3; cut++) {
    const [head, tail] = [word.slice(0, cut), word.slice(cut)];
    if (head.length >= 4 && DISTINGUISHING.has(head)) return [head, tail];
    if (tail.length >= 4 && DISTINGUISHING.has(tail)) return [head, tail];
  }
  return [word];
}

function sameMarks(a: readonly string[], b: readonly string[]): boolean {
  const marks = (words: readonly string[]) => words.flatMap(asMarkParts).filter(isMark).sort().join(' ');
  return marks(a) === marks(b);
}
