/**
 * What reading the file guessed and noticed, for the sheet step (project rule: where the tool must
 * guess, it says that it guessed): core's reading findings in the app's words (the CLI's validate and
 * import print the same findings with its flags), rows and columns Excel hides, and a header row that
 * may be the wrong one. Said as the sheet step shows the file, before any row is checked.
 */
import {
  hiddenNotice,
  hiddenSheetRead,
  readingFindings,
  widerHeaderBelow,
  type HiddenParts,
  type SheetSource,
} from '../../core/index.ts';
import type { ReadingNoteView } from '../bridge/answers.ts';
import { APP_READING_WAYS } from '../bridge/reading-ways.ts';

/**
 * `whole`: the sheet's last pass read every row, so its counts (hidden rows, rows wider or shorter than
 * the header) are the file's; else only what opening it told (hidden columns, the encoding, a header one
 * column wide), and the dry run says hidden rows when it has read them. `headerRowGiven`: the person
 * typed the header row, so it is no guess.
 */
export async function readingNotesOf(
  sheet: SheetSource,
  options: { whole: boolean; headerRowGiven: boolean },
): Promise<ReadingNoteView[]> {
  const findings: ReadingNoteView[] = readingFindings(sheet, APP_READING_WAYS).map((finding) => ({
    kind: finding.kind,
    ...(finding.about ? { about: finding.about } : {}),
    text: finding.text,
  }));
  const header = options.headerRowGiven ? null : await headerRowGuess(sheet);
  const hiddenSheet = hiddenSheetRead(sheet);
  const hidden: HiddenParts = {
    rows: options.whole ? sheet.hiddenRows() : [],
    columns: sheet.hiddenColumns,
    filtered: sheet.filtered,
    ...(hiddenSheet ? { sheet: hiddenSheet } : {}),
  };
  const hiddenWords = hiddenNotice(hidden, 'read');
  return [
    ...(header ? [header] : []),
    ...findings,
    ...(hiddenWords ? [{ kind: 'note' as const, text: hiddenWords }] : []),
  ];
}

/**
 * A row just below the header found that reads like column names and fills more columns (a line of
 * report criteria above the table): the header row was a guess, said with the box that changes it
 * (the CLI's `map` says it with --header-row).
 */
async function headerRowGuess(sheet: SheetSource): Promise<ReadingNoteView | null> {
  const filled = sheet.headers.filter((header) => !/^Column \d+$/.test(header)).length;
  const wider = await widerHeaderBelow(sheet, filled);
  if (wider === null) return null;
  return {
    kind: 'guess',
    about: 'headerRow',
    text:
      `The column names were read from row ${sheet.headerRow}, a guess: row ${wider.row} reads like column names too ` +
      `and fills more columns (${wider.filled}, where row ${sheet.headerRow} fills ${wider.headerFilled}). ` +
      `If row ${wider.row} holds the column names, type ${wider.row} in the Header row box below.`,
  };
}
