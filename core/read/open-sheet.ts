/**
 * The readers' front door: decide what the file is, open the right reader, find the header, and hand
 * back a SheetSource whose rows stream from the start on every call. Header detection peeks at the
 * first rows and then lets go of them; nothing else of the file is held in memory.
 */
import type { ByteSource, Cell, ReadOptions, SheetInfo, SheetSource, SourceRow } from './types.ts';
import { extensionOf, fileKindOf, isEncryptedOoxml, readHead } from './file-kind.ts';
import { SheetReadError, SAVE_AS_ADVICE } from './sheet-read-error.ts';
import { detectEncoding, decodedChunks } from './text-encoding.ts';
import {
  checkLooksLikeText,
  checkNotMarkup,
  separatorHint,
  checkedDelimiter,
  detectLineBreak,
  sniffDelimiter,
  SNIFF_CHARS,
} from './delimited-layout.ts';
import { delimitedRows, type DelimitedLayout } from './delimited-rows.ts';
import { readWorkbookLayout, type WorkbookLayout, type WorkbookSheet } from './workbook-layout.ts';
import { worksheetRows } from './workbook-rows.ts';
import { detectHeaderRow, HEADER_SCAN_ROWS, isBlankRow, uniqueHeaders, usedWidth } from './header-row.ts';
import { cellText, isBlankCell } from './cell-text.ts';

const WORKBOOK_EXTENSIONS = new Set(['.xlsx', '.xlsm', '.xltx', '.xltm']);

type Classified = { format: 'xlsx' } | { format: 'csv' };

/** Refuses what cannot be read, by content first and by name where the content says nothing more. */
async function classify(source: ByteSource): Promise<Classified> {
  const name = source.name;
  const extension = extensionOf(name);
  const kind = fileKindOf(await readHead(source, 8));
  if (kind === 'empty') {
    throw new SheetReadError(
      'empty_file',
      name,
      `${name} is empty (0 bytes). Choose the file again, or export it again from the system it came from.`,
    );
  }
  if (kind === 'cfb') {
    if (await isEncryptedOoxml(source)) {
      throw new SheetReadError(
        'encrypted_workbook',
        name,
        `${name} is password-protected. Open it in Excel, remove the password (File › Info › Protect Workbook › Encrypt with Password), and save it as .xlsx or .csv.`,
      );
    }
    throw new SheetReadError(
      'unsupported_format',
      name,
      `${name} is an Excel 97–2003 workbook (.xls) or another older Office file, which this tool does not read. ${SAVE_AS_ADVICE}`,
    );
  }
  // A real .xls is a CFB file (refused above). Many web systems' "Excel export" is tab-delimited text or
  // an HTML table under an .xls name: text is read as text, markup is refused when the text is sampled.
  if (extension === '.ods' || extension === '.numbers') {
    const what = extension === '.ods' ? 'an OpenDocument spreadsheet (.ods)' : 'an Apple Numbers file';
    throw new SheetReadError(
      'unsupported_format',
      name,
      `${name} is ${what}, which this tool does not read. ${SAVE_AS_ADVICE}`,
    );
  }
  if (kind === 'zip') return { format: 'xlsx' };
  if (WORKBOOK_EXTENSIONS.has(extension)) {
    throw new SheetReadError(
      'corrupt_workbook',
      name,
      `${name} is named like an Excel workbook but is not one (its contents are plain text). If it is a CSV file, rename it to end in .csv; otherwise ${SAVE_AS_ADVICE.charAt(0).toLowerCase()}${SAVE_AS_ADVICE.slice(1)}`,
    );
  }
  return { format: 'csv' };
}

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

function describeSheets(sheets: SheetInfo[]): string {
  return sheets.map((sheet) => `"${sheet.name}"${sheet.hidden ? ' (hidden)' : ''}`).join(', ');
}

