/**
 * Numbered subject groups, as carriers write repeated people and vehicles: "Claimant 1 Name",
 * "Claimant 1 Phone", "Claimant 2 Name", "Claimant #2 Phone", "Vehicle2 Plate". The number binds the
 * column to that one group (explore 39 item 1): read without it, every "Claimant N Phone" competed for
 * the one claimant's Phone, and a mostly blank "Claimant 1 Phone" lost it to "Claimant 2 Phone", so the
 * second person's phone went to the first person.
 *
 * Only a number right after the subject type's name counts: a number at the end is another thing
 * ("Claimant Address 2" is the address's second line). A bare "<type> N" ("Claimant 2", the person's
 * name) counts only when the sheet also numbers a field of that type, since "Address 1" and "Address 2"
 * alone are the two lines of an address, not two subjects of type Address.
 *
 * Carriers also write the number as an ordinal: "1st Claimant Name", "2nd Claimant Name",
 * "Second Claimant DOB", "Claimant 2nd Phone". Unread, the second claimant's cells went to the first
 * claimant or nowhere. An ordinal before the type's name, or a digit ordinal after it, is the group's
 * number too, and the proposal names the ordinal forms it read (suggest-mapping.ts), since it is a
 * reading of words rather than a number. Two readings are kept out: "Second Address Line" is an
 * address's second line, not a second subject of type Address; and a lone "First …" with no other
 * number of its type may be a first name ("First Claimant Name"), so the word "first" counts only
 * beside a higher number of the same type.
 */
import type { AccountReference } from '../account/reference.ts';
import { normaliseLabel } from '../mapping/similarity.ts';

export interface GroupNumber {
  subjectTypeId: number;
  /** The number the header gives the group (1 for "Claimant 1 Phone"). */
  number: number;
  /** The header without its number ("claimant phone"), matched against that type's fields. */
  header: string;
  /**
   * An ordinal that gave the number ("2nd", "second"), and whether it comes before the type's name
   * ("2nd Claimant Name") or after it ("Claimant 2nd Phone").
   */
  ordinal?: { word: string; before: boolean };
}

/** Ordinal words a carrier writes before a subject type ("Second Claimant"): as far as ten. */
const ORDINAL_WORDS: Readonly<Record<string, number>> = {
  first: 1,
  second: 2,
  third: 3,
  fourth: 4,
  fifth: 5,
  sixth: 6,
  seventh: 7,
  eighth: 8,
  ninth: 9,
  tenth: 10,
};

/** "1st", "2nd", "3rd", "4th" (and "2th" as typed): the number, else null. */
function digitOrdinal(word: string): number | null {
  const found = /^(\d{1,2})(?:st|nd|rd|th)$/.exec(word);
  return found ? Number(found[1]) : null;
}

/** The group number of each (normalised) header, or null where the header gives none. */
export function readGroupNumbers(
  normalised: readonly string[],
  reference: AccountReference | undefined,
): (GroupNumber | null)[] {
  const found: ({ numbered: GroupNumber; bare: boolean; firstWord?: true } | null)[] = normalised.map(
    () => null,
  );
  if (!reference) return found.map(() => null);
  // Longer type names first: "claimant" must not take the header of a type named "claimant vehicle".
  const types = reference.subject_types
    .map((type) => ({ id: type.id, name: normaliseLabel(type.name) }))
    .filter((type) => type.name !== '')
    .sort((a, b) => b.name.length - a.name.length);
  normalised.forEach((header, index) => {
    const space = header.indexOf(' ');
    const firstWord = space < 0 ? header : header.slice(0, space);
    const ordinalBefore = space < 0 ? null : (ORDINAL_WORDS[firstWord] ?? digitOrdinal(firstWord));
    for (const type of types) {
      if (ordinalBefore !== null && header.startsWith(`${type.name}`, space + 1)) {
        // "2nd claimant name", "second claimant date of birth", "second claimant".
        const rest = header.slice(space + 1 + type.name.length);
        if (rest !== '' && !rest.startsWith(' ')) continue;
        const words = rest.trim();
        // "Second Address Line": the address's second line.
        if (words === 'line' || words.startsWith('line ')) continue;
        if (ordinalBefore < 1) continue;
        found[index] = {
          numbered: {
            subjectTypeId: type.id,
            number: ordinalBefore,
            header: words ? `${type.name} ${words}` : type.name,
            ordinal: { word: firstWord, before: true },
          },
          bare: words === '',
          ...(firstWord === 'first' ? { firstWord: true as const } : {}),
        };
        break;
      }
      if (!header.startsWith(type.name)) continue;
      // "claimant 2 phone", "claimant2 phone", "claimant #2 phone" / "claimant no. 2 phone" (which
      // normaliseLabel has made "claimant number 2 phone"), "claimant (2) phone", "claimant 2nd phone".
      const after = /^ ?(?:number )?(\d{1,2})(st|nd|rd|th)?(?: (.+))?$/.exec(header.slice(type.name.length));
      if (!after) continue;
      const number = Number(after[1]);
      if (number < 1) continue;
      const rest = after[3];
      found[index] = {
        numbered: {
          subjectTypeId: type.id,
          number,
          header: rest ? `${type.name} ${rest}` : type.name,
          ...(after[2] ? { ordinal: { word: `${after[1]}${after[2]}`, before: false } } : {}),
        },
        bare: rest === undefined,
      };
      break;
    }
  });
  const typesWithNumberedFields = new Set(
    found.flatMap((entry) => (entry && !entry.bare ? [entry.numbered.subjectTypeId] : [])),
  );
  // The word "first" counts beside a higher number of its type ("Second Claimant …"), not alone.
  const typesNumberedPastOne = new Set(
    found.flatMap((entry) => (entry && entry.numbered.number > 1 ? [entry.numbered.subjectTypeId] : [])),
  );
  return found.map((entry) =>
    entry &&
    (!entry.bare || typesWithNumberedFields.has(entry.numbered.subjectTypeId)) &&
    (!entry.firstWord || typesNumberedPastOne.has(entry.numbered.subjectTypeId))
      ? entry.numbered
      : null,
  );
}
