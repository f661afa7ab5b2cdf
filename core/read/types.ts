/**
 * What the sheet readers hand to the rest of the pipeline. Typed spreadsheet cells stay typed: an XLSX
 * date cell arrives as a calendar date (never shifted by a time zone), a number as a number.
 */

export type Cell =
  | null
  | string
  | number
  | boolean
  | { type: 'date'; date: string; shown?: DateShown } // calendar date, YYYY-MM-DD
  | {
      type: 'datetime';
      /** Wall-clock date-time as in the sheet, YYYY-MM-DDTHH:MM:SS. */
      dateTime: string;
      shown?: DateShown;
      /**
       * An ISO cell (t="d") written with a UTC zone ("…T14:30:00Z"): a moment in UTC, not a wall-clock
       * time, read by its column as such text is (validate/zoned-date.ts).
       */
      utc?: true;
    }
  /**
   * A time of day, HH:MM:SS (an XLSX cell formatted `h:mm`, `hh:mm:ss AM/PM`…); with `elapsed`, a
   * duration in hours, minutes and seconds whose hours may pass 23 (`[h]:mm:ss`: 36:00:00).
   */
  | { type: 'time'; time: string; elapsed?: true }
  /**
   * An XLSX number whose cell format shows it as other text than the plain number: 3101 in a `00000`
   * (zip code) cell shows 03101. Text targets take `text`, number targets `value`.
   */
  | { type: 'number'; value: number; text: string; format: string }
  | { type: 'error'; error: string } // a cell error such as '#N/A' or '#REF!'
  /**
   * An XLSX formula whose result cannot be read from the file: none was saved with it (openpyxl writes
   * none), or the workbook asks Excel to recalculate every formula when it opens (`fullCalcOnLoad`, as
   * openpyxl and xlsxwriter write), so the saved one (`cached`, xlsxwriter's 0) is not what Excel shows.
   * `formula` is its text without the `=`, or null where the cell only refers to another's (a shared
   * formula, a cell of an array formula's range). Every target refuses it, naming `reference`.
   */
  | { type: 'formula'; reference: string; formula: string | null; cached: string | null }
  /**
   * A data cell under the top row of a merged range whose top-left cell holds a value (Excel "Merge &
   * Center" down a block of rows): Excel shows that value across the range, but the file holds it only in
   * `anchor`. Every target refuses it, naming the range; the value is never copied down silently.
   */
  | { type: 'merged'; reference: string; range: string; anchor: string; anchorText: string }
  /**
   * An XLSX number cell (no `t`, or `t="n"`) whose `<v>` holds text that is no number, as a hand-rolled
   * exporter writes `<c r="B3"><v>11/24/2026</v></c>`: Excel calls the file damaged, LibreOffice shows
   * a number or 0 there. What a spreadsheet shows is not what the file holds, so every target refuses it,
   * naming `reference` and the `text` held (explore 64).
   */
  | { type: 'malformed_number'; reference: string; text: string };

/**
 * How an XLSX date cell's own number format shows it, where that leaves no doubt which number is the
 * day: day first (`dd/mm/yyyy`, `d.m.yyyy`), year first (`yyyy-mm-dd`), or the month by name
 * (`d-mmm-yy`). Absent where the format shows the month first as a number (`m/d/yyyy`), and where the
 * file cannot tell (Excel's built-in short date, format 14, shows the computer's own order): the clerk
 * saw and checked such a cell in an order the file does not keep (validate/date-cells.ts).
 *
 * 'iso': an ISO 8601 cell (t="d", written by openpyxl, Google Sheets and some exporters), which holds
 * its value as YYYY-MM-DD text and has no number format that shows it: a date written by a program,
 * not one a clerk typed into a spreadsheet set to some locale, so no day and month to have swapped.
 */
export type DateShown = 'day-first' | 'year-first' | 'month-named' | 'iso';

