/**
 * A1-style cell references and Excel's grid limits. A reference past the grid (`ZZZZZZ2`) is refused
 * rather than laid out: padding a row to column 321,272,406 is an allocation no sheet needs.
 */

/** XFD, the last column Excel (and LibreOffice since 7.4) has. */
export const MAX_COLUMNS = 16_384;
/** The last row Excel has. */
export const MAX_ROWS = 1_048_576;

/** "BC12" → 55 (1-based column); 0 when the reference has no letters. Stops counting past the grid. */
export function columnOf(reference: string | undefined): number {
  if (!reference) return 0;
  let column = 0;
  for (let index = 0; index < reference.length; index++) {
    const code = reference.charCodeAt(index) | 0x20;
    if (code < 97 || code > 122) break;
    column = column * 26 + (code - 96);
    if (column > MAX_COLUMNS) return MAX_COLUMNS + 1;
  }
  return column;
}

/**
 * "BC12" → 12: the row a reference names, read from its trailing digits; 0 when it ends in none
 * ("BC", or no reference). Read from the end so that a cell costs only its few digits.
 */
export function rowOfReference(reference: string): number {
  let row = 0;
  let scale = 1;
  for (let index = reference.length - 1; index >= 0; index--) {
    const digit = reference.charCodeAt(index) - 48;
    if (digit < 0 || digit > 9) break;
    row += digit * scale;
    scale *= 10;
  }
  return row;
}

/** 55 → "BC": a column as Excel names it. */
export function columnLetters(column: number): string {
  let letters = '';
  for (let left = column; left > 0; left = Math.floor((left - 1) / 26)) {
    letters = String.fromCharCode(65 + ((left - 1) % 26)) + letters;
  }
  return letters;
}
