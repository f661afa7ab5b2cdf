/**
 * The mapping without `skip.rows`, the row numbers a clerk left out ("Leave this row out"): they belong
 * to one file. A saved template keeps the footer rules (`whenBlank`, `whenFirstCellStartsWith`,
 * `after`) for the next file with the same layout, and a send's journal is the same whichever rows are
 * left out (they change which rows are sent, never how a row is sent).
 */
export function withoutRowNumbers(mapping: Record<string, unknown>): Record<string, unknown> {
  const skip = mapping.skip;
  if (skip === null || typeof skip !== 'object' || !('rows' in skip)) return mapping;
  const { rows: _rows, ...rules } = skip as Record<string, unknown>;
  // Rebuilt in the same key order, so the saved file reads as the mapping did.
  return Object.fromEntries(
    Object.entries(mapping).flatMap(([key, value]) =>
      key !== 'skip' ? [[key, value]] : Object.keys(rules).length ? [[key, rules]] : [],
    ),
  );
}
