/**
 * What a clerk does not see in Excel but the tool reads: rows and columns hidden by hand, by a filter
 * or a collapsed outline, and a whole sheet hidden (Format > Sheet > Hide) that a mapping names by
 * name or position, read while the clerk looked at the sheets Excel shows. They are read and imported
 * like any other (hiding is how a sheet is shown, not what it holds), so every run says so in one
 * line, in the same words on each host.
 */
import type { SheetSource } from './types.ts';

/** Row numbers listed in words before "…". */
const LISTED = 10;

export interface HiddenParts {
  rows: readonly number[];
  columns: readonly string[];
  filtered: boolean;
  /** The sheet read, when Excel hides it: its name and the names of the sheets Excel shows. */
  sheet?: { name: string; shown: readonly string[] };
}

export function hiddenParts(sheet: SheetSource): HiddenParts {
  const hiddenSheet = hiddenSheetRead(sheet);
  return {
    rows: sheet.hiddenRows(),
    columns: sheet.hiddenColumns,
    filtered: sheet.filtered,
    ...(hiddenSheet ? { sheet: hiddenSheet } : {}),
  };
}

/** The workbook sheet read, when it is a hidden one (only a name or position given reads one). */
export function hiddenSheetRead(sheet: SheetSource): HiddenParts['sheet'] | undefined {
  const read = sheet.sheets.find((info) => info.name === sheet.sheet);
  if (!read?.hidden) return undefined;
  return { name: read.name, shown: sheet.sheets.filter((info) => !info.hidden).map((info) => info.name) };
}

function hiddenSheetWords(
  hidden: NonNullable<HiddenParts['sheet']>,
  done: 'read' | 'checked' | 'imported',
): string {
  const shown = hidden.shown.map((name) => `"${name}"`).join(', ');
  const is = `Sheet "${hidden.name}" is hidden in Excel (the sheets it shows: ${shown})`;
  if (done === 'imported') return `${is} and its rows were imported. Unhide it to see them.`;
  const what =
    done === 'read'
      ? `${is} and is read like any other: an import sends its rows.`
      : `${is} and was checked: an import sends its rows like any other.`;
  return `${what} Unhide it to see them, or read the sheet that holds the referrals.`;
}

/**
 * "3 rows are hidden in Excel (rows 3, 5, 7; the sheet has a filter) and are imported too: …", or
 * null when nothing is hidden. `done`: what the run did with them ("checked", "imported"), or `read`:
 * the file was only read so far (the app's sheet step, before anything is checked).
 */
export function hiddenNotice(hidden: HiddenParts, done: 'read' | 'checked' | 'imported'): string | null {
  const sentences: string[] = hidden.sheet ? [hiddenSheetWords(hidden.sheet, done)] : [];
  const { rows, columns } = hidden;
  if (rows.length > 0) {
    const listed = rows.slice(0, LISTED).join(', ') + (rows.length > LISTED ? ', …' : '');
    const filter = hidden.filtered ? '; the sheet has a filter, which hides rows' : '';
    const one = rows.length === 1;
    const counted = one
      ? `1 row is hidden in Excel (row ${listed}${filter})`
      : `${rows.length} rows are hidden in Excel (rows ${listed}${filter})`;
    const what =
      done === 'read'
        ? `${counted} and ${one ? 'is' : 'are'} read like any other: an import sends ${one ? 'it' : 'them'} too`
        : `${counted} and ${one ? 'was' : 'were'} ${done} too${done === 'checked' ? `: an import sends ${one ? 'it' : 'them'} like any other row` : ''}`;
    // A filter is named only when there is one: "clear the filter" sent a clerk looking for none.
    const unhide = hidden.filtered ? 'Unhide them (clear the filter)' : 'Unhide them';
    sentences.push(
      one
        ? `${what}. ${unhide.replace('them', 'it')} to see it, and delete it if it is not to be imported.`
        : `${what}. ${unhide} to see them, and delete the rows that are not to be imported.`,
    );
  }
  if (columns.length > 0) {
    const names = columns.map((name) => `"${name}"`).join(', ');
    sentences.push(
      columns.length === 1
        ? `The column ${names} is hidden in Excel and is read like any other.`
        : `The columns ${names} are hidden in Excel and are read like any other.`,
    );
  }
  return sentences.length > 0 ? sentences.join(' ') : null;
}
