/**
 * A header row given by number (a template's `source.headerRow`, or --header-row) that is not where this
 * file has its column names. A carrier's monthly export gains or loses a title line, and the row that
 * held October's header is empty in November's file, or holds December's first referral. Read as given,
 * the clerk was told to pick another row without being told that the number came from the template, or
 * to rename the mapping's columns to a referral's values. Here, only once the given row has failed
 * (no cost for a file that fits), the header is looked for as it would be without a number; when that
 * row holds every column the mapping names, the refusal says where they are and how to read them there.
 * Never read there without a word: the row was given, and a guess that overrides it is for the clerk to
 * confirm.
 */
import type { Mapping } from '../mapping/schema.ts';
import { openSheet } from '../read/open-sheet.ts';
import { SheetReadError } from '../read/sheet-read-error.ts';
import type { ByteSource, ReadOptions, SheetSource } from '../read/types.ts';
import { checkMappingAgainstHeaders } from '../mapping/check-headers.ts';
import { openForMapping } from './guessed-sheet.ts';

/** Where the header row's number came from, and how the command reading the file takes another. */
export interface GivenHeaderRow {
  from: 'mapping' | 'flag';
  /** The command has --header-row (validate does; import reads only the mapping's). */
  flag: boolean;
}

/**
 * The sheet read with `options` (its header row given), or a SheetReadError saying that the mapped
 * headers are in another row. Other failures (and a file whose mapped headers are nowhere near the
 * top) are left to the usual messages, with where the number came from added to the reader's.
 */
export async function openWithGivenHeaderRow(
  source: ByteSource,
  mapping: Mapping,
  options: ReadOptions,
  given: GivenHeaderRow,
): Promise<SheetSource> {
  const headerRow = options.headerRow;
  // No row given: found in each file, and the sheet and a row just below it guessed from the mapped
  // columns when the mapping names none (guessed-sheet.ts).
  if (headerRow === undefined) return openForMapping(source, mapping, options, given.flag);
  let sheet: SheetSource;
  try {
    sheet = await openSheet(source, options);
  } catch (error) {
    if (!(error instanceof SheetReadError) || error.code !== 'no_header') throw error;
    const found = await mappedHeaderRow(source, mapping, options);
    const why = `row ${headerRow} of ${where(error.fileName, found?.sheet ?? null)} is empty`;
    if (found)
      throw new SheetReadError('no_header', error.fileName, moved(headerRow, why, found.headerRow, given), {
        cause: error,
      });
    throw new SheetReadError(
      'no_header',
      error.fileName,
      `${error.message} ${givenRowNote(headerRow, given)}`,
      {
        cause: error,
      },
    );
  }
  if (checkMappingAgainstHeaders(mapping, sheet.headers, sheet.fileName, sheet.sheet).length === 0)
    return sheet;
  const found = await mappedHeaderRow(source, mapping, options);
  if (!found || found.headerRow === headerRow) return sheet;
  const holds = sheet.headers
    .filter((header) => !/^Column \d+$/.test(header))
    .slice(0, 4)
    .join(', ');
  const why = `row ${headerRow} of ${where(sheet.fileName, sheet.sheet)} holds ${holds}, not the column names the mapping reads`;
  throw new SheetReadError('no_header', sheet.fileName, moved(headerRow, why, found.headerRow, given));
}

/** The sheet read with its header found as if no row were given, when it holds every mapped column. */
async function mappedHeaderRow(
  source: ByteSource,
  mapping: Mapping,
  options: ReadOptions,
): Promise<SheetSource | null> {
  const { headerRow: _given, ...detecting } = options;
  try {
    const sheet = await openSheet(source, detecting);
    const missing = checkMappingAgainstHeaders(mapping, sheet.headers, sheet.fileName, sheet.sheet);
    return missing.length === 0 ? sheet : null;
  } catch (error) {
    if (error instanceof SheetReadError) return null;
    throw error;
  }
}

function where(fileName: string, sheet: string | null): string {
  return sheet === null ? fileName : `sheet "${sheet}" of ${fileName}`;
}

/** "The mapping's source.headerRow is 4" / "--header-row 4": where the number came from. */
function said(headerRow: number, given: GivenHeaderRow): string {
  return given.from === 'flag'
    ? `--header-row ${headerRow} was given`
    : `the mapping's source.headerRow is ${headerRow}`;
}

function givenRowNote(headerRow: number, given: GivenHeaderRow): string {
  return `(Row ${headerRow} is ${given.from === 'flag' ? 'the one --header-row gave' : "the one the mapping's source.headerRow names"}: ${howToGive(given)}.)`;
}

function moved(headerRow: number, why: string, found: number, given: GivenHeaderRow): string {
  const what = `${said(headerRow, given)}, but ${why}; the mapped column names are in row ${found}`;
  const fix =
    given.from === 'flag'
      ? `give --header-row ${found}`
      : given.flag
        ? `give --header-row ${found} for this file, or remove "headerRow" from the mapping's "source" to have the header row found in each file`
        : `remove "headerRow" from the mapping's "source" to have the header row found in each file (or set it to ${found})`;
  return `${capitalised(what)}: ${fix}.`;
}

function howToGive(given: GivenHeaderRow): string {
  if (given.from === 'flag') return 'give the row that holds the column names with --header-row';
  return given.flag
    ? `give another with --header-row, or remove "headerRow" from the mapping's "source" to have the header row found`
    : `remove "headerRow" from the mapping's "source" to have the header row found, or set it to the row that holds the column names`;
}

function capitalised(text: string): string {
  return text[0]!.toUpperCase() + text.slice(1);
}
