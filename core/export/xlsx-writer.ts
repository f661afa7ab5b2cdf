/**
 * XLSX output through exceljs's streaming WorkbookWriter: each row is committed as it is written, so a
 * 100,000-row export never holds the sheet in memory. Strings are written inline (no shared-strings
 * table, which would grow with every distinct value).
 *
 * Cell types are decided by the column, never guessed from the text: text columns carry the `@` format
 * so ids, zips and phones keep their leading zeros, also when a user types into an empty cell later;
 * dates are written as UTC-midnight Dates, which exceljs turns into whole serial numbers with no time
 * zone involved (a date-only value can never slide to the day before).
 *
 * Excel's calendar is not exceljs's: Excel counts 1 = 1900-01-01 and keeps the 1900-02-29 that never
 * was (serial 60), so only from 1900-03-01 (serial 61) do its serials match a count from 1899-12-30,
 * which is what exceljs writes. Days before March 1900 are written as Excel's own serials, and days
 * before 1900, which Excel cannot show as dates, as text (core/read/serial-dates.ts reads them back).
 */
import type { Writable } from 'node:stream';
import type ExcelJS from 'exceljs';
import { loadExcelJS } from '../lazy-libraries.ts';
import { nameFilterRange } from '../files/workbook-defined-names.ts';
import { ROWS_BETWEEN_WAITS, sheetDrained } from '../files/sheet-backpressure.ts';
import { columnLetters } from '../read/cell-reference.ts';
import { EXCEL_CELL_LIMIT } from './round-trip-meta.ts';
import type { ColumnKind, ExportCell, ExportColumn } from './types.ts';

/** A text cell longer than Excel's cell limit: Excel cuts it when it opens the file. */
export interface OverLimitCell {
  sheet: string;
  /** "AL2". */
  cell: string;
  header: string;
  length: number;
}

/** How many over-limit cells a writer keeps by name (all are counted). */
const OVER_LIMIT_NAMED = 20;

/** Excel's limit is 1,048,576 rows per sheet; one of them is the header. */
export const EXCEL_MAX_ROWS = 1_048_576;

const NUM_FMT: Record<ColumnKind, string> = {
  text: '@',
  number: 'General',
  money: '#,##0.00',
  integer: '0',
  date: 'yyyy-mm-dd',
  datetime: 'yyyy-mm-dd hh:mm:ss',
};

const MS_PER_DAY = 86_400_000;
/** Excel's serial 1. */
const JANUARY_1900 = Date.UTC(1900, 0, 1);
/** Excel's serial 61, the first after its fictitious 1900-02-29. */
const MARCH_1900 = Date.UTC(1900, 2, 1);

/** "2026-03-04" as ms since 1970 at UTC midnight. */
function dateAt(date: string): number {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  return Date.UTC(year, month - 1, day);
}

export function toExcelValue(cell: ExportCell): ExcelJS.CellValue {
  if (cell === null) return null;
  if (typeof cell === 'object') {
    const at = 'date' in cell ? dateAt(cell.date) : Date.parse(`${cell.dateTime}Z`);
    if (at < JANUARY_1900) return 'date' in cell ? cell.date : cell.dateTime.replace('T', ' ');
    if (at < MARCH_1900) return (at - JANUARY_1900) / MS_PER_DAY + 1;
    return new Date(at);
  }
  if (typeof cell === 'number' || !(NEEDS_ESCAPE.test(cell) || EDGE_SPACE.test(cell) || cell.includes('\n')))
    return cell;
  // One run of inline rich text (`<is><r><t>`): Excel and LibreOffice both read its escapes, where
  // LibreOffice shows the `<v>` of exceljs's plain `t="str"` cell as it is ("line one_x000D_"); and
  // exceljs writes its `<t>` with xml:space="preserve" when the text starts or ends with white space,
  // as Excel does, where LibreOffice trims a `<v>` ("  indented note  " shown as "indented note").
  // A line break inside the text: LibreOffice keeps it from a `t="str"` cell while the file stays an
  // .xlsx, but a copy it keeps as .ods and saves back as .xlsx joins the lines ("Line oneLine two"),
  // which the round trip then sent as an edit; from an inline string the break survives that trip.
  return { richText: [{ text: cell.replace(LITERAL_ESCAPE, '_x005F$1').replaceAll('\r', '_x000D_') }] };
}

