/**
 * The words a total or footer line of a sheet starts with, shared by the mapping's suggestion (which
 * proposes `skip` rules for the footer a sheet ends with) and validation (which names a row that looks
 * like one instead of listing every required field it lacks).
 */
import { isBlankCell } from '../read/cell-text.ts';
import type { Cell } from '../read/types.ts';
import { firstCellText } from './skip-rows.ts';

/** A row whose first non-blank cell starts like this is a total or a footer line. */
export const FOOTER_LINE =
  /^(?:grand\s+total|sub-?total|totals?|confidential|page\s+\d+\s+of\s+\d+|(?:exported|generated|printed|produced|created|run)\s+(?:by|on|from|at)|report\s+(?:generated|printed|run|date))\b/i;
/** A row like this ends the data: everything from it down is left out. */
export const END_MARKER =
  /^(?:\*{3,}|#{3,}|={3,}|-{3,}\s*end|end\s+of\s+(?:report|file|data|list|records?))/i;

/** At most this many cells filled: a footer line is a word or two, not a row of data. */
const FOOTER_CELLS = 2;

/** The footer words a row starts with, when it is nothing more than such a line; null otherwise. */
export function footerLine(cells: readonly Cell[]): string | null {
  let filled = 0;
  for (const cell of cells) if (!isBlankCell(cell) && ++filled > FOOTER_CELLS) return null;
  const text = firstCellText(cells);
  return FOOTER_LINE.test(text) || END_MARKER.test(text) ? text : null;
}
