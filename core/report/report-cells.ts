/**
 * Source cells as the reports write them back: CSV gets the text a person saw (numbers stay numbers so
 * that negative amounts are not mistaken for formulas), XLSX gets typed values so a date stays a date.
 */
import type { Cell } from '../read/types.ts';
import type { CsvCell } from '../files/csv-writer.ts';
import { cellText } from '../read/cell-text.ts';
import { serialToDate, serialToElapsed, serialToTime } from '../read/serial-dates.ts';

export function csvCell(cell: Cell): CsvCell {
  if (cell === null || typeof cell === 'string' || typeof cell === 'number') return cell;
  if (typeof cell === 'boolean') return cell ? 'TRUE' : 'FALSE';
  switch (cell.type) {
    case 'date':
      return { date: cell.date };
    case 'datetime':
      return { dateTime: cell.dateTime };
    case 'time':
      return cell.time;
    case 'number':
      return cell.text; // what the sheet showed: 03101, not 3101
    case 'error':
      return cell.error;
    case 'formula':
    case 'merged':
    case 'malformed_number':
      return cellText(cell);
  }
}

export type XlsxCellValue = null | string | number | boolean | Date;

/** Calendar dates become UTC midnight: exceljs turns a Date into a serial from its UTC time, so no shift. */
export function xlsxCell(cell: Cell): { value: XlsxCellValue; numFmt?: string } {
  if (cell === null || typeof cell !== 'object') return { value: cell };
  switch (cell.type) {
    case 'date':
      return { value: new Date(`${cell.date}T00:00:00Z`), numFmt: 'yyyy-mm-dd' };
    case 'datetime':
      return { value: new Date(`${cell.dateTime}Z`), numFmt: 'yyyy-mm-dd hh:mm:ss' };
    case 'time':
      return { value: timeSerial(cell.time), numFmt: cell.elapsed ? '[h]:mm:ss' : 'hh:mm:ss' };
    case 'number':
      return { value: cell.value, numFmt: cell.format };
    case 'error':
      return { value: cell.error };
    case 'formula':
    case 'merged':
    case 'malformed_number':
      return { value: cellText(cell) || null };
  }
}

/** "36:00:00" → 1.5: a time as the fraction of a day Excel stores. */
function timeSerial(time: string): number {
  const [hours = 0, minutes = 0, seconds = 0] = time.split(':').map(Number);
  return (hours * 3600 + minutes * 60 + seconds) / 86_400;
}

/** exceljs turns serials into Dates counting days from 1899-12-30, without Excel's leap-year bug. */
const EXCELJS_EPOCH = Date.UTC(1899, 11, 30);

/** The serial an exceljs cell value (or a formula's cached result) holds, or null for text and the like. */
function serialOf(value: unknown): number | null {
  if (typeof value === 'number') return value;
  if (value instanceof Date) return (value.getTime() - EXCELJS_EPOCH) / 86_400_000;
  if (value !== null && typeof value === 'object' && ('formula' in value || 'sharedFormula' in value))
    return serialOf((value as { result?: unknown }).result);
  return null;
}

/**
 * Whether a workbook cell, as exceljs loads it, still holds what the reader read from it, where the
 * two spell it differently: a time of day or duration (exceljs: a Date on 1899-12-30), a number shaped
 * by its format (exceljs: 3101; the reader: 03101), a date before March 1900 (exceljs counts without
 * Excel's leap-year bug), Excel's phantom 1900-02-29 and its ####### (see read/serial-dates.ts). A
 * report copy leaves such cells — formulas included — as they are.
 */
export function sameAsRead(value: unknown, cell: Cell): boolean {
  // The reader's stand-ins for what the file does not hold: the user's formula, merged range or
  // malformed number cell stays as it is.
  if (
    cell !== null &&
    typeof cell === 'object' &&
    (cell.type === 'formula' || cell.type === 'merged' || cell.type === 'malformed_number')
  )
    return true;
  if (cell === null || typeof cell === 'boolean' || typeof cell === 'number') return false;
  const serial = serialOf(value);
  if (serial === null) return false;
  if (typeof cell === 'string')
    return /^1900-0(?:1-00|2-29)/.test(cell) && serialToDate(serial, false) === cell;
  switch (cell.type) {
    case 'number':
      return serial === cell.value;
    case 'time':
      return cellText((cell.elapsed ? serialToElapsed : serialToTime)(serial, false)) === cell.time;
    case 'date':
    case 'datetime':
      return cellText(serialToDate(serial, false)) === cellText(cell);
    case 'error':
      return cell.error === '#######';
  }
}