/**
 * Text that starts or ends with white space (spaces, a tab, a line break): LibreOffice drops it from a
 * plain `t="str"` cell (explore 35 item 6; openpyxl keeps it), and keeps it from an inline string whose
 * `<t>` says xml:space="preserve". Spaces only are such text too (else an empty cell).
 */
const EDGE_SPACE = /^\s|\s$/;

/**
 * Text an XLSX cell holds exactly only when escaped (ECMA-376 22.9.2.19, as Excel writes it): a `\r`
 * as `_x000D_`, since an XML reader turns a bare one into `\n` (a note Trackops holds with `\r\n` was
 * exported with `\n`: an export writes what Trackops holds), and a literal `_x000D_` typed in a value as
 * `_x005F_x000D_`, or a reader would take it for a `\r`. exceljs writes text as it is given.
 */
const NEEDS_ESCAPE = /\r|_x[0-9A-Fa-f]{4}_/;

/** A literal `_xHHHH_` in text, which OOXML readers take for an escaped character. */
const LITERAL_ESCAPE = /(_x[0-9A-Fa-f]{4}_)/g;

export class XlsxWriter {
  private readonly workbook: ExcelJS.stream.xlsx.WorkbookWriter;
  private readonly columns: ExportColumn[];
  /** One style object per column, shared by its cells (see writeRow). */
  private readonly cellStyles: Partial<ExcelJS.Style>[];
  private readonly baseName: string;
  private readonly maxRows: number;
  private sheet: ExcelJS.Worksheet | null = null;
  private rowsInSheet = 0;
  readonly dataSheets: string[] = [];
  /** The first cells written longer than Excel's cell limit, and how many there were in all. */
  readonly overLimit: { first: OverLimitCell[]; count: number } = { first: [], count: 0 };

  /** A writer onto `output` (exceljs is loaded on first use: see lazy-libraries.ts). */
  static async open(
    output: Writable,
    options: { columns: ExportColumn[]; sheetName: string; maxRowsPerSheet?: number },
  ): Promise<XlsxWriter> {
    return new XlsxWriter(await loadExcelJS(), output, options);
  }

  private constructor(
    excel: typeof ExcelJS,
    output: Writable,
    options: { columns: ExportColumn[]; sheetName: string; maxRowsPerSheet?: number },
  ) {
    this.workbook = new excel.stream.xlsx.WorkbookWriter({
      stream: output,
      useStyles: true,
      useSharedStrings: false,
    });
    this.workbook.creator = 'trackops-bulk';
    this.columns = options.columns;
    this.cellStyles = options.columns.map((column) => ({ numFmt: NUM_FMT[column.kind] }));
    this.baseName = options.sheetName;
    this.maxRows = Math.min(options.maxRowsPerSheet ?? EXCEL_MAX_ROWS, EXCEL_MAX_ROWS);
  }

  /** Adds a data row; past the sheet's row limit the export continues on "Name (2)" with the header repeated. */
  writeRow(cells: ExportCell[]): void {
    if (!this.sheet || this.rowsInSheet >= this.maxRows) this.startDataSheet();
    const row = (this.sheet as ExcelJS.Worksheet).addRow(cells.map(toExcelValue));
    // exceljs gives every new cell its own copy of the column's style and then serialises that copy to
    // find its style id: 46 % of an export's time, measured. It remembers the id per style object, so
    // cells that share their column's object (same content as the copy) are looked up, not serialised.
    const styles = this.cellStyles;
    row.eachCell({ includeEmpty: true }, (cell, column) => {
      const style = styles[column - 1];
      if (style) cell.style = style;
    });
    row.commit();
    this.rowsInSheet += 1;
    cells.forEach((cell, index) => {
      if (typeof cell !== 'string' || cell.length <= EXCEL_CELL_LIMIT) return;
      if (this.overLimit.count++ >= OVER_LIMIT_NAMED) return;
      this.overLimit.first.push({
        sheet: this.dataSheets.at(-1)!,
        cell: `${columnLetters(index + 1)}${this.rowsInSheet}`,
        header: this.columns[index]!.header,
        length: cell.length,
      });
    });
  }