function pickSheet(
  fileName: string,
  layout: WorkbookLayout,
  wanted: string | number | undefined,
): WorkbookSheet {
  const { sheets } = layout;
  let sheet: WorkbookSheet | undefined;
  if (wanted === undefined || wanted === '') {
    sheet =
      sheets.find((candidate) => !candidate.hidden && candidate.hasData) ??
      sheets.find((candidate) => !candidate.hidden) ??
      sheets[0];
  } else if (typeof wanted === 'number') {
    sheet = sheets[wanted - 1];
  } else {
    const key = wanted.trim().toLowerCase();
    sheet =
      sheets.find((candidate) => candidate.name === wanted) ??
      sheets.find((candidate) => candidate.name.trim().toLowerCase() === key) ??
      (/^\d+$/.test(key) ? sheets[Number(key) - 1] : undefined);
  }
  if (!sheet) {
    throw new SheetReadError(
      'sheet_not_found',
      fileName,
      `${fileName} has no sheet ${typeof wanted === 'number' ? `at position ${wanted}` : `named "${wanted}"`}. Its sheets are: ${describeSheets(sheets)}. Give one of these names, or a position from 1 to ${sheets.length}.`,
    );
  }
  if (!layout.parts.has(sheet.part)) {
    const isChart = sheet.part.includes('chartsheets/');
    throw new SheetReadError(
      isChart ? 'empty_sheet' : 'corrupt_workbook',
      fileName,
      isChart
        ? `Sheet "${sheet.name}" of ${fileName} is a chart, not a table. Choose another sheet: ${describeSheets(sheets)}.`
        : `Sheet "${sheet.name}" of ${fileName} is missing from inside the file. ${SAVE_AS_ADVICE}`,
    );
  }
  return sheet;
}

interface Peeked {
  rows: SourceRow[];
}

/** The first rows, enough to find the header and the table's width; the generator is closed after. */
async function peekRows(rows: AsyncIterable<SourceRow>, lastRow: number): Promise<Peeked> {
  const peeked: SourceRow[] = [];
  for await (const row of rows) {
    if (row.row > lastRow) break;
    peeked.push(row);
  }
  return { rows: peeked };
}

function where(fileName: string, sheet: string | null): string {
  return sheet === null ? fileName : `sheet "${sheet}" of ${fileName}`;
}

function findHeader(
  fileName: string,
  sheet: string | null,
  peeked: SourceRow[],
  headerRow: number | undefined,
): SourceRow {
  if (headerRow !== undefined && (!Number.isInteger(headerRow) || headerRow < 1)) {
    throw new SheetReadError(
      'no_header',
      fileName,
      `The header row for ${where(fileName, sheet)} must be a row number from 1 up, not ${String(headerRow)}.`,
    );
  }
  const nonBlank = peeked.filter((row) => !isBlankRow(row.cells));
  if (nonBlank.length === 0 && headerRow === undefined) {
    throw new SheetReadError(
      'empty_sheet',
      fileName,
      `${where(fileName, sheet)} holds no data in its first ${HEADER_SCAN_ROWS} rows. Choose the sheet that holds the referrals, or remove the empty rows at its top.`,
    );
  }
  if (headerRow !== undefined) {
    const given = nonBlank.find((row) => row.row === headerRow);
    if (!given) {
      throw new SheetReadError(
        'no_header',
        fileName,
        `Row ${headerRow} of ${where(fileName, sheet)} is empty, so it cannot be the header row. Give the number of the row that holds the column names.`,
      );
    }
    return given;
  }
  const detected = detectHeaderRow(nonBlank.slice(0, HEADER_SCAN_ROWS));
  if (!detected) {
    const first = nonBlank[0] as SourceRow;
    const sample = first.cells
      .filter((cell) => !isBlankCell(cell))
      .slice(0, 4)
      .map(cellText)
      .join(' | ');
    throw new SheetReadError(
      'no_header',
      fileName,
      `${where(fileName, sheet)} has no header row: none of its first ${HEADER_SCAN_ROWS} rows reads like column names (row ${first.row} holds: ${sample}). Add a row naming each column above the data, or give the header row number (mapping "source.headerRow").`,
    );
  }
  return detected;
}

/**
 * Rows below the header, fitted to the header's width. Blank rows between data rows (and rows missing
 * from an XLSX) are skipped and counted; blank rows after the last data row are not counted, since
 * formatting a range in Excel leaves hundreds of them and none of them is a skipped referral.
 */
