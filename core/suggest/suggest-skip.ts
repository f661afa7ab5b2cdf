/**
 * Footer rows a sheet ends with ("TOTAL", "Confidential – do not forward", "*** END OF REPORT ***") are
 * not data (issue 16, point 5). The suggestion reads the last rows of the sheet, and when they look like
 * a footer proposes the mapping's `skip` rules that leave them out, and says that it guessed.
 */
import type { SkipOptions } from '../mapping/schema.ts';
import type { SourceRow } from '../read/types.ts';
import { firstCellText } from '../validate/skip-rows.ts';
import { END_MARKER, FOOTER_LINE } from '../validate/footer-lines.ts';
import type { SuggestionNote } from './types.ts';

/** How far from the bottom a footer is looked for. */
export const FOOTER_ROWS = 10;

export interface SkipSuggestion {
  skip: SkipOptions;
  note: SuggestionNote;
}

/** `lastRows`: the sheet's last rows, in order. Null when they do not end in a footer. */
export function suggestSkip(lastRows: readonly SourceRow[]): SkipSuggestion | null {
  const tail = lastRows.slice(-FOOTER_ROWS);
  // The footer is the run of total/footer/marker rows at the very end of the sheet.
  let start = tail.length;
  while (start > 0) {
    const text = firstCellText(tail[start - 1]!.cells);
    if (!FOOTER_LINE.test(text) && !END_MARKER.test(text)) break;
    start--;
  }
  const footer = tail.slice(start);
  if (footer.length === 0) return null;
  const skip: SkipOptions = {};
  const prefixes: string[] = [];
  const found: string[] = [];
  for (const row of footer) {
    const text = firstCellText(row.cells);
    found.push(`row ${row.row} "${text}"`);
    if (skip.after) continue;
    if (END_MARKER.test(text)) {
      skip.after = text;
      continue;
    }
    const prefix = FOOTER_LINE.exec(text)![0];
    if (!prefixes.some((known) => known.toLowerCase() === prefix.toLowerCase())) prefixes.push(prefix);
  }
  if (prefixes.length) skip.whenFirstCellStartsWith = prefixes;
  const rules = [
    ...(prefixes.length
      ? [`rows whose first cell starts with ${prefixes.map((p) => `"${p}"`).join(' or ')}`]
      : []),
    ...(skip.after ? [`the row "${skip.after}" and every row below it`] : []),
  ];
  return {
    skip,
    note: {
      column: null,
      level: 'warning',
      message:
        `the sheet ends with rows that look like totals or a footer, not data (${found.join(', ')}): ` +
        `the mapping leaves out ${rules.join(', and ')} ("skip"). This is a guess from the words: ` +
        'check that no data row starts that way, or change "skip" in the mapping',
    },
  };
}
