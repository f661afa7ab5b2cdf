/**
 * The XLSX form of a report: the source rows with our columns appended, the offending cells filled and
 * annotated with a note, and a summary sheet. For an XLSX source it is a copy of the user's own
 * workbook (exceljs keeps their fonts, fills, widths and other sheets), so the clerk fixes cells where
 * they are used to and validates the same file again; a CSV source gets a new workbook of the same
 * shape, its rows at the row numbers the messages name, streamed as they come.
 *
 * Re-validating a report must not pile up marks: our notes start with NOTE_PREFIX and our fill has one
 * exact colour, so both are taken off before the new ones go on, and our columns are reused in place.
 */
import { createHash } from 'node:crypto';
import type ExcelJS from 'exceljs';
import { loadExcelJS } from '../lazy-libraries.ts';
import type { Cell, ByteSource } from '../read/types.ts';
import { isToolColumn } from '../read/tool-columns.ts';
import { sameAsRead, xlsxCell } from './report-cells.ts';
import { cellText } from '../read/cell-text.ts';
import { SheetReadError } from '../read/sheet-read-error.ts';
import { openAtomicStream, writeFileAtomic } from '../files/atomic-write.ts';
import { withExcelCommentParts } from './workbook-comments.ts';
import { withExcelDrawingPrefixes, withoutDrawings } from './workbook-drawings.ts';
import { tooBigToCopy } from './workbook-copy-limit.ts';
import { addFilterAndFrozenHeader, frozenHeaderView, headerFilter } from './report-sheet-view.ts';
import { nameFilterRange } from '../files/workbook-defined-names.ts';
import { ROWS_BETWEEN_WAITS, sheetDrained } from '../files/sheet-backpressure.ts';
import { keepOriginalNames } from './workbook-names-kept.ts';

export const NOTE_PREFIX = 'trackops-bulk: ';
/** Excel's own "Light Red Fill" of conditional formatting, so it reads as "problem" to any Excel user. */
export const PROBLEM_FILL_ARGB = 'FFFFC7CE';
export const SUMMARY_SHEET = 'trackops-bulk summary';

const PROBLEM_FILL: ExcelJS.Fill = {
  type: 'pattern',
  pattern: 'solid',
  fgColor: { argb: PROBLEM_FILL_ARGB },
};
/**
 * A cell an update would change (issue 18): Excel's light blue ("Blue, Accent 1, Lighter 80%"), unlike
 * the red of a problem, so a clerk tells "would change" from "must fix" at a glance.
 */
export const CHANGE_FILL_ARGB = 'FFDDEBF7';
const CHANGE_FILL: ExcelJS.Fill = {
  type: 'pattern',
  pattern: 'solid',
  fgColor: { argb: CHANGE_FILL_ARGB },
};
const OUR_FILLS = new Set([PROBLEM_FILL_ARGB, CHANGE_FILL_ARGB]);

export interface WorkbookRow {
  row: number;
  cells: Cell[];
  /** Values of the appended columns, in the order of `toolHeaders`. */
  tool: (string | number | null)[];
  /** Notes for offending cells, by index into `headers`. */
  marks: Map<number, string[]>;
  /** Highlight the whole status cell (invalid or failed rows). */
  bad: boolean;
  /** Cells an update would change, by index into `headers`: the note ("stored → new"). */
  changed?: Map<number, string>;
}

export interface WorkbookLayout {
  headers: string[];
  headerRow: number;
  /** The sheet to annotate in the copy, or the new sheet's name. */
  sheet: string | null;
  toolHeaders: string[];
}

export type SummaryLines = (string | number | null)[][];

/**
 * A new workbook, streamed to a temp file as rows arrive (exceljs's WorkbookWriter: memory stays flat
 * however long the file) and renamed into place at close. Rows must come in sheet order, as readers give them.
 */
