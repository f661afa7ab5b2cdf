/**
 * What the reader guessed about a delimited text file, in words for the CLI's validate and import and
 * their reports, and for the app's sheet step (readingFindings, with the host's ReadingWays). `map` says how every text file was read; a run that imports says it where a guess may
 * be wrong: an encoding other than UTF-8 that no BOM, flag or mapping named (a Mac OS Roman file
 * read as Windows-1252 stores "SŽan" for "Séan"), and a guessed delimiter whose columns do not fit
 * (a header one column wide, rows with more cells than the header); and rows with fewer cells than
 * the header, whatever was guessed.
 */
import type { ReadingWays, SheetSource } from './types.ts';
import { delimiterName } from './delimiter-names.ts';

/** How to give the delimiter on the command line when the guess was wrong. */
const DELIMITER_ADVICE = `give it with --delimiter (e.g. --delimiter ',' or --delimiter tab; "delimiter" in the mapping's "source")`;

export type { ReadingWays };

export const CLI_READING_WAYS: ReadingWays = {
  giveEncoding: () =>
    'give the encoding with --encoding (e.g. --encoding macintosh for an old Mac file, latin1, utf-16le; "encoding" in the mapping\'s "source")',
  giveEncodingInstead: (encoding) =>
    `Give --encoding ${encoding} for this file, or remove "encoding" from the mapping's "source" so that the file's bytes decide`,
  giveNoEncoding: () =>
    'Give the file\'s own encoding with --encoding (e.g. windows-1252, utf-8), or remove "encoding" from the mapping\'s "source" so that it is detected',
  giveDelimiter: () => DELIMITER_ADVICE,
  giveHeaderRow: () => 'give the header row number (mapping "source.headerRow")',
};

/**
 * One thing said about how a file was read: a `guess` the person may correct (`about` names what to
 * give: the encoding or the delimiter), or a `note` on what the file holds that reads otherwise than
 * it shows (rows shorter than the header, formula guards, a header cell stored as a number).
 */
export interface ReadingFinding {
  kind: 'guess' | 'note';
  about?: 'encoding' | 'delimiter';
  text: string;
}

function encodingNote(sheet: SheetSource, ways: ReadingWays): string | null {
  switch (sheet.encodingReason) {
    case 'not-utf-8':
      return `${sheet.fileName} was read as Windows-1252, a guess: it has no byte-order mark and is not UTF-8, and no encoding was given. If accented letters come out wrong ("SŽan" or "MŸller" are a Mac OS Roman file read as Windows-1252), ${ways.giveEncoding()}.`;
    case 'utf-16-pattern':
      return `${sheet.fileName} was read as ${sheet.encoding?.toUpperCase()}, a guess from its zero bytes: it has no byte-order mark and no encoding was given. If the text comes out wrong, ${ways.giveEncoding()}.`;
    case 'mostly-windows-1252':
      return `${sheet.fileName} was read as Windows-1252, a guess: most of it is Windows-1252 (what Excel's "CSV" writes on Windows), but some rows are UTF-8 (each is named: no one encoding reads both). If the whole file is in another encoding, ${ways.giveEncoding()}.`;
    case 'mostly-utf-8':
      return `${sheet.fileName} was read as UTF-8, a guess: most of it is UTF-8 but some rows are not (each is named). If the whole file is in another encoding, ${ways.giveEncoding()}.`;
    default:
      return null;
  }
}

function delimiterNote(sheet: SheetSource, ways: ReadingWays): string | null {
  if (!sheet.delimiterGuessed || sheet.delimiter === undefined) return null;
  const beyond = sheet.rowsBeyondHeaders?.() ?? { count: 0, first: null };
  const oneColumn = sheet.headers.length === 1;
  if (!oneColumn && beyond.count === 0) return null;
  const what = oneColumn
    ? `its header is one column wide ("${sheet.headers[0]!.slice(0, 60)}")`
    : `${beyond.count === 1 ? '1 row has' : `${beyond.count} rows have`} more cells than the header (first: row ${beyond.first})`;
  return (
    `${sheet.fileName} was read as ${delimiterName(sheet.delimiter)} text, a guess (no delimiter was given), and ${what}. ` +
    `If its columns are split by another character, ${ways.giveDelimiter()}` +
    (oneColumn
      ? '.'
      : `; if a cell holds a ${delimiterName(sheet.delimiter).replace('-separated', '')} that is not in quotes, quote that cell.`)
  );
}

