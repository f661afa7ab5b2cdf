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

export function subjectGroupLabel(reference: AccountReference, group: SubjectGroup): string {
  const name =
    reference.subject_types.find((type) => type.id === group.subjectTypeId)?.name ??
    `Subject type ${group.subjectTypeId}`;
  return group.slot === 0 ? name : `${name} ${group.slot + 1}`;
}

function rank(order: number[], id: number): number {
  const index = order.indexOf(id);
  return index === -1 ? Number.MAX_SAFE_INTEGER : index;
}
