import type { Mapping } from '../../core/index.ts';

/**
 * The mapping without `skip.rows`, the row numbers a clerk left out ("Leave this row out"): they belong
 * to one file. A saved template keeps the footer rules (`whenBlank`, `whenFirstCellStartsWith`,
 * `after`) for the next file with the same layout, and a send's journal is the same whichever rows are
 * left out (they change which rows are sent, never how a row is sent).
 */
export function withoutRowNumbers(mapping: Mapping): Mapping {
  if (!mapping.skip || !('rows' in mapping.skip)) return mapping;
  const { rows: _rows, ...rules } = mapping.skip;
  // `skip` keeps its place among the keys, so the saved file reads as the mapping did.
  const kept: Mapping = { ...mapping, skip: rules };
  if (Object.keys(rules).length === 0) delete kept.skip;
  return kept;
}