/**
 * Rows with fewer cells than the header (a cut-short last row is refused on its own: SourceRow.cutShort).
 * Their last columns are read as blank, which is right where the file's writer leaves out empty cells at
 * the end of a row; where a value was left out, or two ran together for want of a delimiter, the values
 * after it sit under the wrong columns, and only the clerk can tell which it is.
 */
function shortRowsNote(sheet: SheetSource): string | null {
  const short = sheet.rowsShortOfHeaders?.();
  if (!short || short.count === 0 || short.first === null) return null;
  const one = short.count === 1;
  return (
    `${one ? '1 row' : `${short.count} rows`} of ${sheet.fileName} ${one ? 'has' : 'have'} fewer cells than the header's ${short.width} ` +
    `(${one ? '' : 'first: '}row ${short.first.row}, with ${short.first.cells}), and ${one ? 'its' : 'their'} last columns were read as blank. ` +
    `That is right where the program that wrote the file leaves out empty cells at the end of a row; but where a value was left out, ` +
    `or two ran together for want of a ${sheet.delimiter === undefined ? 'delimiter' : delimiterName(sheet.delimiter).replace('-separated', '')}, ` +
    `the values after it are under the wrong columns: check ${one ? 'that row' : 'those rows'}.`
  );
}

/**
 * The formula guard `'` (core/read/our-csv.ts): said when a file of ours had some taken off, and when
 * another CSV holds cells that start as a guarded one would, which are sent as written.
 */
function formulaGuardNote(sheet: SheetSource): string | null {
  const guards = sheet.formulaGuards?.();
  if (!guards || guards.count === 0 || guards.first === null) return null;
  const cells = guards.count === 1 ? '1 cell' : `${guards.count} cells`;
  const first = `first: row ${guards.first.row}, column "${sheet.headers[guards.first.column] ?? guards.first.column + 1}"`;
  if (guards.ours)
    return (
      `${sheet.fileName} ${sheet.format === 'xlsx' ? 'holds a CSV trackops-bulk wrote, saved as a workbook by a spreadsheet' : 'is a CSV trackops-bulk wrote'} (a round-trip export, a report or results file): the ' it puts before text starting with =, +, -, @, a tab or a carriage return, so that no spreadsheet runs it as a formula, ` +
      `was taken off ${cells} (${first}), which ${guards.count === 1 ? 'is' : 'are'} read as exported.`
    );
  return (
    `${cells} of ${sheet.fileName} ${guards.count === 1 ? 'starts' : 'start'} with ' before =, +, -, @, a tab or a carriage return (${first}) and ${guards.count === 1 ? 'is' : 'are'} read as written, the ' included: ` +
    `trackops-bulk takes that ' off only in a CSV it recognises as its own (a round-trip export, or a report or results file with its _status column). ` +
    `If it is a spreadsheet's guard and not part of the value, remove it from those cells.`
  );
}

/**
 * The guesses worth saying and the notes on what reads otherwise than it shows, each a sentence naming
 * the file, what was assumed and how to give it instead (`ways`: the host's words). The delimiter note
 * counts rows past the header from the last completed pass of the rows: asked before any pass, it
 * speaks only of a header one column wide; so do the short-row and formula-guard notes. The opener's
 * own `guesses` (a sheet or header row chosen for a mapping, in the CLI's words) are readingNotes'.
 */
export function readingFindings(sheet: SheetSource, ways: ReadingWays): ReadingFinding[] {
  const notices: ReadingFinding[] = (sheet.notices ?? []).map((text) => ({ kind: 'note', text }));
  if (sheet.format !== 'csv') {
    // A CSV of ours a spreadsheet saved as a workbook has its guards taken off too (open-sheet.ts).
    const guards = formulaGuardNote(sheet);
    return guards === null ? notices : [...notices, { kind: 'note', text: guards }];
  }
  const encoding = encodingNote(sheet, ways);
  const delimiter = delimiterNote(sheet, ways);
  const notes = [shortRowsNote(sheet), formulaGuardNote(sheet)].filter(
    (note): note is string => note !== null,
  );
  return [
    ...(encoding === null ? [] : [{ kind: 'guess' as const, about: 'encoding' as const, text: encoding }]),
    ...(delimiter === null ? [] : [{ kind: 'guess' as const, about: 'delimiter' as const, text: delimiter }]),
    ...notices,
    ...notes.map((text) => ({ kind: 'note' as const, text })),
  ];
}

/** What the CLI's validate and import say of the reading: the opener's guesses, then the findings. */
export function readingNotes(sheet: SheetSource): string[] {
  return [
    ...(sheet.guesses ?? []),
    ...readingFindings(sheet, CLI_READING_WAYS).map((finding) => finding.text),
  ];
}