export async function openStreamedWorkbook(
  path: string,
  layout: WorkbookLayout,
): Promise<{
  /** Resolves when the zip can take more: a caller that awaits it keeps memory flat (sheet-backpressure.ts). */
  add(row: WorkbookRow): Promise<void>;
  close(summary: SummaryLines): Promise<void>;
  discard(): Promise<void>;
}> {
  const target = await openAtomicStream(path);
  const { stream } = await loadExcelJS();
  const workbook = new stream.xlsx.WorkbookWriter({
    stream: target.stream,
    useStyles: true,
    useSharedStrings: false,
  });
  // The pane is written with the sheet's start; the filter at its end, once the last row is known.
  const sheet = workbook.addWorksheet(safeSheetName(layout.sheet ?? 'Rows'), {
    views: [frozenHeaderView(layout.headerRow)],
  });
  nameFilterRange(workbook, sheet, () => 0);
  const toolColumns = placeToolColumns(layout.headers, layout.toolHeaders, false);
  const dataColumns = layout.headers.map((header, index) => (isToolColumn(header) ? null : index + 1));
  const header = sheet.getRow(layout.headerRow);
  layout.headers.forEach((name, index) => {
    if (dataColumns[index] != null) header.getCell(dataColumns[index]!).value = name;
  });
  layout.toolHeaders.forEach((name, index) => {
    const cell = header.getCell(toolColumns[index]!);
    cell.value = name;
    cell.font = { bold: true };
  });
  header.commit();
  let lastRow = layout.headerRow;
  let rowsSinceWait = 0;
  return {
    async add(row) {
      // The writer cannot go back: a row out of order would be lost silently, so it is a bug to say so.
      if (row.row <= lastRow)
        throw new Error(`report rows out of order: row ${row.row} after row ${lastRow}`);
      lastRow = row.row;
      const target = sheet.getRow(row.row);
      row.cells.forEach((cell, index) => {
        const column = dataColumns[index];
        if (column == null) return;
        const { value, numFmt } = xlsxCell(cell);
        const written = target.getCell(column);
        written.value = value;
        if (numFmt) written.numFmt = numFmt;
      });
      // Cells of a streamed row are fresh objects, so plain assignment is safe here (see setStyle).
      row.tool.forEach((value, index) => {
        const cell = target.getCell(toolColumns[index]!);
        cell.value = value;
        if (index === 0 && row.bad) cell.fill = PROBLEM_FILL;
      });
      for (const [index, note] of row.changed ?? []) {
        const column = dataColumns[index];
        if (column == null) continue;
        const cell = target.getCell(column);
        cell.fill = CHANGE_FILL;
        cell.note = NOTE_PREFIX + note;
      }
      for (const [index, notes] of row.marks) {
        const column = dataColumns[index];
        if (column == null) continue;
        const cell = target.getCell(column);
        cell.fill = PROBLEM_FILL;
        cell.note = NOTE_PREFIX + notes.join('\n');
      }
      target.commit();
      if (++rowsSinceWait < ROWS_BETWEEN_WAITS) return;
      rowsSinceWait = 0;
      await sheetDrained(sheet);
    },
    async close(summary) {
      sheet.autoFilter = headerFilter(layout.headerRow, lastRow, Math.max(0, ...toolColumns));
      sheet.commit();
      const summarySheet = workbook.addWorksheet(SUMMARY_SHEET);
      summarySheet.getColumn(1).width = 34;
      summarySheet.getColumn(2).width = 40;
      for (const line of summary) summarySheet.addRow(line).commit();
      summarySheet.commit();
      try {
        await workbook.commit();
        await target.commit();
      } catch (error) {
        // A write the disk refused: the temp file goes, or it would keep the disk full.
        await target.abandon();
        throw error;
      }
    },
    async discard() {
      await workbook.commit().catch(() => undefined);
      await target.abandon();
    },
  };
}

/**
 * A copy of the user's workbook with the rows annotated, written atomically to `path`. exceljs loads
 * the whole workbook to keep everything in it, so this costs memory in proportion to the source file.
 */
