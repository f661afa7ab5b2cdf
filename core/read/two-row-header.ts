/**
 * A two-row header as Excel users build it with Merge & Center: each single-level column merged down
 * over both rows ("Claim #" over A1:A2), each group heading merged across its sub-labels ("Adjuster" over
 * E1:G1, with "First", "Last", "Email" in row 2). The first row looks most like a header (the second's
 * single-level labels are merged into it), so it was taken for the whole header: "Adjuster" headed the
 * column of first names and was proposed as the contact's full name, "Last" and "Email" were unnamed,
 * and row 2 was read as a referral. Here such a block is read as one header in its second row, each
 * column merged down named by its label, and the first row's headings left as group headings over the
 * columns below them (data-rows.ts groupHeadingsOf), as for the same sheet with the labels typed into
 * row 2 instead of merged down.
 */
import { cellText, isBlankCell } from './cell-text.ts';
import { isLabel } from './header-row.ts';
import type { SheetMarks } from './sheet-marks.ts';
import type { Cell, SourceRow } from './types.ts';

/**
 * The header to read: the row below `header` when `header` and it form a two-row header (found, not
 * given by number); else `header`. Either way a header cell covered by a range merged down from the row
 * above is named by that range's label, not left as an unnamed "Column N"; so is one covered by a label
 * merged across within the header row itself, a repeat of it ("Claimant (2)").
 */
export function twoRowHeader(
  header: SourceRow,
  peeked: readonly SourceRow[],
  marks: SheetMarks,
  given: boolean,
): SourceRow {
  const next = peeked.find((row) => row.row === header.row + 1);
  if (!given && next && isTwoRowHeader(header.row, next, marks)) return withMergedLabels(next, peeked, marks);
  return withMergedLabels(header, peeked, marks);
}

/**
 * Rows `top` and the next one are one header: at least one column is merged down over exactly the two
 * of them, and at least one heading is merged across in `top` over cells of the next row that are all
 * labels (a heading merged across over a data row, such as a title over the table, is not a group).
 */
function isTwoRowHeader(top: number, next: SourceRow, marks: SheetMarks): boolean {
  const mergedDown = marks.merges.some(
    (merge) => merge.top === top && merge.bottom === top + 1 && merge.left === merge.right,
  );
  if (!mergedDown) return false;
  return marks.merges.some((merge) => {
    if (merge.top !== top || merge.bottom !== top || merge.right <= merge.left) return false;
    const below: Cell[] = [];
    for (let column = merge.left; column <= merge.right; column++) below.push(next.cells[column - 1] ?? null);
    return below.every(isLabel);
  });
}

/**
 * The row with each blank cell covered by a range merged down from a row above named by the text in the
 * range's top-left cell. The reader marks such cells only as it hands data rows on (data-rows.ts); the
 * header is read from the first rows as they are, so the ranges are looked up here.
 */
function withMergedLabels(row: SourceRow, peeked: readonly SourceRow[], marks: SheetMarks): SourceRow {
  let cells: Cell[] | null = null;
  for (const merge of marks.merges) {
    if (merge.top >= row.row || merge.bottom < row.row) continue;
    const anchor = peeked.find((above) => above.row === merge.top)?.cells[merge.left - 1] ?? null;
    const text = cellText(anchor).trim();
    if (text === '') continue;
    // A range merged across and down gives its label to its first column only, as Excel shows it.
    if (!isBlankCell(row.cells[merge.left - 1] ?? null)) continue;
    cells ??= [...row.cells];
    while (cells.length < merge.left) cells.push(null);
    cells[merge.left - 1] = text;
  }
  return withLabelsMergedAcross(cells === null ? row : { ...row, cells }, marks);
}

/**
 * The header row with each blank cell covered by a label merged across within it ("Claimant" over B1:C1,
 * first names under B and last names under C, no row of sub-labels) named by that label. Excel shows the
 * label over every column of the range; left unnamed, a column under it was "Column 3", and a mapping
 * reading "Claimant" dropped its values with no more than a note that "Column 3" was not read. Named so,
 * it is a repeated header (data-rows.ts): a row whose covered column holds another value than the one
 * read is refused, naming it (validate/repeated-header.ts). Ranges in the rows above (group headings of
 * a two-row header) are not the header row's own and stay group headings.
 */
function withLabelsMergedAcross(row: SourceRow, marks: SheetMarks): SourceRow {
  let cells: Cell[] | null = null;
  for (const merge of marks.merges) {
    if (merge.top !== row.row || merge.right <= merge.left) continue;
    const text = cellText(row.cells[merge.left - 1] ?? null).trim();
    if (text === '') continue;
    for (let column = merge.left + 1; column <= merge.right; column++) {
      if (!isBlankCell(row.cells[column - 1] ?? null)) continue;
      cells ??= [...row.cells];
      while (cells.length < column) cells.push(null);
      cells[column - 1] = text;
    }
  }
  return cells === null ? row : { ...row, cells };
}
