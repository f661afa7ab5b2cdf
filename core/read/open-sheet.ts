/**
 * The readers' front door: decide what the file is, open the right reader, find the header, and hand
 * back a SheetSource whose rows stream from the start on every call. Header detection peeks at the
 * first rows and then lets go of them; nothing else of the file is held in memory.
 */
import type { ByteSource, FormulaGuards, ReadOptions, SheetInfo, SheetSource, SourceRow } from './types.ts';
import { classify } from './classify-file.ts';
import { detectEncoding, decodedChunks } from './text-encoding.ts';
import {
  checkLooksLikeText,
  checkNotMarkup,
  separatorHint,
  checkedDelimiter,
  checkedQuotes,
  detectLineBreak,
  sniffDelimiter,
  SNIFF_CHARS,
} from './delimited-layout.ts';
import { delimitedRowBatches, type DelimitedLayout } from './delimited-rows.ts';
import { readWorkbookLayout } from './workbook-layout.ts';
import { worksheetRowBatches } from './workbook-rows.ts';
import { pickSheet } from './pick-sheet.ts';
import { findHeader, peekRows } from './find-header.ts';
import { HEADER_SCAN_ROWS, isBlankRow } from './header-row.ts';
import { isBlankCell } from './cell-text.ts';
import { buildSource, flatten } from './data-rows.ts';
import { SheetReadError } from './sheet-read-error.ts';
import { delimiterName } from './delimiter-names.ts';
import { CLI_READING_WAYS } from './reading-notes.ts';
import { cellText } from './cell-text.ts';
import { twoRowHeader } from './two-row-header.ts';
import { headerTextInNumberCellsNote } from './header-text-in-number-cells.ts';
import { sheetPositionNote } from './sheet-position.ts';
import { ROUND_TRIP_SHEET } from './round-trip-sheet.ts';
import {
  isRoundTripCsvHeader,
  looksFormulaGuarded,
  removeFormulaGuard,
  writtenByTrackopsBulk,
} from './our-csv.ts';

export async function listSheets(source: ByteSource): Promise<SheetInfo[]> {
  const classified = await classify(source);
  if (classified.format === 'csv') {
    // Still refuse a binary file here, so that the app's sheet picker and openSheet agree.
    await delimitedLayout(source, {});
    return [];
  }
  const layout = await readWorkbookLayout(source);
  return layout.sheets.map(({ name, position, hidden }) => ({ name, position, hidden }));
}

async function openWorkbook(source: ByteSource, options: ReadOptions): Promise<SheetSource> {
  const layout = await readWorkbookLayout(source, undefined, options.signal);
  const sheet = pickSheet(source.name, layout, options.sheet);
  const read = () => worksheetRowBatches(source, layout, sheet, options.signal, options.maxLineChars);
  const peeked = await peekRows(flatten(read()), (options.headerRow ?? 0) + HEADER_SCAN_ROWS);
  const found = findHeader(source.name, sheet.name, peeked, options.headerRow, options.readingWays);
  // Merge & Center over two header rows: read as one header in the second (two-row-header.ts).
  const header = twoRowHeader(found, peeked, sheet.marks, options.headerRow !== undefined);
  const sheets = layout.sheets.map(({ name, position, hidden }) => ({ name, position, hidden }));
  const textInNumbers = headerTextInNumberCellsNote(source.name, sheet.name, header);
  // A position counts hidden sheets, which Excel shows no tab for: said when one comes before it.
  const position = sheetPositionNote(source.name, sheets, options.sheet, sheet.name);
  const notices = [position, textInNumbers].filter((notice): notice is string => notice !== null);
  // A round-trip CSV of ours that a spreadsheet opened and saved as a workbook: the formula guards the
  // CSV put before `'+1 303 …` are text in its cells now (LibreOffice and Excel show a CSV's `'` as
  // typed), and went to Trackops with the value. A round-trip XLSX of ours (its hidden sheet) has none.
  // Only a round-trip CSV's headers: a validation report or results workbook the tool wrote itself
  // carries no guards, and keeps the values of a file not ours as they were.
  const fromOurCsv =
    !layout.sheets.some((one) => one.name === ROUND_TRIP_SHEET) &&
    isRoundTripCsvHeader(header.cells.map((cell) => cellText(cell).trim()));
  const guards = fromOurCsv ? formulaGuards(header, read, true) : null;
  return buildSource(
    {
      fileName: source.name,
      format: 'xlsx',
      sheet: sheet.name,
      sheets,
      ...(notices.length === 0 ? {} : { notices }),
      ...(guards?.ours ? { formulaGuards: guards.seen } : {}),
    },
    guards?.ours ? guards.read : read,
    header,
    guards?.ours ? peeked.map(guards.unguard) : peeked,
    sheet.marks,
  );
}

async function sampleText(
  source: ByteSource,
  encoding: string,
  markInvalidUtf8: boolean,
): Promise<{ sample: string; complete: boolean }> {
  let sample = '';
  for await (const text of decodedChunks(source, encoding, markInvalidUtf8)) {
    sample += text;
    if (sample.length >= SNIFF_CHARS) return { sample: sample.slice(0, SNIFF_CHARS), complete: false };
  }
  return { sample, complete: true };
}

interface ReadDecisions {
  layout: DelimitedLayout;
  encodingReason: NonNullable<SheetSource['encodingReason']>;
  delimiterGuessed: boolean;
}