export async function writeWorkbookCopy(
  path: string,
  source: ByteSource,
  layout: WorkbookLayout,
  rows: Iterable<WorkbookRow>,
  summaryLines: SummaryLines,
  how: {
    onNotice?: (message: string) => void;
    /** sha256 of the bytes the rows were read from (ReportSource.workbookSha256). */
    sha256?: string;
    /** What the file is called in the notice: the import's results, or validate's report. */
    what?: 'results' | 'report';
  } = {},
): Promise<void> {
  const { onNotice, what = 'report' } = how;
  const original = await readOriginal(source, how.sha256);
  if ('unusable' in original) {
    // Explore 52 items 3 and 5: the rows were read from bytes the file no longer holds (saved again
    // while the run lasted: a copy written over by row number lost a row typed in and doubled another),
    // or it cannot be opened again (moved, renamed, its drive gone: the run ended "Cannot read", its
    // counts unsaid). The rows as read are owed all the same, so they go into a new workbook, said.
    onNotice?.(
      `the ${what} ${what === 'results' ? 'are' : 'is'} a new workbook of the rows as they were read, not a copy of the file: ${original.unusable}; so what is above its header (a title), its hidden rows, formats, notes and other sheets are not in it`,
    );
    return writeNewWorkbook(path, layout, rows, summaryLines, original.unusable);
  }
  const rowList = [...rows];
  const tooBig = tooBigToCopy(rowList.length, layout.headers.length, original.bytes.length);
  if (tooBig !== null) {
    onNotice?.(bigWorkbookNotice(what, tooBig));
    return writeNewWorkbook(path, layout, rowList, summaryLines, tooBig);
  }
  const loaded = await loadCopy(original.bytes);
  if ('failure' in loaded) {
    // Our reader opened the file, exceljs cannot (a part it does not understand): the report is still
    // owed, so it becomes a new workbook with the same rows, and its summary says why.
    onNotice?.(
      `the report is a new workbook with your rows: the original could not be copied (${loaded.failure}), so what is above its header (a title), its hidden rows, formats, notes and other sheets are not in the report`,
    );
    return writeNewWorkbook(path, layout, rows, summaryLines, loaded.failure);
  }
  const { workbook } = loaded;
  const notes: SummaryLines = [];
  if (loaded.picturesLeftOut !== null) {
    const { count, why } = loaded.picturesLeftOut;
    const pictures = `${count} picture${count === 1 ? '' : 's'} (a logo, say)`;
    onNotice?.(
      `the report copies your workbook without its ${pictures}: exceljs could not copy them (${why})`,
    );
    notes.push(
      ['Note', `A copy of your workbook without its ${pictures}: they could not be copied (${why}).`],
      [],
    );
  }
  const sheet = layout.sheet === null ? workbook.worksheets[0] : workbook.getWorksheet(layout.sheet);
  if (!sheet) {
    const why = `no sheet '${layout.sheet}' in it`;
    onNotice?.(`the report is a new workbook with your rows: the original could not be copied (${why})`);
    return writeNewWorkbook(path, layout, rows, summaryLines, why);
  }
  clearOurMarks(sheet, layout.headerRow);

  const toolColumns = placeToolColumns(layout.headers, layout.toolHeaders, true);
  layout.toolHeaders.forEach((header, index) => {
    const cell = sheet.getCell(layout.headerRow, toolColumns[index]!);
    cell.value = header;
    setStyle(cell, { font: { ...cell.font, bold: true } });
  });
  const dataColumns = layout.headers.map((header, index) => (isToolColumn(header) ? null : index + 1));

  for (const row of rowList) {
    row.cells.forEach((cell, index) => {
      const column = dataColumns[index];
      if (column == null) return;
      const target = sheet.getCell(row.row, column);
      // The user's cells (formulas, rich text, formats) stay, unless the row was fixed since it was
      // read (the app's inline fixes): then the fixed value goes in, in the cell's own style.
      if (workbookCellText(target.value) === cellText(cell) || sameAsRead(target.value, cell)) return;
      target.value = xlsxCell(cell).value;
    });
    row.tool.forEach((value, index) => {
      const cell = sheet.getCell(row.row, toolColumns[index]!);
      cell.value = value;
      if (index === 0 && row.bad) setStyle(cell, { fill: PROBLEM_FILL });
    });
    for (const [index, note] of row.changed ?? []) {
      const column = dataColumns[index];
      if (column == null) continue;
      const cell = sheet.getCell(row.row, column);
      setStyle(cell, { fill: CHANGE_FILL });
      cell.note = NOTE_PREFIX + note;
    }
    for (const [index, notes] of row.marks) {
      const column = dataColumns[index];
      if (column == null) continue;
      const cell = sheet.getCell(row.row, column);
      setStyle(cell, { fill: PROBLEM_FILL });
      cell.note = NOTE_PREFIX + notes.join('\n');
    }
  }

  addFilterAndFrozenHeader(workbook, sheet, layout.headerRow, Math.max(0, ...toolColumns));

  const existing = workbook.getWorksheet(SUMMARY_SHEET);
  if (existing) workbook.removeWorksheet(existing.id);
  const summary = workbook.addWorksheet(SUMMARY_SHEET);
  for (const line of [...notes, ...summaryLines]) summary.addRow(line);
  summary.getColumn(1).width = 34;
  summary.getColumn(2).width = 40;
  await writeFileAtomic(path, new Uint8Array(await workbook.xlsx.writeBuffer()));
}

