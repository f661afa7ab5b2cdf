/**
 * Files the user opened this session, kept in main as bytes (never re-sent by the renderer) and read by
 * core's readers on demand. Electron's open dialog and the browser's upload both end up here.
 */
import { randomUUID } from 'node:crypto';
import {
  bytesSource,
  cellText,
  delimiterName,
  listSheets,
  openDataSheet,
  openSheet,
  SheetReadError,
  type ByteSource,
  type Mapping,
  type ReadOptions,
  type SheetSource,
  type SourceRow,
} from '../../core/index.ts';
import type { ReadingNoteView, SheetPreview, SourceView } from '../bridge/contract.ts';
import { BridgeFailure } from '../bridge/failure.ts';
import { APP_READING_WAYS } from '../bridge/reading-ways.ts';
import { readingNotesOf } from './reading-notes.ts';

/**
 * What the picker settled on: sheet and header row, and for delimited text how to read it (quote and
 * escape characters, delimiter, encoding), each only when the person gave it: absent, the reader's
 * default or what it detects.
 */
export interface SourceChoice {
  sheet?: string;
  headerRow?: number;
  quote?: string;
  escape?: string;
  delimiter?: string;
  encoding?: string;
}

/** How delimited text is read, each given or left to the reader (mapping `source`, docs/mapping.md). */
const TEXT_OPTIONS = ['quote', 'escape', 'delimiter', 'encoding'] as const;
type TextOption = (typeof TEXT_OPTIONS)[number];

/** Delimited text the reader may read once another quote or escape character is given. */
const TEXT_FILE = /\.(csv|tsv|txt)$/i;

const PREVIEW_ROWS = 20;
const TOP_ROWS = 12;
/**
 * A sheet's rows are kept after their first full pass when they hold at most this many cells (100,000
 * rows of 40 columns), so the mapping's suggestion and each dry run do not read the file again (issue
 * 13: reading a 5,000-row XLSX took 0.6 s of each). The dry run keeps every row's cells anyway.
 */
const CACHED_CELLS = 4_000_000;
/** The longest the background read of a sheet holds the app's event loop before letting it answer. */
const READ_SLICE_MS = 10;

export interface OpenedSource {
  sourceId: string;
  fileName: string;
  bytes: Uint8Array;
  /** The sheet and header row (and how to read its text) the user settled on in the picker. */
  choice: SourceChoice;
  /**
   * Whether the person gave the header row (in the picker) rather than taking the one detected: only a
   * row given goes into a template, as `map` writes it (a detected one is found afresh in each file).
   */
  headerRowGiven?: boolean;
  /**
   * Sheets opened so far, by the choice they were opened with and by what the reader settled on:
   * opening an XLSX inflates and checks the whole package (≈ 0.12 s for 5,000 rows), once is enough.
   */
  sheets: Map<string, Promise<CachedSheet>>;
}

interface CachedSheet {
  sheet: SheetSource;
  /** The same sheet whose full passes replay the rows of the first one (see cachedRows). */
  cached: SheetSource;
  /** Starts the first full pass now, in the background, if none has started. */
  warm(): void;
  /** Whether that pass has read every row and kept them. */
  read(): boolean;
  /**
   * Starts that pass if none has, and settles when it ends: true once it has read every row (the
   * sheet's counts of its last pass are then the whole file's), false when it kept nothing (too large,
   * or the file failed to read: the rows' reader says why to whoever reads them).
   */
  whole(): Promise<boolean>;
}

export class SourceRegistry {
  readonly #sources = new Map<string, OpenedSource>();
  readonly #cachedCells: number;
  readonly #readSliceMs: number;

  /**
   * `cachedCells`: the most cells of a sheet kept in memory; `readSliceMs`: how long the background
   * read runs before it lets the app answer (tests set them low, so that neither depends on how fast
   * this machine reads).
   */
  constructor(options: { cachedCells?: number; readSliceMs?: number } = {}) {
    this.#cachedCells = options.cachedCells ?? CACHED_CELLS;
    this.#readSliceMs = options.readSliceMs ?? READ_SLICE_MS;
  }

