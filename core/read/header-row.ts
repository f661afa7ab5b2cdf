/**
 * Finding the header row and naming its columns. Carriers' exports often carry a title block ("Acme
 * Insurance — open referrals", "Exported 03/01/2024", a blank line) above the real header; the header
 * is the first row that reads like column labels and is as wide as the table below it.
 */
import type { Cell, RepeatedHeader, SourceRow } from './types.ts';
import { cellText, isBlankCell } from './cell-text.ts';

/** Rows looked at when detecting the header (title blocks are a few rows; 30 is generous). */
export const HEADER_SCAN_ROWS = 30;

const NUMBER_LIKE = /^[-+(]?[$€£¥]?\s*[\d.,\s]+%?\)?$/;
const DATE_LIKE = /^\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}([ T].*)?$/;
const EMAIL_LIKE = /^[^\s@]+@[^\s@]+$/;

/** Column labels are text that is not itself a number, date or address; data rows are not all labels. */
export function isLabel(cell: Cell): boolean {
  if (typeof cell !== 'string') return false;
  const text = cell.trim();
  return (
    text !== '' &&
    text.length <= 120 &&
    !NUMBER_LIKE.test(text) &&
    !DATE_LIKE.test(text) &&
    !EMAIL_LIKE.test(text)
  );
}

/** Index after the last non-blank cell. */
export function usedWidth(cells: Cell[]): number {
  for (let index = cells.length - 1; index >= 0; index--) {
    if (!isBlankCell(cells[index] as Cell)) return index + 1;
  }
  return 0;
}

export function isBlankRow(cells: Cell[]): boolean {
  return usedWidth(cells) === 0;
}

export function looksLikeHeader(cells: Cell[], tableWidth: number): boolean {
  const filled = cells.filter((cell) => !isBlankCell(cell));
  if (filled.length === 0) return false;
  // A title row fills one or two cells of a wide table; a header fills most of it.
  if (tableWidth >= 2 && (filled.length < 2 || filled.length < tableWidth * 0.5)) return false;
  const labels = filled.filter(isLabel).map((cell) => (cell as string).trim().toLowerCase());
  if (labels.length < filled.length * 0.8) return false;
  // Repeated names happen ("Notes", "Notes"); a row of mostly one repeated word is data ("Yes", "Yes").
  return new Set(labels).size >= labels.length * 0.5;
}

/**
 * The first row of `top` that looks like a header, or null. `top` holds the sheet's first non-blank
 * rows; the table's width is the widest of them, so a title above a narrow table still reads as title.
 */
export function detectHeaderRow(top: SourceRow[]): SourceRow | null {
  const tableWidth = Math.max(0, ...top.map((row) => row.cells.filter((cell) => !isBlankCell(cell)).length));
  return top.find((row) => looksLikeHeader(row.cells, tableWidth)) ?? null;
}

/**
 * The columns whose header repeats an earlier column's (ignoring case and spaces, as uniqueHeaders
 * does), each with the first column so headed: uniqueHeaders names them "Name (2)", which no mapping
 * made from the header a clerk sees names, so validation says what they hold (validate/repeated-headers.ts).
 */
export function repeatedHeaderColumns(cells: Cell[], width: number): RepeatedHeader[] {
  const firstByName = new Map<string, number>();
  const repeated: RepeatedHeader[] = [];
  for (let column = 0; column < width; column++) {
    const text = cellText(cells[column] ?? null)
      .replace(/\s+/g, ' ')
      .trim();
    if (text === '') continue;
    const key = text.toLowerCase();
    const first = firstByName.get(key);
    if (first === undefined) firstByName.set(key, column);
    else repeated.push({ column, first, header: text });
  }
  return repeated;
}

/**
 * Stable, unique names: blank headers become "Column N" (N its 1-based position), repeats become
 * "Name (2)", "Name (3)"; a generated name never collides with a real one, matched case-insensitively
 * as mapping files match them. Linear in the number of columns: each name remembers the next suffix
 * to try, so 16,384 columns of one label cost 16,384 steps, not 16,384².
 */
export function uniqueHeaders(cells: Cell[], width: number): string[] {
  const raw: string[] = [];
  for (let index = 0; index < width; index++) {
    const text = cellText(cells[index] ?? null)
      .replace(/\s+/g, ' ')
      .trim();
    raw.push(text === '' ? `Column ${index + 1}` : text);
  }
  const taken = new Set(raw.map((name) => name.toLowerCase()));
  const seen = new Set<string>();
  const nextSuffix = new Map<string, number>();
  return raw.map((name) => {
    const key = name.toLowerCase();
    if (!seen.has(key)) {
      seen.add(key);
      return name;
    }
    let suffix = nextSuffix.get(key) ?? 2;
    while (taken.has(`${key} (${suffix})`)) suffix++;
    nextSuffix.set(key, suffix + 1);
    const unique = `${name} (${suffix})`;
    taken.add(unique.toLowerCase());
    seen.add(unique.toLowerCase());
    return unique;
  });
}