type LoadedCopy =
  | { workbook: ExcelJS.Workbook; picturesLeftOut: { count: number; why: string } | null }
  | { failure: string };

/**
 * The user's workbook as exceljs holds it: first with its drawings in Excel's prefixes (see
 * workbook-drawings.ts), then, if exceljs still fails, without its drawings, then not at all.
 */
async function loadCopy(original: Uint8Array): Promise<LoadedCopy> {
  let firstFailure: string;
  const { Workbook } = await loadExcelJS();
  // Not a zip at all: exceljs says so below, in its own words.
  const bytes = await withExcelCommentParts(original).then(
    (normalised) => normalised.bytes,
    () => original,
  );
  try {
    const workbook = new Workbook();
    await workbook.xlsx.load((await withExcelDrawingPrefixes(bytes)).bytes as unknown as ArrayBuffer);
    await keepOriginalNames(workbook, original);
    withThemeItNames(workbook);
    return { workbook, picturesLeftOut: null };
  } catch (error) {
    firstFailure = copyFailureWords(error);
  }
  try {
    const { bytes: bare, pictures } = await withoutDrawings(bytes);
    const workbook = new Workbook();
    await workbook.xlsx.load(bare as unknown as ArrayBuffer);
    await keepOriginalNames(workbook, original);
    withThemeItNames(workbook);
    return { workbook, picturesLeftOut: { count: pictures, why: firstFailure } };
  } catch {
    return { failure: firstFailure };
  }
}

/**
 * A workbook saved without a theme part (LibreOffice's older files, SheetJS, many web exports, our own
 * messy sample) loads with no themes, and exceljs 4.4 then writes none while its relationships still
 * name `theme/theme1.xml`: Excel opens such a copy with "We found a problem with some content" (exceljs
 * issue 425). With no themes at all exceljs writes its default theme, so the part it names is there.
 */
function withThemeItNames(workbook: ExcelJS.Workbook): void {
  const held = workbook as unknown as { _themes?: Record<string, string> };
  if (held._themes && Object.keys(held._themes).length === 0) held._themes = undefined;
}

/**
 * Why exceljs could not copy a workbook, in words a clerk can use: the part it failed on, where its
 * internal error names one ("reading 'comments'" is the cell notes), never a bare JavaScript error.
 */
function copyFailureWords(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const read = /reading '(\w+)'/.exec(message)?.[1];
  if (error instanceof TypeError || read !== undefined) {
    const part =
      read === 'comments' || read === 'vmlDrawing'
        ? 'its cell notes (comments)'
        : read === 'anchors' || read === 'drawing'
          ? 'its pictures or shapes'
          : 'a part of the file it does not understand';
    return `the library that copies workbooks (exceljs) could not read ${part}`;
  }
  return `the library that copies workbooks (exceljs) could not open it: ${message}`;
}

/** What the CLI and the app say when a workbook is too big to copy (workbook-copy-limit.ts). */
export function bigWorkbookNotice(what: 'results' | 'report', why: string): string {
  return `the ${what} ${what === 'results' ? 'are' : 'is'} a new workbook of your rows, written as they come, not a copy of the file: ${why}; so what is above its header (a title), its hidden rows, formats, notes and other sheets are not in it (a smaller file, or one sheet saved on its own, is copied)`;
}

/** The summary sheet's first line for a new workbook in place of a copy: why. */
export function newWorkbookNote(why: string): SummaryLines {
  return [
    [
      'Note',
      `The original workbook could not be copied (${why}); this is a new workbook with its rows: what is above the header (a title), hidden rows, formats, notes and other sheets are not in it.`,
    ],
    [],
  ];
}

async function writeNewWorkbook(
  path: string,
  layout: WorkbookLayout,
  rows: Iterable<WorkbookRow>,
  summaryLines: SummaryLines,
  why: string,
): Promise<void> {
  const streamed = await openStreamedWorkbook(path, layout);
  for (const row of rows) await streamed.add(row);
  await streamed.close([...newWorkbookNote(why), ...summaryLines]);
}

/**
 * Columns for `_status`, `_errors`, …: where the sheet already has them (a report validated again),
 * else after the last column. A new workbook drops old tool columns, so it appends after the data.
 */