  /** `file`: the bytes as a source already read from (its workbook's layout is kept with it). */
  async open(
    fileName: string,
    bytes: Uint8Array,
    file: ByteSource = bytesSource(fileName, bytes),
  ): Promise<SourceView> {
    const sourceId = randomUUID();
    const opened: OpenedSource = { sourceId, fileName, bytes, choice: {}, sheets: new Map() };
    // Rows are kept for the file being worked on only: the others' are let go (they reopen on demand).
    for (const other of this.#sources.values()) other.sheets.clear();
    let choice;
    try {
      // The sheet that looks like referral data, not a "Summary" of a few rows: the same choice as the
      // CLI's `map` (core's openDataSheet). Opening here refuses an unreadable file at the first step.
      choice = await openDataSheet(file, { readingWays: APP_READING_WAYS });
    } catch (error) {
      // Quotes that do not pair up may be a file quoting another way, and a header one cell wide may be
      // a delimiter guessed wrong: keep it, so the sheet step can try another quote or escape character,
      // or another delimiter. A sheet whose header row was not found is kept too, text or workbook: the
      // refusal names the sheet step's Header row box (APP_READING_WAYS), which reads it from the row
      // typed there. Anything else is refused with the reader's message.
      const another =
        error instanceof SheetReadError &&
        (((error.code === 'damaged_text' || error.guessed === 'delimiter') && TEXT_FILE.test(fileName)) ||
          error.code === 'no_header');
      if (!another) throw error;
      // A workbook's sheets, for the step's Sheet choice (none for text).
      const sheets = await listSheets(file);
      this.#sources.set(sourceId, opened);
      return {
        sourceId,
        fileName,
        format: sheets.length > 0 ? 'xlsx' : 'csv',
        sheets: sheets.map(({ name, hidden }) => ({ name, hidden })),
        chosenSheet: null,
        sheetGuessed: false,
        refused: { code: error.code, message: error.message },
      };
    }
    const { sheet } = choice;
    if (sheet.sheet !== null) opened.choice = { sheet: sheet.sheet };
    // The sheet chosen is already open: the preview and the dry run start from it, and its rows are
    // read from now on, once, for the preview, the mapping's suggestion and the dry run.
    remember(
      opened,
      sheet,
      [opened.choice, { ...opened.choice, headerRow: sheet.headerRow }],
      this.#cachedCells,
      this.#readSliceMs,
    ).warm();
    this.#sources.set(sourceId, opened);
    const preview = await this.preview(sourceId, sheet.sheet !== null ? { sheet: sheet.sheet } : {});
    return {
      sourceId,
      fileName,
      format: sheet.format,
      sheets: choice.sheets.map((look) => ({
        name: look.name,
        hidden: look.hidden,
        ...(look.headers > 0 ? { headers: look.headers, recognised: look.recognised } : {}),
        ...(look.headers > 0 || look.rows > 0 ? { rows: look.rows, moreRows: look.moreRows } : {}),
        ...(look.unreadable ? { unreadable: look.unreadable } : {}),
      })),
      chosenSheet: sheet.sheet,
      sheetGuessed: choice.guessed,
      preview,
    };
  }

  get(sourceId: string): OpenedSource {
    const source = this.#sources.get(sourceId);
    if (!source) throw new BridgeFailure('not_found', 'That file is no longer open; choose it again.');
    return source;
  }

  byteSource(sourceId: string): ByteSource {
    const source = this.get(sourceId);
    return bytesSource(source.fileName, source.bytes);
  }

  /**
   * The sheet as last chosen in the picker (or as detected). Its full passes after the first replay
   * that pass's rows from memory (same rows, same blank-row count), unless the sheet is too large.
   */
  async sheet(sourceId: string): Promise<SheetSource> {
    const source = this.get(sourceId);
    return (await this.#open(source, source.choice)).cached;
  }

  /**
   * Whether `mapping` (its `source`) reads the text as the sheet was last read: the dry run checks the
   * rows of that reading, and the import's journal keeps the mapping, so that a resume (or the CLI
   * given the same mapping) reads the file the same way. False is a wizard out of step, said as such.
   */
  readsAsChosen(sourceId: string, mapping: Pick<Mapping, 'source'>): boolean {
    const chosen = textOptionsOf(this.get(sourceId).choice);
    const asked = textOptionsOf(mapping.source ?? {});
    return TEXT_OPTIONS.every((option) => chosen[option] === asked[option]);
  }

  /**
   * Whether every row of the sheet as last chosen has been read and kept, so that a pass over all of
   * them takes no reading (the mapping's suggestion waits for the rest of a large file only then).
   */
  async isRead(sourceId: string): Promise<boolean> {
    const source = this.get(sourceId);
    return (await this.#open(source, source.choice)).read();
  }

  /**
   * What reading the sheet as last previewed guessed and noticed, once the read of its rows the preview
   * started has ended (the counts behind some notes are a whole pass's; nothing more is read for them).
   */
  async readingNotes(sourceId: string): Promise<ReadingNoteView[]> {
    const source = this.get(sourceId);
    const opened = await this.#open(source, source.choice);
    const whole = await opened.whole();
    return readingNotesOf(opened.cached, { whole, headerRowGiven: source.headerRowGiven === true });
  }

  /** The sheet opened with `choice`, opened once per choice. */
  #open(source: OpenedSource, choice: SourceChoice): Promise<CachedSheet> {
    const key = choiceKey(choice);
    let found = source.sheets.get(key);
    if (!found) {
      found = openSheet(bytesSource(source.fileName, source.bytes), {
        ...choice,
        readingWays: APP_READING_WAYS,
      }).then((sheet) =>
        remember(
          source,
          sheet,
          [{ ...textOptionsOf(choice), ...settledOf(sheet) }],
          this.#cachedCells,
          this.#readSliceMs,
        ),
      );
      // A file that cannot be opened is not remembered: the next attempt gives the reader's message again.
      found.catch(() => source.sheets.delete(key));
      source.sheets.set(key, found);
    }
    return found;
  }

  async preview(sourceId: string, choice: SourceChoice): Promise<SheetPreview> {
    const source = this.get(sourceId);
    // No sheet named: the one chosen when the file was opened. A new sheet means a new header row:
    // let the reader detect it again unless one was given.
    const asked = {
      ...choice,
      ...(choice.sheet === undefined && source.choice.sheet ? { sheet: source.choice.sheet } : {}),
    };
    const given = textOptionsOf(asked);
    const opened = await this.#open(source, asked);
    const { sheet } = opened;
    source.choice = { ...settledOf(sheet), ...given };
    source.headerRowGiven = choice.headerRow !== undefined;
    // While the person looks at the preview, the rows are read for the mapping's suggestion and the
    // dry run; the preview's first rows come from that same read.
    opened.warm();
    const rows = await firstRows(opened.cached, PREVIEW_ROWS);
    // The raw top of the sheet, title rows included, read with row 1 as "header" so nothing is skipped:
    // the sheet itself when its header is row 1 (nothing above it to show), else opened so.
    const top =
      sheet.headerRow === 1
        ? opened
        : await this.#open(source, {
            ...(sheet.sheet !== null ? { sheet: sheet.sheet } : {}),
            headerRow: 1,
            ...given,
          });
    const firstLine = top.sheet.headers.map((header, index) =>
      header === `Column ${index + 1}` ? '' : header,
    );
    const topRows = [{ row: 1, cells: firstLine }, ...(await firstRows(top.cached, TOP_ROWS - 1))];
    return {
      sourceId,
      sheet: sheet.sheet,
      headerRow: sheet.headerRow,
      ...(source.headerRowGiven ? { headerRowGiven: true as const } : {}),
      headers: sheet.headers,
      rows,
      topRows,
      ...given,
      ...(sheet.format === 'csv' && sheet.delimiter !== undefined && sheet.encoding !== undefined
        ? {
            // Project rule: where the tool must guess, it says that it guessed (a wrong delimiter
            // shows only as odd columns). The words are the CLI's `map`'s (core's delimiterName).
            readAs: {
              delimiter: sheet.delimiter,
              delimiterName: delimiterName(sheet.delimiter),
              encoding: sheet.encoding,
              delimiterDetected: given.delimiter === undefined,
              encodingDetected: given.encoding === undefined,
            },
          }
        : {}),
    };
  }
}

