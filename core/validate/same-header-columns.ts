/**
 * Two columns with the same header ("Instructions" twice, "Notes" and "NOTES"). The reader names the
 * later one "Instructions (2)" (read/header-row.ts); a mapping made from the header a clerk sees reads
 * the first, and the second's values were dropped without a word. Now the file says which column is
 * read, and a row whose unread column holds another value is refused, naming it. A mapping that names
 * one of the later columns ("Instructions (2)") has chosen: nothing is said of its group.
 */
import { resolveHeaderCase } from '../mapping/check-headers.ts';
import type { Mapping } from '../mapping/schema.ts';
import { problem } from '../problems/format.ts';
import type { Problem } from '../problems/problem.ts';
import { columnLetters } from '../read/cell-reference.ts';
import { cellText, isBlankCell } from '../read/cell-text.ts';
import type { RepeatedHeader, SheetSource, SourceRow } from '../read/types.ts';

/** A column the mapping does not read whose header is that of one it reads (0-based indexes). */
export interface UnreadRepeat {
  column: number;
  /** The column with the same header that the mapping reads. */
  read: number;
  header: string;
}

/** The repeats left unread by a mapping reading the columns `read` (indexes into the headers). */
export function unreadRepeats(repeats: readonly RepeatedHeader[], read: ReadonlySet<number>): UnreadRepeat[] {
  // A mapping that reads any later column of a group has picked its columns by their "(2)" names.
  const chosen = new Set(repeats.filter((repeat) => read.has(repeat.column)).map((repeat) => repeat.first));
  return repeats
    .filter((repeat) => read.has(repeat.first) && !chosen.has(repeat.first))
    .map((repeat) => ({ column: repeat.column, read: repeat.first, header: repeat.header }));
}

const letter = (index: number): string => columnLetters(index + 1);

/**
 * One sentence per repeated header the mapping reads only once: the columns so headed, the one read,
 * and what happens to the others' values. For the CLI's notes beside readingNotes.
 */
export function repeatedHeaderNotes(given: Mapping, sheet: SheetSource): string[] {
  const repeats = sheet.repeatedHeaders ?? [];
  if (repeats.length === 0) return [];
  const mapping = resolveHeaderCase(given, sheet.headers).mapping;
  const index = new Map(sheet.headers.map((header, position) => [header, position]));
  const read = new Set(mapping.columns.map((column) => index.get(column.column) ?? -1));
  const byRead = new Map<number, UnreadRepeat[]>();
  for (const unread of unreadRepeats(repeats, read)) {
    byRead.set(unread.read, [...(byRead.get(unread.read) ?? []), unread]);
  }
  return [...byRead].map(([first, unread]) => {
    const header = sheet.headers[first]!;
    const all = [letter(first), ...unread.map((repeat) => letter(repeat.column))];
    const columns = `${all.slice(0, -1).join(', ')} and ${all[all.length - 1]}`;
    const others = unread
      .map((repeat) => `${letter(repeat.column)} ('${sheet.headers[repeat.column]}')`)
      .join(' or ');
    return (
      `${sheet.fileName}: columns ${columns} are ${all.length === 2 ? 'both' : 'all'} headed '${header}'; the mapping reads ${letter(first)}, ` +
      `not ${others}: a row where ${unread.length === 1 ? 'that column holds' : 'one of them holds'} another value is refused, naming it. ` +
      `To import it, rename one header and map it, or delete the column`
    );
  });
}

/** The row's values in columns the mapping does not read under a header it reads, when they differ. */
export function reportUnreadRepeats(
  row: SourceRow,
  repeats: readonly UnreadRepeat[],
  headers: readonly string[],
  problems: Problem[],
): void {
  for (const repeat of repeats) {
    const cell = row.cells[repeat.column] ?? null;
    if (isBlankCell(cell)) continue;
    const value = cellText(cell);
    if (value.trim() === cellText(row.cells[repeat.read] ?? null).trim()) continue;
    problems.push(
      problem('repeated_header_unread', {
        row: row.row,
        label: headers[repeat.column] ?? `column ${letter(repeat.column)}`,
        target: null,
        value,
        letter: letter(repeat.column),
        readLetter: letter(repeat.read),
        header: repeat.header,
        name: headers[repeat.column],
      }),
    );
  }
}
