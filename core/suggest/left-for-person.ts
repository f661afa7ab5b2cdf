import type { SuggestedMapping } from './types.ts';

/** Columns a person still has to settle, in sheet order: not mapped, or mapped with a decision open. */
export function columnsLeftForPerson(proposal: SuggestedMapping): string[] {
  const open = new Set(
    proposal.decisions
      .filter((note) => note.level === 'decide' && note.column !== null)
      .map((note) => note.column),
  );
  for (const column of proposal.columns) if (column.status !== 'mapped') open.add(column.column);
  return proposal.columns.map((column) => column.column).filter((column) => open.has(column));
}
