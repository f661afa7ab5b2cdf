/**
 * Subject groups of an export: every subject type that occurs, as many times as the request with the
 * most subjects of that type needs ("Claimant", "Claimant 2"). Ordered as the account lists its types.
 */
import type { AccountReference } from '../account/reference.ts';
import type { ExportStats, SubjectGroup } from './types.ts';

export function subjectGroupsFor(reference: AccountReference, stats: ExportStats): SubjectGroup[] {
  const order = reference.subject_types.map((type) => type.id);
  const typeIds = [...stats.subjectSlots.keys()].sort((a, b) => rank(order, a) - rank(order, b) || a - b);
  const groups: SubjectGroup[] = [];
  for (const subjectTypeId of typeIds) {
    const slots = stats.subjectSlots.get(subjectTypeId) ?? 0;
    for (let slot = 0; slot < slots; slot++) groups.push({ subjectTypeId, slot });
  }
  return groups;
}

/**
 * "Claimant", "Claimant 2". A type whose name another type of the account has too (an old "Vehicle"
 * kept beside a new one, explore 54 item 2) says its id, "Vehicle (subject type 5)": else both types'
 * columns were headed "Vehicle: Make", and neither a person nor map could tell them apart.
 */
export function subjectGroupLabel(reference: AccountReference, group: SubjectGroup): string {
  const type = reference.subject_types.find((known) => known.id === group.subjectTypeId);
  const key = (name: string): string => name.trim().toLowerCase();
  const namesake =
    type !== undefined &&
    reference.subject_types.some((other) => other.id !== type.id && key(other.name) === key(type.name));
  const name = type
    ? `${type.name}${group.slot === 0 ? '' : ` ${group.slot + 1}`}${namesake ? ` (subject type ${type.id})` : ''}`
    : `Subject type ${group.subjectTypeId}${group.slot === 0 ? '' : ` ${group.slot + 1}`}`;
  return name;
}

function rank(order: number[], id: number): number {
  const index = order.indexOf(id);
  return index === -1 ? Number.MAX_SAFE_INTEGER : index;
}
