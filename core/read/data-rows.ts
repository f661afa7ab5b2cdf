/** The SheetSource handed out: data rows below the header, fitted to its width, blank rows counted. */
import type { Cell, HeaderRepeatTest, SheetSource, ShortRows, SourceRow } from './types.ts';
import { isBlankRow, repeatedHeaderColumns, uniqueHeaders, usedWidth } from './header-row.ts';
import { cellText, isBlankCell } from './cell-text.ts';
import { headerRepeatMarker, headerRepeatTest } from './header-repeats.ts';
import { columnLetters } from './cell-reference.ts';
import { NO_MARKS, type MergedRange, type SheetMarks } from './sheet-marks.ts';

/** A merged range reaching below its top row into the table, and the text of its top-left cell. */
interface DownMerge extends MergedRange {
  anchor: string;
  anchorText: string;
}

/**
 * Marks the cells of `row` that lie under the top row of a merged range whose top-left cell holds a
 * value: Excel shows the value there, the file holds nothing. Merges reach rows in order; `pending`
 * holds those whose top row is still to come, `active` those under way.
 */
class MergeMarker {
  private readonly pending: DownMerge[];
  private active: DownMerge[] = [];

  constructor(merges: MergedRange[], headerRow: number, width: number) {
    this.pending = merges
      .filter((merge) => merge.bottom > merge.top && merge.bottom > headerRow && merge.left <= width)
      .map((merge) => ({ ...merge, anchor: `${columnLetters(merge.left)}${merge.top}`, anchorText: '' }))
      .sort((a, b) => b.top - a.top);
  }

  get done(): boolean {
    return this.pending.length === 0 && this.active.length === 0;
  }

  /** Every row the reader hands on, title and header rows included: a merge may start in any. */
  passing(row: SourceRow): void {
    if (this.active.length > 0) this.active = this.active.filter((merge) => merge.bottom >= row.row);
    while (this.pending.length > 0 && this.pending[this.pending.length - 1]!.top <= row.row) {
      const merge = this.pending.pop()!;
      if (merge.top < row.row) continue; // its top row holds nothing (absent from the sheet)
      merge.anchorText = cellText(row.cells[merge.left - 1] ?? null).trim();
      if (merge.anchorText !== '') this.active.push(merge);
    }
  }

  /** A data row, already fitted to the table's width. */
  mark(row: SourceRow, width: number): void {
    for (const merge of this.active) {
      if (merge.top >= row.row) continue;
      const { range, anchor, anchorText } = merge;
      for (let column = merge.left; column <= Math.min(merge.right, width); column++) {
        const reference = `${columnLetters(column)}${row.row}`;
        row.cells[column - 1] = { type: 'merged', reference, range, anchor, anchorText };
      }
    }
  }
}

/**
 * Rows below the header, fitted to the header's width, in the batches the reader produced. Blank rows
 * between data rows (and rows missing from an XLSX) are skipped and counted; blank rows after the last
 * data row are not counted, since formatting a range in Excel leaves hundreds of them and none of them
 * is a skipped referral.
 */
function dataRowBatches(
  read: () => AsyncIterable<SourceRow[]>,
  headerRow: number,
  headerRepeat: HeaderRepeatTest,
  width: number,
  marks: SheetMarks,
  /** Delimited text: rows short of the header are counted (a workbook's rows end at their last value). */
  countShort: boolean,
  passed: (
    blank: number,
    hidden: number[],
    beyond: { count: number; first: number | null },
    short: ShortRows,
  ) => void,
): () => AsyncIterable<SourceRow[]> {
  return async function* () {
    const markRepeat = headerRepeatMarker(headerRepeat);
    let blank = 0;
    const hidden: number[] = [];
    const beyond = { count: 0, first: null as number | null };
    const short: ShortRows = { count: 0, first: null, width };
    let pendingBlank = 0;
    let previous = headerRow;
    let merges: MergeMarker | null =
      marks.merges.length > 0 ? new MergeMarker(marks.merges, headerRow, width) : null;
    for await (const batch of read()) {
      const fitted: SourceRow[] = [];
      for (const row of batch) {
        if (merges !== null) {
          merges.passing(row);
          if (merges.done) merges = null;
        }
        if (row.row <= headerRow) continue;
        pendingBlank += row.row - previous - 1;
        previous = row.row;
        const cells = row.cells;
        if (isBlankRow(cells)) {
          pendingBlank++;
          continue;
        }
        blank += pendingBlank;
        pendingBlank = 0;
        markRepeat(row);
        if (cells.length < width) {
          if (countShort) {
            // The last record stopping short with no line end, in a file whose rows have all had their
            // cells so far, is a file cut short: its last cell may be cut too ("Tes" for "Tesla"). Where
            // rows before it were short as well, the file's writer leaves out empty cells at the end of a
            // row (and perhaps the last line end): the row is one more short row, said in the notes.
            if (row.unterminated === true && short.count === 0) row.cutShort = { cells: cells.length, width };
            else {
              short.count++;
              short.first ??= { row: row.row, cells: cells.length };
            }
          }
          for (let index = cells.length; index < width; index++) cells.push(null);
        } else if (cells.length > width) {
          const past = cells.slice(width);
          cells.length = width;
          if (!isBlankRow(past)) {
            row.beyondHeaders = past;
            beyond.count++;
            beyond.first ??= row.row;
          }
        }
        merges?.mark(row, width);
        if (row.hidden) hidden.push(row.row);
        fitted.push(row);
      }
      if (fitted.length > 0) yield fitted;
    }
    passed(blank, hidden, beyond, short);
  };
}