function placeToolColumns(headers: string[], toolHeaders: string[], inPlace: boolean): number[] {
  const used = new Set<number>();
  let next = inPlace ? headers.length + 1 : headers.filter((header) => !isToolColumn(header)).length + 1;
  return toolHeaders.map((tool) => {
    const found = inPlace ? headers.findIndex((header) => header.trim().toLowerCase() === tool) : -1;
    if (found >= 0) {
      used.add(found + 1);
      return found + 1;
    }
    while (used.has(next)) next++;
    used.add(next);
    return next;
  });
}

function clearOurMarks(sheet: ExcelJS.Worksheet, headerRow: number): void {
  sheet.eachRow((row, rowNumber) => {
    if (rowNumber <= headerRow) return;
    row.eachCell((cell) => {
      const note = cell.note;
      const noteText =
        typeof note === 'string' ? note : (note?.texts?.map((part) => part.text).join('') ?? '');
      if (noteText.startsWith(NOTE_PREFIX)) removeNote(cell);
      const fill = cell.fill;
      if (fill?.type === 'pattern' && OUR_FILLS.has(fill.fgColor?.argb ?? '')) {
        setStyle(cell, { fill: { type: 'pattern', pattern: 'none' } });
      }
    });
  });
}

/** An exceljs cell value as the reader would have given it, as text (cellText's spelling), to spot fixed cells. */
function workbookCellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return cellText(value);
  if (typeof value === 'boolean') return cellText(value);
  if (value instanceof Date) {
    const iso = value.toISOString();
    return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso.slice(0, 19);
  }
  if ('richText' in value) return value.richText.map((part) => part.text).join('');
  if ('error' in value) return value.error;
  if ('formula' in value || 'sharedFormula' in value) {
    const result = (value as { result?: unknown }).result;
    return typeof result === 'object' && result !== null && 'error' in result
      ? String((result as { error: string }).error)
      : workbookCellText((result ?? null) as ExcelJS.CellValue);
  }
  if ('text' in value) return typeof value.text === 'string' ? value.text : workbookCellText(value.text);
  return '';
}

/**
 * exceljs hands every cell loaded with the same style index one shared style object, and its
 * `cell.fill = …` setters mutate that object: filling one cell would fill (or clear) every cell that
 * shared its look. Giving the cell a fresh style object changes that cell only.
 */
function setStyle(cell: ExcelJS.Cell, change: Partial<ExcelJS.Style>): void {
  cell.style = { ...cell.style, ...change };
}

/**
 * exceljs has no way to delete a note: assigning undefined leaves an empty comment box in the file.
 * A cell keeps its note in `_comment` and, when loaded from a file, a copy in its value's model
 * (lib/doc/cell.js, 4.4.0), so both go: the private field, and the value is set afresh.
 */
function removeNote(cell: ExcelJS.Cell): void {
  delete (cell as unknown as { _comment?: unknown })._comment;
  const value = cell.value;
  cell.value = null;
  cell.value = value;
}

/** Excel sheet names: at most 31 characters, none of : \ / ? * [ ]. */
function safeSheetName(name: string): string {
  return name.replace(/[:\\/?*[\]]/g, ' ').slice(0, 31) || 'Rows';
}

/**
 * The workbook's bytes to copy, when they are still those its rows were read from (`sha256`, when
 * known); else why they cannot be used, in words: the file changed since, or cannot be opened again.
 */
async function readOriginal(
  source: ByteSource,
  sha256: string | undefined,
): Promise<{ bytes: Uint8Array } | { unusable: string }> {
  const chunks: Uint8Array[] = [];
  const hash = createHash('sha256');
  try {
    for await (const chunk of source.open()) {
      chunks.push(chunk);
      hash.update(chunk);
    }
  } catch (error) {
    if (!(error instanceof SheetReadError)) throw error;
    const code = (error.cause as NodeJS.ErrnoException | undefined)?.code;
    return {
      unusable: `${source.name} could not be opened again to copy it (${code ?? error.message}): it was moved, renamed or deleted since its rows were read, or its drive is gone`,
    };
  }
  if (sha256 !== undefined && hash.digest('hex') !== sha256)
    return {
      unusable: `${source.name} changed since its rows were read (saved again, or replaced, while this ran), so a copy of it would not hold the rows as they were read`,
    };
  return { bytes: Buffer.concat(chunks) };
}