/** An opened sheet kept under each of `choices` (those already kept stay as they are). */
function remember(
  source: OpenedSource,
  sheet: SheetSource,
  choices: SourceChoice[],
  cachedCells: number,
  readSliceMs: number,
): CachedSheet {
  const kept = { sheet, ...cachedRows(sheet, cachedCells, readSliceMs) };
  for (const choice of choices) {
    const key = choiceKey(choice);
    if (!source.sheets.has(key)) source.sheets.set(key, Promise.resolve(kept));
  }
  return kept;
}

function settledOf(sheet: SheetSource): SourceChoice {
  return { ...(sheet.sheet !== null ? { sheet: sheet.sheet } : {}), headerRow: sheet.headerRow };
}

/** How to read delimited text, as given (an empty value is none: the reader's default or detection). */
function textOptionsOf(choice: Pick<SourceChoice, TextOption>): Pick<SourceChoice, TextOption> {
  const given: Pick<SourceChoice, TextOption> = {};
  for (const option of TEXT_OPTIONS) if (choice[option]) given[option] = choice[option];
  return given;
}

async function firstRows(sheet: SheetSource, count: number): Promise<{ row: number; cells: string[] }[]> {
  const rows: { row: number; cells: string[] }[] = [];
  if (count <= 0) return rows;
  for await (const row of sheet.rows()) {
    rows.push({ row: row.row, cells: row.cells.map(cellText) });
    if (rows.length >= count) break;
  }
  return rows;
}

