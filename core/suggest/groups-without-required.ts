/**
 * A numbered group that cannot be a subject (explore 60 item 3): "Claimant 2nd Phone" and "Claimant 2nd
 * Address" beside "Claimant Name", "Claimant Phone" and "Claimant Address" are the claimant's alternate
 * phone and address, but the ordinal numbered a "Claimant 2" group. No column gave that group the Name
 * every Claimant needs, so every row with an alternate phone was refused "Claimant 2 needs Name", and
 * no column of the sheet could ever give it one.
 *
 * Decided once the headers are numbered, whatever form numbered them (group-numbers.ts reads digits and
 * ordinals; this reads only the groups it made), and matched: a group past its type's first that has
 * no column for a field the type requires, while the type's first group has one, is not a second
 * subject but more of the first one's columns. A column an ordinal after the type numbered goes to the
 * first group's same field when that group has none (a guess, said); any other is left for a person,
 * saying why. A type whose first
 * group lacks the field too is left as numbered: nothing here tells which group is the real one, and
 * validate names the group's columns in its refusal (body-parts.ts).
 */
import type { AccountReference, FieldDef } from '../account/reference.ts';
import { belongsToSubjectType } from '../validate/account-fields.ts';
import type { GroupNumber } from './group-numbers.ts';
import type { HeaderMatch } from './match-headers.ts';
import type { SuggestionNote } from './types.ts';

/** A column of a group that was not kept: its note, and whether it still has a target (moved). */
export interface UngroupedColumn {
  note: SuggestionNote;
  moved: boolean;
}

interface GroupColumns {
  subjectTypeId: number;
  number: number;
  /** Column indexes of the group's confident matches. */
  columns: number[];
  /** The ids of the fields those columns give. */
  fieldIds: Set<number>;
}

/**
 * Changes `matches` (a moved column's group number, a column left for a person set to null) and
 * `groupNumbers` (cleared for those columns, so no group is said to be read from them) in place.
 * `sure`: the surety a header match needs to be mapped (suggest-mapping.ts MAP_CONFIDENCE).
 */
export function ungroupWithoutRequired(
  headers: readonly string[],
  matches: (HeaderMatch | null)[],
  groupNumbers: (GroupNumber | null)[],
  reference: AccountReference | undefined,
  sure: number,
): Map<number, UngroupedColumn> {
  const ungrouped = new Map<number, UngroupedColumn>();
  if (!reference) return ungrouped;
  const groups = groupsOf(matches, sure);
  for (const group of groups) {
    const first = groups.find((other) => other.subjectTypeId === group.subjectTypeId);
    if (!first || first === group) continue;
    const type = reference.subject_types.find((entry) => entry.id === group.subjectTypeId);
    const listed = type?.field_ids ? new Set(type.field_ids) : null;
    const missing = reference.fields.find(
      (field) =>
        field.is_required &&
        belongsToSubjectType(field, group.subjectTypeId, listed) &&
        !group.fieldIds.has(field.id) &&
        first.fieldIds.has(field.id),
    );
    if (!missing) continue;
    const typeName = type?.name ?? `Subject type ${group.subjectTypeId}`;
    const firstName = `${typeName} ${first.number}`;
    for (const index of group.columns) {
      const match = matches[index]!;
      const numbered = groupNumbers[index] ?? null;
      const read = readAs(numbered, typeName, group.number);
      const why =
        `its header was read as ${typeName} number ${group.number}${read}, but no column gives a ${typeName} ${group.number} ` +
        `the ${fieldWords(missing)} every ${typeName} needs, while ${firstName} has one: so it is taken as more of ${firstName}, not a second ${typeName}`;
      const field = match.candidate.field ? fieldWords(match.candidate.field) : match.candidate.description;
      const taken = first.columns.find(
        (other) => matches[other]?.candidate.target === match.candidate.target,
      );
      groupNumbers[index] = null;
      // Moved only when an ordinal after the type numbered it ("Claimant 2nd Phone", "Claimant Second
      // Phone"): the way a carrier writes a subject's alternate phone. "Claimant 2 Phone" or "Second
      // Claimant Phone" names a second claimant whose name column is missing: putting that phone on
      // the first claimant would be wrong data, so it is left for a person.
      const alternate = numbered?.ordinal !== undefined && !numbered.ordinal.before;
      if (taken === undefined && alternate) {
        matches[index] = { ...match, groupNumber: first.number };
        first.columns.push(index);
        ungrouped.set(index, {
          moved: true,
          note: {
            column: headers[index]!,
            level: 'warning',
            message:
              `mapped to ${firstName}'s ${field}, a guess: ${why}. ` +
              `If the sheet does hold a second ${typeName}, map a column to its ${missing.name} and this one to its ${match.candidate.field?.name ?? 'field'}`,
          },
        });
        continue;
      }
      matches[index] = null;
      ungrouped.set(index, {
        moved: false,
        note: {
          column: headers[index]!,
          level: 'decide',
          message:
            `left for a person: ${why}, and ` +
            (taken === undefined
              ? `its header names a second ${typeName} rather than another ${field} of the first. `
              : `${firstName}'s ${field} is "${headers[taken]}" already. `) +
            `Map this column to another field of ${firstName}, or leave it out; if the sheet does hold a second ${typeName}, ` +
            `map a column to its ${missing.name} and this one to its ${match.candidate.field?.name ?? 'field'}`,
        },
      });
    }
  }
  return ungrouped;
}

/** The subject groups the confident matches make, each type's in the order of their numbers. */
function groupsOf(matches: readonly (HeaderMatch | null)[], sure: number): GroupColumns[] {
  const groups: GroupColumns[] = [];
  matches.forEach((match, index) => {
    const type = match && match.confidence >= sure ? match.candidate.subjectTypeId : undefined;
    if (type === undefined) return;
    const number = match!.groupNumber ?? 1;
    let group = groups.find((entry) => entry.subjectTypeId === type && entry.number === number);
    if (!group) groups.push((group = { subjectTypeId: type, number, columns: [], fieldIds: new Set() }));
    group.columns.push(index);
    if (match!.candidate.field) group.fieldIds.add(match!.candidate.field.id);
  });
  return groups.sort((a, b) => a.number - b.number);
}

/** How the header gave the number: ' ("Claimant 2nd")', ' ("Second Claimant")', ' ("Claimant 2")'. */
function readAs(numbered: GroupNumber | null, typeName: string, number: number): string {
  const ordinal = numbered?.ordinal;
  if (!ordinal) return ` ("${typeName} ${number}")`;
  const word = ordinal.before ? ordinal.word.charAt(0).toUpperCase() + ordinal.word.slice(1) : ordinal.word;
  return ` ("${ordinal.before ? `${word} ${typeName}` : `${typeName} ${word}`}", an ordinal)`;
}

function fieldWords(field: FieldDef): string {
  return `${field.name} (field ${field.id})`;
}