async function delimitedLayout(source: ByteSource, options: ReadOptions): Promise<ReadDecisions> {
  const {
    encoding,
    reason,
    markInvalidUtf8 = false,
    markUtf8Rows = false,
  } = await detectEncoding(source, options.encoding, options.readingWays ?? CLI_READING_WAYS);
  const { sample, complete } = await sampleText(source, encoding, markInvalidUtf8);
  checkLooksLikeText(source.name, sample);
  checkNotMarkup(source.name, sample);
  const quotes = checkedQuotes(source.name, options.quote, options.escape);
  const newline = detectLineBreak(sample, quotes.quote);
  const hinted = separatorHint(sample);
  const given = options.delimiter !== undefined && options.delimiter !== '';
  const delimiter = checkedDelimiter(
    source.name,
    given ? options.delimiter! : (hinted ?? sniffDelimiter(sample, newline, complete, quotes)),
    quotes.quote,
  );
  const layout: DelimitedLayout = {
    encoding,
    delimiter,
    newline,
    ...quotes,
    skipSeparatorHint: hinted !== null,
    ...(markInvalidUtf8 ? { markInvalidUtf8 } : {}),
    ...(markUtf8Rows ? { markUtf8Rows } : {}),
  };
  return { layout, encodingReason: reason, delimiterGuessed: !given && hinted === null };
}

async function openDelimited(source: ByteSource, options: ReadOptions): Promise<SheetSource> {
  const { layout, encodingReason, delimiterGuessed } = await delimitedLayout(source, options);
  const { encoding, delimiter } = layout;
  const read = () => delimitedRowBatches(source, layout, options.signal, options.maxLineChars);
  const peeked = await peekRows(flatten(read()), (options.headerRow ?? 0) + HEADER_SCAN_ROWS);
  let header;
  try {
    header = findHeader(source.name, null, peeked, options.headerRow, options.readingWays);
  } catch (error) {
    // A wrong guess of the delimiter reads the header as one long cell: say that it was a guess. Not
    // when the header row was given by number: it was refused for being empty, which no delimiter mends.
    const first = peeked.find((row) => !isBlankRow(row.cells));
    const oneCell = first !== undefined && first.cells.filter((cell) => !isBlankCell(cell)).length === 1;
    if (
      !(error instanceof SheetReadError) ||
      error.code !== 'no_header' ||
      !delimiterGuessed ||
      !oneCell ||
      options.headerRow !== undefined
    )
      throw error;
    throw new SheetReadError(
      'no_header',
      source.name,
      `${error.message} It was read as ${delimiterName(delimiter)} text, a guess (the delimiter was not given): if its columns are split by another character, ${(options.readingWays ?? CLI_READING_WAYS).giveDelimiter()}.`,
      { cause: error, guessed: 'delimiter' },
    );
  }
  const guards = formulaGuards(header, read);
  const found = guards.ours ? guards.unguard(header) : header;
  return buildSource(
    {
      fileName: source.name,
      format: 'csv',
      sheet: null,
      sheets: [],
      encoding,
      delimiter,
      encodingReason,
      delimiterGuessed,
      formulaGuards: guards.seen,
    },
    guards.read,
    found,
    guards.ours ? peeked.map(guards.unguard) : peeked,
  );
}

/**
 * A CSV the tool wrote (our-csv.ts) is read with its formula guards taken off, header included; any
 * other keeps its values as written, and the cells that start as a guarded one would are counted so the
 * reading notes can say they are sent with the apostrophe. Counted over the last completed pass.
 */
function formulaGuards(
  header: SourceRow,
  read: () => AsyncIterable<SourceRow[]>,
  /** A workbook's rows: the delimited reader's mark of a row with an apostrophe is not on them. */
  everyRow = false,
): {
  ours: boolean;
  unguard: (row: SourceRow) => SourceRow;
  read: () => AsyncIterable<SourceRow[]>;
  seen: () => FormulaGuards;
} {
  const ours = writtenByTrackopsBulk(header.cells.map((cell) => cellText(cell).trim()));
  let last: FormulaGuards = { ours, count: 0, first: null };
  // Rows as the delimited reader yields them: every cell is in `cells` (data-rows.ts sets beyondHeaders later).
  const unguard = (row: SourceRow): SourceRow => ({
    ...row,
    cells: row.cells.map((cell) => (typeof cell === 'string' ? removeFormulaGuard(cell) : cell)),
  });
  const guarded = async function* (): AsyncIterable<SourceRow[]> {
    const pass: FormulaGuards = { ours, count: 0, first: null };
    for await (const batch of read()) {
      for (const row of batch) {
        if ((row.apostrophe !== true && !everyRow) || row.row <= header.row) continue;
        for (let column = 0; column < row.cells.length; column++) {
          const cell = row.cells[column];
          // The first character first: a regular expression per cell of every CSV costs more than this.
          if (typeof cell !== 'string' || cell.charCodeAt(0) !== 39 || !looksFormulaGuarded(cell)) continue;
          pass.count++;
          pass.first ??= { row: row.row, column };
          if (ours) row.cells[column] = removeFormulaGuard(cell);
        }
      }
      yield batch;
    }
    last = pass;
  };
  return { ours, unguard, read: guarded, seen: () => last };
}

export async function openSheet(source: ByteSource, options: ReadOptions = {}): Promise<SheetSource> {
  const classified = await classify(source);
  return classified.format === 'xlsx' ? openWorkbook(source, options) : openDelimited(source, options);
}
