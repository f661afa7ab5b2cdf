/**
 * Source cells as the reports write them back: CSV gets the text a person saw (numbers stay numbers so
 * that negative amounts are not mistaken for formulas), XLSX gets typed values so a date stays a date.
 */
import type { Cell } from '../read/types.ts';
import type { ExportCell } from '../export/types.ts';

export function csvCell(cell: Cell): ExportCell {
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
  }
}

/** "36:00:00" → 1.5: a time as the fraction of a day Excel stores. */
function timeSerial(time: string): number {
  const [hours = 0, minutes = 0, seconds = 0] = time.split(':').map(Number);
  return (hours * 3600 + minutes * 60 + seconds) / 86_400;
}
