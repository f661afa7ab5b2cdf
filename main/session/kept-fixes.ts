/**
 * Cells the clerk fixed in a dry run, kept across a new dry run of the same file (explore 11 item 2:
 * "Back to mapping" then "Check every row" dropped every typed fix without a word). The fixes are put
 * in place of the file's values as the rows are read, so the new pass checks them under the new
 * mapping like any other cell, and a connected pass plans them with the rest: no request of their own.
 */
import type { SheetSource, SourceRow } from '../../core/index.ts';
import { BridgeFailure } from '../bridge/failure.ts';

export interface CellFix {
  row: number;
  column: string;
  value: string;
}

export interface FixedSheet {
  sheet: SheetSource;
  /** Once the pass has read every row: the fixes said in words (how many, and any whose row is gone). */
  words(): string | null;
}

/**
 * The sheet with `fixes` in place of the file's cells. A fix naming a column the sheet lacks is refused
 * (the wizard says before the run which fixes its columns no longer hold, and leaves them out); one
 * whose row is not read now (left out by the header row or as blank) is named in `words()`.
 */
export function withFixes(sheet: SheetSource, fixes: readonly CellFix[]): FixedSheet {
  if (fixes.length === 0) return { sheet, words: () => null };
  const byRow = new Map<number, Map<number, string>>();
  for (const fix of fixes) {
    const column = sheet.headers.indexOf(fix.column);
    if (column < 0)
      throw new BridgeFailure(
        'input',
        `Your fix of row ${fix.row} is in the column “${fix.column}”, which ${sheet.fileName} as read now does not have. Go back to the mapping step: it names the fixes left out.`,
      );
    const cells = byRow.get(fix.row) ?? new Map<number, string>();
    cells.set(column, fix.value);
    byRow.set(fix.row, cells);
  }
  const applied = new Set<number>();
  const fixed = (row: SourceRow): SourceRow => {
    const cells = byRow.get(row.row);
    if (!cells) return row;
    applied.add(row.row);
    const next = [...row.cells];
    while (next.length < sheet.headers.length) next.push(null);
    for (const [column, value] of cells) next[column] = value;
    return { ...row, cells: next };
  };
  async function* rowBatches(): AsyncIterable<SourceRow[]> {
    applied.clear();
    for await (const batch of sheet.rowBatches()) yield batch.map(fixed);
  }
  return {
    sheet: {
      ...sheet,
      rowBatches,
      async *rows() {
        for await (const batch of rowBatches()) yield* batch;
      },
    },
    words: () => {
      const missing = fixes.filter((fix) => !applied.has(fix.row));
      const kept = fixes.length - missing.length;
      const parts = [
        `${kept === 1 ? '1 cell you fixed' : `${kept.toLocaleString()} cells you fixed`} in the last dry run ${kept === 1 ? 'was' : 'were'} put in again and checked with this mapping`,
      ];
      if (missing.length > 0) {
        const named = missing
          .slice(0, 5)
          .map((fix) => `row ${fix.row} (${fix.column})`)
          .join(', ');
        parts.push(
          `${missing.length === 1 ? '1 fix was' : `${missing.length.toLocaleString()} fixes were`} not: ${named}${missing.length > 5 ? ', …' : ''} ${missing.length === 1 ? 'is' : 'are'} not among the rows read now (above the header row, or blank)`,
        );
      }
      return `${parts.join('; ')}.`;
    },
  };
}
