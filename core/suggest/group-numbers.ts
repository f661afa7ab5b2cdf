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
 *
 * Carriers write it in looser ways too: a word ordinal after the type ("Claimant Second Name",
 * "Claimant Second DOB"), and ranks before it ("Primary Claimant Name", "Secondary Claimant DOB",
 * "Primary Insured"). Those words are also ordinary words of a header ("Primary Phone", "Second Opinion
 * Date", "Claimant First Name", a field called "Second Phone"), so a loose form is read as a group number
 * only where the account can check it: the word next to it is the name of one of its subject types, the
 * rest names a field of that type (`namesField`), and the header as written does not (a claimant field
 * "Second Phone" keeps "Claimant Second Phone"). "Claimant First Name" is the first name, and "Claimant
 * Second Name" beside "Claimant First Name" or "Claimant Last Name" is a part of the name, not a second
 * claimant.
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

/** Ranks a carrier writes before a subject type ("Primary Claimant", "Secondary Insured"). */
const RANK_WORDS: Readonly<Record<string, number>> = { primary: 1, secondary: 2, tertiary: 3 };

/** "primary", "secondary", "tertiary": a rank rather than an ordinal (said as the word it is). */
export function isRankWord(word: string): boolean {
  return word in RANK_WORDS;
}

/**
 * Whether a header, as readGroupNumbers passes it ("claimant date of birth"), names a field of the
 * subject type surely enough to be mapped: the check that keeps a loose form from making a group of
 * a header that is no subject field.
 */
export type NamesSubjectField = (subjectTypeId: number, header: string) => boolean;

/** "1st", "2nd", "3rd", "4th" (and "2th" as typed): the number, else null. */
function digitOrdinal(word: string): number | null {
  const found = /^(\d{1,2})(?:st|nd|rd|th)$/.exec(word);
  return found ? Number(found[1]) : null;
}

/** The group number of each (normalised) header, or null where the header gives none. */
export function readGroupNumbers(
  normalised: readonly string[],
  reference: AccountReference | undefined,
  /** Without it, the loose forms (ranks, word ordinals after the type) are not read. */
  namesField?: NamesSubjectField,
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
    const rank = space < 0 ? undefined : RANK_WORDS[firstWord];
    const ordinalBefore = space < 0 ? null : (ORDINAL_WORDS[firstWord] ?? rank ?? digitOrdinal(firstWord));
    for (const type of types) {
      if (ordinalBefore !== null && header.startsWith(`${type.name}`, space + 1)) {
        // "2nd claimant name", "second claimant date of birth", "second claimant", "primary claimant".
        const rest = header.slice(space + 1 + type.name.length);
        if (rest !== '' && !rest.startsWith(' ')) continue;
        const words = rest.trim();
        // "Second Address Line": the address's second line.
        if (words === 'line' || words.startsWith('line ')) continue;
        if (ordinalBefore < 1) continue;
        const numberedHeader = words ? `${type.name} ${words}` : type.name;
        // A rank is a loose form ("Primary Claimant Adjuster" may be the case's adjuster).
        if (rank !== undefined && !namesField?.(type.id, numberedHeader)) continue;
        found[index] = {
          numbered: {
            subjectTypeId: type.id,
            number: ordinalBefore,
            header: numberedHeader,
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
      if (!after) {
        const worded = wordOrdinalAfter(header, type, normalised, namesField);
        if (!worded) continue;
        found[index] = worded;
        break;
      }
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

/**
 * "claimant second name", "claimant second date of birth": a word ordinal after the type's name, a
 * loose form read only when `namesField` says the rest is a field of the type and the header as
 * written is not (see the file's comment); null where it is not such a header.
 */
function wordOrdinalAfter(
  header: string,
  type: { id: number; name: string },
  normalised: readonly string[],
  namesField: NamesSubjectField | undefined,
): { numbered: GroupNumber; bare: boolean; firstWord?: true } | null {
  if (!namesField || !header.startsWith(`${type.name} `)) return null;
  const [word = '', ...others] = header.slice(type.name.length + 1).split(' ');
  const number = ORDINAL_WORDS[word];
  if (number === undefined) return null;
  const rest = others.join(' ');
  // "Address Second Line": the address's second line.
  if (rest === 'line' || rest.startsWith('line ')) return null;
  // "Claimant First Name": the claimant's first name, never the first claimant.
  if (word === 'first' && (rest === 'name' || rest.startsWith('name '))) return null;
  // "Claimant Second Name" beside the claimant's first or last name: the name's second part.
  if (
    word === 'second' &&
    rest === 'name' &&
    normalised.some((other) => other === `${type.name} first name` || other === `${type.name} last name`)
  )
    return null;
  const numberedHeader = rest ? `${type.name} ${rest}` : type.name;
  if (rest && !namesField(type.id, numberedHeader)) return null;
  // A field of the type named with the word ("Second Phone") keeps the header as written.
  if (namesField(type.id, header)) return null;
  return {
    numbered: { subjectTypeId: type.id, number, header: numberedHeader, ordinal: { word, before: false } },
    bare: rest === '',
    ...(word === 'first' ? { firstWord: true as const } : {}),
  };
}