function dataRows(
  read: () => AsyncIterable<SourceRow>,
  headerRow: number,
  width: number,
  countBlank: (count: number) => void,
): () => AsyncIterable<SourceRow> {
  return async function* () {
    let blank = 0;
    let pendingBlank = 0;
    let previous = headerRow;
    for await (const row of read()) {
      if (row.row <= headerRow) continue;
      pendingBlank += row.row - previous - 1;
      previous = row.row;
      const cells = row.cells;
      if (isBlankRow(cells)) {
        pendingBlank++;
        continue;
      }
      blank += pendingBlank;
      pendingBlank = 0;
      if (cells.length < width) {
        for (let index = cells.length; index < width; index++) cells.push(null);
      } else if (cells.length > width) {
        const beyond = cells.slice(width);
        cells.length = width;
        if (!isBlankRow(beyond)) row.beyondHeaders = beyond;
      }
      yield row;
    }
    countBlank(blank);
  };
}

function buildSource(
  fields: Omit<SheetSource, 'rows' | 'blankRowsSkipped' | 'headers' | 'headerRow'>,
  read: () => AsyncIterable<SourceRow>,
  header: SourceRow,
  peeked: SourceRow[],
): SheetSource {
  const below = peeked.filter((row) => row.row > header.row);
  const width = Math.max(usedWidth(header.cells), ...below.map((row) => usedWidth(row.cells)));
  const headers = uniqueHeaders(header.cells as Cell[], width);
  let blankRowsSkipped = 0;
  return {
    ...fields,
    headerRow: header.row,
    headers,
    rows: dataRows(read, header.row, width, (count) => (blankRowsSkipped = count)),
    blankRowsSkipped: () => blankRowsSkipped,
  };
}

async function openWorkbook(source: ByteSource, options: ReadOptions): Promise<SheetSource> {
  const layout = await readWorkbookLayout(source, undefined, options.signal);
  const sheet = pickSheet(source.name, layout, options.sheet);
  const read = () => worksheetRows(source, layout, sheet, options.signal);
  const { rows: peeked } = await peekRows(read(), (options.headerRow ?? 0) + HEADER_SCAN_ROWS);
  const header = findHeader(source.name, sheet.name, peeked, options.headerRow);
  const sheets = layout.sheets.map(({ name, position, hidden }) => ({ name, position, hidden }));
  return buildSource(
    { fileName: source.name, format: 'xlsx', sheet: sheet.name, sheets },
    read,
    header,
    peeked,
  );
}

async function sampleText(
  source: ByteSource,
  encoding: string,
): Promise<{ sample: string; complete: boolean }> {
  let sample = '';
  for await (const text of decodedChunks(source, encoding)) {
    sample += text;
    if (sample.length >= SNIFF_CHARS) return { sample: sample.slice(0, SNIFF_CHARS), complete: false };
  }
  return { sample, complete: true };
}

async function delimitedLayout(source: ByteSource, options: ReadOptions): Promise<DelimitedLayout> {
  const { encoding } = await detectEncoding(source, options.encoding);
  const { sample, complete } = await sampleText(source, encoding);
  checkLooksLikeText(source.name, sample);
  checkNotMarkup(source.name, sample);
  const newline = detectLineBreak(sample);
  const hinted = separatorHint(sample);
  const delimiter =
    options.delimiter !== undefined && options.delimiter !== ''
      ? checkedDelimiter(source.name, options.delimiter)
      : (hinted ?? sniffDelimiter(sample, newline, complete));
  return { encoding, delimiter, newline, skipSeparatorHint: hinted !== null };
}

async function openDelimited(source: ByteSource, options: ReadOptions): Promise<SheetSource> {
  const layout = await delimitedLayout(source, options);
  const { encoding, delimiter } = layout;
  const read = () => delimitedRows(source, layout, options.signal);
  const { rows: peeked } = await peekRows(read(), (options.headerRow ?? 0) + HEADER_SCAN_ROWS);
  const header = findHeader(source.name, null, peeked, options.headerRow);
  return buildSource(
    { fileName: source.name, format: 'csv', sheet: null, sheets: [], encoding, delimiter },
    read,
    header,
    peeked,
  );
}

export async function openSheet(source: ByteSource, options: ReadOptions = {}): Promise<SheetSource> {
  const classified = await classify(source);
  return classified.format === 'xlsx' ? openWorkbook(source, options) : openDelimited(source, options);
}