  /** Waits while the zip's deflate stream is behind (files/sheet-backpressure.ts). */
  drained(sheet: ExcelJS.Worksheet | null = this.sheet): Promise<void> {
    return sheetDrained(sheet);
  }

  /**
   * The data sheets, the first one made with its header if no row was written: an export of no rows
   * still has its data sheet first, header and all (explore 10 item 7: it came after "Export info", so a
   * round trip of the file read "Export info" as its data and named it), and its "Export info" names it.
   */
  withDataSheet(): readonly string[] {
    if (this.dataSheets.length === 0) this.startDataSheet();
    return this.dataSheets;
  }

  /** A plain two-column sheet of labels and values (the "Export info" sheet). */
  addInfoSheet(name: string, entries: [string, string | number][]): void {
    this.withDataSheet();
    this.finishDataSheet();
    const sheet = this.workbook.addWorksheet(name);
    sheet.columns = [{ width: 24 }, { width: 80, style: { numFmt: '@' } }];
    for (const [label, value] of entries) {
      const row = sheet.addRow([label, value]);
      row.getCell(1).font = { bold: true };
      row.commit();
    }
    sheet.commit();
  }

  /**
   * A sheet that Excel and LibreOffice never show or list (`veryHidden`): the round-trip metadata. Rows
   * are pulled from an async source so it streams like the data.
   */
  async addHiddenSheet(name: string, rows: AsyncIterable<(string | number)[]>): Promise<void> {
    this.finishDataSheet();
    const sheet = this.workbook.addWorksheet(name, { state: 'veryHidden' });
    let count = 0;
    for await (const values of rows) {
      sheet.addRow(values).commit();
      if (++count % ROWS_BETWEEN_WAITS === 0) await this.drained(sheet);
    }
    sheet.commit();
  }

  async commit(): Promise<void> {
    if (this.dataSheets.length === 0) this.startDataSheet();
    this.finishDataSheet();
    await this.workbook.commit();
  }

  private startDataSheet(): void {
    this.finishDataSheet();
    const name =
      this.dataSheets.length === 0 ? this.baseName : `${this.baseName} (${this.dataSheets.length + 1})`;
    const sheet = this.workbook.addWorksheet(name, { views: [{ state: 'frozen', xSplit: 0, ySplit: 1 }] });
    sheet.columns = this.columns.map((column, index) => ({
      width: column.width,
      style: this.cellStyles[index]!,
    }));
    const header = sheet.addRow(this.columns.map((column) => column.header));
    header.font = { bold: true };
    header.eachCell((cell) => (cell.font = { bold: true }));
    header.commit();
    this.sheet = sheet;
    this.rowsInSheet = 1;
    this.dataSheets.push(name);
    // Data sheets are the workbook's first sheets, in this order ("Export info" and the hidden
    // round-trip sheet come after them), so a sheet's place among them is its place in the workbook.
    const index = this.dataSheets.length - 1;
    nameFilterRange(this.workbook, sheet, () => index);
  }

  private finishDataSheet(): void {
    if (!this.sheet) return;
    // The filter covers the rows written, so Excel's sort and filter see all of them at once; its range
    // is named for LibreOffice at the workbook's end (nameFilterRange in startDataSheet).
    this.sheet.autoFilter = {
      from: { row: 1, column: 1 },
      to: { row: this.rowsInSheet, column: Math.max(1, this.columns.length) },
    };
    this.sheet.commit();
    this.sheet = null;
  }
}
