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
 */
import type { AccountReference } from '../account/reference.ts';
import { normaliseLabel } from '../mapping/similarity.ts';

export interface GroupNumber {
  subjectTypeId: number;
  /** The number the header gives the group (1 for "Claimant 1 Phone"). */
  number: number;
  /** The header without its number ("claimant phone"), matched against that type's fields. */
  header: string;
}

/** The group number of each (normalised) header, or null where the header gives none. */
export function readGroupNumbers(
  normalised: readonly string[],
  reference: AccountReference | undefined,
): (GroupNumber | null)[] {
  const found: ({ numbered: GroupNumber; bare: boolean } | null)[] = normalised.map(() => null);
  if (!reference) return found.map(() => null);
  // Longer type names first: "claimant" must not take the header of a type named "claimant vehicle".
  const types = reference.subject_types
    .map((type) => ({ id: type.id, name: normaliseLabel(type.name) }))
    .filter((type) => type.name !== '')
    .sort((a, b) => b.name.length - a.name.length);
  normalised.forEach((header, index) => {
    for (const type of types) {
      if (!header.startsWith(type.name)) continue;
      // "claimant 2 phone", "claimant2 phone", "claimant #2 phone" / "claimant no. 2 phone" (which
      // normaliseLabel has made "claimant number 2 phone").
      const after = /^ ?(?:number )?(\d{1,2})(?: (.+))?$/.exec(header.slice(type.name.length));
      if (!after) continue;
      const number = Number(after[1]);
      if (number < 1) continue;
      const rest = after[2];
      found[index] = {
        numbered: { subjectTypeId: type.id, number, header: rest ? `${type.name} ${rest}` : type.name },
        bare: rest === undefined,
      };
      break;
    }
  });
  const typesWithNumberedFields = new Set(
    found.flatMap((entry) => (entry && !entry.bare ? [entry.numbered.subjectTypeId] : [])),
  );
  return found.map((entry) =>
    entry && (!entry.bare || typesWithNumberedFields.has(entry.numbered.subjectTypeId))
      ? entry.numbered
      : null,
  );
}
