import { isToolColumn } from '../read/tool-columns.ts';
import type { SuggestedMapping } from './types.ts';

/**
 * Columns a person still has to settle, in sheet order: not mapped, or mapped with a decision open.
 * The tool's own columns (_status, _errors, _id, …) are never the person's to map, nor are a round-trip
 * export's read-only columns (columnsReadOnly).
 */
export function columnsLeftForPerson(proposal: SuggestedMapping): string[] {
  const open = new Set(
    proposal.decisions
      .filter((note) => note.level === 'decide' && note.column !== null)
      .map((note) => note.column),
  );
  for (const column of proposal.columns)
    if (column.status !== 'mapped' && !isToolColumn(column.column) && !column.readOnly)
      open.add(column.column);
  return proposal.columns.map((column) => column.column).filter((column) => open.has(column));
}

/** A round-trip export's columns that are never imported (read-only), in sheet order. */
export function columnsReadOnly(proposal: SuggestedMapping): string[] {
  return proposal.columns.filter((column) => column.readOnly).map((column) => column.column);
}