function choiceKey(choice: ReadOptions): string {
  return JSON.stringify([
    choice.sheet ?? null,
    choice.headerRow ?? null,
    choice.quote ?? null,
    choice.escape ?? null,
    choice.delimiter ?? null,
    choice.encoding ?? null,
  ]);
}

/**
 * A sheet whose full passes share one read of the file: the first pass (started by `warm`) keeps each
 * batch of rows as it arrives, and every pass, even one begun while that read is still going, replays
 * the batches kept so far and then waits for the next (issue 13: the preview's first rows and the
 * mapping's sample come from the read already under way instead of reading the file again). A read
 * that finds the sheet too large (`cachedCells`), or that fails, keeps nothing: passes then read the
 * file themselves from the row after the last one they gave, so a read error still reaches whoever
 * reads, with the reader's own message.
 */
function cachedRows(
  sheet: SheetSource,
  cachedCells: number,
  readSliceMs: number,
): { cached: SheetSource; warm(): void; read(): boolean; whole(): Promise<boolean> } {
  const batches: SourceRow[][] = [];
  let state: 'idle' | 'reading' | 'done' | 'dropped' = 'idle';
  let blank = 0;
  let wake: (() => void) | null = null;
  let changed: Promise<void> = Promise.resolve();
  const next = () => {
    changed = new Promise((resolve) => (wake = resolve));
  };
  const notify = () => {
    const waiting = wake;
    next();
    waiting?.();
  };
  next();
  const warm = () => {
    if (state !== 'idle') return;
    state = 'reading';
    void (async () => {
      let cells = 0;
      let slice = performance.now();
      try {
        for await (const batch of sheet.rowBatches()) {
          // Bytes in memory read without ever waiting: let the app answer between slices of the read
          // (the mapping's suggestion from the first rows must not wait for the last).
          if (performance.now() - slice >= readSliceMs) {
            await new Promise((resolve) => setImmediate(resolve));
            slice = performance.now();
          }
          if (state !== 'reading') return;
          for (const row of batch) cells += row.cells.length;
          if (cells > cachedCells) {
            state = 'dropped';
            batches.length = 0;
            return notify();
          }
          batches.push(batch);
          notify();
        }
        blank = sheet.blankRowsSkipped();
        state = 'done';
      } catch {
        state = 'dropped';
        batches.length = 0;
      }
      notify();
    })();
  };
  async function* rowBatches(): AsyncIterable<SourceRow[]> {
    warm();
    let given = 0;
    let lastRow = 0;
    for (;;) {
      if (state === 'dropped') break;
      if (given < batches.length) {
        const batch = batches[given++]!;
        lastRow = batch[batch.length - 1]?.row ?? lastRow;
        yield batch;
        continue;
      }
      if (state === 'done') return;
      await changed;
    }
    // Kept nothing: the rest from the file itself, after the rows already given.
    for await (const batch of sheet.rowBatches()) {
      const rest = lastRow === 0 ? batch : batch.filter((row) => row.row > lastRow);
      if (rest.length > 0) yield rest;
    }
  }
  const cached: SheetSource = {
    ...sheet,
    rowBatches,
    async *rows() {
      for await (const batch of rowBatches()) yield* batch;
    },
    blankRowsSkipped: () => (state === 'done' ? blank : sheet.blankRowsSkipped()),
  };
  const whole = async (): Promise<boolean> => {
    warm();
    while (state === 'reading') await changed;
    return state === 'done';
  };
  return { cached, warm, read: () => state === 'done', whole };
}