export async function* flatten<T>(batches: AsyncIterable<T[]>): AsyncGenerator<T> {
  for await (const batch of batches) yield* batch;
}

/**
 * The table's width: up to its last named column, and on past it only over columns that hold a value
 * in every data row of the first rows (an export whose last column has no header but is always
 * filled). A column past the last name that holds values in a few rows is not a column: it is what an
 * unquoted comma in a hand-written CSV, or a note typed beside the table, looks like. Counting it in
 * from the first rows made its values an unnamed "Column 29" that no mapping reads, lost without a
 * word, while the same value in row 110 was reported; now both are values beyond the headers, which
 * validation reports wherever the row is.
 */
function tableWidth(headerCells: Cell[], below: SourceRow[]): number {
  let width = usedWidth(headerCells);
  if (below.length < 2) return width;
  const widest = Math.max(0, ...below.map((row) => usedWidth(row.cells)));
  for (let index = widest - 1; index >= width; index--) {
    if (below.every((row) => !isBlankCell(row.cells[index] ?? null))) {
      width = index + 1;
      break;
    }
  }
  return width;
}

/**
 * The headings merged across columns in the row right above the header (a row of "Claimant", "Carrier"
 * group labels over short headers such as "Name", "Address"), per column, when there are any.
 */
function groupHeadingsOf(
  headerRow: number,
  peeked: SourceRow[],
  marks: SheetMarks,
  width: number,
): Pick<SheetSource, 'groupHeadings'> {
  const above = peeked.find((row) => row.row === headerRow - 1);
  if (above === undefined) return {};
  const headings: (string | null)[] = new Array<string | null>(width).fill(null);
  let found = false;
  for (const merge of marks.merges) {
    if (merge.top !== above.row || merge.bottom !== above.row || merge.right <= merge.left) continue;
    // A title merged across the whole table ("Acme Mutual — open referrals") groups nothing.
    if (merge.left <= 1 && merge.right >= width) continue;
    const text = cellText(above.cells[merge.left - 1] ?? null)
      .replace(/\s+/g, ' ')
      .trim();
    if (text === '') continue;
    for (let column = merge.left; column <= Math.min(merge.right, width); column++)
      headings[column - 1] = text;
    found = true;
  }
  return found ? { groupHeadings: headings } : {};
}

export function buildSource(
  fields: Omit<
    SheetSource,
    | 'rows'
    | 'rowBatches'
    | 'blankRowsSkipped'
    | 'hiddenRows'
    | 'hiddenColumns'
    | 'filtered'
    | 'rowsBeyondHeaders'
    | 'rowsShortOfHeaders'
    | 'headers'
    | 'repeatedHeaders'
    | 'groupHeadings'
    | 'headerRow'
    | 'headerRepeat'
  >,
  read: () => AsyncIterable<SourceRow[]>,
  header: SourceRow,
  peeked: SourceRow[],
  marks: SheetMarks = NO_MARKS,
): SheetSource {
  const below = peeked.filter((row) => row.row > header.row && !isBlankRow(row.cells));
  const width = tableWidth(header.cells, below);
  const headers = uniqueHeaders(header.cells as Cell[], width);
  let blankRowsSkipped = 0;
  let hiddenRows: number[] = [];
  let beyondHeaders = { count: 0, first: null as number | null };
  const countShort = fields.format === 'csv';
  let shortRows: ShortRows = { count: 0, first: null, width };
  const headerRepeat = headerRepeatTest(header.cells, width);
  const rowBatches = dataRowBatches(
    read,
    header.row,
    headerRepeat,
    width,
    marks,
    countShort,
    (blank, hidden, beyond, short) => {
      blankRowsSkipped = blank;
      hiddenRows = hidden;
      beyondHeaders = beyond;
      shortRows = short;
    },
  );
  return {
    ...fields,
    headerRow: header.row,
    headers,
    headerRepeat,
    repeatedHeaders: repeatedHeaderColumns(header.cells as Cell[], width),
    ...groupHeadingsOf(header.row, peeked, marks, width),
    rowBatches,
    rows: () => flatten(rowBatches()),
    blankRowsSkipped: () => blankRowsSkipped,
    hiddenRows: () => hiddenRows,
    hiddenColumns: headers.filter((_, index) => marks.hiddenColumns.has(index + 1)),
    filtered: marks.autoFilter,
    rowsBeyondHeaders: () => beyondHeaders,
    ...(countShort ? { rowsShortOfHeaders: () => shortRows } : {}),
  };
}
