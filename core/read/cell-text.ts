import { asSpreadsheetShows } from './spreadsheet-digits.ts';
import type { Cell } from './types.ts';

/**
 * How a cell reads to a person, for reports and messages: '' for an empty cell, dates as YYYY-MM-DD,
 * times as HH:MM:SS, booleans as TRUE/FALSE (Excel's spelling), errors as their code ('#N/A'). Numbers
 * are shown with at most 15 significant digits, as Excel shows them, so a cached 0.30000000000000004
 * reads 0.3; a number whose format shows other text (03101 in a zip-code cell) reads as that text. A
 * formula whose result the file does not hold reads as its formula (`=1500*1.1`), the cell under a merged
 * range's top row as the empty cell the file holds, a number cell holding text as that text.
 */
export function cellText(cell: Cell): string {
  if (cell === null) return '';
  switch (typeof cell) {
    case 'string':
      return cell;
    case 'number':
      return Number.isInteger(cell) ? String(cell) : String(asSpreadsheetShows(cell));
    case 'boolean':
      return cell ? 'TRUE' : 'FALSE';
    default:
      switch (cell.type) {
        case 'date':
          return cell.date;
        case 'datetime':
          // An ISO cell written in UTC keeps its zone: the moment it is, not a wall-clock time.
          return cell.utc ? `${cell.dateTime}Z` : cell.dateTime;
        case 'time':
          return cell.time;
        case 'number':
          return cell.text;
        case 'error':
          return cell.error;
        case 'formula':
          return cell.formula === null ? '' : `=${cell.formula}`;
        case 'merged':
          return '';
        case 'malformed_number':
          return cell.text;
      }
  }
}

/** A cell a person would call empty: nothing, or only spaces. */
export function isBlankCell(cell: Cell): boolean {
  return cell === null || (typeof cell === 'string' && cell.trim() === '');
}