/** One data row. `cells[i]` belongs to `headers[i]`; short rows are padded with null. */
export interface SourceRow {
  /** The row number a person sees in the sheet (1-based, header and title rows counted). */
  row: number;
  cells: Cell[];
  /**
   * Cells holding values to the right of the last named column (a row wider than the table's header
   * and first rows). They belong to no header; a validator can report them rather than lose them.
   */
  beyondHeaders?: Cell[];
  /** XLSX: the row is hidden in Excel (by hand, by a filter or a collapsed outline). */
  hidden?: true;
  /**
   * Delimited text: a cell starts with an apostrophe (a formula guard, perhaps: open-sheet.ts looks only
   * in such rows, not in every cell of every row). Not enumerable, so not part of the row's value:
   * copies of the row ({ ...row }, structured clones) do not carry it.
   */
  readonly apostrophe?: true;
  /**
   * Delimited text: the file's last record, with no line end after it though the records before it
   * end in one. Not enumerable, like `apostrophe`: what it means is decided with the header (cutShort).
   */
  readonly unterminated?: true;
  /**
   * Delimited text: the last record stops with no line end and with fewer cells than the header, in a
   * file whose other rows all have their cells: a file cut short (a download or copy that stopped
   * part-way through the row), whose last cell may be cut too. `cells` is how many it has, of `width`.
   * A validator refuses the row, naming its last cell.
   */
  cutShort?: { cells: number; width: number };
  /**
   * Cells of a UTF-8 file holding bytes that are not UTF-8 (a row appended by a program that wrote
   * Windows-1252): the 0-based column, the first such byte, its 1-based position in the cell and the
   * cell as shown (U+FFFD for each such byte). A validator refuses the row, naming the encoding.
   */
  notUtf8?: { column: number; byte: number; position: number; text: string }[];
  /**
   * Cells of a file read as Windows-1252 whose bytes are UTF-8 (a row appended by a program that wrote
   * UTF-8; utf8-in-windows-1252.ts): the 0-based column, the cell as read ("MÃ¼ller") and as UTF-8
   * reads it ("Müller"). A validator refuses the row, naming the encoding.
   */
  looksUtf8?: { column: number; text: string; utf8: string }[];
  /**
   * The row repeats the header's names (two exports pasted into one file): `same` in the header's
   * order, `other` in another order, whose rows below are not under the header's columns.
   */
  repeatsHeader?: HeaderRepeat;
  /** The row is below a repeat of the header in another order (that row's number): its cells are not
   * under the header's columns. */
  underReorderedHeader?: number;
}

/** Bytes that can be read from the start more than once (header detection, then the streaming pass). */
export interface ByteSource {
  /** The file name as the user gave it: used in every message and to pick the format. */
  name: string;
  open(): AsyncIterable<Uint8Array>;
}

export interface SheetInfo {
  name: string;
  /** 1-based position in the workbook. */
  position: number;
  hidden: boolean;
}

export interface ReadOptions {
  /** XLSX: a sheet name or 1-based position; default the first visible sheet that holds data. */
  sheet?: string | number;
  /** 1-based header row; detected when absent (title rows above it are ignored). */
  headerRow?: number;
  /** Delimited text: overrides the detected encoding (e.g. "windows-1252", "utf-16le"). */
  encoding?: string;
  /** Delimited text: overrides the sniffed delimiter. */
  delimiter?: string;
  /** Delimited text: the character that quotes fields (default `"`). */
  quote?: string;
  /**
   * Delimited text: the character that escapes a quote inside a quoted field (default: the quote
   * itself, doubled as in `""`; `\\` for files that write `\"`).
   */
  escape?: string;
  /**
   * The longest line (delimited text: a record, quoted line breaks included) or cell text, in
   * characters, before the reader refuses the file naming the row. Default 1,048,576 (1 MB of text);
   * Excel's own limit for a cell is 32,767 characters.
   */
  maxLineChars?: number;
  signal?: AbortSignal;
  /**
   * How the host lets the person give what the reader guessed, in a refusal that may come from a guess
   * (a header one cell wide after a guessed delimiter) or a header it did not find; default the CLI's
   * flags (reading-notes.ts).
   */
  readingWays?: ReadingWays;
}

/**
 * How a host lets the person give what the reader guessed, each the end of a sentence ("If the text
 * comes out wrong, {giveEncoding}."): the CLI's flags (reading-notes.ts), the app's Advanced choices.
 */
export interface ReadingWays {
  giveEncoding(): string;
  /** A whole sentence: an encoding was given that the bytes contradict, and they show `encoding`. */
  giveEncodingInstead(encoding: string): string;
  /** A whole sentence: an encoding was given that the bytes rule out, and they show no other. */
  giveNoEncoding(): string;
  giveDelimiter(): string;
  /** After "Add a row naming each column above the data, or ": the header row given by number. */
  giveHeaderRow(): string;
}

/** A column whose header repeats an earlier column's ("Instructions" twice): 0-based indexes. */
export interface RepeatedHeader {
  column: number;
  /** The first column with the same header (ignoring case). */
  first: number;
  /** The header as the file writes it in `column`. */
  header: string;
}

/** SheetSource.formulaGuards: whether the CSV is the tool's own, and its cells that start with a guard. */
export interface FormulaGuards {
  ours: boolean;
  count: number;
  first: { row: number; column: number } | null;
}

