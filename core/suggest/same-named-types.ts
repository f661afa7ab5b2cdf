/**
 * Subject types that share a name (explore 54 item 2): an office that rebuilt its "Vehicle" type and kept
 * the old one has two types called "Vehicle". Their fields give the same labels ("vehicle make"), so the
 * header match spread one vehicle's columns over both, and the import wrote one vehicle as two subjects.
 *
 * The columns of one prefix are one subject: they all go to one of the types, the one whose fields fit
 * the most of them (a tie: the lower id, as a case-type tie is settled), and the note names both, with
 * their ids and fields, so a person chooses when the pick is wrong. A column only the other type's
 * fields fit is left unmatched, named in the note, never sent to a second subject.
 */
import type { AccountReference, SubjectType } from '../account/reference.ts';
import { normaliseLabel } from '../mapping/similarity.ts';
import type { Candidate } from './candidates.ts';
import type { GroupNumber } from './group-numbers.ts';
import { scoreHeader } from './match-headers.ts';
import type { SuggestionNote } from './types.ts';

export interface SameNamedTypes {
  /** The candidates without those of the types not chosen. */
  candidates: Candidate[];
  /** Group numbers whose type was not chosen moved to the chosen one. */
  groupNumbers: (GroupNumber | null)[];
  notes: SuggestionNote[];
}

/**
 * `sure`: the surety a header match needs to be mapped (suggest-mapping.ts MAP_CONFIDENCE); a type fits
 * a column when one of its fields names the column that surely.
 */
export function settleSameNamedTypes(
  headers: readonly string[],
  normalised: readonly string[],
  candidates: readonly Candidate[],
  groupNumbers: readonly (GroupNumber | null)[],
  reference: AccountReference | undefined,
  sure: number,
): SameNamedTypes {
  const result: SameNamedTypes = { candidates: [...candidates], groupNumbers: [...groupNumbers], notes: [] };
  if (!reference) return result;
  const byName = new Map<string, SubjectType[]>();
  for (const type of reference.subject_types) {
    const name = normaliseLabel(type.name);
    if (name !== '') byName.set(name, [...(byName.get(name) ?? []), type]);
  }
  for (const [name, types] of byName) {
    if (types.length < 2) continue;
    const ids = new Set(types.map((type) => type.id));
    const columns = normalised.flatMap((header, index) =>
      (groupNumbers[index] && ids.has(groupNumbers[index]!.subjectTypeId)) ||
      header === name ||
      header.startsWith(`${name} `)
        ? [index]
        : [],
    );
    const fits = types.map((type) => ({
      type,
      columns: columns.filter((index) => {
        const header = groupNumbers[index]?.header ?? normalised[index]!;
        return candidates.some(
          (candidate) =>
            candidate.subjectTypeId === type.id && (scoreHeader(header, candidate)?.confidence ?? 0) >= sure,
        );
      }),
    }));
    if (fits.every((fit) => fit.columns.length === 0)) continue;
    fits.sort((a, b) => b.columns.length - a.columns.length || a.type.id - b.type.id);
    const chosen = fits[0]!;
    const others = fits.slice(1);
    const left = new Set(ids);
    left.delete(chosen.type.id);
    result.candidates = result.candidates.filter(
      (candidate) => candidate.subjectTypeId === undefined || !left.has(candidate.subjectTypeId),
    );
    result.groupNumbers = result.groupNumbers.map((numbered) =>
      numbered && left.has(numbered.subjectTypeId)
        ? { ...numbered, subjectTypeId: chosen.type.id }
        : numbered,
    );
    const onlyOthers = [
      ...new Set(others.flatMap((other) => other.columns.filter((index) => !chosen.columns.includes(index)))),
    ].map((index) => `'${headers[index]}'`);
    const tie = others.some((other) => other.columns.length === chosen.columns.length);
    const typeName = chosen.type.name.trim();
    result.notes.push({
      column: null,
      level: 'warning',
      message:
        `${types.length} subject types are named "${typeName}": ${fits.map((fit) => typeWords(fit.type, reference)).join(' and ')}. ` +
        `The columns starting "${typeName}" are one subject, so they all go to id ${chosen.type.id}, whose fields fit ` +
        `${chosen.columns.length} of them (${others.map((other) => `id ${other.type.id}'s: ${other.columns.length}`).join(', ')})` +
        `${tie ? ', the lower id taken on a tie' : ''}. ` +
        (onlyOthers.length
          ? `${onlyOthers.join(', ')} ${onlyOthers.length === 1 ? 'fits' : 'fit'} only the other type's fields: left unmatched. `
          : '') +
        `Check which type the office uses now; for another, choose that type for the group and its fields for these ` +
        `columns (in a mapping file: the group's "subject_type_id" in "subjects", and each column's field id in "target")`,
    });
  }
  return result;
}

/** "id 5 (License Plate, Make, VIN)". */
function typeWords(type: SubjectType, reference: AccountReference): string {
  const ids = type.field_ids ? new Set(type.field_ids) : null;
  const fields = reference.fields.filter(
    (field) => field.use === 'subject' && (ids ? ids.has(field.id) : field.subject_type_id === type.id),
  );
  return `id ${type.id} (${fields.length ? fields.map((field) => field.name).join(', ') : 'no fields'})`;
}