/** An opened sheet: its layout is known, its rows are streamed on demand. */
export interface SheetSource {
  fileName: string;
  format: 'csv' | 'xlsx';
  /** XLSX sheet name; null for delimited text. */
  sheet: string | null;
  /** Every sheet of a workbook (hidden ones flagged); empty for delimited text. */
  sheets: SheetInfo[];
  headerRow: number;
  /**
   * What the opener guessed for a mapping that does not pin it (validate/guessed-sheet.ts): which sheet
   * was read and why, a header row read below the detected one. Said with the reading notes.
   */
  guesses?: string[];
  /**
   * What the opener noticed that is not a guess and reads otherwise than a spreadsheet shows it (a
   * header cell stored as a number holding text: header-text-in-number-cells.ts). Said with the reading
   * notes, by the CLI and the app alike (reading-notes.ts readingFindings).
   */
  notices?: string[];
  /** Unique, stable column names (blank → "Column 7", duplicate → "Name (2)"). */
  headers: string[];
  /**
   * Whether cells repeat this sheet's header row (header-repeats.ts), as the rows handed out are marked:
   * for a row whose cells changed after reading (an inline fix in the app).
   */
  headerRepeat: HeaderRepeatTest;
  /** The columns named "Name (2)" because their header repeats an earlier one's (header-row.ts). */
  repeatedHeaders?: RepeatedHeader[];
  /**
   * XLSX: the heading merged across several columns in the row right above the header ("Claimant" over
   * A–D, "Carrier" over E–H), per column (null where none); absent when that row has none. Not data:
   * context for reading a short header ("Address" under "Carrier") when a mapping is suggested.
   */
  groupHeadings?: (string | null)[];
  /** Detected or given, for delimited text. */
  encoding?: string;
  delimiter?: string;
  /**
   * Delimited text: how the encoding was decided (text-encoding.ts): `given`, a `bom`, or a guess
   * (`valid-utf-8`, `mostly-utf-8`, `not-utf-8`, `mostly-windows-1252`: not UTF-8, but some of its lines
   * are, `utf-16-pattern`).
   */
  encodingReason?:
    'bom' | 'valid-utf-8' | 'mostly-utf-8' | 'not-utf-8' | 'mostly-windows-1252' | 'utf-16-pattern' | 'given';
  /** Delimited text: the delimiter was sniffed, neither given nor named by Excel's "sep=" line. */
  delimiterGuessed?: boolean;
  /**
   * Delimited text: whether the tool wrote the file itself (a round-trip export, a report or results
   * file: core/read/our-csv.ts), whose formula guards are taken off as the rows are read; and the cells
   * of the last completed pass that started with the guard `'` before `=`, `+`, `-`, `@`, tab or CR
   * (taken off in a file of ours, kept as written in any other), with the first (0-based column).
   */
  formulaGuards?: () => FormulaGuards;
  /** Data rows below the header, entirely blank rows skipped. Each call streams from the start. */
  rows(): AsyncIterable<SourceRow>;
  /**
   * The same rows in arrays as the reader produced them: a consumer that handles rows synchronously
   * (validation) awaits once per chunk rather than once per row and per generator in between.
   */
  rowBatches(): AsyncIterable<SourceRow[]>;
  /** Blank rows skipped by the last completed pass of rows(). */
  blankRowsSkipped(): number;
  /**
   * XLSX: the data rows (not blank) hidden in Excel, in the last completed pass of rows(). They are read
   * like any other row; callers say so, since a clerk does not see them (hiddenRowsNotice).
   */
  hiddenRows(): number[];
  /** XLSX: the columns hidden in Excel, by header name; read like any other. */
  hiddenColumns: string[];
  /** XLSX: the sheet has an autofilter, which may be what hides rows. */
  filtered: boolean;
  /**
   * Rows of the last completed pass with values past the last named column (SourceRow.beyondHeaders):
   * how many, and the first. Absent where a source cannot tell.
   */
  rowsBeyondHeaders?(): { count: number; first: number | null };
  /**
   * Delimited text: rows of the last completed pass with fewer cells than the header (their last columns
   * read as blank): how many, the first, and how many cells it has. Absent for workbooks, whose rows end
   * at their last value.
   */
  rowsShortOfHeaders?(): ShortRows;
}

/** Rows with fewer cells than the header (SheetSource.rowsShortOfHeaders). */
export interface ShortRows {
  count: number;
  first: { row: number; cells: number } | null;
  /** The header's width: the cells a full row has. */
  width: number;
}

/** A row repeating the header: in its order, or in another order (two exports pasted together). */
export type HeaderRepeat = 'same' | 'other';

/** Whether a row's cells repeat the header: in its order, in another order, or not at all (header-repeats.ts). */
export type HeaderRepeatTest = (cells: readonly Cell[]) => HeaderRepeat | null;
